"""What guides the team on screen: trail markers (Steele's false ones only differ once Balto's
senses reveal them), Jenna's lights, the white wolf, and the senses themselves.

An unrevealed false marker is drawn by exactly the same code path as a true one. A revealed
one becomes a broken stake with a pulsing cross ('marker_false_revealed': a different shape
and animation, not a colour) and fades back when the reveal ends. In fog or at night the
guides are drawn above the fog out to the weather's guide visibility.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pygame

from game.render.effects import Ring
from game.render.fog import glow
from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet, heading_step
from game.render.tiles import TileRenderer
from game.render.view_api import CUES, FOLLOWERS, MARKS, OVER_FOG, Fade, Frame, Fx
from game.sim import events as E
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.markers import SENSES_RADIUS, Markers
from game.sim.world import World

FADE_TICKS = 45  # a revealed marker fades back to a plain one over its last 0.75 s
POP_TICKS = 12  # a freshly revealed marker pops (scale) this long
WOLF_FADE = 1.0 / 30.0  # the wolf fades in and out over half a second
ALPHA_STEPS = 16
SENSE = [P["aurora_violet"], P["snow_white"]]  # a revealed marker's sparkle
# Markers by x: their x array, sorted xs, (index, y) in that order, and each one's x, y, phase.
ByX = tuple[np.ndarray, list[float], list[tuple[int, float]], list[float], list[float], list[float]]


class GuidesView:
    """Markers, lights, wolves and the senses ring of one run."""

    # Over the fog before the bears; the senses under the shared rings.
    LAYERS: ClassVar[Mapping[str, int]] = {MARKS: 10, FOLLOWERS: 10, OVER_FOG: 10, CUES: 10}

    def __init__(self, level: Level, sprites: SpriteSheet) -> None:
        self.sprites = sprites
        self.lights = tuple((o.x, o.y, o.id) for o in level.of_kind("lights"))
        self._alpha: dict[tuple, pygame.Surface] = {}
        self._scaled: dict[tuple, Any] = {}
        self._tint: pygame.Surface | None = None
        self.marker = sprites.first("marker", "stake", "pole")
        self.false_marker = sprites.first("marker_false_revealed", "marker")
        self._fresh()

    def _fresh(self) -> None:
        """The per-run effect state."""
        self.reveal_age: dict[int, int] = {}  # marker index -> ticks since revealed
        self.wolf_alpha: dict[int, float] = {}
        self._marker_index: dict[int, int] = {}
        self._by_x: ByX | None = None

    def reset(self, world: World, tiles: TileRenderer) -> None:
        """A new run: forget the last one's reveals and wolves."""
        self._fresh()

    def sprite_names(self, level: Level) -> set[str]:
        """Sprites to rotate before the run (the wolf, when the level has one)."""
        return {"wolf"} if level.of_kind("wolf") else set()

    def on_event(self, world: World, ev: Event, fx: Fx) -> None:
        """A revealed marker pops and sparkles; senses send out a ring; the wolf puffs snow."""
        if isinstance(ev, E.MarkerRevealed):
            self.on_reveal(world, ev.marker)
            fx.particles.emit(ev.x, ev.y - 8, 16, 50.0, SENSE, life=0.6, size=(1, 2))
            fx.rings.append(Ring(ev.x, ev.y - 6, 4.0, 22.0, 24, P["aurora_violet"], 2))
        elif ev.kind == E.SENSES_ON:
            fx.rings.append(Ring(ev.x, ev.y, 8.0, 180.0, 30, P["aurora_violet"], 2))
        elif ev.kind == E.WOLF:
            fx.particles.emit(ev.x, ev.y, 20, 35.0, [P["snow_white"], P["ice_light"]], life=0.9, size=(1, 2))

    def shows(self, world: World) -> bool:
        """Markers, lights and the senses may show on any leg."""
        return True

    def draw(self, layer: str, surface: pygame.Surface, world: World, frame: Frame) -> None:
        cam, t = frame.cam, frame.t
        if layer == MARKS:
            self.draw_lights(surface, cam, t)
            self.draw_markers(surface, world, cam, t)
        elif layer == FOLLOWERS:
            self.draw_wolves(surface, world, cam, frame.alpha, t)
        elif layer == OVER_FOG:
            self.draw_lights(surface, cam, t, frame.fade, frame.darkness)
            self.draw_markers(surface, world, cam, t, frame.fade)
            self.draw_wolves(surface, world, cam, frame.alpha, t, frame.fade)
        elif layer == CUES:
            self.draw_senses(surface, world, frame.bx, frame.by, t)

    # -- per tick --------------------------------------------------------------------
    def on_reveal(self, world: World, marker_id: int) -> None:
        if not self._marker_index:
            self._marker_index = {int(v): i for i, v in enumerate(world.markers.ids.tolist())}
        i = self._marker_index.get(int(marker_id))
        if i is not None:
            self.reveal_age[i] = 0

    def update_tick(self, world: World, fx: Fx) -> None:
        """Age the reveals, fade the wolves in and out, and every 4th tick leave a faint trail
        of aurora sparkles behind a guiding wolf."""
        self._update(world)
        if fx.ticks % 4 == 0:
            for w in world.guides.wolves:
                if w.state == "guiding":
                    fx.particles.emit(w.x, w.y, 2, 12.0, [P["aurora_green"], P["ice_light"]], life=0.8)

    def _update(self, world: World) -> None:
        for i in list(self.reveal_age):
            self.reveal_age[i] += 1
            if self.reveal_age[i] > POP_TICKS:
                del self.reveal_age[i]
        for w in world.guides.wolves:
            a = self.wolf_alpha.get(w.id, 0.0)
            target = 1.0 if w.state == "guiding" else 0.0
            a = min(target, a + WOLF_FADE) if a < target else max(target, a - WOLF_FADE)
            self.wolf_alpha[w.id] = a

    # -- helpers -----------------------------------------------------------------------
    def faded(self, surf: pygame.Surface, key: tuple, alpha: float) -> pygame.Surface:
        """`surf` at a quantised alpha (cached by key)."""
        step = max(0, min(ALPHA_STEPS, int(round(alpha * ALPHA_STEPS))))
        if step >= ALPHA_STEPS:
            return surf
        k = (*key, step)
        hit = self._alpha.get(k)
        if hit is None:
            hit = surf.copy()
            hit.set_alpha(step * 255 // ALPHA_STEPS)
            self._alpha[k] = hit
            if len(self._alpha) > 600:
                self._alpha.clear()
        return hit

    def _upright(self, surface: pygame.Surface, name: str, x: float, y: float, t: float,
                 alpha: float = 1.0, scale: float = 1.0) -> None:
        a = self.sprites.anim(name)
        i = a.index(t)
        f = a.frames[i]
        ax, ay = a.anchor
        if scale != 1.0:
            sk = (name, i, round(scale, 2))
            g = self._scaled.get(sk)
            if g is None:
                g = self._scaled[sk] = pygame.transform.scale(
                    f, (max(1, round(f.get_width() * scale)), max(1, round(f.get_height() * scale))))
            f, ax, ay = g, ax * scale, ay * scale
            key: tuple = sk
        else:
            key = (name, i)
        if alpha < 0.999:
            if alpha <= 0.03:
                return
            f = self.faded(f, key, alpha)
        surface.blit(f, (int(round(x - ax)), int(round(y - ay))))

    # -- markers -----------------------------------------------------------------------
    def draw_markers(self, surface: pygame.Surface, world: World, cam: tuple[int, int], t: float,
                     fade: Fade | None = None, revealed_only: bool = False) -> None:
        """Every marker on screen. `fade(x, y)` gives an alpha by world position (fog);
        `revealed_only` draws just the revealed false ones (over the fog, by scent)."""
        m = world.markers
        if not len(m.x):
            return
        sw, sh = surface.get_size()
        x0, x1, y0, y1 = cam[0] - 20.0, cam[0] + sw + 20.0, cam[1] - 10.0, cam[1] + sh + 30.0
        if fade is not None and not revealed_only:  # none farther than the guide visibility shows
            x0, x1 = max(x0, fade.bx - fade.g), min(x1, fade.bx + fade.g)
            y0, y1 = max(y0, fade.by - fade.g), min(y1, fade.by + fade.g)
        hits = self._on_screen(m, x0, x1, y0, y1)
        if not hits:
            return
        tick = world.tick
        until = m.revealed_until
        _, _, _, xs, ys, phases = self._by_x  # type: ignore[misc]  # (set by _on_screen)
        for i in hits:
            rem = int(until[i]) - tick
            if revealed_only and rem <= 0:
                continue
            wx, wy = xs[i], ys[i]
            a = 1.0 if fade is None or revealed_only else fade(wx, wy)
            if a <= 0.03:
                continue
            x, y = wx - cam[0], wy - cam[1]
            phase = t + phases[i]
            f = min(1.0, rem / FADE_TICKS) if rem > 0 else 0.0  # 1 = shown as false
            if a >= 0.999:
                pygame.draw.ellipse(surface, P["snow_shadow"], (int(x) - 3, int(y) - 1, 7, 3))
            if f < 1.0:
                self._upright(surface, self.marker, x, y, phase, a * (1.0 - f))
            if f > 0.0:
                if f >= 0.5:  # a pulsing ring marks it out from afar (the shape inside says why)
                    rr = 10 + int(2 * math.sin(t * 6.0))
                    pygame.draw.circle(surface, P["ink"], (int(x) + 1, int(y) - 6), rr + 1, 1)
                    pygame.draw.circle(surface, P["aurora_violet"], (int(x), int(y) - 7), rr, 1)
                age = self.reveal_age.get(i)
                scale = 1.0 if age is None else 1.0 + 0.6 * math.sin(math.pi * min(1.0, age / POP_TICKS))
                self._upright(surface, self.false_marker, x, y, phase, a * f, round(scale * 5) / 5)

    def _on_screen(self, m: Markers, x0: float, x1: float, y0: float, y1: float) -> list[int]:
        """Indices, ascending, of the markers in [x0, x1] x [y0, y1]: a binary search in the
        markers sorted by x (they never move; kept per Markers with each one's x, y and
        animation phase as Python numbers), not four numpy passes."""
        if self._by_x is None or self._by_x[0] is not m.x:
            order = np.argsort(m.x, kind="stable").tolist()
            xs, ys = m.x.tolist(), m.y.tolist()
            phases = [(k % 7) * 0.13 for k in m.ids.tolist()]
            self._by_x = (m.x, [xs[i] for i in order], [(i, ys[i]) for i in order], xs, ys, phases)
        _, sx, iy = self._by_x[:3]
        hits = [i for i, y in iy[bisect_left(sx, x0):bisect_right(sx, x1)] if y0 <= y <= y1]
        hits.sort()
        return hits

    # -- lights and wolves -------------------------------------------------------------
    def draw_lights(self, surface: pygame.Surface, cam: tuple[int, int], t: float,
                    fade: Fade | None = None, dark: float = 0.0) -> None:
        """Jenna's bottle-glass lights, with a soft warm glow (bigger in the dark)."""
        if not self.lights:
            return
        sw, sh = surface.get_size()
        name = self.sprites.first("lights")
        r = 18 + int(12 * dark)
        for wx, wy, oid in self.lights:
            x, y = wx - cam[0], wy - cam[1]
            if not (-r <= x <= sw + r and -r <= y <= sh + r):
                continue
            a = 1.0 if fade is None else fade(wx, wy)
            if a <= 0.03:
                continue
            pulse = 0.85 + 0.15 * math.sin(t * 2.3 + oid)
            g = glow(r, P["gold"], round((0.35 + 0.35 * dark) * a * pulse, 1))
            surface.blit(g, (int(x) - r, int(y) - r), special_flags=pygame.BLEND_RGB_ADD)
            self._upright(surface, name, x, y, t + oid * 0.17, a)
            if a > 0.5:  # a twinkling star: reads on white fog as on the dark
                self._twinkle(surface, x, y - 6, t * 1.7 + oid * 0.61)

    @staticmethod
    def _twinkle(surface: pygame.Surface, x: float, y: float, phase: float) -> None:
        k = (math.sin(phase * 3.0) + 1.0) / 2.0
        n = 2 + int(round(k * 3))
        xi, yi = int(x), int(y)
        for dx, dy in ((1, 0), (0, 1)):
            a = (xi - dx * n, yi - dy * n)
            b = (xi + dx * n, yi + dy * n)
            pygame.draw.line(surface, P["ink"], (a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1), 1)
        for dx, dy in ((1, 0), (0, 1)):
            pygame.draw.line(surface, P["gold"], (xi - dx * n, yi - dy * n), (xi + dx * n, yi + dy * n), 1)
        surface.fill(P["snow_white"], (xi, yi, 1, 1))

    def draw_wolves(self, surface: pygame.Surface, world: World, cam: tuple[int, int], alpha: float,
                    t: float, fade: Fade | None = None) -> None:
        """The white wolf, fading in and out, with a faint cold glow."""
        sp = self.sprites
        for w in world.guides.wolves:
            a = self.wolf_alpha.get(w.id, 0.0)
            if a <= 0.03:
                continue
            wx = w.prev_x + (w.x - w.prev_x) * alpha
            wy = w.prev_y + (w.y - w.prev_y) * alpha
            if fade is not None:
                a *= fade(wx, wy)
                if a <= 0.03:
                    continue
            x, y = wx - cam[0], wy - cam[1]
            g = glow(20, P["ice_light"], round(0.45 * a, 1))
            surface.blit(g, (int(x) - 20, int(y) - 20), special_flags=pygame.BLEND_RGB_ADD)
            moving = abs(w.x - w.prev_x) + abs(w.y - w.prev_y) > 0.05
            idx = int(t * 10) % len(sp.anim("wolf").frames) if moving else 0
            step = heading_step(w.heading)
            surf, dx, dy = self._outlined("wolf", idx, w.heading, step)
            surf = self.faded(surf, ("wolf_o", idx, step), a)
            surface.blit(surf, (int(round(x - dx)), int(round(y - dy))))

    def _outlined(self, name: str, idx: int, heading: float, step: int) -> tuple[pygame.Surface, float, float]:
        """A rotated frame with a one-pixel slate outline (a white wolf on white snow)."""
        key = ("outline", name, idx, step)
        hit = self._scaled.get(key)
        if hit is None:
            surf, dx, dy = self.sprites.rotated(name, idx, heading)
            w, h = surf.get_size()
            out = pygame.Surface((w + 2, h + 2), pygame.SRCALPHA)
            sil = pygame.mask.from_surface(surf).to_surface(setcolor=(*P["slate"], 255), unsetcolor=(0, 0, 0, 0))
            for ox, oy in ((0, 1), (2, 1), (1, 0), (1, 2)):
                out.blit(sil, (ox, oy))
            out.blit(surf, (1, 1))
            hit = self._scaled[key] = (out, dx + 1, dy + 1)  # type: ignore[assignment]
        return hit  # type: ignore[return-value]

    # -- senses ------------------------------------------------------------------------
    def _tint_surface(self, size: tuple[int, int]) -> pygame.Surface:
        if self._tint is None or self._tint.get_size() != size:
            w, h = size
            yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
            d = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2)
            a = (np.clip((d - 0.35) / 0.9, 0, 1) * 150).astype(np.uint8)
            s = pygame.Surface((w, h), pygame.SRCALPHA)
            s.fill(P["aurora_violet"])
            pygame.surfarray.pixels_alpha(s)[:] = a.T
            self._tint = s
        return self._tint

    def draw_senses(self, surface: pygame.Surface, world: World, bx: float, by: float, t: float) -> None:
        """While Balto senses: a violet edge tint, the reach ring and a sweeping pulse."""
        if not world.team.sensing:
            return
        tint = self._tint_surface(surface.get_size())
        tint.set_alpha(int(120 + 60 * math.sin(t * 5.0)))
        surface.blit(tint, (0, 0))
        c = (int(bx), int(by))
        r = int(SENSES_RADIUS)
        pygame.draw.circle(surface, P["ink"], (c[0] + 1, c[1] + 1), r, 1)
        pygame.draw.circle(surface, P["aurora_violet"], c, r, 2)
        # Dashes running round the ring so it reads as "active", not just a circle.
        for k in range(12):
            a0 = t * 0.9 + k * math.pi / 6
            p0 = (c[0] + math.cos(a0) * r, c[1] + math.sin(a0) * r)
            p1 = (c[0] + math.cos(a0 + 0.12) * r, c[1] + math.sin(a0 + 0.12) * r)
            pygame.draw.line(surface, P["snow_white"], p0, p1, 2)
        pulse = (t * 0.9) % 1.0
        pr = int(12 + (r - 12) * pulse)
        if pulse < 0.92:
            pygame.draw.circle(surface, P["aurora_violet"], c, pr, 1)
