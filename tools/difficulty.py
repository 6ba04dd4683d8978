"""Write docs/difficulty.md: the autopilot's vials kept and time on every leg, in route order.

    python tools/difficulty.py [--seeds 1-20] [--workers 2]

The campaign's difficulty should rise from the first leg to the last: the autopilot keeps
fewer vials the farther it gets. Rerun this after changing a leg or the rules.
"""
from __future__ import annotations

import argparse
import statistics
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from game.content.legs import LEGS
from game.headless.simulation import run
from game.sim.causes import CAUSES

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "difficulty.md"


def _one(args: tuple[str, int]) -> tuple[str, int, bool, int, float, dict[str, int]]:
    path, seed = args
    r = run(path, bot="autopilot", seed=seed)
    return path, seed, r.finished, r.vials, r.seconds, r.losses


def _cause_order(losses: dict[str, int]) -> list[str]:
    """Causes in the registry's order (game.sim.causes), any unknown one after, by name."""
    return [k for k in CAUSES if k in losses] + sorted(k for k in losses if k not in CAUSES)


def table(seeds: list[int], workers: int) -> list[dict]:
    """Per leg: finished share, vials mean and minimum, time mean, losses by cause."""
    jobs = [(str(leg.path), s) for leg in LEGS for s in seeds]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_one, jobs, chunksize=4))
    rows = []
    for leg in LEGS:
        mine = [r for r in results if r[0] == str(leg.path)]
        losses: dict[str, int] = {}
        for r in mine:
            for k, v in r[5].items():
                losses[k] = losses.get(k, 0) + v
        rows.append({
            "leg": leg.id, "finished": sum(r[2] for r in mine), "runs": len(mine),
            "vials_mean": statistics.fmean(r[3] for r in mine), "vials_min": min(r[3] for r in mine),
            "seconds_mean": statistics.fmean(r[4] for r in mine),
            "losses": {k: losses[k] / len(mine) for k in _cause_order(losses)},
        })
    return rows


def render(rows: list[dict], seeds: list[int]) -> str:
    lines = [
        "# Difficulty by leg",
        "",
        f"The autopilot on every leg, seeds {seeds[0]}-{seeds[-1]}; made by `python tools/difficulty.py`.",
        "Vials kept should fall from the first leg to the last.",
        "",
        "| leg | finished | vials mean | vials min | time mean (s) | losses per run |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        losses = ", ".join(f"{k} {v:.2f}" for k, v in r["losses"].items()) or "none"
        lines.append(f"| {r['leg']} | {r['finished']}/{r['runs']} | {r['vials_mean']:.2f} | {r['vials_min']} "
                     f"| {r['seconds_mean']:.1f} | {losses} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1-20", help="a range like 1-20")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.seeds.split("-"))
    seeds = list(range(lo, hi + 1))
    rows = table(seeds, max(1, args.workers))
    OUT.write_text(render(rows, seeds), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
