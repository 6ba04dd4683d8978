"""What a hazard registers, once, in its own module: `HAZARD = Hazard(...)`.

A Hazard names its state (the key in `world.hazards`), the Tiled object classes it reads, how
it is created from the level (`create(setup)`), its system and where that runs in the tick
(`after`: the name of the system it follows), what it adds to the digest, how its state carries
over a hot reload, the loss causes it may emit, and when its system has nothing to do (`idle`).
game.sim.hazards lists every Hazard; world creation, `digest`, `step.SYSTEMS` and the hot
reload iterate that list.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from game.sim.controls import Controls
from game.sim.core import Core
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.nav_build import build_nav
from game.sim.navigation import NavField
from game.sim.scoring import Cause

S = TypeVar("S")
System = Callable[[Core, Controls], None]


@dataclass(slots=True)
class Setup:
    """What a hazard's `create` may use: the level, the world's own terrain grid (which a
    hazard with `marks_grid` may change, before anyone asks for `nav`), the start position
    and the nav field (built on first use, from the grid as the grid-marking hazards left it)."""

    level: Level
    grid: list[list[int]]
    start: tuple[float, float]
    given_nav: NavField | None = None
    marked: bool = False  # a hazard changed the grid
    _nav: NavField | None = field(default=None, repr=False)

    def mark(self, cx: int, cy: int, code: int) -> None:
        """Change one cell of the world's grid (before the nav field exists)."""
        if self._nav is not None:
            raise RuntimeError("the grid may change only before the nav field is built")
        self.grid[cy][cx] = code
        self.marked = True

    @property
    def nav(self) -> NavField:
        """The nav field toward the finish (the one given to create_world, else built now)."""
        if self._nav is None:
            self._nav = self.given_nav or build_nav(self.level, self.grid if self.marked else None)
        return self._nav


def never_idle(state: object) -> bool:
    """The default `idle`: the hazard's system runs every tick."""
    return False


def keep_fresh(old: S, fresh: S) -> S:
    """The default hot-reload carry-over: the new level's state, as created."""
    return fresh


@dataclass(frozen=True, slots=True)
class Hazard(Generic[S]):
    """One hazard's registration (see the module docstring)."""

    name: str  # key in world.hazards, e.g. "bears"
    classes: tuple[str, ...]  # Tiled object classes it reads (schema and docs must have them)
    create: Callable[[Setup], S]
    system: System
    after: str  # the system (function name) this one runs right after, in step.SYSTEMS
    digest: Callable[[S], bytes]
    carry: Callable[[S, S], S] = keep_fresh  # hot reload: (old state, fresh state) -> kept
    causes: tuple[Cause, ...] = ()  # loss causes it may pass to scoring.break_vials
    events: tuple[type[Event], ...] = ()  # the event kinds it emits (each needs a sound)
    marks_grid: bool = False  # created first: it changes the grid the nav field is built on
    # True when this state gives the system nothing to do, ever (a level without the hazard):
    # step skips the system in that World (game.sim.step.active_systems), so it costs nothing.
    idle: Callable[[S], bool] = never_idle

    def state(self, world: Core) -> S:
        """This hazard's state in `world`."""
        return world.hazards[self.name]  # type: ignore[return-value]  # (no cast: a hot path)
