"""Over every frame of `play --watch`: a broken save's message or, for a moment, "Reloaded"."""
from __future__ import annotations

import pygame

from game.render import Text
from game.render.palette import PALETTE as P
from game.session.watch import LevelWatcher

ERROR_LINES = 6  # wrapped lines of a broken save's message at most


def draw_watch(surface: pygame.Surface, text: Text, watcher: LevelWatcher, notice: str) -> None:
    """Over every frame of `play --watch`: a broken save's message (wrapped, until the next
    good save) at the bottom, or `notice` ("Reloaded ...") for a moment after a good save."""
    w, h = surface.get_size()
    if watcher.error:
        head = "LEVEL NOT RELOADED - the last good version keeps running"
        lines = text.wrap(watcher.error, w - 36)
        if len(lines) > ERROR_LINES:
            lines = lines[:ERROR_LINES - 1] + [lines[ERROR_LINES - 1][:-3].rstrip() + "..."]
        box = pygame.Rect(6, 0, w - 12, 22 + 11 * len(lines))
        box.bottom = h - 34  # above the run's bottom hints
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 230))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["danger"], box, 1)
        text.draw(surface, head, (box.left + 8, box.top + 5), P["danger"])
        for i, line in enumerate(lines):
            text.draw(surface, line, (box.left + 12, box.top + 18 + 11 * i), P["snow_white"])
    elif notice:
        msg = notice
        box = pygame.Rect(0, 0, min(w - 20, text.size(msg)[0] + 20), 18)
        box.midbottom = (w // 2, h - 34)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 210))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["gold"], box, 1)
        text.draw(surface, msg, (box.centerx, box.top + 5), P["snow_white"], align="center")
