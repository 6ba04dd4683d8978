"""The committed maps: the legs play as designed (through the `balto` fixture, as a level
designer's tests would); the tiny maps cover Tiled's format variants."""
from pathlib import Path

import numpy as np
import pytest

from game.sim import LevelError
from game.tiled.level import load_level

REPO = Path(__file__).resolve().parent.parent
LEG1 = "levels/01_nenana_tolovana.tmx"
MAPS = REPO / "tests" / "maps"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_autopilot_finishes_leg_1_with_most_vials(balto, seed):
    r = balto.run(LEG1, bot="autopilot", seed=seed)
    assert r.finished and r.vials >= 15
    assert 90 <= r.seconds <= 240  # 1.5 to 4 minutes at cruise


def test_no_input_on_leg_1_does_not_bring_every_vial_home(balto):
    r = balto.run(LEG1, bot="none", seed=1, max_seconds=120)
    assert not (r.finished and r.vials == r.vials_start)


def test_leg_1_has_what_a_first_leg_needs():
    lvl = load_level(REPO / LEG1)
    assert lvl.title and lvl.miles == 52 and lvl.vials == 20
    assert len(lvl.of_kind("checkpoint")) >= 1 and lvl.of_kind("finish")
    assert len(lvl.of_kind("marker")) >= 10
    names = {n for n in ("ice", "water", "tree", "rock", "trail")}
    from game.sim import terrain as T
    present = {T.NAMES[c] for c in np.unique(lvl.terrain)}
    assert names <= present


@pytest.mark.slow
def test_the_autopilot_finishes_leg_1_on_every_seed(balto):
    s = balto.sweep(LEG1, "1-20", bot="autopilot", workers=2)
    assert s.finish_rate == 1.0 and s.vials_min >= 15, s.unfinished_seeds


VARIANTS = ["class_attr", "type_attr", "enc_base64", "enc_zlib", "enc_gzip", "embedded_tileset"]


def _objects(lvl):
    return {k: [(o.id, o.name, o.x, o.y, o.width, o.height, dict(o.properties)) for o in v]
            for k, v in sorted(lvl.objects.items())}


@pytest.mark.parametrize("name", VARIANTS[1:])
def test_every_committed_variant_loads_the_same_level(name):
    base = load_level(MAPS / "class_attr.tmx")
    other = load_level(MAPS / f"{name}.tmx")
    assert np.array_equal(base.terrain, other.terrain)
    assert _objects(base) == _objects(other)


def test_a_map_without_a_start_is_refused_by_name():
    with pytest.raises(LevelError, match="no_start.tmx.*start"):
        load_level(MAPS / "no_start.tmx")
