"""What every World of one level shares for its observations (numpy only, no gymnasium).

`Tables` holds the padded terrain channels of a fresh World, the gather indices that read the
15x15 window at each of 72 turns in one `take`, the fog masks that blank the window's cells
beyond the weather's visibility (one precomputed mask per distinct cell distance, so the cut
costs one multiply and only in fog or at night), the markers that may be in senses range per map cell, and the flow
field's distances and "way ahead" points as Python lists (`Way`). Made once per level (the
grid at the start does not depend on the seed) and shared by every env and batched world.
"""
from __future__ import annotations

import bisect
import math

import numpy as np

from game.sim import World
from game.sim import terrain as T
from game.sim.markers import SENSES_RADIUS
from game.sim.navigation import NavField

__all__ = ["Tables", "Way", "CHANNELS", "GRID_CHANNELS", "GRID_SIZE", "PAD", "TURNS", "TURN", "WATER_CHANNELS"]

GRID_CHANNELS: tuple[str, ...] = ("solid", "fall", "slow", "ice", "seen")
GRID_SIZE = 15
HALF = GRID_SIZE // 2
PAD = 12  # > 7 * sqrt(2): a rotated window around a team on the map never leaves the padding
TURNS = 72  # the heading frame turns in steps of 5 degrees
TURN = 2 * math.pi / TURNS
AHEAD_STEPS = 3  # the "way ahead" is the flow field's cell this many steps on


def _channel_table() -> np.ndarray:
    """(codes + 1, channels) 0/1: each terrain code's channels; the last row is off the map.
    The "seen" channel is 1 everywhere here: the fog masks clear it beyond the visibility."""
    table = np.zeros((len(T.KINDS) + 1, len(GRID_CHANNELS)), dtype=np.float32)
    for code, kind in enumerate(T.KINDS):
        table[code] = (kind.solid, bool(kind.fall), kind.name in ("deep_snow", "overflow"),
                       kind.name in ("ice", "thin_ice"), 1.0)
    table[-1, 0] = table[-1, 4] = 1.0  # outside the map: a wall
    return table


CHANNELS = _channel_table()
OFF_MAP = len(T.KINDS)
WATER_CHANNELS = CHANNELS[T.CODE["water"]]


def _turn_offsets(padded_width: int) -> np.ndarray:
    """(TURNS, 225): for each turn of the window, the flat offset (in a padded grid of that
    width) from Balto's tile to the tile under each window cell's centre, row by row (row 0
    the farthest ahead, column 0 the farthest left)."""
    fwd, right = np.mgrid[HALF:-HALF - 1:-1, -HALF:HALF + 1].astype(np.float64)
    a = np.arange(TURNS)[:, None, None] * TURN
    s, c = np.sin(a), np.cos(a)
    # right (cos h, sin h) and forward (sin h, -cos h), from the centre of Balto's tile
    dx = np.floor(0.5 + right * c + fwd * s).astype(np.intp)
    dy = np.floor(0.5 + right * s - fwd * c).astype(np.intp)
    return (dy * padded_width + dx).reshape(TURNS, GRID_SIZE * GRID_SIZE)


def _gather_indices(turns: np.ndarray, plane: int) -> tuple[np.ndarray, int]:
    """(TURNS, channels, 15, 15) flat indices into the channels stack raveled, shifted by `lead`
    (so all are >= 0): index 0 is `lead` cells before Balto's tile in channel 0. One `take` on
    the raveled stack, sliced to start there, reads the whole window in its shape."""
    lead = int(-turns.min())
    chans = np.arange(len(GRID_CHANNELS), dtype=np.intp)[:, None] * plane
    idx = (turns + lead)[:, None, :] + chans[None, :, :]
    return np.ascontiguousarray(idx.reshape(TURNS, len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE)), lead


def window_distances(tile: float) -> np.ndarray:
    """(15, 15) px from the centre of Balto's tile to each window cell's centre (the same in
    every turn: the window turns about that centre)."""
    fwd, right = np.mgrid[HALF:-HALF - 1:-1, -HALF:HALF + 1].astype(np.float64)
    return np.hypot(fwd, right) * tile


class Fog:
    """The window's cells cut to a visibility: `radii`, the distinct cell distances (px,
    ascending), and `masks[k]`, (channels, 15, 15) float32, 1 on the cells no farther than
    radii[k - 1] (k = bisect_right(radii, visibility)). A cell is seen when its centre lies
    within the visibility of the centre of Balto's tile, the circle game.sim.human uses."""

    def __init__(self, tile: float) -> None:
        dist = window_distances(tile)
        self.radii: list[float] = sorted(set(dist.ravel().tolist()))
        self.clear = self.radii[-1]  # at this visibility or more every cell is seen
        masks = np.zeros((len(self.radii) + 1, len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE), dtype=np.float32)
        for k in range(1, len(self.radii) + 1):
            masks[k, :] = dist <= self.radii[k - 1]
        self.masks = masks

    def mask(self, visibility: float) -> np.ndarray:
        """The mask for this visibility (all ones at `clear` or more)."""
        return self.masks[bisect.bisect_right(self.radii, visibility)]


class Way:
    """A flow field's distance to the finish and the point `AHEAD_STEPS` cells on, per cell:
    `left` (px, inf off the field) as a list, and `cells`, a flat float64 memoryview of
    (left, ahead x, ahead y) per cell (NaN ahead: off the field), the three a step reads
    side by side in memory."""

    def __init__(self, nav: NavField) -> None:
        self.nav = nav
        length = nav.length.ravel()
        self.left: list[float] = length.tolist()
        nxt = nav.next.ravel()
        cur = np.arange(len(nxt))
        for _ in range(AHEAD_STEPS):
            step = nxt[cur]
            cur = np.where(step >= 0, step, cur)
        off = (nxt < 0) & ~np.isfinite(nav.cost.ravel())
        ts = float(nav.tile)
        table = np.empty((len(nxt), 3), dtype=np.float64)
        table[:, 0] = length
        table[:, 1] = np.where(off, np.nan, (cur % nav.width + 0.5) * ts)
        table[:, 2] = np.where(off, np.nan, (cur // nav.width + 0.5) * ts)
        self.table = table
        self.cells = table.reshape(-1).data  # a memoryview: Python floats, no numpy scalars


def _marker_cells(markers: list[tuple[float, float]], width: int, height: int,
                  tile: float) -> list[tuple[tuple[float, float, int], ...]]:
    """Per map cell, the markers (x, y, index) that may lie within senses range of a point in it
    (within the radius plus half the cell's diagonal of its centre), so a step looks at those
    alone."""
    cells: list[tuple[tuple[float, float, int], ...]] = [()] * (width * height)
    reach = SENSES_RADIUS + tile * math.sqrt(0.5)
    for i, (x, y) in enumerate(markers):
        x0, x1 = max(0, int((x - reach) // tile)), min(width - 1, int((x + reach) // tile))
        y0, y1 = max(0, int((y - reach) // tile)), min(height - 1, int((y + reach) // tile))
        for cy in range(y0, y1 + 1):
            dy = (cy + 0.5) * tile - y
            for cx in range(x0, x1 + 1):
                dx = (cx + 0.5) * tile - x
                if dx * dx + dy * dy <= reach * reach:
                    c = cy * width + cx
                    cells[c] = (*cells[c], (x, y, i))
    return cells


class Tables:
    """The per-level tables (module docstring)."""

    def __init__(self, world: World) -> None:
        lvl = world.level
        codes = np.full((lvl.height + 2 * PAD, lvl.width + 2 * PAD), OFF_MAP, dtype=np.intp)
        codes[PAD:-PAD, PAD:-PAD] = np.asarray(world.grid, dtype=np.intp)
        self.padded_width = codes.shape[1]
        self.turns = _turn_offsets(self.padded_width)
        self.stack = np.ascontiguousarray(CHANNELS[codes].transpose(2, 0, 1))  # (5, H+2P, W+2P)
        self.gather, self.lead = _gather_indices(self.turns, codes.size)
        self.fog = Fog(float(lvl.tile_size))
        m = world.markers
        self.markers: list[tuple[float, float]] = list(zip(m.x.tolist(), m.y.tolist()))
        self.marker_cells = _marker_cells(self.markers, lvl.width, lvl.height, float(lvl.tile_size))
        self.way = Way(world.nav)
