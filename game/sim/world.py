"""The World: every piece of gameplay state, created from a Level and a seed."""
from __future__ import annotations

import hashlib
import math
import struct
from dataclasses import dataclass, field

import numpy as np

from game.sim import bear, blizzard, guides, ice, markers
from game.sim import terrain as T
from game.sim.events import Event
from game.sim.leveldata import Level, LevelError, MapObject
from game.sim.navigation import NavField, build_nav

from game.sim.constants import DT, TICK_HZ  # noqa: F401  (re-exported)

TEAM_PAIRS = 3  # dogs run in pairs behind Balto: 3 pairs = 6 dogs
# Gangline spacing in px: Balto -> first pair, between pairs, last pair -> sled.
GANGLINE = (15.0,) + (13.0,) * (TEAM_PAIRS - 1) + (19.0,)
PAIR_HALF_WIDTH = 4.5  # each dog of a pair runs this far left/right of the gangline


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
    push_x: float = 0.0  # px/s the wind adds to the team's motion
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
class World:
    """All gameplay state. Systems read and change it; render only reads it."""

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
    weather: blizzard.Weather
    bears: bear.Bears
    markers: markers.Markers
    ice: ice.Ice
    guides: guides.Guides
    assist: Assist = Assist()
    tick: int = 0
    losses: dict[str, int] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    checkpoints_reached: list[int] = field(default_factory=list)  # indexes, in order reached
    outcome: str = ""  # "", "finished" or "lost"
    finish_tick: int = 0
    nav_start: float = 1.0  # px from the start to the finish along the way

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
        ts = self.level.tile_size
        cx, cy = int(x // ts), int(y // ts)
        if cx < 0 or cy < 0 or cx >= self.level.width or cy >= self.level.height:
            return T.CODE["rock"]
        return self.grid[cy][cx]


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


def _start_object(level: Level) -> MapObject:
    starts = level.of_kind("start")
    if len(starts) != 1:
        raise LevelError(f"{level.path}: needs exactly one object of class 'start', found {len(starts)}")
    if not level.of_kind("finish"):
        raise LevelError(f"{level.path}: no object of class 'finish'")
    return starts[0]


def create_world(level: Level, seed: int, nav: NavField | None = None,
                 assist: Assist | None = None, vials: int | None = None) -> World:
    """A fresh World at the start of `level`; the seed fixes every random draw.

    `vials` overrides the map's crate: in the campaign the crate carries over from leg to leg.
    """
    crate = level.vials if vials is None else max(1, int(vials))
    start = _start_object(level)
    heading = math.radians(float(start.properties.get("heading", 0.0)))
    x, y = start.x, start.y
    nodes = line_behind(x, y, heading)
    team = Team(x=x, y=y, heading=heading)
    ts = level.tile_size
    cx, cy = int(x // ts), int(y // ts)
    if 0 <= cx < level.width and 0 <= cy < level.height:
        team.terrain = int(level.terrain[cy, cx])
    grid = level.terrain.tolist()
    thin_ice = ice.create(level, grid)  # marks thin_ice rectangles in this world's grid
    if nav is None:
        nav = build_nav(level, grid if thin_ice.strength else None)
    left = nav.length_at(x, y)
    return World(
        level=level,
        seed=int(seed),
        rng=np.random.default_rng(int(seed)),
        nav=nav,
        grid=grid,
        team=team,
        nodes=nodes,
        prev_nodes=nodes.copy(),
        prev_heading=heading,
        respawn=Respawn(x, y, heading),
        vials=crate,
        vials_start=crate,
        weather=blizzard.create(level),
        bears=bear.create(level),
        markers=markers.create(level, nav, (x, y)),
        ice=thin_ice,
        guides=guides.create(level),
        assist=assist or Assist(),
        nav_start=left if math.isfinite(left) and left > 0 else 1.0,
    )


def digest(world: World) -> str:
    """A hash of the gameplay state: equal digests mean equal runs, tick for tick."""
    t = world.team
    h = hashlib.blake2b(digest_size=16)
    h.update(struct.pack(
        "<q10d3qi???", world.tick, t.x, t.y, t.heading, t.vx, t.vy, t.speed, t.stamina, t.steer,
        t.push_x, t.push_y, t.stun, t.slow, world.vials, t.terrain, t.mushing, t.sensing, t.winded))
    h.update(np.ascontiguousarray(world.nodes, dtype="<f8").tobytes())
    h.update(repr(sorted(world.losses.items())).encode())
    h.update(repr((world.outcome, world.finish_tick, world.checkpoints_reached)).encode())
    h.update(repr((world.respawn.x, world.respawn.y, world.respawn.heading, world.assist)).encode())
    state = world.rng.bit_generator.state
    h.update(repr(sorted(state.items())).encode())
    for part in (world.weather, world.bears, world.markers, world.ice, world.guides):
        h.update(part.digest_bytes())
    return h.hexdigest()
