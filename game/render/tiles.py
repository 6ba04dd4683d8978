"""Draw a Level's tile layers: static tiles pre-rendered into cached chunks, animated tiles
drawn on top each frame.

Each source image is loaded once; tiles are cut from it and flipped as their flags say.
Missing images give a flat palette-coloured tile so a level always draws.
"""
from __future__ import annotations

import io
import os
import struct
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pygame

from game.files import FileProblem, read_capped, read_head
from game.render.tile_buffer import ViewBuffer
from game.sim import terrain as T
from game.sim.leveldata import Level, TileImage, TileLayer

CHUNK = 16  # tiles per chunk side
MAX_CHUNKS = 40  # cached chunks per layer (least recently used ones are dropped)
MAX_BUFFERS = 4  # drawing plans kept, with their view buffers (one per view size and layers)
MAX_BUFFER_PIXELS = 1280 * 736  # larger surfaces (whole-level pictures) are drawn from chunks
MAX_DECODE_PIXELS = 4096 * 4096  # an image larger than this (64 MB decoded) is never decoded

# One group of layers: its view buffer (None: drawn from chunks), first layer, parallax, offset.
Step = tuple[ViewBuffer | None, int, float, float, float, float]

# Colours for tiles whose image is missing, by terrain (palette names).
_FALLBACK = {
    "snow": (208, 222, 240), "trail": (172, 158, 152), "deep_snow": (244, 248, 255),
    "ice": (112, 182, 212), "thin_ice": (176, 228, 240), "overflow": (62, 122, 158),
    "tree": (34, 84, 64), "rock": (98, 100, 116), "building": (118, 76, 48),
    "water": (24, 82, 108), "cliff": (56, 58, 72),
}


def has_display() -> bool:
    """True when a display surface exists (convert/convert_alpha are allowed)."""
    return pygame.display.get_init() and pygame.display.get_surface() is not None


def _resolve(source: str, level_path: str) -> Path | None:
    p = Path(source)
    if p.is_file():
        return p
    for base in (Path(level_path).parent, Path.cwd()):
        q = base / source
        if q.is_file():
            return q
    q = Path(level_path).parent / p.name
    return q if q.is_file() else None


def image_size(path: Path) -> tuple[int, int] | None:
    """An image's size from its header (PNG, GIF, BMP or JPEG), without decoding it; None
    when the file is none of these or its header is broken."""
    try:
        data = read_head(path, 65536, "image")  # a regular file only: never a FIFO or a device
        with io.BytesIO(data) as f:
            head = f.read(32)
            if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
                w, h = struct.unpack(">II", head[16:24])
                return int(w), int(h)
            if head[:6] in (b"GIF87a", b"GIF89a"):
                w, h = struct.unpack("<HH", head[6:10])
                return int(w), int(h)
            if head[:2] == b"BM" and len(head) >= 26:
                w, h = struct.unpack("<ii", head[18:26])
                return abs(int(w)), abs(int(h))
            if head[:2] == b"\xff\xd8":
                return _jpeg_size(f)
    except (FileProblem, struct.error):
        return None
    return None


def _jpeg_size(f: BinaryIO) -> tuple[int, int] | None:
    """The size in a JPEG's first frame header (SOFn), walking at most 64 segments."""
    f.seek(2)
    for _ in range(64):
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        length = struct.unpack(">H", f.read(2))[0]
        if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">xHH", f.read(5))
            return int(w), int(h)
        f.seek(length - 2, os.SEEK_CUR)
    return None


def decodable(path: Path, declared: tuple[int, int]) -> str | None:
    """Why an image must not be decoded (larger than its tileset declares, larger than
    MAX_DECODE_PIXELS, or of unknown size), or None when it may be."""
    size = image_size(path)
    if size is None:
        return "its size cannot be read from its header; save it as PNG"
    w, h = size
    if declared[0] > 0 and declared[1] > 0 and (w > declared[0] or h > declared[1]):
        return (f"it is {w}x{h} px but its tileset says {declared[0]}x{declared[1]}; open the tileset "
                "in Tiled (it updates the size) and save it")
    if w * h > MAX_DECODE_PIXELS:
        return f"it is {w}x{h} px, more than {MAX_DECODE_PIXELS // 1_000_000} Mpx; use a smaller image"
    return None


MAX_IMAGE_BYTES = 64 * 1024 * 1024  # a tileset image file larger than this is not read


class TileRenderer:
    """Draws the tile layers of one Level; build once per level, reuse across runs."""

    def __init__(self, level: Level) -> None:
        self.level = level
        self.ts = level.tile_size
        self._images: dict[str, pygame.Surface | None] = {}
        self._tiles: dict[int, pygame.Surface] = {}
        self._opaque: dict[int, bool] = {}
        self._chunks: list[OrderedDict[tuple[int, int], pygame.Surface | None]] = [
            OrderedDict() for _ in level.layers]
        self.animated: set[int] = {g for g, t in level.tiles.items() if t.animation}
        # Per layer: arrays of (row, col, gid) of animated cells, for per-frame drawing.
        self._anim_cells: list[np.ndarray] = []
        for layer in level.layers:
            if self.animated:
                mask = np.isin(layer.gids, np.fromiter(self.animated, dtype=np.int32))
                rows, cols = np.nonzero(mask)
                self._anim_cells.append(np.stack([rows, cols, layer.gids[rows, cols]], axis=1))
            else:
                self._anim_cells.append(np.zeros((0, 3), dtype=np.int64))
        self._terrain_lut = self._fallback_lut()
        self._plain: dict[tuple[int, int, int], pygame.Surface] = {}  # fallback tiles by colour
        self.problems: list[str] = []  # images refused (drawn as plain tiles instead)
        self._plans: dict[tuple[tuple[int, int], tuple[int, ...]], list[Step]] = {}
        self._every = tuple(range(len(level.layers)))  # draw's default: every layer, in order

    # -- tile images -------------------------------------------------------------------
    def _fallback_lut(self) -> dict[int, tuple[int, int, int]]:
        """A colour per gid for missing images, from the terrain the level gives that gid."""
        out: dict[int, tuple[int, int, int]] = {}
        for layer in self.level.layers:
            g = layer.gids
            t = self.level.terrain
            if g.shape != t.shape:
                continue
            # Each gid's first cell in reading order, in one pass (linear in the cells).
            gids, first = np.unique(g.ravel(), return_index=True)
            codes = t.ravel()[first]
            for gid, code in zip(gids.tolist(), codes.tolist()):
                if gid and gid not in out:
                    name = T.NAMES[code] if code < len(T.NAMES) else "snow"
                    out[int(gid)] = _FALLBACK.get(name, _FALLBACK["snow"])
        return out

    def _image(self, source: str, declared: tuple[int, int] = (0, 0)) -> pygame.Surface | None:
        if source not in self._images:
            path = _resolve(source, self.level.where)
            surf = None
            why = decodable(path, declared) if path is not None else None
            if why is not None:
                self.problems.append(f"image '{source}' is drawn as plain tiles: {why}")
                path = None
            if path is not None:
                try:  # decoded from the bytes checked above, not from the path again
                    data = read_capped(path, MAX_IMAGE_BYTES, "image")
                    surf = pygame.image.load(io.BytesIO(data), path.name)
                    if has_display():
                        surf = surf.convert_alpha()
                except (pygame.error, FileProblem):
                    surf = None
            self._images[source] = surf
        return self._images[source]

    def tile(self, gid: int) -> pygame.Surface:
        """The picture of one gid (cached), flipped per its flags."""
        surf = self._tiles.get(gid)
        if surf is not None:
            return surf
        ts = self.ts
        info: TileImage | None = self.level.tiles.get(gid)
        img = self._image(info.source, info.image_size) if info else None
        # Only the part of the image a chunk can show: a tile larger than a chunk is cut.
        r = pygame.Rect(info.rect).clip(img.get_rect()) if img is not None and info is not None else None
        if r is not None:
            r.size = (min(r.width, CHUNK * ts), min(r.height, CHUNK * ts))
        if img is not None and info is not None and r is not None and r.width > 0 and r.height > 0:
            tile = pygame.Surface(r.size, pygame.SRCALPHA)
            tile.blit(img, (0, 0), r)
            fh, fv, fd = info.flags
            if fd:
                tile = pygame.transform.flip(pygame.transform.rotate(tile, -90), True, False)
            if fh or fv:
                tile = pygame.transform.flip(tile, fh, fv)
        else:
            tile = self._plain_tile(self._terrain_lut.get(gid, _FALLBACK["snow"]))
        self._opaque[gid] = bool(pygame.surfarray.pixels_alpha(tile).min() == 255) \
            if tile.get_flags() & pygame.SRCALPHA else True
        self._tiles[gid] = tile
        return tile

    def _plain_tile(self, col: tuple[int, int, int]) -> pygame.Surface:
        """A flat tile of one colour with a darker edge, shared by every gid of that colour."""
        tile = self._plain.get(col)
        if tile is None:
            ts = self.ts
            tile = self._plain[col] = pygame.Surface((ts, ts), pygame.SRCALPHA)
            tile.fill(col)
            pygame.draw.rect(tile, tuple(max(0, c - 18) for c in col), tile.get_rect(), 1)
        return tile

    def frame_gid(self, gid: int, ms: int) -> int:
        """The gid shown for an animated tile `ms` milliseconds into the game."""
        info = self.level.tiles.get(gid)
        if not info or not info.animation:
            return gid
        total = sum(d for _, d in info.animation) or 1
        t = ms % total
        for g, d in info.animation:
            if t < d:
                return g
            t -= d
        return info.animation[-1][0]

    # -- chunks ------------------------------------------------------------------------
    def _build_chunk(self, li: int, cx: int, cy: int) -> pygame.Surface | None:
        layer = self.level.layers[li]
        ts = self.ts
        block = layer.gids[cy * CHUNK:(cy + 1) * CHUNK, cx * CHUNK:(cx + 1) * CHUNK]
        if not block.size or not block.any():
            return None
        h, w = block.shape
        statics = [(int(g), c, r) for r, row in enumerate(block.tolist()) for c, g in enumerate(row)
                   if g and g not in self.animated]
        if not statics:
            return None
        full = len(statics) == block.size and all(self._opaque_gid(g) for g, _, _ in statics)
        if full:
            surf = pygame.Surface((w * ts, h * ts))
            if has_display():
                surf = surf.convert()
        else:
            surf = pygame.Surface((w * ts, h * ts), pygame.SRCALPHA)
            if has_display():
                surf = surf.convert_alpha()
        surf.fblits([(self.tile(g), (c * ts, r * ts)) for g, c, r in statics])
        if layer.opacity < 1.0:
            surf.set_alpha(int(layer.opacity * 255))
        return surf

    def _opaque_gid(self, gid: int) -> bool:
        if gid not in self._opaque:
            self.tile(gid)
        return self._opaque[gid]

    def layer_origin(self, layer: TileLayer, cam: tuple[int, int]) -> tuple[int, int]:
        """Where the layer's (0, 0) lands on screen for a camera top-left, with parallax."""
        px, py = layer.parallax
        return (int(round(layer.offset[0] - cam[0] * px)), int(round(layer.offset[1] - cam[1] * py)))

    def draw_layer(self, surface: pygame.Surface, li: int, cam: tuple[int, int], ms: int) -> None:
        """Draw layer `li` for a camera top-left (world px) at game time `ms`."""
        layer = self.level.layers[li]
        if not layer.visible or layer.opacity <= 0.0:
            return
        ts = self.ts
        ox, oy = self.layer_origin(layer, cam)
        sw, sh = surface.get_size()
        span = CHUNK * ts
        cx0, cy0 = max(0, (-ox) // span), max(0, (-oy) // span)
        cx1 = min((self.level.width - 1) // CHUNK, (sw - ox) // span)
        cy1 = min((self.level.height - 1) // CHUNK, (sh - oy) // span)
        cache = self._chunks[li]
        blits = []
        for cy in range(cy0, cy1 + 1):
            for cx in range(cx0, cx1 + 1):
                key = (cx, cy)
                if key in cache:
                    cache.move_to_end(key)
                    chunk = cache[key]
                else:
                    chunk = cache[key] = self._build_chunk(li, cx, cy)
                    if len(cache) > MAX_CHUNKS:
                        cache.popitem(last=False)
                if chunk is not None:
                    blits.append((chunk, (ox + cx * span, oy + cy * span)))
        if blits:
            surface.fblits(blits)
        cells = self._anim_cells[li]
        if len(cells):
            c0, c1 = (-ox) // ts - 1, (sw - ox) // ts + 1
            r0, r1 = (-oy) // ts - 1, (sh - oy) // ts + 1
            vis = cells[(cells[:, 0] >= r0) & (cells[:, 0] <= r1) & (cells[:, 1] >= c0) & (cells[:, 1] <= c1)]
            if len(vis):
                alpha = int(layer.opacity * 255)
                out = []
                for r, c, g in vis.tolist():
                    tile = self.tile(self.frame_gid(g, ms))
                    if alpha < 255:
                        tile = tile.copy()
                        tile.set_alpha(alpha)
                    out.append((tile, (ox + c * ts, oy + r * ts)))
                surface.fblits(out)

    def draw(self, surface: pygame.Surface, cam: tuple[int, int], ms: int,
             layers: Sequence[int] | None = None) -> None:
        """Draw the given layers (all by default) in order: a view-sized surface from scrolling
        buffers (a group of layers that scroll together is one blit), anything larger (a
        whole-level picture) or a layer a buffer cannot hold from chunks."""
        order = self._every if layers is None else layers if type(layers) is tuple else tuple(layers)
        key = (surface.get_size(), order)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plan(*key)
        x, y = cam
        for buf, li, px, py, offx, offy in plan:
            if buf is None:
                self.draw_layer(surface, li, cam, ms)
            else:
                buf.draw(surface, round(offx - x * px), round(offy - y * py), ms)

    def _plan(self, size: tuple[int, int], order: tuple[int, ...]) -> list[Step]:
        """How to draw `order` onto a surface of `size`: per group of layers, its buffer (None:
        from chunks), its first layer, parallax and offset. At most MAX_BUFFERS plans are kept."""
        plan: list[Step] = []
        groups: list[tuple[bool, tuple[int, ...]]]
        if size[0] * size[1] > MAX_BUFFER_PIXELS:
            groups = [(False, (li,)) for li in order]
        else:
            groups = self._group(order)
        for buffered, group in groups:
            layer = self.level.layers[group[0]]
            buf = ViewBuffer(self.level, group, size, self.tile, self.animated, self._opaque_gid) \
                if buffered else None
            plan.append((buf, group[0], *layer.parallax, *layer.offset))
        if len(self._plans) >= MAX_BUFFERS:
            self._plans.clear()
        self._plans[(size, order)] = plan
        return plan

    def _bufferable(self, li: int) -> bool:
        """A layer a view buffer can hold: drawn, fully opaque as a layer, every tile one cell."""
        layer = self.level.layers[li]
        if not layer.visible or layer.opacity < 1.0:
            return False
        gids = {int(g) for g in np.unique(layer.gids) if g}
        gids |= {f for g in gids if g in self.animated for f, _ in self.level.tiles[g].animation}
        return all(self.tile(g).get_size() == (self.ts, self.ts) for g in gids)

    def _group(self, order: tuple[int, ...]) -> list[tuple[bool, tuple[int, ...]]]:
        """The layers in runs that share one buffer (same parallax and offset, bufferable);
        every other layer alone, drawn from chunks."""
        out: list[tuple[bool, tuple[int, ...]]] = []
        run: list[int] = []
        for li in order:
            layer = self.level.layers[li]
            if not layer.visible or layer.opacity <= 0.0:
                continue
            if not self._bufferable(li):
                if run:
                    out.append((True, tuple(run)))
                    run = []
                out.append((False, (li,)))
                continue
            first = self.level.layers[run[0]] if run else None
            if first is not None and (first.parallax, first.offset) != (layer.parallax, layer.offset):
                out.append((True, tuple(run)))
                run = []
            run.append(li)
        if run:
            out.append((True, tuple(run)))
        return out

    def warm(self) -> None:
        """Load every tile image now (avoids hitches on the first frames)."""
        for gid in self.level.tiles:
            self.tile(gid)
