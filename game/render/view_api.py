"""What a hazard's view offers the world view, and what the world view lends it.

A view is registered once, in its hazard's `Presentation` (game.render.hazard_views), as a
factory `view(level, sprites)`. The world view calls every registered view at each step of a
tick and a frame; `LAYERS` says in which drawing layers a view draws, and in what order among
the views of that layer (lower first).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import pygame

from game.render.effects import Particles, Ring, Shake
from game.render.sprites import SpriteSheet
from game.render.tiles import TileRenderer
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import World

# The drawing layers of a frame, in the order the world view draws them.
GROUND = "ground"        # on the terrain, under the course (thin ice, holes, cracks)
MARKS = "marks"          # clear air only: things on the way (lights, markers)
CREATURES = "creatures"  # always, under the fog (bears)
FOLLOWERS = "followers"  # clear air only, just under the team (the white wolf)
OVER_FOG = "over_fog"    # fog only, over it, faded by `Frame.fade` (guides, charging bears)
CUES = "cues"            # over everything, before the shared rings (Balto's senses)
WARNINGS = "warnings"    # over everything and the rings (a bear's '!', reach, slashes)
LAYER_ORDER = (GROUND, MARKS, CREATURES, FOLLOWERS, OVER_FOG, CUES, WARNINGS)



@dataclass(slots=True)
class Fade:
    """Alpha of a guide over the fog by world position, Balto at (bx, by): full out to 80 % of
    the guide visibility `g`, gone at it (so nothing farther than `g` on either axis shows).
    Read-only by convention; not frozen, since a frozen dataclass is built about 3x slower
    and one is built every foggy frame."""

    bx: float
    by: float
    g: float

    def __call__(self, x: float, y: float) -> float:
        d = math.hypot(x - self.bx, y - self.by)
        return 1.0 if d <= 0.8 * self.g else max(0.0, (self.g - d) / (0.2 * self.g))


@dataclass
class Fx:
    """The world view's effects a hazard view may add to."""

    particles: Particles
    shake: Shake
    rings: list[Ring] = field(default_factory=list)
    ticks: int = 0  # presentation ticks so far


@dataclass(slots=True)
class Frame:
    """One frame's drawing context (read-only by convention; not frozen, as Fade)."""

    cam: tuple[int, int]
    ms: int  # milliseconds, for tile animation
    alpha: float  # render interpolation between ticks
    t: float  # seconds of presentation time
    bx: float  # Balto on screen
    by: float
    darkness: float = 0.0
    fade: Fade | None = None  # over the fog: alpha of a guide by world position


class HazardView(Protocol):
    """A hazard's view: its own effect state, reset per run, drawn in its layers."""

    LAYERS: ClassVar[Mapping[str, int]]  # layer -> order among that layer's views

    def reset(self, world: World, tiles: TileRenderer) -> None: ...

    def update_tick(self, world: World, fx: Fx) -> None: ...

    def on_event(self, world: World, ev: Event, fx: Fx) -> None: ...

    def draw(self, layer: str, surface: pygame.Surface, world: World, frame: Frame) -> None: ...

    def sprite_names(self, level: Level) -> set[str]: ...

    def shows(self, world: World) -> bool:
        """False when this view can have nothing to draw in the whole run of `world` (a fact
        of its level, fixed when the World is made): the world view then leaves it out of its
        layers until the next reset."""
        ...


ViewFactory = Callable[[Level, SpriteSheet], HazardView]
