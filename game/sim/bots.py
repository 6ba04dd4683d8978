"""Bots: plain callables from an observation (the World, read only) to Controls.

`autopilot` follows the flow field to the finish, braking before sharp turns; `none` gives no
input; `random` steers and mushes plausibly from its own seeded generator; `human` is a person at the
keyboard (game.sim.human).

`aim` and `steer_to` (game.sim.steering) are the steering every bot shares: point so that the
dogs' pull plus the wind's drift (team.wind_drift) goes toward a target (crabbing into a
crosswind), and correct for the sled still sliding from an earlier turn on slippery ground.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.sim import bear as B
from game.sim.controls import NEUTRAL, Controls
from game.sim.human import HumanBot
from game.sim.markers import SENSES_RADIUS
from game.sim.steering import Aim, aim, bearing, clear_line, pace, steer_for, steer_to, wrap
from game.sim.world import World

Bot = Callable[[World], Controls]
__all__ = ["BOT_NAMES", "Aim", "Bot", "HumanBot", "RandomBot", "aim", "autopilot", "make_bot", "no_input",
           "steer_to"]  # Aim, aim and steer_to re-exported from game.sim.steering
BOT_NAMES = ("autopilot", "none", "random", "human")


def _bear_threat(world: World) -> bool:
    """Is a bear awake and coming within a few hundred px?"""
    b = world.bears
    if not b.awake:
        return False
    t = world.team
    tx, ty = t.x, t.y
    xs, ys, state = b.views[0], b.views[1], b.views[5]  # Python numbers, the same bits
    for i in b.awake:
        if B.NOTICE <= state[i] <= B.RECOVER and (xs[i] - tx) ** 2 + (ys[i] - ty) ** 2 < 320.0 ** 2:
            return True
    return False


def _markers_disagree(world: World) -> bool:
    """Is an unexamined marker in senses range far from the autopilot's own way?"""
    m = world.markers
    if not m.off_points or m.cooldown or m.active:
        return False
    t = world.team
    r = SENSES_RADIUS * 0.9
    r2 = r * r
    shown = m.revealed_until
    for i, mx, my in m.off_points:  # few, listed once: a loop beats six array operations
        if shown.item(i) == 0:
            dx, dy = mx - t.x, my - t.y
            if dx * dx + dy * dy <= r2:
                return True
    return False


def autopilot(world: World) -> Controls:
    """Follow the cheapest way to the finish; brake for sharp turns, mush on straights.

    It sees no farther than the weather lets anyone see, never aims across water or a cliff's
    edge, crabs into the wind and never brakes below the speed it needs to, outruns bears at
    full mush, and uses Balto's senses when a marker ahead disagrees with its way.
    """
    t = world.team
    nav = world.nav
    visibility = world.weather.visibility
    sight = max(2, int(visibility / world.level.tile_size))
    near = min(3 + int(t.speed / 35.0), sight)
    further = min(near * 2 + 2, sight)
    cells = nav.along(t.x, t.y, max(near, further))  # the way ahead, walked once
    a = b = None
    if cells is not None:
        last = len(cells) - 1
        a = nav.centre(cells[min(near, last)])
        b = nav.centre(cells[min(further, last)])
        # Look no farther along the way than a straight line stays clear of water and
        # cliffs: aiming across the bend of a shore cuts the corner into the water.
        while near > 1 and not clear_line(world, t.x, t.y, *a):
            near -= 1
            a = nav.centre(cells[min(near, last)])
    if a is None:
        a = (world.respawn.x, world.respawn.y)
    b = b or a
    diff, crab, slip, drift = aim(world, *a)
    far = wrap(bearing(t.x, t.y, *b) + crab - t.heading)
    steer = steer_for(diff)
    brake, mush = pace(world, diff, far, slip, drift)
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


def make_bot(name: str, seed: int = 1, reaction_ms: float = 200) -> Bot:
    """A fresh bot by name (see BOT_NAMES); `reaction_ms` is the human model's reaction time."""
    if name == "autopilot":
        return autopilot
    if name == "none":
        return no_input
    if name == "random":
        return RandomBot(seed)
    if name == "human":
        return HumanBot(seed, reaction_ms)
    raise ValueError(f"unknown bot {name!r}; choose one of {', '.join(BOT_NAMES)}")
