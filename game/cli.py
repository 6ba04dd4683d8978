"""The command line: `python main.py`, `python -m game` and `balto` all land here.

No arguments starts the game. Bad arguments or a bad level: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Sequence

from game.sim.bots import BOT_NAMES
from game.sim.leveldata import LevelError

DEFAULT_LEVEL = "levels/01_nenana_tolovana.tmx"


class UsageError(Exception):
    """A wrong argument: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _positive_seconds(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text!r}")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="balto", description="Balto: The Serum Run. No command starts the game.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="open the game window (the default)")
    play.add_argument("level", nargs="?", help="start straight into this .tmx leg")
    play.add_argument("--seed", type=int, default=None, help="random seed of the run")

    sim = sub.add_parser("simulate", help="run a level headless and report the result")
    sim.add_argument("level", help="path to a .tmx level")
    sim.add_argument("--bot", choices=BOT_NAMES, default="autopilot", help="who drives (default autopilot)")
    sim.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    sim.add_argument("--max-seconds", type=_positive_seconds, default=600.0,
                     help="game seconds before the run counts as a timeout (default 600)")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.simulation import run

    r = run(args.level, bot=args.bot, seed=args.seed, max_seconds=args.max_seconds)
    if args.json:
        print(json.dumps(r.as_dict()))
    else:
        losses = ", ".join(f"{k} {v}" for k, v in sorted(r.losses.items())) or "none"
        print(f"{r.title}: {r.outcome} in {r.seconds:.1f} s with {r.vials}/{r.vials_start} vials "
              f"(losses: {losses}); score {r.score}, {'*' * r.stars or 'no stars'}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    from game.app import run_app

    return run_app(level=getattr(args, "level", None), seed=getattr(args, "seed", None))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run a command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "simulate":
            return cmd_simulate(args)
        return cmd_play(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except LevelError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
