"""Rendering: everything that turns a World (and the screens) into pixels.

`Text` is the one way the game draws words: the project's PixelFont (game.render.text) and
nothing else; a missing font is game.resources.ResourceError (one line, exit 2), never a
stand-in. `Assets` bundles what every screen needs (sprites, text) and is built once by the
app (or a test).
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

from game import resources
from game.render.palette import PALETTE as P
from game.render.sprites import SpriteSheet
from game.render.text import PixelFont

ASSETS = resources.ASSETS
Colour = tuple[int, int, int]


class Text:
    """Cached text drawing with scale, alignment and a one-pixel shadow or outline."""

    def __init__(self) -> None:
        self.font = PixelFont()  # assets/ui/font.*; ResourceError when missing
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._pieces: dict[tuple, tuple[int, pygame.Surface | None]] = {}  # draw_cut's pieces

    def _raw(self, text: str, colour: Colour) -> pygame.Surface:
        return self.font.render(text, colour)

    def render(self, text: str, colour: Colour = P["hud_text"], scale: int = 1,
               shadow: Colour | None = P["ink"], outline: bool = False) -> pygame.Surface:
        """The text as a surface (cached)."""
        key = (text, colour, scale, shadow, outline)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        fg = self._raw(text, colour)
        if scale != 1:
            fg = pygame.transform.scale_by(fg, scale)
        w, h = fg.get_size()
        pad = min(scale, 2) if (shadow or outline) else 0
        surf = pygame.Surface((w + 2 * pad, h + 2 * pad), pygame.SRCALPHA)
        if shadow is not None:
            bg = self._raw(text, shadow)
            if scale != 1:
                bg = pygame.transform.scale_by(bg, scale)
            offs = ([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy] if outline
                    else [(1, 1), (0, 1)])
            for dx, dy in offs:
                surf.blit(bg, (pad + dx * pad, pad + dy * pad))
        surf.blit(fg, (pad, pad))
        self._cache[key] = surf
        if len(self._cache) > 400:
            self._cache.popitem(last=False)
        return surf

    def size(self, text: str, scale: int = 1) -> tuple[int, int]:
        """Width and height of the plain text at a scale."""
        return self.render(text, P["hud_text"], scale, None).get_size()

    def draw(self, surface: pygame.Surface, text: str, pos: tuple[float, float],
             colour: Colour = P["hud_text"], scale: int = 1, align: str = "left",
             shadow: Colour | None = P["ink"], outline: bool = False) -> pygame.Rect:
        """Draw text; align 'left' | 'center' | 'right' is about pos's x. Returns the rect."""
        s = self.render(text, colour, scale, shadow, outline)
        x, y = pos
        pad = min(scale, 2) if (shadow or outline) else 0
        if align == "center":
            x -= s.get_width() / 2
        elif align == "right":
            x -= s.get_width() - pad
        else:
            x -= pad
        return surface.blit(s, (int(x), int(y) - pad))

    def draw_cut(self, surface: pygame.Surface, text: str, cut: int, pos: tuple[int, int],
                 colour: Colour = P["hud_text"], align: str = "left") -> pygame.Rect:
        """`draw` (scale 1, shadowed) from two cached pictures, text[:cut] and text[cut:], for a
        text of which one part changes often (a clock's tenths): the same pixels, without
        rendering the whole text again. Drawn whole when the font cannot split it."""
        head, tail = text[:cut], text[cut:]
        h, t = self._piece(head, colour), self._piece(tail, colour)
        if h[1] is None or t[1] is None:
            return self.draw(surface, text, pos, colour, align=align)
        width = max(1, h[0] + t[0] - 1) + 2  # the whole picture's: the glyphs and the pad
        x, y = pos
        x = int(x - width / 2 if align == "center" else x - (width - 1) if align == "right" else x - 1)
        r = surface.blit(h[1], (x, int(y) - 1))
        return r.union(surface.blit(t[1], (x + h[0], int(y) - 1)))

    def _piece(self, text: str, colour: Colour) -> tuple[int, pygame.Surface | None]:
        """(the text's advance, its picture: None when the font cannot draw it in pieces), kept."""
        hit = self._pieces.get((text, colour))
        if hit is None:
            if len(self._pieces) > 256:
                self._pieces.clear()
            ok = text != "" and self.font.separable(text)
            hit = (self.font.advance(text), self.render(text, colour) if ok else None)
            self._pieces[(text, colour)] = hit
        return hit

    def wrap(self, text: str, width: int, scale: int = 1) -> list[str]:
        """Split text into lines no wider than width px (long words are cut)."""
        lines: list[str] = []
        for para in text.splitlines() or [""]:
            line = ""
            for word in para.split(" "):
                cand = word if not line else line + " " + word
                if self.size(cand, scale)[0] <= width:
                    line = cand
                    continue
                if line:
                    lines.append(line)
                while self.size(word, scale)[0] > width and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and self.size(word[:cut], scale)[0] > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines


class Assets:
    """What every screen draws with: the sprite sheet, the text and the title backdrop."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else ASSETS
        self.sprites = SpriteSheet(self.directory / "sprites")
        self.text = Text()
        self.title_image: pygame.Surface | None = None
        path = self.directory / "ui" / "title.png"
        if path.is_file():
            try:
                img = pygame.image.load(str(path))
                self.title_image = img.convert() if pygame.display.get_surface() is not None else img
            except (pygame.error, OSError):
                self.title_image = None
