"""A flow field toward the finish over the terrain grid: the autopilot's map and the HUD's miles.

Computed once per level with Dijkstra over 8-connected cells. Each cell gets the weighted cost
to the finish (trail is cheap, deep snow dear, cells beside trees or water dearer still) and
its step toward it; the plain length in pixels of that way follows from the steps when read
(`game.sim.nav_length`). `game.sim.nav_build.build_nav` computes the field with scipy's
Dijkstra in C; `game.sim.nav_heap` keeps the plain Python heap Dijkstra it equals cell for cell (the tests'
oracle) and repairs the field in a window when thin ice breaks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from game.sim import terrain as T
from game.sim.leveldata import Level
from game.sim.nav_length import DIAG, tree_lengths, walk_length

# Cost of walking one cell of each terrain kind (inf = impassable).
_STEP_COST = {
    "snow": 1.8, "trail": 1.0, "deep_snow": 4.0, "ice": 1.3, "thin_ice": 3.0, "overflow": 4.0,
}
_NEAR_DANGER = 3.0  # added to cells that touch a solid or a fall cell
UNREACHABLE = math.inf
_COST_TABLE = np.array([_STEP_COST.get(name, math.inf) for name in T.NAMES], dtype=np.float64)
# The dearest finite step a cell can have (`cell_costs`: its terrain's, near danger added).
MAX_STEP = float(_COST_TABLE[np.isfinite(_COST_TABLE)].max()) + _NEAR_DANGER


@dataclass(frozen=True, slots=True)
class LengthPatch:
    """The lengths of a field repaired in a window (`nav_heap.repair_nav`): `values` in the
    window's cells [y0:y1, x0:x1], the `base` field's lengths everywhere else, read from it on
    demand (so a repair never builds the whole table). `depth`: repairs stacked on the base."""

    base: NavField
    x0: int
    y0: int
    x1: int
    y1: int
    values: np.ndarray
    depth: int

    def at(self, i: int, width: int) -> float:
        """The length of cell i."""
        y, x = divmod(i, width)
        if self.x0 <= x < self.x1 and self.y0 <= y < self.y1:
            return float(self.values[y - self.y0, x - self.x0])
        return self.base.length_of(i)

    def table(self) -> np.ndarray:
        """Every cell's length: the table of the first field down the stack that has one (or
        is no repair), with each repair's window laid over it, oldest first (the fields between
        build no table of their own)."""
        patches = [self]
        base = self.base
        while isinstance(base.given_length, LengthPatch) and not base._table:
            patches.append(base.given_length)
            base = base.given_length.base
        out: np.ndarray = base.length.copy()
        for patch in reversed(patches):
            out[patch.y0:patch.y1, patch.x0:patch.x1] = patch.values
        return out


@dataclass(frozen=True, slots=True)
class NavField:
    """cost: weighted cost to the finish per cell; next: the flat index of the neighbouring
    cell one step closer (-1 at the finish or unreachable); `length` (px along that way) is
    derived from `next` when first read (`game.sim.nav_length`), unless `given_length` holds
    it (the reference build's own table, or a thin-ice repair's `LengthPatch`)."""

    cost: np.ndarray
    next: np.ndarray
    width: int
    height: int
    tile: int
    given_length: np.ndarray | LengthPatch | None = field(default=None, compare=False, repr=False)
    _ways: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    _lists: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    _walks: dict[int, list[int]] = field(default_factory=dict, compare=False, repr=False)
    _lengths: dict[int, float] = field(default_factory=dict, compare=False, repr=False)
    _table: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)

    @property
    def length(self) -> np.ndarray:
        """Px to the finish per cell along `next` (inf where no way leads), the whole table:
        built on the first read and kept (read only: the field is shared)."""
        if not self._table:
            given = self.given_length
            if given is None:
                got = tree_lengths(self.next, self.cost, self.width, self.height, self.tile)
            elif isinstance(given, LengthPatch):
                got = given.table()
            else:
                got = given.copy()
            got.flags.writeable = False
            if not self._table:  # (two threads may both build it: the first kept is returned)
                self._table.append(got)
        return self._table[0]

    def length_of(self, i: int) -> float:
        """Px left to the finish from cell i (a flat index; inf if no way leads): from the
        table once it is built, else from the cell's links alone (the same sum). Once the
        walks have come to know an eighth of the cells, the table is the cheaper way."""
        if self._table:
            return float(self._table[0].flat[i])
        given = self.given_length
        if given is None:
            if len(self._lengths) > self.width * self.height // 8:
                return float(self.length.flat[i])
            return walk_length(self.next, self.cost, self.width, self.tile, i, self._lengths)
        if isinstance(given, LengthPatch):
            return given.at(i, self.width)
        return float(given.flat[i])

    def way(self, i: int) -> np.ndarray:
        """Flat indexes of the cells from cell i along `next` to the finish (i first; it stops
        at a loop). Cached, read only: the field never changes, and every new run on the level
        asks for the way from its start (the markers off the route)."""
        got = self._ways.get(i)
        if got is None:
            start, nxt = i, self._next_list()
            cells: list[int] = []
            seen: set[int] = set()
            limit = self.width * self.height
            while i >= 0 and i not in seen and len(cells) < limit:
                seen.add(i)
                cells.append(i)
                i = nxt[i]
            got = self._ways[start] = np.array(cells, dtype=np.int64)
            got.flags.writeable = False
        return got

    def cell(self, x: float, y: float) -> int:
        """Flat index of the cell under a pixel position (clamped into the map)."""
        w, h = self.width, self.height
        cx, cy = int(x // self.tile), int(y // self.tile)
        cx = 0 if cx < 0 else w - 1 if cx >= w else cx
        cy = 0 if cy < 0 else h - 1 if cy >= h else cy
        return cy * w + cx

    def length_at(self, x: float, y: float) -> float:
        """Pixels left to the finish along the cheapest way from here (inf if none)."""
        return self.length_of(self.cell(x, y))

    def walk(self, x: float, y: float, steps: int) -> list[int]:
        """The way from the cell under (x, y), kept per cell (the team stays on a cell for
        several ticks; the field never changes): at least `steps` cells after it, or all of
        them to the finish followed by -1; [-1] off the field. Shared: never change it."""
        i = self.cell(x, y)
        walked = self._walks.get(i)
        if walked is not None and (len(walked) > steps or walked[-1] < 0):
            return walked
        nxt = self._next_list()
        if nxt[i] < 0 and not math.isfinite(self.cost.flat[i]):
            return [-1]
        out = [i]
        j = i
        for _ in range(steps):
            j = nxt[j]
            if j < 0:
                break
            out.append(j)
        if j < 0:
            out.append(-1)  # the walk reached the finish
        if len(self._walks) > 8192:
            self._walks.clear()
        self._walks[i] = out
        return out

    def along(self, x: float, y: float, steps: int) -> list[int] | None:
        """Flat indexes of the cell under (x, y) and of up to `steps` cells further along the
        way (fewer where it reaches the finish), or None off the field."""
        walked = self.walk(x, y, steps)
        if walked[0] < 0:
            return None
        return walked[:-1][:steps + 1] if walked[-1] < 0 else walked[:steps + 1]

    def centre(self, i: int) -> tuple[float, float]:
        """The centre of cell i, in px."""
        cy, cx = divmod(i, self.width)
        return ((cx + 0.5) * self.tile, (cy + 0.5) * self.tile)

    def ahead(self, x: float, y: float, steps: int) -> tuple[float, float] | None:
        """The centre of the cell `steps` cells further along the way, or None off the field."""
        cells = self.along(x, y, steps)
        return None if cells is None else self.centre(cells[-1])

    def _next_list(self) -> list[int]:
        """`next` as a list (cached): scalar look-ups in a list are several times faster."""
        got = self._lists.get("next")
        if got is None:
            got = self._lists["next"] = self.next.tolist()
        return got


def cell_costs(grid: np.ndarray) -> np.ndarray:
    """Per-cell step cost from a terrain grid; inf where the team cannot go."""
    codes = np.asarray(grid).astype(np.intp)
    cost: np.ndarray = _COST_TABLE.take(codes)
    danger = T.BLOCKED_MASK.take(codes)
    near = np.zeros_like(danger)
    near[1:, :] |= danger[:-1, :]
    near[:-1, :] |= danger[1:, :]
    near[:, 1:] |= danger[:, :-1]
    near[:, :-1] |= danger[:, 1:]
    near &= ~danger
    cost += near * _NEAR_DANGER  # + 0.0 elsewhere: the same bits
    return cost


def finish_cells(level: Level, step: np.ndarray) -> np.ndarray:
    """Flat indexes, ascending, of the passable cells under any finish object."""
    h, w, tile = level.height, level.width, level.tile_size
    mask = np.zeros((h, w), dtype=bool)
    for fin in level.of_kind("finish"):
        x0 = max(int(fin.x // tile), 0)
        y0 = max(int(fin.y // tile), 0)
        x1 = min(int(math.ceil((fin.x + fin.width) / tile)), w)
        y1 = min(int(math.ceil((fin.y + fin.height) / tile)), h)
        if x1 > x0 and y1 > y0:
            mask[y0:y1, x0:x1] = True
    out: np.ndarray = np.flatnonzero(mask.ravel() & np.isfinite(step.ravel()))
    return out


# The eight moves by their offset in the flat row-major grid: ascending, so among neighbours of
# equal cost the first found has the smallest index (the heap's tie-break). Move 7 - k is move
# k backwards.
MOVES = ((-1, -1, DIAG), (0, -1, 1.0), (1, -1, DIAG), (-1, 0, 1.0),
         (1, 0, 1.0), (-1, 1, DIAG), (0, 1, 1.0), (1, 1, DIAG))
