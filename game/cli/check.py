"""`balto check LEVEL... | --all`: validate levels without a window.

One line per problem on stdout (`levels/x.tmx: object 12 'den' (bear): aggro_radius must be a
number > 0, got 'far'`); a level that cannot be read at all gets its one line on stderr.
Exit 0 when every level is clean, 1 when problems were found, 2 when a level is unusable
(or the arguments are wrong). The rules are listed in `game/tiled/checks.py` and docs/level-design.md.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.common import UsageError

NAME = "check"
HELP = "validate levels without a window (exit 0 clean, 1 problems, 2 unusable)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("levels", nargs="*", metavar="LEVEL", help=".tmx levels to check")
    p.add_argument("--all", action="store_true", help="check every levels/*.tmx")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")


def levels_folder() -> Path:
    """levels/ under the working folder if there is one, else the game's own."""
    from game.tiled.level import GAME_ROOT

    here = Path.cwd() / "levels"
    return here if here.is_dir() else GAME_ROOT / "levels"


def run(args: argparse.Namespace) -> int:
    from game.tiled.checks import check_level
    from game.sim.leveldata import LevelError

    paths = [Path(p) for p in args.levels]
    if args.all:
        paths += sorted(levels_folder().glob("*.tmx"))
    if not paths:
        raise UsageError("balto check: name one or more LEVEL files, or give --all (see --help)")
    unusable = problems = 0
    for p in paths:
        try:
            found = check_level(p)
        except LevelError as exc:
            print(str(exc), file=sys.stderr)
            unusable += 1
            continue
        for line in found:
            print(line)
        problems += bool(found)
    if not args.quiet:
        clean = len(paths) - unusable - problems
        print(f"checked {len(paths)} level{'s' * (len(paths) != 1)}: {clean} clean, "
              f"{problems} with problems, {unusable} unusable", file=sys.stderr)
    return 2 if unusable else 1 if problems else 0
