"""The title screen: the night backdrop, the game's name, and Campaign / Practice a leg /
Settings / Credits / Quit."""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game import resources
from game.input import actions as I
from game.session.legs import LEGS
from game.render.palette import PALETTE as P
from game.render.effects import Snowfall
from game.screens.base import H, W, Menu, Screen
from game.screens.widgets import Toast, key

if TYPE_CHECKING:
    from game.app.flow import Flow

CAMPAIGN, PRACTICE, SETTINGS, CREDITS, QUIT = "Campaign", "Practice a leg", "Settings", "Credits", "Quit"
ITEMS = [CAMPAIGN, PRACTICE, SETTINGS, CREDITS, QUIT]

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


_AURORA: list[pygame.Surface] = []  # the parallax aurora bands, loaded once
_AURORA_FILE = resources.ASSETS / "ui" / "sky_aurora.png"


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
    draw_aurora(surface, t)
    if snow is not None:
        snow.draw(surface)
    if dark:
        shade = pygame.Surface((W, H), pygame.SRCALPHA)
        shade.fill((*P["hud_bg"], 120))
        surface.blit(shade, (0, 0))


class TitleScreen(Screen):
    """Campaign and Practice open the route map in their mode; Settings opens the app's
    settings screen; Credits; Quit (or Esc) leaves."""

    name = "title"

    def __init__(self, flow: "Flow") -> None:
        super().__init__(flow)
        self.menu = Menu(list(ITEMS))
        self.snow = Snowfall((W, H), count=90, seed=5)
        self.toast = Toast()
        for _ in range(240):  # start with the snow already falling
            self.snow.update_tick()

    def update_tick(self) -> None:
        super().update_tick()
        self.snow.update_tick()
        self.toast.update_tick()
        notices = getattr(self.flow, "notices", None)
        if not self.toast.visible and notices:  # one-time messages (a save that was repaired...)
            self.toast.show(notices.pop(0), P["warning"], 300)

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.flow.quit()
            return
        choice = self.menu.handle(action)
        if choice == CAMPAIGN:
            self.flow.campaign.open_map("campaign")
        elif choice == PRACTICE:
            self.flow.campaign.open_map("practice")
        elif choice == SETTINGS:
            self._settings()
        elif choice == CREDITS:
            from game.screens.story import CreditsScreen

            self.flow.goto(CreditsScreen(self.flow))
        elif choice == QUIT:
            self.flow.quit()

    def _settings(self) -> None:
        """The settings screen is the app's (another engineer's); without it, say so."""
        hook = getattr(self.flow, "open_settings", None)
        if not callable(hook):
            hook = getattr(self.flow, "settings", None)
        if callable(hook):
            hook()
        else:
            self.toast.show("Settings are coming soon.", P["snow_white"], 120)

    def _campaign_line(self) -> str:
        try:
            ctl = self.flow.campaign
            i = ctl.current_index()
            c = ctl.progress.campaign
        except Exception:  # progress is never worth a broken title
            return ""
        if i is None:
            return ""
        return f"Campaign under way: leg {i + 1} of {len(LEGS)}, {c.vials} vials in the crate"

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        t = self.ticks + alpha
        draw_backdrop(surface, self.flow, t, self.snow)
        text = self.flow.assets.text
        bob = int(round(math.sin(t * 0.04) * 2))
        text.draw(surface, "BALTO", (W // 2, 30 + bob), P["snow_white"], 8, align="center",
                  shadow=P["ink"], outline=True)
        text.draw(surface, "The Serum Run", (W // 2, 100 + bob), P["gold"], 3, align="center", outline=True)
        text.draw(surface, "Nenana to Nome, January 1925", (W // 2, 130), P["snow_light"], align="center",
                  outline=True)
        self.menu.draw(surface, self.flow, W // 2, 162, self.ticks, gap=26)
        line = self._campaign_line()
        band = pygame.Surface((W, 40 if line else 24), pygame.SRCALPHA)
        band.fill((*P["hud_bg"], 170))
        surface.blit(band, (0, H - band.get_height()))
        if line:
            text.draw(surface, line, (W // 2, H - 34), P["gold"], align="center", outline=True)
        f = self.flow
        hint = (f"{key(f, 'updown', 'UP/DOWN')} choose   {key(f, 'confirm', 'ENTER')} select   "
                f"{key(f, 'back', 'ESC')} quit")
        text.draw(surface, hint, (W // 2, H - 18), P["snow_light"], align="center", outline=True)
        self.toast.draw(surface, self.flow, H - 60)
