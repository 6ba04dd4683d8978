"""Bears on screen, readable at a glance: asleep (curled, a floating 'z'), walking, the
telegraph before a charge (a warning sign with '!', rearing up and shaking, a ring closing
in, and the roar ring), charging in a cloud of dust, swiping (the paw sprite, the reach
it will land on, a claw slash), and going through the ice (a splash, then nothing).

Warning cues are drawn above the fog: in a whiteout the player still sees the bear coming.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pygame

from game.render import Text
from game.render.effects import Particles, Ring
from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet, heading_step
from game.render.tiles import TileRenderer
from game.render.view_api import CREATURES, OVER_FOG, WARNINGS, Frame, Fx
from game.sim import bear as B
from game.sim import events as E
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import World

WATER = [P["water"], P["ice"], P["ice_light"], P["snow_white"]]
DUST = [P["snow_white"], P["snow_mid"], P["snow_shadow"], P["rock_light"]]
FALL_TICKS = 40  # the bear sinks out of sight over this long
STRIDE = 7.0  # px of travel per walk frame
ALERT = (B.NOTICE, B.CHARGE, B.SWIPE)  # states the HUD points at


@dataclass
class Slash:
    """Three claw strokes across where a swipe came down."""

    x: float
    y: float
    heading: float
    hit: bool
    age: int = 0


def bear_pos(world: World, i: int, alpha: float) -> tuple[float, float]:
    """Bear i between its last two tick positions."""
    b = world.bears
    return (float(b.prev_x[i] + (b.x[i] - b.prev_x[i]) * alpha),
            float(b.prev_y[i] + (b.y[i] - b.prev_y[i]) * alpha))


class BearView:
    """Draws a World's bears and their cues; keeps its own effect state."""

    # Under the fog; over it after the guides; its warnings over the shared rings.
    LAYERS: ClassVar[Mapping[str, int]] = {CREATURES: 10, OVER_FOG: 20, WARNINGS: 10}

    def __init__(self, sprites: SpriteSheet, text: Text | None = None) -> None:
        self.sprites = sprites
        self.text = text
        self._scaled: dict[tuple, tuple[pygame.Surface, float, float]] = {}
        self.walk = sprites.first("bear")
        self.swipe = sprites.first("bear_swipe", "bear")
        self.sleep = sprites.first("bear_sleep", "bear")
        self._fresh()

    def _fresh(self) -> None:
        """The per-run effect state."""
        self.slashes: list[Slash] = []
        self.falling: dict[int, int] = {}  # bear index -> ticks since it broke through
        self.stride = np.zeros(0)
        self.prev_state = np.zeros(0, dtype=np.int8)
        self._index: dict[int, int] = {}

    @classmethod
    def create(cls, level: Level, sprites: SpriteSheet) -> BearView:
        """The registered factory (game.render.hazard_views)."""
        return cls(sprites)

    def reset(self, world: World, tiles: TileRenderer) -> None:
        """A new run: forget the last one's effects."""
        self._fresh()

    def sprite_names(self, level: Level) -> set[str]:
        """Sprites to rotate before the run (only when the level has bears)."""
        return {self.walk, self.swipe} if level.of_kind("bear") else set()

    def shows(self, world: World) -> bool:
        """A World's bears are all there from its start (a leg without any draws nothing)."""
        return len(world.bears) > 0 or bool(self.slashes)

    def draw(self, layer: str, surface: pygame.Surface, world: World, frame: Frame) -> None:
        if not len(world.bears) and not self.slashes:  # a leg without bears (most)
            return
        if layer == CREATURES:
            self.draw_bears(surface, world, frame.cam, frame.alpha, frame.t)
        elif layer == OVER_FOG:
            self.draw_bears(surface, world, frame.cam, frame.alpha, frame.t, frame.fade)
        elif layer == WARNINGS:
            self.draw_cues(surface, world, frame.cam, frame.alpha, frame.t)

    def _sync(self, world: World) -> None:
        n = len(world.bears)
        if len(self.stride) != n:
            self.stride = np.zeros(n)
            self.prev_state = world.bears.state.copy()
            self._index = {int(v): i for i, v in enumerate(world.bears.ids.tolist())}

    # -- per tick --------------------------------------------------------------------
    def on_event(self, world: World, ev: Event, fx: Fx) -> None:
        """Rings, splashes and dust for the bears' events, and the camera's shake."""
        if ev.kind not in (E.BEAR_NOTICE, E.BEAR_FALLS, E.BEAR_SWIPE):
            return
        self._effects(world, ev, fx.particles, fx.rings)
        if isinstance(ev, E.BearSwipe):
            fx.shake.kick(4.0 if ev.target == "sled" else 2.0)
        elif ev.kind == E.BEAR_NOTICE:
            fx.shake.kick(1.5)

    def _effects(self, world: World, ev: Event, particles: Particles, rings: list[Ring]) -> None:
        self._sync(world)
        if ev.kind == E.BEAR_NOTICE:
            for k in range(3):
                rings.append(Ring(ev.x, ev.y, 10.0, 90.0, 36, P["red"], 3 - k // 2, delay=k * 8))
        elif ev.kind == E.BEAR_FALLS:
            i = self._index.get(ev.bear) if isinstance(ev, E.BearFalls) else None
            if i is not None:
                self.falling[i] = 0
            particles.emit(ev.x, ev.y, 70, 120.0, WATER, life=1.0, size=(1, 3))
            particles.emit(ev.x, ev.y, 24, 40.0, [P["snow_white"]], life=1.3, size=(2, 3))
            for k in range(3):
                rings.append(Ring(ev.x, ev.y, 6.0, 40.0, 40, P["ice_light"], 2, delay=k * 10))
        elif ev.kind == E.BEAR_SWIPE:
            hit_sled = isinstance(ev, E.BearSwipe) and ev.target == "sled"
            col = [P["wood_light"], P["wood"], P["snow_white"]] if hit_sled else DUST
            particles.emit(ev.x, ev.y, 24, 80.0, col, life=0.5, size=(1, 2))

    def update_tick(self, world: World, fx: Fx) -> None:
        particles = fx.particles
        self._sync(world)
        b = world.bears
        for s in self.slashes:
            s.age += 1
        self.slashes = [s for s in self.slashes if s.age < 26]
        for i in list(self.falling):
            self.falling[i] += 1
            if self.falling[i] > FALL_TICKS:
                del self.falling[i]
        if not len(b):
            return
        moved = np.hypot(b.x - b.prev_x, b.y - b.prev_y)
        self.stride += moved / STRIDE
        for i in np.flatnonzero(b.state != self.prev_state).tolist():
            if self.prev_state[i] == B.SWIPE:  # the paw came down this tick
                h = float(b.heading[i])
                x = float(b.x[i]) + math.sin(h) * 16
                y = float(b.y[i]) - math.cos(h) * 16
                hit = any(e.kind == E.BEAR_SWIPE for e in world.events)
                self.slashes.append(Slash(x, y, h, hit))
        self.prev_state = b.state.copy()
        for i in np.flatnonzero(b.state == B.CHARGE).tolist():  # dust kicked up behind it
            h = float(b.heading[i])
            x = float(b.x[i]) - math.sin(h) * 10
            y = float(b.y[i]) + math.cos(h) * 10
            particles.emit(x, y, 3, 45.0, DUST, life=0.7, direction=h + math.pi / 2, spread=0.8, size=(2, 3))

    # -- drawing ---------------------------------------------------------------------
    def _sprite(self, name: str, index: int, heading: float, scale: float) -> tuple[pygame.Surface, float, float]:
        surf, dx, dy = self.sprites.rotated(name, index, heading)
        if abs(scale - 1.0) < 0.01:
            return surf, dx, dy
        step = heading_step(heading)
        key = (name, index % len(self.sprites.anim(name).frames), step, round(scale, 2))
        hit = self._scaled.get(key)
        if hit is None:
            w, h = surf.get_size()
            g = pygame.transform.scale(surf, (max(1, round(w * scale)), max(1, round(h * scale))))
            hit = self._scaled[key] = (g, dx * scale, dy * scale)
            if len(self._scaled) > 400:
                self._scaled.clear()
        return hit

    def draw_bears(self, surface: pygame.Surface, world: World, cam: tuple[int, int], alpha: float, t: float,
                   fade: Callable[[float, float], float] | None = None) -> None:
        """The bears themselves (under the fog). With `fade` (over the fog): only the bears
        coming for the team, looming out of the snow as far as the guides show."""
        self._sync(world)
        b = world.bears
        sw, sh = surface.get_size()
        for i in range(len(b)):
            s = int(b.state[i])
            wx, wy = bear_pos(world, i, alpha)
            x, y = wx - cam[0], wy - cam[1]
            if not (-40 <= x <= sw + 40 and -40 <= y <= sh + 40):
                continue
            a = 1.0
            if fade is not None:
                if s not in (B.NOTICE, B.CHARGE, B.SWIPE, B.RECOVER):
                    continue
                a = 0.85 * fade(wx, wy)
                if a <= 0.05:
                    continue
            h = float(b.heading[i])
            if s == B.GONE:
                age = self.falling.get(i)
                if age is None:
                    continue
                k = 1.0 - age / FALL_TICKS
                scale = round(max(0.2, 0.3 + 0.7 * k), 1)
                surf, dx, dy = self._sprite(self.walk, 0, h, scale)
                if (age // 2) % 3 != 2 or age < 10:
                    surface.blit(surf, (int(x - dx), int(y - dy)))
                continue
            if fade is None:
                pygame.draw.ellipse(surface, P["snow_shadow"], (int(x) - 11, int(y) - 5, 23, 13))
            if s == B.SLEEP:
                if self.sleep != self.walk:
                    self.sprites.draw(surface, self.sleep, x, y, heading=h, index=int(t * 1.2))
                else:  # curled up on its side, breathing
                    scale = 0.9 + (0.02 if math.sin(t * 2.0 + i) > 0 else 0.0)
                    surf, dx, dy = self._sprite(self.walk, 0, h + 1.9, round(scale, 2))
                    surface.blit(surf, (int(x - dx), int(y - dy)))
                continue
            scale, ox = 1.0, 0
            name, idx = self.walk, int(self.stride[i]) if len(self.stride) > i else 0
            if s == B.NOTICE:  # rears up and shakes: bigger, jittering, more as the charge nears
                p = 1.0 - float(b.timer[i]) / B.NOTICE_TICKS
                scale = round(1.0 + 0.3 * min(1.0, p * 3.0), 1)
                ox = (1 if (int(t * 30) % 2) else -1) * (1 + int(p * 2))
                name, idx = self.swipe, 0
            elif s == B.SWIPE:
                name = self.swipe
                idx = 0 if b.timer[i] > B.SWIPE_TICKS // 2 else 1
                scale = 1.1
            elif s == B.RECOVER:
                idx = 0
            surf, dx, dy = self._sprite(name, idx, h, scale)
            if a < 0.99:
                surf = self._faded(surf, (name, idx, h, scale), a)
            surface.blit(surf, (int(round(x - dx)) + ox, int(round(y - dy))))

    def _faded(self, surf: pygame.Surface, key: tuple, alpha: float) -> pygame.Surface:
        """A copy of `surf` at one of 8 alpha steps (cached)."""
        name, idx, h, scale = key
        step = heading_step(h)
        k = ("faded", name, idx % len(self.sprites.anim(name).frames), step, round(scale, 2),
             max(1, int(round(alpha * 8))))
        hit = self._scaled.get(k)
        if hit is None:
            g = surf.copy()
            g.set_alpha(k[-1] * 255 // 8)
            hit = self._scaled[k] = (g, 0.0, 0.0)
            if len(self._scaled) > 400:
                self._scaled.clear()
        return hit[0]

    def draw_cues(self, surface: pygame.Surface, world: World, cam: tuple[int, int], alpha: float, t: float) -> None:
        """Warnings over everything (fog and the shared rings included): z's, '!', closing
        ring, reach, slashes."""
        b = world.bears
        sw, sh = surface.get_size()
        for i in range(len(b)):
            s = int(b.state[i])
            if s == B.GONE:
                continue
            wx, wy = bear_pos(world, i, alpha)
            x, y = wx - cam[0], wy - cam[1]
            if not (-60 <= x <= sw + 60 and -60 <= y <= sh + 60):
                continue
            if s == B.SLEEP:
                self._zzz(surface, x, y, t + i * 0.37)
            elif s == B.NOTICE:
                p = 1.0 - float(b.timer[i]) / B.NOTICE_TICKS
                rr = int(16 + 40 * (1.0 - p))
                pygame.draw.circle(surface, P["ink"], (int(x), int(y)), rr + 1, 1)
                pygame.draw.circle(surface, P["red"], (int(x), int(y)), rr, 2)
                pop = min(1.0, p * 6.0)
                bob = -abs(math.sin(t * 9.0)) * 2
                warning_sign(surface, x, y - 30 + bob, 0.6 + 0.4 * pop)
            elif s == B.SWIPE:
                self._reach(surface, x, y, float(b.heading[i]), 1.0 - float(b.timer[i]) / B.SWIPE_TICKS)
            elif s == B.CHARGE:
                self._speed_lines(surface, x, y, float(b.heading[i]), t)
        for sl in self.slashes:
            self._slash(surface, sl.x - cam[0], sl.y - cam[1], sl)

    def _zzz(self, surface: pygame.Surface, x: float, y: float, t: float) -> None:
        """Floating z's above a sleeping bear."""
        for k in range(3):
            age = (t * 0.7 + k / 3.0) % 1.0
            zx = x + 6 + age * 10 + math.sin(age * 6.0) * 2
            zy = y - 14 - age * 18
            size = 3 + int(age * 3)
            col = P["snow_white"] if age < 0.8 else P["snow_mid"]
            pts = [(zx, zy), (zx + size, zy), (zx, zy + size), (zx + size, zy + size)]
            pygame.draw.lines(surface, P["ink"], False, [(px + 1, py + 1) for px, py in pts], 2)
            pygame.draw.lines(surface, col, False, pts, 1)

    @staticmethod
    def _speed_lines(surface: pygame.Surface, x: float, y: float, h: float, t: float) -> None:
        """Motion lines trailing a charging bear."""
        fx, fy = math.sin(h), -math.cos(h)
        rx, ry = -fy, fx
        for k, side in enumerate((-8, 0, 8)):
            off = 14 + ((t * 40 + k * 5) % 8)
            ln = 10 if side == 0 else 7
            a = (x - fx * off + rx * side, y - fy * off + ry * side)
            b = (a[0] - fx * ln, a[1] - fy * ln)
            pygame.draw.line(surface, P["ink"], (a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1), 2)
            pygame.draw.line(surface, P["snow_white"], a, b, 2)

    @staticmethod
    def _reach(surface: pygame.Surface, x: float, y: float, h: float, p: float) -> None:
        """The arc in front of a swiping bear where the paw will land."""
        reach = B.SWIPE_REACH
        a = h - math.pi / 2  # heading -> screen angle
        pts = [(x + math.cos(a + d) * reach, y + math.sin(a + d) * reach)
               for d in np.linspace(-0.9, 0.9, 9)]
        w = 1 + int(p * 3)
        pygame.draw.lines(surface, P["ink"], False, [(px + 1, py + 1) for px, py in pts], w + 1)
        pygame.draw.lines(surface, P["red"], False, pts, w)
        pygame.draw.line(surface, P["red"], (x, y), pts[0], 1)
        pygame.draw.line(surface, P["red"], (x, y), pts[-1], 1)

    @staticmethod
    def _slash(surface: pygame.Surface, x: float, y: float, sl: Slash) -> None:
        """Three claw strokes that rake across, then shrink away."""
        grow = min(1.0, sl.age / 5.0)
        fade = 1.0 - max(0.0, (sl.age - 10) / 16.0)
        if fade <= 0:
            return
        fx, fy = math.sin(sl.heading), -math.cos(sl.heading)  # forward
        rx, ry = -fy, fx  # sideways (the rake's direction)
        half = 16 * fade
        for k in (-1, 0, 1):
            cx, cy = x + fx * k * 7, y + fy * k * 7
            a = (cx - rx * half + fx * 3, cy - ry * half + fy * 3)
            b = (a[0] + (rx * 2 * half - fx * 6) * grow, a[1] + (ry * 2 * half - fy * 6) * grow)
            pygame.draw.line(surface, P["ink"], (a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1), 4)
            pygame.draw.line(surface, P["snow_white"], a, b, 3)
            pygame.draw.line(surface, P["red"] if sl.hit else P["snow_mid"], a, b, 1)


def warning_sign(surface: pygame.Surface, x: float, y: float, scale: float = 1.0) -> pygame.Rect:
    """A triangle with an '!': the bear's telegraph (shape and mark, not colour alone)."""
    s = 11 * scale
    pts = [(x, y - s), (x - s, y + s * 0.75), (x + s, y + s * 0.75)]
    pygame.draw.polygon(surface, P["ink"], [(px + 1, py + 1) for px, py in pts])
    pygame.draw.polygon(surface, P["gold"], pts)
    pygame.draw.polygon(surface, P["ink"], pts, 1)
    bar_h = max(2, int(s * 0.8))
    bw = max(2, int(s * 0.28))
    surface.fill(P["ink"], (int(x - bw / 2), int(y - s * 0.45), bw, bar_h))
    surface.fill(P["ink"], (int(x - bw / 2), int(y + s * 0.45), bw, bw))
    return pygame.Rect(int(x - s), int(y - s), int(2 * s), int(1.75 * s))
