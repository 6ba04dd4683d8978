"""A flow field toward the finish over the terrain grid: the autopilot's map and the HUD's miles.

Computed once per level with Dijkstra over 8-connected cells. Each cell gets the weighted cost
to the finish (trail is cheap, deep snow dear, cells beside trees or water dearer still) and
the plain length in pixels of that cheapest way.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from game.sim import terrain as T
from game.sim.leveldata import Level

# Cost of walking one cell of each terrain kind (inf = impassable).
_STEP_COST = {
    "snow": 1.8, "trail": 1.0, "deep_snow": 4.0, "ice": 1.3, "thin_ice": 3.0, "overflow": 4.0,
}
_NEAR_DANGER = 3.0  # added to cells that touch a solid or a fall cell
UNREACHABLE = math.inf


@dataclass(frozen=True, slots=True)
class NavField:
    """cost: weighted cost to the finish per cell; length: px along that way; next: the
    flat index of the neighbouring cell one step closer (-1 at the finish or unreachable)."""

    cost: np.ndarray
    length: np.ndarray
    next: np.ndarray
    width: int
    height: int
    tile: int

    def cell(self, x: float, y: float) -> int:
        """Flat index of the cell under a pixel position (clamped into the map)."""
        cx = min(max(int(x // self.tile), 0), self.width - 1)
        cy = min(max(int(y // self.tile), 0), self.height - 1)
        return cy * self.width + cx

    def length_at(self, x: float, y: float) -> float:
        """Pixels left to the finish along the cheapest way from here (inf if none)."""
        return float(self.length.flat[self.cell(x, y)])

    def ahead(self, x: float, y: float, steps: int) -> tuple[float, float] | None:
        """The centre of the cell `steps` cells further along the way, or None off the field."""
        i = self.cell(x, y)
        nxt = self.next
        if nxt[i] < 0 and not math.isfinite(self.cost.flat[i]):
            return None
        for _ in range(steps):
            j = nxt[i]
            if j < 0:
                break
            i = j
        cy, cx = divmod(int(i), self.width)
        return ((cx + 0.5) * self.tile, (cy + 0.5) * self.tile)


def cell_costs(grid: np.ndarray) -> np.ndarray:
    """Per-cell step cost from a terrain grid; inf where the team cannot go."""
    table = np.array([_STEP_COST.get(name, math.inf) for name in T.NAMES], dtype=np.float64)
    cost = table[grid]
    danger = T.BLOCKED_MASK[grid]
    near = np.zeros_like(danger)
    near[1:, :] |= danger[:-1, :]
    near[:-1, :] |= danger[1:, :]
    near[:, 1:] |= danger[:, :-1]
    near[:, :-1] |= danger[:, 1:]
    cost = cost + np.where(near & ~danger, _NEAR_DANGER, 0.0)
    return cost


def build_nav(level: Level, grid: np.ndarray | list[list[int]] | None = None) -> NavField:
    """Dijkstra from every finish cell over passable terrain (the level's, or a world's own
    grid once thin-ice rectangles and broken ice have changed it)."""
    h, w, tile = level.height, level.width, level.tile_size
    terrain = level.terrain if grid is None else np.asarray(grid, dtype=np.uint8)
    step = cell_costs(terrain).ravel().tolist()
    n = w * h
    cost = [math.inf] * n
    length = [math.inf] * n
    nxt = [-1] * n
    heap: list[tuple[float, int]] = []
    for fin in level.of_kind("finish"):
        x0 = max(int(fin.x // tile), 0)
        y0 = max(int(fin.y // tile), 0)
        x1 = min(int(math.ceil((fin.x + fin.width) / tile)), w)
        y1 = min(int(math.ceil((fin.y + fin.height) / tile)), h)
        for cy in range(y0, y1):
            for cx in range(x0, x1):
                i = cy * w + cx
                if step[i] < math.inf and cost[i] > 0:
                    cost[i] = 0.0
                    length[i] = 0.0
                    heap.append((0.0, i))
    heapq.heapify(heap)
    diag = math.sqrt(2.0)
    moves = ((1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0),
             (1, 1, diag), (1, -1, diag), (-1, 1, diag), (-1, -1, diag))
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        c, i = pop(heap)
        if c > cost[i]:
            continue
        cy, cx = divmod(i, w)
        for dx, dy, d in moves:
            nx, ny = cx + dx, cy + dy
            if nx < 0 or ny < 0 or nx >= w or ny >= h:
                continue
            j = ny * w + nx
            sj = step[j]
            if sj == math.inf:
                continue
            if dx and dy and (step[cy * w + nx] == math.inf or step[ny * w + cx] == math.inf):
                continue  # never cut a corner past a tree or the water's edge
            nc = c + d * (sj + step[i]) * 0.5
            if nc < cost[j]:
                cost[j] = nc
                length[j] = length[i] + d * tile
                nxt[j] = i
                push(heap, (nc, j))
    return NavField(
        cost=np.array(cost).reshape(h, w),
        length=np.array(length).reshape(h, w),
        next=np.array(nxt, dtype=np.int64),
        width=w, height=h, tile=tile,
    )
