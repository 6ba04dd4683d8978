"""Events a tick emits, for the HUD, sound, replays and tests."""
from __future__ import annotations

from typing import NamedTuple

# Event kinds. Losses always come as VIALS_LOST with a cause.
VIALS_LOST = "vials_lost"
IMPACT = "impact"          # hit something solid fast enough to break vials
BUMP = "bump"              # touched something solid, too slowly to hurt
FALL = "fall"              # went into water or over a cliff (cause says which)
RESPAWN = "respawn"        # put back at the last checkpoint
CHECKPOINT = "checkpoint"  # text: the checkpoint's name
FINISH = "finish"
LOST = "lost"              # no vials left
MUSH = "mush"              # a mush burst started
TIRED = "tired"            # stamina ran out while mushing


class Event(NamedTuple):
    """Something that happened during a tick, at a place in the map."""

    kind: str
    cause: str = ""
    amount: int = 0
    x: float = 0.0
    y: float = 0.0
    text: str = ""
