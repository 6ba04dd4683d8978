"""The steering every bot shares: point so that the dogs' pull plus the wind's drift goes toward
a target (crabbing into a crosswind), correct for the sled still sliding from an earlier turn,
and check that a straight line is clear of water and cliffs before aiming along it.

Its own module so that the autopilot (game.sim.bots) and the human model (game.sim.human) both
use it without importing each other.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from game.sim import terrain as T
from game.sim.core import Team
from game.sim.team import wind_drift
from game.sim.world import World

MAX_CRAB = 0.8  # sine of the widest angle the team turns into the wind
CRAB_SPEED = 40.0  # px/s: the speed the crab angle is planned for when the team is slower
HOLD_SPEED = 1.6  # times the sideways drift: a bot never brakes below this
LINE_STEP = 8.0  # px between the samples of a line checked for water and cliffs
LINE_MARGIN = 6.0  # px either side of that line: about half the sled's width
FALL_CODES = frozenset(code for code, cause in enumerate(T.FALL) if cause)  # water, cliffs
_ROCK = T.CODE["rock"]  # what lies outside the map (Core.terrain_at)


_PI = math.pi
_TAU = 2.0 * math.pi  # the same bits as wrap's 2.0 * math.pi


def wrap(a: float) -> float:
    """An angle brought into [-pi, pi)."""
    return (a + math.pi) % (2.0 * math.pi) - math.pi


def bearing(x: float, y: float, tx: float, ty: float) -> float:
    """Heading (0 = up, clockwise) from (x, y) toward (tx, ty)."""
    return math.atan2(tx - x, -(ty - y))


def box_clear(world: World, x0: float, y0: float, x1: float, y1: float) -> bool:
    """No water or cliff at all in the box around the line from (x0, y0) to (x1, y1), a sled's
    half-width wider each way: clear_line's cheap first test (the usual answer), which the
    autopilot also asks before anything else."""
    lvl, grid = world.level, world.grid
    ts = lvl.tile_size
    lo_x, hi_x = (x0, x1) if x0 <= x1 else (x1, x0)
    lo_y, hi_y = (y0, y1) if y0 <= y1 else (y1, y0)
    cx0 = int((lo_x - LINE_MARGIN) // ts)
    cx0 = cx0 if cx0 > 0 else 0
    cx1 = int((hi_x + LINE_MARGIN) // ts)
    cx1 = cx1 if cx1 < lvl.width - 1 else lvl.width - 1
    cy0 = int((lo_y - LINE_MARGIN) // ts)
    cy0 = cy0 if cy0 > 0 else 0
    cy1 = int((hi_y + LINE_MARGIN) // ts)
    cy1 = cy1 if cy1 < lvl.height - 1 else lvl.height - 1
    cx1 += 1
    for cy in range(cy0, cy1 + 1):
        if not FALL_CODES.isdisjoint(grid[cy][cx0:cx1]):
            return False
    return True


def clear_line(world: World, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Is the straight way from (x0, y0) to (x1, y1), a sled's width wide, free of falls?"""
    if box_clear(world, x0, y0, x1, y1):
        return True  # no water or cliff anywhere near: the usual case, and cheap
    lvl, grid = world.level, world.grid
    ts = lvl.tile_size
    dx, dy = x1 - x0, y1 - y0
    d = math.hypot(dx, dy)
    if d < 1e-9:
        return True
    sx, sy = -dy / d * LINE_MARGIN, dx / d * LINE_MARGIN
    n = int(d / LINE_STEP) + 1
    w, h, rock = lvl.width, lvl.height, _ROCK
    for k in range(1, n + 1):
        f = k / n
        x, y = x0 + dx * f, y0 + dy * f
        for px, py in ((x, y), (x + sx, y + sy), (x - sx, y - sy)):
            cx, cy = int(px // ts), int(py // ts)  # world.terrain_at, inlined: a hot loop
            code = rock if cx < 0 or cy < 0 or cx >= w or cy >= h else grid[cy][cx]
            if code in FALL_CODES:
                return False
    return True


def calm_turn(way: float, heading: float, vx: float, vy: float) -> tuple[float, float]:
    """(diff, slip) in calm air toward the bearing `way`: on slippery ground the team slides,
    so aim the way the sled is actually going (half the slip)."""
    facing = math.atan2(vx, -vy) if math.hypot(vx, vy) > 20.0 else heading
    slip = (facing - heading + _PI) % _TAU - _PI  # wrap, written out: a hot path
    return (way - heading - slip * 0.5 + _PI) % _TAU - _PI, slip


class Aim(NamedTuple):
    """How to point toward a target. diff: the turn still to make (rad, + is clockwise);
    crab: the angle turned into the wind; slip: how far the sled slides off the way it should
    go (rad); drift: the wind's sideways push across the way (px/s, + is to the right)."""

    diff: float
    crab: float
    slip: float
    drift: float


def aim(world: World, tx: float, ty: float) -> Aim:
    """Where to point so that the team's motion, wind and slide included, goes toward (tx, ty)."""
    t = world.team
    way = bearing(t.x, t.y, tx, ty)
    vel = math.hypot(t.vx, t.vy)
    if not (t.push_x or t.push_y):
        diff, slip = calm_turn(way, t.heading, t.vx, t.vy)
        return Aim(diff, 0.0, slip, 0.0)
    dx, dy = wind_drift(t.terrain, t.push_x, t.push_y)
    across = dx * math.cos(way) + dy * math.sin(way)
    # Point upwind just enough that the dogs' sideways pull cancels the drift (crabbing).
    ratio = max(-MAX_CRAB, min(MAX_CRAB, -across / max(t.speed, CRAB_SPEED)))
    crab = math.asin(ratio)
    # The slide the wind explains is already in the crab: correct only for the rest.
    ex = math.sin(t.heading) * t.speed + dx
    ey = -math.cos(t.heading) * t.speed + dy
    slip = 0.0
    if vel > 20.0 and math.hypot(ex, ey) > 20.0:
        slip = wrap(math.atan2(t.vx, -t.vy) - math.atan2(ex, -ey))
    return Aim(wrap(way + crab - t.heading - slip * 0.5), crab, slip, across)


def steer_for(diff: float) -> float:
    """The steer input (-1..1) for a turn still to make (rad)."""
    return max(-1.0, min(1.0, diff * 3.0))


def steer_to(world: World, tx: float, ty: float) -> float:
    """The steer input (-1..1) that turns the team toward (tx, ty), crabbing into the wind."""
    return steer_for(aim(world, tx, ty).diff)


def calm_plan(t: Team, visibility: float, ax: float, ay: float, bx: float, by: float
              ) -> tuple[float, bool, bool]:
    """(steer, brake, mush) toward (ax, ay) with (bx, by) further on, in calm air (no push):
    `aim`, `steer_for` and `pace` for the autopilot's every tick, on plain numbers (the same
    pieces, fewer calls; tests/test_steering.py checks it against them)."""
    x, y, heading = t.x, t.y, t.heading
    diff, slip = calm_turn(math.atan2(ax - x, -(ay - y)), heading, t.vx, t.vy)
    far = (math.atan2(bx - x, -(by - y)) + 0.0 - heading + _PI) % _TAU - _PI
    steer = diff * 3.0
    steer = steer if steer < 1.0 else 1.0
    brake, mush = pace_rule(diff, far, slip, 0.0, t.speed, t.stamina, visibility)
    return (steer if steer > -1.0 else -1.0), brake, mush


def pace(world: World, diff: float, far: float, slip: float, drift: float,
         danger: bool = False) -> tuple[bool, bool]:
    """(brake, mush) for a bot steering by `aim`: brake before a sharp turn (`diff` now, `far`
    further on), to what it can see in fog, and when `danger` (a drop it sees ahead), but never
    so slow that the dogs cannot pull against the wind's sideways drift; mush on straights
    with stamina to spare. Shared by the autopilot and the human model."""
    t = world.team
    return pace_rule(diff, far, slip, drift, t.speed, t.stamina, world.weather.visibility, danger)


def pace_rule(diff: float, far: float, slip: float, drift: float, speed: float, stamina: float,
              visibility: float, danger: bool = False) -> tuple[bool, bool]:
    """`pace` on plain numbers (the rule itself)."""
    ad = abs(diff)
    af = abs(far)
    sharp = af if af > ad else ad
    blind = visibility < 160.0
    hold = abs(drift) * HOLD_SPEED
    brake = ((sharp > 0.75 and speed > (45.0 if 45.0 >= hold else hold))
             or (blind and speed > (visibility * 0.9 if visibility * 0.9 >= hold else hold))
             or (danger and speed > (40.0 if 40.0 >= hold else hold)))
    mush = (not brake and not blind and ad < 0.2 and af < 0.3 and stamina > 0.35 and abs(slip) < 0.3)
    return brake, mush
