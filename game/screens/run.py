"""The countdown and the run: the session stepped once per tick with the held controls."""
from __future__ import annotations

import pygame

from game.input import actions as I
from game.render import Text
from game.render.palette import PALETTE as P
from game.screens.base import H, Screen, W
from game.screens.nav import Navigator
from game.screens.run_view import RunView
from game.session.services import Services
from game.sim.world import TICK_HZ

COUNT_TICKS = 48       # each of 3, 2, 1 (0.8 s)
MUSH_TICKS = 50        # "MUSH!" stays this long into the run
RESULTS_DELAY = 100    # ticks between the end of a run and the results
REPLAY_END_TICKS = 180  # a replay's end stays this long, then the title


_BAND: dict[int, pygame.Surface] = {}


def band(surface: pygame.Surface, y: int, h: int, alpha: int = 150) -> None:
    """A dark translucent strip across the screen (behind big words and hints)."""
    s = _BAND.get(h * 1000 + alpha)
    if s is None:
        s = _BAND[h * 1000 + alpha] = pygame.Surface((W, h), pygame.SRCALPHA)
        s.fill((*P["hud_bg"], alpha))
        s.fill((*P["ink"], alpha), (0, 0, W, 1))
        s.fill((*P["ink"], alpha), (0, h - 1, W, 1))
    surface.blit(s, (0, y))


def big_word(surface: pygame.Surface, text: Text, word: str, age: float, colour: tuple[int, int, int]) -> None:
    """A big centred word on a dark band; it pops in (the scale settles from large)."""
    scale = 7 if age > 6 else 9 - int(age // 3)
    while scale > 2 and text.size(word, scale)[0] > W - 40:
        scale -= 1
    th = text.size(word, 7 if scale > 7 else scale)[1]
    cy = 104  # upper third: the camera keeps the team in the middle
    y = cy - text.size(word, scale)[1] // 2
    band(surface, cy - th // 2 - 8, th + 16, 140)
    text.draw(surface, word, (W // 2, y), colour, scale, align="center", outline=True)


class CountdownScreen(Screen):
    """The run frozen while 3-2-1 counts down; then MUSH! and the run."""

    name = "countdown"

    def __init__(self, nav: Navigator, services: Services, run: RunView) -> None:
        super().__init__(nav, services)
        self.run = run
        self.session = run.session

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.nav.pause(self.run)
        elif action == I.RESTART:
            self.ticks = 0

    def update_tick(self) -> None:
        super().update_tick()
        self.run.idle_tick()
        if self.ticks >= 3 * COUNT_TICKS:
            self.nav.resume_run(self.run)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.run.draw(surface, 0.0)
        n = 3 - min(self.ticks // COUNT_TICKS, 2)
        age = self.ticks % COUNT_TICKS + alpha
        text = self.services.assets.text
        big_word(surface, text, str(n), age, P["snow_white"])
        band(surface, H - 30, 22, 170)
        items = [("steer", "steer"), ("mush", "mush"), ("brake", "brake")]
        if len(self.run.session.world.markers.x):
            items.append(("senses", "senses"))
        hint = self.services.prompts.hint(*items, ("pause", "pause"), sep="    ")
        text.draw(surface, hint, (W // 2, H - 23), P["snow_light"], align="center")


class RunScreen(Screen):
    """The leg being played. Esc pauses, R restarts; the end of the run leads to results. A run
    a bot drives is only watched: R does nothing and its end goes back to the navigator."""

    name = "run"

    def __init__(self, nav: Navigator, services: Services, run: RunView) -> None:
        super().__init__(nav, services)
        self.run = run
        self.session = run.session
        self.done_ticks = 0

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.nav.pause(self.run)
        elif action == I.RESTART and not self.run.session.watched:
            self.restart()

    def restart(self) -> None:
        self.run.session.restart()
        self.ticks = 0
        self.done_ticks = 0

    def update_tick(self) -> None:
        super().update_tick()
        s = self.run.session
        if s.world.done:
            s.end()  # already done when a tick ended it
            self.done_ticks += 1
            self.run.idle_tick()
            if s.replay is not None:  # a replay playing back: nothing is recorded, then the title
                if self.done_ticks >= REPLAY_END_TICKS:
                    self.nav.title()
                return
            if s.watched:  # a bot's run: nothing is recorded; the navigator says what next
                if self.done_ticks >= REPLAY_END_TICKS:
                    self.nav.bot_run_over(self.run)
                return
            if self.done_ticks >= RESULTS_DELAY:
                self.nav.results(self.run)
            return
        if s.replay_over():  # the recording stops before its run ended (it was given up)
            self.done_ticks += 1
            self.run.idle_tick()
            if self.done_ticks >= REPLAY_END_TICKS:
                self.nav.title()
            return
        self.run.update_tick(s.step(self.services.controls))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        s = self.run.session
        text = self.services.assets.text
        self.run.draw(surface, 0.0 if s.world.done else alpha)
        if self.ticks < MUSH_TICKS:
            if self.ticks < MUSH_TICKS - 12 or (self.ticks // 3) % 2:
                big_word(surface, text, "MUSH!", self.ticks + alpha, P["gold"])
        if s.world.done and self.done_ticks > 20:
            word = f"{self.run.hud.dest.upper()}!" if s.world.outcome == "finished" else "THE CRATE IS EMPTY"
            big_word(surface, text, word, 20.0, P["gold"] if s.world.outcome == "finished" else P["danger"])
        if s.replay_over() and self.done_ticks > 20:
            big_word(surface, text, "END OF REPLAY", 20.0, P["snow_white"])

    @property
    def seconds(self) -> float:
        return self.run.session.world.tick / TICK_HZ
