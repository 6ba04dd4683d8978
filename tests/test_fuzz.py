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
