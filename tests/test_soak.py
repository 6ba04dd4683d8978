"""Soak: one hour of game time on every leg with the random bot. No exception, and the traced
memory at the end stays within 5 % of the memory after the first minute (no leak per tick).

Both are measured at the start of a run (a fresh World), so a run in progress that happens to
hold more state (cracks, a repaired flow field) is not mistaken for a leak.

Slow (about a minute per leg): `python -m pytest -m slow tests/test_soak.py`.
"""
import gc
import tracemalloc
from pathlib import Path

import pytest

from game.sim import TICK_HZ, create_world, step
from game.sim.bots import RandomBot

REPO = Path(__file__).resolve().parent.parent
LEGS = sorted((REPO / "levels").glob("*.tmx"))
HOUR = 3600 * TICK_HZ
MINUTE = 60 * TICK_HZ


def _traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


@pytest.mark.slow
@pytest.mark.parametrize("leg", LEGS, ids=[p.stem for p in LEGS])
def test_an_hour_of_random_driving(balto, leg):
    level = balto.level(leg)
    nav = balto.simulation(leg).world.nav
    tracemalloc.start()
    try:
        seed = 1
        world = create_world(level, seed, nav=nav)
        bot = RandomBot(seed)
        runs = 1
        baseline = end = 0
        for tick in range(1, HOUR + 1):
            if world.outcome:  # finished or lost: the next run, as a player would restart
                seed += 1
                runs += 1
                world = None
                world = create_world(level, seed, nav=nav)
                bot = RandomBot(seed)
                if tick >= MINUTE:
                    end = _traced()
                    baseline = baseline or end
            step(world, bot(world))
    finally:
        tracemalloc.stop()
    assert baseline > 0
    assert end <= baseline * 1.05, (f"{leg.name}: traced memory grew from {baseline:,} B after the first "
                                     f"minute to {end:,} B after an hour ({runs} runs)")
