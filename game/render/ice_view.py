"""Thin ice on screen: cracks that spread from a point as a cell's crack level rises, and the
holes bears broke as open water with a jagged rim.

Each cell's crack pattern is fixed by its index (its own seeded generator, never the
World's), so the same cell always cracks the same way; drawings are cached per cell and
crack step.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pygame

from game import resources
from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet
from game.render.tiles import TileRenderer
from game.render.view_api import GROUND, Frame, Fx
from game.sim import events as E
from game.sim import terrain as T
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import World

THIN = T.CODE["thin_ice"]
TILESET = resources.ASSETS / "tiles" / "terrain.png"
THIN_TILE_ID = 9  # the thin-ice tile of assets/tiles/terrain.tsx

STEPS = 12  # crack levels drawn (the level is rounded down to one of these)
PAD = 8  # px a crack may run past its cell's edge
Segment = tuple[float, tuple[float, float], tuple[float, float], bool]
SHARDS = [P["ice_light"], P["snow_white"], P["ice"]]
WATER_SPRAY = [P["water"], P["ice"], P["ice_light"], P["snow_white"]]


def crack_pattern(cell: int, ts: int = 16) -> list[Segment]:
    """The crack segments of one cell as (order 0..1, start, end, main branch), in a
    (ts + 2 PAD) square; a segment shows once the crack level passes its order."""
    rng = np.random.default_rng((cell * 2654435761 + 97) % (2 ** 32))
    c = PAD + ts / 2.0
    ox, oy = c + rng.uniform(-3, 3), c + rng.uniform(-3, 3)
    branches = int(rng.integers(3, 6))
    base = rng.uniform(0, 2 * math.pi)
    segs: list[Segment] = []
    for b in range(branches):
        ang = base + b * 2 * math.pi / branches + rng.uniform(-0.45, 0.45)
        length = rng.uniform(0.55, 0.95) * (ts / 2 + PAD - 1)
        x, y, dist = ox, oy, 0.0
        while dist < length:
            step = rng.uniform(2.5, 4.5)
            ang += rng.uniform(-0.55, 0.55)
            nx, ny = x + math.cos(ang) * step, y + math.sin(ang) * step
            order = 0.05 + 0.8 * dist / length
            segs.append((order, (x, y), (nx, ny), True))
            if dist > 3 and rng.random() < 0.4:  # a side crack
                sa = ang + rng.choice((-1.0, 1.0)) * rng.uniform(0.7, 1.3)
                sx, sy = nx, ny
                for k in range(int(rng.integers(1, 3))):
                    sl = rng.uniform(2.0, 3.5)
                    ex, ey = sx + math.cos(sa) * sl, sy + math.sin(sa) * sl
                    segs.append((min(1.0, order + 0.15 + 0.1 * k), (sx, sy), (ex, ey), False))
                    sx, sy = ex, ey
                    sa += rng.uniform(-0.5, 0.5)
            x, y, dist = nx, ny, dist + step
    segs.sort(key=lambda s: s[0])
    return segs


class IceView:
    """Draws cracks and holes of one World's thin ice."""

    LAYERS: ClassVar[Mapping[str, int]] = {GROUND: 10}

    def __init__(self, tile_size: int = 16) -> None:
        self.ts = tile_size
        self._patterns: dict[int, list[Segment]] = {}
        self._cracks: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._holes: dict[tuple[int, int, int], pygame.Surface] = {}
        self.overlay: list[tuple[pygame.Surface, int, int]] = []  # (picture, world x, y)
        self._overlay_built = False

    @classmethod
    def create(cls, level: Level, sprites: SpriteSheet) -> IceView:
        """The registered factory (game.render.hazard_views)."""
        return cls(level.tile_size)

    def reset(self, world: World, tiles: TileRenderer) -> None:
        """Build the thin-ice overlay (once: later runs of the level keep it)."""
        self.build_overlay(world, tiles)

    def update_tick(self, world: World, fx: Fx) -> None:
        """Nothing moves on its own: cracks and holes are drawn from the World."""

    def sprite_names(self, level: Level) -> set[str]:
        return set()

    def on_event(self, world: World, ev: Event, fx: Fx) -> None:
        """Shards as cracks grow, a splash of water and shards when the ice gives way."""
        if isinstance(ev, E.IceCrack):
            fx.particles.emit(ev.x, ev.y, 10 + ev.crack_pct // 5, 45.0, SHARDS, life=0.5, size=(1, 2))
            fx.shake.kick(1.0 + ev.crack_pct / 50.0)
        elif ev.kind == E.ICE_BREAK:
            fx.particles.emit(ev.x, ev.y, 60, 110.0, WATER_SPRAY + SHARDS, life=0.9, size=(1, 3))
            fx.shake.kick(5.0)

    def shows(self, world: World) -> bool:
        """Cracks and holes only come of thin ice, which a World has from its start or never
        (game.sim.ice: `Ice.thin`); the overlay is the level's own thin ice."""
        ice = world.ice
        return ice.thin or bool(ice.holes or ice.cracks or self.overlay)

    def draw(self, layer: str, surface: pygame.Surface, world: World, frame: Frame) -> None:
        if layer == GROUND:
            self.draw_overlay(surface, frame.cam)
            self.draw_holes(surface, world, frame.cam, frame.ms)
            self.draw_cracks(surface, world, frame.cam)

    # -- thin ice from rectangles ------------------------------------------------------
    def _thin_tile(self, level, tiles) -> pygame.Surface:
        """The level's own thin-ice tile if it has one, else the tileset's, else a plain one."""
        ts = self.ts
        thin = level.terrain == THIN
        if thin.any():
            for layer in reversed(level.layers):
                if layer.gids.shape != thin.shape:
                    continue
                g = layer.gids[thin]
                g = g[g > 0]
                if len(g):
                    try:
                        return tiles.tile(int(g[0]))
                    except Exception:
                        break
        try:
            sheet = pygame.image.load(str(TILESET))
            cols = sheet.get_width() // ts
            r = pygame.Rect((THIN_TILE_ID % cols) * ts, (THIN_TILE_ID // cols) * ts, ts, ts)
            tile = pygame.Surface((ts, ts), pygame.SRCALPHA)
            tile.blit(sheet, (0, 0), r)
            return tile
        except (pygame.error, OSError, ValueError):
            tile = pygame.Surface((ts, ts))
            tile.fill(P["ice_light"])
            pygame.draw.rect(tile, P["ice"], tile.get_rect(), 1)
            return tile

    def build_overlay(self, world: World, tiles) -> None:
        """Thin ice made by `thin_ice` rectangles over other ground: drawn as thin ice, with
        a bright rim where it meets firm ground, one picture per rectangle (built once)."""
        if self._overlay_built:
            return
        self._overlay_built = True
        level = world.level
        grid = np.array(world.grid, dtype=np.int16)
        extra = (grid == THIN) & (level.terrain != THIN)
        for hole in world.ice.holes:
            extra[divmod(hole, level.width)] = True
        if not extra.any():
            return
        tile = self._thin_tile(level, tiles)
        ts = self.ts
        thin_all = (grid == THIN) | (level.terrain == THIN)
        for r in level.of_kind("thin_ice"):
            x0, y0 = max(int(r.x // ts), 0), max(int(r.y // ts), 0)
            x1 = min(int(-(-(r.x + r.width) // ts)), level.width)
            y1 = min(int(-(-(r.y + r.height) // ts)), level.height)
            if x1 <= x0 or y1 <= y0 or not extra[y0:y1, x0:x1].any():
                continue
            pic = pygame.Surface(((x1 - x0) * ts, (y1 - y0) * ts), pygame.SRCALPHA)
            for cy in range(y0, y1):
                for cx in range(x0, x1):
                    if not extra[cy, cx]:
                        continue
                    px, py = (cx - x0) * ts, (cy - y0) * ts
                    pic.blit(tile, (px, py))
                    for dx, dy, rect in ((0, -1, (px, py, ts, 1)), (0, 1, (px, py + ts - 1, ts, 1)),
                                         (-1, 0, (px, py, 1, ts)), (1, 0, (px + ts - 1, py, 1, ts))):
                        nx, ny = cx + dx, cy + dy
                        if 0 <= nx < level.width and 0 <= ny < level.height and not thin_all[ny, nx]:
                            pic.fill(P["snow_white"], rect)
            self.overlay.append((pic, x0 * ts, y0 * ts))

    def draw_overlay(self, surface: pygame.Surface, cam: tuple[int, int]) -> None:
        if self.overlay:
            surface.fblits([(pic, (x - cam[0], y - cam[1])) for pic, x, y in self.overlay])

    # -- cracks --------------------------------------------------------------------------
    def crack_surface(self, cell: int, level: float) -> pygame.Surface | None:
        """The cracks of `cell` at `level` (0..1), cached per step; None when too faint."""
        q = min(STEPS, int(level * STEPS + 0.999)) if level > 0.02 else 0
        if q <= 0:
            return None
        key = (cell, q)
        hit = self._cracks.get(key)
        if hit is not None:
            self._cracks.move_to_end(key)
            return hit
        pat = self._patterns.get(cell)
        if pat is None:
            pat = self._patterns[cell] = crack_pattern(cell, self.ts)
        lv = q / STEPS
        size = self.ts + 2 * PAD
        s = pygame.Surface((size, size), pygame.SRCALPHA)
        shown = [seg for seg in pat if seg[0] <= lv * 1.05]
        deep = lv >= 0.66
        if lv >= 0.8 and shown:  # water seeps up where it started
            (x, y) = shown[0][1]
            r = 1 + int((lv - 0.8) * 12)
            pygame.draw.circle(s, P["water"], (int(x), int(y)), r)
        # Light edge first (one pixel down-right), then the dark crack: reads on any ice.
        for _order, a, b, _main in shown:
            pygame.draw.line(s, P["snow_white"], (a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1), 1)
        for order, a, b, main in shown:
            wide = deep and main and order < lv - 0.35
            col = P["ink"] if (lv >= 0.35 or main) else P["ice_dark"]
            pygame.draw.line(s, col, a, b, 2 if wide else 1)
        self._cracks[key] = s
        if len(self._cracks) > 800:
            self._cracks.popitem(last=False)
        return s

    def draw_cracks(self, surface: pygame.Surface, world: World, cam: tuple[int, int]) -> int:
        """Draw every visible cracked cell; returns how many."""
        cracks = world.ice.cracks
        if not cracks:
            return 0
        ts, w = self.ts, world.level.width
        sw, sh = surface.get_size()
        c0, c1 = (cam[0] - PAD) // ts - 1, (cam[0] + sw + PAD) // ts + 1
        r0, r1 = (cam[1] - PAD) // ts - 1, (cam[1] + sh + PAD) // ts + 1
        holes = set(world.ice.holes)
        blits = []
        for cell, level in cracks.items():
            if level <= 0.02 or cell in holes:
                continue
            cy, cx = divmod(cell, w)
            if not (c0 <= cx <= c1 and r0 <= cy <= r1):
                continue
            s = self.crack_surface(cell, level)
            if s is not None:
                blits.append((s, (cx * ts - PAD - cam[0], cy * ts - PAD - cam[1])))
        if blits:
            surface.fblits(blits)
        return len(blits)

    # -- holes ---------------------------------------------------------------------------
    def hole_surface(self, cell: int, edges: int, frame: int) -> pygame.Surface:
        """Open water for one cell; `edges` bits (1 N, 2 E, 4 S, 8 W) say which sides meet
        ice and get a jagged rim; 4 frames of slow ripples."""
        key = (cell, edges, frame)
        hit = self._holes.get(key)
        if hit is not None:
            return hit
        ts = self.ts
        rng = np.random.default_rng((cell * 40503 + 11) % (2 ** 32))
        s = pygame.Surface((ts, ts), pygame.SRCALPHA)
        s.fill(P["water_deep"])
        for _ in range(4):  # lighter water
            x, y = int(rng.integers(0, ts - 4)), int(rng.integers(0, ts - 3))
            s.fill(P["water"], (x, y, int(rng.integers(3, 7)), int(rng.integers(2, 4))))
        for k in range(3):  # ripples drifting
            y = (int(rng.integers(0, ts)) + frame * 2 + k * 5) % ts
            x = int(rng.integers(0, ts - 5))
            s.fill(P["ice_dark"], (x, y, int(rng.integers(3, 6)), 1))
        teeth = [int(v) for v in rng.integers(2, 5, 4 * ts)]
        for side in range(4):
            if not edges & (1 << side):
                continue
            for i in range(ts):
                d = teeth[side * ts + i]
                if side == 0:  # broken ice shards along the edge: bright, with a dark lip
                    s.fill(P["ink"], (i, d, 1, 1))
                    s.fill(P["ice_light"], (i, 0, 1, d))
                    s.fill(P["snow_white"], (i, 0, 1, max(1, d - 2)))
                elif side == 2:
                    s.fill(P["ice_light"], (i, ts - d, 1, d))
                    s.fill(P["ink"], (i, ts - d - 1, 1, 1))
                elif side == 1:
                    s.fill(P["ice_light"], (ts - d, i, d, 1))
                    s.fill(P["ink"], (ts - d - 1, i, 1, 1))
                elif side == 3:
                    s.fill(P["ink"], (d, i, 1, 1))
                    s.fill(P["ice_light"], (0, i, d, 1))
                    s.fill(P["snow_white"], (0, i, max(1, d - 2), 1))
        self._holes[key] = s
        return s

    def draw_holes(self, surface: pygame.Surface, world: World, cam: tuple[int, int], ms: int) -> int:
        """Draw the open water of every visible hole; returns how many."""
        holes = world.ice.holes
        if not holes:
            return 0
        ts, w, h = self.ts, world.level.width, world.level.height
        sw, sh = surface.get_size()
        hs = set(holes)
        frame = (ms // 300) % 4
        blits = []
        for cell in hs:
            cy, cx = divmod(cell, w)
            x, y = cx * ts - cam[0], cy * ts - cam[1]
            if x < -ts or y < -ts or x > sw or y > sh:
                continue
            edges = 0
            for bit, (dx, dy) in enumerate(((0, -1), (1, 0), (0, 1), (-1, 0))):
                nx, ny = cx + dx, cy + dy
                if 0 <= nx < w and 0 <= ny < h and (ny * w + nx) not in hs:
                    edges |= 1 << bit
            blits.append((self.hole_surface(cell, edges, frame), (x, y)))
        surface.fblits(blits)
        return len(blits)
