"""A flow field toward the finish over the terrain grid: the autopilot's map and the HUD's miles.

Computed once per level with Dijkstra over 8-connected cells. Each cell gets the weighted cost
to the finish (trail is cheap, deep snow dear, cells beside trees or water dearer still) and
its step toward it; the plain length in pixels of that way follows from the steps when read
(`game.sim.nav_length`). `build_nav` computes the field with scipy's Dijkstra in C;
`game.sim.nav_heap` keeps the plain Python heap Dijkstra it equals cell for cell (the tests'
oracle) and repairs the field in a window when thin ice breaks.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

import numpy as np

from game.sim import terrain as T
from game.sim.leveldata import Level
from game.sim.nav_length import DIAG, NO_LIMIT, tree_lengths, walk_length

# Cost of walking one cell of each terrain kind (inf = impassable).
_STEP_COST = {
    "snow": 1.8, "trail": 1.0, "deep_snow": 4.0, "ice": 1.3, "thin_ice": 3.0, "overflow": 4.0,
}
_NEAR_DANGER = 3.0  # added to cells that touch a solid or a fall cell
UNREACHABLE = math.inf
_COST_TABLE = np.array([_STEP_COST.get(name, math.inf) for name in T.NAMES], dtype=np.float64)


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


# -- the fast build: the same field, computed in C by scipy and numpy ---------------------------

# The eight moves by their offset in the flat row-major grid: ascending, so among neighbours of
# equal cost the first found has the smallest index (the heap's tie-break). Move 7 - k is move
# k backwards.
MOVES = ((-1, -1, DIAG), (0, -1, 1.0), (1, -1, DIAG), (-1, 0, 1.0),
         (1, 0, 1.0), (-1, 1, DIAG), (0, 1, 1.0), (1, 1, DIAG))
# Each diagonal's column in MOVES -> the columns of the two orthogonal moves beside it.
_CORNERS = {0: (1, 3), 2: (1, 4), 5: (3, 6), 7: (4, 6)}
_DIST_LIST = [d for _, _, d in MOVES]
_BITS = [np.uint8(1 << k) for k in range(8)]
_FIRST_BIT = np.array([(b & -b).bit_length() - 1 if b else 0 for b in range(256)], dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class _Layout:
    """See `_layout`. offs: the moves' offsets in the stored grid, fwd: the four moves whose
    offset is positive there, at: the stored index of each move's neighbour of graph row 0
    (offs + lo); moves: the offsets in the plain row-major grid, cells: its indexes (h, w)."""

    tr: bool
    pw: int
    size: int
    lo: int
    hi: int
    offs: list[int]
    fwd: list[int]
    cols: np.ndarray
    indptr: np.ndarray
    moves: np.ndarray
    cells: np.ndarray
    at: np.ndarray


_LAYOUTS: dict[tuple[int, int], _Layout] = {}


def _layout(h: int, w: int) -> _Layout:
    """The index arrays of the fast build for one map shape (cached, read only: a world's
    rebuild after thin ice broke, and every run on the level, share them).

    Cells live in a flat array of the grid, stored transposed (`tr`) when it is wider than
    tall: the short side then runs along memory, so the band of cells Dijkstra works on as it
    sweeps along the long side lies closer together (scipy runs faster so). The stored grid
    has a one-cell border of impassable cells and one extra cell at each end, so that every
    move from a stored row inside, border columns included, stays in the array. Rows lo..hi
    of the graph are those inside rows; each has all eight moves (a forbidden move gets an
    infinite weight, which never improves a cost)."""
    got = _LAYOUTS.get((h, w))
    if got is None:
        tr = w > h
        rows, pw = (w, h + 2) if tr else (h, w + 2)
        size = (rows + 2) * pw + 2
        lo, hi = 1 + pw, 1 + pw + rows * pw
        offs = [dx * pw + dy if tr else dy * pw + dx for dx, dy, _ in MOVES]
        cols = (np.arange(lo, hi, dtype=np.int32)[:, None]
                + np.array(offs, dtype=np.int32)).ravel()
        indptr = np.clip((np.arange(size + 1, dtype=np.int64) - lo) * 8, 0,
                         (hi - lo) * 8).astype(np.int32)
        moves = np.array([dy * w + dx for dx, dy, _ in MOVES], dtype=np.int64)
        got = _LAYOUTS[(h, w)] = _Layout(tr, pw, size, lo, hi, offs,
                                         [k for k in range(8) if offs[k] > 0], cols, indptr,
                                         moves, np.arange(h * w, dtype=np.int64).reshape(h, w),
                                         np.array(offs, dtype=np.int64) + lo)
        for a in (cols, indptr, moves, got.cells, got.at):
            a.flags.writeable = False
    return got


class _Scratch(threading.local):
    """Work arrays of the fast build by map shape, kept per thread: fresh arrays of megabytes
    cost page faults on every build, and builds may run in several threads at once (a sweep's
    pool, thin ice), which must never share one. See `build_nav` for what each holds."""

    def __init__(self) -> None:
        self.by_shape: dict[tuple[int, int, bool], list[np.ndarray]] = {}

    def get(self, lay: _Layout) -> list[np.ndarray]:
        """flat, the four fwd rows, data, tmp, valid, pick (flat's border stays inf), and
        `_finite_graph`'s finite, kept, kept_cols and indptr (its first lo + 1 stay 0)."""
        key = (lay.size, lay.pw, lay.tr)  # (h, w) and (w, h) store alike, move differently
        got = self.by_shape.get(key)
        if got is None:
            if len(self.by_shape) >= 2:  # about 5 MB a shape of 640 x 72 cells
                self.by_shape.clear()
            m = lay.hi - lay.lo
            got = self.by_shape[key] = [
                np.full(lay.size, math.inf), *(np.empty(m + lay.offs[k]) for k in lay.fwd),
                np.empty(m * 8), np.empty(m + max(lay.offs)), np.empty(m, dtype=np.uint8),
                np.empty(m, dtype=bool), np.empty(m * 8, dtype=bool), np.empty(m * 8),
                np.empty(m * 8, dtype=np.int32), np.zeros(lay.size + 1, dtype=np.int32)]
        return got


_SCRATCH = _Scratch()
_BYTE_SUM = np.uint64(0x0101_0101_0101_0101)  # x * this: the sum of x's bytes in its top byte


def _finite_edges(lay: _Layout, data: np.ndarray, finite: np.ndarray, kept: np.ndarray,
                  kept_cols: np.ndarray, indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CSR arrays (data, indices, indptr) of `data`'s finite weights alone, in the scratch
    arrays given: an infinite weight never improves a cost, and scipy's Dijkstra runs faster
    without them (fewer edges to scan, less memory to read)."""
    np.isfinite(data, out=finite)
    at = np.flatnonzero(finite)
    n = len(at)
    np.take(data, at, out=kept[:n], mode="clip")  # (mode "raise" buffers `out`: 7x slower)
    np.take(lay.cols, at, out=kept_cols[:n], mode="clip")
    per_row = finite.view(np.uint64) * _BYTE_SUM  # each row's eight flags, summed
    per_row >>= np.uint64(56)
    np.cumsum(per_row, out=indptr[lay.lo + 1:lay.hi + 1])
    indptr[lay.hi + 1:] = n
    return kept[:n], kept_cols[:n], indptr


def build_nav(level: Level, grid: np.ndarray | list[list[int]] | None = None) -> NavField:
    """Dijkstra from every finish cell over passable terrain (the level's, or a world's own
    grid once thin-ice rectangles have changed it): cell for cell the field
    `nav_heap.build_nav_reference` gives, in C (scipy) instead of a Python heap loop.

    Why identical: edge weights use the same float expression (a move and its reverse share
    one: adding two step costs does not depend on their order), and each cost is the unique
    fixed point cost[j] = min_i (cost[i] + w_ij), which scipy's Dijkstra reaches with the same
    additions (its finite `limit` only keeps cells that inf edges alone reach out of its heap),
    however the cells are stored. The heap's `next` is, among the neighbours giving exactly
    cost[j], the one popped first: the smallest (cost[i], i), i in row-major order, which is
    the order of MOVES. `length` follows from `next` when read (`game.sim.nav_length`).
    Per-move arrays are slices of the bordered grid, in per-thread scratch arrays (`_Scratch`).
    """
    # scipy loads on the first field built, not with game.sim: it takes a quarter of a second
    # or more, which every command and the game's first frame would otherwise pay.
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    h, w, tile = level.height, level.width, level.tile_size
    terrain = level.terrain if grid is None else np.asarray(grid, dtype=np.uint8)
    step = cell_costs(terrain)
    lay = _layout(h, w)
    lo, hi, offs, m, tr = lay.lo, lay.hi, lay.offs, lay.hi - lay.lo, lay.tr
    flat, *fwd, data, tmp, valid, pick, finite, kept, kept_cols, indptr = _SCRATCH.get(lay)
    flat[1:-1].reshape(-1, lay.pw)[1:-1, 1:-1] = step.T if tr else step
    n = h * w
    seeds = finish_cells(level, step)
    del step  # flat holds it: less memory in use while scipy works (page faults)
    if not len(seeds):
        return NavField(cost=np.full((h, w), math.inf), next=np.full(n, -1, dtype=np.int64),
                        width=w, height=h, tile=tile)
    # fwd[i][x], k = lay.fwd[i]: the move k from cell lo - offs[k] + x, as the heap computes it:
    # d * (step there + step here) * 0.5 (inf if either end is impassable). Move 7 - k from
    # cell c is the same edge backwards: fwd[i][c - lo]. No corner cutting past a tree or
    # water: a diagonal's sum becomes inf where either cell beside it is (the max with that
    # cell's cost - 16, below any finite sum, which is >= 2: the sum's bits elsewhere).
    wt = [data[:0]] * 8
    for k, wk in zip(lay.fwd, fwd):  # (d * s) * 0.5 is s * (d * 0.5): halving is exact
        o = offs[k]
        np.add(flat[lo:hi + o], flat[lo - o:hi], out=wk)
        if k in _CORNERS:
            a, b = (offs[c] for c in _CORNERS[k])
            t = tmp[:m + o]
            np.maximum(flat[lo - o + a:hi + a], flat[lo - o + b:hi + b], out=t)
            t -= 16.0
            np.maximum(wk, t, out=wk)
        wk *= _DIST_LIST[k] * 0.5
        wt[k], wt[7 - k] = wk[o:], wk[:m]
    rows = data.reshape(m, 8)  # scipy's weights, written last: warm in the cache for it
    for k in range(8):
        rows[:, k] = wt[k]
    sy, sx = np.divmod(seeds, w)
    seeds_f = ((sx + 1) * lay.pw + sy if tr else (sy + 1) * lay.pw + sx) + 2
    graph = csr_matrix(_finite_edges(lay, data, finite, kept, kept_cols, indptr), shape=(lay.size,) * 2)
    cost = np.asarray(dijkstra(graph,
                               directed=True, indices=seeds_f, min_only=True, limit=NO_LIMIT),
                      dtype=np.float64)
    # next: among the neighbours giving exactly this cost, the cheapest; on a tie the first
    # move (the smallest index). Bit k of `valid` marks move k as giving exactly this cost: a
    # cell with one such move takes it; those with several (ties) compare their costs.
    here = cost[lo:hi]
    valid.fill(0)
    bit = pick.view(np.uint8)
    t = tmp[:m]
    for k, o in enumerate(offs):
        np.add(cost[lo + o:hi + o], wt[k], out=t)
        np.equal(t, here, out=pick)
        if k:  # (a multiply: numpy shifts bytes several times slower)
            np.multiply(bit, _BITS[k], out=bit)
        valid |= bit
    # a finite cost above 0 came from some neighbour (a finish cell's bits are all 0; an
    # unreachable cell's are not: inf equals inf + w)
    has = (valid != 0) & (here < math.inf)
    move = _FIRST_BIT.take(valid)
    tie = np.flatnonzero((valid & (valid - 1) != 0) & has)  # more than one bit set
    if len(tie):  # nearly all ties are of two moves: those at once, then any third, fourth...
        bits, first = valid.take(tie), move.take(tie)
        bits &= bits - 1
        second = _FIRST_BIT.take(bits)
        c1 = cost.take(lay.at.take(first) + tie)
        c2 = cost.take(lay.at.take(second) + tie)
        later = c2 < c1  # a strict <, here and below: the first of equal minima (moves ascending)
        best_k, best = np.where(later, second, first), np.where(later, c2, c1)
        bits &= bits - 1
        left = np.flatnonzero(bits)
        while len(left):
            ks = _FIRST_BIT.take(bits.take(left))
            c = cost.take(lay.at.take(ks) + tie.take(left))
            better = c < best.take(left)
            won = left[better]
            best[won], best_k[won] = c[better], ks[better]
            rest = bits.take(left)
            bits[left] = rest & (rest - 1)
            left = left[bits.take(left) != 0]
        move[tie] = best_k
    has2: np.ndarray = has.reshape(-1, lay.pw)[:, 1:-1]
    mv: np.ndarray = move.reshape(-1, lay.pw)[:, 1:-1]
    out: np.ndarray = here.reshape(-1, lay.pw)[:, 1:-1]
    if tr:  # back to row-major (h, w)
        has2, mv, out = has2.T, mv.T, out.T
    nxt = np.where(has2, lay.cells + lay.moves.take(mv), -1).ravel()
    return NavField(cost=out.copy(), next=nxt, width=w, height=h, tile=tile)
