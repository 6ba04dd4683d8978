"""The title screen: the night backdrop, the game's name, Play / Quit."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game import input as I
from game.palette import PALETTE as P
from game.render.effects import Snowfall
from game.screens.base import H, W, Menu, Screen

if TYPE_CHECKING:
    from game.screens.flow import Flow

PLAY, QUIT = "Play", "Quit"

_BACKDROP: pygame.Surface | None = None
_STARS = np.random.default_rng(1925).uniform(0, 1, (60, 3))  # x, y, phase (presentation only)


def _gradient_backdrop() -> pygame.Surface:
    """A palette-only night: banded sky with dithered edges, an aurora, hills and spruces."""
    s = pygame.Surface((W, H))
    bands = [P["hud_bg"], P["night"], P["slate"]]
    edges = [0, 130, 220, H]
    for i, c in enumerate(bands):
        s.fill(c, (0, edges[i], W, edges[i + 1] - edges[i]))
        if i:  # ordered-dither the seam
            for y in range(edges[i] - 8, edges[i]):
                for x in range((y % 2), W, 2 + (edges[i] - y) // 2):
                    s.set_at((x, y), c)
    for k, col in enumerate((P["aurora_green"], P["aurora_violet"])):
        for x in range(0, W, 2):
            y = 60 + k * 14 + 18 * math.sin(x / 70.0 + k) + 8 * math.sin(x / 23.0)
            length = 10 + int(8 * (1 + math.sin(x / 40.0 + k * 2)))
            for j in range(0, length, 2):
                s.set_at((x + (j // 2) % 2, int(y) + j), col)
    for base, col, amp, f in ((262, P["snow_shadow"], 24, 90.0), (292, P["snow_mid"], 14, 60.0)):
        pts = [(0, H)] + [(x, base - amp * abs(math.sin(x / f + base))) for x in range(0, W + 8, 8)] + [(W, H)]
        pygame.draw.polygon(s, col, pts)
    s.fill(P["snow_light"], (0, 318, W, H - 318))
    rng = np.random.default_rng(7)
    for x in sorted(rng.uniform(0, W, 26)):
        h = int(rng.uniform(18, 40))
        bx, by = int(x), int(300 + rng.uniform(-8, 14))
        for k in range(4):
            w = 3 + (k + 1) * h // 9
            top = by - h + k * h // 4
            pygame.draw.polygon(s, P["spruce_dark"], [(bx, top), (bx - w, top + h // 3), (bx + w, top + h // 3)])
        s.fill(P["wood_dark"], (bx - 1, by - 3, 2, 4))
    return s


def draw_backdrop(surface: pygame.Surface, flow: "Flow", t: float, snow: Snowfall | None = None,
                  dark: bool = False) -> None:
    """The title art (or the palette night) with twinkling stars and drifting snow."""
    global _BACKDROP
    img = flow.assets.title_image
    if img is not None:
        if img.get_size() != (W, H):
            img = flow.assets.title_image = pygame.transform.scale(img, (W, H))
        surface.blit(img, (0, 0))
    else:
        if _BACKDROP is None:
            _BACKDROP = _gradient_backdrop()
        surface.blit(_BACKDROP, (0, 0))
    for x, y, ph in _STARS:
        v = math.sin(t * 0.05 + ph * 40.0)
        if v > -0.3:
            col = P["snow_white"] if v > 0.6 else P["snow_shadow"]
            px, py = int(x * W), int(y * 120)
            surface.fill(col, (px, py, 1, 1))
            if v > 0.85:
                surface.fill(P["snow_shadow"], (px - 1, py, 3, 1))
                surface.fill(P["snow_shadow"], (px, py - 1, 1, 3))
                surface.fill(P["snow_white"], (px, py, 1, 1))
    if snow is not None:
        snow.draw(surface)
    if dark:
        shade = pygame.Surface((W, H), pygame.SRCALPHA)
        shade.fill((*P["hud_bg"], 120))
        surface.blit(shade, (0, 0))


class TitleScreen(Screen):
    """Play starts the first leg; Quit (or Esc) leaves."""

    name = "title"

    def __init__(self, flow: "Flow") -> None:
        super().__init__(flow)
        self.menu = Menu([PLAY, QUIT])
        self.snow = Snowfall((W, H), count=90, seed=5)
        for _ in range(240):  # start with the snow already falling
            self.snow.update_tick()

    def update_tick(self) -> None:
        super().update_tick()
        self.snow.update_tick()

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.flow.quit()
            return
        choice = self.menu.handle(action)
        if choice == PLAY:
            self.flow.play()
        elif choice == QUIT:
            self.flow.quit()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        t = self.ticks + alpha
        draw_backdrop(surface, self.flow, t, self.snow)
        text = self.flow.assets.text
        bob = int(round(math.sin(t * 0.04) * 2))
        text.draw(surface, "BALTO", (W // 2, 48 + bob), P["snow_white"], 8, align="center",
                  shadow=P["ink"], outline=True)
        text.draw(surface, "The Serum Run", (W // 2, 118 + bob), P["gold"], 3, align="center", outline=True)
        text.draw(surface, "Nenana to Nome, January 1925", (W // 2, 148), P["snow_light"], align="center",
                  outline=True)
        self.menu.draw(surface, self.flow, W // 2, 196, self.ticks)
        hint = "UP/DOWN choose   ENTER/SPACE select   ESC quit"
        text.draw(surface, hint, (W // 2, H - 18), P["snow_light"], align="center", outline=True)
