"""Write docs/difficulty.md: both bots (the autopilot and the human model) on every leg, in
route order, and the human model played as a campaign.

    python tools/difficulty.py [--seeds 1-20] [--workers 2] [--reaction-ms 200]

The campaign's difficulty should rise from the first leg to the last. Rerun this after
changing a leg or the rules; the tables come from game.headless.difficulty.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from game.headless.difficulty import campaign, leg_table, render
from game.headless.sweep import parse_seeds

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "difficulty.md"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1-20", help="seeds: 1-20, 7 or 1-10,42")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reaction-ms", type=int, default=200, help="the human model's reaction time")
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    workers = max(1, args.workers)
    start = time.perf_counter()
    tables = {bot: leg_table(bot, seeds, workers, args.reaction_ms) for bot in ("autopilot", "human")}
    camp = campaign(seeds, workers, args.reaction_ms)
    OUT.write_text(render(tables, camp, seeds, args.reaction_ms), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
