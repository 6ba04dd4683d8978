"""The presentation of every registered hazard, one entry each: its HUD messages and sounds by
event kind, its loss causes' colours and its Tiled classes' colours on level pictures.

The HUD (`MESSAGES`), the mixer (`SOUNDS`), the level image and the results screen
(`CAUSE_COLOURS`) read the merged tables below; the team's own events and causes are here too,
so each table is complete in one place. A new hazard adds one `Presentation`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from game.render.bear_view import BearView
from game.render.breakup_view import BreakupView
from game.render.guides_view import GuidesView
from game.render.ice_view import IceView
from game.render.palette import PALETTE as P
from game.render.presentation import (
    RGB,
    Message,
    MessageRule,
    Presentation,
    SoundChoice,
    SoundRule,
    message,
)
from game.sim import events as E
from game.sim.events import Event


def _crack(ev: Event) -> Message | None:
    pct = ev.crack_pct if isinstance(ev, E.IceCrack) else 0
    return Message("The ice is cracking - keep moving!" if pct < 70 else "It's breaking - get off the ice!",
                   P["warning"], 2.0, hint=f"crack{pct}")


def _wolf(ev: Event) -> Message | None:
    if isinstance(ev, E.Wolf) and ev.appears:
        return Message("The white wolf shows the way", P["ice_light"], 3.0, hint=f"wolf{ev.wolf}")
    return None


_WOLF_SOUND = SoundChoice(("wolf_howl", "wolf_fade"), lambda ev: "wolf_fade" if isinstance(ev, E.Wolf)
                          and not ev.appears else "wolf_howl")


PRESENTATIONS: tuple[Presentation, ...] = (
    Presentation(
        hazard="weather",
        drawn_by="world_view",  # the fog, the snow and the night (game/render/weather.py)
        messages={E.BLIZZARD: message("Blizzard! Follow the trail markers", P["snow_white"], 3.0, "blizzard")},
        sounds={E.BLIZZARD: "wind_start", E.CALM: "wind_end", E.GUST: "gust"},
        object_colours={"blizzard": P["snow_white"]},
    ),
    Presentation(
        hazard="bears",
        view=BearView.create,
        messages={
            E.BEAR_NOTICE: message("A bear! Mush to outrun it", P["danger"], 2.5, "bear"),
            E.BEAR_FALLS: message("The bear went through the ice!", P["snow_white"], 2.5),
            E.BEAR_GIVE_UP: message("The bear gives up", P["good"], 2.0, "bear_gone"),
        },
        sounds={E.BEAR_NOTICE: "roar", E.BEAR_CHARGE: "bear_charge", E.BEAR_SWIPE: "bear_swipe",
                E.BEAR_GIVE_UP: "bear_grumble", E.BEAR_FALLS: "bear_splash"},
        cause_colours={"bear": P["red"]},
        object_colours={"bear": P["wood_light"], "patrol": P["wood_light"]},
    ),
    Presentation(
        hazard="markers",
        drawn_by="guides",  # the guides' view draws the markers and Balto's senses
        messages={E.MARKER_REVEALED: lambda ev: Message("false trail!", P["aurora_violet"], 70 / 60,
                                                        floating=True, dy=26.0)},
        sounds={E.SENSES_ON: "senses", E.SENSES_OFF: "senses_off", E.MARKER_REVEALED: "reveal"},
        object_colours={"marker": P["orange"]},
    ),
    Presentation(
        hazard="ice",
        view=IceView.create,
        messages={E.ICE_CRACK: _crack},
        sounds={E.ICE_CRACK: "ice_crack", E.ICE_BREAK: "ice_break"},
        cause_colours={"thin_ice": P["ice_light"]},
        object_colours={"thin_ice": P["ice"]},
    ),
    Presentation(
        hazard="guides",
        view=GuidesView,
        messages={E.WOLF: _wolf},
        sounds={E.STORY: "story", E.WOLF: _WOLF_SOUND},
        object_colours={"story": P["aurora_violet"], "wolf": P["snow_white"]},
    ),
    Presentation(
        hazard="breakup",
        view=BreakupView.create,
        messages={E.BREAKUP: message("The ice is breaking up behind you - keep going!", P["warning"], 3.0,
                                     "breakup")},
        sounds={E.BREAKUP: "breakup"},
        object_colours={"breakup": P["water"]},
    ),
)


_FALL_SOUND = SoundChoice(("splash", "tumble"), lambda ev: "tumble" if isinstance(ev, E.Fall)
                          and ev.cause == "cliff" else "splash")


# The team's and the course's own entries.
TEAM_SOUNDS: dict[str, SoundRule] = {
    E.VIALS_LOST: "glass", E.VIALS_SAVED: "saved", E.IMPACT: "impact", E.BUMP: "bump",
    E.FALL: _FALL_SOUND, E.RESPAWN: "respawn", E.CHECKPOINT: "checkpoint", E.FINISH: "finish",
    E.LOST: "lost", E.MUSH: "mush", E.TIRED: "pant", E.OVERFLOW: "slush",
}
TEAM_CAUSE_COLOURS: dict[str, RGB] = {"impact": P["orange"], "water": P["ice"], "cliff": P["aurora_violet"]}
TEAM_OBJECT_COLOURS: dict[str, RGB] = {
    "start": P["aurora_green"], "finish": P["gold"], "checkpoint": P["ice_light"], "lights": P["gold"],
}


T = TypeVar("T")


def _merged(base: Mapping[str, T], tables: list[Mapping[str, T]]) -> dict[str, T]:
    """One table from the team's entries and each presentation's; a kind claimed twice is a bug."""
    out = dict(base)
    for table in tables:
        clash = set(out) & set(table)
        if clash:
            raise ValueError(f"{sorted(clash)} claimed twice in the presentation tables")
        out.update(table)
    return out


# The hazards' event kind -> HUD message (the HUD itself words the team's few events).
MESSAGES: dict[str, MessageRule] = _merged({}, [p.messages for p in PRESENTATIONS])
SOUNDS: dict[str, SoundRule] = _merged(TEAM_SOUNDS, [p.sounds for p in PRESENTATIONS])
CAUSE_COLOURS: dict[str, RGB] = _merged(TEAM_CAUSE_COLOURS, [p.cause_colours for p in PRESENTATIONS])
OBJECT_COLOURS: dict[str, RGB] = _merged(TEAM_OBJECT_COLOURS, [p.object_colours for p in PRESENTATIONS])


def cause_colour(cause: str) -> RGB:
    """The colour of a loss cause (snow white for one no registry knows)."""
    return CAUSE_COLOURS.get(cause, P["snow_white"])
