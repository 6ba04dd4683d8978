"""A scrolling picture of a group of tile layers, the size of the view plus a tile each way.

What pyscroll's BufferedRenderer does, kept for what we have that it lacks: layers that share
a parallax and offset are composed into one buffer; when the camera crosses a tile boundary
the buffer is scrolled and only the newly exposed strip is drawn; when an animated tile
changes frame only the cells that show it are redrawn in place (every layer of the cell, in
order, so tiles over the water stay over it). A frame is then one blit of the buffer at the
camera's pixel offset. The pixels are those of the chunk path in game.render.tiles.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pygame

from game.sim.leveldata import Level

TileOf = Callable[[int], pygame.Surface]
CLEAR = (0, 0, 0, 0)


class ViewBuffer:
    """The tile layers `layers` (same parallax and offset, fully opaque layers, tiles one
    cell in size) of `level` for a view of `size` px."""

    def __init__(self, level: Level, layers: Sequence[int], size: tuple[int, int], tile: TileOf,
                 animated: set[int], opaque: Callable[[int], bool]) -> None:
        self.level = level
        self.ts = ts = level.tile_size
        self.layer = level.layers[layers[0]]  # parallax and offset of the whole group
        self.gids = np.stack([level.layers[i].gids for i in layers])  # (layers, rows, cols)
        self.grid: list[list[list[int]]] = self.gids.tolist()  # the same as lists: faster per cell
        self.tile = tile
        self.cols, self.rows = size[0] // ts + 2, size[1] // ts + 2
        self.origin: tuple[int, int] | None = None  # map cell of the buffer's top-left cell
        group_anim = sorted(int(g) for g in np.unique(self.gids) if int(g) in animated)
        self.anim_gids = np.array(group_anim, dtype=self.gids.dtype)
        self.shown: dict[int, int] = {}  # animated gid -> the frame drawn in the buffer
        self._anims = [(g, level.tiles[g].animation, sum(d for _, d in level.tiles[g].animation) or 1)
                       for g in group_anim]
        self._span = (0, -1)  # the game times (ms) for which `shown` is every tile's frame
        if group_anim:
            rows, cols = np.nonzero(np.isin(self.gids, self.anim_gids).any(axis=0))
            self.anim_cells = np.stack([rows, cols], axis=1)
        else:
            self.anim_cells = np.zeros((0, 2), dtype=np.int64)
        bottom = self.gids[0]
        frames = {f for g in group_anim for f, _ in level.tiles[g].animation}
        self.opaque = bool(bottom.all()) and all(opaque(int(g)) for g in np.unique(bottom)) \
            and all(opaque(f) for f in frames)
        px = (self.cols * ts, self.rows * ts)
        if self.opaque:
            self.surf = pygame.Surface(px)
        else:
            self.surf = pygame.Surface(px, pygame.SRCALPHA)
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            self.surf = self.surf.convert() if self.opaque else self.surf.convert_alpha()

    def _frames(self, ms: int) -> dict[int, int]:
        """Each animated gid's frame at `ms` (as TileRenderer.frame_gid), and until when
        none of them changes."""
        out: dict[int, int] = {}
        until = ms + (1 << 40)
        for g, seq, total in self._anims:
            t = ms % total
            f, left = seq[-1][0], 1
            for fg, d in seq:
                if t < d:
                    f, left = fg, d - t
                    break
                t -= d
            out[g] = f
            until = min(until, ms + left)
        self._span = (ms, until)
        return out

    def _draw_cells(self, c0: int, r0: int, c1: int, r1: int, frames: dict[int, int]) -> None:
        """Redraw the map cells [c0, c1) x [r0, r1) (clipped to the map and the buffer)."""
        bx, by = self.origin or (0, 0)
        c0, r0 = max(c0, bx, 0), max(r0, by, 0)
        c1, r1 = min(c1, bx + self.cols, self.level.width), min(r1, by + self.rows, self.level.height)
        if c0 >= c1 or r0 >= r1:
            return
        ts = self.ts
        if not self.opaque:
            self.surf.fill(CLEAR, ((c0 - bx) * ts, (r0 - by) * ts, (c1 - c0) * ts, (r1 - r0) * ts))
        tile = self.tile
        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        add = blits.append
        cols = range(c0, c1)
        for grid in self.grid:  # layer by layer, in order
            for r in range(r0, r1):
                row = grid[r]
                y = (r - by) * ts
                for c in cols:
                    g = row[c]
                    if g:
                        add((tile(frames.get(g, g)), ((c - bx) * ts, y)))
        self.surf.fblits(blits)

    def _redraw_changed(self, frames: dict[int, int]) -> None:
        """Cells in the buffer showing an animated tile whose frame changed: redrawn in place."""
        changed = [g for g, f in frames.items() if self.shown.get(g) != f]
        self.shown = frames
        if not changed or self.origin is None:
            return
        bx, by = self.origin
        cells = self.anim_cells
        cells = cells[(cells[:, 0] >= by) & (cells[:, 0] < by + self.rows)
                      & (cells[:, 1] >= bx) & (cells[:, 1] < bx + self.cols)]
        if not len(cells):
            return
        if len(changed) < len(frames):
            stacks = self.gids[:, cells[:, 0], cells[:, 1]]
            cells = cells[np.isin(stacks, np.array(changed, dtype=self.gids.dtype)).any(axis=0)]
        ts = self.ts
        rows, cols = cells[:, 0] - by, cells[:, 1] - bx
        if not self.opaque:
            for r, c in zip(rows.tolist(), cols.tolist()):
                self.surf.fill(CLEAR, (c * ts, r * ts, ts, ts))
        tile = self.tile
        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        for stack in self.gids[:, cells[:, 0], cells[:, 1]].tolist():  # layer by layer, in order
            blits.extend((tile(frames.get(g, g)), (c * ts, r * ts))
                         for r, c, g in zip(rows.tolist(), cols.tolist(), stack) if g)
        self.surf.fblits(blits)

    def _move(self, bx: int, by: int, frames: dict[int, int]) -> None:
        """Put the buffer's top-left cell at (bx, by): scroll and draw the exposed strips."""
        old = self.origin
        self.origin = (bx, by)
        cols, rows = self.cols, self.rows
        if old is None or abs(bx - old[0]) >= cols or abs(by - old[1]) >= rows:
            self._draw_cells(bx, by, bx + cols, by + rows, frames)
            return
        dx, dy = bx - old[0], by - old[1]
        ts = self.ts
        self.surf.scroll(-dx * ts, -dy * ts)
        if dx > 0:
            self._draw_cells(bx + cols - dx, by, bx + cols, by + rows, frames)
        elif dx < 0:
            self._draw_cells(bx, by, bx - dx, by + rows, frames)
        if dy > 0:
            self._draw_cells(bx, by + rows - dy, bx + cols, by + rows, frames)
        elif dy < 0:
            self._draw_cells(bx, by, bx + cols, by - dy, frames)

    def draw(self, surface: pygame.Surface, ox: int, oy: int, ms: int) -> None:
        """Draw the layers onto `surface`, the layer's (0, 0) at (ox, oy) (screen px)."""
        ts = self.ts
        bx, by = (-ox) // ts, (-oy) // ts
        lo, hi = self._span
        fresh = not lo <= ms < hi and bool(self._anims)
        if fresh:
            frames = self._frames(ms)
            if (bx, by) != self.origin:
                self._move(bx, by, frames)
            self._redraw_changed(frames)
        elif (bx, by) != self.origin:
            self._move(bx, by, self.shown)
        # Only the part of the buffer inside the map: what lies outside stays as it was.
        c0 = bx if bx > 0 else 0
        r0 = by if by > 0 else 0
        c1 = min(bx + self.cols, self.level.width)
        r1 = min(by + self.rows, self.level.height)
        if c0 >= c1 or r0 >= r1:
            return
        # Cut to the surface's clip first: pygame-ce copies a whole clipped source on some
        # destination alignments (a 640x360 copy for an 88x88 clip under the fog: 40 us).
        x, y = ox + c0 * ts, oy + r0 * ts
        shown = surface.get_clip().clip(x, y, (c1 - c0) * ts, (r1 - r0) * ts)
        if shown.w and shown.h:
            surface.blit(self.surf, shown, (shown.x - ox - bx * ts, shown.y - oy - by * ts, shown.w, shown.h))
