"""The flow field's fast build: cell for cell the field `game.sim.nav_heap`'s plain heap
Dijkstra gives (`game.sim.navigation.NavField`), computed with scipy's Dijkstra in C over an
undirected CSR graph of the grid's moves, and numpy around it for the weights and each cell's
step.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from game.sim.leveldata import Level
from game.sim.nav_length import NO_LIMIT
from game.sim.navigation import MAX_STEP, MOVES, NavField, cell_costs, finish_cells

# Each diagonal's column in MOVES -> the columns of the two orthogonal moves beside it.
_CORNERS = {0: (1, 3), 2: (1, 4), 5: (3, 6), 7: (4, 6)}
_DIST_LIST = [d for _, _, d in MOVES]
_BITS = [np.uint8(1 << k) for k in range(8)]
_FIRST_BIT = np.array([(b & -b).bit_length() - 1 if b else 0 for b in range(256)], dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class _Layout:
    """See `_layout`. offs: the moves' offsets in the stored grid, fwd: the four moves whose
    offset is positive there (each graph row's edges, `cols`), at: the stored index of each
    move's neighbour of graph row 0 (offs + lo); moves: the offsets in the plain row-major
    grid, cells: its indexes (h, w)."""

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
LAYOUTS_KEPT = 8  # map shapes whose index arrays are kept (a 1024 x 1024 map's: about 29 MB)
# Up to this many graph rows (cells with their border), scipy gets the finite weights alone,
# compacted into kept arrays of 13 bytes an edge; on a bigger map the kept arrays would cost
# more memory than the faster search is worth, and it gets every edge, as before.
COMPACT_CELLS = 1 << 16


def _layout(h: int, w: int) -> _Layout:
    """The index arrays of the fast build for one map shape (cached, read only: a world's
    rebuild after thin ice broke, and every run on the level, share them).

    Cells live in a flat array of the grid, stored transposed (`tr`) when it is wider than
    tall: the short side then runs along memory, so the band of cells Dijkstra works on as it
    sweeps along the long side lies closer together (scipy runs faster so). The stored grid
    has a one-cell border of impassable cells and one extra cell at each end, so that every
    move from a stored row inside, border columns included, stays in the array. Rows lo..hi
    of the graph are those inside rows; each lists the four moves of positive offset (`fwd`),
    and scipy's undirected search takes each edge both ways, as the heap does: a move and its
    reverse have one weight (a forbidden move gets an infinite weight, which never improves a
    cost). Half the edges to write and compact, and scipy's search, its own transpose
    included, runs a little faster than over all eight moves of a directed graph (measured:
    docs/performance.md, issue #13's seventh session). Any graph of the same edges gives the
    same costs, and `next` does not read it."""
    got = _LAYOUTS.get((h, w))
    if got is None:
        if len(_LAYOUTS) >= LAYOUTS_KEPT:
            _LAYOUTS.clear()
        tr = w > h
        rows, pw = (w, h + 2) if tr else (h, w + 2)
        size = (rows + 2) * pw + 2
        lo, hi = 1 + pw, 1 + pw + rows * pw
        offs = [dx * pw + dy if tr else dy * pw + dx for dx, dy, _ in MOVES]
        fwd = [k for k in range(8) if offs[k] > 0]
        cols = (np.arange(lo, hi, dtype=np.int32)[:, None]
                + np.array([offs[k] for k in fwd], dtype=np.int32)).ravel()
        indptr = np.clip((np.arange(size + 1, dtype=np.int64) - lo) * 4, 0,
                         (hi - lo) * 4).astype(np.int32)
        moves = np.array([dy * w + dx for dx, dy, _ in MOVES], dtype=np.int64)
        got = _LAYOUTS[(h, w)] = _Layout(tr, pw, size, lo, hi, offs, fwd, cols, indptr,
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
        """flat, the four forward weight rows (fwd_w), data, tmp, valid, pick (flat's border
        stays inf); on a map of up to COMPACT_CELLS cells, `_finite_edges`' finite, kept,
        kept_cols and indptr too (indptr's first lo + 1 stay 0)."""
        key = (lay.size, lay.pw, lay.tr)  # (h, w) and (w, h) store alike, move differently
        got = self.by_shape.get(key)
        if got is None:
            if len(self.by_shape) >= 2:  # about 6.5 MB a shape of 640 x 72 cells
                self.by_shape.clear()
            m = lay.hi - lay.lo
            got = self.by_shape[key] = [
                np.full(lay.size, math.inf), *(np.empty(m + lay.offs[k]) for k in lay.fwd),
                np.empty(m * 4), np.empty(m + max(lay.offs)), np.empty(m, dtype=np.uint8),
                np.empty(m, dtype=bool)]
            if m <= COMPACT_CELLS:
                got += [np.empty(m * 4, dtype=bool), np.empty(m * 4),
                        np.empty(m * 4, dtype=np.int32), np.zeros(lay.size + 1, dtype=np.int32)]
        return got


_SCRATCH = _Scratch()
_BYTE_SUM = np.uint32(0x0101_0101)  # x * this: the sum of x's four bytes in its top byte


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
    per_row = finite.view(np.uint32) * _BYTE_SUM  # each row's four flags, summed
    per_row >>= np.uint32(24)
    # (summed as int32, indptr's type: a cumsum casting into it runs buffered, 7x slower)
    np.cumsum(per_row.astype(np.int32), out=indptr[lay.lo + 1:lay.hi + 1])
    indptr[lay.hi + 1:] = n
    return kept[:n], kept_cols[:n], indptr


def build_nav(level: Level, grid: np.ndarray | list[list[int]] | None = None) -> NavField:
    """Dijkstra from every finish cell over passable terrain (the level's, or a world's own
    grid once thin-ice rectangles have changed it): cell for cell the field
    `nav_heap.build_nav_reference` gives, in C (scipy) instead of a Python heap loop.

    Why identical: edge weights use the same float expression (a move and its reverse share
    one: adding two step costs does not depend on their order, so scipy's undirected search
    takes each edge both ways at the heap's weight), and each cost is the unique
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
    work = _SCRATCH.get(lay)
    flat, *fwd_w, data, tmp, valid, pick = work[:9]
    edges = work[9:]  # `_finite_edges`' arrays (none on a big map: scipy gets every edge)
    flat[1:-1].reshape(-1, lay.pw)[1:-1, 1:-1] = step.T if tr else step
    n = h * w
    seeds = finish_cells(level, step)
    del step  # flat holds it: less memory in use while scipy works (page faults)
    if not len(seeds):
        return NavField(cost=np.full((h, w), math.inf), next=np.full(n, -1, dtype=np.int64),
                        width=w, height=h, tile=tile)
    # fwd_w[i][x], k = lay.fwd[i]: the move k from cell lo - offs[k] + x, as the heap computes it:
    # d * (step there + step here) * 0.5 (inf if either end is impassable). Move 7 - k from
    # cell c is the same edge backwards: fwd_w[i][c - lo]. No corner cutting past a tree or
    # water: a diagonal's sum becomes inf where either cell beside it is (the max with that
    # cell's cost - MAX_STEP, at most 0, below any finite sum: the sum's bits elsewhere).
    wt = [data[:0]] * 8
    for k, wk in zip(lay.fwd, fwd_w):  # (d * s) * 0.5 is s * (d * 0.5): halving is exact
        o = offs[k]
        np.add(flat[lo:hi + o], flat[lo - o:hi], out=wk)
        if k in _CORNERS:
            a, b = (offs[c] for c in _CORNERS[k])
            t = tmp[:m + o]
            np.maximum(flat[lo - o + a:hi + a], flat[lo - o + b:hi + b], out=t)
            t -= MAX_STEP
            np.maximum(wk, t, out=wk)
        wk *= _DIST_LIST[k] * 0.5
        wt[k], wt[7 - k] = wk[o:], wk[:m]
    rows = data.reshape(m, 4)  # scipy's weights, written last: warm in the cache for it
    for j, k in enumerate(lay.fwd):
        rows[:, j] = wt[k]
    sy, sx = np.divmod(seeds, w)
    seeds_f = ((sx + 1) * lay.pw + sy if tr else (sy + 1) * lay.pw + sx) + 2
    arrays = _finite_edges(lay, data, *edges) if edges else (data, lay.cols, lay.indptr)
    graph = csr_matrix(arrays, shape=(lay.size,) * 2)
    cost = np.asarray(dijkstra(graph,
                               directed=False, indices=seeds_f, min_only=True, limit=NO_LIMIT),
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
