"""The flow field again after some step costs rose: the human model's belief has seen thin ice or
overflow that looked like plain ice (game.sim.belief), and plans again many times a run.

`replan` gives, bit for bit, the field `build_nav(level, grid)` would give, but
recomputes only what changed. Costs can only rise, so a cell keeps its cost and its `next`
unless its own way to the finish (its chain of `next` links) uses an edge whose weight rose.
When no chain does (only when every changed cell is one the finish cannot be reached from:
a seen cell on some way breaks its own link), the field is kept as it is; otherwise the cells
of those chains ("affected") are found again by scipy's Dijkstra over them alone, from a source
whose edge into each affected cell weighs the best way in from its unaffected neighbours
(0 + that weight is exact, so every cost is the same sum of the same additions). Their
`next` follows build_nav's rule: the neighbour giving exactly the cost, the cheapest, then
the first in grid order. Anything else (a step that fell, a finish cell that changed), or a
repair of more than a quarter of the map, is a full build.
"""
from __future__ import annotations

import math

import numpy as np

from game.sim.leveldata import Level
from game.sim.nav_build import build_nav
from game.sim.nav_length import NO_LIMIT
from game.sim.navigation import MOVES, NavField, cell_costs, finish_cells

# `_edges` writes out build_nav's edge weight once more: the two must stay in step
# (tests/test_nav_replan.py compares their fields on every change).
# A repair costs about three times a full build per cell it finds again (and more memory): past
# a third of the map's cells the full build is the cheaper way; a quarter leaves a margin.
REPAIR_SHARE = 4


def replan(level: Level, nav: NavField, old_step: np.ndarray, grid: np.ndarray) -> tuple[NavField, np.ndarray]:
    """The field of `grid`, from `nav`, the field `build_nav(level, ...)` gave on a grid whose
    step costs were `old_step` (the same level: its finish objects unchanged); and the new step
    costs. (Lengths follow from `next`, so the new field's are its own.)"""
    step = cell_costs(grid)
    s_old, s_new = old_step.ravel(), step.ravel()
    changed = np.flatnonzero(s_new != s_old)
    if not len(changed):
        return nav, step
    if (s_new[changed] < s_old[changed]).any() or not np.array_equal(
            finish_cells(level, old_step), finish_cells(level, step)):
        return build_nav(level, grid), step
    w, h = nav.width, nav.height
    cost = nav.cost.ravel()
    nxt = nav.next
    roots = _broken_links(changed, s_new, cost, nxt, w, h)
    if not len(roots):
        return nav, step  # no way to the finish used a dearer edge: every cell keeps its plan
    affected = _descendants(roots, nxt, w * h)
    if len(affected) * REPAIR_SHARE > w * h:  # most of the map (a dearer edge by the finish):
        return build_nav(level, grid), step  # a full build is the cheaper way
    return _repair(nav, affected, s_new, w, h), step


def _edges(cells: np.ndarray, s: np.ndarray, w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of `cells` and each move in build_nav's order: the neighbour's flat index (0
    off the map), the edge's weight as build_nav computes it (inf off the map, into or out of
    an impassable cell, or a diagonal past an impassable corner), and whether it is on the map."""
    a = len(cells)
    cx, cy = cells % w, cells // w
    s_here = s[cells]
    weights = np.empty((a, 8))
    nbs = np.empty((a, 8), dtype=np.int64)
    on_map = np.empty((a, 8), dtype=bool)
    for k, (dx, dy, d) in enumerate(MOVES):  # build_nav's order: the first of equals, smallest index
        ok = (cx + dx >= 0) & (cx + dx < w) & (cy + dy >= 0) & (cy + dy < h)
        nb = np.where(ok, cells + dy * w + dx, 0)
        wk = (s[nb] + s_here) * (d * 0.5)
        if dx and dy:  # no corner cutting past an impassable cell
            side_a = np.where(ok, cells + dx, 0)
            side_b = np.where(ok, cells + dy * w, 0)
            wk[np.isinf(s[side_a]) | np.isinf(s[side_b])] = math.inf
        wk[~ok] = math.inf
        weights[:, k], nbs[:, k], on_map[:, k] = wk, nb, ok
    return nbs, weights, on_map


def _broken_links(changed: np.ndarray, s: np.ndarray, cost: np.ndarray, nxt: np.ndarray,
                  w: int, h: int) -> np.ndarray:
    """The cells next to (or on) a changed step whose link to their `next` no longer gives
    their cost: the roots of the affected chains. Only a link touching a changed cell, or a
    diagonal past its corner (both ends beside it), can have changed its weight."""
    cy, cx = changed // w, changed % w
    near = [(y * w + x)[(x >= 0) & (x < w) & (y >= 0) & (y < h)]
            for y, x in ((cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))]
    cells = np.unique(np.concatenate(near))
    cells = cells[nxt[cells] >= 0]
    p = nxt[cells]
    nbs, weights, on_map = _edges(cells, s, w, h)
    link = np.where(on_map & (nbs == p[:, None]), weights, math.inf).min(axis=1)
    out: np.ndarray = cells[cost[p] + link != cost[cells]]
    return out


def _descendants(roots: np.ndarray, nxt: np.ndarray, n: int) -> np.ndarray:
    """Flat indexes, ascending, of the roots and every cell whose chain of `next` links passes
    through one (a breadth-first walk down the tree of links, in C)."""
    from scipy.sparse import csr_matrix  # loaded already: the field was built with scipy
    from scipy.sparse.csgraph import breadth_first_order

    kids = np.flatnonzero(nxt >= 0)
    rows = np.concatenate([nxt[kids], np.full(len(roots), n, dtype=np.int64)])
    cols = np.concatenate([kids, roots])
    down = csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n + 1, n + 1))
    order = breadth_first_order(down, n, directed=True, return_predecessors=False)
    out: np.ndarray = np.sort(order[order != n]).astype(np.int64)
    return out


def _repair(nav: NavField, cells: np.ndarray, s: np.ndarray, w: int, h: int) -> NavField:
    """The field with the costs and links of `cells` found again over them alone."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n, a = w * h, len(cells)
    old = nav.cost.ravel()
    ids = np.full(n, -1, dtype=np.int64)
    ids[cells] = np.arange(a)
    nbs, weights, on_map = _edges(cells, s, w, h)
    inside = on_map & (ids[nbs] >= 0)
    # The way in from the unaffected neighbours: the best of their kept cost + the edge.
    outside = ~inside & np.isfinite(weights)
    entry = np.where(outside, old[nbs] + weights, math.inf).min(axis=1)
    data = np.where(inside, weights, math.inf).ravel()
    cols = np.where(inside, ids[nbs], 0).ravel()
    src = np.flatnonzero(np.isfinite(entry))
    graph = csr_matrix((np.concatenate([data, entry[src]]), np.concatenate([cols, src]),
                        np.concatenate([np.arange(0, 8 * a + 1, 8), [8 * a + len(src)]])),
                       shape=(a + 1, a + 1))
    found = np.asarray(dijkstra(graph, directed=True, indices=a, min_only=True, limit=NO_LIMIT),
                       dtype=np.float64)[:a]
    cost = old.copy()
    cost[cells] = found
    # next: among the neighbours giving exactly the cost, the cheapest, then the first move.
    here = cost[cells]
    best = np.full(a, math.inf)
    move = np.full(a, -1, dtype=np.int64)
    for k in range(8):
        c = cost[nbs[:, k]]
        take = (c + weights[:, k] == here) & (c < best)
        best[take] = c[take]
        move[take] = k
    has = np.isfinite(here) & (here > 0.0) & (move >= 0)
    new_next = nav.next.copy()
    new_next[cells] = np.where(has, nbs[np.arange(a), np.maximum(move, 0)], -1)
    return NavField(cost=cost.reshape(h, w), next=new_next, width=w, height=h, tile=nav.tile)
