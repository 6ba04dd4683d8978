"""`balto check LEVEL... | --all`: validate levels without a window.

One line per problem on stdout (`levels/x.tmx: object 12 'den' (bear): aggro_radius must be a
number > 0, got 'far'`); a level that cannot be read at all gets its one line on stderr.
Exit 0 when every level is clean, 1 when problems were found, 2 when a level is unusable
(or the arguments are wrong). With --json, one JSON object per problem per line instead (file,
severity, message, fix, object_id, object_name, layer, tile_x, tile_y, pixel_x, pixel_y; null
where the problem does not say), a level that cannot be read too (severity "error", on stdout).
The rules are listed in `game/tiled/checks.py` and docs/level-design.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game import resources
from game.cli.common import LEVEL_HELP, UsageError, level_arg, printable

NAME = "check"
HELP = "validate levels without a window (exit 0 clean, 1 problems, 2 unusable)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("levels", nargs="*", metavar="LEVEL", type=level_arg, help=f"levels to check: {LEVEL_HELP}")
    p.add_argument("--all", action="store_true", help="check every shipped leg (from any folder)")
    p.add_argument("--json", action="store_true", help="one JSON object per problem per line (for tools)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")


def run(args: argparse.Namespace) -> int:
    from game.sim.leveldata import LevelError
    from game.tiled.checks import check_problems

    paths = list(args.levels)
    if args.all:
        paths += resources.legs()
    paths = _once(paths)
    if not paths:
        raise UsageError("balto check: name one or more LEVEL files, or give --all (see --help)")
    unusable = problems = 0
    for p in paths:
        try:
            found = check_problems(p)
        except LevelError as exc:
            if args.json:
                print(json.dumps(_unusable(str(p), str(exc))))
            else:
                print(printable(str(exc)), file=sys.stderr)
            unusable += 1
            continue
        for problem in found:
            print(json.dumps(problem.as_json()) if args.json else printable(problem.line))
        problems += bool(found)
    if not args.quiet:
        clean = len(paths) - unusable - problems
        print(f"checked {len(paths)} level{'s' * (len(paths) != 1)}: {clean} clean, "
              f"{problems} with problems, {unusable} unusable", file=sys.stderr)
    return 2 if unusable else 1 if problems else 0


def _once(paths: list[Path]) -> list[Path]:
    """Each level once (`check --all levels/01_....tmx` checks eight, not nine), in order."""
    seen: set[Path] = set()
    out = []
    for p in paths:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _unusable(path: str, text: str) -> dict[str, object]:
    """The JSON line of a level that cannot be read at all."""
    where = dict.fromkeys(("object_id", "object_name", "layer", "tile_x", "tile_y", "pixel_x", "pixel_y"))
    message, sep, fix = text.partition(": ")[2].rpartition("; ")
    if not sep:
        message, fix = text.partition(": ")[2], ""
    return {"file": path, "severity": "error", "message": message, "fix": fix or None, **where}
