"""The campaign's route: every leg exists, in route order, each with a story card and a fact."""
from game.content.legs import CARDS, ENDING, LEGS, leg_index
from game.tiled.level import load_level


def test_legs_are_in_route_order_with_files_and_cards():
    assert len(LEGS) >= 8
    assert [leg.id for leg in LEGS] == sorted(leg.id for leg in LEGS)
    for i, leg in enumerate(LEGS):
        assert leg_index(leg.id) == i
        assert leg.card.lines and leg.card.fact
        assert leg.act in (1, 2, 3)
    assert [leg.act for leg in LEGS] == sorted(leg.act for leg in LEGS)
    assert ENDING.id == "nome"


def test_every_leg_file_loads_and_names_its_musher_and_miles():
    for leg in LEGS:
        lvl = load_level(leg.path)
        assert lvl.miles > 0 and lvl.properties.get("musher")


def test_cards_are_short_enough_to_read_at_a_glance():
    for card in CARDS:
        assert len(card.lines) <= 4
        assert all(len(line) <= 90 for line in card.lines), card.id
        assert len(card.fact) <= 110, card.id


def test_every_card_has_its_backdrop_and_every_leg_a_place_on_the_route_map():
    import json

    from game.content.legs import BANDANNA_FROM_LEG, LEVELS_DIR
    from game.render.route_geometry import PLACE_LATLON

    ui = LEVELS_DIR.parent / "assets" / "ui"
    for card in CARDS:
        assert (ui / f"{card.backdrop}.png").is_file(), card.id
    towns = json.loads((ui / "route_map.json").read_text(encoding="utf-8"))["towns"]
    for leg in LEGS:
        assert leg.place in towns or leg.place in PLACE_LATLON, leg.place
    assert 1 <= BANDANNA_FROM_LEG <= len(LEGS)
    assert len({c.id for c in CARDS}) == len(CARDS)


def test_card_text_fits_the_screen_in_the_pixel_font():
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.render.text import PixelFont

    font = PixelFont()
    for card in CARDS:
        assert font.size(card.title, 2)[0] <= 600, card.id  # the title at 2x at least
        for line in card.lines:
            assert font.size(line)[0] <= 580, (card.id, line)  # one line on the card's panel
        assert font.size(card.fact)[0] <= 2 * 540, card.id  # the fact in at most two lines
