"""Bots: plain callables from an observation (the World, read only) to Controls.

`autopilot` follows the flow field to the finish, braking before sharp turns; `none` gives no
input; `random` steers and mushes plausibly from its own seeded generator.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from game.sim.controls import NEUTRAL, Controls
from game.sim.world import World

Bot = Callable[[World], Controls]
BOT_NAMES = ("autopilot", "none", "random")


def _wrap(a: float) -> float:
    return (a + math.pi) % (2.0 * math.pi) - math.pi


def _bearing(x: float, y: float, tx: float, ty: float) -> float:
    """Heading (0 = up, clockwise) from (x, y) toward (tx, ty)."""
    return math.atan2(tx - x, -(ty - y))


def autopilot(world: World) -> Controls:
    """Follow the cheapest way to the finish; brake for sharp turns, mush on straights."""
    t = world.team
    near = 3 + int(t.speed / 35.0)
    a = world.nav.ahead(t.x, t.y, near)
    if a is None:
        a = (world.respawn.x, world.respawn.y)
    b = world.nav.ahead(t.x, t.y, near * 2 + 2) or a
    # On slippery ground the team slides: aim the way the sled is actually going.
    vel = math.hypot(t.vx, t.vy)
    facing = math.atan2(t.vx, -t.vy) if vel > 20.0 else t.heading
    slip = _wrap(facing - t.heading)
    diff = _wrap(_bearing(t.x, t.y, *a) - t.heading - slip * 0.5)
    far = _wrap(_bearing(t.x, t.y, *b) - t.heading)
    steer = max(-1.0, min(1.0, diff * 3.0))
    sharp = max(abs(diff), abs(far))
    brake = sharp > 0.75 and t.speed > 45.0
    mush = (not brake and abs(diff) < 0.2 and abs(far) < 0.3 and t.stamina > 0.35
            and abs(slip) < 0.3)
    return Controls(steer=steer, mush=mush, brake=brake)


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
            steer = float(np.round(r[0] * 2.0 - 1.0, 2)) if r[1] < 0.7 else 0.0
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
