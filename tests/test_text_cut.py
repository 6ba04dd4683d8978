"""`Text.draw_cut` (the HUD's clock and miles drawn from two kept pictures) gives the pixels of
`Text.draw`, and falls back to drawing whole where the font's glyphs would not allow it."""
import json
import shutil

import pygame
import pytest

from game import resources
from game.render import Text
from game.render.text import PixelFont

pytestmark = pytest.mark.usefixtures("pygame_display")

CASES = [("00:12.3", 6), ("09:59.9", 6), ("10:00.0", 6), ("1.5 mi to Nome", 3),
         ("12.3 mi to Manley Hot Springs", 4), ("20/20", 2)]


def _same(text: Text, words: str, cut: int, align: str) -> bool:
    whole = pygame.Surface((200, 20), pygame.SRCALPHA)
    cut_up = whole.copy()
    text.draw(whole, words, (100, 5), align=align)
    text.draw_cut(cut_up, words, cut, (100, 5), align=align)
    return pygame.image.tobytes(whole, "RGBA") == pygame.image.tobytes(cut_up, "RGBA")


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_a_text_drawn_in_two_pieces_is_the_text_drawn_whole(align):
    text = Text()
    for words, cut in CASES:
        assert _same(text, words, cut, align), (words, cut)


def test_a_glyph_as_wide_as_its_advance_is_not_cut_off(tmp_path):
    """A font whose '.' and '3' fill their advance: a piece ending in one would lose the
    glyph's last column, so the font does not split such texts and the pixels stay whole."""
    meta = json.loads(resources.asset("ui", "font.json").read_text(encoding="utf-8"))
    for ch in ".3":
        meta["glyphs"][ch]["advance"] = meta["glyphs"][ch]["rect"][2]
    (tmp_path / "font.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.copy(resources.asset("ui", "font.png"), tmp_path / "font.png")
    text = Text()
    text.font = PixelFont(tmp_path / "font.png", tmp_path / "font.json")
    assert not text.font.separable("00:12.")
    assert text.font.separable("00:12")  # the others still split
    for words, cut in [("00:12.3", 6), ("13.5 mi to Nome", 4)]:
        assert _same(text, words, cut, "center"), words
