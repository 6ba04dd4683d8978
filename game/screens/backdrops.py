"""The menus' backdrops: the title's night sky with stars, aurora and snow, and the full-screen
pictures of the story cards and the route map (assets/ui)."""
from __future__ import annotations

import math

import numpy as np
import pygame

from game import resources
from game.render import Assets
from game.render.effects import Snowfall
from game.render.palette import PALETTE as P
from game.screens.base import H, W

UI = resources.ASSETS / "ui"
FALLBACK_BACKDROP = "sky_night"
_STARS = np.random.default_rng(1925).uniform(0, 1, (60, 3))  # x, y, phase (presentation only)
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
            wave = 60 + k * 14 + 18 * math.sin(x / 70.0 + k) + 8 * math.sin(x / 23.0)
            length = 10 + int(8 * (1 + math.sin(x / 40.0 + k * 2)))
            for j in range(0, length, 2):
                s.set_at((x + (j // 2) % 2, int(wave) + j), col)
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


_AURORA: list[pygame.Surface] = []  # the parallax aurora bands, loaded once
_AURORA_FILE = UI / "sky_aurora.png"


def _aurora_layers() -> list[pygame.Surface]:
    """Two faint copies of the aurora band, for a slow parallax drift; none if the art is missing."""
    if not _AURORA and _AURORA_FILE.is_file():
        band = pygame.image.load(str(_AURORA_FILE))
        for alpha in (70, 45):
            layer = band.copy()
            layer.set_alpha(alpha)
            _AURORA.append(layer)
    return _AURORA


def draw_aurora(surface: pygame.Surface, t: float) -> None:
    """The aurora curtains drifting at two speeds across the top of the sky (parallax)."""
    for i, layer in enumerate(_aurora_layers()):
        w = layer.get_width()
        x = -int(t * (0.08 + 0.1 * i)) % w
        y = 6 + 14 * i
        surface.blit(layer, (x - w, y))
        surface.blit(layer, (x, y))


def draw_backdrop(surface: pygame.Surface, assets: Assets, t: float, snow: Snowfall | None = None,
                  dark: bool = False) -> None:
    """The title art (or the palette night) with twinkling stars and drifting snow."""
    global _BACKDROP
    img = assets.title_image
    if img is not None:
        if img.get_size() != (W, H):
            img = assets.title_image = pygame.transform.scale(img, (W, H))
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
    draw_aurora(surface, t)
    if snow is not None:
        snow.draw(surface)
    if dark:
        shade = pygame.Surface((W, H), pygame.SRCALPHA)
        shade.fill((*P["hud_bg"], 120))
        surface.blit(shade, (0, 0))


_IMAGES: dict[str, pygame.Surface | None] = {}


def ui_image(name: str) -> pygame.Surface | None:
    """A full-screen UI picture from assets/ui by name, scaled to the screen and cached;
    None when it is missing or unreadable."""
    if name not in _IMAGES:
        try:
            img = pygame.image.load(str(UI / f"{name}.png"))
            if img.get_size() != (W, H):
                img = pygame.transform.scale(img, (W, H))
            _IMAGES[name] = img.convert() if pygame.display.get_surface() is not None else img
        except (pygame.error, OSError):
            _IMAGES[name] = None
    return _IMAGES[name]


def backdrop(name: str) -> pygame.Surface | None:
    """A card's backdrop by name; the night sky when it is missing."""
    return ui_image(name) or ui_image(FALLBACK_BACKDROP)
