"""tools/autotile.py: puts terrain transition tiles on the ground layer without changing
gameplay (every cell keeps its terrain), touches nothing but that layer's CSV, and is
idempotent and deterministic."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import autotile  # noqa: E402
from mapmaker import make_map  # noqa: E402

from game.tiled.level import load_level  # noqa: E402

TSX = REPO / "assets" / "tiles" / "terrain.tsx"
LEVELS = sorted((REPO / "levels").glob("*.tmx"))
CSV = re.compile(r'(<layer\b[^>]*name="ground"[^>]*>\s*<data encoding="csv">)(.*?)(</data>)', re.S)

PICTURE = """
    ...........TT.....
    ..=========.......
    ..=.~~~~..=...iiii
    ..=.~~~~..=..iiWWi
    ..=.......=..iWWWi
    ..====S====..iiWii
    ..........=..iii..
    .~~~......=iiiiit.
    .~.~..WW..=iittoi.
    .~~~..WW..=iiiiii.
    ......=.=.=.......
    ......===F=.......
"""


def _ground(text: str) -> str:
    m = CSV.search(text)
    assert m, "no CSV ground layer"
    return m.group(2)


def _outside(text: str) -> tuple[str, str]:
    m = CSV.search(text)
    return text[:m.start(2)], text[m.end(2):]


def _gids(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"\d+", _ground(text))]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's assets next to a levels/ folder, as in the repository."""
    root = tmp_path_factory.mktemp("proj")
    (root / "pyproject.toml").write_text("")
    shutil.copytree(REPO / "assets", root / "assets")
    shutil.copytree(REPO / "levels", root / "levels")  # with templates and the Tiled project
    return root


def _check_autotile(path: Path) -> int:
    """Autotile `path` in place and assert every promise; returns cells changed."""
    before_text = path.read_text(encoding="utf-8")
    before = load_level(path).terrain.copy()
    assert autotile.main([str(path), "--check"]) in (0, 1)
    assert path.read_text(encoding="utf-8") == before_text, "--check must not write"
    assert autotile.main([str(path)]) == 0
    after_text = path.read_text(encoding="utf-8")
    after = load_level(path).terrain
    assert np.array_equal(before, after), f"terrain changed at {np.argwhere(before != after)[:5].tolist()}"
    assert _outside(before_text) == _outside(after_text), "only the ground layer's CSV may change"
    # same layout of the CSV (line breaks and commas), only numbers differ
    assert re.sub(r"\d+", "0", _ground(before_text)) == re.sub(r"\d+", "0", _ground(after_text))
    # idempotent
    assert autotile.main([str(path), "--check"]) == 0
    assert autotile.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == after_text
    return sum(a != b for a, b in zip(_gids(before_text), _gids(after_text)))


@pytest.mark.parametrize("level", [
    pytest.param(p, id=p.name, marks=() if i == 0 else pytest.mark.slow) for i, p in enumerate(LEVELS)])
def test_shipped_levels_keep_their_terrain(project: Path, level: Path) -> None:
    _check_autotile(project / "levels" / level.name)


def _mapmaker(tmp_path: Path, picture: str = PICTURE) -> Path:
    ts = f'<tileset firstgid="1" source="{TSX.as_posix()}"/>'
    path = tmp_path / "small.tmx"
    path.write_text(make_map(picture, tileset=ts), encoding="utf-8")
    return path


def test_small_map_gets_transitions_and_keeps_terrain(tmp_path: Path) -> None:
    path = _mapmaker(tmp_path)
    assert autotile.main([str(path), "--check"]) == 1
    changed = _check_autotile(path)
    assert changed > 40
    text = path.read_text(encoding="utf-8")
    terrain, wang = autotile.read_tilesets(autotile.ET.fromstring(text), path.parent)
    rows = [r.strip() for r in PICTURE.strip("\n").splitlines()]
    w = len(rows[0])
    gids = _gids(text)

    def at(x: int, y: int) -> int:
        return gids[y * w + x]

    # a snow cell beside the trail is a snow/trail transition tile, still snow
    g = at(3, 2)
    assert terrain[g] == "snow" and g in wang.sets[("snow", "trail")].values()
    # the trail itself stays plain trail; water stays plain water
    assert at(6, 1) in wang.plain["trail"] and at(15, 4) in wang.plain["water"]
    # an ice cell beside open water shows the water's edge but stays ice
    assert terrain[at(13, 4)] == "ice" and at(13, 4) in wang.sets[("ice", "water")].values()
    # trees are not ground terrain the tool knows: left alone
    assert at(11, 0) == make_map_gid("T")


def make_map_gid(ch: str) -> int:
    from mapmaker import TILE_IDS

    return TILE_IDS[ch] + 1


def test_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = _mapmaker(tmp_path / "a"), _mapmaker(tmp_path / "b")
    autotile.main([str(a)])
    autotile.main([str(b)])
    assert a.read_bytes() == b.read_bytes()


def test_lone_cell_between_water_gets_an_island(tmp_path: Path) -> None:
    path = _mapmaker(tmp_path, """
        iiiiiii
        iWWWWWi
        iWWiWWi
        iWWWWWi
        iiiiiiS
        =====F=
    """)
    _check_autotile(path)
    text = path.read_text(encoding="utf-8")
    terrain, wang = autotile.read_tilesets(autotile.ET.fromstring(text), path.parent)
    g = _gids(text)[2 * 7 + 3]
    assert g == wang.islands[("ice", "water")] and terrain[g] == "ice"


def test_refuses_what_it_cannot_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ts = f'<tileset firstgid="1" source="{TSX.as_posix()}"/>'
    path = tmp_path / "b64.tmx"
    path.write_text(make_map(PICTURE, tileset=ts, encoding="base64"), encoding="utf-8")
    before = path.read_bytes()
    assert autotile.main([str(path)]) == 2
    assert "CSV" in capsys.readouterr().err
    assert path.read_bytes() == before
    embedded = tmp_path / "embedded.tmx"  # the mapmaker's embedded tileset has no Wang sets
    embedded.write_text(make_map(PICTURE), encoding="utf-8")
    assert autotile.main([str(embedded)]) == 2
    assert "Wang" in capsys.readouterr().err
