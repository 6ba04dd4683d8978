"""Events a tick emits, for the HUD, sound, replays and tests.

Each kind is a small frozen dataclass with its own named payload, so a field always means one
thing (`VialsLost.vials` is vials, `MarkerRevealed.marker` an object id, `IceCrack.crack_pct`
a percentage). Every event has the place it happened (`x`, `y`) and its `kind` string, the key
of the HUD, sound and view tables. Events are never part of the digest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

# Event kinds. Losses always come as VIALS_LOST with a cause.
VIALS_LOST = "vials_lost"
VIALS_SAVED = "vials_saved"  # assist mode: this would have broken vials
IMPACT = "impact"          # hit something solid fast enough to break vials
BUMP = "bump"              # touched something solid, too slowly to hurt
FALL = "fall"              # went into water or over a cliff (cause says which)
RESPAWN = "respawn"        # put back at the last checkpoint
CHECKPOINT = "checkpoint"
FINISH = "finish"
LOST = "lost"              # no vials left
MUSH = "mush"              # a mush burst started
TIRED = "tired"            # stamina ran out while mushing
OVERFLOW = "overflow"      # ran onto wet overflow ice
# Hazards (issue #3): each one a distinct sound hook.
BLIZZARD = "blizzard"      # entered a blizzard
CALM = "calm"              # left it
GUST = "gust"              # a strong gust of wind
BEAR_NOTICE = "bear_notice"    # a bear woke and saw the team: the roar, the wind-up
BEAR_CHARGE = "bear_charge"
BEAR_SWIPE = "bear_swipe"
BEAR_GIVE_UP = "bear_give_up"
BEAR_FALLS = "bear_falls"      # a bear broke through thin ice and is gone
SENSES_ON = "senses_on"
SENSES_OFF = "senses_off"
MARKER_REVEALED = "marker_revealed"
ICE_CRACK = "ice_crack"
ICE_BREAK = "ice_break"
BREAKUP = "breakup"        # the sea ice behind the team started breaking up
# The story (issue #4).
STORY = "story"
WOLF = "wolf"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happened during a tick, at a place in the map."""

    kind: ClassVar[str] = ""
    x: float = 0.0
    y: float = 0.0


# -- the team and the crate ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class VialsLost(Event):
    """`vials` broke for `cause` (a name in game.sim.causes.CAUSES)."""

    kind: ClassVar[str] = VIALS_LOST
    cause: str = ""
    vials: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class VialsSaved(Event):
    """Assist mode: `vials` would have broken for `cause`."""

    kind: ClassVar[str] = VIALS_SAVED
    cause: str = ""
    vials: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Impact(Event):
    """Hit something solid fast enough to break `vials`."""

    kind: ClassVar[str] = IMPACT
    vials: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Bump(Event):
    kind: ClassVar[str] = BUMP


@dataclass(frozen=True, slots=True, kw_only=True)
class Fall(Event):
    """Went into open water or over a cliff: `cause` is the terrain's fall ("water", "cliff")."""

    kind: ClassVar[str] = FALL
    cause: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Respawn(Event):
    """Put back at `place` (a checkpoint's name, or "start")."""

    kind: ClassVar[str] = RESPAWN
    place: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkpoint(Event):
    kind: ClassVar[str] = CHECKPOINT
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Finish(Event):
    kind: ClassVar[str] = FINISH
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lost(Event):
    """The crate is empty; `cause` broke the last vials."""

    kind: ClassVar[str] = LOST
    cause: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mush(Event):
    kind: ClassVar[str] = MUSH


@dataclass(frozen=True, slots=True, kw_only=True)
class Tired(Event):
    kind: ClassVar[str] = TIRED


@dataclass(frozen=True, slots=True, kw_only=True)
class Overflow(Event):
    kind: ClassVar[str] = OVERFLOW


# -- hazards -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Blizzard(Event):
    """Entered a blizzard of `intensity_pct` (0..100)."""

    kind: ClassVar[str] = BLIZZARD
    intensity_pct: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Calm(Event):
    """Left the blizzard; the intensity had fallen to `intensity_pct`."""

    kind: ClassVar[str] = CALM
    intensity_pct: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Gust(Event):
    kind: ClassVar[str] = GUST


@dataclass(frozen=True, slots=True, kw_only=True)
class BearNotice(Event):
    """Bear `bear` (its object id) woke and saw the team."""

    kind: ClassVar[str] = BEAR_NOTICE
    bear: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BearCharge(Event):
    kind: ClassVar[str] = BEAR_CHARGE
    bear: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BearSwipe(Event):
    """A swipe landed on `target` ("sled": `vials` break; "dogs": the team slows)."""

    kind: ClassVar[str] = BEAR_SWIPE
    target: str = ""
    vials: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BearGiveUp(Event):
    kind: ClassVar[str] = BEAR_GIVE_UP
    bear: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BearFalls(Event):
    kind: ClassVar[str] = BEAR_FALLS
    bear: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SensesOn(Event):
    kind: ClassVar[str] = SENSES_ON


@dataclass(frozen=True, slots=True, kw_only=True)
class SensesOff(Event):
    kind: ClassVar[str] = SENSES_OFF


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkerRevealed(Event):
    """Balto's senses showed false marker `marker` (its object id)."""

    kind: ClassVar[str] = MARKER_REVEALED
    marker: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class IceCrack(Event):
    """The cracks under the team reached `crack_pct` (one of the warning levels)."""

    kind: ClassVar[str] = ICE_CRACK
    crack_pct: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class IceBreak(Event):
    kind: ClassVar[str] = ICE_BREAK


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakup(Event):
    """The ice of breakup zone `zone` (its object id) started breaking up behind the team, at
    the front's x."""

    kind: ClassVar[str] = BREAKUP
    zone: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Story(Event):
    """`speaker` says `line`; `story` is the story object's id."""

    kind: ClassVar[str] = STORY
    speaker: str = ""
    line: str = ""
    story: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Wolf(Event):
    """White wolf `wolf` (its object id) appears (`appears`) or vanishes (not `appears`)."""

    kind: ClassVar[str] = WOLF
    wolf: int = 0
    appears: bool = True


EVENT_TYPES: dict[str, type[Event]] = {cls.kind: cls for cls in (
    VialsLost, VialsSaved, Impact, Bump, Fall, Respawn, Checkpoint, Finish, Lost, Mush, Tired,
    Overflow, Blizzard, Calm, Gust, BearNotice, BearCharge, BearSwipe, BearGiveUp, BearFalls,
    SensesOn, SensesOff, MarkerRevealed, IceCrack, IceBreak, Breakup, Story, Wolf)}
