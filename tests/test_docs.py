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


README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    """The commands in the README's quick start block."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1].split("\n", 1)[1]  # after the fence's language tag
    return [line for line in block.splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_with_python3_and_a_venv():
    first, second = quick_start()  # exactly two
    assert first.startswith("python3 tools/make_venv.py .venv && ")
    assert '.venv/bin/python -m pip install -e ".[test]"' in first and first.endswith("&& .venv/bin/balto")
    assert second == ".venv/bin/python -m pytest"
    for line in (first, second):
        words = line.split()
        for i, word in enumerate(words):
            if "python" in word:  # the system's python3, else the venv's: never a bare `python`
                assert word in ("python3", ".venv/bin/python"), word
            if word in ("pip", "pip3"):  # only as the venv's `python -m pip`
                assert words[i - 1 : i + 1] == ["-m", "pip"] and words[i - 2] == ".venv/bin/python", line


def test_the_venv_maker_needs_only_the_standard_library():
    import ast
    import sys

    tool = Path(__file__).resolve().parent.parent / "tools" / "make_venv.py"
    tree = ast.parse(tool.read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert names <= set(sys.stdlib_module_names), names - set(sys.stdlib_module_names)
