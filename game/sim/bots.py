"""Bots: plain callables from an observation (the World, read only) to Controls.

`autopilot` follows the flow field to the finish, braking before sharp turns; `none` gives no
input; `random` steers and mushes plausibly from its own seeded generator.

`aim` and `steer_to` are the steering any bot can share: point so that the dogs' pull plus the
wind's drift (team.wind_drift) goes toward a target (crabbing into a crosswind), and correct for
the sled still sliding from an earlier turn on slippery ground.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from game.sim import bear as B
from game.sim import terrain as T
from game.sim.controls import NEUTRAL, Controls
from game.sim.markers import SENSES_RADIUS
from game.sim.team import wind_drift
from game.sim.world import World

Bot = Callable[[World], Controls]
BOT_NAMES = ("autopilot", "none", "random")

MAX_CRAB = 0.8  # sine of the widest angle the team turns into the wind
CRAB_SPEED = 40.0  # px/s: the speed the crab angle is planned for when the team is slower
HOLD_SPEED = 1.6  # times the sideways drift: the autopilot never brakes below this
LINE_STEP = 8.0  # px between the samples of a line checked for water and cliffs
LINE_MARGIN = 6.0  # px either side of that line: about half the sled's width
_FALLS = frozenset(code for code, cause in enumerate(T.FALL) if cause)


def _wrap(a: float) -> float:
    return (a + math.pi) % (2.0 * math.pi) - math.pi


def _bearing(x: float, y: float, tx: float, ty: float) -> float:
    """Heading (0 = up, clockwise) from (x, y) toward (tx, ty)."""
    return math.atan2(tx - x, -(ty - y))


def _bear_threat(world: World) -> bool:
    """Is a bear awake and coming within a few hundred px?"""
    b = world.bears
    if not b.awake:
        return False
    t = world.team
    for i in b.awake:
        if B.NOTICE <= b.state[i] <= B.RECOVER and (b.x[i] - t.x) ** 2 + (b.y[i] - t.y) ** 2 < 320.0 ** 2:
            return True
    return False


def _clear_line(world: World, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Is the straight way from (x0, y0) to (x1, y1), a sled's width wide, free of falls?"""
    lvl, grid = world.level, world.grid
    ts = lvl.tile_size
    cx0 = max(0, int((min(x0, x1) - LINE_MARGIN) // ts))
    cx1 = min(lvl.width - 1, int((max(x0, x1) + LINE_MARGIN) // ts))
    cy0 = max(0, int((min(y0, y1) - LINE_MARGIN) // ts))
    cy1 = min(lvl.height - 1, int((max(y0, y1) + LINE_MARGIN) // ts))
    if all(_FALLS.isdisjoint(grid[cy][cx0:cx1 + 1]) for cy in range(cy0, cy1 + 1)):
        return True  # no water or cliff anywhere near: the usual case, and cheap
    dx, dy = x1 - x0, y1 - y0
    d = math.hypot(dx, dy)
    if d < 1e-9:
        return True
    sx, sy = -dy / d * LINE_MARGIN, dx / d * LINE_MARGIN
    n = int(d / LINE_STEP) + 1
    for k in range(1, n + 1):
        f = k / n
        x, y = x0 + dx * f, y0 + dy * f
        for px, py in ((x, y), (x + sx, y + sy), (x - sx, y - sy)):
            if world.terrain_at(px, py) in _FALLS:
                return False
    return True


def _markers_disagree(world: World) -> bool:
    """Is an unexamined marker in senses range far from the autopilot's own way?"""
    m = world.markers
    if not len(m.x) or m.cooldown or m.active:
        return False
    t = world.team
    r = SENSES_RADIUS * 0.9
    near = (m.x - t.x) ** 2 + (m.y - t.y) ** 2 <= r * r
    return bool((near & m.off_route & (m.revealed_until == 0)).any())


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
    bearing = _bearing(t.x, t.y, tx, ty)
    vel = math.hypot(t.vx, t.vy)
    if not (t.push_x or t.push_y):
        # Calm air: on slippery ground the team slides, so aim the way the sled is actually going.
        facing = math.atan2(t.vx, -t.vy) if vel > 20.0 else t.heading
        slip = _wrap(facing - t.heading)
        return Aim(_wrap(bearing - t.heading - slip * 0.5), 0.0, slip, 0.0)
    dx, dy = wind_drift(t.terrain, t.push_x, t.push_y)
    across = dx * math.cos(bearing) + dy * math.sin(bearing)
    # Point upwind just enough that the dogs' sideways pull cancels the drift (crabbing).
    ratio = max(-MAX_CRAB, min(MAX_CRAB, -across / max(t.speed, CRAB_SPEED)))
    crab = math.asin(ratio)
    # The slide the wind explains is already in the crab: correct only for the rest.
    ex = math.sin(t.heading) * t.speed + dx
    ey = -math.cos(t.heading) * t.speed + dy
    slip = 0.0
    if vel > 20.0 and math.hypot(ex, ey) > 20.0:
        slip = _wrap(math.atan2(t.vx, -t.vy) - math.atan2(ex, -ey))
    return Aim(_wrap(bearing + crab - t.heading - slip * 0.5), crab, slip, across)


def _steer(diff: float) -> float:
    return max(-1.0, min(1.0, diff * 3.0))


def steer_to(world: World, tx: float, ty: float) -> float:
    """The steer input (-1..1) that turns the team toward (tx, ty), crabbing into the wind."""
    return _steer(aim(world, tx, ty).diff)


def autopilot(world: World) -> Controls:
    """Follow the cheapest way to the finish; brake for sharp turns, mush on straights.

    It sees no farther than the weather lets anyone see, never aims across water or a cliff's
    edge, crabs into the wind and never brakes below the speed it needs to, outruns bears at
    full mush, and uses Balto's senses when a marker ahead disagrees with its way.
    """
    t = world.team
    sight = max(2, int(world.weather.visibility / world.level.tile_size))
    near = min(3 + int(t.speed / 35.0), sight)
    a = world.nav.ahead(t.x, t.y, near)
    b = world.nav.ahead(t.x, t.y, min(near * 2 + 2, sight)) or a
    # Look no farther along the way than a straight line stays clear of water and cliffs:
    # aiming across the bend of a shore cuts the corner into the water.
    while a is not None and near > 1 and not _clear_line(world, t.x, t.y, *a):
        near -= 1
        a = world.nav.ahead(t.x, t.y, near)
    if a is None:
        a = (world.respawn.x, world.respawn.y)
    b = b or a
    diff, crab, slip, drift = aim(world, *a)
    far = _wrap(_bearing(t.x, t.y, *b) + crab - t.heading)
    steer = _steer(diff)
    sharp = max(abs(diff), abs(far))
    blind = world.weather.visibility < 160.0
    # Never brake so slow that the dogs can no longer pull against the wind's drift.
    hold = abs(drift) * HOLD_SPEED
    brake = ((sharp > 0.75 and t.speed > max(45.0, hold))
             or (blind and t.speed > max(world.weather.visibility * 0.9, hold)))
    mush = (not brake and not blind and abs(diff) < 0.2 and abs(far) < 0.3 and t.stamina > 0.35
            and abs(slip) < 0.3)
    if _bear_threat(world):
        return Controls(steer=steer, mush=t.stamina > 0.0, brake=False)
    senses = world.tick % 6 == 0 and t.stamina > 0.25 and _markers_disagree(world)
    return Controls(steer=steer, mush=mush and not senses, brake=brake, senses=senses)


def no_input(world: World) -> Controls:
    """No input at all: the team runs straight on."""
    return NEUTRAL


class RandomBot:
    """Holds a random steer for a random while, mushes now and then; seeded, so repeatable."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng([int(seed), 0x5EED])
        self.hold = 0
        self.current = NEUTRAL

    def __call__(self, world: World) -> Controls:
        if self.hold <= 0:
            r = self.rng.random(4)
            steer = round(float(r[0]) * 2.0 - 1.0, 2) if r[1] < 0.7 else 0.0
            self.current = Controls(steer=steer, mush=bool(r[2] < 0.3), brake=bool(r[3] < 0.08))
            self.hold = int(self.rng.integers(10, 60))
        self.hold -= 1
        return self.current


def make_bot(name: str, seed: int = 0) -> Bot:
    """A fresh bot by name (see BOT_NAMES)."""
    if name == "autopilot":
        return autopilot
    if name == "none":
        return no_input
    if name == "random":
        return RandomBot(seed)
    raise ValueError(f"unknown bot {name!r}; choose one of {', '.join(BOT_NAMES)}")
