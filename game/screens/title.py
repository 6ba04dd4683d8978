"""The title screen: the night backdrop, the game's name, and Campaign / Practice a leg /
Settings / Credits / Quit. Left idle for DEMO_IDLE_SECONDS it asks for the demo (a leg the
autopilot drives)."""
from __future__ import annotations

import math

import pygame

from game.content.legs import LEGS
from game.input import actions as I
from game.render.effects import Snowfall
from game.render.palette import PALETTE as P
from game.screens.backdrops import draw_backdrop
from game.screens.base import H, Menu, Screen, W
from game.screens.nav import Navigator
from game.screens.widgets import Toast, key
from game.session.campaign import CAMPAIGN as CAMPAIGN_MODE
from game.session.campaign import PRACTICE as PRACTICE_MODE
from game.session.services import Services
from game.sim.world import TICK_HZ

CAMPAIGN, PRACTICE, SETTINGS, CREDITS, QUIT = "Campaign", "Practice a leg", "Settings", "Credits", "Quit"
ITEMS = [CAMPAIGN, PRACTICE, SETTINGS, CREDITS, QUIT]
DEMO_IDLE_SECONDS = 30  # no input on the title this long: the demo


class TitleScreen(Screen):
    """Campaign and Practice open the route map in their mode; Settings opens the app's
    settings screen; Credits; Quit (or Esc) leaves."""

    name = "title"

    def __init__(self, nav: Navigator, services: Services) -> None:
        super().__init__(nav, services)
        self.menu = Menu(list(ITEMS))
        self.snow = Snowfall((W, H), count=90, seed=5)
        self.toast = Toast()
        self.idle = 0  # ticks since the player last did anything here
        for _ in range(240):  # start with the snow already falling
            self.snow.update_tick()

    def enter(self) -> None:
        """The title is quiet: no wind, no music."""
        self.idle = 0
        self.services.audio.ambience(0.0)
        self.services.audio.music(None)

    def update_tick(self) -> None:
        super().update_tick()
        self.snow.update_tick()
        self.toast.update_tick()
        notices = self.services.notices
        if not self.toast.visible and notices:  # one-time messages (a save that was repaired...)
            self.toast.show(notices.pop(0), P["warning"], 300)
        self.idle += 1
        if self.idle >= DEMO_IDLE_SECONDS * TICK_HZ and not self.toast.visible:
            self.idle = 0
            self.nav.demo()

    def handle(self, action: str) -> None:
        self.idle = 0
        if action == I.BACK:
            self.nav.quit()
            return
        choice = self.menu.handle(action)
        if choice == CAMPAIGN:
            self.nav.open_map(CAMPAIGN_MODE)
        elif choice == PRACTICE:
            self.nav.open_map(PRACTICE_MODE)
        elif choice == SETTINGS:
            self.nav.open_settings()
        elif choice == CREDITS:
            self.nav.credits()
        elif choice == QUIT:
            self.nav.quit()

    def _campaign_line(self) -> str:
        ctl = self.services.campaign
        i = ctl.current_index()  # a damaged progress file loads as a fresh one (and a notice)
        c = ctl.progress.campaign
        if i is None:
            return ""
        return f"Campaign under way: leg {i + 1} of {len(LEGS)}, {c.vials} vials in the crate"

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        t = self.ticks + alpha
        draw_backdrop(surface, self.services.assets, t, self.snow)
        text = self.services.assets.text
        bob = int(round(math.sin(t * 0.04) * 2))
        text.draw(surface, "BALTO", (W // 2, 30 + bob), P["snow_white"], 8, align="center",
                  shadow=P["ink"], outline=True)
        text.draw(surface, "The Serum Run", (W // 2, 100 + bob), P["gold"], 3, align="center", outline=True)
        text.draw(surface, "Nenana to Nome, January 1925", (W // 2, 130), P["snow_light"], align="center",
                  outline=True)
        self.menu.draw(surface, self.services.assets.text, W // 2, 162, self.ticks, gap=26)
        line = self._campaign_line()
        band = pygame.Surface((W, 40 if line else 24), pygame.SRCALPHA)
        band.fill((*P["hud_bg"], 170))
        surface.blit(band, (0, H - band.get_height()))
        if line:
            text.draw(surface, line, (W // 2, H - 34), P["gold"], align="center", outline=True)
        f = self.services.prompts
        hint = (f"{key(f, 'updown', 'UP/DOWN')} choose   {key(f, 'confirm', 'ENTER')} select   "
                f"{key(f, 'back', 'ESC')} quit")
        text.draw(surface, hint, (W // 2, H - 18), P["snow_light"], align="center", outline=True)
        self.toast.draw(surface, self.services.assets.text, H - 60)
