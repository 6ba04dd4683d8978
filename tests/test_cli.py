"""The CLI contract: simulate --json, exit codes, one-line errors, cross-process determinism."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mapmaker import write_map

from game.cli import main

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTTTTTTTTTTTTTT
T..................T
T.S======T=======F.T
T..................T
TTTTTTTTTTTTTTTTTTTT
"""
KEYS = {"level", "title", "seed", "bot", "outcome", "ticks", "tick_hz", "seconds", "vials_start",
        "vials", "losses", "score", "stars", "digest"}


@pytest.fixture
def level(tmp_path):
    return write_map(tmp_path / "tiny.tmx", PIC)


def test_simulate_json_prints_one_object(level, capsys):
    assert main(["simulate", str(level), "--bot", "autopilot", "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == KEYS
    assert out["outcome"] == "finished" and out["seed"] == 3 and out["bot"] == "autopilot"
    assert out["tick_hz"] == 60 and out["seconds"] == pytest.approx(out["ticks"] / 60, abs=1e-4)


def test_the_none_bot_hits_the_tree_and_times_out(level, capsys):
    assert main(["simulate", str(level), "--bot", "none", "--max-seconds", "20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "timeout" and out["losses"].get("impact", 0) >= 1
    assert out["vials"] == out["vials_start"] - sum(out["losses"].values())


def test_human_readable_summary(level, capsys):
    assert main(["simulate", str(level)]) == 0
    assert "finished" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["simulate", "nope.tmx"],
    ["simulate", "{level}", "--bot", "wizard"],
    ["simulate", "{level}", "--max-seconds", "-3"],
    ["simulate", "{level}", "--seed", "x"],
    ["frobnicate"],
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(level, capsys, argv):
    argv = [a.replace("{level}", str(level)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_a_broken_level_names_the_file(tmp_path, capsys):
    bad = tmp_path / "broken.tmx"
    bad.write_text("<map>")
    assert main(["simulate", str(bad)]) == 2
    assert "broken.tmx" in capsys.readouterr().err


def _run(args, hashseed):
    env = dict(os.environ, PYTHONHASHSEED=str(hashseed))
    return subprocess.run([sys.executable, "main.py", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("bot", ["autopilot", "random"])
def test_same_level_seed_and_bot_give_identical_json_across_processes(level, bot):
    args = ["simulate", str(level), "--bot", bot, "--seed", "7", "--max-seconds", "30", "--json"]
    a, b = _run(args, 1), _run(args, 4242)
    assert a == b
    assert json.loads(a)["digest"]


def test_every_entry_point_is_the_same_cli(level):
    args = ["simulate", str(level), "--json", "--seed", "2"]
    via_main = _run(args, 0)
    via_module = subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO,
                                capture_output=True, text=True, check=True).stdout
    assert via_main == via_module
