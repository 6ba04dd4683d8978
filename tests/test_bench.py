"""`balto bench` works and reports every figure; it is never a timed test (no speed asserts)."""
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from mapmaker import write_map

import game.sim.nav_build as nav_build
from game.cli import main
from game.devtools import bench, bench_sim

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T................................................T
T.S======T=================================F.....T
T................................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


@pytest.fixture
def level(tmp_path):
    return write_map(tmp_path / "bench.tmx", PIC)


def _env():
    return dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")


def test_bench_quick_json_reports_every_figure(level):
    p = subprocess.run([sys.executable, "main.py", "bench", str(level), "--quick", "--json"], cwd=REPO,
                       env=_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert rep["quick"] is True and rep["machine"]["cores"] >= 1
    (sim,) = rep["simulation"]
    assert sim["ticks_per_second"] > 0
    r = rep["render"]
    for key in ("p50_640_ms", "p99_640_ms", "p50_1280_ms", "p99_1280_ms", "ours_tiles_p50_ms", "copy_1280_p50_ms"):
        assert r[key] > 0, key
    assert r["p50_640_ms"] <= r["p99_640_ms"] and "blizzard" in r["weather"]
    # The dummy driver has no accelerated renderer: the game, and so the bench, upscales itself.
    assert r["window"].startswith("1280x720, no fast renderer") and 0 < r["present_1280_p50_ms"] < r["p50_1280_ms"]
    assert "pyscroll_p50_ms" in r or "not installed" in r["pyscroll"]
    assert len(r["frame_vs_copy_blocks"]) == len(r["tiles_vs_pyscroll_blocks"]) == 1  # --quick: one block
    installed = bench.package_version("pyscroll")
    assert rep["machine"]["pyscroll"] == installed
    if "pyscroll_p50_ms" in r:
        assert r["pyscroll"] == installed  # the installed version, not "installed"
    (load,) = rep["load"]
    assert load["load_ms"] > 0 and load["bare_parse_ms"] > 0 and load["ratio"] > 0
    assert rep["startup"].get("first_title_frame_s", 0) > 0, rep["startup"]
    assert rep["memory"].get("peak_rss_mb", 0) > 0, rep["memory"]
    assert [t["name"] for t in rep["targets"]] == list(bench.TARGETS)


def test_pyscroll_missing_is_reported_not_fatal(level):
    code = ("import sys; sys.modules['pyscroll'] = None\n"
            "from pathlib import Path\n"
            "from game.devtools import bench\n"
            "from game.tiled.level import load_level\n"
            "from game.render.tiles import TileRenderer\n"
            "bench.init_display()\n"
            f"p = Path({str(level)!r})\n"
            "out = bench.bench_tiles_vs_pyscroll(p, [(0, 0), (3, 1)] * 5, TileRenderer(load_level(p)))\n"
            "print(out['pyscroll'])\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=_env(), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "not installed" in p.stdout


def _report(**over):
    rep = {
        "quick": False,
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gib": 4.0, "os": "x", "python": "3.11",
                    "numpy": "2", "pygame_ce": "2.5.8", "load_average": [3.0, 1.0, 1.0]},
        "simulation": [{"level": "a.tmx", "ticks": 10, "seconds": 1, "ticks_per_second": 30000},
                       {"level": "b.tmx", "ticks": 10, "seconds": 1, "ticks_per_second": 19000}],
        "render": {"level": "b.tmx", "weather": "blizzard, intensity 1.0", "frames": 10,
                   "p50_640_ms": 1.0, "p99_640_ms": 2.0, "p50_1280_ms": 2.0, "p99_1280_ms": 3.0,
                   "ours_tiles_p50_ms": 0.2, "ours_tiles_p99_ms": 0.4, "pyscroll": "not installed"},
        "load": [{"level": "a.tmx", "load_ms": 2.1, "bare_parse_ms": 2.0, "ratio": 1.05, "world_ms": 10}],
        "startup": {"first_title_frame_s": 0.5, "first_title_frame_min_s": 0.5, "process_exit_s": 0.6,
                    "starts": 1},
        "memory": {"error": "not measured on this OS (no resource module)"},
        "seconds": 1.0,
    }
    rep.update(over)
    rep["targets"] = bench.check_targets(rep)
    return rep


def test_targets_are_judged_but_never_fail_the_command():
    t = {x["name"]: x for x in _report()["targets"]}
    assert t["sim_ticks_per_second_hardest"]["measured"] == 19000 and t["sim_ticks_per_second_hardest"]["ok"] is False
    assert t["render_640_p50_ms"]["ok"] is True and t["load_vs_bare_parse"]["ok"] is True
    assert t["tiles_vs_pyscroll_p50"]["ok"] is None and t["peak_rss_mb"]["ok"] is None
    assert t["frame_1280_vs_copy_p50"]["ok"] is None  # no copy measured in this report


def test_the_text_report_names_the_machine_and_warns_when_busy():
    text = bench.format_report(_report())
    assert "Test CPU" in text and "busy" in text and "pyscroll: not installed" in text
    assert "MISS sim_ticks_per_second_hardest" in text and "n/a  peak_rss_mb" in text
    assert "\ntargets:\n" in text
    assert "targets (--quick: samples too short to judge by" in bench.format_report(_report(quick=True))


def test_plans():
    assert bench.Plan.make(True).render_frames < bench.Plan.make(False).render_frames
    assert bench.Plan.make(True).render_blocks == 1 and bench.Plan.make(False).render_blocks == 5


def test_the_flow_field_is_timed_in_rounds_over_every_leg(level, tmp_path, monkeypatch):
    """Every leg's samples come from each pass over the legs, in the legs' order."""
    other = write_map(tmp_path / "other.tmx", PIC.replace("\nT", "\nTT"))  # one cell wider
    built: list[int] = []
    real = nav_build.build_nav
    monkeypatch.setattr(nav_build, "build_nav", lambda lv, *a: built.append(lv.width) or real(lv, *a))
    out = bench_sim.nav_build_ms([level, other], repeats=5, rounds=2)
    assert [x["level"] for x in out] == ["bench.tmx", "other.tmx"]
    assert all(0 < x["best_ms"] <= x["p50_ms"] for x in out)
    # per pass and leg: a warm-up, then each sample builds twice (with the start's length, with
    # the whole table); the first pass takes 3 of the 5 samples, the second 2
    assert built == [50] * 7 + [51] * 7 + [50] * 5 + [51] * 5


def test_the_render_is_judged_by_its_median_block_and_every_block_is_reported():
    def block(frame, copy, tag):
        return {"p50_1280_ms": frame, "copy_1280_p50_ms": copy, "tag": tag}

    blocks = [block(3.2, 1.0, "a"), block(2.8, 1.0, "b"), block(5.8, 2.0, "c")]
    chosen = bench.median_block(blocks, "p50_1280_ms", "copy_1280_p50_ms", "frame_vs_copy_blocks")
    assert chosen["tag"] == "c" and chosen["frame_vs_copy_blocks"] == [3.2, 2.8, 2.9]
    assert chosen["frame_vs_copy_blocks_judged"] == 2
    assert "frame_vs_copy_blocks" not in blocks[2]  # the measured blocks are left as they were
    two = bench.median_block(blocks[:2], "p50_1280_ms", "copy_1280_p50_ms", "r")
    assert two["tag"] == "b"  # an even count: the lower of the middle two
    # a block without the yardstick is reported as n/a and never judged while another has one
    tiles = [{"ours_tiles_p50_ms": 0.05}, {"ours_tiles_p50_ms": 0.04, "pyscroll_p50_ms": 0.05},
             {"ours_tiles_p50_ms": 0.03, "pyscroll_p50_ms": 0.0}, {"ours_tiles_p50_ms": 0.06}]
    got = bench.median_block(tiles, "ours_tiles_p50_ms", "pyscroll_p50_ms", "t")
    assert got["t"] == [None, 0.8, None, None] and got["t_judged"] == 1 and got["ours_tiles_p50_ms"] == 0.04
    none = bench.median_block(tiles[:1], "ours_tiles_p50_ms", "pyscroll_p50_ms", "t")
    assert none["t"] == [None] and none["t_judged"] == 0
    with pytest.raises(ValueError):
        bench.median_block([], "a", "b", "c")
    render = {**_report()["render"], "copy_1280_p50_ms": 1.0, "copy_1280_p99_ms": 1.0,
              "frame_vs_copy_blocks": [3.2, 2.8, 2.9], "pyscroll": "2.31", "pyscroll_p50_ms": 0.25,
              "pyscroll_p99_ms": 0.5, "tiles_vs_pyscroll_blocks": [0.8, None, 0.9]}
    text = bench.format_report(_report(render=render))
    assert "measured in 3 blocks of 10 frames: 3.2x, 2.8x, 2.9x (p50)" in text
    assert "measured in 3 blocks of 10 frames: 0.8x, n/a, 0.9x (p50)" in text


def test_the_tiles_are_compared_in_blocks_only_when_there_is_a_pyscroll_to_compare_with(monkeypatch):
    calls = []

    def fake(path, cams, tiles, times, result):
        calls.append(path)
        return dict(result)

    with_pyscroll = {"ours_tiles_p50_ms": 0.04, "pyscroll_p50_ms": 0.05}
    monkeypatch.setattr(bench, "bench_tiles_vs_pyscroll", lambda *a: fake(*a, with_pyscroll))
    got = bench.tile_blocks(Path("leg.tmx"), [], None, [], 5)
    assert len(calls) == 5 and got["tiles_vs_pyscroll_blocks"] == [0.8] * 5
    calls.clear()
    missing = {"ours_tiles_p50_ms": 0.04, "pyscroll": "not installed"}
    monkeypatch.setattr(bench, "bench_tiles_vs_pyscroll", lambda *a: fake(*a, missing))
    got = bench.tile_blocks(Path("leg.tmx"), [], None, [], 5)
    assert len(calls) == 1 and got["tiles_vs_pyscroll_blocks"] == [None]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="VmHWM is read from /proc (Linux)")
def test_the_memory_probe_reports_its_own_peak_not_the_benchs(level):
    """The probe runs in a child process; a bench process far larger than any leg needs
    (here 400 MB, touched) must not show through in the child's figure."""
    big = np.ones(400 * 2**20 // 8)
    try:
        out = bench.bench_rss(level, 30)
    finally:
        del big
    assert 0 < out["peak_rss_mb"] < 300, out


def test_a_bad_level_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["bench", str(tmp_path / "nope.tmx"), "--quick"]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err


def test_the_installed_pyscroll_version_is_reported():
    """The machine section names pyscroll's installed version (from the package metadata), or None."""
    m = bench.machine()
    assert m["pyscroll"] == bench.package_version("pyscroll")
    assert bench.package_version("no-such-distribution-balto") is None
    if m["pyscroll"] is not None:
        assert m["pyscroll"][0].isdigit()
    text = bench.format_report({**_report(), "machine": {**_report()["machine"], "pyscroll": "2.31"}})
    assert "pyscroll 2.31" in text.splitlines()[0]


def test_like_is_compared_with_like():
    """Our tiles against pyscroll's tiles, the whole window frame against a window-sized copy."""
    rep = _report(render={**_report()["render"], "pyscroll": "2.31", "pyscroll_p50_ms": 0.1,
                          "pyscroll_p99_ms": 0.2, "copy_1280_p50_ms": 0.5, "copy_1280_p99_ms": 0.5})
    t = {x["name"]: x for x in rep["targets"]}
    assert t["tiles_vs_pyscroll_p50"]["measured"] == 2.0 and t["tiles_vs_pyscroll_p50"]["ok"] is False
    assert t["tiles_vs_pyscroll_p99"]["measured"] == 2.0
    assert t["frame_1280_vs_copy_p50"]["measured"] == 4.0 and t["frame_1280_vs_copy_p50"]["ok"] is False
    assert t["frame_1280_vs_copy_p99"]["measured"] == 6.0 and t["frame_1280_vs_copy_p99"]["ok"] is True
    text = bench.format_report(rep)
    assert "our tiles / pyscroll = 2.0x (p50)" in text and "the frame is 4.0x (p50)" in text


def test_against_head_shows_both_revisions_and_the_ratio():
    p = subprocess.run([sys.executable, "main.py", "bench", "1", "--quick", "--against", "HEAD",
                        "--rounds", "1", "--json"], cwd=REPO, env=_env(), capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert rep["rounds"] == 1 and len(rep["base"]) == len(rep["this"]) == 1
    f = rep["figures"]["render.p50_640_ms"]
    assert f["base"] > 0 and f["this"] > 0 and f["ratio"] == pytest.approx(f["this"] / f["base"], rel=0.01)
    assert "target.load_vs_bare_parse" in rep["figures"]
    # the tick targets are judged as ratios of the two revisions, measured by one probe
    nob = rep["figures"]["tick_probe.ticks_per_second_no_bot"]
    assert nob["base"] > 0 and nob["this"] > 0
    t = {x["name"]: x for x in rep["targets"]}
    assert t["ticks_no_bot_vs_baseline"]["measured"] == pytest.approx(nob["this"] / nob["base"], rel=0.01)
    assert t["autopilot_us_vs_baseline"]["target"] == 0.5
    listed = subprocess.run(["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True).stdout
    assert "balto-against-" not in listed  # the temporary worktree is gone


def test_against_a_bad_revision_is_one_line_and_exit_2(capsys):
    assert main(["bench", "--quick", "--against", "no-such-rev-balto"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no such revision" in err and "\n" not in err


def test_against_outside_a_git_checkout_is_one_line_and_exit_2(tmp_path, monkeypatch):
    from game.devtools.bench import against

    with pytest.raises(against.AgainstError, match="git checkout"):
        against.checkout_root(tmp_path)


def test_the_simulation_figures_and_their_targets():
    from game import resources
    from game.devtools.bench_sim import check_sim_targets, run_sim_bench

    leg = resources.LEVELS / "07_topkok.tmx"
    rep = run_sim_bench([leg], quick=True)
    assert rep["nav"][0]["p50_ms"] > 0 and rep["reset"]["p50_ms"] > 0
    t = rep["ticks"]
    assert t["ticks"] >= 2000 and t["ticks_per_second_no_bot"] > 0 and t["ticks_per_second_autopilot"] > 0
    assert t["autopilot_us_per_tick"] >= 0  # never a timed test: the figures exist, no speeds asserted
    alone = {c["name"]: c for c in check_sim_targets(rep)}
    assert alone["ticks_no_bot_vs_baseline"]["ok"] is None  # a ratio needs a baseline
    assert alone["nav_build_ms_worst"]["measured"] == rep["nav"][0]["p50_ms"]
    slower = {"ticks": {**t, "ticks_per_second_no_bot": t["ticks_per_second_no_bot"] // 2,
                        "autopilot_us_per_tick": t["autopilot_us_per_tick"] * 4 + 1}}
    vs = {c["name"]: c for c in check_sim_targets(rep, slower)}
    assert vs["ticks_no_bot_vs_baseline"]["ok"] is True and vs["autopilot_us_vs_baseline"]["ok"] is True


def test_the_flow_field_lines_give_each_leg_with_and_without_the_whole_table():
    nav = [{"level": "levels/01_a.tmx", "p50_ms": 7.25, "best_ms": 7.0, "table_ms": 9.75},
           {"level": "levels/05_b.tmx", "p50_ms": 10.5, "best_ms": 9.5, "table_ms": 13.25}]
    rep = _report(sim_extra={"sim": {"nav": nav, "reset": {}, "ticks": {}}})
    lines = bench.format_report(rep).splitlines()
    build = next(x for x in lines if x.startswith("flow field build"))
    table = next(x for x in lines if "whole length table" in x)
    assert "01 7.2" in build and "05 10.5" in build and "13.2" not in build
    assert "01 9.8" in table and "05 13.2" in table
    assert {x["name"]: x for x in rep["targets"]}["nav_build_ms_worst"]["ok"] is False


def test_the_tick_probe_imports_only_what_every_revision_has():
    """`bench --against REV` runs this tree's game/devtools/bench_sim.py with REV's `game`
    package: a module-level import of something REV lacks (`game.sim.nav_build`, newer than
    the flow field's build itself) makes every --against an older revision fail."""
    tree = ast.parse((REPO / "game" / "devtools" / "bench_sim.py").read_text(encoding="utf-8"))
    top: set[str] = set()
    todo = list(tree.body)
    while todo:  # what runs on import: module level, into if / try / with, not into defs
        node = todo.pop()
        if isinstance(node, ast.ImportFrom) and node.module:
            top.add(node.module)
        elif isinstance(node, ast.Import):
            top |= {alias.name for alias in node.names}
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            todo += [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.stmt)]
    # each of these has existed, with the names the probe takes from it, since the bench began
    stable = {"__future__", "collections.abc", "pathlib", "typing", "gc", "json", "statistics", "sys",
              "time", "game", "game.headless.simulation",
              "game.sim", "game.sim.bots", "game.sim.leveldata", "game.tiled.level"}
    assert top <= stable, f"the probe imports {sorted(top - stable)} at module level"
