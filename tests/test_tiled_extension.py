"""The Tiled extension levels/extensions/balto.js: *Check map* (and a check on save) runs
`balto check --json` and lists each problem in Tiled's Issues view; activating one selects the
object or the cell it names. Run under node with stand-ins for Tiled's API (the logic, against
the real `balto check --json`), and loaded by the real Tiled (1.8.2 here) headless when it is
installed."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mapmaker import make_map, obj

REPO = Path(__file__).resolve().parent.parent
EXTENSION = REPO / "levels" / "extensions" / "balto.js"
HARNESS = REPO / "tests" / "js" / "extension_harness.js"
TSX = REPO / "assets" / "tiles" / "terrain.tsx"
PIC = """
TTTTTTTTTTTT
T..........T
TS===K====FT
T..........T
TTTTTTTTTTTT
"""
BEAR = {"id": 70, "name": "den", "x": 40, "y": 40}


def _balto_bin(tmp_path: Path) -> Path:
    """A folder holding a `balto` that runs this checkout."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    balto = bindir / "balto"
    balto.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m game "$@"\n')
    balto.chmod(balto.stat().st_mode | stat.S_IXUSR)
    return bindir


def _bad_map(folder: Path, class_attr: str = "class") -> Path:
    """A map with an object of an unknown class (id 70) and a painted cell no tileset holds
    (column 0, row 0 of layer 'ground'), and a layer drawn over the team by a hidden word."""
    tileset = f'<tileset firstgid="1" source="{os.path.relpath(TSX, folder)}"/>'
    text = make_map(PIC, class_attr=class_attr, tileset=tileset,
                    objects=obj(70, "bera", 40, 40, name="den", class_attr=class_attr))
    ground = re.search(r' <layer id="1" name="ground".*?</layer>\n', text, re.S)
    assert ground
    bad_cell = ground.group(0).replace('<data encoding="csv">\n17,', '<data encoding="csv">\n999,')
    overflow = ground.group(0).replace('id="1" name="ground"', 'id="9" name="overflow patches"')
    text = text.replace(ground.group(0), bad_cell + overflow)
    path = folder / "bad leg.tmx"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"), reason="node is not installed")
def test_the_extension_lists_each_problem_and_selects_what_it_names(tmp_path):
    level = _bad_map(tmp_path)
    env = {**os.environ, "PATH": f"{_balto_bin(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(["node", str(HARNESS), str(EXTENSION), str(level), json.dumps([BEAR])],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["action"] == {"text": "Check map (Balto)", "shortcut": "Ctrl+Shift+K"} and got["menu"] == "Map"
    issues = got["issues"]
    assert [i["kind"] for i in issues] == ["error", "error", "warning"], issues
    bear, cells, word = issues
    assert "unknown class 'bera'" in bear["text"] and "object 70 'den'" in bear["text"]
    assert bear["selected"] == [70] and bear["layer"] == "objects" and bear["centred"] == [[40, 40]]
    assert "whose tile no tileset holds" in cells["text"] and "repaint them" in cells["text"]
    assert cells["layer"] == "ground" and cells["selected"] == []
    assert cells["area"] == {"x": 0, "y": 0, "width": 1, "height": 1} and cells["centred"] == [[8, 8]]
    assert "above_team" in word["text"] and word["selected"] == [] and word["area"] is None
    assert got["on_save"] == 3, "saving the map checks it again"
    assert any("3 problems" in line for line in got["logs"])


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"), reason="node is not installed")
def test_the_extension_says_what_to_do_without_balto(tmp_path):
    level = _bad_map(tmp_path)
    env = {**os.environ, "PATH": "/nonexistent"}
    out = subprocess.run([shutil.which("node") or "node", str(HARNESS), str(EXTENSION), str(level), "[]"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (issue,) = json.loads(out.stdout)["issues"]
    assert issue["kind"] == "error" and issue["text"].startswith("balto was not found on PATH")


SELFTEST = """
tiled.activeAssetChanged.connect(function (asset) {
    if (!asset || !asset.isTileMap) return;
    var f = new TextFile(RESULT, TextFile.WriteOnly);
    var cbs = [];
    var report = {
        error: function (t, cb) { f.writeLine("error " + t); cbs.push(cb); tiled.error(t, cb); },
        warn: function (t, cb) { f.writeLine("warning " + t); cbs.push(cb); tiled.warn(t, cb); },
        log: function (t) { f.writeLine("log " + t); }
    };
    baltoCheck(asset, report, function () { return new Process(); },
               function () { return tiled.mapEditor.currentMapView; });
    cbs[0]();
    f.writeLine("selected " + asset.selectedObjects.map(function (o) { return o.id; }).join(","));
    f.writeLine("done");
    f.commit();
});
"""


@pytest.mark.skipif(shutil.which("tiled") is None and not os.environ.get("CI"), reason="Tiled is not installed")
def test_tiled_itself_loads_the_extension_and_lists_the_problems(tmp_path):
    """The real Tiled, headless (Qt's offscreen platform): the extension loads from Tiled's
    extensions folder, checks the opened map with the real Process, and the first issue's
    callback selects the object in Tiled's own map."""
    home = tmp_path / "home"
    ext = home / ".config" / "tiled" / "extensions" / "balto"
    ext.mkdir(parents=True)
    shutil.copy(EXTENSION, ext / "balto.js")
    result = tmp_path / "result.txt"
    (ext / "zz_selftest.js").write_text(f"var RESULT = {json.dumps(str(result))};\n" + SELFTEST)
    level = _bad_map(tmp_path, class_attr="type")  # Tiled 1.8 reads the class from `type`
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "QT_QPA_PLATFORM": "offscreen",
           "XDG_RUNTIME_DIR": str(tmp_path), "PATH": f"{_balto_bin(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(["tiled", "--new-instance", str(level)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (result.is_file() and "done" in result.read_text()):
            time.sleep(0.5)
    finally:
        proc.kill()
        proc.wait()
    lines = result.read_text().splitlines() if result.is_file() else []
    assert lines and lines[-1] == "done", "Tiled did not run the extension"
    assert any(line.startswith("error [object 70 'den'") and "unknown class 'bera'" in line for line in lines), lines
    assert any(line.startswith("warning ") and "above_team" in line for line in lines)
    assert "selected 70" in lines
