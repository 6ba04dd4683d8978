"""The docs keep up with the code: every class, property and loss cause is documented."""
from pathlib import Path

from game.sim import scoring, terrain
from game.sim.schema import CLASSES, MAP_PROPERTIES

DOC = (Path(__file__).resolve().parent.parent / "docs" / "level-format.md").read_text(encoding="utf-8")


def test_every_object_class_and_property_is_documented():
    for spec in CLASSES.values():
        assert f"`{spec.name}`" in DOC, spec.name
        for prop in spec.props:
            assert f"`{prop.name}`" in DOC, f"{spec.name}.{prop.name}"
    for prop in MAP_PROPERTIES:
        assert f"`{prop.name}`" in DOC, prop.name


def test_every_terrain_and_loss_cause_is_documented():
    for name in terrain.NAMES:
        assert f"`{name}`" in DOC, name
    for cause in ("impact", "water", "cliff", "bear", "thin_ice"):
        assert f"`{cause}`" in DOC, cause
    assert set(scoring.FALL_LOSS) <= {"water", "cliff"}
