"""The targets, judging the figures against them, and the text report."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from game.devtools.bench.common import ratio

# name -> (target, "max" | "min"): a figure must stay at or under (max) / at or over (min) it.
TARGETS: dict[str, tuple[float, str]] = {
    "sim_ticks_per_second_hardest": (20_000.0, "min"),
    "render_640_p50_ms": (1.5, "max"),
    "render_640_p99_ms": (3.0, "max"),
    "tiles_vs_pyscroll_p50": (1.0, "max"),
    "tiles_vs_pyscroll_p99": (1.0, "max"),
    "frame_1280_vs_copy_p50": (3.0, "max"),
    "frame_1280_vs_copy_p99": (6.0, "max"),
    "load_vs_bare_parse": (1.1, "max"),
    "first_title_frame_s": (1.0, "max"),
    "peak_rss_mb": (200.0, "max"),
    "nav_build_ms_worst": (10.0, "max"),
    "reset_ms": (1.0, "max"),
    # observation + reward over the four bare ticks a frame_skip 4 env step covers, the worst
    # leg (game.rl.bench, measured by `balto bench` when the rl extra is installed; issue #14)
    "rl_overhead_frame_skip_4": (0.5, "max"),
}


def _render(report: dict[str, Any]) -> dict[str, Any]:
    r: dict[str, Any] = report.get("render", {})
    return r


def _sim(report: dict[str, Any]) -> dict[str, Any]:
    s: dict[str, Any] = report.get("sim_extra", {}).get("sim", {})
    return s


# name -> how to read that figure from a report (None: not measured). A new target (the
# simulation figures of sim.EXTRA) adds a line here and one in TARGETS.
FIGURES: dict[str, Callable[[dict[str, Any]], float | None]] = {
    "sim_ticks_per_second_hardest": lambda rep: min((s["ticks_per_second"] for s in rep.get("simulation", [])),
                                                    default=None),
    "render_640_p50_ms": lambda rep: _render(rep).get("p50_640_ms"),
    "render_640_p99_ms": lambda rep: _render(rep).get("p99_640_ms"),
    "tiles_vs_pyscroll_p50": lambda rep: ratio(_render(rep), "ours_tiles_p50_ms", "pyscroll_p50_ms"),
    "tiles_vs_pyscroll_p99": lambda rep: ratio(_render(rep), "ours_tiles_p99_ms", "pyscroll_p99_ms"),
    "frame_1280_vs_copy_p50": lambda rep: ratio(_render(rep), "p50_1280_ms", "copy_1280_p50_ms"),
    "frame_1280_vs_copy_p99": lambda rep: ratio(_render(rep), "p99_1280_ms", "copy_1280_p99_ms"),
    "load_vs_bare_parse": lambda rep: max((x["ratio"] for x in rep.get("load", [])), default=None),
    "first_title_frame_s": lambda rep: rep.get("startup", {}).get("first_title_frame_s"),
    "peak_rss_mb": lambda rep: rep.get("memory", {}).get("peak_rss_mb"),
    "nav_build_ms_worst": lambda rep: max((x["p50_ms"] for x in _sim(rep).get("nav", [])), default=None),
    "reset_ms": lambda rep: _sim(rep).get("reset", {}).get("p50_ms"),
    "rl_overhead_frame_skip_4": lambda rep: rep.get("rl", {}).get("overhead", {}).get("extra"),
}


def check_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured figure and whether it is met (None: not measured)."""
    out = []
    for name, (target, kind) in TARGETS.items():
        v = FIGURES[name](report)
        ok = None if v is None else (v <= target if kind == "max" else v >= target)
        out.append({"name": name, "measured": v, "target": target, "kind": kind, "ok": ok})
    return out


def _blocks(ratios: list[float | None] | None, frames: int) -> list[str]:
    """The line giving each block's p50 ratio, when the render was measured in several."""
    if not ratios or len(ratios) < 2:
        return []
    each = ", ".join("n/a" if x is None else f"{x}x" for x in ratios)
    return [f"    measured in {len(ratios)} blocks of {frames} frames: {each} (p50); "
            "every figure above is the median block's, picked by this ratio"]


def format_report(rep: dict[str, Any]) -> str:
    """The figures as text."""
    m = rep["machine"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, "
             f"numpy {m['numpy']}, pygame-ce {m['pygame_ce']}, pyscroll {m.get('pyscroll') or 'not installed'}; "
             f"load average {m['load_average']}"]
    if m.get("load_average") and m.get("cores") and m["load_average"][0] > 0.5 * m["cores"]:
        lines.append("  note: the machine is busy; figures are slower and noisier than on an idle machine")
    if rep.get("quick"):
        lines.append("  (--quick: short samples, to prove the bench works; not figures to record)")
    lines.append("simulation (autopilot; best block, mean over all):")
    for s in rep["simulation"]:
        lines.append(f"  {s['level']}: {s['ticks_per_second']:,} ticks/s  (mean {s.get('ticks_per_second_mean', 0):,})")
    r = rep["render"]
    lines.append(f"render ({r['level']}, {r['weather']}, {r['frames']} frames):")
    lines.append(f"  640x360:            p50 {r['p50_640_ms']:.3f} ms   p99 {r['p99_640_ms']:.3f} ms")
    lines.append(f"  1280x720 window (draw + present): p50 {r['p50_1280_ms']:.3f} ms   p99 {r['p99_1280_ms']:.3f} ms")
    lines.append(f"    presented as the game would here: {r.get('window', 'SCALED')}")
    if "present_1280_p50_ms" in r:
        lines.append(f"  of it the present (the 640x360 frame into the window):  "
                     f"p50 {r['present_1280_p50_ms']:.3f} ms   p99 {r['present_1280_p99_ms']:.3f} ms")
    if "copy_1280_p50_ms" in r:
        lines.append(f"  a plain 1280x720 surface copy: p50 {r['copy_1280_p50_ms']:.3f} ms   "
                     f"p99 {r['copy_1280_p99_ms']:.3f} ms;  "
                     f"the frame is {ratio(r, 'p50_1280_ms', 'copy_1280_p50_ms')}x "
                     f"(p50), {ratio(r, 'p99_1280_ms', 'copy_1280_p99_ms')}x (p99)")
        lines.extend(_blocks(r.get("frame_vs_copy_blocks"), r["frames"]))
    lines.append(f"  our tile layers:    p50 {r['ours_tiles_p50_ms']:.3f} ms   p99 {r['ours_tiles_p99_ms']:.3f} ms")
    if "pyscroll_p50_ms" in r:
        lines.append(f"  pyscroll {r['pyscroll']} (tiles only, same views and clock): "
                     f"p50 {r['pyscroll_p50_ms']:.3f} ms   "
                     f"p99 {r['pyscroll_p99_ms']:.3f} ms;  our tiles / pyscroll = "
                     f"{ratio(r, 'ours_tiles_p50_ms', 'pyscroll_p50_ms')}x (p50), "
                     f"{ratio(r, 'ours_tiles_p99_ms', 'pyscroll_p99_ms')}x (p99)")
        lines.extend(_blocks(r.get("tiles_vs_pyscroll_blocks"), r["frames"]))
    else:
        lines.append(f"  pyscroll: {r['pyscroll']}")
    lines.append("load (median):")
    for x in rep["load"]:
        lines.append(f"  {x['level']}: {x['load_ms']:.1f} ms vs bare pytmx parse {x['bare_parse_ms']:.1f} ms "
                     f"= {x['ratio']:.2f}x  (then the World with its flow field: {x['world_ms']:.0f} ms)")
    s = rep["startup"]
    if "error" in s:
        lines.append(f"start-up: {s['error']}")
    else:
        lines.append(f"start-up: first title frame {s['first_title_frame_s']:.3f} s (median of {s['starts']}; "
                     f"min {s['first_title_frame_min_s']:.3f} s), process exit {s['process_exit_s']:.3f} s")
    mem = rep["memory"]
    if "error" in mem:
        lines.append(f"memory: {mem['error']}")
    else:
        lines.append(f"memory: peak RSS {mem['peak_rss_mb']:.1f} MB playing {mem['level']} "
                     f"({mem['ticks']} ticks drawn)")
    for name, figures in rep.get("sim_extra", {}).items():
        if name != "sim":
            lines.append(f"simulation, {name}: {json.dumps(figures)}")
            continue
        nav = ", ".join(f"{x['level'].split('/')[-1][:2]} {x['p50_ms']:.1f}" for x in figures.get("nav", []))
        lines.append(f"flow field build, with the start's length (p50 ms per leg): {nav}")
        table = ", ".join(f"{x['level'].split('/')[-1][:2]} {x['table_ms']:.1f}"
                          for x in figures.get("nav", []) if "table_ms" in x)
        if table:
            lines.append(f"  and with the whole length table (an RL env, thin ice): {table}")
        if figures.get("reset"):
            lines.append(f"a new run on a loaded level (Simulation.reset): p50 {figures['reset']['p50_ms']:.3f} ms")
        t = figures.get("ticks")
        if t:
            lines.append(f"ticks ({t.get('level', 'hardest leg')}): {t['ticks_per_second_no_bot']:,}/s with no bot, "
                         f"{t['ticks_per_second_autopilot']:,}/s with the autopilot "
                         f"(its own cost {t['autopilot_us_per_tick']} us a tick; compare revisions with --against)")
    # (CI runs --quick straight after the test suites: its MISSes say nothing about the code)
    lines.append("targets (--quick: samples too short to judge by; the full bench gives the verdict):"
                 if rep.get("quick") else "targets:")
    for t in rep["targets"]:
        mark = {True: "ok  ", False: "MISS", None: "n/a "}[t["ok"]]
        rel = "<=" if t["kind"] == "max" else ">="
        lines.append(f"  {mark} {t['name']}: {t['measured']} (target {rel} {t['target']:g})")
    lines.append(f"({rep['seconds']} s)")
    return "\n".join(lines)
