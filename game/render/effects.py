"""Presentation effects: particles, screen shake, a loss flash and falling snow.

All randomness comes from each effect's own numpy Generator, never from the World.
Effects advance once per fixed tick (`update_tick`) and draw with interpolation.
Reduced motion (the player's setting): `Particles.density` below 1 emits fewer, and a
disabled `Shake` or `Flash` ignores its kicks and triggers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.sim.world import DT


def _dots(colour: tuple[int, int, int], sizes: tuple[int, ...] = (1, 2, 3)) -> list[pygame.Surface]:
    out = []
    for s in sizes:
        d = pygame.Surface((s, s))
        d.fill(colour)
        out.append(d)
    return out


class Particles:
    """A fixed pool of world-space particles with gravity-free drag (snow spray, splashes)."""

    def __init__(self, capacity: int = 600, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.cap = capacity
        self.pos = np.zeros((capacity, 2))
        self.vel = np.zeros((capacity, 2))
        self.life = np.zeros(capacity)
        self.max_life = np.ones(capacity)
        self.colour = np.zeros(capacity, dtype=np.int32)
        self.size = np.zeros(capacity, dtype=np.int32)
        self.palette: list[tuple[int, int, int]] = []
        self._sprites: list[list[pygame.Surface]] = []
        self._next = 0
        self.density = 1.0  # share of each emit actually spawned (reduced motion: fewer)
        self._carry = 0.0
        # No particle has more life than this (each tick takes the same DT off both), so none
        # is live when it is 0 or less: ticks and frames then skip the numpy passes.
        self._most_life = 0.0

    def _colour_index(self, colour: tuple[int, int, int]) -> int:
        if colour not in self.palette:
            self.palette.append(colour)
            self._sprites.append(_dots(colour))
        return self.palette.index(colour)

    def emit(self, x: float, y: float, n: int, speed: float, colours: list[tuple[int, int, int]],
             life: float = 0.5, direction: float | None = None, spread: float = math.pi,
             size: tuple[int, int] = (1, 2), base: tuple[float, float] = (0.0, 0.0)) -> None:
        """Spawn n particles at (x, y): speed px/s, direction in screen radians (atan2 sense)
        or all around, life in seconds, sizes in [size[0], size[1]] px."""
        if self.density < 1.0:
            self._carry += n * self.density
            n = int(self._carry)
            self._carry -= n
        if n <= 0:
            return
        r = self.rng
        idx = (self._next + np.arange(n)) % self.cap
        self._next = int((self._next + n) % self.cap)
        ang = r.uniform(-math.pi, math.pi, n) if direction is None else \
            direction + r.uniform(-spread, spread, n)
        sp = speed * r.uniform(0.35, 1.0, n)
        self.pos[idx, 0] = x + r.uniform(-1.5, 1.5, n)
        self.pos[idx, 1] = y + r.uniform(-1.5, 1.5, n)
        self.vel[idx, 0] = np.cos(ang) * sp + base[0]
        self.vel[idx, 1] = np.sin(ang) * sp + base[1]
        lf = life * r.uniform(0.6, 1.0, n)
        self._most_life = max(self._most_life, float(lf.max()))
        self.life[idx] = lf
        self.max_life[idx] = lf
        ci = [self._colour_index(c) for c in colours]
        self.colour[idx] = r.choice(ci, n)
        self.size[idx] = r.integers(size[0], size[1] + 1, n)

    def update_tick(self) -> None:
        """Move live particles one tick; they slow down and die."""
        if self._most_life <= 0.0:
            return
        self._most_life -= DT
        live = self.life > 0
        if not live.any():
            return
        self.pos[live] += self.vel[live] * DT
        self.vel[live] *= 0.92
        self.life[live] -= DT

    def clear(self) -> None:
        self.life[:] = 0
        self._most_life = 0.0

    def draw(self, surface: pygame.Surface, cam: tuple[int, int]) -> None:
        """Blit live particles; they shrink as they fade."""
        if self._most_life <= 0.0:
            return
        live = np.nonzero(self.life > 0)[0]
        if not len(live):
            return
        at = self.pos[live]
        at -= cam  # (the same float64 subtraction per coordinate)
        xy = at.astype(np.int32).tolist()
        frac = self.life[live] / self.max_life[live]
        sz = np.clip(np.ceil(self.size[live] * np.minimum(frac * 1.6, 1.0)), 1, 3).astype(np.int32) - 1
        spr = self._sprites
        surface.fblits([(spr[c][s], (x, y)) for c, s, (x, y) in
                        zip(self.colour[live].tolist(), sz.tolist(), xy)])


class Shake:
    """Screen shake: a decaying random offset, re-drawn each tick from its own generator."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = np.random.default_rng(seed)
        self.strength = 0.0
        self.off = (0, 0)
        self.enabled = True  # reduced motion: no shake at all

    def kick(self, strength: float) -> None:
        if self.enabled:
            self.strength = max(self.strength, strength)

    def update_tick(self) -> None:
        if self.strength < 0.3:
            self.strength, self.off = 0.0, (0, 0)
            return
        dx, dy = self.rng.uniform(-1.0, 1.0, 2) * self.strength
        self.off = (int(round(dx)), int(round(dy)))
        self.strength *= 0.86


class Flash:
    """A red vignette that fades after a vial loss (plus a short white flash on impacts)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.level = 0.0
        self.white = 0.0
        self.enabled = True  # reduced motion: no flashes at all
        self._vignette: pygame.Surface | None = None
        self._white = pygame.Surface(size)
        self._white.fill(P["snow_white"])

    def _make_vignette(self) -> pygame.Surface:
        w, h = self.size
        yy, xx = np.mgrid[0:h, 0:w]
        dx = (xx - w / 2) / (w / 2)
        dy = (yy - h / 2) / (h / 2)
        d = np.clip(np.sqrt(dx * dx + dy * dy) - 0.55, 0, 1) / 0.9
        a = (np.clip(d, 0, 1) ** 1.5 * 235).astype(np.uint8)
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        s.fill(P["red_dark"])
        pygame.surfarray.pixels_alpha(s)[:] = a.T
        return s

    def trigger(self, strength: float = 1.0, white: float = 0.0) -> None:
        if not self.enabled:
            return
        self.level = max(self.level, strength)
        self.white = max(self.white, white)

    def update_tick(self) -> None:
        self.level = max(0.0, self.level - DT * 1.6)
        self.white = max(0.0, self.white - DT * 5.0)

    def draw(self, surface: pygame.Surface) -> None:
        if self.level > 0.01:
            if self._vignette is None:
                self._vignette = self._make_vignette()
            self._vignette.set_alpha(int(255 * min(1.0, self.level)))
            surface.blit(self._vignette, (0, 0))
        if self.white > 0.01:
            self._white.set_alpha(int(110 * self.white))
            surface.blit(self._white, (0, 0))


class Snowfall:
    """Falling snow in screen space, numpy-vectorised; nearer flakes are bigger and faster
    and drift against the camera's motion (parallax)."""

    def __init__(self, size: tuple[int, int], count: int = 140, seed: int = 3) -> None:
        self.w, self.h = size
        self.rng = np.random.default_rng(seed)
        r = self.rng
        self.n = count
        self.pos = np.stack([r.uniform(0, self.w, count), r.uniform(0, self.h, count)], axis=1)
        self.depth = r.uniform(0.25, 1.0, count)
        self.phase = r.uniform(0, 2 * math.pi, count)
        self.t = 0.0
        self.wind = -6.0
        self._last_cam: tuple[float, float] | None = None
        self._flakes = [_dots(P["snow_white"], (1,))[0], _dots(P["snow_white"], (2,))[0],
                        _dots(P["snow_light"], (1,))[0]]
        self._kind = np.where(self.depth > 0.8, 1, np.where(self.depth > 0.45, 0, 2))

    def update_tick(self, cam: tuple[float, float] | None = None) -> None:
        """Advance one tick; `cam` is the camera top-left, for parallax."""
        self.t += DT
        d = self.depth
        self.pos[:, 0] += (self.wind + np.sin(self.t * 1.3 + self.phase) * 8.0) * d * DT
        self.pos[:, 1] += (14.0 + 26.0 * d) * DT
        if cam is not None:
            if self._last_cam is not None:
                self.pos[:, 0] -= (cam[0] - self._last_cam[0]) * d
                self.pos[:, 1] -= (cam[1] - self._last_cam[1]) * d
            self._last_cam = (float(cam[0]), float(cam[1]))
        self.pos[:, 0] %= self.w
        self.pos[:, 1] %= self.h

    def draw(self, surface: pygame.Surface) -> None:
        fl = self._flakes
        xs = self.pos[:, 0].astype(np.int32).tolist()
        ys = self.pos[:, 1].astype(np.int32).tolist()
        surface.fblits([(fl[k], (x, y)) for k, x, y in zip(self._kind.tolist(), xs, ys)])


@dataclass
class Ring:
    """An expanding ring in world space (a roar, a reveal, a splash). Hazard views add them to
    the world view's shared list (`Fx.rings`); the world view ages and draws them."""

    x: float
    y: float
    r0: float
    r1: float
    life: int
    colour: tuple[int, int, int]
    width: int = 2
    age: int = 0
    delay: int = 0


def age_rings(rings: list[Ring]) -> None:
    """One tick older; finished rings go (in place: views hold the same list)."""
    for r in rings:
        r.age += 1
    rings[:] = [r for r in rings if r.age < r.life + r.delay]


def draw_rings(surface: pygame.Surface, rings: list[Ring], cam: tuple[int, int]) -> None:
    """Every started ring, outlined in ink."""
    for r in rings:
        if r.age < r.delay:
            continue
        f = (r.age - r.delay) / r.life
        rad = int(r.r0 + (r.r1 - r.r0) * (1 - (1 - f) ** 2))
        c = (int(r.x - cam[0]), int(r.y - cam[1]))
        w = max(1, round(r.width * (1 - f) + 0.4))
        pygame.draw.circle(surface, P["ink"], c, rad + 1, 1)
        pygame.draw.circle(surface, r.colour, c, rad, w)
