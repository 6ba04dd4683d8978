"""Where a floating message ("-3 vials: crashed") is drawn: near its place in the world, but
never over the HUD. The top bar (and a strip under it) and the bottom line stay readable, and
the words stay on the screen."""
from __future__ import annotations

import pygame

MARGIN = 4       # px kept between a message and the HUD or the screen's edge
BOTTOM_HUD = 18  # px at the bottom of the screen: the leg title line


def clear_of_hud(cx: float, top: float, size: tuple[int, int], screen: tuple[int, int],
                 hud_top: int, hud_bottom: int = BOTTOM_HUD) -> tuple[float, float]:
    """(centre x, top y) of a message of `size` wanted at (cx, top), moved as little as
    possible so it lies below the top `hud_top` px, above the bottom `hud_bottom` px and
    inside the screen sideways."""
    w, h = size
    sw, sh = screen
    lo, hi = hud_top + MARGIN, sh - hud_bottom - MARGIN - h
    y = min(max(top, lo), max(lo, hi))
    half = w / 2.0 + MARGIN + 8  # room for the icon to the left of the words
    x = min(max(cx, half), max(half, sw - half))
    return x, y


def place(text_size: tuple[int, int], cx: float, top: float, surface: pygame.Surface,
          hud_top: int) -> tuple[int, int]:
    """`clear_of_hud` for a surface, in whole pixels."""
    x, y = clear_of_hud(cx, top, text_size, surface.get_size(), hud_top)
    return int(round(x)), int(round(y))
