"""One-time notices for the player (a save moved aside, a screenshot taken, a gamepad
plugged in): a plate at the top of the screen, one notice at a time, never over a run.

The app feeds it `Store.take_notices()` (each notice comes once per session, see
game.saves.storage) and its own short messages, and draws it over every frame.
"""
from __future__ import annotations

from collections import deque

import pygame

from game.render.palette import PALETTE as P

SHOW_FRAMES = 330  # about 5.5 s at 60 frames a second; a long notice stays longer
QUIET_SCREENS = ("run", "countdown")  # never cover the game being played


class NoticeBanner:
    """A queue of messages shown one after another, each for a few seconds."""

    def __init__(self) -> None:
        self.queue: deque[tuple[str, bool]] = deque()
        self.current: str | None = None
        self.urgent = False
        self.left = 0
        self.shown: list[str] = []  # every notice shown so far (tests, the log)

    def push(self, text: str, urgent: bool = False) -> None:
        """Queue a notice; `urgent` ones (the player's own actions) show over a run too."""
        if text and text != self.current and (text, urgent) not in self.queue:
            self.queue.append((text, urgent))

    def extend(self, texts) -> None:
        for t in texts:
            self.push(t)

    @property
    def busy(self) -> bool:
        return self.current is not None or bool(self.queue)

    def update(self, screen_name: str) -> None:
        """One frame: age the notice up, or take the next one when the screen allows it."""
        if self.current is not None:
            self.left -= 1
            if self.left <= 0:
                self.current = None
        if self.current is None and self.queue:
            text, urgent = self.queue[0]
            if urgent or screen_name not in QUIET_SCREENS:
                self.queue.popleft()
                self.current, self.urgent = text, urgent
                self.left = SHOW_FRAMES + 2 * max(0, len(text) - 60)
                self.shown.append(text)

    def draw(self, surface: pygame.Surface, text, screen_name: str = "") -> None:
        """Draw the current notice (a plate with up to 3 wrapped lines) at the top."""
        if self.current is None or (not self.urgent and screen_name in QUIET_SCREENS):
            return
        w = surface.get_width()
        lines = text.wrap(self.current, w - 60)[:3]
        h = 10 + 11 * len(lines)
        box = pygame.Rect(0, 0, min(w - 20, max(text.size(line)[0] for line in lines) + 28), h)
        box.midtop = (w // 2, 26 if screen_name in QUIET_SCREENS else 6)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 235))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["gold"], box, 1)
        for i, line in enumerate(lines):
            text.draw(surface, line, (box.centerx, box.top + 5 + 11 * i), P["snow_white"], align="center")
