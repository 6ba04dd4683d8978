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
from game.sim.steering import (
    Aim,
    aim,
    bearing,
    box_clear,
    calm_plan,
    clear_line,
    pace,
    steer_for,
    steer_to,
    wrap,
)
from game.sim.world import World

Bot = Callable[[World], Controls]
__all__ = ["BOT_NAMES", "Aim", "Bot", "HumanBot", "RandomBot", "aim", "autopilot", "make_bot", "no_input",
           "steer_to"]  # Aim, aim and steer_to re-exported from game.sim.steering
BOT_NAMES = ("autopilot", "none", "random", "human")


_BEAR_NEAR = 320.0 ** 2  # px squared: a bear coming nearer than this is outrun


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

    It runs every tick of every sweep, so its way ahead is kept per cell, it walks a line
    sample by sample only when steering.box_clear finds water or a cliff near it, and in calm
    air it steers by steering.calm_plan (aim, steer_for and pace in fewer calls:
    tests/test_steering.py proves them equal).
    """
    t = world.team
    x, y, heading, speed = t.x, t.y, t.heading, t.speed
    lvl = world.level
    ts = lvl.tile_size
    visibility = world.weather.visibility
    sight = int(visibility / ts)
    sight = sight if sight > 2 else 2
    near = 3 + int(speed / 35.0)
    near = sight if sight < near else near
    further = near * 2 + 2
    further = sight if sight < further else further
    steps = further if further > near else near
    # The way ahead (kept per cell by the field).
    nav = world.nav
    w = nav.width
    cells = nav.walk(x, y, steps)
    last = len(cells) - 1 if cells[-1] >= 0 else len(cells) - 2
    if last >= 0:
        ntile = nav.tile
        cy, cx = divmod(cells[near if near < last else last], w)
        ax, ay = (cx + 0.5) * ntile, (cy + 0.5) * ntile
        cy, cx = divmod(cells[further if further < last else last], w)
        bx, by = (cx + 0.5) * ntile, (cy + 0.5) * ntile
        # Look no farther along the way than a straight line stays clear of water and
        # cliffs: aiming across the bend of a shore cuts the corner into the water.
        if near > 1:
            if not box_clear(world, x, y, ax, ay):  # clear_line's cheap first test failed
                while near > 1 and not clear_line(world, x, y, ax, ay):
                    near -= 1
                    cy, cx = divmod(cells[near if near < last else last], w)
                    ax, ay = (cx + 0.5) * ntile, (cy + 0.5) * ntile
    else:
        ax, ay = world.respawn.x, world.respawn.y
        bx, by = ax, ay
    if t.push_x or t.push_y:
        diff, crab, slip, drift = aim(world, ax, ay)
        far = wrap(bearing(x, y, bx, by) + crab - heading)
        steer = steer_for(diff)
        brake, mush = pace(world, diff, far, slip, drift)
    else:  # calm air: aim, steer_for and pace in one call (the usual case)
        steer, brake, mush = calm_plan(t, visibility, ax, ay, bx, by)
    bears = world.bears
    if bears.awake:  # a bear awake and coming within a few hundred px: outrun it
        xs, ys, state = bears.views[0], bears.views[1], bears.views[5]  # Python numbers, the same bits
        for k in bears.awake:
            if B.NOTICE <= state[k] <= B.RECOVER and (xs[k] - x) ** 2 + (ys[k] - y) ** 2 < _BEAR_NEAR:
                return Controls(steer, t.stamina > 0.0, False, False)
    if world.tick % 6 == 0 and t.stamina > 0.25 and _markers_disagree(world):
        return Controls(steer, False, brake, True)
    return Controls(steer, mush, brake, False)


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
