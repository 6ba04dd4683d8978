"""Every leg of the campaign plays as designed: the autopilot brings vials to the end of
each, the straight-on team does not, and the run gets harder from Nenana to Nome."""
import pytest

from game.content.legs import LEGS
from game.tiled.level import load_level

LEG_PATHS = [f"levels/{leg.id}.tmx" for leg in LEGS]


@pytest.mark.parametrize("path", LEG_PATHS)
def test_the_autopilot_finishes_each_leg_with_vials(balto, path):
    r = balto.run(path, bot="autopilot", seed=1)
    assert r.finished and r.vials >= 1
    assert 90 <= r.seconds <= 250, "a leg takes 1.5 to 4 minutes at cruise"


@pytest.mark.parametrize("path", LEG_PATHS)
def test_each_leg_names_real_places_miles_a_musher_and_roadhouses(path):
    lvl = load_level(path)
    assert lvl.miles > 0 and lvl.properties["musher"] and lvl.title
    assert len(lvl.of_kind("checkpoint")) >= 2
    assert lvl.of_kind("story"), "the story is told along the trail"


@pytest.mark.slow
@pytest.mark.parametrize("path", LEG_PATHS)
def test_no_input_never_brings_every_vial_home(balto, path):
    r = balto.run(path, bot="none", seed=1, max_seconds=300)
    assert not (r.finished and r.vials == r.vials_start)


@pytest.mark.slow
def test_every_leg_on_seeds_1_to_20_and_difficulty_rises(autopilot_table):
    means = []
    for row in autopilot_table:
        assert row.finished == row.runs == 20 and row.vials_min >= 1, row
        means.append(row.vials_mean)
    assert means == sorted(means, reverse=True), means
    assert means[0] - means[-1] >= 4
