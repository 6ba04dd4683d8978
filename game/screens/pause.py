"""The pause overlay: the run dimmed behind a small menu."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import input as I
from game.palette import PALETTE as P
from game.screens.base import H, W, Menu, Screen, dim, panel

if TYPE_CHECKING:
    from game.screens.flow import Flow
    from game.screens.run import RunSession

RESUME, RESTART, QUIT_TITLE = "Resume", "Restart", "Quit to title"


class PauseScreen(Screen):
    """Resume (Esc too), Restart the leg, or Quit to the title."""

    name = "pause"

    def __init__(self, flow: "Flow", session: "RunSession", back: Screen) -> None:
        super().__init__(flow)
        self.session = session
        self.back = back
        self.menu = Menu([RESUME, RESTART, QUIT_TITLE])

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.flow.goto(self.back)
            return
        if action == I.RESTART:
            self._restart()
            return
        choice = self.menu.handle(action)
        if choice == RESUME:
            self.flow.goto(self.back)
        elif choice == RESTART:
            self._restart()
        elif choice == QUIT_TITLE:
            self.flow.title()

    def _restart(self) -> None:
        from game.screens.run import RunScreen

        self.session.restart()
        self.flow.goto(RunScreen(self.flow, self.session))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.back.draw(surface, 0.0)
        dim(surface, 160)
        text = self.flow.assets.text
        box = pygame.Rect(0, 0, 240, 150)
        box.center = (W // 2, H // 2 + 6)
        panel(surface, box, P["hud_bg"], 235)
        text.draw(surface, "PAUSED", (W // 2, box.top + 12), P["snow_white"], 3, align="center")
        self.menu.draw(surface, self.flow, W // 2, box.top + 52, self.ticks)
        text.draw(surface, "ESC resume   R restart", (W // 2, box.bottom - 16), P["hud_dim"], align="center")

    def update_tick(self) -> None:
        super().update_tick()
        if self.ticks == 1:
            self.flow.audio.ambience(0.0)  # the wind waits with the run
