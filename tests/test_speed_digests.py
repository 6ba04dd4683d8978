"""The speed work changed no run: every shipped leg, seeds 1-20 and every bot give the digests
they gave before it (tests/data/digests_before_speedup.json, recorded by tools/record_digests.py
before the work; its `about` names the commit).

A leg whose map has changed since plays differently by design, so it is skipped (the recorded
source hash says which file the digests belong to). The fast suite checks seed 1 of each bot;
the slow one seeds 1-20 of the autopilot, 1-8 of the human model (its re-plans are repairs of
its field: game/sim/nav_replan.py) and 1-2 of the others; BALTO_ALL_DIGESTS=1 all twenty of each.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from game import resources
from game.headless.simulation import Simulation, make_bot, run
from game.tiled.level import load_level

GOLDEN = json.loads((Path(__file__).parent / "data" / "digests_before_speedup.json").read_text())
BOTS = ("autopilot", "none", "random", "human")


def _level_or_skip(name: str):
    level = load_level(resources.LEVELS / name)
    if level.source_hash != GOLDEN["legs"][name]["source_hash"]:
        pytest.skip(f"{name} has changed since the digests were recorded")
    return level


@pytest.mark.parametrize("name", sorted(GOLDEN["legs"]))
def test_seed_one_of_every_bot_plays_as_before(name):
    level = _level_or_skip(name)
    want = GOLDEN["legs"][name]["digests"]
    got = {f"1:{bot}": run(level, bot, seed=1).digest for bot in BOTS}
    assert got == {k: want[k] for k in got}


# The slow suite checks every seed of the autopilot and the first few of the others (the human
# model re-plans on its belief, about five times an autopilot's run; random and none mostly
# drive until the time limit, 36,000 ticks a run), in two processes, to keep CI under its
# budget. BALTO_ALL_DIGESTS=1 checks all 640.
SLOW_SEEDS = {"autopilot": 20, "human": 8, "random": 2, "none": 2}


def _play(name: str) -> tuple[str, dict[str, str]]:
    level = load_level(resources.LEVELS / name)
    every = os.environ.get("BALTO_ALL_DIGESTS") == "1"
    sim = Simulation(level, 1)
    got = {}
    for bot in BOTS:
        for seed in range(1, (20 if every else SLOW_SEEDS[bot]) + 1):
            sim.reset(seed)  # a reused Simulation: the same runs as fresh ones
            got[f"{seed}:{bot}"] = sim.run(make_bot(bot, seed), bot_name=bot).digest
    return name, got


@pytest.mark.slow
def test_every_leg_and_bot_plays_as_before_and_reset_replays_them():
    names = [n for n in sorted(GOLDEN["legs"])
             if load_level(resources.LEVELS / n).source_hash == GOLDEN["legs"][n]["source_hash"]]
    if not names:
        pytest.skip("every leg has changed since the digests were recorded")
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, got in pool.map(_play, names):
            want = GOLDEN["legs"][name]["digests"]
            assert got == {k: want[k] for k in got}, name
