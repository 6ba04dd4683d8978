"""The grizzly: sleeping or patrolling -> noticing (roar, wind-up) -> charging -> swiping ->
recovering, and giving up beyond its leash. A swipe on the sled breaks vials (cause `bear`);
on the dogs it slows the team. Heavier than the team: thin ice breaks under it and it is gone.

Tiled: `bear` points with aggro_radius (px), speed (px/s), leash (px) and an optional
`patrol` object property naming a polyline to walk.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from math import atan2, hypot
from typing import Any

import numpy as np

from game.sim import events as E
from game.sim import scoring
from game.sim import terrain as T
from game.sim.constants import DT, TICK_HZ
from game.sim.controls import Controls
from game.sim.core import Core, node_views
from game.sim.hazard import Hazard, Setup
from game.sim.ice import THIN, break_open
from game.sim.leveldata import LevelError
from game.sim.scoring import Cause

SLEEP, PATROL, NOTICE, CHARGE, SWIPE, RECOVER, RETURN, GONE = range(8)
STATE_NAMES = ("sleeping", "patrolling", "noticing", "charging", "swiping", "recovering",
               "returning", "gone")
NAME = "bears"  # the key of this hazard's state in world.hazards
NOTICE_TICKS = int(0.9 * TICK_HZ)  # the telegraph: roar and wind-up before the charge
SWIPE_TICKS = int(0.3 * TICK_HZ)  # the paw comes down after this
RECOVER_TICKS = int(1.1 * TICK_HZ)
SWIPE_RANGE = 24.0  # px: starts a swipe this near its target
SWIPE_REACH = 30.0  # px: the swipe lands on whatever is this near when it comes down
SWIPE_LOSS = 1  # vials a swipe on the sled breaks
SWIPE_SLOW = int(1.5 * TICK_HZ)  # ticks a swipe on the dogs slows the team
PATROL_PACE = 0.35  # share of charging speed while patrolling
RETURN_PACE = 0.5
BEAR = Cause("bear", "a bear")  # the loss cause of a swipe on the sled
_BLOCKED = tuple(solid or bool(fall) for solid, fall in zip(T.SOLID, T.FALL))  # a bear won't go there
_ROCK = T.CODE["rock"]  # what lies outside the map
_ON_FOOT = (CHARGE, PATROL, RETURN)  # states in which a bear's weight can break thin ice


@dataclass(slots=True)
class Bears:
    """Every bear as arrays (one index per bear)."""

    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    prev_x: np.ndarray
    prev_y: np.ndarray
    home_x: np.ndarray
    home_y: np.ndarray
    heading: np.ndarray
    state: np.ndarray  # int8, one of the states above
    timer: np.ndarray  # ticks left in the state
    aggro: np.ndarray
    speed: np.ndarray
    leash: np.ndarray
    waypoint: np.ndarray
    patrols: tuple[tuple[tuple[float, float], ...], ...]
    awake: list[int]  # indexes of bears not asleep and not gone, in index order
    wake_grid: dict[tuple[int, int], tuple[int, ...]]  # coarse cell -> bears whose aggro reaches it
    # Per bear, as Python floats for the tick (a numpy scalar read costs several times more):
    # aggro squared, speed, leash, home x, home y. They never change.
    fixed: tuple[tuple[float, float, float, float, float], ...] = ()
    # Views of x, y, prev_x, prev_y, heading, state, timer and waypoint (the same memory): an
    # item read or written through a memoryview is a plain Python number, several times faster
    # than numpy's scalar access, with the same bits. The arrays are only ever changed in place.
    views: tuple[Any, ...] = field(init=False, repr=False, compare=False)  # memoryviews (typeshed's
    # memoryview takes only ints)

    def __post_init__(self) -> None:
        self.views = tuple(a.data for a in (self.x, self.y, self.prev_x, self.prev_y,
                                                    self.heading, self.state, self.timer,
                                                    self.waypoint))

    def __len__(self) -> int:
        return len(self.ids)

    def digest_bytes(self) -> bytes:
        return b"".join(a.tobytes() for a in (self.x, self.y, self.heading, self.state,
                                              self.timer, self.waypoint)) + repr(self.awake).encode()


WAKE_CELL = 64.0  # px: the coarse grid that finds sleeping bears near the team


def _wake_grid(xs: np.ndarray, ys: np.ndarray, aggro: np.ndarray,
               size: tuple[float, float]) -> dict[tuple[int, int], tuple[int, ...]]:
    """For each coarse cell of the map, the bears whose aggro circle (around home) overlaps it.

    Only the map's cells and a ring of cells around it: the team never leaves the map, and so
    a bear's radius (or a position far off the map) never makes this visit more cells.
    """
    grid: dict[tuple[int, int], list[int]] = {}
    last_x, last_y = int(size[0] // WAKE_CELL) + 1, int(size[1] // WAKE_CELL) + 1
    for i in range(len(xs)):
        r = float(aggro[i])
        x0, x1 = (xs[i] - r) // WAKE_CELL, (xs[i] + r) // WAKE_CELL
        y0, y1 = (ys[i] - r) // WAKE_CELL, (ys[i] + r) // WAKE_CELL
        if x1 < -1 or y1 < -1 or x0 > last_x or y0 > last_y:
            continue  # the circle misses the map
        x0, x1, y0, y1 = _clamp(x0, last_x), _clamp(x1, last_x), _clamp(y0, last_y), _clamp(y1, last_y)
        for gy in range(y0, y1 + 1):
            for gx in range(x0, x1 + 1):
                grid.setdefault((gx, gy), []).append(i)
    return {k: tuple(v) for k, v in grid.items()}


def _clamp(v: float, last: int) -> int:
    """A coarse cell index within -1..last (a float that may be huge or off the map)."""
    return int(min(max(v, -1.0), float(last)))


def create(setup: Setup) -> Bears:
    """Every `bear` point, asleep (or patrolling its `patrol` polyline)."""
    level = setup.level
    objs = level.of_kind("bear")
    by_id = {o.id: o for kind in level.objects.values() for o in kind}
    patrols: list[tuple[tuple[float, float], ...]] = []
    for b in objs:
        ref = int(b.properties.get("patrol", 0) or 0)
        if ref:
            line = by_id.get(ref)
            if line is None or not line.points:
                raise LevelError(f"{level.path}: {b.label()}: patrol must name a polyline object, "
                                 f"but object {ref} is {'missing' if line is None else 'not a polyline'}")
            patrols.append(line.points)
        else:
            patrols.append(())
    xs, ys = _f([o.x for o in objs]), _f([o.y for o in objs])
    n = len(objs)
    aggro = _f([o.properties["aggro_radius"] for o in objs])
    return Bears(
        ids=np.array([o.id for o in objs], dtype=np.int64), x=xs, y=ys, prev_x=xs.copy(),
        prev_y=ys.copy(), home_x=xs.copy(), home_y=ys.copy(), heading=np.zeros(n),
        state=np.array([PATROL if p else SLEEP for p in patrols], dtype=np.int8),
        timer=np.zeros(n, dtype=np.int64),
        aggro=aggro,
        speed=_f([o.properties["speed"] for o in objs]),
        leash=_f([o.properties["leash"] for o in objs]),
        waypoint=np.zeros(n, dtype=np.int64), patrols=tuple(patrols),
        awake=[i for i, p in enumerate(patrols) if p],
        wake_grid=_wake_grid(xs, ys, aggro, level.pixel_size),
        fixed=tuple((a ** 2, float(o.properties["speed"]), float(o.properties["leash"]), x, y)
                    for a, o, x, y in zip(aggro.tolist(), objs, xs.tolist(), ys.tolist())),
    )


def _f(vals: list[float]) -> np.ndarray:
    return np.array(vals, dtype=np.float64)


def _walk(world: Core, b: Bears, i: int, x: float, y: float, tx: float, ty: float,
          speed: float) -> tuple[float, float, float, int]:
    """Move bear i, now at (x, y), toward (tx, ty) at speed, not into trees, rocks or open
    water. Returns the distance left to the target, where the bear is now and the terrain code
    there (-1 when it did not look it up)."""
    dx, dy = tx - x, ty - y
    d = hypot(dx, dy)
    if d < 1e-6:
        return 0.0, x, y, -1
    views = b.views
    views[4][i] = atan2(dx, -dy)
    step = speed * DT
    if not step < d:  # min(d, speed * DT)
        step = d
    nx, ny = x + dx / d * step, y + dy / d * step
    lvl = world.level
    ts = lvl.tile_size
    cx, cy = int(nx // ts), int(ny // ts)  # world.terrain_at, inlined: the usual case
    code = world.grid[cy][cx] if 0 <= cx < lvl.width and 0 <= cy < lvl.height else _ROCK
    if _BLOCKED[code]:
        at = world.terrain_at
        if not _BLOCKED[code := at(nx, y)]:
            ny = y
        elif not _BLOCKED[code := at(x, ny)]:
            nx = x
        else:
            return d, x, y, -1
    views[0][i] = nx
    views[1][i] = ny
    return d - step, nx, ny, code


def _swipe(world: Core, b: Bears, i: int) -> None:
    bx, by = float(b.x[i]), float(b.y[i])
    sx, sy = float(world.nodes[-1][0]), float(world.nodes[-1][1])
    if math.hypot(sx - bx, sy - by) <= SWIPE_REACH:
        world.emit(E.BearSwipe(target="sled", vials=SWIPE_LOSS, x=sx, y=sy))
        scoring.break_vials(world, SWIPE_LOSS, BEAR.name, sx, sy)
        return
    for k in range(len(world.nodes) - 1):
        nx, ny = float(world.nodes[k][0]), float(world.nodes[k][1])
        if math.hypot(nx - bx, ny - by) <= SWIPE_REACH:
            world.emit(E.BearSwipe(target="dogs", vials=0, x=nx, y=ny))
            world.team.slow = max(world.team.slow, SWIPE_SLOW)
            return


def _gone_through_ice(world: Core, b: Bears, i: int, x: float, y: float) -> bool:
    """Has bear i, at (x, y), broken through thin ice (and opened a hole)?"""
    lvl = world.level
    ts = lvl.tile_size
    cx, cy = int(x // ts), int(y // ts)
    w, h = lvl.width, lvl.height
    if cx < 0 or cy < 0 or cx >= w or cy >= h:
        return False
    grid = world.grid
    if grid[cy][cx] != THIN:  # the usual case: checked first, with nothing else looked up
        return False
    hole = [(cy + oy) * w + cx + ox for oy in (-1, 0, 1) for ox in (-1, 0, 1)
            if 0 <= cx + ox < w and 0 <= cy + oy < h
            and grid[cy + oy][cx + ox] == THIN]
    break_open(world, hole)
    b.state[i] = GONE
    world.emit(E.BearFalls(bear=int(b.ids[i]), x=float(b.x[i]), y=float(b.y[i])))
    return True


def _notice(world: Core, b: Bears, i: int) -> None:
    t = world.team
    b.state[i] = NOTICE
    b.timer[i] = NOTICE_TICKS
    b.heading[i] = math.atan2(t.x - b.x[i], -(t.y - b.y[i]))
    if i not in b.awake:
        b.awake.append(i)
        b.awake.sort()
    world.emit(E.BearNotice(bear=int(b.ids[i]), x=float(b.x[i]), y=float(b.y[i])))


def bear_system(world: Core, c: Controls) -> None:
    """Wake bears the team comes near and run each awake bear's state machine.

    Sleeping bears cost nothing: a coarse grid says which could notice the team from here.
    """
    b: Bears = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    t = world.team
    tx, ty = t.x, t.y
    xv, yv, pxv, pyv, hv, sv, tv, wv = b.views
    fixed = b.fixed
    nearby = b.wake_grid.get((int(tx // WAKE_CELL), int(ty // WAKE_CELL)))
    if nearby:
        # Python floats: the same arithmetic as numpy scalars (a ** 2 is C pow in both)
        for i in nearby:
            if sv[i] == SLEEP and (xv[i] - tx) ** 2 + (yv[i] - ty) ** 2 <= fixed[i][0]:
                _notice(world, b, i)
    if not b.awake:
        return
    for i in tuple(b.awake):
        s = sv[i]
        bx, by = xv[i], yv[i]
        pxv[i] = bx
        pyv[i] = by
        aggro2, speed, leash, home_x, home_y = fixed[i]
        x, y, code = bx, by, -1  # where it is after this tick, the terrain there if known
        if s == PATROL:
            if (bx - tx) ** 2 + (by - ty) ** 2 <= aggro2:
                _notice(world, b, i)
                continue
            pts = b.patrols[i]
            wx, wy = pts[wv[i] % len(pts)]
            left, x, y, code = _walk(world, b, i, bx, by, wx, wy, speed * PATROL_PACE)
            if left < 2.0:
                wv[i] = (wv[i] + 1) % len(pts)
        elif s == NOTICE:
            hv[i] = math.atan2(tx - bx, -(ty - by))
            tv[i] -= 1
            if tv[i] <= 0:
                sv[i] = CHARGE
                world.emit(E.BearCharge(bear=int(b.ids[i]), x=bx, y=by))
        elif s == CHARGE:
            if math.hypot(bx - home_x, by - home_y) > leash:
                sv[i] = RETURN
                world.emit(E.BearGiveUp(bear=int(b.ids[i]), x=bx, y=by))
                continue
            # It smells the crate: it goes for the sled, through the dogs if need be.
            flat = node_views(world)[0]
            left, x, y, code = _walk(world, b, i, bx, by, flat[-2], flat[-1], speed)
            if left <= SWIPE_RANGE:
                sv[i] = SWIPE
                tv[i] = SWIPE_TICKS
        elif s == SWIPE:
            # It plants its feet for the wind-up: a team that keeps moving can get clear.
            tv[i] -= 1
            if tv[i] <= 0:
                _swipe(world, b, i)
                sv[i] = RECOVER
                tv[i] = RECOVER_TICKS
        elif s == RECOVER:
            tv[i] -= 1
            if tv[i] <= 0:
                home = math.hypot(bx - home_x, by - home_y) <= leash
                sv[i] = CHARGE if home else RETURN
                if sv[i] == RETURN:
                    world.emit(E.BearGiveUp(bear=int(b.ids[i]), x=bx, y=by))
        elif s == RETURN:
            left, x, y, code = _walk(world, b, i, bx, by, home_x, home_y, speed * RETURN_PACE)
            if left < 2.0:
                wv[i] = 0
                if b.patrols[i]:
                    sv[i] = PATROL
                else:
                    sv[i] = SLEEP
                    b.awake.remove(i)
        if sv[i] in _ON_FOOT:
            # _gone_through_ice's first test, from what the walk found: thin ice under the bear
            if code < 0:
                code = world.terrain_at(x, y)
            if code == THIN and _gone_through_ice(world, b, i, x, y) and i in b.awake:
                b.awake.remove(i)


def no_bears(b: Bears) -> bool:
    """No bear on the map: the system never has anything to do."""
    return not len(b.ids)


HAZARD: Hazard[Bears] = Hazard(
    name=NAME, classes=("bear", "patrol"), create=create, system=bear_system,
    after="gangline_system", digest=Bears.digest_bytes, causes=(BEAR,),
    events=(E.BearNotice, E.BearCharge, E.BearSwipe, E.BearGiveUp, E.BearFalls), idle=no_bears)
