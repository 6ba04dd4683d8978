"""Snow on screen: `SnowStorm` moves thousands of flakes with numpy (no per-flake Python),
wind-driven with streaks in a blizzard, and writes them straight into the frame's pixels. All
its randomness is its own generator, never the World's. (The fog and glows: game.render.fog.)
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.sim.constants import DT

FLAKES_MAX = 3200  # at intensity 1
FLAKES_CALM = 150  # light snow on a clear day
WRAP = 12  # px beyond the screen edges a flake may travel before wrapping (room for streaks)
# The flakes' colours (near, mid, far, streak head, streak tail) by night, and by day, when
# white near flakes show on the ground and lighter-grey ones on the white fog. (One tuple
# each: drawing knows its colours by identity.)
NIGHT_COLOURS = (P["snow_white"], P["snow_light"], P["snow_shadow"], P["snow_mid"], P["slate"])
DAY_COLOURS = (P["snow_white"], P["snow_light"], P["snow_mid"], P["snow_white"], P["snow_mid"])


def _same_rounding(u: float, rounded: list[int]) -> tuple[float, float]:
    """The open interval of u in which round(-u * k) is still rounded[k - 1] for every k
    (narrowed by a hair, so float error never lets a different rounding through)."""
    lo, hi = -math.inf, math.inf
    for k, r in enumerate(rounded, 1):
        lo = max(lo, -(r + 0.5) / k)
        hi = min(hi, -(r - 0.5) / k)
    return lo + 1e-9, hi - 1e-9


class SnowStorm:
    """Screen-space snow: a calm sprinkle on clear days, thousands of wind-driven flakes with
    streaks in a blizzard. Moves once per tick, draws with interpolation.

    Flakes are float32 arrays; drawing writes palette pixels straight into the surface
    through flat indices (streaks are fixed offsets along the shared wind direction)."""

    def __init__(self, size: tuple[int, int], seed: int = 3, capacity: int = FLAKES_MAX) -> None:
        self.w, self.h = size
        self.rng = np.random.default_rng(seed)
        r = self.rng
        n = self.cap = capacity
        f32 = np.float32
        # x and y (vx and vy) are the rows of one array, so drawing does both in one pass
        self.pos = np.stack([r.uniform(-WRAP, self.w + WRAP, n).astype(f32),
                             r.uniform(-WRAP, self.h + WRAP, n).astype(f32)])
        self.x, self.y = self.pos[0], self.pos[1]
        self.vel = np.zeros((2, n), f32)
        self.vx, self.vy = self.vel[0], self.vel[1]
        self.depth = r.uniform(0.2, 1.0, n).astype(f32)
        self.phase = r.uniform(0.0, 2 * math.pi, n).astype(f32)
        self.swirl = r.uniform(0.6, 1.4, n).astype(f32)
        self.fall = (14.0 + 26.0 * self.depth).astype(f32)
        self.streaky = r.random(n) < 0.65  # near flakes that draw a streak
        self._ixy = np.zeros((2, n), np.int32)  # each draw's pixel positions (kept: no allocation)
        self.t = 0.0
        self.count = float(FLAKES_CALM)  # flakes in use (the first `count` of the arrays)
        self.intensity = 0.0
        self.darkness = 0.0
        self.streak = 0.0  # streak length in px (0 = none)
        self.dir = (0.0, 1.0)  # the flakes' main direction of travel (unit)
        self.gusting = 0.0
        self._last_cam: tuple[float, float] | None = None
        self.near = self.depth > 0.74
        self.far = self.depth < 0.5
        # Every flake's kind, fixed from here on: the indices of each kind (streaky near, far,
        # mid, near), and how many of each lie below every count (the first n are drawn)
        kinds = (self.near & self.streaky, self.far, ~self.near & ~self.far, self.near)
        self._kind_of = tuple(np.flatnonzero(k) for k in kinds)
        for of in self._kind_of:
            of.flags.writeable = False  # draw hands out views of these
        self._kind_below = np.zeros((n + 1, 4), np.int64)
        np.cumsum(np.stack(kinds, axis=1), axis=0, out=self._kind_below[1:])
        self.density = 1.0  # share of the flakes drawn (reduced motion: fewer)
        self._kinds_n = -1
        self._kinds_of: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                              tuple[int, int, int]] = ()  # type: ignore[assignment]
        self._trail_key: tuple[int, int, float, float, float, float] | None = None
        self._trail_of: tuple[np.ndarray, np.ndarray] = ()  # type: ignore[assignment]
        self._bounds_key: tuple[int, int, int] | None = None
        self._bounds_of = np.zeros((2, 1), np.uint32)
        self._square_of: tuple[int, np.ndarray] = (-1, np.zeros(4, np.intp))
        self._mapped_for: tuple[tuple[tuple[int, int, int], ...], pygame.Surface | None] = ((), None)
        self._mapped_of: list[int] = []

    @property
    def active(self) -> int:
        return int(self.count)

    def update_tick(self, intensity: float = 0.0, wind: tuple[float, float] = (0.0, 0.0),
                    cam: tuple[float, float] | None = None, gust: float = 1.0, darkness: float = 0.0) -> None:
        """Advance one tick with the weather at Balto; `cam` is the camera top-left (parallax)."""
        self.t += DT
        self.intensity += (float(intensity) - self.intensity) * 0.04
        self.darkness = darkness
        it = self.intensity
        target = (FLAKES_CALM + (self.cap - FLAKES_CALM) * min(1.0, it * 1.15)) * self.density
        self.count += (target - self.count) * 0.08
        n = max(1, min(self.cap, int(self.count)))
        d = self.depth[:n]
        # The flakes fly with the wind, much faster than it pushes the team (they are light).
        wx = float(wind[0]) * 5.0 - 6.0
        wy = float(wind[1]) * 5.0
        swirl = 8.0 + 55.0 * it
        fall = 1.0 + 0.5 * it
        cdx = cdy = 0.0
        if cam is not None:
            if self._last_cam is not None:
                cdx, cdy = cam[0] - self._last_cam[0], cam[1] - self._last_cam[1]
            self._last_cam = (float(cam[0]), float(cam[1]))
        s = np.sin(self.phase[:n] + self.swirl[:n] * np.float32(self.t * (1.3 + 1.2 * it)))
        vx = self.vx[:n]
        vy = self.vy[:n]
        np.multiply(s, np.float32(swirl), out=vx)
        vx += np.float32(wx)
        vx *= d
        np.multiply(self.fall[:n], np.float32(fall), out=vy)
        vy += d * np.float32(wy)
        x, y = self.x[:n], self.y[:n]
        x += vx * np.float32(DT) - d * np.float32(cdx)
        y += vy * np.float32(DT) - d * np.float32(cdy)
        x += WRAP
        y += WRAP
        np.mod(x, np.float32(self.w + 2 * WRAP), out=x)
        np.mod(y, np.float32(self.h + 2 * WRAP), out=y)
        x -= WRAP
        y -= WRAP
        mx, my = wx * 0.87, 40.0 * fall + wy * 0.87  # the near flakes' mean motion
        speed = math.hypot(mx, my)
        self.dir = (mx / speed, my / speed) if speed > 1e-6 else (0.0, 1.0)
        self.gusting = max(0.0, self.gusting - DT * 2.0)
        if gust > 1.35:
            self.gusting = 1.0
        self.streak = 0.0 if it < 0.15 else min(10.0, (speed + 40.0 * it) * 0.045 * (0.5 + it)
                                                * (1.0 + 0.6 * self.gusting))

    def burst(self) -> None:
        """A gust: longer streaks for a moment."""
        self.gusting = 1.0

    def _colours(self) -> tuple[tuple[int, int, int], ...]:
        """near, mid, far, streak head, streak tail."""
        return NIGHT_COLOURS if self.darkness >= 0.3 else DAY_COLOURS

    def draw(self, surface: pygame.Surface, alpha: float = 0.0) -> None:
        """Write the flakes into the surface's pixels (falls back to blits on odd formats)."""
        n = max(1, min(self.cap, int(self.count)))
        w, h = surface.get_size()
        xy = self.vel[:, :n] * np.float32(DT * alpha)
        # (int32: the cast from float32 is ~4x faster than to intp; truncated as astype does)
        ixy = np.add(xy, self.pos[:, :n], out=self._ixy[:, :n], casting="unsafe")
        xs, ys = ixy[0], ixy[1]
        cols = self._colours()
        try:  # the pixels as one flat array (unpadded rows only; cheaper than pixels2d)
            flat = np.asarray(surface.get_view("1"))
        except (pygame.error, ValueError):
            flat = None
        if flat is None or flat.dtype.kind != "u":  # (24-bit pixels come as 3-byte voids)
            del flat
            self._draw_blits(surface, xs, ys, self.near[:n], self.far[:n], cols[:3])
            return
        try:
            m = self._mapped(cols, surface)
            L = int(self.streak)
            edge = L + 1
            idx32 = ys * np.int32(w)
            idx32 += xs
            # inside: edge <= x < w - edge (and y), as one unsigned compare per axis
            ixy -= np.int32(edge)
            ok = ixy.view(np.uint32) < self._bounds(w, h, edge)
            inside = ok[0] & ok[1]
            trails = L >= 2  # a short trail behind each streaky near flake, along the wind
            dump = L >= 1 and w > edge and h > edge
            streaky, far, mid, near, order, (a1, a2, a3) = self._kinds(n)
            # (without trails, the pixels the flakes sent to pixel 0 write are its 2x2 alone)
            trail = self._trail(L, w) if trails else (self._square(w), self._square(w))
            # The flakes outside write at pixel 0 (no selection per kind); the pixels they reach
            # from there are saved first and put back last: the 2x2 at pixel 0, and with trails
            # the trail from pixel 0 (`spare`). No inside flake writes any of them. The 2x2 is
            # column 0, or row 0, or (1, 1): out of reach once edge >= 2 (a trail would step L
            # both across and down). A trail's column steps dx are all of one sign, |dx| <= L,
            # so inside writes keep to columns L+1+min(dx) .. w-L-2+max(dx), while the trail
            # from pixel 0 writes columns 0..L, or 0 and w-L..w-1 (a flat index's column is
            # dx mod w, also where it wraps a row or the frame; the frame is more than edge
            # wide and high, so the trail's indices stay in it). Edge 1 or a frame too small:
            # select the flakes inside instead.
            if dump:
                idx32 *= inside
                # intp: numpy scatters with int32 indices ~2.5x slower (it converts); one gather
                # puts the kinds one after another: streaky near, far, mid, near
                at = idx32[order].astype(np.intp)
                base, at_far, at_mid, at_near = at[:a1], at[a1:a2], at[a2:a3], at[a3:]
                spare = trail[1]
                keep = flat[spare]
            else:
                idx = idx32.astype(np.intp)
                base = idx[streaky[inside[streaky]]]
                at_far, at_mid, at_near = idx[far[inside[far]]], idx[mid[inside[mid]]], idx[near[inside[near]]]
            # Each group is one colour, so the order of writes inside a group does not matter
            # (offsets outer, flakes inner: numpy's inner loops run over the flakes).
            if trails:
                at_trail = np.add.outer(trail[0], base)  # the heads' rows, then the tails'
                flat[at_trail[L // 2:].ravel()] = m[4]
                flat[at_trail[:L // 2].ravel()] = m[3]
            flat[at_far] = m[2]
            flat[at_mid] = m[1]
            flat[np.add.outer(self._square(w), at_near).ravel()] = m[0]  # 2x2 each
            if dump:
                flat[spare] = keep
        finally:
            del flat

    def _mapped(self, cols: tuple[tuple[int, int, int], ...], surface: pygame.Surface) -> list[int]:
        """The colours as the surface's pixel values (kept per colours and surface, whose pixel
        format never changes; never kept for 8-bit surfaces, whose palette may)."""
        kept_cols, kept_surface = self._mapped_for
        if kept_surface is not surface or kept_cols is not cols:
            # (& 0xFFFFFFFF: pygame gives an opaque pixel with alpha as a negative int)
            self._mapped_of = [surface.map_rgb(c) & 0xFFFFFFFF for c in cols]
            self._mapped_for = (cols, surface if surface.get_bitsize() > 8 else None)
        return self._mapped_of

    def _bounds(self, w: int, h: int, edge: int) -> np.ndarray:
        """The unsigned bounds of a flake's pixel, less `edge`, on a w x h frame (kept)."""
        key = (w, h, edge)
        if self._bounds_key != key:
            self._bounds_of = np.array([[max(0, w - 2 * edge)], [max(0, h - 2 * edge)]], np.uint32)
            self._bounds_key = key
        return self._bounds_of

    def _square(self, w: int) -> np.ndarray:
        """Flat offsets of a near flake's 2x2 pixels on rows w pixels wide (kept)."""
        if self._square_of[0] != w:
            self._square_of = (w, np.array([0, 1, w, w + 1], np.intp))
        return self._square_of[1]

    def _kinds(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                      tuple[int, int, int]]:
        """Indices of the first n flakes by kind: streaky near, far, mid, near; the four one
        after another, and where each after the first starts there (kept while n is; each
        kind's first indices when n changes, as the intensity ramps)."""
        if self._kinds_n != n:
            c0, c1, c2, c3 = self._kind_below[min(n, self.cap)].tolist()  # (draw's n >= 1)
            s, f, m, near = self._kind_of
            kinds = (s[:c0], f[:c1], m[:c2], near[:c3])
            self._kinds_of = (*kinds, np.concatenate(kinds), (c0, c0 + c1, c0 + c1 + c2))
            self._kinds_n = n
        return self._kinds_of

    def _trail(self, length: int, w: int) -> tuple[np.ndarray, np.ndarray]:
        """Flat offsets of a streak's pixels behind a flake (its head, the first length // 2,
        then its tail), and the pixels the flakes sent to pixel 0 write (its 2x2 and a trail
        from it). Both kept per length and row width while the direction rounds to the same
        pixels: the wind turns a little every tick, the trail's pixels seldom change."""
        ux, uy = self.dir
        key = self._trail_key
        if key is not None and key[0] == length and key[1] == w \
                and key[2] < ux < key[3] and key[4] < uy < key[5]:
            return self._trail_of
        ks = range(1, length + 1)
        rx = [int(round(-ux * k)) for k in ks]
        ry = [int(round(-uy * k)) for k in ks]
        off = [a + b * w for a, b in zip(rx, ry)]
        self._trail_of = (np.array(off, np.intp), np.array([0, 1, w, w + 1, *off], np.intp))
        self._trail_key = (length, w, *_same_rounding(ux, rx), *_same_rounding(uy, ry))
        return self._trail_of

    @staticmethod
    def _draw_blits(surface: pygame.Surface, xs: np.ndarray, ys: np.ndarray, near: np.ndarray,
                    far: np.ndarray, colours: tuple) -> None:
        dots = []
        for size, col in ((2, colours[0]), (1, colours[1]), (1, colours[2])):
            d = pygame.Surface((size, size))
            d.fill(col)
            dots.append(d)
        kind = np.where(near, 0, np.where(far, 2, 1)).tolist()
        surface.fblits([(dots[k], (x, y)) for k, x, y in zip(kind, xs.tolist(), ys.tolist())])
