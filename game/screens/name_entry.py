"""The name for a new high score: typed on the keyboard, or picked letter by letter on a gamepad.

A widget the results screen shows when a run sets a new best (game/screens/results.py). It
takes actions only (game.input.text_entry turns the keyboard's keys into them): a typed
character goes in at the cursor, ERASE removes the one before it; Up / Down change the letter
under the cursor through PICKER (arcade style), Left / Right move the cursor; Confirm keeps the
name, Back keeps the name it was given. At most NAME_MAX printable characters.
"""
from __future__ import annotations

import math

import pygame

from game.input import actions as I
from game.input.prompts import Prompts
from game.input.text_entry import printable
from game.render import Text
from game.render.palette import PALETTE as P
from game.saves.scores import NAME_MAX, clean_name
from game.screens.base import panel

PICKER = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-'"
SAVED, SKIPPED = "saved", "skipped"


class NameEntry:
    """A name being entered; `done` is SAVED or SKIPPED once the player has finished."""

    def __init__(self, name: str) -> None:
        self.first = clean_name(name)
        self.chars = list(self.first)
        self.cursor = len(self.chars)  # where the next character goes (NAME_MAX: full)
        self.done = ""
        self.ticks = 0

    @property
    def name(self) -> str:
        """The name as it would be saved (printable, single-spaced, never empty)."""
        return clean_name("".join(self.chars)) if "".join(self.chars).strip() else self.first

    def handle(self, action: str) -> None:
        """One action (see the module docstring)."""
        if self.done:
            return
        char = I.typed_char(action)
        if char is not None:
            self.type(char)
        elif action == I.ERASE:
            if self.cursor > 0:
                del self.chars[self.cursor - 1]
                self.cursor -= 1
        elif action in (I.UP, I.DOWN):
            self._pick(-1 if action == I.UP else 1)
        elif action == I.LEFT:
            self.cursor = max(0, self.cursor - 1)
        elif action == I.RIGHT:
            self.cursor = min(len(self.chars), NAME_MAX - 1, self.cursor + 1)
        elif action == I.CONFIRM:
            self.done = SAVED
        elif action == I.BACK:
            self.chars = list(self.first)
            self.done = SKIPPED

    def type(self, char: str) -> None:
        """A character at the cursor (ignored when the name is full or it is not printable)."""
        if printable(char) and len(self.chars) < NAME_MAX:
            self.chars.insert(self.cursor, char)
            self.cursor = min(self.cursor + 1, NAME_MAX)

    def _pick(self, step: int) -> None:
        """Up / Down: the letter under the cursor moves through PICKER (a new one starts at A)."""
        if self.cursor >= NAME_MAX:
            self.cursor = NAME_MAX - 1
        if self.cursor >= len(self.chars):
            self.chars.append(PICKER[0] if step > 0 else PICKER[-1])
            return
        cur = self.chars[self.cursor]
        i = PICKER.find(cur)
        self.chars[self.cursor] = PICKER[(i + step) % len(PICKER)] if i >= 0 else PICKER[0]

    def update_tick(self) -> None:
        self.ticks += 1

    # -- drawing ------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, text: Text, box: pygame.Rect, prompts: Prompts,
             reduced_motion: bool = False) -> None:
        """The entry in `box`: a title, one cell per letter with the cursor's cell lit and
        arrows above and below it (the picker), and the keys to use."""
        panel(surface, box, P["night"], 250, P["gold"])
        cx = box.centerx
        text.draw(surface, "YOUR NAME", (cx, box.top + 8), P["gold"], 2, align="center", outline=True)
        text.draw(surface, "for the new best in the table", (cx, box.top + 30), P["snow_light"], align="center")
        cell, gap = 18, 3
        width = NAME_MAX * (cell + gap) - gap
        x0, y0 = cx - width // 2, box.top + 58
        for i in range(NAME_MAX):
            r = pygame.Rect(x0 + i * (cell + gap), y0, cell, 22)
            here = i == self.cursor
            surface.fill(P["hud_bg"] if not here else P["ink"], r)
            pygame.draw.rect(surface, P["gold"] if here else P["snow_shadow"], r, 1)
            if i < len(self.chars):
                text.draw(surface, self.chars[i], (r.centerx + 1, r.top + 3), P["snow_white"], 2, align="center")
            elif here and (reduced_motion or (self.ticks // 20) % 2 == 0):
                surface.fill(P["gold"], (r.left + 4, r.bottom - 5, cell - 8, 2))
        if self.cursor < NAME_MAX:
            ax = x0 + self.cursor * (cell + gap) + cell // 2
            bob = 0 if reduced_motion else int(round(math.sin(self.ticks * 0.15)))
            _arrow(surface, ax, y0 - 4 - bob, up=True)
            _arrow(surface, ax, y0 + 26 + bob, up=False)
        left = NAME_MAX - len(self.chars)
        text.draw(surface, f"{len(self.chars)} of {NAME_MAX} letters" if left else "full",
                  (cx, y0 + 34), P["hud_dim"], align="center")
        if prompts.gamepad:
            lines = ["UP/DOWN letter   LEFT/RIGHT move",
                     prompts.hint(("confirm", "save")) + "   Y erase   " + prompts.hint(("back", "skip"))]
        else:
            lines = ["Type a name:  letters, digits, space",
                     "BACKSPACE erase   ENTER save   ESC skip"]
        for k, line in enumerate(lines):
            text.draw(surface, line, (cx, box.bottom - 30 + 12 * k), P["snow_light"], align="center")


def _arrow(surface: pygame.Surface, x: int, y: int, up: bool) -> None:
    """A small gold triangle pointing up (above the cursor) or down (below it)."""
    d = -1 if up else 1
    pts = [(x - 4, y), (x + 4, y), (x, y + 4 * d)]
    pygame.draw.polygon(surface, P["gold"], pts)
