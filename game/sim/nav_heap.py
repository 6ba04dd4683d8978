"""The flow field by a plain heap Dijkstra in Python: exact and simple, for two jobs.

- `repair_nav`: after thin ice breaks under a bear, the field is recomputed in a window around
  the new water, seeded from the unchanged field at the window's edge (a full rebuild would be
  a hitch in play). It works on the window's cells alone, so it costs the window, not the map.
- `build_nav_reference`: the whole field, the definition the fast build
  (`nav_build.build_nav`, scipy) must match cell for cell: the tests' oracle.

The heap pops the smallest (cost, index) first, and a window's own indexes run in the same
order as the map's (row by row), so a repair relaxes its cells in the same order however they
are numbered: the same field, bit for bit.
"""
from __future__ import annotations

import heapq
import math

import numpy as np

from game.sim.leveldata import Level
from game.sim.nav_length import DIAG
from game.sim.navigation import LengthPatch, NavField, cell_costs, finish_cells

_MOVES = ((1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0),
          (1, 1, DIAG), (1, -1, DIAG), (-1, 1, DIAG), (-1, -1, DIAG))
REPAIR_RADIUS = 24  # cells around new obstacles that a repair recomputes
MAX_PATCHES = 8  # repairs whose lengths stack on one field before the table is made whole


def _dijkstra(step: list[float], w: int, h: int, tile: int, heap: list[tuple[float, int]],
              cost: list[float], length: list[float], nxt: list[int]) -> None:
    """Relax outward from the seeds in `heap` over a w x h grid of cells (indexes y * w + x)."""
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    inf = math.inf
    while heap:
        c, i = pop(heap)
        if c > cost[i]:
            continue
        cy, cx = divmod(i, w)
        for dx, dy, d in _MOVES:
            nx, ny = cx + dx, cy + dy
            if nx < 0 or ny < 0 or nx >= w or ny >= h:
                continue
            j = ny * w + nx
            sj = step[j]
            if sj == inf:
                continue
            if dx and dy and (step[cy * w + nx] == inf or step[ny * w + cx] == inf):
                continue  # never cut a corner past a tree or the water's edge
            # the same both ways (sj + step[i] is step[i] + sj): build_nav's undirected
            # graph holds each edge once and relies on it
            nc = c + d * (sj + step[i]) * 0.5
            if nc < cost[j]:
                cost[j] = nc
                length[j] = length[i] + d * tile
                nxt[j] = i
                push(heap, (nc, j))


def build_nav_reference(level: Level, grid: np.ndarray | list[list[int]] | None = None) -> NavField:
    """The flow field by a plain heap Dijkstra in Python: the definition `build_nav` (fast,
    vectorised) must match cell for cell; kept as the tests' oracle."""
    h, w, tile = level.height, level.width, level.tile_size
    terrain = level.terrain if grid is None else np.asarray(grid, dtype=np.uint8)
    step_arr = cell_costs(terrain)
    step = step_arr.ravel().tolist()
    n = w * h
    cost = [math.inf] * n
    length = [math.inf] * n
    nxt = [-1] * n
    heap: list[tuple[float, int]] = []
    for i in finish_cells(level, step_arr).tolist():
        cost[i] = 0.0
        length[i] = 0.0
        heap.append((0.0, i))
    _dijkstra(step, w, h, tile, heap, cost, length, nxt)
    return NavField(
        cost=np.array(cost).reshape(h, w),
        given_length=np.array(length).reshape(h, w),
        next=np.array(nxt, dtype=np.int64),
        width=w, height=h, tile=tile,
    )


def repair_nav(nav: NavField, grid: list[list[int]], cells: list[int]) -> NavField:
    """The flow field after `cells` became impassable (ice broken under a bear), recomputed in
    a window around them, seeded from the unchanged field at the window's edge: a cell keeps
    its cost when it is a finish or its way leaves the window; every other cell of the window
    is found again from those. Ways that entered the window now lead around the new water,
    which is all the autopilot needs."""
    w, h = nav.width, nav.height
    ys = [c // w for c in cells]
    xs = [c % w for c in cells]
    x0, y0 = max(min(xs) - REPAIR_RADIUS, 0), max(min(ys) - REPAIR_RADIUS, 0)
    x1, y1 = min(max(xs) + REPAIR_RADIUS + 1, w), min(max(ys) + REPAIR_RADIUS + 1, h)
    ww, wh = x1 - x0, y1 - y0
    # Step costs for the window, with a one-cell margin so the near-danger rule sees neighbours.
    mx0, my0, mx1, my1 = max(x0 - 1, 0), max(y0 - 1, 0), min(x1 + 1, w), min(y1 + 1, h)
    sub = np.asarray([row[mx0:mx1] for row in grid[my0:my1]], dtype=np.uint8)
    step = cell_costs(sub)[y0 - my0:y0 - my0 + wh, x0 - mx0:x0 - mx0 + ww].ravel().tolist()
    cost = nav.cost[y0:y1, x0:x1].ravel().tolist()
    length = [math.inf] * (ww * wh)  # the kept cells' lengths below, the found ones' by _dijkstra
    kept = nav.next.reshape(h, w)[y0:y1, x0:x1].ravel().tolist()  # map indexes
    nxt = [-1] * (ww * wh)  # window indexes, for the cells the repair finds again
    inf = math.inf
    heap: list[tuple[float, int]] = []
    for k in range(ww * wh):
        j = kept[k]
        leaves = j >= 0 and not (x0 <= j % w < x1 and y0 <= j // w < y1)
        if step[k] == inf:
            cost[k] = inf
            kept[k] = -1
        elif cost[k] == 0.0 or (leaves and cost[k] < inf):
            length[k] = nav.length_of((y0 + k // ww) * w + x0 + k % ww)
            heap.append((cost[k], k))  # a finish cell, or its way leaves the window: kept
        else:
            cost[k] = inf
            kept[k] = -1
    _dijkstra(step, ww, wh, nav.tile, heap, cost, length, nxt)
    for k, i in enumerate(nxt):
        if i >= 0:  # found again (or improved): a window index, as a map index
            kept[k] = (y0 + i // ww) * w + x0 + i % ww
    new_cost, new_next = nav.cost.copy(), nav.next.copy()
    new_cost[y0:y1, x0:x1] = np.array(cost).reshape(wh, ww)
    new_next.reshape(h, w)[y0:y1, x0:x1] = np.array(kept, dtype=np.int64).reshape(wh, ww)
    # Lengths: the window's here, the old field's elsewhere, asked of it only when read (its
    # whole table is not built for a repair); a deep stack of repairs is made one table.
    below = nav.given_length.depth if isinstance(nav.given_length, LengthPatch) else 0
    patch = LengthPatch(nav, x0, y0, x1, y1, np.array(length).reshape(wh, ww), below + 1)
    return NavField(cost=new_cost, next=new_next, width=w, height=h, tile=nav.tile,
                    given_length=patch if patch.depth <= MAX_PATCHES else patch.table())
