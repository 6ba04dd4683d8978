"""The results of a leg: outcome, vials kept, time, score, stars and losses by cause."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import input as I
from game.palette import PALETTE as P
from game.render.hud import cause_words, clock_text
from game.screens.base import H, W, Menu, Screen, dim, draw_star, panel
from game.sim import digest
from game.sim.scoring import RunResult, result

if TYPE_CHECKING:
    from game.screens.flow import Flow
    from game.screens.run import RunSession

RETRY, TITLE = "Retry", "Title"


class ResultsScreen(Screen):
    """Shows how the leg went; Retry (same seed) or back to the Title."""

    name = "results"

    def __init__(self, flow: "Flow", session: "RunSession") -> None:
        super().__init__(flow)
        self.session = session
        w = session.world
        self.result: RunResult = result(w, session.level.path, "player", digest(w))
        self.menu = Menu([RETRY, TITLE])

    def handle(self, action: str) -> None:
        if self.ticks < 40:  # keys still held from the run (Space mushes and confirms)
            return
        if action == I.RESTART:
            self._retry()
            return
        if action == I.BACK:
            self.flow.title()
            return
        choice = self.menu.handle(action)
        if choice == RETRY:
            self._retry()
        elif choice == TITLE:
            self.flow.title()

    def _retry(self) -> None:
        from game.screens.run import CountdownScreen

        self.session.restart()
        self.flow.goto(CountdownScreen(self.flow, self.session))

    def update_tick(self) -> None:
        super().update_tick()
        if self.ticks == 1:
            self.flow.audio.ambience(0.0)
        self.session.view.idle_tick()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        s, r = self.session, self.result
        s.view.draw(surface, s.world, 0.0)
        dim(surface, 170)
        text = self.flow.assets.text
        sp = self.flow.assets.sprites
        n = max(r.vials_start, 1)
        vial_rows = (n - 1) // min(n, 30) + 1
        height = 162 + 12 * vial_rows + 12 * max(1, len(r.losses)) + 2 * 18
        box = pygame.Rect(0, 0, 420, min(height, H - 8))
        box.center = (W // 2, H // 2)
        panel(surface, box, P["hud_bg"], 240)
        cx = W // 2
        y = box.top + 10
        text.draw(surface, s.level.title, (cx, y), P["hud_dim"], align="center")
        y += 16
        if r.finished:
            head, col = f"Reached {s.hud.dest}!", P["gold"]
        elif r.outcome == "lost":
            head, col = "The crate is empty", P["danger"]
        else:
            head, col = "Run stopped", P["warning"]
        text.draw(surface, head, (cx, y), col, 2, align="center")
        y += 28
        # Stars: drawn shapes, plus words, so the count never rests on colour.
        shown = min(r.stars, 1 + self.ticks // 20)
        for i in range(3):
            draw_star(surface, cx - 40 + i * 40, y + 12, 14 if i == 1 else 12, i < shown)
        y += 30
        star_words = ["no stars", "1 star", "2 stars", "3 stars"][r.stars]
        text.draw(surface, star_words, (cx, y), P["snow_light"], align="center")
        y += 18
        # Vials as icons.
        ok, broken = sp.frame("vial"), sp.frame("vial_broken")
        iw = ok.get_width() + 2
        per_row = min(n, 30)
        x0 = cx - (per_row * iw) // 2 - 30
        for i in range(n):
            surface.blit(ok if i < r.vials else broken, (x0 + (i % per_row) * iw, y + (i // per_row) * 12))
        text.draw(surface, f"{r.vials}/{r.vials_start} vials", (x0 + per_row * iw + 8, y + 1), P["gold"])
        y += 12 * ((n - 1) // per_row + 1) + 10
        # Time and score.
        rows = [("Time", clock_text(r.seconds)), ("Par", clock_text(s.level.par_seconds)),
                ("Score", f"{r.score:,}")]
        for label, value in rows:
            text.draw(surface, label, (cx - 10, y), P["hud_dim"], align="right")
            text.draw(surface, value, (cx + 10, y), P["snow_white"])
            y += 13
        y += 4
        text.draw(surface, "Losses", (cx - 10, y), P["hud_dim"], align="right")
        if r.losses:
            for cause, amount in sorted(r.losses.items(), key=lambda kv: -kv[1]):
                text.draw(surface, f"{amount} - {cause_words(cause)}", (cx + 10, y), P["danger"])
                y += 12
        else:
            text.draw(surface, "none - every vial safe", (cx + 10, y), P["good"])
            y += 12
        self.menu.draw(surface, self.flow, cx, y + 14, self.ticks, scale=1, gap=18)
