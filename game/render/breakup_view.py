"""Sea ice breaking up on screen: the broken cells as open water with a jagged rim where they meet
ice, floes bobbing in the few columns just behind the front, and a fresh crack along the front.

Each cell's look is fixed by its index (its own seeded generator, never the World's); cell
pictures are cached by a small variant number, so the cache stays bounded on any map.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet
from game.render.tiles import TileRenderer
from game.render.view_api import GROUND, Frame, Fx
from game.sim import events as E
from game.sim import terrain as T
from game.sim.breakup import Zone, breaks
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import World

WATER = T.CODE["water"]
VARIANTS = 16  # looks per kind of cell
FLOE_COLUMNS = 5  # columns behind the front that still carry floes
SPRAY = [P["water"], P["ice"], P["ice_light"], P["snow_white"]]


def _rng(cell: int, salt: int) -> np.random.Generator:
    return np.random.default_rng((cell * 2654435761 + salt) % (2 ** 32))


class BreakupView:
    """Draws the open water, floes and the breaking edge of one World's breakup zones."""

    LAYERS: ClassVar[Mapping[str, int]] = {GROUND: 20}  # over thin ice's cracks

    def __init__(self, tile_size: int = 16) -> None:
        self.ts = tile_size
        self._water: dict[tuple[int, int, int], pygame.Surface] = {}
        self._floes: dict[tuple[int, int], pygame.Surface] = {}
        self._dice: dict[int, tuple[float, int, float]] = {}
        self._first: list[list[int]] = []  # the map's terrain, before anything broke
        self._crack: dict[int, tuple[list[tuple[int, int]], tuple[int, int] | None]] = {}

    @classmethod
    def create(cls, level: Level, sprites: SpriteSheet) -> BreakupView:
        """The registered factory (game.render.hazard_views)."""
        return cls(level.tile_size)

    def reset(self, world: World, tiles: TileRenderer) -> None:
        """Everything is drawn from the World; keep the map's own terrain as lists (fast)."""
        self._first = world.level.terrain.tolist()

    def update_tick(self, world: World, fx: Fx) -> None:
        """Nothing moves on its own."""

    def sprite_names(self, level: Level) -> set[str]:
        return set()

    def on_event(self, world: World, ev: Event, fx: Fx) -> None:
        """A burst of spray and a jolt when the ice first gives way."""
        if isinstance(ev, E.Breakup):
            fx.particles.emit(ev.x, ev.y, 40, 90.0, SPRAY, life=0.8, size=(1, 3))
            fx.shake.kick(3.0)

    # -- pictures ------------------------------------------------------------------------
    def water_surface(self, variant: int, edges: int, frame: int) -> pygame.Surface:
        """Open water; `edges` bits (1 N, 2 E, 4 S, 8 W) are sides that meet ice: a jagged,
        bright rim with a dark lip. Four frames of slow ripples."""
        key = (variant, edges, frame)
        hit = self._water.get(key)
        if hit is not None:
            return hit
        ts = self.ts
        rng = _rng(variant, 7)
        s = pygame.Surface((ts, ts))
        s.fill(P["water_deep"])
        for _ in range(3):
            x, y = int(rng.integers(0, ts - 4)), int(rng.integers(0, ts - 3))
            s.fill(P["water"], (x, y, int(rng.integers(3, 7)), int(rng.integers(2, 4))))
        for k in range(2):
            y = (int(rng.integers(0, ts)) + frame * 2 + k * 7) % ts
            s.fill(P["ice_dark"], (int(rng.integers(0, ts - 5)), y, int(rng.integers(3, 6)), 1))
        teeth = [int(v) for v in rng.integers(1, 5, 4 * ts)]
        for side in range(4):
            if not edges & (1 << side):
                continue
            for i in range(ts):
                d = teeth[side * ts + i]
                rim, lip = {0: ((i, 0, 1, d), (i, d, 1, 1)), 2: ((i, ts - d, 1, d), (i, ts - d - 1, 1, 1)),
                            1: ((ts - d, i, d, 1), (ts - d - 1, i, 1, 1)), 3: ((0, i, d, 1), (d, i, 1, 1))}[side]
                s.fill(P["ice_light"], rim)
                s.fill(P["ink"], lip)
        self._water[key] = s
        return s

    def floe_surface(self, variant: int, size: int) -> pygame.Surface:
        """A floe of ice: an irregular polygon, bright on top, outlined in ink."""
        key = (variant, size)
        hit = self._floes.get(key)
        if hit is not None:
            return hit
        rng = _rng(variant, 31)
        side = 2 * size + 4
        s = pygame.Surface((side, side), pygame.SRCALPHA)
        c = side / 2
        n = int(rng.integers(5, 8))
        pts = []
        for k in range(n):
            a = 2 * math.pi * k / n + float(rng.uniform(-0.3, 0.3))
            r = size * float(rng.uniform(0.6, 1.0))
            pts.append((c + math.cos(a) * r, c + math.sin(a) * r * 0.8))
        pygame.draw.polygon(s, P["ice_dark"], [(x + 1, y + 1) for x, y in pts])  # its wet side
        pygame.draw.polygon(s, P["ice_light"], pts)
        pygame.draw.polygon(s, P["ink"], pts, 1)
        top = [(c + (x - c) * 0.5 - 1, c + (y - c) * 0.5 - 1) for x, y in pts]
        pygame.draw.polygon(s, P["snow_white"], top)
        self._floes[key] = s
        return s

    def floe_dice(self, cell: int) -> tuple[float, int, float]:
        """A cell's floe, fixed by its index: (chance roll, size less, x offset), cached."""
        hit = self._dice.get(cell)
        if hit is None:
            rng = _rng(cell, 3)
            hit = self._dice[cell] = (float(rng.random()), int(rng.integers(0, 3)), float(rng.uniform(-3, 3)))
            if len(self._dice) > 4096:
                self._dice.clear()
        return hit

    # -- drawing -------------------------------------------------------------------------
    def shows(self, world: World) -> bool:
        """Breakup zones come from the level only (a leg without any draws nothing)."""
        return bool(world.breakup.zones)

    def draw(self, layer: str, surface: pygame.Surface, world: World, frame: Frame) -> None:
        if layer == GROUND:
            for z in world.breakup.zones:
                if z.col > z.x0:
                    self.draw_zone(surface, world, z, frame)

    def _on_screen(self, surface: pygame.Surface, z: Zone, cam: tuple[int, int]) -> tuple[int, int, int, int]:
        ts = self.ts
        sw, sh = surface.get_size()
        return (max(z.x0, cam[0] // ts - 1), max(z.y0, cam[1] // ts - 1),
                min(z.x1, (cam[0] + sw) // ts + 2), min(z.y1, (cam[1] + sh) // ts + 2))

    def draw_zone(self, surface: pygame.Surface, world: World, z: Zone, frame: Frame) -> int:
        """Water, floes and the breaking edge of one zone; returns the water cells drawn."""
        ts, grid, w, h = self.ts, world.grid, world.level.width, world.level.height
        if len(self._first) != h:
            self._first = world.level.terrain.tolist()
        terrain = self._first
        cam = frame.cam
        c0, r0, c1, r1 = self._on_screen(surface, z, cam)
        anim = (frame.ms // 300) % 4
        blits: list[tuple[pygame.Surface, tuple[float, float]]] = []
        floes: list[tuple[pygame.Surface, tuple[float, float]]] = []

        for cy in range(r0, r1):
            row, first = grid[cy], terrain[cy]
            north = grid[cy - 1] if cy > 0 else None
            south = grid[cy + 1] if cy + 1 < h else None
            for cx in range(c0, min(c1, z.col)):
                if row[cx] != WATER or first[cx] == WATER:
                    continue  # ground that held, or water the map always had
                cell = cy * w + cx
                edges = ((north is not None and north[cx] != WATER)
                         | (cx + 1 < w and row[cx + 1] != WATER) << 1
                         | (south is not None and south[cx] != WATER) << 2
                         | (cx > 0 and row[cx - 1] != WATER) << 3)
                x, y = cx * ts - cam[0], cy * ts - cam[1]
                blits.append((self.water_surface(cell % VARIANTS, edges, anim), (x, y)))
                behind = z.col - 1 - cx
                if behind < FLOE_COLUMNS:
                    luck, shrink, dx = self.floe_dice(cell)
                    if luck < 0.95 - 0.16 * behind:
                        size = max(2, int(ts * 0.6) - behind - shrink)
                        bob = math.sin(frame.t * 2.0 + cell) * 0.8
                        fx = x + ts / 2 - size - 2 + dx - behind * 0.5
                        floes.append((self.floe_surface(cell % VARIANTS, size), (fx, y + ts / 2 - size - 2 + bob)))
        if blits:
            surface.fblits(blits)
        if floes:
            surface.fblits(floes)
        if z.col < z.x1 and c0 <= z.col < c1:
            self.draw_edge(surface, world, z, r0, r1, cam)
        return len(blits)

    def draw_edge(self, surface: pygame.Surface, world: World, z: Zone, r0: int, r1: int,
                  cam: tuple[int, int]) -> None:
        """A fresh crack running north-south through the first unbroken column: where the ice
        gives way next."""
        ts, w = self.ts, world.level.width
        cx = z.col
        for cy in range(r0, r1):
            if not breaks(world.grid[cy][cx]) or cy * w + cx in z.keep:
                continue  # only ice that will break cracks (not rock, trees, water)
            shape, side = self.crack_shape(cy * w + cx)
            ox, oy = cx * ts - cam[0], cy * ts - cam[1]
            pts = [(ox + a, oy + b) for a, b in shape]
            pygame.draw.lines(surface, P["snow_white"], False, [(a + 1, b) for a, b in pts], 1)
            pygame.draw.lines(surface, P["ink"], False, pts, 2)
            if side is not None:  # a side crack into the ice ahead
                a, b = pts[2]
                pygame.draw.line(surface, P["ink"], (a, b), (a + side[0], b + side[1]), 1)

    def crack_shape(self, cell: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """The crack through one cell of the front, fixed by its index (cached): its points
        in the cell, and a side crack's offset or None."""
        hit = self._crack.get(cell)
        if hit is None:
            ts = self.ts
            rng = _rng(cell, 59)
            x = 3 + int(rng.integers(0, 5))
            pts = [(x, 0)] + [(x + int(rng.integers(-3, 4)), k * ts // 4) for k in range(1, 4)] + [(x, ts)]
            side = (int(rng.integers(3, 8)), int(rng.integers(-4, 5))) if rng.random() < 0.5 else None
            hit = self._crack[cell] = (pts, side)
            if len(self._crack) > 4096:
                self._crack.clear()
        return hit
