"""The course on the snow: each checkpoint's gate posts (a reached one ringed in green with a
check mark, shape and colour both) and the finish: a checkered line with its posts and banner.

Its own module so the world view only says when the course is drawn (over the ground, under
the creatures); the gates' and finish's positions are worked out once per level.
"""
from __future__ import annotations

import pygame

from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet
from game.sim.leveldata import Level, MapObject
from game.sim.world import World


class CourseView:
    """Draws the level's checkpoints and finish for a view of `size` pixels."""

    def __init__(self, level: Level, sprites: SpriteSheet, size: tuple[int, int]) -> None:
        self.level = level
        self.sprites = sprites
        self.size = size
        self._gates: list[tuple[int, int, float, float]] | None = None  # (checkpoint, post, x, y)
        self._finishes: list[tuple[MapObject, float, float, int]] = []  # (finish, centre x, y, margin)
        self._flag = self._banner = ""

    def _place(self) -> None:
        """Once per level: the sprite names, the checkpoints' gate posts (checkpoint, post, x, y)
        and each finish with its centre and how far off screen it still shows."""
        sp, lvl = self.sprites, self.level
        self._flag, self._banner = sp.first("checkpoint", "flag"), sp.first("finish", "banner")
        self._gates = [(i, k, fx, fy) for i, cp in enumerate(lvl.of_kind("checkpoint"))
                       for k, (fx, fy) in enumerate(self._gate(cp.x, cp.y, cp.width, cp.height))]
        self._finishes = [(fin, *fin.center, int(max(fin.width, fin.height))) for fin in lvl.of_kind("finish")]

    def draw(self, surface: pygame.Surface, world: World, cam: tuple[int, int], t: float) -> None:
        """The gates in view (a reached one with a green ring and a check mark) and the finish."""
        if self._gates is None:
            self._place()
        sp = self.sprites
        flag = self._flag
        cx0, cy0 = cam
        x0, y0, x1, y1 = cx0 - 40, cy0 - 40, cx0 + self.size[0] + 40, cy0 + self.size[1] + 40
        for i, k, fx, fy in self._gates:  # type: ignore[union-attr]  # (set by _place)
            if not (x0 <= fx <= x1 and y0 <= fy <= y1):
                continue
            done = i in world.checkpoints_reached
            px, py = fx - cx0, fy - cy0
            self._shadow(surface, px, py, 4)
            if done:  # reached: a green ring on the snow and a check mark (shape + colour)
                pygame.draw.ellipse(surface, P["aurora_green"], (int(px) - 7, int(py) - 3, 15, 7), 1)
            sp.draw(surface, flag if not (done and flag == "flag") else "flag_reached",
                    px, py, t + i * 0.21 + k * 0.4)
            if done:
                self._check(surface, int(px) + 8, int(py) - 24)
        for fin, cx, cy, margin in self._finishes:
            if (cx0 - margin <= cx <= cx0 + self.size[0] + margin
                    and cy0 - margin <= cy <= cy0 + self.size[1] + margin):
                self._finish_line(surface, fin.x - cx0, fin.y - cy0, fin.width, fin.height)
                for fx, fy in self._gate(fin.x, fin.y, fin.width, fin.height):
                    sp.draw(surface, flag, fx - cx0, fy - cy0, t)
                sp.draw(surface, self._banner, cx - cx0, cy - cy0 - 10, t)

    @staticmethod
    def _check(surface: pygame.Surface, x: int, y: int) -> None:
        """A small check mark with a dark outline."""
        pts = [(x - 3, y), (x - 1, y + 2), (x + 3, y - 3)]
        pygame.draw.lines(surface, P["ink"], False, [(a + 1, b + 1) for a, b in pts], 2)
        pygame.draw.lines(surface, P["aurora_green"], False, pts, 2)

    @staticmethod
    def _finish_line(surface: pygame.Surface, x: float, y: float, w: float, h: float) -> None:
        """A checkered line across the trail along the finish rectangle's long side."""
        cell = 4
        if h >= w:
            lx = int(x + w / 2) - cell
            for k, yy in enumerate(range(int(y), int(y + h), cell)):
                for j in range(2):
                    col = P["ink"] if (k + j) % 2 else P["snow_white"]
                    surface.fill(col, (lx + j * cell, yy, cell, cell))
        else:
            ly = int(y + h / 2) - cell
            for k, xx in enumerate(range(int(x), int(x + w), cell)):
                for j in range(2):
                    col = P["ink"] if (k + j) % 2 else P["snow_white"]
                    surface.fill(col, (xx, ly + j * cell, cell, cell))

    @staticmethod
    def _gate(x: float, y: float, w: float, h: float) -> tuple[tuple[float, float], ...]:
        """Two posts at the ends of a rectangle's long side (a gate across the trail)."""
        if w >= h:
            return ((x + 3, y + h / 2 + 6), (x + w - 3, y + h / 2 + 6))
        return ((x + w / 2, y + 6), (x + w / 2, y + h - 2))

    @staticmethod
    def _shadow(surface: pygame.Surface, x: float, y: float, r: int) -> None:
        pygame.draw.ellipse(surface, P["snow_shadow"], (int(x) - r, int(y) - 1, 2 * r + 1, 3))

