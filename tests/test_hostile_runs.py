"""Hostile replays and inputs files: one line naming the file and the fix, exit 2, at once;
never a hang, a traceback or a huge allocation (sizes, counts and depth are checked before
anything is expanded)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mapmaker import write_map

from game.cli import main
from game.headless.simulation import InputsError, parse_inputs
from game.session.replay import ReplayError, parse_replay

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTTTTTT
T.S======F.T
TTTTTTTTTTTT
"""


@pytest.fixture
def replay(tmp_path):
    """A small valid replay file of the tiny map; `replay(**changes)` writes a changed copy."""
    level = write_map(tmp_path / "tiny.tmx", PIC)

    def write(**changes: object) -> Path:
        obj = {"format": "balto-replay", "version": 1, "level": {"path": str(level), "hash": ""},
               "seed": 1, "assist": {"unbreakable_vials": False, "infinite_stamina": False},
               "ticks": 10, "controls": "10*0m", "result": {"digest": "", "vials_start": 20}}
        for key, value in changes.items():
            if key == "vials_start":
                obj["result"][key] = value  # type: ignore[index]
            else:
                obj[key] = value
        p = tmp_path / "run.replay.json"
        p.write_text(json.dumps(obj))
        return p

    return write


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def test_a_good_replay_still_runs(replay, capsys):
    assert main(["simulate", "--replay", str(replay())]) in (0, 1)


@pytest.mark.parametrize("changes, words", [
    ({"ticks": 10**12, "controls": "1000000000000*0b"}, "more than a day"),
    ({"ticks": 5, "controls": "1000000000000*0b"}, "damaged controls"),
    ({"ticks": 10**7, "controls": "10000000*0b"}, "more than a day"),
    ({"ticks": 10**6, "controls": "1000000*0b"}, "--max-seconds 16667"),
    ({"assist": [1, 2]}, "'assist'"),
    ({"vials_start": "abc"}, "'vials_start'"),
    ({"vials_start": 1e308}, "'vials_start'"),
    ({"seed": -1}, "'seed'"),
])
def test_a_damaged_replay_is_one_line_and_exit_2(replay, capsys, changes, words):
    assert main(["simulate", "--replay", str(replay(**changes))]) == 2
    err = _one_line(capsys)
    assert "run.replay.json" in err and words in err


def test_deeply_nested_brackets_are_refused():
    with pytest.raises(ReplayError, match="nested"):
        parse_replay("[" * 200_000 + "]" * 200_000, "deep.replay.json")


def test_max_seconds_lets_a_long_replay_run(replay, capsys):
    long = replay(ticks=40_000, controls="40000*0")
    assert main(["simulate", "--replay", str(long)]) == 2
    assert "--max-seconds 667" in _one_line(capsys)
    assert main(["simulate", "--replay", str(long), "--max-seconds", "667"]) in (0, 1)


@pytest.mark.parametrize("line", ["1-99999999999 brake", "99999999999 mush", "5-36001 mush",
                                  "1-" + "9" * 5000 + " mush"])
def test_inputs_ticks_past_any_run_are_refused_before_a_table_is_built(line):
    with pytest.raises(InputsError, match=r"moves\.txt:2: "):
        parse_inputs(f"1-10 mush\n{line}\n", "moves.txt")


def test_inputs_ticks_follow_max_seconds(tmp_path, capsys):
    level = write_map(tmp_path / "tiny.tmx", PIC)
    moves = tmp_path / "moves.txt"
    moves.write_text("1-40000 brake\n")
    assert main(["simulate", str(level), "--inputs", str(moves)]) == 2
    assert "moves.txt:1: tick 40,000" in _one_line(capsys)
    assert main(["simulate", str(level), "--inputs", str(moves), "--max-seconds", "700"]) == 0


def test_overlapping_inputs_lines_still_let_the_later_win():
    text = "* mush\n1-10 brake\n5-6 left\n3- senses\n8 none\n12-14 right\n"
    bot = parse_inputs(text)
    want = {}  # the rule as written: paint each line in order, the later wins
    for line in text.splitlines():
        ticks, controls = line.split()
        a, dash, b = ticks.partition("-")
        first, last = (1, 14) if ticks == "*" else (int(a), (int(b) if b else 14) if dash else int(a))
        for t in range(first, last + 1):
            want[t] = parse_inputs(f"1 {controls}").controls_for(1)
    assert [bot.controls_for(t) for t in range(1, 15)] == [want[t] for t in range(1, 15)]
    assert bot.controls_for(99) == parse_inputs("1 senses").controls_for(1)  # the last open line


def _limit_memory() -> None:  # pragma: no cover - runs in the child: 2 GB, so a bug cannot eat the machine
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                reason="no FIFOs or /dev/zero here")


@needs_fifo
@pytest.mark.parametrize("special", ["fifo", "zero"])
@pytest.mark.parametrize("args", [["simulate", "--replay", "{f}"], ["replay", "{f}"],
                                  ["simulate", "1", "--inputs", "{f}"]])
def test_a_special_file_on_the_command_line_is_one_line(tmp_path, special, args):
    f = tmp_path / "special.replay.json"
    if special == "fifo":
        os.mkfifo(f)
    else:
        os.symlink("/dev/zero", f)
    done = subprocess.run([sys.executable, "-m", "game", *[a.replace("{f}", str(f)) for a in args]], cwd=REPO,
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory)
    err = done.stderr.strip()
    assert done.returncode == 2 and "\n" not in err and "Traceback" not in err, err
    assert "special.replay.json" in err and "not a regular file" in err


def test_a_replay_naming_an_impossible_level_path_is_one_line(tmp_path, capsys):
    """A level path longer than any file name (a fuzz case): one line, exit 2."""
    import json

    from game.cli import main as cli_main

    rep = tmp_path / "r.balto-replay"
    rep.write_text(json.dumps({"format": "balto-replay", "version": 1, "level": {"path": "x" * 5000 + ".tmx",
                               "abs": "/" + "y" * 5000, "hash": ""}, "seed": 1, "ticks": 0, "controls": "",
                               "result": {}}))
    assert cli_main(["simulate", "--replay", str(rep)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "is missing" in err and "Traceback" not in err
