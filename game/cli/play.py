"""`balto play [LEVEL]`: open the game window (also what no command does).

`--watch` (with a LEVEL) reloads the leg whenever its .tmx or a tileset, template or image it
uses changes on disk; the team keeps its place when that spot is still open ground. A save
that does not load shows its message on screen and the last good version keeps running.
"""
from __future__ import annotations

import argparse

NAME = "play"
HELP = "open the game window (the default)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", nargs="?", help="start straight into this .tmx leg")
    p.add_argument("--seed", type=int, default=None, help="random seed of the run")
    p.add_argument("--watch", action="store_true",
                   help="reload LEVEL when its file or its tilesets change (for level designers)")


def run(args: argparse.Namespace) -> int:
    from game.app.window import run_app

    level = getattr(args, "level", None)
    watch = bool(getattr(args, "watch", False))
    if watch and not level:
        from game.cli.common import UsageError

        raise UsageError("balto play: --watch needs a LEVEL to watch (balto play levels/x.tmx --watch)")
    if watch:
        return run_app(level=level, seed=getattr(args, "seed", None), watch=True)
    return run_app(level=level, seed=getattr(args, "seed", None))
