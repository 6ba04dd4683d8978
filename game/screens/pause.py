"""The pause overlay: the run dimmed behind a small menu.

Resume (the pause key or Back too), Restart the leg (the restart key restarts at once, here
and in the run), Settings, and Quit to the route map (or to the title when the game has no
map). The hints name the keys or buttons of the device used last.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame

from game.input import actions as I
from game.render.palette import PALETTE as P
from game.screens.base import H, W, Menu, Screen, dim, panel

if TYPE_CHECKING:
    from game.app.flow import Flow
    from game.screens.run import RunSession

RESUME, RESTART, SETTINGS = "Resume", "Restart", "Settings"
QUIT_MAP, QUIT_TITLE = "Quit to map", "Quit to title"


def quit_target(flow: "Flow", session: "RunSession") -> tuple[str, Callable[[], None]]:
    """Where "quit" leads from a run: the campaign's route map when the game has one (the
    leg's own mode, with the leg selected), else the title."""
    campaign = getattr(flow, "campaign", None)
    open_map = getattr(campaign, "open_map", None)
    if callable(open_map):
        ctx = getattr(session, "context", None)
        mode = getattr(ctx, "mode", None) or "practice"
        index = getattr(ctx, "index", None)

        def to_map() -> None:
            flow.audio.ambience(0.0)
            try:
                open_map(mode, index)
            except Exception:  # the map could not open: the title always can
                flow.title()

        return QUIT_MAP, to_map
    route_map = getattr(flow, "route_map", None)
    if callable(route_map):
        return QUIT_MAP, route_map
    return QUIT_TITLE, flow.title


class PauseScreen(Screen):
    """Resume, Restart, Settings, Quit to the map."""

    name = "pause"

    def __init__(self, flow: "Flow", session: "RunSession", back: Screen) -> None:
        super().__init__(flow)
        self.session = session
        self.back = back
        self.quit_label, self._quit = quit_target(flow, session)
        self.menu = Menu([RESUME, RESTART, SETTINGS, self.quit_label])

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
        elif choice == SETTINGS:
            self.flow.open_settings()
        elif choice == self.quit_label:
            self._quit()

    def _restart(self) -> None:
        from game.screens.run import RunScreen

        self.session.restart()
        self.flow.goto(RunScreen(self.flow, self.session))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.back.draw(surface, 0.0)
        dim(surface, 160)
        text = self.flow.assets.text
        box = pygame.Rect(0, 0, 260, 178)
        box.center = (W // 2, H // 2 + 6)
        panel(surface, box, P["hud_bg"], 235)
        text.draw(surface, "PAUSED", (W // 2, box.top + 12), P["snow_white"], 3, align="center")
        self.menu.draw(surface, self.flow, W // 2, box.top + 50, self.ticks, gap=22)
        pr = self.flow.prompts
        hint = f"{pr.label('pause')} resume   {pr.label('restart')} restart now"
        text.draw(surface, hint, (W // 2, box.bottom - 16), P["hud_dim"], align="center")
        if self.flow.settings.assisted:
            text.draw(surface, "ASSIST ON", (box.right - 6, box.top + 4), P["gold"], align="right")

    def update_tick(self) -> None:
        super().update_tick()
        if self.ticks == 1:
            self.flow.audio.ambience(0.0)  # the wind waits with the run
