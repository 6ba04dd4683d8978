"""Headless simulation figures: ticks per second with the autopilot on every leg.

The other simulation figures (the flow field's build time, `Simulation.reset`, the tick with
the autopilot's own cost) plug in through `EXTRA` below: each entry is measured by `run_all`
and stored under `report["sim_extra"][name]`; its targets go into `report.FIGURES`.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game.devtools.bench.common import Plan
from game.devtools.bench_sim import run_sim_bench
from game.tiled.common import display_path

SIM_BLOCKS = 3  # the simulation is timed in blocks; the best one is reported

# name -> a measurement of the legs under the plan, returning a JSON-able dict: the flow field's
# build time per leg, `Simulation.reset`, and ticks/s without and with the autopilot
# (game/devtools/bench_sim.py).
SimExtra = Callable[[Sequence[Path], Plan], dict[str, Any]]
EXTRA: dict[str, SimExtra] = {
    "sim": lambda paths, plan: run_sim_bench(paths, quick=plan.quick),
}


def bench_sim(paths: Sequence[Path], seconds: float) -> list[dict[str, Any]]:
    """Ticks per second with the autopilot on each leg, restarting runs that end: the best of
    SIM_BLOCKS equal blocks (and the mean over all of them)."""
    from game.sim import create_world, step
    from game.sim.bots import autopilot
    from game.tiled.level import load_level

    out = []
    for path in paths:
        level = load_level(path)
        world = create_world(level, 1)
        nav = world.nav
        for _ in range(300):  # warm-up
            step(world, autopilot(world))
        world = create_world(level, 1, nav=nav)
        ticks = runs = 0
        rates = []
        gc.collect()
        start = time.perf_counter()
        for _block in range(SIM_BLOCKS):  # the best block: least disturbed by other processes
            b_ticks = 0
            b_start = time.perf_counter()
            deadline = b_start + seconds / SIM_BLOCKS
            while True:
                for _ in range(250):
                    if world.outcome:
                        runs += 1
                        world = create_world(level, 1 + runs, nav=nav)
                    step(world, autopilot(world))
                b_ticks += 250
                if time.perf_counter() >= deadline:
                    break
            rates.append(b_ticks / (time.perf_counter() - b_start))
            ticks += b_ticks
        elapsed = time.perf_counter() - start
        out.append({"level": display_path(path), "ticks": ticks, "seconds": round(elapsed, 3),
                    "ticks_per_second": round(max(rates)), "ticks_per_second_mean": round(ticks / elapsed)})
    return out


def bench_extra(paths: Sequence[Path], plan: Plan) -> dict[str, Any]:
    """Every plugged-in simulation measurement (EXTRA), by name."""
    return {name: measure(paths, plan) for name, measure in EXTRA.items()}
