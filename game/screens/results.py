"""The results of a leg: outcome, stars, vials kept, time, score and losses on the left; the
leg's top-10 local high scores (with names) on the right, with this run highlighted and NEW
BEST when it is one; a new best (of the leg or the campaign) first asks for a name, typed or
picked on a gamepad (game/screens/name_entry.py), which is kept with the score and offered
again next time. The run was recorded (progress, high scores) and saved when it ended
(game.session.run); this screen shows what that changed.

In the campaign the results say what the crate carries on and Continue leads to the next
story card (or the ending at Nome); a campaign leg whose crate emptied offers the leg again
with the crate it began with, or a new campaign (see game/session/campaign.py).
"""
from __future__ import annotations

import pygame

from game.content.legs import LEGS
from game.input import actions as I
from game.input.text_entry import typing_actions
from game.render.hud import clock_text
from game.render.palette import PALETTE as P
from game.screens.base import H, Menu, Screen, W, dim, draw_star, panel
from game.screens.name_entry import SAVED, NameEntry
from game.screens.nav import Navigator
from game.screens.run_view import RunView
from game.screens.widgets import key
from game.session.campaign import CAMPAIGN, PRACTICE, LegContext, Outcome, leg_of_path
from game.session.services import Services
from game.sim.causes import cause_words
from game.sim.scoring import RunResult

RETRY, TITLE, CONTINUE, MAP, NEW_CAMPAIGN = "Retry", "Title", "Continue", "Route map", "New campaign"
INPUT_GUARD = 40  # ticks: keys still held from the run (Space mushes and confirms)


class ResultsScreen(Screen):
    """How the leg went, the leg's top 10, and what next (see the module docstring)."""

    name = "results"

    def __init__(self, nav: Navigator, services: Services, run: RunView) -> None:
        super().__init__(nav, services)
        self.run = run
        session = self.session = run.session
        if session.final is None or session.outcome is None:
            raise ValueError("the results of a run that has not ended")
        self.result: RunResult = session.final
        self.outcome: Outcome = session.outcome
        self.context: LegContext | None = session.context
        ctx = self.context
        self.index = ctx.index if ctx is not None else leg_of_path(session.level.path)
        campaign = ctx is not None and ctx.campaign
        if campaign and self.result.finished:
            items = [CONTINUE, MAP, TITLE]
        elif campaign:  # the crate emptied: the leg again with the crate it began with, or start over
            items = [self._retry_words(), NEW_CAMPAIGN, MAP, TITLE]
        elif self.index is not None:
            items = [RETRY, MAP, TITLE]
        else:
            items = [RETRY, TITLE]
        self.menu = Menu(items)
        # A new best asks whose it is (game/screens/name_entry.py); the menu waits until then.
        self.entry = NameEntry(services.campaign.player_name) if self.outcome.asks_name else None

    @property
    def naming(self) -> bool:
        """True while the name of a new best is being entered."""
        return self.entry is not None and not self.entry.done

    def handle_event(self, event: pygame.event.Event) -> bool:
        """While a name is entered the keyboard types (game.input.text_entry); gamepad
        buttons and sticks go on to the menu bindings."""
        if not self.naming:
            return False
        acts = typing_actions(event)
        if acts is None:
            return False
        for action in acts:
            self.handle(action)
        return True

    def _retry_words(self) -> str:
        ctx = self.context
        n = ctx.vials_before if ctx is not None else self.result.vials_start
        return f"Retry with {n} vial{'s' if n != 1 else ''}"

    # input -------------------------------------------------------------------------
    def handle(self, action: str) -> None:
        if self.ticks < INPUT_GUARD:
            return
        if self.entry is not None and not self.entry.done:
            self.entry.handle(action)
            if self.entry.done == SAVED:
                self.services.campaign.name_run(self.outcome, self.entry.name)
            return
        campaign_done = self.context is not None and self.context.campaign and self.result.finished
        if action == I.RESTART:
            if not campaign_done:  # a finished campaign leg is kept: the crate moved on
                self._retry()
            return
        if action == I.BACK:
            self.nav.title()
            return
        choice = self.menu.handle(action)
        if choice is None:
            return
        if choice == RETRY or choice.startswith("Retry with"):
            self._retry()
        elif choice == CONTINUE:
            assert self.context is not None
            self.nav.after_results(self.context)
        elif choice == MAP:
            mode = CAMPAIGN if (self.context is not None and self.context.campaign) else PRACTICE
            self.nav.open_map(mode, None if mode == CAMPAIGN else self.index)
        elif choice == NEW_CAMPAIGN:
            self._new_campaign()
        elif choice == TITLE:
            self.nav.title()

    def _retry(self) -> None:
        self.run.session.restart()
        self.nav.countdown(self.run)

    def _new_campaign(self) -> None:
        ctl = self.services.campaign
        c = ctl.progress.campaign
        detail = (f"The crate still holds {c.vials} vials for leg {(ctl.current_index() or 0) + 1}. "
                  f"A new campaign starts again from Nenana with {c.vials_start}.")
        self.nav.confirm("Start a new campaign?", detail, self.nav.new_campaign, yes="Yes, start over", no="No")

    def enter(self) -> None:
        self.services.audio.ambience(0.0)

    def update_tick(self) -> None:
        super().update_tick()
        self.run.view.idle_tick()
        if self.entry is not None:
            self.entry.update_tick()

    # drawing -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.run.view.draw(surface, self.run.session.world, 0.0)
        dim(surface, 170)
        self._draw_run(surface, pygame.Rect(10, 10, 298, H - 20))
        self._draw_table(surface, pygame.Rect(318, 10, W - 328, H - 20))
        if self.naming:
            assert self.entry is not None
            dim(surface, 90)
            # From just under the NEW BEST band: the table's header row stays covered.
            self.entry.draw(surface, self.services.assets.text, pygame.Rect(318 + 6, 66, W - 340, 164),
                            self.services.prompts, self.services.settings.reduced_motion)

    def _draw_run(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        s, r = self.run.session, self.result
        text = self.services.assets.text
        sp = self.services.assets.sprites
        panel(surface, box, P["hud_bg"], 240)
        cx = box.centerx
        y = box.top + 8
        ctx = self.context
        mode = ("CAMPAIGN" if ctx.campaign else "PRACTICE") if ctx is not None else ""
        label = f"LEG {self.index + 1}  {mode}" if self.index is not None else mode
        text.draw(surface, f"{label}   {s.level.title}".strip(), (cx, y), P["hud_dim"], align="center")
        y += 15
        if r.finished:
            head, col = f"Reached {self.run.hud.dest}!", P["gold"]
        elif r.outcome == "lost":
            head, col = "The crate is empty", P["danger"]
        else:
            head, col = "Run stopped", P["warning"]
        scale = 2 if text.size(head, 2)[0] <= box.w - 16 else 1
        text.draw(surface, head, (cx, y + (0 if scale == 2 else 4)), col, scale, align="center")
        y += 24
        # Stars: drawn shapes, plus words, so the count never rests on colour.
        shown = min(r.stars, 1 + self.ticks // 20)
        for i in range(3):
            draw_star(surface, cx - 36 + i * 36, y + 11, 13 if i == 1 else 11, i < shown)
        y += 26
        star_words = ["no stars", "1 star", "2 stars", "3 stars"][r.stars]
        text.draw(surface, star_words, (cx, y), P["snow_light"], align="center")
        y += 16
        # Vials as icons, then the count.
        n = max(r.vials_start, 1)
        ok, broken = sp.frame("vial"), sp.frame("vial_broken")
        iw = ok.get_width() + 2
        per_row = min(n, 25)
        rows = (n - 1) // per_row + 1
        x0 = cx - (per_row * iw) // 2
        for i in range(n):
            surface.blit(ok if i < r.vials else broken, (x0 + (i % per_row) * iw, y + (i // per_row) * 13))
        y += 13 * rows + 3
        text.draw(surface, f"{r.vials} of {r.vials_start} vials", (cx, y), P["gold"], align="center")
        y += 16
        for label_, value in (("Time", clock_text(r.seconds)), ("Par", clock_text(s.level.par_seconds)),
                              ("Score", f"{r.score:,}")):
            text.draw(surface, label_, (cx - 8, y), P["hud_dim"], align="right")
            text.draw(surface, value, (cx + 8, y), P["snow_white"])
            y += 12
        text.draw(surface, "Losses", (cx - 8, y), P["hud_dim"], align="right")
        if r.losses:
            for cause, amount in sorted(r.losses.items(), key=lambda kv: -kv[1])[:4]:
                text.draw(surface, f"{amount} - {cause_words(cause)}", (cx + 8, y), P["danger"])
                y += 12
        else:
            text.draw(surface, "none - every vial safe", (cx + 8, y), P["good"])
            y += 12
        y += 4
        y = self._draw_campaign_line(surface, box, y)
        menu_h = 18 * len(self.menu.items)
        my = max(y + 8, box.bottom - menu_h - 20)
        if self.naming:  # the menu comes once the name is given
            text.draw(surface, "Name your run first", (cx, my + menu_h // 2 - 6), P["hud_dim"], align="center")
        else:
            self.menu.draw(surface, self.services.assets.text, cx, my, self.ticks, scale=1, gap=18)
        if self.ticks >= INPUT_GUARD and not self.naming:
            hint = f"{key(self.services.prompts, 'confirm', 'ENTER')} select"
            text.draw(surface, hint, (cx, box.bottom - 13), P["hud_dim"], align="center")

    def _draw_campaign_line(self, surface: pygame.Surface, box: pygame.Rect, y: int) -> int:
        """What the campaign's crate does next, in words."""
        ctx = self.context
        if ctx is None or not ctx.campaign:
            return y
        text = self.services.assets.text
        r = self.result
        if r.finished:
            if ctx.index + 1 < len(LEGS):
                say = f"The crate goes on to leg {ctx.index + 2} with {r.vials} vials."
            else:
                say = f"The crate reached Nome with {r.vials} vials."
            col = P["gold"]
        else:
            say = (f"Not one vial left: this leg ends the run here. Try it again with the "
                   f"{ctx.vials_before} vials it began with, or start a new campaign from Nenana.")
            col = P["warning"]
        words = text.wrap(say, box.w - 36)
        plate = pygame.Rect(box.left + 10, y, box.w - 20, 12 * len(words) + 8)
        panel(surface, plate, P["night"], 200, col)
        for k, line in enumerate(words):
            text.draw(surface, line, (box.centerx, plate.top + 5 + 12 * k), col, align="center")
        return plate.bottom

    def _draw_table(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        """The leg's top 10, this run's row highlighted; NEW BEST when it is one."""
        text = self.services.assets.text
        panel(surface, box, P["hud_bg"], 240)
        o = self.outcome
        entries = self.services.campaign.scores.table(o.key)
        y = box.top + 8
        text.draw(surface, "TOP 10 ON THIS LEG", (box.centerx, y), P["snow_white"], 2, align="center")
        y += 22
        if o.placement.new_best:
            band = pygame.Rect(box.left + 10, y, box.w - 20, 22)
            flash = (self.ticks // 20) % 2 == 0 or self.ticks > 160
            panel(surface, band, P["red_dark"], 255, P["gold"])
            draw_star(surface, band.left + 14, band.centery, 7, True)
            draw_star(surface, band.right - 14, band.centery, 7, True)
            text.draw(surface, "NEW BEST", (band.centerx, band.top + 4), P["gold"] if flash else P["snow_white"],
                      2, align="center")
            y += 28
        elif o.placement.rank is not None:
            text.draw(surface, f"Your run is number {o.placement.rank}", (box.centerx, y + 2), P["gold"],
                      align="center")
            y += 18
        else:
            run = self.run.session
            why = ("Runs from a checkpoint are not recorded" if run.start_at
                   else "Only the campaign's own legs are recorded" if not run.counts
                   else "Only finished runs enter the table" if not self.result.finished
                   else "This run did not make the top 10")
            text.draw(surface, why, (box.centerx, y + 2), P["snow_light"], align="center")
            y += 18
        x0 = box.left
        # (header, x, align): rank, score and vials right-aligned under their heads.
        cols = (("#", x0 + 22, "right"), ("NAME", x0 + 28, "left"), ("SCORE", x0 + 150, "right"),
                ("VIALS", x0 + 182, "right"), ("TIME", x0 + 190, "left"), ("DATE", x0 + 228, "left"),
                ("", box.right - 8, "right"))
        for head, x, align in cols:
            text.draw(surface, head, (x, y), P["hud_dim"], align=align)
        y += 13
        pygame.draw.line(surface, P["snow_shadow"], (box.left + 10, y - 2), (box.right - 10, y - 2))
        any_assist = False
        for i in range(10):
            row_y = y + i * 14
            mine = o.placement.rank == i + 1
            if mine:
                hi = pygame.Rect(box.left + 8, row_y - 2, box.w - 16, 13)
                panel(surface, hi, P["night"], 255, P["gold"])
            e = entries[i] if i < len(entries) else None
            col = P["gold"] if mine else P["snow_white"]
            text.draw(surface, f"{i + 1}", (cols[0][1], row_y), col if mine else P["hud_dim"], align="right")
            if e is None:
                text.draw(surface, "-", (cols[2][1], row_y), P["rock"], align="right")
                continue
            cells = (e.name, f"{e.score:,}", f"{e.vials}", clock_text(e.seconds), _date(e.date))
            for (_, x, align), cell in zip(cols[1:6], cells):
                text.draw(surface, cell, (x, row_y), col, align=align)
            if e.assisted:
                any_assist = True
                text.draw(surface, "A", (cols[6][1], row_y), col if mine else P["aurora_violet"], align="right")
        y += 14 * 10 + 6
        if any_assist:
            text.draw(surface, "A: played with assist mode on", (box.centerx, y), P["hud_dim"],
                      align="center")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(iso: str) -> str:
    """'2025-11-27' as '27 Nov 25' (short enough for the table); anything else as it is."""
    try:
        y, m, d = iso.split("-")
        return f"{int(d)} {_MONTHS[int(m) - 1]} {y[-2:]}"
    except (ValueError, IndexError):
        return iso[:9]
