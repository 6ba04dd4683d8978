"""`check`, `render`, `heatmap` and what Tiled offers designers (project file, templates, terrain sets)."""
import json
import os
from pathlib import Path

import pygame
import pytest
from mapmaker import make_map, obj

from game.cli import main
from game.sim.schema import CLASSES
from game.tiled.checks import check_level, wangset_problems
from game.tiled.level import load_level
from game.tiled.offer import project_file, template_text

REPO = Path(__file__).resolve().parent.parent
LEVELS = sorted((REPO / "levels").glob("*.tmx"))
MAPS = REPO / "tests" / "maps"
TSX = REPO / "assets" / "tiles" / "terrain.tsx"

PIC = """
TTTTTTTTTTTT
T..........T
TS===K====FT
T..........T
TTTTTTTTTTTT
"""


def _rel_tileset(tmp_path: Path) -> str:
    return f'<tileset firstgid="1" source="{os.path.relpath(TSX, tmp_path)}"/>'


def _write(tmp_path, pic=PIC, name="m.tmx", **kw) -> Path:
    kw.setdefault("tileset", _rel_tileset(tmp_path))
    p = tmp_path / name
    p.write_text(make_map(pic, **kw), encoding="utf-8")
    return p


def test_every_shipped_level_and_test_map_passes_check(capsys):
    assert LEVELS, "no levels/*.tmx"
    code = main(["check", "--all", *[str(p) for p in sorted(MAPS.glob("*.tmx")) if p.name != "no_start.tmx"]])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert out == "" and "0 with problems, 0 unusable" in err


def test_a_clean_map_is_clean(tmp_path):
    assert check_level(_write(tmp_path)) == []


@pytest.mark.parametrize("objects,pic,expect", [
    (obj(70, "bera", 40, 40), PIC, "unknown class 'bera' (did you mean 'bear'?)"),
    (obj(70, "", 40, 40, name="note"), PIC, "has no class"),
    (obj(70, "bear", 40, 40, props={"agro_radius": 50.0}), PIC,
     "unknown property 'agro_radius' (did you mean 'aggro_radius'?)"),
    (obj(70, "bear", 40, 40, props={"aggro_radius": "far"}), PIC,
     "aggro_radius must be a number > 0 and at most 4096, got 'far'"),
    (obj(70, "bear", 40, 40, props={"patrol": 99}), PIC, "patrol names object 99, which does not exist"),
    (obj(70, "bear", 40, 40, props={"patrol": 1}), PIC, "pick an object of class 'patrol'"),
    (obj(70, "blizzard", 40, 40), PIC, "must be a rectangle, got a point"),
    (obj(70, "marker", 4000, 40), PIC, "lies outside the map"),
])
def test_each_rule_reports_one_clear_line(tmp_path, objects, pic, expect):
    problems = check_level(_write(tmp_path, pic, objects=objects))
    if not expect:
        assert problems == []
        return
    assert any(expect in p for p in problems), problems
    assert all(p.startswith("m.tmx: ") or "m.tmx: " in p for p in problems)


def test_unreachable_checkpoint_and_far_true_marker(tmp_path):
    pic = """
    TTTTTTTTTTTTTTTTTTTTTTTTTTT
    TS===F....................T
    T.........................T
    T...............TTTTT.....T
    T...............T.K.T.....T
    T...............TTTTT.....T
    TTTTTTTTTTTTTTTTTTTTTTTTTTT
    """
    objects = obj(80, "marker", 16 * 24, 16 * 2) + obj(81, "marker", 16 * 24, 16 * 3, props={"false": True}) \
        + obj(82, "marker", 16 * 7, 16 * 2)
    problems = check_level(_write(tmp_path, pic, objects=objects))
    assert any("(checkpoint) cannot be reached from the start" in p for p in problems), problems
    far = [p for p in problems if "true marker" in p]
    assert len(far) == 1 and "object 80" in far[0] and "false = true" in far[0], problems


def test_a_finish_walled_off_from_the_start(tmp_path):
    pic = """
    TTTTTTTTTTTT
    TS===T===F.T
    TTTTTTTTTTTT
    """
    problems = check_level(_write(tmp_path, pic))
    assert any("no finish can be reached from object 1 'start' (start)" in p for p in problems), problems


def test_file_rules_missing_image_absolute_path_unknown_tiles_image_layer(tmp_path):
    text = make_map(PIC, tileset=_rel_tileset(tmp_path))
    text = text.replace("</map>", '<imagelayer id="9" name="sky"><image source="sky.png"/></imagelayer>\n</map>')
    text = text.replace("4,4,4", "4,999,4", 1)
    p = tmp_path / "m.tmx"
    p.write_text(text)
    problems = check_level(p)
    assert any("image 'sky.png' is missing" in x for x in problems), problems
    assert any("image layer 'sky' is not drawn" in x for x in problems)
    assert any("whose tile no tileset holds" in x for x in problems)
    absolute = make_map(PIC)  # mapmaker links the tileset image by an absolute path
    (tmp_path / "abs.tmx").write_text(absolute)
    assert any("absolute path" in x for x in check_level(tmp_path / "abs.tmx"))


def test_cli_exit_codes_and_one_line_per_problem(tmp_path, capsys):
    good = _write(tmp_path, name="good.tmx")
    bad = _write(tmp_path, name="bad.tmx", objects=obj(70, "bear", 40, 40, name="den", props={"aggro_radius": "far"}))
    broken = tmp_path / "broken.tmx"
    broken.write_text("<map")
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    out, _ = capsys.readouterr()
    assert out.strip().splitlines() == [
        f"{bad.name}: object 70 'den' (bear): aggro_radius must be a number > 0 and at most 4096, got 'far'"
    ] or out.strip().endswith("aggro_radius must be a number > 0 and at most 4096, got 'far'")
    assert main(["check", str(bad), str(broken)]) == 2
    _, err = capsys.readouterr()
    assert "broken.tmx: cannot read the map" in err
    assert main(["check"]) == 2


def test_the_tiled_project_and_templates_match_the_schema():
    project = json.loads((REPO / "levels" / "balto.tiled-project").read_text())
    assert project == project_file(), (
        "levels/balto.tiled-project is stale: regenerate it from game.tiled.offer.project_file()"
    )
    names = {t["name"]: t for t in project["propertyTypes"]}
    assert set(CLASSES) <= set(names)
    assert names["bear"]["members"][0] == {"name": "aggro_radius", "type": "float", "value": 120.0}
    assert names["terrain"]["type"] == "enum" and "thin_ice" in names["terrain"]["values"]
    for kind in CLASSES:
        tx = REPO / "levels" / "templates" / f"{kind}.tx"
        assert tx.read_text() == template_text(kind), f"{tx} is stale"


def test_the_tilesets_terrain_sets_are_valid():
    assert wangset_problems(TSX) == []


def test_a_broken_terrain_set_is_reported(tmp_path):
    text = TSX.read_text().replace(
        "</tileset>",
        '<wangsets><wangset name="bad" type="corner" tile="-1">'
        '<wangcolor name="snow" color="white" tile="0" probability="1"/>'
        '<wangcolor name="trail" color="#ac9e98" tile="3" probability="1"/>'
        '<wangtile tileid="9999" wangid="0,1,0,1,0,1,0,1"/>'
        '<wangtile tileid="0" wangid="1,1,0,1,0,1,0,1"/>'
        '<wangtile tileid="5" wangid="0,2,0,2,0,2,0,2"/>'
        '<wangtile tileid="3" wangid="0,7,0,2,0,2,0,2"/>'
        "</wangset></wangsets></tileset>")
    p = tmp_path / "t.tsx"
    p.write_text(text)
    problems = "\n".join(wangset_problems(p))
    for expect in ("not #rrggbb", "names tile 9999", "paints edges in a corner set",
                   "tile 5 is all 'trail' but its terrain property is 'deep_snow'", "8 colour numbers"):
        assert expect in problems


def test_render_draws_the_whole_level_with_its_objects(tmp_path, capsys):
    src = MAPS / "features_templates.tmx"
    out = tmp_path / "level.png"
    assert main(["render", str(src), str(out), "--scale", "2"]) == 0
    img = pygame.image.load(str(out))
    lvl = load_level(src)
    assert img.get_width() == lvl.pixel_size[0] * 2 and img.get_height() > lvl.pixel_size[1] * 2
    assert main(["render", str(src), str(tmp_path / "x.jpg")]) == 2
    assert main(["render", str(tmp_path / "nope.tmx"), str(out)]) == 2


def test_heatmap_marks_where_vials_were_lost(tmp_path):
    pic = """
    TTTTTTTTTTTT
    TS===T===FTT
    TTTTTTTTTTTT
    """
    src = _write(tmp_path, pic)
    out = tmp_path / "heat.png"
    from game.cli.heatmap import collect
    losses, results = collect(load_level(src), 2, "none", max_seconds=8)
    assert losses and {x.cause for x in losses} == {"impact"} and len(results) == 2
    assert all(16 * 4 <= x.x <= 16 * 6 for x in losses)  # at the tree in the way
    assert main(["heatmap", str(src), str(out), "--runs", "2", "--bot", "none",
                 "--max-seconds", "8", "--scale", "2"]) == 0
    assert pygame.image.load(str(out)).get_width() >= 12 * 16 * 2


def test_the_design_guide_shows_pictures_that_exist_and_names_every_command():
    doc = (REPO / "docs" / "level-design.md").read_text()
    import re
    images = re.findall(r"\]\((images/[^)]+)\)", doc)
    assert len(images) >= 4
    for rel in images:
        path = REPO / "docs" / rel
        assert path.is_file() and path.stat().st_size < 200_000, rel
    for words in ("balto check", "balto render", "balto heatmap", "balto simulate", "balto play", "level_sources",
                  "level-format.md", "balto.tiled-project"):
        assert words in doc
