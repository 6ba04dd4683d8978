"""Hostile input never hangs, crashes or eats memory (issue #11): the fuzzer's cases, fixed
seeds so every run is the same.

Each case is a small valid leg with one file mutated as an attacker would: the map, its
tileset, a template, a replay, an inputs file or a save (numbers at the extremes, types
swapped, references to FIFOs and /dev/zero, deep nesting, huge sizes, damaged bytes). It runs
through `check`, `simulate` (a few hundred ticks), `render`, `simulate --replay`, `replay
--info`, `simulate --inputs` or the game's saves, in worker processes (game/devtools/fuzz.py).
A case fails on a traceback, a hang, more than 1 GiB, or more than 1 s of CPU over the same
steps on the valid files. `balto fuzz --cases N` runs fresh seeds and saves failing cases.
"""
import pytest

from game.cli import main
from game.devtools.fuzz import fuzz

DEFAULT_CASES = 250
SLOW_CASES = 10_000


def _report(failures) -> str:
    return "\n".join(f.line() for f in failures[:30])


def test_hostile_cases_never_hang_crash_or_blow_up():
    failures = fuzz(range(1, DEFAULT_CASES + 1), main, workers=2)
    assert not failures, _report(failures)


@pytest.mark.slow
def test_ten_thousand_hostile_cases():
    failures = fuzz(range(100_001, 100_001 + SLOW_CASES), main, workers=2)
    assert not failures, _report(failures)


def _hostile_main(argv):
    """A command line with planted faults, to prove the fuzzer sees each kind of failure."""
    import time

    from game.cli import main as real

    kind = argv[0]
    flag = __import__("os").environ.get("BALTO_PLANT", "")
    if not any("/case" in a for a in argv):  # the valid runs the worker times cases against
        return real(argv)
    if flag == "hang" and kind in ("check", "simulate", "replay"):
        time.sleep(3600)
    if flag == "crash":
        raise KeyError("planted")
    if flag == "memory":
        blob = bytearray(3 << 30)  # 3 GiB: over the limit
        return len(blob)
    if flag == "slow" and kind == "check":  # one slow command a case: a busy machine stays under the timeout
        t = time.process_time()
        while time.process_time() - t < 1.5:
            pass
    return real(argv)


@pytest.mark.parametrize("flag,kind", [("hang", "hang"), ("crash", "traceback"), ("memory", "memory"),
                                       ("slow", "slow")])
def test_the_fuzzer_catches_each_kind_of_failure(flag, kind, monkeypatch):
    monkeypatch.setenv("BALTO_PLANT", flag)
    failures = fuzz([3, 4], _hostile_main, workers=1, timeout=8.0)
    assert {f.kind for f in failures} == {kind}, [f.line() for f in failures]
    assert {f.seed for f in failures} == {3, 4}


def test_balto_fuzz_saves_a_failing_case_to_reproduce_it(tmp_path, monkeypatch, capsys):
    """`balto fuzz` on fresh seeds writes each failing case's files and how it failed."""
    from game.devtools.fuzz import Failure, save_case

    folder = save_case(Failure(7, "map", "number", "traceback", "KeyError"), tmp_path)
    assert (folder / "FAILURE.txt").read_text().startswith("seed 7 ")
    assert (folder / "leg.tmx").is_file() and "balto " in (folder / "FAILURE.txt").read_text()
    assert main(["fuzz", "--cases", "3", "--seed", "5", "--out", str(tmp_path / "out")]) == 0
    assert "0 of 3 cases failed" in capsys.readouterr().err
