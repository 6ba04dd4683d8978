"""The simulation's speed figures for `balto bench`: the flow field's build time per leg, a new
run on a loaded level (`Simulation.reset`), ticks/s without a bot and with the autopilot, and
the autopilot's own time per tick.

"Without a bot" replays the controls the autopilot gave on the same seeds, so both rates are
timed on the same ways through the leg and their difference is the autopilot's own cost. Every
figure is the best of a few equal blocks (the least disturbed by other processes), and
`check_sim_targets` compares them with the targets, the ratios with a baseline report measured
in the same session (`bench --against`). Runs as a script too:
`python game/devtools/bench_sim.py [LEG.tmx ...]` prints the report as JSON, and
`python game/devtools/bench_sim.py --ticks [--quick] LEG.tmx` only the tick figures: it needs
nothing but `load_level`, `create_world`, `step` and the autopilot, so `bench --against` runs it
with an older revision's `game` package first on the path (one probe, the same for both trees).

Ticks are timed in CPU time (`time.process_time`): on a shared machine another process takes
the core away without counting against the tick.
"""
from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game import resources
from game.headless.simulation import Simulation
from game.sim import Controls, create_world, step
from game.sim.bots import autopilot
from game.sim.leveldata import Level
from game.tiled.level import load_level

HARDEST = "04_frozen_lake.tmx"  # the leg the tick figures are taken on
# name -> (target, "max" | "min"); the *_vs_baseline ones are ratios to the baseline report.
SIM_TARGETS: dict[str, tuple[float, str]] = {
    "nav_build_ms_worst": (10.0, "max"),
    "reset_ms": (1.0, "max"),
    "ticks_no_bot_vs_baseline": (1.5, "min"),
    "autopilot_us_vs_baseline": (0.5, "max"),
}


def nav_build_ms(paths: Sequence[Path], repeats: int = 9, rounds: int = 3) -> list[dict[str, Any]]:
    """The flow field's build time on each leg, p50 and best of `repeats`: the field and the
    length under the start, what a new level's first run pays (`create_world`). `table_ms`:
    the whole length table too, built when read (an RL env's `Way`, a thin-ice repair).

    The samples are taken in `rounds` passes over every leg (a warm-up build on each leg in
    each pass, then its share of the samples), so a few seconds in which other processes slow
    this machine down fall on a share of each leg's samples, not on every sample of one leg."""
    # Imported here, not above: `bench --against` runs this file as its tick probe with an
    # older revision's `game` package, and the build's module has moved between revisions.
    from game.sim.nav_build import build_nav

    measured = []
    for path in paths:
        level = load_level(path)
        starts = level.of_kind("start")
        measured.append((path, level, (starts[0].x, starts[0].y) if starts else (0.0, 0.0)))
    rounds = max(1, min(rounds, repeats))
    times: list[list[float]] = [[] for _ in measured]
    tables: list[list[float]] = [[] for _ in measured]
    for r in range(rounds):
        share = repeats // rounds + (1 if r < repeats % rounds else 0)
        for (_path, level, (x, y)), timed, table in zip(measured, times, tables):
            build_nav(level).length_at(x, y)  # warm-up
            for _ in range(share):
                start = time.perf_counter()
                nav = build_nav(level)
                nav.length_at(x, y)
                timed.append((time.perf_counter() - start) * 1000.0)
                start = time.perf_counter()
                nav = build_nav(level)
                nav.length.max()
                table.append((time.perf_counter() - start) * 1000.0)
    return [{"level": Path(path).name, "p50_ms": round(statistics.median(timed), 3),
             "best_ms": round(min(timed), 3), "table_ms": round(statistics.median(table), 3)}
            for (path, _, _), timed, table in zip(measured, times, tables)]


def reset_ms(path: Path, repeats: int = 60) -> dict[str, Any]:
    """A new run on a loaded level: `Simulation.reset(seed)`, p50 and p90 in ms."""
    sim = Simulation(load_level(path), 1)
    times = []
    for seed in range(2, repeats + 2):
        start = time.perf_counter()
        sim.reset(seed)
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    return {"level": Path(path).name, "p50_ms": round(times[len(times) // 2], 4),
            "p90_ms": round(times[int(len(times) * 0.9)], 4)}


def record_autopilot(level: Level, ticks: int) -> list[tuple[int, list[Controls]]]:
    """The autopilot's controls over `ticks` ticks, run after run (seeds 1, 2, ...)."""
    runs: list[tuple[int, list[Controls]]] = []
    world = create_world(level, 1)
    nav = world.nav
    done = 0
    while done < ticks:
        seed = len(runs) + 1
        world = create_world(level, seed, nav=nav)
        controls: list[Controls] = []
        while not world.outcome and done < ticks:
            c = autopilot(world)
            controls.append(c)
            step(world, c)
            done += 1
        runs.append((seed, controls))
    return runs


def _timed(level: Level, runs: list[tuple[int, list[Controls]]], bot: bool) -> float:
    """Seconds spent stepping the recorded runs (world creation not counted)."""
    nav = create_world(level, 1).nav
    total = 0.0
    for seed, controls in runs:
        world = create_world(level, seed, nav=nav)
        gc.collect()
        if bot:
            start = time.process_time()
            for _ in controls:
                step(world, autopilot(world))
        else:
            start = time.process_time()
            for c in controls:
                step(world, c)
        total += time.process_time() - start
    return total


def tick_rates(path: Path, ticks: int = 20_000, blocks: int = 3) -> dict[str, Any]:
    """Ticks/s on one leg without a bot and with the autopilot (the same ways), and the
    autopilot's own µs per tick; blocks alternate the two, the best of each is kept."""
    level = load_level(path)
    runs = record_autopilot(level, ticks)
    n = sum(len(c) for _, c in runs)
    plain, driven = [], []
    for _ in range(blocks):
        plain.append(_timed(level, runs, bot=False))
        driven.append(_timed(level, runs, bot=True))
    t_plain, t_driven = min(plain), min(driven)
    return {"level": Path(path).name, "ticks": n,
            "ticks_per_second_no_bot": round(n / t_plain),
            "ticks_per_second_autopilot": round(n / t_driven),
            "autopilot_us_per_tick": round(max(t_driven - t_plain, 0.0) / n * 1e6, 3)}


def run_sim_bench(paths: Sequence[Path], quick: bool = False) -> dict[str, Any]:
    """Every simulation figure: the flow field on `paths`, reset and ticks on the hardest."""
    hardest = next((p for p in paths if Path(p).name == HARDEST), paths[-1])
    return {
        "nav": nav_build_ms(paths, 2 if quick else 9, 1 if quick else 3),
        "reset": reset_ms(hardest, 10 if quick else 60),
        "ticks": quick_ticks(hardest, quick),
    }


def check_sim_targets(report: dict[str, Any],
                      baseline: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each target with the figure and whether it is met (None: not measured, e.g. a ratio
    without a baseline report)."""
    ticks, base = report.get("ticks", {}), (baseline or {}).get("ticks", {})
    figures: dict[str, float | None] = {
        "nav_build_ms_worst": max((x["p50_ms"] for x in report.get("nav", [])), default=None),
        "reset_ms": report.get("reset", {}).get("p50_ms"),
        "ticks_no_bot_vs_baseline": (round(ticks["ticks_per_second_no_bot"]
                                           / base["ticks_per_second_no_bot"], 3)
                                     if ticks and base else None),
        "autopilot_us_vs_baseline": (round(ticks["autopilot_us_per_tick"]
                                           / base["autopilot_us_per_tick"], 3)
                                     if ticks and base and base["autopilot_us_per_tick"] else None),
    }
    out = []
    for name, (target, kind) in SIM_TARGETS.items():
        v = figures[name]
        ok = None if v is None else (v <= target if kind == "max" else v >= target)
        out.append({"name": name, "measured": v, "target": target, "kind": kind, "ok": ok})
    return out


def quick_ticks(path: Path, quick: bool = False) -> dict[str, Any]:
    """The tick figures alone (what `bench --against` measures on both revisions)."""
    return tick_rates(path, 2_000 if quick else 20_000, 1 if quick else 3)


def main(argv: Sequence[str]) -> int:
    """The report as JSON for the legs named (default: every shipped leg); with `--ticks`,
    only the tick figures on the one leg named (`--quick`: short samples)."""
    args = list(argv)
    ticks_only, quick = "--ticks" in args, "--quick" in args
    paths = [Path(a) for a in args if a not in ("--ticks", "--quick")]
    if ticks_only:
        if len(paths) != 1:
            print("usage: bench_sim.py --ticks [--quick] LEG.tmx", file=sys.stderr)
            return 2
        print(json.dumps({"ticks": quick_ticks(paths[0], quick)}))
        return 0
    paths = paths or sorted(resources.LEVELS.glob("0*.tmx"))
    report = run_sim_bench(paths, quick=quick)
    report["targets"] = check_sim_targets(report)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
