"""The error screen: a level that cannot be played, said in words, then back to the title."""
from __future__ import annotations

import pygame

from game.input import actions as I
from game.render.palette import PALETTE as P
from game.screens.backdrops import draw_backdrop
from game.screens.base import H, Screen, W, panel
from game.screens.nav import Navigator
from game.session.services import Services


class ErrorScreen(Screen):
    """Shows a LevelError's message wrapped; Enter (or Esc) returns to the title."""

    name = "error"

    def __init__(self, nav: Navigator, services: Services, message: str) -> None:
        super().__init__(nav, services)
        self.message = message

    def handle(self, action: str) -> None:
        if action in (I.CONFIRM, I.BACK):
            self.nav.title()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        draw_backdrop(surface, self.services.assets, self.ticks + alpha, dark=True)
        text = self.services.assets.text
        lines = text.wrap(self.message, W - 112)[:16]
        box = pygame.Rect(0, 0, W - 80, 88 + 12 * len(lines))
        box.center = (W // 2, H // 2)
        panel(surface, box, P["hud_bg"], 240, P["danger"])
        text.draw(surface, "! THIS LEG CANNOT BE PLAYED !", (W // 2, box.top + 14), P["danger"], 2, align="center")
        y = box.top + 46
        for line in lines:
            text.draw(surface, line, (box.left + 16, y), P["snow_light"])
            y += 12
        if (self.ticks // 30) % 2 == 0:
            text.draw(surface, "Press Enter to return to the title", (W // 2, box.bottom - 22), P["gold"],
                      align="center")
