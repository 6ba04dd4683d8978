"""Bitmap pixel-font rendering (assets/ui/font.png + font.json).

The font sheet is white-on-transparent; glyphs are tinted exactly to the
requested colour (via masks, so the result holds the exact RGB). Works with the
dummy video driver and without a display mode: ``convert_alpha`` is only used
when a display surface exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pygame

from game import resources

Color = tuple[int, int, int] | tuple[int, int, int, int]
Align = Literal["left", "center", "right"]


class PixelFont:
    """A proportional bitmap font with cached, tinted glyphs."""

    def __init__(self, image_path: str | Path | None = None, meta_path: str | Path | None = None) -> None:
        """Load the sheet and metrics; defaults to the game's assets/ui/font.* (ResourceError
        when they are missing)."""
        if image_path is None:
            image_path, meta_path = resources.asset("ui", "font.png"), resources.asset("ui", "font.json")
        image_path = Path(image_path)
        meta_path = Path(meta_path) if meta_path else image_path.with_suffix(".json")
        meta = json.loads(Path(meta_path).read_text(encoding="utf-8"))
        sheet = pygame.image.load(str(image_path))
        if pygame.display.get_surface() is not None:
            sheet = sheet.convert_alpha()
        self.cell_w, self.cell_h = meta["cell"]
        self.baseline: int = meta["baseline"]
        self.line_height: int = meta["line_height"]
        self.fallback: str = meta.get("fallback", "?")
        self._advance: dict[str, int] = {}
        self._masks: dict[str, pygame.mask.Mask | None] = {}
        for ch, g in meta["glyphs"].items():
            x, y, w, h = g["rect"]
            self._advance[ch] = g["advance"]
            self._masks[ch] = pygame.mask.from_surface(sheet.subsurface((x, y, w, h)), 127) if w else None
        # glyphs narrower than their advance: a text of these drawn in pieces is the same (a
        # text's picture is its advances less one pixel wide, so a glyph as wide as its advance
        # would lose its last column at the end of a piece)
        self._inside = {ch for ch, m in self._masks.items() if m is None or m.get_size()[0] < self._advance[ch]}
        self._glyph_cache: dict[tuple[str, tuple[int, ...]], pygame.Surface | None] = {}
        self._text_cache: dict[tuple[str, tuple[int, ...], int], pygame.Surface] = {}

    # -- metrics -----------------------------------------------------------

    def _key(self, ch: str) -> str:
        return ch if ch in self._advance else self.fallback

    def line_width(self, line: str) -> int:
        """Width in pixels (scale 1) of one line, without the trailing gap."""
        if not line:
            return 0
        return sum(self._advance[self._key(c)] for c in line) - 1

    def advance(self, text: str) -> int:
        """Pixels from the text's start to where the next character would start (scale 1)."""
        return sum(self._advance[self._key(c)] for c in text)

    def separable(self, text: str) -> bool:
        """Whether every glyph of one line stays inside its advance: then no glyph (nor its
        shadow, one pixel right and down) reaches into its left neighbour's pixels, and the
        line drawn in pieces at their advances is the line drawn whole."""
        return "\n" not in text and all(self._key(c) in self._inside for c in text)

    def size(self, text: str, scale: int = 1) -> tuple[int, int]:
        """(width, height) of ``text`` rendered at ``scale``; handles '\\n'."""
        lines = text.split("\n")
        w = max(self.line_width(line) for line in lines)
        h = self.line_height * (len(lines) - 1) + self.cell_h
        return max(0, w) * scale, h * scale

    # -- rendering ---------------------------------------------------------

    def _glyph(self, ch: str, color: tuple[int, ...]) -> pygame.Surface | None:
        key = (ch, color)
        if key not in self._glyph_cache:
            mask = self._masks[ch]
            self._glyph_cache[key] = None if mask is None else mask.to_surface(
                setcolor=color, unsetcolor=(0, 0, 0, 0))
        return self._glyph_cache[key]

    def render(self, text: str, color: Color, scale: int = 1) -> pygame.Surface:
        """Render ``text`` (may contain '\\n') to a new SRCALPHA surface."""
        col = tuple(color) if len(color) == 4 else (*color, 255)
        key = (text, col, scale)
        cached = self._text_cache.get(key)
        if cached is not None:
            return cached
        w, h = self.size(text, 1)
        surf = pygame.Surface((max(1, w), max(1, h)), pygame.SRCALPHA)
        y = 0
        for line in text.split("\n"):
            x = 0
            for c in line:
                k = self._key(c)
                g = self._glyph(k, col)
                if g is not None:
                    surf.blit(g, (x, y))
                x += self._advance[k]
            y += self.line_height
        if scale != 1:
            surf = pygame.transform.scale(surf, (surf.get_width() * scale, surf.get_height() * scale))
        if len(self._text_cache) > 512:
            self._text_cache.clear()
        self._text_cache[key] = surf
        return surf

    def draw(self, surface: pygame.Surface, text: str, pos: tuple[int, int], color: Color,
             scale: int = 1, align: Align = "left", shadow: Color | None = None) -> pygame.Rect:
        """Draw ``text`` at ``pos`` (top-left, top-centre or top-right per ``align``).

        ``shadow`` draws a copy one (scaled) pixel down-right first. Multi-line
        text is aligned line by line. Returns the bounding rect drawn.
        """
        x, y = pos
        lines = text.split("\n")
        total = pygame.Rect(x, y, 0, 0)
        for i, line in enumerate(lines):
            img = self.render(line, color, scale)
            lw = self.line_width(line) * scale
            lx = x - lw // 2 if align == "center" else x - lw if align == "right" else x
            ly = y + i * self.line_height * scale
            if shadow is not None:
                surface.blit(self.render(line, shadow, scale), (lx + scale, ly + scale))
            r = surface.blit(img, (lx, ly))
            total = r if i == 0 else total.union(r)
        return total
