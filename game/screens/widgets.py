"""Small pieces the menu screens share: a toast line, a yes/no question over a screen, and the
name of a key or button on the device used last."""
from __future__ import annotations

from collections.abc import Callable

import pygame

from game.input import actions as I
from game.input.prompts import Prompts
from game.render import Text
from game.render.palette import PALETTE as P
from game.screens.base import H, Menu, Screen, W, dim, panel
from game.screens.nav import Navigator
from game.session.services import Services

Colour = tuple[int, int, int]


class Toast:
    """One short message on a plate for a few seconds (ticks), e.g. 'Locked: ...'."""

    def __init__(self) -> None:
        self.text = ""
        self.left = 0
        self.colour: Colour = P["snow_white"]

    def show(self, text: str, colour: Colour = P["snow_white"], ticks: int = 150) -> None:
        self.text, self.colour, self.left = text, colour, ticks

    def update_tick(self) -> None:
        if self.left > 0:
            self.left -= 1

    @property
    def visible(self) -> bool:
        return self.left > 0 and bool(self.text)

    def draw(self, surface: pygame.Surface, text: Text, y: int) -> None:
        if not self.visible:
            return
        lines = text.wrap(self.text, W - 120)[:3]
        h = 12 * len(lines) + 10
        wmax = max(text.size(line)[0] for line in lines)
        box = pygame.Rect(0, 0, wmax + 28, h)
        box.midtop = (W // 2, y)
        panel(surface, box, P["hud_bg"], 240, self.colour)
        for i, line in enumerate(lines):
            text.draw(surface, line, (W // 2, box.top + 6 + 12 * i), self.colour, align="center")


YES, NO = "Yes", "No"


class ConfirmScreen(Screen):
    """A question over the screen below it: Yes runs `on_yes`, No (or Esc) goes back."""

    name = "confirm"

    def __init__(self, nav: Navigator, services: Services, below: Screen, question: str, detail: str,
                 on_yes: Callable[[], None], yes: str = YES, no: str = NO) -> None:
        super().__init__(nav, services)
        self.below = below
        self.session = below.session
        self.question = question
        self.detail = detail
        self.on_yes = on_yes
        self.yes, self.no = yes, no
        self.menu = Menu([no, yes])  # the safe answer first

    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.nav.back()
            return
        choice = self.menu.handle(action)
        if choice == self.yes:
            self.on_yes()
        elif choice == self.no:
            self.nav.back()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.below.draw(surface, 0.0)
        dim(surface, 150)
        text = self.services.assets.text
        lines = text.wrap(self.detail, 340)[:4]
        box = pygame.Rect(0, 0, 380, 104 + 12 * len(lines))
        box.center = (W // 2, H // 2)
        panel(surface, box, P["hud_bg"], 245, P["gold"])
        text.draw(surface, self.question, (W // 2, box.top + 12), P["gold"], 2, align="center")
        y = box.top + 40
        for line in lines:
            text.draw(surface, line, (W // 2, y), P["snow_light"], align="center")
            y += 12
        self.menu.draw(surface, self.services.assets.text, W // 2, y + 12, self.ticks, scale=1, gap=18)


def key(prompts: Prompts, action: str, default: str) -> str:
    """How to press a menu action on the device used last ("ENTER", "A"); `default` when the
    bindings have nothing for it."""
    word = prompts.label(action)
    return default if not word or word == "unbound" else word
