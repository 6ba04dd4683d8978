"""Sea ice breaking up behind the team (Norton Sound, 1925): inside a `breakup` rectangle a front
follows the team east, and every cell of ground wholly west of it turns to open water.

The front starts `lag` px west of the zone when the team first enters, closes in at `speed` px/s
to `lag` px behind the farthest point the team reached in the zone, and from there creeps on at
`creep` px/s, so a team that stops (or turns back) is caught: the water is the world's own
terrain, so the team's fall system drops it in (cause `water`). The front never moves back.

The respawn point always stays `MARGIN` px ahead of the front: before the front would pass it,
the respawn point moves forward along the way to the finish (the nav field) to the first firm
cell far enough ahead, so a fall never puts the team into water or behind it. Cells under a
checkpoint never break. The nav field needs no repair: the broken cells lie behind the team and
the way ahead runs east (a breakup zone is for a west-to-east crossing).

Per tick only the columns the front newly passed are touched; everything is bounded by the map.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from game.sim import events as E
from game.sim import terrain as T
from game.sim.constants import DT
from game.sim.controls import Controls
from game.sim.core import Core, Respawn, line_behind
from game.sim.hazard import Hazard, Setup

WATER = T.CODE["water"]
THIN = T.CODE["thin_ice"]
NAME = "breakup"  # the key of this hazard's state in world.hazards
MARGIN = 96.0  # px the respawn point stays ahead of the front (the whole gangline is 60 px)
MAX_WALK = 2048  # nav cells walked at most, per tick, to find a new respawn point
RESPAWN_NAME = "firm ice"  # the HUD says "Back on the trail at firm ice"
LAG, SPEED, CREEP = 360.0, 90.0, 30.0  # the defaults (game.sim.schema has the same)


def breaks(code: int) -> bool:
    """Ground the team can stand on breaks up; rock, trees, buildings and water stay."""
    return not (T.SOLID[code] or T.FALL[code])


@dataclass(slots=True)
class Zone:
    """One `breakup` rectangle: its cells (x0..x1, y0..y1, x1 and y1 excluded), its numbers, and
    the front: cells of columns below `col` are broken (or kept); `front` is in px."""

    oid: int
    x0: int
    y0: int
    x1: int
    y1: int
    lag: float
    speed: float
    creep: float
    front: float
    col: int
    keep: frozenset[int]  # flat cells under checkpoints: never break
    farthest: float = -math.inf  # px: the team's farthest x inside the zone
    started: bool = False

    def key(self) -> tuple[int, float, int, float, bool]:
        return (self.oid, self.front, self.col, self.farthest, self.started)


@dataclass(slots=True)
class Breakup:
    """Every breakup zone and the cells broken so far (flat indexes, in the order they broke)."""

    zones: list[Zone]
    broken: list[int]

    def digest_bytes(self) -> bytes:
        # Nothing when the level has no zone: the digests of legs without one stay as they were.
        if not self.zones:
            return b""
        return repr(([z.key() for z in self.zones], len(self.broken))).encode()


def _span(lo: float, size: float, ts: int, cap: int) -> tuple[int, int]:
    """The cells a rectangle's side covers (at least partly), clamped into the map."""
    return max(int(lo // ts), 0), min(int(-(-(lo + size) // ts)), cap)


def create(setup: Setup) -> Breakup:
    """One Zone per `breakup` rectangle, its front `lag` px west of the rectangle (so the ice
    starts breaking only once the team is `lag` px in)."""
    level = setup.level
    ts, w, h = level.tile_size, level.width, level.height
    keep: set[int] = set()
    for cp in level.of_kind("checkpoint"):
        cx0, cx1 = _span(cp.x, cp.width, ts, w)
        cy0, cy1 = _span(cp.y, cp.height, ts, h)
        keep.update(cy * w + cx for cy in range(cy0, cy1) for cx in range(cx0, cx1))
    zones: list[Zone] = []
    for r in level.of_kind("breakup"):
        x0, x1 = _span(r.x, r.width, ts, w)
        y0, y1 = _span(r.y, r.height, ts, h)
        if x1 <= x0 or y1 <= y0:
            continue
        p = r.properties
        lag = float(p.get("lag", LAG))
        zones.append(Zone(
            oid=r.id, x0=x0, y0=y0, x1=x1, y1=y1, lag=lag,
            speed=float(p.get("speed", SPEED)), creep=float(p.get("creep", CREEP)),
            front=float(x0 * ts) - lag, col=x0,
            keep=frozenset(c for c in keep if x0 <= c % w < x1 and y0 <= c // w < y1)))
    return Breakup(zones=zones, broken=[])


def _heading_along(world: Core, x: float, y: float) -> float:
    """The heading (0 = up, clockwise) of the way to the finish from (x, y)."""
    ahead = world.nav.ahead(x, y, 3)
    if ahead is None or (ahead[0] == x and ahead[1] == y):
        return world.respawn.heading
    return math.atan2(ahead[0] - x, -(ahead[1] - y))


def advance_respawn(world: Core, at_least: float) -> bool:
    """Move the respawn point forward along the way to the finish to the first firm cell (not
    thin ice) whose centre lies at x >= `at_least` and where the team laid out behind Balto is on
    firm ice too; False when there is none within reach."""
    nav, r = world.nav, world.respawn
    ts, w = nav.tile, nav.width
    i = nav.cell(r.x, r.y)
    for _ in range(MAX_WALK):
        j = int(nav.next[i])
        if j < 0:
            return False
        i = j
        cy, cx = divmod(i, w)
        x, y = (cx + 0.5) * ts, (cy + 0.5) * ts
        if x < at_least or not _firm(world, x, y):
            continue
        heading = _heading_along(world, x, y)
        # The whole team is laid out behind Balto on a respawn: all of it on firm ice, clear of
        # the columns about to break.
        behind = line_behind(x, y, heading)[1:]
        if all(_firm(world, float(nx), float(ny)) and nx >= at_least - MARGIN + ts for nx, ny in behind):
            world.respawn = Respawn(x, y, heading, RESPAWN_NAME)
            return True
    return False


def _firm(world: Core, x: float, y: float) -> bool:
    """Ground that holds a resting team: not solid, not a fall, not thin ice."""
    code = world.terrain_at(x, y)
    return breaks(code) and code != THIN


def _break_columns(world: Core, state: Breakup, z: Zone, upto: int) -> int:
    """Turn the ground of columns z.col..upto-1 into open water; returns how many cells broke."""
    w, grid, n = world.level.width, world.grid, 0
    for cx in range(z.col, upto):
        for cy in range(z.y0, z.y1):
            cell = cy * w + cx
            if breaks(grid[cy][cx]) and cell not in z.keep:
                grid[cy][cx] = WATER
                state.broken.append(cell)
                n += 1
    z.col = upto
    return n


def breakup_system(world: Core, c: Controls) -> None:
    """Move each zone's front after the team and break the columns it passed."""
    state: Breakup = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    if not state.zones:
        return
    t = world.team
    ts = world.level.tile_size
    for z in state.zones:
        if z.col >= z.x1:
            continue  # all broken
        if z.x0 * ts <= t.x < z.x1 * ts and z.y0 * ts <= t.y < z.y1 * ts and t.x > z.farthest:
            z.farthest = t.x
        if z.farthest == -math.inf:
            continue  # the team has not come yet
        rate = z.speed if z.front < z.farthest - z.lag else z.creep
        # One tile past the farthest point: a team that stops has its own cell break under it.
        want = min(z.front + rate * DT, z.farthest + ts, z.x1 * ts)
        if want <= z.front:
            continue
        if want > world.respawn.x - MARGIN and not advance_respawn(world, want + MARGIN):
            want = min(want, world.respawn.x - MARGIN)
            if want <= z.front:
                continue
        z.front = want
        upto = min(max(int(want // ts), z.col), z.x1)
        if upto > z.col and _break_columns(world, state, z, upto) and not z.started:
            z.started = True
            world.emit(E.Breakup(zone=z.oid, x=want, y=t.y))


def no_zones(state: Breakup) -> bool:
    """No breakup zone on the map: the system never has anything to do."""
    return not state.zones


HAZARD: Hazard[Breakup] = Hazard(
    name=NAME, classes=("breakup",), create=create, system=breakup_system,
    after="course_system", digest=Breakup.digest_bytes, events=(E.Breakup,),
    idle=no_zones)
