"""The story subtitles at the bottom of the screen, and the HUD's panel behind every widget."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import pygame

from game.render import Assets
from game.render.palette import PALETTE as P
from game.sim.world import TICK_HZ


def panel(size: tuple[int, int], alpha: int = 200, high_contrast: bool = False) -> pygame.Surface:
    """A HUD panel: translucent with an ink edge, or in high contrast solid black, framed in white."""
    s = pygame.Surface(size, pygame.SRCALPHA)
    if high_contrast:
        s.fill((*P["ink"], 255))  # a white frame inside a black edge: it shows on snow and night
        pygame.draw.rect(s, (*P["snow_white"], 255), s.get_rect().inflate(-2, -2), 1)
        return s
    s.fill((*P["hud_bg"], alpha))
    pygame.draw.rect(s, (*P["ink"], 255), s.get_rect(), 1)
    return s


@dataclass
class Line:
    """The line on screen: who says it, what, and its ticks left of its total."""

    speaker: str
    text: str
    ticks: int
    total: int


class Subtitles:
    """Story lines at the bottom of the screen, one at a time, in the order they came."""

    FADE = 10

    def __init__(self) -> None:
        self.queue: deque[tuple[str, str]] = deque()
        self.current: Line | None = None
        self._cache: dict[tuple[str, str], pygame.Surface] = {}

    @staticmethod
    def seconds_for(text: str) -> float:
        """How long a line stays: long enough to read it (3 to 8 s)."""
        return max(3.0, min(8.0, 1.6 + 0.06 * len(text)))

    def push(self, speaker: str, text: str) -> None:
        if text.strip():
            self.queue.append((speaker, text))

    def update_tick(self) -> None:
        if self.current is not None:
            self.current.ticks -= 1
            if self.queue and self.current.ticks > self.FADE and self.current.total - self.current.ticks > 90:
                self.current.ticks = min(self.current.ticks, self.FADE)  # others are waiting
            if self.current.ticks <= 0:
                self.current = None
        if self.current is None and self.queue:
            speaker, text = self.queue.popleft()
            n = int(self.seconds_for(text) * TICK_HZ)
            self.current = Line(speaker, text, n, n)

    @property
    def showing(self) -> bool:
        return self.current is not None

    def _box(self, assets: Assets, speaker: str, text: str) -> pygame.Surface:
        key = (speaker, text)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        txt = assets.text
        width = 384  # centred, it clears the senses panel in the bottom-right corner
        lines = txt.wrap(text, width - 16)[:4]
        lh = 12
        h = 10 + lh * len(lines) + 6
        top = 8 if speaker else 0
        s = pygame.Surface((width, h + top), pygame.SRCALPHA)
        s.blit(panel((width, h), 215), (0, top))
        pygame.draw.line(s, P["snow_shadow"], (1, top + 1), (width - 2, top + 1))
        if speaker:
            name = speaker.upper()
            nw = txt.size(name)[0] + 12
            tag = panel((nw, 14), 255)
            pygame.draw.rect(tag, P["gold"], tag.get_rect().inflate(-2, -2), 1)
            s.blit(tag, (10, 0))
            txt.draw(s, name, (16, 3), P["gold"])
        for i, line in enumerate(lines):
            txt.draw(s, line, (width // 2, top + 10 + i * lh), P["snow_white"], align="center")
        self._cache[key] = s
        if len(self._cache) > 32:
            self._cache.pop(next(iter(self._cache)))
        return s

    def draw(self, surface: pygame.Surface, assets: Assets) -> None:
        c = self.current
        if c is None:
            return
        box = self._box(assets, c.speaker, c.text)
        age = c.total - c.ticks
        a = min(1.0, age / self.FADE, c.ticks / self.FADE)
        box.set_alpha(int(255 * max(0.0, a)))
        w, h = surface.get_size()
        surface.blit(box, (w // 2 - box.get_width() // 2, h - box.get_height() - 8 + int((1 - a) * 6)))
