"""`balto check --json` (structured problems) and the `above_team` layer property."""
import json
import os
import re
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402
from mapmaker import make_map, obj  # noqa: E402

from game.cli import main  # noqa: E402
from game.render import Assets  # noqa: E402
from game.render.world_view import WorldView  # noqa: E402
from game.sim.leveldata import LevelError  # noqa: E402
from game.tiled.checks import check_level, check_problems  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TSX = REPO / "assets" / "tiles" / "terrain.tsx"
KEYS = {"file", "severity", "message", "fix", "object_id", "object_name", "layer",
        "tile_x", "tile_y", "pixel_x", "pixel_y"}
PIC = """
TTTTTTTTTTTT
T..........T
TS===K====FT
T..........T
TTTTTTTTTTTT
"""


def _write(tmp_path: Path, text: str, name: str = "m.tmx") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _map(tmp_path: Path, **kw) -> str:
    return make_map(PIC, tileset=f'<tileset firstgid="1" source="{os.path.relpath(TSX, tmp_path)}"/>', **kw)


def _with_layer(text: str, name: str, above_team: bool | None) -> str:
    """The map with a copy of its ground layer named `name` (with the property when given)."""
    ground = re.search(r' <layer id="1" name="ground".*?</layer>\n', text, re.S)
    assert ground
    props = ("" if above_team is None else
             f'<properties><property name="above_team" type="bool" value="{str(above_team).lower()}"/></properties>')
    extra = ground.group(0).replace('id="1" name="ground"', f'id="9" name="{name}"').replace(">\n", f">{props}\n", 1)
    return text.replace(ground.group(0), ground.group(0) + extra)


def test_check_json_gives_one_object_per_problem_with_where(tmp_path, capsys):
    p = _write(tmp_path, _map(tmp_path, objects=obj(70, "bera", 40, 40, name="den")))
    assert main(["check", "--json", "-q", str(p)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    got = json.loads(lines[0])
    assert set(got) == KEYS
    assert got["file"] == load_level(p).path
    assert got["severity"] == "error"
    assert "unknown class 'bera'" in got["message"] and got["fix"].startswith("use one of")
    assert (got["object_id"], got["object_name"], got["pixel_x"], got["pixel_y"]) == (70, "den", 40, 40)
    assert (got["tile_x"], got["tile_y"], got["layer"]) == (2, 2, "objects")  # the object's layer


def test_an_object_problem_names_the_layer_the_object_is_on_inside_a_group(tmp_path):
    text = _map(tmp_path, objects=obj(70, "bera", 40, 40, name="den"))
    text = text.replace('<objectgroup id="2" name="objects">', '<group id="7" name="hazards">\n<objectgroup id="2" '
                        'name="course">').replace("</objectgroup>", "</objectgroup>\n</group>")
    (got,) = check_problems(_write(tmp_path, text))
    assert (got.object_id, got.layer) == (70, "course")


def test_class_and_type_that_disagree_are_an_error_naming_both(tmp_path, capsys):
    den = obj(70, "bear", 40, 40, name="den").replace('class="bear"', 'class="bear" type="wolf"')
    same = obj(71, "wolf", 56, 40, name="ghost").replace('class="wolf"', 'class="wolf" type="wolf"')
    (got,) = check_problems(_write(tmp_path, _map(tmp_path, objects=den + same)))
    assert got.severity == "error" and (got.object_id, got.layer) == (70, "objects")
    assert "has class 'bear' but type 'wolf'" in got.message and "the game use the class" in got.message


def test_an_instance_type_set_by_tiled_18_wins_over_its_templates_class(tmp_path):
    """Tiled 1.8 writes a templated object's changed class as the instance's `type`; the
    template (made for both Tiled versions) says `class` and `type`."""
    tx = os.path.relpath(REPO / "levels" / "templates" / "wolf.tx", tmp_path)
    inst = f'<object id="70" template="{tx}" type="marker" x="40" y="40"/>'
    p = _write(tmp_path, _map(tmp_path, objects=inst))
    assert [o.kind for o in load_level(p).objects.get("marker", [])] == ["marker"]
    assert not load_level(p).objects.get("wolf")


def test_check_text_output_is_the_problem_lines(tmp_path, capsys):
    p = _write(tmp_path, _map(tmp_path, objects=obj(70, "bera", 40, 40, name="den")))
    assert main(["check", "-q", str(p)]) == 1
    assert capsys.readouterr().out.splitlines() == check_level(p) == [q.line for q in check_problems(p)]


def test_check_json_reports_an_unusable_level_on_stdout(tmp_path, capsys):
    p = _write(tmp_path, "<map", name="bad.tmx")
    assert main(["check", "--json", "-q", str(p)]) == 2
    got = json.loads(capsys.readouterr().out)
    assert set(got) == KEYS and got["severity"] == "error" and got["file"] == str(p)


def test_a_layer_drawn_over_by_a_hidden_word_is_a_warning_naming_the_fix(tmp_path, capsys):
    p = _write(tmp_path, _with_layer(_map(tmp_path), "overflow patches", None))
    assert load_level(p).layers[1].drawn_above_team()  # today's behaviour is kept
    (problem,) = check_problems(p)
    assert problem.severity == "warning" and problem.layer == "overflow patches"
    assert "set the layer property above_team" in (problem.fix or "")
    assert main(["check", "--json", "-q", str(p)]) == 1
    assert json.loads(capsys.readouterr().out)["severity"] == "warning"


def test_the_above_team_property_decides_and_silences_the_warning(tmp_path):
    p = _write(tmp_path, _with_layer(_map(tmp_path), "overflow patches", False))
    assert not load_level(p).layers[1].drawn_above_team()
    assert check_problems(p) == []
    q = _write(tmp_path, _with_layer(_map(tmp_path), "snow drifts", True), name="q.tmx")
    assert load_level(q).layers[1].drawn_above_team() and check_problems(q) == []


def test_whole_word_layer_names_still_draw_over_without_a_warning(tmp_path):
    p = _write(tmp_path, _with_layer(_map(tmp_path), "Canopy", None))
    assert load_level(p).layers[1].drawn_above_team() and check_problems(p) == []


@pytest.mark.usefixtures("pygame_display")
def test_world_view_draws_a_layer_by_its_property_over_or_under_the_team(tmp_path):
    sprites = Assets().sprites
    under = load_level(_write(tmp_path, _with_layer(_map(tmp_path), "overflow patches", False)))
    over = load_level(_write(tmp_path, _with_layer(_map(tmp_path), "overflow patches", None), name="o.tmx"))
    assert WorldView(under, sprites).above == () and WorldView(under, sprites).below == (0, 1)
    assert WorldView(over, sprites).above == (1,)


def test_each_check_says_where_its_problem_is(tmp_path, capsys):
    """Object problems name the object and its tile, painted-tile problems the layer and the
    cell, a hidden word the layer; the text line is file, message and fix joined."""
    walled = obj(80, "checkpoint", 5 * 16, 0, 16, 16, name="walled in")  # on trees, cut off
    bear = obj(81, "bear", 8 * 16 + 8, 3 * 16 + 8, name="grizzly", props={"aggro": 120.0})
    text = _with_layer(_map(tmp_path, objects=walled + bear), "overflow patches", None)
    text = text.replace("<data encoding=\"csv\">\n17,", "<data encoding=\"csv\">\n999,", 1)
    p = _write(tmp_path, text)
    found = {(q.object_name or q.layer): q for q in check_problems(p)}
    assert set(found) == {"walled in", "grizzly", "ground", "overflow patches"}, [q.line for q in check_problems(p)]
    cp, b, cells, word = found["walled in"], found["grizzly"], found["ground"], found["overflow patches"]
    assert (cp.object_id, cp.tile_x, cp.tile_y, cp.pixel_x, cp.pixel_y) == (80, 5, 0, 80, 0)
    assert "cannot be reached" in cp.message and cp.fix == "move it onto the trail or open a way to it"
    assert (b.object_id, b.tile_x, b.tile_y, b.severity) == (81, 8, 3, "error")
    assert "unknown property 'aggro'" in b.message and b.fix == "a bear has: aggro_radius, speed, leash, patrol"
    assert (cells.layer, cells.tile_x, cells.tile_y, cells.pixel_x, cells.object_id) == ("ground", 0, 0, 0, None)
    assert word.severity == "warning" and word.tile_x is None
    for q in found.values():
        assert q.line == f"{q.file}: {q.message}; {q.fix}"
    assert main(["check", "-q", str(p)]) == 1
    assert capsys.readouterr().out.splitlines() == [q.line for q in check_problems(p)]


def test_a_copy_of_levels_with_assets_beside_it_is_one_project(tmp_path):
    """No pyproject.toml or .git above: the project file's folders (`.` and `../assets/tiles`)
    make levels/.. the project, so the shipped tileset is inside it."""
    (tmp_path / "levels").mkdir()
    shutil.copytree(REPO / "assets" / "tiles", tmp_path / "assets" / "tiles")
    for name in ("balto.tiled-project", "01_nenana_tolovana.tmx"):
        shutil.copy(REPO / "levels" / name, tmp_path / "levels")
    assert [p.line for p in check_problems(tmp_path / "levels" / "01_nenana_tolovana.tmx")] == []
    (tmp_path / "levels" / "balto.tiled-project").unlink()  # without it, assets/ is outside
    with pytest.raises(LevelError, match="lies outside the project"):
        check_problems(tmp_path / "levels" / "01_nenana_tolovana.tmx")
