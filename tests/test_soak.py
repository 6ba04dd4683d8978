"""Soak: one hour of game time on every leg with the random bot. No exception, and the traced
memory at the end stays within 5 % of the memory after the first minute (no leak per tick).

Both are measured at the start of a run (a fresh World), so a run in progress that happens to
hold more state (cracks, a repaired flow field) is not mistaken for a leak.

tracemalloc makes every allocation several times dearer, so the legs soak two at a time in
forked worker processes (one leg's hour is about 15 s traced); each leg is still its own test,
which waits for its own leg's result.

Slow: `python -m pytest -m slow tests/test_soak.py`.
"""
import gc
import multiprocessing as mp
import tracemalloc
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

from game.sim import TICK_HZ, create_world, step
from game.sim.bots import RandomBot
from game.tiled.level import load_level

REPO = Path(__file__).resolve().parent.parent
LEGS = sorted((REPO / "levels").glob("*.tmx"))
HOUR = 3600 * TICK_HZ
MINUTE = 60 * TICK_HZ


def _traced() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def soak(leg: Path) -> tuple[int, int, int]:
    """An hour of random driving on `leg`, restarting runs that end as a player would: the
    traced memory at the first run start after a minute, at the last run start, and the runs."""
    level = load_level(leg)
    nav = create_world(level, 1).nav
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
    return baseline, end, runs


@pytest.fixture(scope="module")
def soaking(request):
    """The soak of every leg this session will test, submitted at once to two forked workers
    (serially in this process where fork is missing); a test takes its leg's future."""
    legs = [item.callspec.params["leg"] for item in request.session.items
            if isinstance(item, pytest.Function) and item.originalname == "test_an_hour_of_random_driving"]
    if "fork" not in mp.get_all_start_methods():
        done: dict[Path, Future] = {}
        for leg in legs:
            f: Future = Future()
            try:
                f.set_result(soak(leg))
            except Exception as exc:  # that leg's test fails with it, not every leg's
                f.set_exception(exc)
            done[leg] = f
        yield done
        return
    pool = ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("fork"))
    try:
        yield {leg: pool.submit(soak, leg) for leg in legs}
    finally:  # a run stopped early (-x, Ctrl-C) does not wait for the soaks still queued
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.slow
@pytest.mark.parametrize("leg", LEGS, ids=[p.stem for p in LEGS])
def test_an_hour_of_random_driving(soaking, leg):
    baseline, end, runs = soaking[leg].result()  # an exception in the soak is raised here
    assert baseline > 0
    assert end <= baseline * 1.05, (f"{leg.name}: traced memory grew from {baseline:,} B after the first "
                                     f"minute to {end:,} B after an hour ({runs} runs)")
