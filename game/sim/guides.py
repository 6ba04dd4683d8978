"""Story lines and the white wolf: things on the course that speak or show the way.

`story` rectangles emit a STORY event (cause: the speaker, text: the line) the first time
Balto enters them. A `wolf` appears when the team comes within its `appear_radius`, runs
ahead of Balto along the cheapest way for `duration` seconds, then vanishes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.sim import events as E
from game.sim.constants import DT, TICK_HZ
from game.sim.controls import Controls
from game.sim.core import Core
from game.sim.hazard import Hazard, Setup
from game.sim.leveldata import MapObject

NAME = "guides"  # the key of this hazard's state in world.hazards
WOLF_LEAD = 6  # cells ahead of Balto the wolf keeps
WOLF_SPEED = 170.0  # px/s: faster than any team


@dataclass(slots=True)
class Wolf:
    """One white wolf: hidden, guiding (with ticks left) or gone."""

    id: int
    x: float
    y: float
    appear_radius: float
    ticks_left: int
    prev_x: float = 0.0
    prev_y: float = 0.0
    heading: float = 0.0
    state: str = "hidden"  # hidden | guiding | gone


@dataclass(slots=True)
class Guides:
    """The story rectangles, the wolves, and which stories were told."""

    stories: tuple[MapObject, ...]  # fixed for the run
    wolves: list[Wolf]
    told: list[int] = field(default_factory=list)  # story ids already shown
    # Each story's (left, right, top, bottom, story), worked out once: the tick tests them all.
    rects: tuple[tuple[float, float, float, float, MapObject], ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rects = tuple((s.x, s.x + s.width, s.y, s.y + s.height, s) for s in self.stories)

    def digest_bytes(self) -> bytes:
        return repr((self.told, [(w.x, w.y, w.state, w.ticks_left) for w in self.wolves])).encode()


def create(setup: Setup) -> Guides:
    """Every `story` rectangle and `wolf` point."""
    level = setup.level
    wolves = [Wolf(o.id, o.x, o.y, float(o.properties["appear_radius"]),
                   int(round(float(o.properties["duration"]) * TICK_HZ)), o.x, o.y)
              for o in level.of_kind("wolf")]
    return Guides(stories=level.of_kind("story"), wolves=wolves)


def guides_system(world: Core, c: Controls) -> None:
    """Tell story lines as the team enters them; let wolves appear, guide and go."""
    g: Guides = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    t = world.team
    x, y = t.x, t.y
    for x0, x1, y0, y1, s in g.rects:  # MapObject.contains, inlined: this runs every tick
        if x0 <= x < x1 and y0 <= y < y1 and s.id not in g.told:
            g.told.append(s.id)
            world.emit(E.Story(speaker=str(s.properties.get("speaker", "")),
                               line=str(s.properties.get("text", "")), story=s.id, x=t.x, y=t.y))
    for w in g.wolves:
        w.prev_x, w.prev_y = w.x, w.y
        if w.state == "hidden":
            if (w.x - t.x) ** 2 + (w.y - t.y) ** 2 <= w.appear_radius ** 2:
                w.state = "guiding"
                world.emit(E.Wolf(wolf=w.id, appears=True, x=w.x, y=w.y))
        elif w.state == "guiding":
            w.ticks_left -= 1
            target = world.nav.ahead(t.x, t.y, WOLF_LEAD)
            if target is not None:
                dx, dy = target[0] - w.x, target[1] - w.y
                d = math.hypot(dx, dy)
                if d > 1.0:
                    step = min(d, WOLF_SPEED * DT)
                    w.x += dx / d * step
                    w.y += dy / d * step
                    w.heading = math.atan2(dx, -dy)
            if w.ticks_left <= 0:
                w.state = "gone"
                world.emit(E.Wolf(wolf=w.id, appears=False, x=w.x, y=w.y))


def silent(g: Guides) -> bool:
    """No story and no wolf on the map: the system never has anything to do."""
    return not g.stories and not g.wolves


HAZARD: Hazard[Guides] = Hazard(
    name=NAME, classes=("story", "wolf"), create=create, system=guides_system,
    after="bear_system", digest=Guides.digest_bytes,
    events=(E.Story, E.Wolf), idle=silent)
