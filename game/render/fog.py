"""The whiteout and the night on screen: `Fog` closes the view down to the weather's
visibility around Balto with a radial mask (cached per radius bucket, never rebuilt every
frame), white in a blizzard, dark blue at night with a warm lantern glow; `glow` makes cached
additive light blobs; `fill_screen` fills a frame fast.
"""
from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.sim.blizzard import CLEAR_VISIBILITY

FULL_FOG_AT = 360.0  # visibility below which the fog beyond it is fully opaque
INNER = 0.5  # the view is clear out to this share of the visibility, then fades to fog
MASK_MASTER = 512


def fog_colour(darkness: float, intensity: float) -> tuple[int, int, int]:
    """The palette colour of the fog: white by day, dark blue murk by night.

    By day it is the palette's brightest white, never `snow_light`: that is the plain snow
    ground itself, and a fog of the ground's colour made the clear disc around the team read
    as fog wherever the team left the trail (leg 8's whiteout)."""
    if darkness >= 0.3:
        return P["night"] if intensity >= 0.35 else P["hud_bg"]
    return P["snow_white"]


def radius_bucket(visibility: float) -> int:
    """The mask radius used for a visibility: within 1.5 % of it (1 px when small)."""
    v = max(4.0, float(visibility))
    step = max(1, int(v * 0.015))
    return int(round(v / step)) * step


def fill_screen(surface: pygame.Surface, colour: tuple[int, int, int]) -> None:
    """`surface.fill(colour)` over the whole surface, the same pixels: through numpy when it
    is an unclipped 32-bit surface with unpadded rows (SDL's fill takes about three times as
    long on a 640x360 frame), else SDL's fill."""
    if surface.get_bitsize() == 32 and surface.get_clip() == surface.get_rect():
        try:
            px = pygame.surfarray.pixels2d(surface)
        except (pygame.error, ValueError):
            px = None
        if px is not None and px.T.flags.c_contiguous:
            px.T.reshape(-1).fill(surface.map_rgb(colour) & 0xFFFFFFFF)  # (unsigned, alpha or not)
            del px
            return
        del px
    surface.fill(colour)


_GLOWS: OrderedDict[tuple, pygame.Surface] = OrderedDict()


def glow(radius: int, colour: tuple[int, int, int], strength: float = 1.0) -> pygame.Surface:
    """A soft round light for BLEND_RGB_ADD blits (cached): colour at the centre, black at
    `radius`, falling off with the square of the distance."""
    radius = max(2, int(radius))
    strength = round(max(0.0, min(2.0, float(strength))) * 8) / 8  # 1/8 steps: few cached glows
    key = (radius, colour, strength)
    hit = _GLOWS.get(key)
    if hit is not None:
        _GLOWS.move_to_end(key)
        return hit
    d = 2 * radius
    yy, xx = np.mgrid[0:d, 0:d].astype(np.float32)
    r = np.sqrt((xx - radius + 0.5) ** 2 + (yy - radius + 0.5) ** 2) / radius
    f = np.clip(1.0 - r, 0.0, 1.0) ** 2 * strength
    rgb = (f[..., None] * np.array(colour, dtype=np.float32)).clip(0, 255).astype(np.uint8)
    s = pygame.Surface((d, d))
    pygame.surfarray.blit_array(s, rgb.transpose(1, 0, 2))
    _GLOWS[key] = s
    if len(_GLOWS) > 256:
        _GLOWS.popitem(last=False)
    return s


def haze_for(radius: float) -> int:
    """The veil (alpha) over the clear middle of the view: the thicker the weather, the
    less contrast even close by. Fixed by the radius so a mask is one cached picture."""
    f = (CLEAR_VISIBILITY - radius) / (CLEAR_VISIBILITY - 44.0)
    return int(round(max(0.0, min(1.0, f)) * 4)) * 16  # 0, 16, 32, 48, 64


class Fog:
    """The whiteout (or the night) around a point, opaque from exactly `visibility` px on.

    One master mask per colour and veil (numpy, 512 px), scaled to each radius bucket once
    and kept in a small LRU cache; drawing is one per-pixel-alpha blit plus opaque fills
    around it (surface-alpha blits are several times slower than either)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self._profile: np.ndarray | None = None
        self._masters: dict[tuple, pygame.Surface] = {}
        self._masks: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._edge: dict[tuple, pygame.Surface] = {}
        self.builds = 0  # masks built so far (tests check the cache works)
        self._radius: tuple[float, int] = (-1.0, 0)  # the last visibility and its radius bucket
        self._clear: dict[tuple[int, int, int, tuple[int, int]], pygame.Rect | None] = {}  # see clear

    def _master(self, colour: tuple[int, int, int], haze: int) -> pygame.Surface:
        key = (colour, haze)
        m = self._masters.get(key)
        if m is None:
            n = MASK_MASTER
            if self._profile is None:
                yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
                rho = np.sqrt((xx - n / 2 + 0.5) ** 2 + (yy - n / 2 + 0.5) ** 2) / (n / 2)
                f = np.clip((rho - INNER) / (1.0 - INNER), 0.0, 1.0)
                self._profile = (f * f * (3.0 - 2.0 * f)).T.copy()
            a = np.round(haze + self._profile * (255 - haze)).astype(np.uint8)
            m = pygame.Surface((n, n), pygame.SRCALPHA)
            m.fill((*colour, 255))
            pygame.surfarray.pixels_alpha(m)[:] = a
            self._masters[key] = m
        return m

    def mask(self, radius: int, colour: tuple[int, int, int], strength: int = 8) -> pygame.Surface:
        """The (2r x 2r) mask: veiled in the middle, opaque from r on (alpha times strength/8)."""
        key = (radius, colour, strength)
        hit = self._masks.get(key)
        if hit is not None:
            self._masks.move_to_end(key)
            return hit
        # Nearest-neighbour scaling of a smooth profile: no visible steps, and every pixel at or
        # beyond the radius stays exactly opaque (smoothscale would blur the edge by a few alpha).
        s = pygame.transform.scale(self._master(colour, haze_for(radius)), (2 * radius, 2 * radius))
        if strength < 8:
            a = pygame.surfarray.pixels_alpha(s)
            a[:] = (a.astype(np.uint16) * strength // 8).astype(np.uint8)
            del a
        self.builds += 1
        self._masks[key] = s
        if len(self._masks) > 8:
            self._masks.popitem(last=False)
        return s

    def _edge_surface(self, colour: tuple[int, int, int], strength: int) -> pygame.Surface:
        key = (colour, strength)
        s = self._edge.get(key)
        if s is None:
            s = self._edge[key] = pygame.Surface(self.size, pygame.SRCALPHA)
            s.fill((*colour, strength * 255 // 8))
        return s

    @staticmethod
    def clear_rect(cx: float, cy: float, visibility: float, size: tuple[int, int]) -> pygame.Rect | None:
        """The part of the screen the fog leaves any view into (the mask's square), or None
        when the fog is not fully opaque outside it or the square covers the screen."""
        if visibility > FULL_FOG_AT:
            return None
        r = radius_bucket(visibility)
        rect = pygame.Rect(int(round(cx)) - r, int(round(cy)) - r, 2 * r, 2 * r)
        screen = pygame.Rect(0, 0, *size)
        if rect.contains(screen):
            return None
        return rect.clip(screen)

    def clear(self, cx: float, cy: float, visibility: float, size: tuple[int, int]) -> pygame.Rect | None:
        """`clear_rect`, kept by the integers it depends on (the radius bucket and the rounded
        centre): the frame asks for it every time, and the team rarely moves a whole pixel on
        screen. The Rect is shared: set_clip copies it, nothing may change it."""
        if visibility > FULL_FOG_AT:
            return None
        last, r = self._radius
        if visibility != last:
            r = radius_bucket(visibility)
            self._radius = (visibility, r)
        key = (round(cx), round(cy), r, size)
        cache = self._clear
        if key in cache:
            return cache[key]
        if len(cache) > 64:
            cache.clear()
        rect = cache[key] = self.clear_rect(cx, cy, visibility, size)
        return rect

    @staticmethod
    def active(visibility: float) -> bool:
        """True when there is any fog to draw."""
        return visibility < CLEAR_VISIBILITY - 0.5

    def draw(self, surface: pygame.Surface, cx: float, cy: float, visibility: float,
             darkness: float = 0.0, intensity: float = 0.0, prefilled: bool = False) -> None:
        """Fog everything farther than `visibility` px from (cx, cy) (screen px).
        `prefilled`: the caller filled the screen with the fog colour before drawing only
        inside `clear_rect` (a whole-screen fill is far cheaper than fills beside the mask)."""
        if not self.active(visibility):
            return
        colour = fog_colour(darkness, intensity)
        strength = 8 if visibility <= FULL_FOG_AT else max(
            1, int(8 * (CLEAR_VISIBILITY - visibility) / (CLEAR_VISIBILITY - FULL_FOG_AT)))
        r = radius_bucket(visibility)
        x0, y0 = int(round(cx)) - r, int(round(cy)) - r
        surface.blit(self.mask(r, colour, strength), (x0, y0))
        if prefilled and strength >= 8:
            return
        w, h = surface.get_size()
        rects = [pygame.Rect(0, 0, w, max(0, y0)), pygame.Rect(0, y0 + 2 * r, w, max(0, h - y0 - 2 * r)),
                 pygame.Rect(0, y0, max(0, x0), 2 * r), pygame.Rect(x0 + 2 * r, y0, max(0, w - x0 - 2 * r), 2 * r)]
        edge = self._edge_surface(colour, strength) if strength < 8 else None
        for rc in rects:
            rc = rc.clip(surface.get_rect())
            if rc.w > 0 and rc.h > 0:
                if edge is None:
                    surface.fill(colour, rc)
                else:
                    surface.blit(edge, rc.topleft, rc)

    def lantern(self, surface: pygame.Surface, cx: float, cy: float, visibility: float,
                darkness: float, t: float) -> None:
        """A warm, slightly flickering lantern glow around the team at night."""
        if darkness <= 0.05:
            return
        flicker = 1.0 + 0.04 * math.sin(t * 11.0) + 0.03 * math.sin(t * 17.3)
        r = int(max(24, min(visibility, 200) * 0.95) * flicker) // 2 * 2
        g = glow(r, P["orange"], 0.30 * min(1.0, darkness + 0.2))
        surface.blit(g, (int(cx) - r, int(cy) - r), special_flags=pygame.BLEND_RGB_ADD)
