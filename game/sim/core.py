"""The state every system shares: the team, the crate, the terrain, the rng and the events.

`Core` is the World without its typed hazard shortcuts: hazard modules are written against it
(and find their own state with `HAZARD.state(world)`), so they never import `world.py`, which
lists them. `game.sim.world.World` is `Core` plus the typed attributes render and bots read.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.sim import events as E
from game.sim import terrain as T
from game.sim.constants import TICK_HZ
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.navigation import NavField

TEAM_PAIRS = 3  # dogs run in pairs behind Balto: 3 pairs = 6 dogs
# Gangline spacing in px: Balto -> first pair, between pairs, last pair -> sled.
GANGLINE = (15.0,) + (13.0,) * (TEAM_PAIRS - 1) + (19.0,)
PAIR_HALF_WIDTH = 4.5  # each dog of a pair runs this far left/right of the gangline
RESPAWN_STUN = 30  # ticks the team needs to get going after being put back
_ROCK = T.CODE["rock"]  # what lies outside the map


@dataclass(slots=True)
class Team:
    """Balto and the sled. Position is Balto's; `nodes` holds the whole gangline."""

    x: float
    y: float
    heading: float  # radians, 0 = up (north), clockwise
    vx: float = 0.0
    vy: float = 0.0
    speed: float = 0.0  # how fast the dogs pull, px/s
    stamina: float = 1.0  # 0..1
    mushing: bool = False
    braking: bool = False
    steer: float = 0.0
    stun: int = 0  # ticks left of impact recovery
    slow: int = 0  # ticks left of a slowing effect (hazards)
    terrain: int = T.SNOW  # code under Balto
    push_x: float = 0.0  # px/s of wind on the team: a force on the sled (team.motion_system)
    push_y: float = 0.0
    sensing: bool = False  # Balto's senses are on (the team slows)
    winded: bool = False  # ran out of stamina: no mushing until it is back to 30 %


@dataclass(frozen=True, slots=True)
class Assist:
    """Assist mode's rule changes (game speed is the app's: the tick never changes).
    A run with any of these on is marked as assisted in its result."""

    unbreakable_vials: bool = False
    infinite_stamina: bool = False

    @property
    def any(self) -> bool:
        return self.unbreakable_vials or self.infinite_stamina


@dataclass(slots=True)
class Respawn:
    """Where a fall puts the team back."""

    x: float
    y: float
    heading: float
    name: str = "start"


@dataclass(slots=True)
class Core:
    """All gameplay state. Systems read and change it; render only reads it.

    `hazards` holds each registered hazard's state under its name (game.sim.hazards)."""

    level: Level
    seed: int
    rng: np.random.Generator
    nav: NavField
    grid: list[list[int]]  # the terrain codes as nested lists: fast scalar look-ups per tick
    team: Team
    nodes: np.ndarray  # (TEAM_PAIRS + 2, 2): Balto, pair centres..., sled
    prev_nodes: np.ndarray
    prev_heading: float
    respawn: Respawn
    vials: int
    vials_start: int
    hazards: dict[str, object]
    assist: Assist = Assist()
    tick: int = 0
    losses: dict[str, int] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    checkpoints_reached: list[int] = field(default_factory=list)  # indexes, in order reached
    outcome: str = ""  # "", "finished" or "lost"
    finish_tick: int = 0
    nav_start: float = 1.0  # px from the start to the finish along the way
    # (nodes, prev_nodes, flat memoryview of nodes, of prev_nodes): the tick reads and writes the
    # gangline through these (plain Python floats, the same memory). Rebuilt by `node_views`
    # whenever either array is replaced (the hot reload does), so it can never go stale.
    node_cache: tuple[Any, ...] = field(default=(None, None), init=False, repr=False, compare=False)
    # The systems this World's tick runs (game.sim.step.active_systems): set on the first tick,
    # empty until then; whatever replaces a hazard's state empties it (the hot reload does).
    systems: tuple[Callable[..., None], ...] = field(default=(), init=False, repr=False,
                                                     compare=False)
    # (level, checkpoint rectangles, finish rectangles) for the tick (game.sim.course), rebuilt
    # whenever `level` is another object.
    course_cache: tuple[Any, ...] = field(default=(None,), init=False, repr=False, compare=False)

    @property
    def seconds(self) -> float:
        """Game time elapsed."""
        return self.tick / TICK_HZ

    @property
    def done(self) -> bool:
        return bool(self.outcome)

    @property
    def progress(self) -> float:
        """0 at the start, 1 at the finish, along the way the autopilot would take."""
        left = self.nav.length_at(self.team.x, self.team.y)
        if not math.isfinite(left) or self.nav_start <= 0:
            return 0.0
        return min(max(1.0 - left / self.nav_start, 0.0), 1.0)

    @property
    def miles_left(self) -> float:
        """Miles to the finish, scaled from the map property `miles`."""
        return self.level.miles * (1.0 - self.progress)

    def emit(self, event: Event) -> None:
        self.events.append(event)

    def terrain_at(self, x: float, y: float) -> int:
        """Terrain code under a pixel position; outside the map counts as rock."""
        lvl = self.level
        ts = lvl.tile_size
        cx, cy = int(x // ts), int(y // ts)
        if cx < 0 or cy < 0 or cx >= lvl.width or cy >= lvl.height:
            return _ROCK
        return self.grid[cy][cx]


def node_views(world: Core) -> tuple[Any, Any]:
    """Flat memoryviews (x0, y0, x1, y1, ...) of `world.nodes` and `world.prev_nodes`: an item
    read or written through one is a plain Python float, several times faster than numpy's
    scalar access, with the same bits. A node array that is not C-contiguous float64 (none the
    game makes is) is replaced by a copy that is, so the views always share the World's memory."""
    cache = world.node_cache
    if cache[0] is world.nodes and cache[1] is world.prev_nodes:
        return cache[2], cache[3]
    nodes, prev = _flat_ready(world.nodes), _flat_ready(world.prev_nodes)
    world.nodes, world.prev_nodes = nodes, prev
    world.node_cache = (nodes, prev, nodes.reshape(-1).data, prev.reshape(-1).data)
    return world.node_cache[2], world.node_cache[3]


def _flat_ready(a: np.ndarray) -> np.ndarray:
    """`a` itself when a flat memoryview of it shares its memory, else such a copy of it."""
    if a.dtype == np.float64 and a.flags.c_contiguous and a.flags.writeable:
        return a
    return np.array(a, dtype=np.float64, order="C")


def heading_vector(heading: float) -> tuple[float, float]:
    """Unit vector for a heading (0 = up, clockwise)."""
    return (math.sin(heading), -math.cos(heading))


def line_behind(x: float, y: float, heading: float) -> np.ndarray:
    """Gangline nodes laid straight out behind Balto."""
    dx, dy = heading_vector(heading)
    nodes = np.empty((len(GANGLINE) + 1, 2), dtype=np.float64)
    nodes[0] = (x, y)
    dist = 0.0
    for i, gap in enumerate(GANGLINE, start=1):
        dist += gap
        nodes[i] = (x - dx * dist, y - dy * dist)
    return nodes


def respawn(world: Core) -> None:
    """Put the team at rest at the last checkpoint (or the start), laid out straight.

    Here, below the team's systems and the hazards, because falls and thin ice both use it."""
    t, r = world.team, world.respawn
    t.x, t.y, t.heading = r.x, r.y, r.heading
    t.vx = t.vy = t.speed = 0.0
    t.mushing = False
    t.stun = RESPAWN_STUN
    t.terrain = world.terrain_at(r.x, r.y)
    world.nodes[:] = line_behind(r.x, r.y, r.heading)
    world.prev_nodes[:] = world.nodes
    world.prev_heading = r.heading
    world.emit(E.Respawn(place=r.name, x=r.x, y=r.y))
