"""The Tiled extension levels/extensions/balto.js: *Check map* (and a check on save) runs
`balto check --json` and lists each problem in Tiled's Issues view; activating one selects the
object or the cell it names, or makes the layer it names current; in Tiled 1.8 a map whose
objects keep their class only in `class` gets a warning whose click copies it into `type`.
Run under node with stand-ins for Tiled's API (the logic, against the real `balto check
--json`), and in the real Tiled (1.8.2 in CI, headless): the project opened from a session, the
extension loaded from the project's extensions folder, its registered action and Tiled's own
Save (the assetSaved hook) triggered. Under CI a missing Tiled or node fails."""
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
    assert bear["text"].startswith("[layer 'objects'] object 70 'den' (bera): unknown class 'bera'")
    assert bear["text"].count("70") == 1, "the issue names the object once"
    assert bear["selected"] == [70] and bear["layer"] == "objects" and bear["centred"] == [[40, 40]]
    assert cells["text"].startswith("layer 'ground' has 1 cell (first at column 0, row 0) whose tile no tileset")
    assert "repaint it or" in cells["text"] and "[" not in cells["text"]
    assert cells["layer"] == "ground" and cells["selected"] == []
    assert cells["area"] == {"x": 0, "y": 0, "width": 1, "height": 1} and cells["centred"] == [[8, 8]]
    assert "above_team" in word["text"] and word["selected"] == [] and word["area"] is None
    assert word["layer"] == "overflow patches", "a layer's problem makes that layer the current one"
    assert got["on_save"] == 3, "saving the map checks it again"
    assert any("3 problems" in line for line in got["logs"])
    assert got["on_open"] == [], "Tiled 1.9+ keeps the class: no warning"


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"), reason="node is not installed")
@pytest.mark.parametrize("class_attr", ["class", "type"])
def test_in_tiled_18_a_map_whose_objects_have_only_class_gets_a_warning_that_fixes_it(tmp_path, class_attr):
    level = _bad_map(tmp_path, class_attr=class_attr)
    env = {**os.environ, "PATH": f"{_balto_bin(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(["node", str(HARNESS), str(EXTENSION), str(level), json.dumps([BEAR]), "1.8.2"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    if class_attr == "type":  # what Tiled 1.8 itself writes: nothing to lose
        assert got["on_open"] == [] and not any("drops" in i["text"] for i in got["issues"])
        return
    (warning,) = got["on_open"]
    assert warning["kind"] == "warning" and warning["text"].startswith("Tiled 1.8.2 drops an object's class when")
    assert "4 objects of this map (1, 2, 3, 70) have a class but no type" in warning["text"]
    assert got["types"] == [[70, "bera"]], "clicking the warning copies the class into the type"
    assert sum("drops an object's class" in i["text"] for i in got["issues"]) == 1, "Check map warns too"


@pytest.mark.skipif(shutil.which("node") is None and not os.environ.get("CI"), reason="node is not installed")
def test_the_extension_says_what_to_do_without_balto(tmp_path):
    level = _bad_map(tmp_path)
    env = {**os.environ, "PATH": "/nonexistent"}
    out = subprocess.run([shutil.which("node") or "node", str(HARNESS), str(EXTENSION), str(level), "[]"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    (issue,) = json.loads(out.stdout)["issues"]
    assert issue["kind"] == "error" and issue["text"].startswith("balto was not found on PATH")


PROBE = """
// A global extension beside the project's own: when the map opens it runs the project's
// registered action, activates every issue it reported, saves the map (Tiled's Save action:
// the extension's assetSaved hook checks again) and writes what happened to RESULT.
var baltoProbeDone = false;
tiled.activeAssetChanged.connect(function (asset) {
    if (baltoProbeDone || !asset || !asset.isTileMap || typeof baltoReport === "undefined")
        return;
    baltoProbeDone = true;
    var f = new TextFile(RESULT, TextFile.WriteOnly);
    var seen = [];
    ["error", "warn"].forEach(function (k) {  // the issues reach tiled.error/warn as before
        var real = baltoReport[k];
        baltoReport[k] = function (text, cb) {
            seen.push([k === "warn" ? "warning" : "error", text, cb]);
            real(text, cb);
        };
    });
    f.writeLine(JSON.stringify({ version: tiled.version,
                                 actions: tiled.actions.filter(function (a) { return a === "BaltoCheckMap"; }) }));
    tiled.trigger("BaltoCheckMap");
    var fromAction = seen.length;
    var courseLayer = baltoLayerNamed(asset, "objects", "");
    seen.forEach(function (it) {
        asset.selectedObjects = [];
        asset.selectedArea.set(Qt.rect(0, 0, 0, 0));
        asset.currentLayer = courseLayer;
        it[2]();
        var r = asset.selectedArea.boundingRect;
        f.writeLine(JSON.stringify({ kind: it[0], text: it[1],
            selected: asset.selectedObjects.map(function (o) { return o.id; }),
            area: [r.x, r.y, r.width, r.height], layer: asset.currentLayer ? asset.currentLayer.name : null }));
    });
    tiled.trigger("Save");
    f.writeLine(JSON.stringify({ on_save: seen.length - fromAction, modified: asset.modified }));
    f.writeLine("done");
    f.commit();
});
"""


def _tiled_project(tmp_path: Path, level: Path) -> dict:
    """A designer's setup: the project folder (levels/ with the project file, its extensions
    folder and templates; assets/ beside it), Tiled's settings enabling the project's scripts
    and a session that opens the project and the map. Returns the environment."""
    levels = level.parent
    shutil.copy(REPO / "levels" / "balto.tiled-project", levels)
    (levels / "extensions").symlink_to(REPO / "levels" / "extensions")  # the project's own extension
    (levels / "templates").symlink_to(REPO / "levels" / "templates")
    project, session = levels / "balto.tiled-project", levels / "balto.tiled-session"
    session.write_text(json.dumps({"project": str(project), "openFiles": [str(level)], "activeFile": str(level)}))
    home = tmp_path / "home"
    conf = home / ".config" / "mapeditor.org"
    conf.mkdir(parents=True)
    (conf / "tiled.conf").write_text(f"[Project]\nLastSession={session}\n\n[Scripting]\nEnabledProjects={project}\n")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "QT_QPA_PLATFORM": "offscreen",
            "XDG_RUNTIME_DIR": str(runtime), "PATH": f"{_balto_bin(tmp_path)}{os.pathsep}{os.environ['PATH']}"}


def _tiled_or_fail() -> str:
    path = shutil.which("tiled")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("tiled is not installed; CI must load the extension in Tiled (apt-get install tiled)")
        pytest.skip("Tiled is not installed")
    return path


def test_tiled_loads_the_projects_extension_lists_the_problems_and_selects_them(tmp_path):
    """The real Tiled, headless (Qt's offscreen platform), opening the project as a designer
    does: the extension loads from the project's extensions folder, its registered action
    checks the map with the real Process, each issue's callback selects in Tiled's own map,
    and saving the map runs the check again."""
    tiled = _tiled_or_fail()
    levels = tmp_path / "levels"
    levels.mkdir()
    (tmp_path / "assets").symlink_to(REPO / "assets")
    level = _bad_map(levels, class_attr="type")  # Tiled 1.8 reads the class from `type`
    text = level.read_text(encoding="utf-8").replace("</objectgroup>", _WOLF + "</objectgroup>", 1)
    level.write_text(text, encoding="utf-8")
    env = _tiled_project(tmp_path, level)
    result = tmp_path / "result.txt"
    probe = tmp_path / "home" / ".config" / "tiled" / "extensions" / "probe.js"
    probe.parent.mkdir(parents=True)
    probe.write_text(f"var RESULT = {json.dumps(str(result))};\n" + PROBE)
    proc = subprocess.Popen([tiled, "--new-instance"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (result.is_file() and "done" in result.read_text()):
            time.sleep(0.5)
    finally:
        proc.kill()
        proc.wait()
    lines = result.read_text().splitlines() if result.is_file() else []
    assert lines and lines[-1] == "done", "Tiled did not load the project's extension and open the map"
    head, *issues, saved = [json.loads(line) for line in lines[:-1]]
    assert head["actions"] == ["BaltoCheckMap"], "the project's extension registered its action"
    by_text = {i["text"]: i for i in issues}
    (bear,) = [i for t, i in by_text.items() if "unknown class 'bera'" in t]
    assert bear["kind"] == "error" and bear["text"].count("object 70") == 1
    assert bear["text"].startswith("[layer 'objects'] object 70 'den' (bera): unknown class")
    assert bear["selected"] == [70] and bear["layer"] == "objects"
    (cells,) = [i for t, i in by_text.items() if "whose tile no tileset holds" in t]
    assert cells["text"].startswith("[layer 'ground']") or "layer 'ground' has 1 cell " in cells["text"]
    assert cells["area"] == [0, 0, 1, 1] and cells["layer"] == "ground" and cells["selected"] == []
    (word,) = [i for t, i in by_text.items() if "above_team" in t]
    assert word["kind"] == "warning" and word["layer"] == "overflow patches" and word["area"] == [0, 0, 0, 0]
    old = head["version"].startswith("1.8")
    if old:  # the wolf has a class but no type: Tiled 1.8 would drop it; the warning's click keeps it
        (drop,) = [i for t, i in by_text.items() if "drops an object's class" in t]
        assert drop["kind"] == "warning" and "(71) has a class but no type" in drop["text"]
    assert saved["on_save"] >= 3, "saving the map checks it again"
    saved_text = level.read_text(encoding="utf-8")
    if old:  # Tiled 1.8 saved it (no class attributes left), and the wolf kept its class as type
        assert 'class="' not in saved_text and re.search(r'<object id="71"[^>]*type="wolf"', saved_text)


_WOLF = '<object id="71" name="ghost" class="wolf" x="72" y="40"><point/></object>\n'
