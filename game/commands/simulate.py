"""`balto simulate LEVEL`: run a level headless and report the result."""
from __future__ import annotations

import argparse
import json

from game.commands.common import positive_seconds
from game.sim.bots import BOT_NAMES

NAME = "simulate"
HELP = "run a level headless and report the result"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", help="path to a .tmx level")
    p.add_argument("--bot", choices=BOT_NAMES, default="autopilot", help="who drives (default autopilot)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--max-seconds", type=positive_seconds, default=600.0,
                   help="game seconds before the run counts as a timeout (default 600)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from game.simulation import run as run_level

    r = run_level(args.level, bot=args.bot, seed=args.seed, max_seconds=args.max_seconds)
    if args.json:
        print(json.dumps(r.as_dict()))
    else:
        losses = ", ".join(f"{k} {v}" for k, v in sorted(r.losses.items())) or "none"
        print(f"{r.title}: {r.outcome} in {r.seconds:.1f} s with {r.vials}/{r.vials_start} vials "
              f"(losses: {losses}); score {r.score}, {'*' * r.stars or 'no stars'}")
    return 0
