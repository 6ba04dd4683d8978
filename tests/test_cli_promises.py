"""The command line's promise: a wrong argument or a bad file gives one line on stderr and
exit 2, never a traceback, a hang or a run of work that was bound to fail."""
import os
import subprocess
import sys
import time
from pathlib import Path

from mapmaker import make_map, obj

from game.cli import main

REPO = Path(__file__).resolve().parent.parent
TINY = """
TTTTTTTTTTTTTTTTTTTT
T..................T
T.S=============FF.T
T..................T
TTTTTTTTTTTTTTTTTTTT
"""


def _one_line(err: str) -> str:
    lines = [x for x in err.strip().splitlines() if x]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_negative_seed_is_a_usage_error(capsys):
    for argv in (["simulate", "1", "--seed", "-1"], ["play", "1", "--seed", "-1"],
                 ["simulate", "1", "--seed", str(2**64)]):
        assert main(argv) == 2, argv
        assert "--seed" in _one_line(capsys.readouterr().err)


def test_play_of_a_missing_level_says_so_before_any_window(capsys):
    assert main(["play", "nope.tmx"]) == 2
    assert "nope.tmx" in _one_line(capsys.readouterr().err)


def test_a_closed_pipe_ends_quietly(tmp_path):
    level = tmp_path / "leg.tmx"
    level.write_text(make_map(TINY))
    code = (f"import subprocess, sys; p = subprocess.Popen([sys.executable, {str(REPO / 'main.py')!r}, "
            f"'simulate', {str(level)!r}, '--json'], stdout=subprocess.PIPE, stderr=subprocess.PIPE); "
            "p.stdout.close(); err = p.stderr.read(); p.wait(); sys.stderr.write(err.decode())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr


def test_no_display_is_one_line_not_a_window_nobody_sees(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    env["BALTO_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, str(REPO / "main.py")], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "no display" in out.stderr and "Traceback" not in out.stderr


def test_sweep_refuses_a_csv_it_cannot_write_before_running(tmp_path, capsys):
    level = tmp_path / "leg.tmx"
    level.write_text(make_map(TINY))
    t0 = time.perf_counter()
    code = main(["sweep", str(level), "--seeds", "1-100000", "--workers", "1", "--quiet",
                 "--csv", str(tmp_path / "no" / "such" / "x.csv")])
    assert code == 2 and time.perf_counter() - t0 < 5
    assert "x.csv" in _one_line(capsys.readouterr().err)


def test_sweep_csv_dash_is_stdout_with_every_cause(tmp_path, capsys, monkeypatch):
    from game.sim.causes import CAUSES

    level = tmp_path / "leg.tmx"
    level.write_text(make_map(TINY))
    monkeypatch.chdir(tmp_path)
    assert main(["sweep", str(level), "--seeds", "1-2", "--workers", "1", "--quiet", "--csv", "-"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert not (tmp_path / "-").exists()
    assert len(rows) == 3 and rows[0].split(",")[-len(CAUSES):] == [f"loss_{c}" for c in CAUSES]


def test_check_all_counts_each_leg_once(capsys):
    assert main(["check", "--all", str(REPO / "levels" / "01_nenana_tolovana.tmx"), "1"]) == 0
    assert "checked 8 levels" in capsys.readouterr().err


def test_check_never_prints_terminal_control_or_bidi_characters(tmp_path, capsys):
    from test_check import _rel_tileset

    name = "den\u202egnp.exe\u2066"  # right-to-left override, left-to-right isolate
    bad = tmp_path / "bad.tmx"
    bad.write_text(make_map(TINY, tileset=_rel_tileset(tmp_path),
                            objects=obj(70, "bear", 40, 40, name=name, props={"aggro_radius": "far"})))
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\u2066" not in out
    assert "\\u202e" in out and "\\u2066" in out
    broken = tmp_path / "x\x1b[2J.tmx"  # a file name with a terminal escape in it
    broken.write_text("<map")
    assert main(["check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\u001b" in err


def test_heatmap_names_a_missing_folder_before_running_any_seed(tmp_path, capsys, monkeypatch):
    import game.tiled.level

    def never(*args, **kwargs):
        raise AssertionError("the level was loaded before the output folder was checked")

    monkeypatch.setattr(game.tiled.level, "load_level", never)
    assert main(["heatmap", "1", str(tmp_path / "nowhere" / "h.png"), "--runs", "2"]) == 2
    err = capsys.readouterr().err
    assert "balto heatmap:" in err and "no such folder" in err
