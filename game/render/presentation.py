"""How a hazard shows and sounds: its view (a factory, see game.render.view_api), the HUD
message and the sound of each of its event kinds, and the colours of its loss causes and Tiled
classes.

`game.render.hazard_views.PRESENTATIONS` lists one `Presentation` per registered sim hazard
(tests/test_registry.py checks none is missing); the world view, the HUD, the mixer and the
level image read the merged tables there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from game.render.view_api import ViewFactory
from game.sim.events import Event

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Message:
    """A HUD message for an event: a toast under the bar (a one-time hint when `hint` names
    its key), or, when `floating`, words rising from the event's place (`dy` px above it)."""

    text: str
    colour: RGB
    seconds: float = 2.5
    hint: str = ""
    floating: bool = False
    dy: float = 0.0
    icon: str = ""


MessageRule = Callable[[Event], Message | None]


@dataclass(frozen=True, slots=True)
class SoundChoice:
    """A sound chosen from the event's payload (`pick`) among `names` (all it may give)."""

    names: tuple[str, ...]
    pick: Callable[[Event], str]


SoundRule = str | SoundChoice  # one sound name, or a choice by payload


def sound_names(rule: SoundRule) -> tuple[str, ...]:
    """Every sound a rule may give."""
    return (rule,) if isinstance(rule, str) else rule.names


def pick_sound(rule: SoundRule, event: Event) -> str:
    """The sound a rule gives for this event."""
    return rule if isinstance(rule, str) else rule.pick(event)


@dataclass(frozen=True, slots=True)
class Presentation:
    """One sim hazard's presentation (`hazard`: its `Hazard.name`)."""

    hazard: str
    view: ViewFactory | None = None
    drawn_by: str = ""  # without a view: the hazard whose view draws it, or "world_view"
    messages: Mapping[str, MessageRule] = field(default_factory=dict)  # event kind -> message
    sounds: Mapping[str, SoundRule] = field(default_factory=dict)  # event kind -> sound
    cause_colours: Mapping[str, RGB] = field(default_factory=dict)  # loss cause -> colour
    object_colours: Mapping[str, RGB] = field(default_factory=dict)  # Tiled class -> level image


def message(text: str, colour: RGB, seconds: float = 2.5, hint: str = "") -> MessageRule:
    """A rule that always gives the same message."""
    msg = Message(text, colour, seconds, hint)
    return lambda ev: msg
