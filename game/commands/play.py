"""`balto play [LEVEL]`: open the game window (also what no command does)."""
from __future__ import annotations

import argparse

NAME = "play"
HELP = "open the game window (the default)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", nargs="?", help="start straight into this .tmx leg")
    p.add_argument("--seed", type=int, default=None, help="random seed of the run")


def run(args: argparse.Namespace) -> int:
    from game.app import run_app

    return run_app(level=getattr(args, "level", None), seed=getattr(args, "seed", None))
