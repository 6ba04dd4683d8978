#!/usr/bin/env python3
"""Record the golden digests that tests/test_speed_digests.py compares against.

    python tools/record_digests.py [--note TEXT]

Every shipped leg, seeds 1-20, every bot (autopilot, none, random, human), with each leg's
source hash so a leg changed later is skipped instead of failed. Record it BEFORE work that
must not change any run (speed work), then make the change and run the test.
"""
from __future__ import annotations

import argparse
import json
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from game import resources
from game.headless.simulation import Simulation, make_bot
from game.tiled.level import load_level

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "digests_before_speedup.json"
BOTS = ("autopilot", "none", "random", "human")


def _leg(name: str) -> tuple[str, str, dict[str, str]]:
    level = load_level(resources.LEVELS / name)
    sim = Simulation(level, 1)
    digests = {}
    for bot in BOTS:
        for seed in range(1, 21):
            sim.reset(seed)
            digests[f"{seed}:{bot}"] = sim.run(make_bot(bot, seed), bot_name=bot).digest
    return name, level.source_hash, digests


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--note", default="", help="what the digests are the 'before' of")
    args = ap.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    names = sorted(p.name for p in resources.LEVELS.glob("0*.tmx"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        legs = {n: {"source_hash": h, "digests": d} for n, h, d in pool.map(_leg, names)}
    about = (f"digests of every shipped leg, seeds 1-20, every bot, at commit {commit or '?'}"
             f"{' (' + args.note + ')' if args.note else ''}; a leg whose file has changed since is skipped")
    OUT.write_text(json.dumps({"about": about, "legs": legs}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(v['digests']) for v in legs.values())} digests)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
