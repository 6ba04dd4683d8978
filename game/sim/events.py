"""Events a tick emits, for the HUD, sound, replays and tests."""
from __future__ import annotations

from typing import NamedTuple

# Event kinds. Losses always come as VIALS_LOST with a cause.
VIALS_LOST = "vials_lost"
VIALS_SAVED = "vials_saved"  # assist mode: this would have broken vials
IMPACT = "impact"          # hit something solid fast enough to break vials
BUMP = "bump"              # touched something solid, too slowly to hurt
FALL = "fall"              # went into water or over a cliff (cause says which)
RESPAWN = "respawn"        # put back at the last checkpoint
CHECKPOINT = "checkpoint"  # text: the checkpoint's name
FINISH = "finish"
LOST = "lost"              # no vials left
MUSH = "mush"              # a mush burst started
TIRED = "tired"            # stamina ran out while mushing
OVERFLOW = "overflow"      # ran onto wet overflow ice
# Hazards (issue #3): each one a distinct sound hook.
BLIZZARD = "blizzard"      # entered a blizzard (amount: intensity in %)
CALM = "calm"              # left it
GUST = "gust"              # a strong gust of wind
BEAR_NOTICE = "bear_notice"    # a bear woke and saw the team: the roar, the wind-up
BEAR_CHARGE = "bear_charge"
BEAR_SWIPE = "bear_swipe"      # cause: "sled" (vials) or "dogs" (slowed)
BEAR_GIVE_UP = "bear_give_up"
BEAR_FALLS = "bear_falls"      # a bear broke through thin ice and is gone
SENSES_ON = "senses_on"
SENSES_OFF = "senses_off"
MARKER_REVEALED = "marker_revealed"  # amount: the marker's object id
ICE_CRACK = "ice_crack"        # amount: crack level in % (35, 70)
ICE_BREAK = "ice_break"
# The story (issue #4).
STORY = "story"                # cause: speaker, text: the line, amount: the story object's id
WOLF = "wolf"                  # cause: "appears" or "vanishes"


class Event(NamedTuple):
    """Something that happened during a tick, at a place in the map."""

    kind: str
    cause: str = ""
    amount: int = 0
    x: float = 0.0
    y: float = 0.0
    text: str = ""
