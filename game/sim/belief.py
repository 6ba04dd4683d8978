"""What the human model believes of the ground: the lay of the land, less the hazards it has
not seen yet, and the flow field it plans on.

A musher knows the country (the trail, the river, the hills, open water and cliffs), but thin
ice and overflow look like plain ice until they are seen. The belief starts as the world's
grid with those cells as ice; a cell comes to be known as it is once it has been inside the
driver's sight (the view around the team, cut to the weather's visibility). When new hazard
cells have been seen the driver plans again (at most every REPLAN_TICKS ticks, and only then):
the flow field of the belief is what `build_nav` gives on it, found by `nav_replan.replan`,
which recomputes only the cells whose way got dearer. The level's field stays shared and read
only; a belief and its field belong to one run.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from game.sim import terrain as T
from game.sim.nav_build import build_nav
from game.sim.nav_replan import replan
from game.sim.navigation import NavField, cell_costs
from game.sim.world import World

# Hazards a driver cannot tell from their look-alike before seeing them up close.
LOOK_ALIKE = {T.CODE["thin_ice"]: T.CODE["ice"], T.CODE["overflow"]: T.CODE["ice"]}
REPLAN_TICKS = 15  # a quarter of a second between two plans at most
_ROCK = T.CODE["rock"]


class Belief:
    """One driver's picture of the ground (a grid of terrain codes), what it still hides, and
    the flow field planned on it (the level's own when it hides nothing and nothing is closed)."""

    def __init__(self, world: World, closed: Iterable[int] = ()) -> None:
        truth = np.asarray(world.grid, dtype=np.uint8)
        self.grid = truth.copy()
        self.hidden = np.zeros(truth.shape, dtype=bool)
        for code, alike in LOOK_ALIKE.items():
            mask = truth == code
            self.grid[mask] = alike
            self.hidden |= mask
        shut = np.fromiter(closed, dtype=np.int64)
        if shut.size:  # told not to go that way: it plans as if the way were walled off
            self.grid.flat[shut] = _ROCK
            self.hidden.flat[shut] = False  # and seeing the ground there does not open it
        self.unseen = int(self.hidden.sum())
        self.own = bool(self.unseen or shut.size)
        # It steers by `next` and `cost` only: it never reads lengths, so none are made.
        self.nav: NavField | None = build_nav(world.level, self.grid) if self.own else None
        self.step = cell_costs(self.grid) if self.own else None  # the step costs self.nav was planned on
        self.pending = False  # new hazards seen since the last plan
        self.planned = world.tick
        self.plans = 1 if self.own else 0
        self.seen: list[int] = []  # flat indexes of hazard cells it has seen, in order

    def field(self, world: World) -> NavField:
        """The flow field it steers by now."""
        return self.nav if self.nav is not None else world.nav

    def look(self, world: World, half_w: float, half_h: float) -> int:
        """Learn the hidden cells inside the view (a box of half_w x half_h px around the team,
        cut to the weather's visibility); plan again when some were new. Returns how many."""
        if not (self.unseen or self.pending):
            return 0
        t, ts = world.team, world.level.tile_size
        h, w = world.level.height, world.level.width
        r = min(world.weather.visibility, max(half_w, half_h))
        x0, x1 = max(int((t.x - min(half_w, r)) // ts), 0), min(int((t.x + min(half_w, r)) // ts) + 1, w)
        y0, y1 = max(int((t.y - min(half_h, r)) // ts), 0), min(int((t.y + min(half_h, r)) // ts) + 1, h)
        new = 0
        if x1 > x0 and y1 > y0:
            ys, xs = np.nonzero(self.hidden[y0:y1, x0:x1])
            if len(ys):
                cx, cy = (xs + x0 + 0.5) * ts - t.x, (ys + y0 + 0.5) * ts - t.y
                near = cx * cx + cy * cy <= r * r
                for y, x in zip((ys[near] + y0).tolist(), (xs[near] + x0).tolist()):
                    self.hidden[y, x] = False
                    self.grid[y, x] = world.grid[y][x]
                    self.seen.append(y * w + x)
                    new += 1
        if new:
            self.unseen -= new
            self.pending = True
        if self.pending and world.tick - self.planned >= REPLAN_TICKS:
            # (a pending plan needs a hidden cell seen, so the belief has its own field)
            assert self.nav is not None and self.step is not None
            self.nav, self.step = replan(world.level, self.nav, self.step, self.grid)
            self.pending = False
            self.planned = world.tick
            self.plans += 1
        return new
