"""The pause overlay: the run dimmed behind a small menu.

Resume (the pause key or Back too), Restart the leg (the restart key restarts at once, here
and in the run), Settings, and Quit to the route map (the leg's mode, the leg selected).
The hints name the keys or buttons of the device used last.
"""
from __future__ import annotations

import pygame

from game.input import actions as I
from game.render.palette import PALETTE as P
from game.screens.base import H, Menu, Screen, W, dim, panel
from game.screens.nav import Navigator
from game.screens.run_view import RunView
from game.session.services import Services

RESUME, RESTART, SETTINGS = "Resume", "Restart", "Settings"
QUIT_MAP = "Quit to map"


class PauseScreen(Screen):
    """Resume, Restart, Settings, Quit to the map."""

    name = "pause"

    def __init__(self, nav: Navigator, services: Services, run: RunView, below: Screen) -> None:
        super().__init__(nav, services)
        self.run = run
        self.session = run.session
        self.below = below
        self.menu = Menu([RESUME, RESTART, SETTINGS, QUIT_MAP])

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.nav.back()
            return
        if action == I.RESTART:
            self._restart()
            return
        choice = self.menu.handle(action)
        if choice == RESUME:
            self.nav.back()
        elif choice == RESTART:
            self._restart()
        elif choice == SETTINGS:
            self.nav.open_settings()
        elif choice == QUIT_MAP:
            self.nav.quit_run(self.run)

    def _restart(self) -> None:
        self.run.session.restart()
        self.nav.resume_run(self.run)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.below.draw(surface, 0.0)
        dim(surface, 160)
        text = self.services.assets.text
        box = pygame.Rect(0, 0, 260, 178)
        box.center = (W // 2, H // 2 + 6)
        panel(surface, box, P["hud_bg"], 235)
        text.draw(surface, "PAUSED", (W // 2, box.top + 12), P["snow_white"], 3, align="center")
        self.menu.draw(surface, self.services.assets.text, W // 2, box.top + 50, self.ticks, gap=22)
        pr = self.services.prompts
        hint = f"{pr.label('pause')} resume   {pr.label('restart')} restart now"
        text.draw(surface, hint, (W // 2, box.bottom - 16), P["hud_dim"], align="center")
        if self.services.settings.assisted:
            text.draw(surface, "ASSIST ON", (box.right - 6, box.top + 4), P["gold"], align="right")

    def enter(self) -> None:
        self.services.audio.ambience(0.0)  # the wind waits with the run
