"""Story cards between the campaign's legs, the ending at Nome, and the credits.

A card is its backdrop (assets/ui/<backdrop>.png, the night sky when missing), a big title,
its lines appearing one by one and one fact from the real 1925 run in a style of its own
(a paper clipping headed 'In 1925'). Any key shows the whole card at once; Enter then goes
on; Esc skips it at any time.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import pygame

from game.content.legs import LEGS, StoryCard
from game.input import actions as I
from game.render.palette import PALETTE as P
from game.screens.backdrops import backdrop, draw_backdrop
from game.screens.base import H, Screen, W, panel
from game.screens.nav import Navigator
from game.session.campaign import leg_info, track_for_act
from game.session.services import Services

FIRST_LINE = 24     # ticks before the first line
LINE_TICKS = 50     # ticks between lines (0.8 s)
FADE_TICKS = 16     # a line fades in over this many ticks
GUARD_TICKS = 12    # keys in the first ticks are ignored (the key that opened the card)
ROMAN = {1: "I", 2: "II", 3: "III"}

_FADE: dict[int, pygame.Surface] = {}


def _shade(surface: pygame.Surface, rect: pygame.Rect, amount: int) -> None:
    key = rect.w * 100000 + rect.h * 1000 + amount
    s = _FADE.get(key)
    if s is None:
        s = _FADE[key] = pygame.Surface(rect.size, pygame.SRCALPHA)
        s.fill((*P["hud_bg"], amount))
    surface.blit(s, rect.topleft)


class Ending(NamedTuple):
    """The campaign's score on the card at Nome: the vials delivered out of the crate at
    Nenana, the best before this campaign, who holds the best now ("" for an old save) and
    whether assist mode was on."""

    vials: int
    start: int
    best_before: int
    assisted: bool
    best_name: str = ""

    def score_line(self) -> str:
        """"Campaign score: 9 vials   best ever 15 by KAY" (or NEW BEST, and the assist mark)."""
        holder = f" by {self.best_name}" if self.best_name else ""
        best = (f"NEW BEST{holder}" if self.vials > self.best_before
                else f"best ever {max(self.best_before, self.vials)}{holder}")
        mark = "   (assist mode)" if self.assisted else ""
        return f"Campaign score: {self.vials} vials   {best}{mark}"


class StoryScreen(Screen):
    """One card; `then()` runs when the player goes on (Enter after the card is shown, or
    Esc at any time). `ending` adds the campaign's score to the card at Nome."""

    name = "story"

    def __init__(self, nav: Navigator, services: Services, card: StoryCard, then: Callable[[], object],
                 leg_index: int | None = None,
                 ending: Ending | None = None) -> None:
        super().__init__(nav, services)
        self.card = card
        self.then = then
        self.leg_index = leg_index
        self.ending = ending
        self.shown_all_at: int | None = None
        self.done = False
        services.audio.music(track_for_act(card.act))

    # reveal ------------------------------------------------------------------------
    def lines_shown(self) -> int:
        """How many of the card's lines are up (all of them once a key was pressed)."""
        if self.shown_all_at is not None:
            return len(self.card.lines)
        return max(0, min(len(self.card.lines), (self.ticks - FIRST_LINE) // LINE_TICKS + 1))

    @property
    def complete(self) -> bool:
        return self.shown_all_at is not None or self.ticks >= self._fact_tick()

    def _fact_tick(self) -> int:
        return FIRST_LINE + LINE_TICKS * len(self.card.lines)

    def _line_age(self, k: int) -> float:
        if self.shown_all_at is not None:
            return FADE_TICKS
        return self.ticks - (FIRST_LINE + LINE_TICKS * k)

    def show_all(self) -> None:
        if self.shown_all_at is None:
            self.shown_all_at = self.ticks

    # input -------------------------------------------------------------------------
    def handle(self, action: str) -> None:
        if self.done or self.ticks < GUARD_TICKS:
            return
        if action == I.BACK:  # skip
            self._go()
        elif action == I.CONFIRM and self.complete:
            self._go()
        elif action in (I.CONFIRM, I.UP, I.DOWN, I.LEFT, I.RIGHT, I.RESTART):
            self.show_all()

    def _go(self) -> None:
        self.done = True
        self.then()

    # drawing -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        card = self.card
        text = self.services.assets.text
        img = backdrop(card.backdrop)
        if img is not None:
            surface.blit(img, (0, 0))
        else:
            surface.fill(P["night"])
        # Title block on a band at the top.
        _shade(surface, pygame.Rect(0, 0, W, 62), 190)
        if self.ending is not None:
            over = "THE END OF THE TRAIL"
        elif self.leg_index is not None:
            over = f"ACT {ROMAN.get(card.act, card.act)}    LEG {self.leg_index + 1} OF {len(LEGS)}"
        else:
            over = f"ACT {ROMAN.get(card.act, card.act)}"
        text.draw(surface, over, (W // 2, 7), P["gold"], align="center")
        scale = 3 if text.size(card.title, 3)[0] <= W - 24 else 2
        text.draw(surface, card.title, (W // 2, 21), P["snow_white"], scale, align="center",
                  shadow=P["ink"], outline=True)
        y = 72
        # The lines, on a dark panel, appearing one by one.
        n = len(card.lines)
        box = pygame.Rect(0, y, W - 44, 16 * n + 14)
        box.centerx = W // 2
        panel(surface, box, P["hud_bg"], 205, P["snow_shadow"])
        shown = self.lines_shown()
        for k, line in enumerate(card.lines):
            if k >= shown:
                break
            age = self._line_age(k)
            if age >= FADE_TICKS:
                col = P["snow_white"]
            else:
                col = P["snow_mid"] if age >= FADE_TICKS // 2 else P["snow_shadow"]
            dy = 0 if age >= FADE_TICKS else int(round((FADE_TICKS - age) / 6))
            text.draw(surface, line, (W // 2, box.top + 9 + 16 * k + dy), col, align="center")
        y = box.bottom + 10
        if self.ending is not None:
            y = self._draw_ending(surface, y)
        elif self.leg_index is not None:
            y = self._draw_next_leg(surface, y)
        if self.complete:
            self._draw_fact(surface, y + 6)
        self._draw_hint(surface)

    def _draw_next_leg(self, surface: pygame.Surface, y: int) -> int:
        """A line naming the leg ahead: where, how far, whose team."""
        text = self.services.assets.text
        i = self.leg_index or 0
        info = leg_info(LEGS[i].id)
        bits = [f"Next: {info.title}"]
        if info.miles:
            bits.append(f"{info.miles:g} miles")
        if info.musher:
            bits.append(f"musher {info.musher}")
        words = "   ".join(bits)
        crate = self.services.campaign.progress.campaign
        if crate.active:
            words += f"   crate {crate.vials} vials"
        tw = text.size(words)[0]
        plate = pygame.Rect(0, y, tw + 20, 17)
        plate.centerx = W // 2
        panel(surface, plate, P["hud_bg"], 215, P["gold"])
        text.draw(surface, words, (W // 2, y + 4), P["gold"], align="center")
        return plate.bottom + 8

    def _draw_ending(self, surface: pygame.Surface, y: int) -> int:
        """The campaign's score: the vials that reached Nome, drawn and in words."""
        assert self.ending is not None
        vials, start = self.ending.vials, self.ending.start
        text = self.services.assets.text
        sp = self.services.assets.sprites
        box = pygame.Rect(0, y, 400, 72)
        box.centerx = W // 2
        panel(surface, box, P["hud_bg"], 235, P["gold"])
        text.draw(surface, "VIALS THAT REACHED NOME", (W // 2, box.top + 7), P["gold"], align="center")
        ok, broken = sp.frame("vial"), sp.frame("vial_broken")
        iw = ok.get_width() + 2
        shown = min(start, self.ticks // 4) if self.shown_all_at is None else start
        x0 = W // 2 - (start * iw) // 2
        for k in range(shown):
            surface.blit(ok if k < vials else broken, (x0 + k * iw, box.top + 21))
        text.draw(surface, f"{vials} of {start}", (W // 2, box.top + 36), P["snow_white"], 2, align="center")
        text.draw(surface, self.ending.score_line(), (W // 2, box.top + 57), P["snow_light"], align="center")
        return box.bottom + 8

    def _draw_fact(self, surface: pygame.Surface, y: int) -> None:
        """The historical fact as a paper clipping: light paper, dark ink, a red label."""
        text = self.services.assets.text
        lines = text.wrap(self.card.fact, W - 92)[:3]
        box = pygame.Rect(0, y, W - 64, 22 + 12 * len(lines))
        box.centerx = W // 2
        shadow = box.move(3, 3)
        pygame.draw.rect(surface, P["ink"], shadow)
        pygame.draw.rect(surface, P["snow_light"], box)
        pygame.draw.rect(surface, P["snow_shadow"], box, 1)
        label = pygame.Rect(box.left + 10, box.top - 6, text.size("IN 1925")[0] + 12, 14)
        pygame.draw.rect(surface, P["red_dark"], label)
        pygame.draw.rect(surface, P["ink"], label, 1)
        text.draw(surface, "IN 1925", (label.centerx, label.top + 3), P["snow_white"], align="center", shadow=None)
        for k, line in enumerate(lines):
            text.draw(surface, line, (box.left + 14, box.top + 13 + 12 * k), P["ink"], shadow=None)

    def _draw_hint(self, surface: pygame.Surface) -> None:
        text = self.services.assets.text
        _shade(surface, pygame.Rect(0, H - 20, W, 20), 200)
        go = "ENTER continue" if self.complete else "ENTER show all"
        text.draw(surface, go, (W // 2 - 12, H - 15), P["gold"], align="right")
        text.draw(surface, "ESC skip", (W // 2 + 12, H - 15), P["snow_light"])


CREDITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("WHO MADE IT", (
        "The lead: the rules of the trail, the simulation, the bots and the eight legs",
        "Screens and story: the title, the route map, the story cards and the campaign",
        "Desktop: settings, controls and gamepads, assist mode and accessibility",
        "Saves and tools: progress, high scores, replays, map checks and benchmarks",
    )),
    ("MADE WITH", ("Python, pygame-ce, pytmx and numpy; the legs are drawn in Tiled",)),
    ("ART AND SOUND", ("Every tile, sprite, picture, sound and tune is generated by our own scripts",)),
    ("THE STORY", (
        "Inspired by the 1995 animated film Balto, and by the real serum run of 1925:",
        "twenty mushers and some 150 dogs carried the antitoxin 674 miles to Nome.",
    )),
)


class CreditsScreen(Screen):
    """Who made the game, with what, and where the story comes from; Enter or Esc goes on."""

    name = "credits"

    def __init__(self, nav: Navigator, services: Services, then: Callable[[], None]) -> None:
        super().__init__(nav, services)
        self.then = then

    def handle(self, action: str) -> None:
        if self.ticks >= GUARD_TICKS and action in (I.CONFIRM, I.BACK):
            self.then()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        draw_backdrop(surface, self.services.assets, self.ticks + alpha, dark=True)
        text = self.services.assets.text
        bob = int(round(math.sin((self.ticks + alpha) * 0.04)))
        text.draw(surface, "CREDITS", (W // 2, 12 + bob), P["snow_white"], 3, align="center", outline=True)
        rows = sum(len(lines) for _, lines in CREDITS)
        box = pygame.Rect(0, 46, W - 56, 26 * len(CREDITS) + 12 * rows + 8)
        box.centerx = W // 2
        panel(surface, box, P["hud_bg"], 225, P["snow_shadow"])
        y = box.top + 10
        for head, lines in CREDITS:
            text.draw(surface, head, (W // 2, y), P["gold"], align="center")
            y += 14
            for line in lines:
                text.draw(surface, line, (W // 2, y), P["snow_light"], align="center")
                y += 12
            y += 12
        text.draw(surface, "ENTER or ESC back", (W // 2, H - 16), P["snow_light"], align="center", outline=True)
