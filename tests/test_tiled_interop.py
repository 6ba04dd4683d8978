"""Interop with real Tiled (Debian's 1.8.2 in CI): every shipped level exports with
`tiled --export-map json` and holds the objects the game loaded; `tmxrasterizer` renders every
level, and the game's picture of the tile layers matches it (at most 0.5 % of pixels differ).

Skipped when Tiled is not installed, except under CI (the environment variable CI set), where
a missing Tiled fails. Tiled 1.8.2 drops `class` when it saves a map; every object of a shipped
leg also carries `type` (the same class), which 1.8 keeps, so a leg 1.8 saved still checks clean.
"""
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import pygame
import pytest

from game.tiled.checks import check_problems
from game.tiled.level import load_level

REPO = Path(__file__).resolve().parent.parent
LEVELS = sorted((REPO / "levels").glob("*.tmx"))
FEATURE_MAPS = sorted((REPO / "tests" / "maps").glob("features_*.tmx")) + [REPO / "tests" / "maps" / "tutorial_leg.tmx"]
MAX_DIFFERENT = 0.005


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; CI must run the Tiled interop tests (apt-get install tiled)")
        pytest.skip(f"{name} is not installed (apt-get install tiled)")
    return path


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)


def _objects(layers, dx=0.0, dy=0.0, visible=True):
    """Every visible object of exported JSON layers, with the offsets of its groups."""
    for layer in layers:
        ox, oy = dx + layer.get("offsetx", 0), dy + layer.get("offsety", 0)
        vis = visible and layer.get("visible", True)
        if layer["type"] == "group":
            yield from _objects(layer["layers"], ox, oy, vis)
        elif layer["type"] == "objectgroup" and vis:
            for o in layer["objects"]:
                if o.get("visible", True):
                    yield o, ox, oy


@pytest.mark.parametrize("path", LEVELS + FEATURE_MAPS, ids=lambda p: p.name)
def test_tiled_exports_the_level_with_the_objects_the_game_loaded(path, tmp_path):
    tiled = _tool("tiled")
    out = tmp_path / "map.json"
    r = _run([tiled, "--export-map", "json", "--detach-templates", str(path), str(out)], tmp_path)
    assert r.returncode == 0 and out.is_file(), r.stderr
    exported = list(_objects(json.loads(out.read_text())["layers"]))
    level = load_level(path)
    ours = {o.id: o for objs in level.objects.values() for o in objs}
    assert sorted(o["id"] for o, _, _ in exported) == sorted(ours)
    for o, ox, oy in exported:
        mine = ours[o["id"]]
        kind = o.get("class") or o.get("type") or ""
        if kind:  # Tiled 1.8 does not read `class`; older-style `type` it does
            assert kind == mine.kind
        assert o.get("name", "") == mine.name
        y = o["y"] - (o["height"] if "gid" in o else 0)
        assert math.isclose(o["x"] + ox, mine.x, abs_tol=1e-3) and math.isclose(y + oy, mine.y, abs_tol=1e-3)
        if "polyline" in o:
            assert [(o["x"] + ox + p["x"], o["y"] + oy + p["y"]) for p in o["polyline"]] == list(mine.points)
        elif not o.get("point"):
            assert (o["width"], o["height"]) == (mine.width, mine.height)
        for prop in o.get("properties", []):
            v = mine.properties[prop["name"]]
            assert (math.isclose(v, prop["value"]) if isinstance(v, float) else v == prop["value"]), prop


def _different(a: pygame.Surface, b: pygame.Surface) -> float:
    """The share of pixels whose premultiplied RGBA differs by more than 24 in some channel."""
    ba = np.frombuffer(pygame.image.tobytes(a, "RGBA_PREMULT"), dtype=np.uint8).reshape(-1, 4)
    bb = np.frombuffer(pygame.image.tobytes(b, "RGBA_PREMULT"), dtype=np.uint8).reshape(-1, 4)
    step = 1 << 20
    bad = 0
    for i in range(0, len(ba), step):  # in slices: a leg is 12 million pixels
        d = np.abs(ba[i:i + step].astype(np.int16) - bb[i:i + step].astype(np.int16))
        bad += int((d.max(axis=1) > 24).sum())
    return bad / len(ba)


@pytest.mark.parametrize("path", LEVELS + [p for p in FEATURE_MAPS if "groups" not in p.name], ids=lambda p: p.name)
def test_the_game_draws_the_tile_layers_as_tmxrasterizer_does(path, tmp_path):
    from game.render.level_image import tile_image

    rasterizer = _tool("tmxrasterizer")
    out = tmp_path / "tiled.png"
    hide = [a for g in ET.parse(path).getroot().iter("objectgroup") for a in ("--hide-layer", g.get("name", ""))]
    r = _run([rasterizer, "--no-smoothing", *hide, str(path), str(out)], tmp_path)
    assert r.returncode == 0 and out.is_file(), r.stderr
    theirs = pygame.image.load(str(out))
    level = load_level(path)
    assert theirs.get_size() == level.pixel_size
    different = _different(theirs, tile_image(level))
    assert different <= MAX_DIFFERENT, f"{different:.2%} of pixels differ from tmxrasterizer's picture"


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.name)
def test_every_object_of_a_shipped_leg_has_a_type_equal_to_its_class(path):
    """What Tiled 1.8 needs to keep the class (python tools/legacy_type.py levels/0*.tmx adds it)."""
    for layer in ET.parse(path).getroot().iter("objectgroup"):
        for o in layer.iter("object"):
            assert o.get("type") == o.get("class"), \
                f"object {o.get('id')}: class {o.get('class')!r}, type {o.get('type')!r}; run tools/legacy_type.py"


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.name)
def test_a_shipped_leg_saved_by_tiled_18_still_checks_clean(path, tmp_path):
    """`tiled --export-map` writes the map as Tiled saves it (1.8.2: `type` only). The copy sits
    in a project like the checkout's (levels/ beside assets/), so its links stay the same."""
    tiled = _tool("tiled")
    (tmp_path / "levels").mkdir()
    shutil.copy(REPO / "levels" / "balto.tiled-project", tmp_path / "levels")
    (tmp_path / "assets").symlink_to(REPO / "assets")
    (tmp_path / "levels" / "templates").symlink_to(REPO / "levels" / "templates")
    out = tmp_path / "levels" / path.name
    r = _run([tiled, "--export-map", "tmx", str(path), str(out)], tmp_path)
    assert r.returncode == 0 and out.is_file(), r.stderr
    text = out.read_text(encoding="utf-8")
    if 'tiledversion="1.8' in text:
        assert 'class="' not in text, "Tiled 1.8 writes no class; this test would prove nothing"
    assert [p.line for p in check_problems(out)] == []
    saved, ours = load_level(out), load_level(path)
    assert {k: sorted(o.id for o in v) for k, v in saved.objects.items()} == \
        {k: sorted(o.id for o in v) for k, v in ours.objects.items()}


def test_legacy_type_adds_the_type_once_and_names_a_clash(tmp_path, capsys):
    """tools/legacy_type.py, re-run on the legs whenever they change: only object tags with a
    class and no type change; a second run changes nothing; a clash is named, exit 1."""
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import legacy_type
    finally:
        sys.path.remove(str(REPO / "tools"))
    text = ('<map class="leg">\r\n <objectgroup name="course">\r\n  <object id="1" name="a" class="start" x="1"/>\r\n'
            '  <object id="2" class="bear" type="bear"/>\r\n  <object id="3" type="finish"/>\r\n'
            ' </objectgroup>\r\n</map>')
    m = tmp_path / "m.tmx"
    m.write_bytes(text.encode())
    assert legacy_type.main(["--check", str(m)]) == 1 and m.read_bytes() == text.encode()
    assert legacy_type.main([str(m)]) == 0
    once = m.read_bytes()
    assert once == text.replace('class="start" x', 'class="start" type="start" x').encode()
    assert legacy_type.main([str(m)]) == 0 and legacy_type.main(["--check", str(m)]) == 0 and m.read_bytes() == once
    m.write_bytes(once.replace(b'type="bear"', b'type="wolf"'))
    assert legacy_type.main([str(m)]) == 1
    assert "object 2: class 'bear', type 'wolf' disagree" in capsys.readouterr().err
