"""`balto bench`: how fast the game is on this machine, in one run, against what a developer
would otherwise use. Benchmarks are never timed tests; see docs/performance.md.

Measured: headless ticks/s on every leg (autopilot; `sim.py`, where the other simulation
figures plug in); frame render time p50/p99 (world, entities, a full blizzard, HUD) at
640x360 and shown in the 1280x720 window as the game shows it (game.app.present: SCALED
on a fast renderer, else our own upscale),
against a plain 1280x720 copy, and our tile layers against pyscroll's on the same views
(`render.py`); level load against a bare pytmx parse
(`load.py`); start-up to the first title frame and peak RSS, in fresh processes
(`process.py`); `--against REV` runs all of it on another revision too (`against.py`).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game.devtools.bench.common import LEVELS, LOGICAL, WINDOW, Plan, init_display, legs, median_block
from game.devtools.bench.load import bench_load
from game.devtools.bench.machine import machine, package_version
from game.devtools.bench.process import RSS_MAX_TICKS, bench_rss, bench_title_frame
from game.devtools.bench.render import bench_render, bench_tiles_vs_pyscroll, blizzard_level
from game.devtools.bench.report import FIGURES, TARGETS, check_targets, format_report
from game.devtools.bench.sim import EXTRA, SIM_BLOCKS, bench_extra, bench_sim

__all__ = ["EXTRA", "FIGURES", "LEVELS", "LOGICAL", "RSS_MAX_TICKS", "SIM_BLOCKS", "TARGETS", "WINDOW",
           "Plan", "bench_extra", "bench_load", "bench_render", "bench_rss", "bench_sim", "bench_tiles_vs_pyscroll",
           "bench_title_frame", "blizzard_level", "check_targets", "format_report", "init_display", "legs",
           "machine", "median_block", "package_version", "run_all", "tile_blocks"]


def tile_blocks(path: Path, cams: Sequence[tuple[int, int]], tiles: Any, times: Sequence[int],
                blocks: int) -> dict[str, Any]:
    """Our tiles against pyscroll's on the render's views, `blocks` times over, the median
    block judged; one block only when pyscroll is missing (nothing to compare)."""
    measured = [bench_tiles_vs_pyscroll(path, cams, tiles, times)]
    if "pyscroll_p50_ms" in measured[0]:
        measured += [bench_tiles_vs_pyscroll(path, cams, tiles, times) for _ in range(blocks - 1)]
    return median_block(measured, "ours_tiles_p50_ms", "pyscroll_p50_ms", "tiles_vs_pyscroll_blocks")


def run_all(quick: bool = False, paths: Sequence[Path] | None = None,
            log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Every measurement; returns the figures, the targets and the machine."""
    from game.tiled.level import load_level

    plan = Plan.make(quick)
    paths = list(paths) if paths is not None else legs()
    if not paths:
        raise ValueError(f"no levels to measure in {LEVELS}")
    say = log or (lambda s: None)
    t0 = time.perf_counter()
    report: dict[str, Any] = {"quick": quick, "machine": machine()}
    sizes = {p: load_level(p).pixel_size for p in paths}
    largest = max(paths, key=lambda p: sizes[p][0] * sizes[p][1])

    say("simulation: ticks per second on every leg ...")
    report["simulation"] = bench_sim(paths, plan.sim_seconds)
    if EXTRA:
        say("simulation: " + ", ".join(EXTRA) + " ...")
        report["sim_extra"] = bench_extra(paths, plan)
    blocks = plan.render_blocks
    say(f"render: frames under a full blizzard ({blocks} block{'s' if blocks > 1 else ''}) ...")
    render = median_block([bench_render(largest, plan.render_warmup, plan.render_frames) for _ in range(blocks)],
                          "p50_1280_ms", "copy_1280_p50_ms", "frame_vs_copy_blocks")
    render["blocks"] = blocks
    cams, times, tiles = render.pop("_cams"), render.pop("_times"), render.pop("_tiles")
    say("render: the same views with pyscroll ...")
    render.update(tile_blocks(largest, cams, tiles, times, blocks))
    report["render"] = render
    say("load: load_level against a bare pytmx parse ...")
    report["load"] = bench_load(paths, plan.load_repeats)
    say("start-up: to the first title frame ...")
    report["startup"] = bench_title_frame(plan.title_repeats)
    say("memory: peak RSS playing the largest leg ...")
    report["memory"] = bench_rss(largest, plan.rss_ticks)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    report["targets"] = check_targets(report)
    return report
