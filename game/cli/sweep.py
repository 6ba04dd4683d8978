"""`balto sweep LEVEL... --seeds 1-1000`: many seeds of one or more levels in a process pool.

Prints a table per level (finish rate, vials mean and minimum, time, losses by cause), or one
JSON object with --json (the seeds it ran in `seed_list`, each level named as it was typed);
--csv FILE writes one row per run. A progress bar goes to stderr
(plain lines when stderr is not a terminal).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from game.cli.common import LEVEL_HELP, REACTION_HELP, UsageError, level_arg, positive_seconds, reaction_ms_arg

NAME = "sweep"
HELP = "run levels on many seeds in parallel and summarise"


def seed_list(text: str) -> list[int]:
    """An argparse type: `1-1000`, `7` or a comma list of both."""
    from game.headless.sweep import parse_seeds

    try:
        return parse_seeds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def worker_count(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return n


def given_level(text: str) -> tuple[str, Path]:
    """An argparse type: the level as typed (how the report names it) and its path."""
    return text, level_arg(text)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("levels", nargs="+", metavar="LEVEL", type=given_level, help=LEVEL_HELP)
    p.add_argument("--seeds", type=seed_list, default=None, help="seeds: 1-1000, 7 or 1-10,42 (default 1-100)")
    p.add_argument("--bot", choices=("autopilot", "none", "random", "human"), default="autopilot",
                   help="who drives (default autopilot; human: a person at the keyboard)")
    p.add_argument("--reaction-ms", type=reaction_ms_arg, default=None, metavar="MS", help=REACTION_HELP)
    p.add_argument("--workers", type=worker_count, default=None,
                   help=f"processes (default: the CPU count, {os.cpu_count()} here; 1 = no pool)")
    p.add_argument("--max-seconds", type=positive_seconds, default=600.0,
                   help="game seconds before a run counts as a timeout (default 600)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", metavar="FILE",
                   help="also write one row per run to FILE (-: the rows on stdout instead of the table)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run(args: argparse.Namespace) -> int:
    from game.headless.sweep import ProgressBar, format_table, parse_seeds, seeds_label, sweep, write_csv
    from game.tiled.level import load_level

    if args.reaction_ms is not None and args.bot != "human":
        raise UsageError(f"balto sweep: --reaction-ms is the human bot's, not {args.bot}'s; add --bot human")
    seeds = args.seeds if args.seeds is not None else parse_seeds("1-100")
    levels = [load_level(p) for _, p in args.levels]  # a bad level: exit 2 before any work
    csv_file = _open_csv(args.csv) if args.csv and args.csv != "-" else None  # before any work too
    progress = None if args.quiet else ProgressBar(sys.stderr)
    try:
        report = sweep(levels, seeds, bot=args.bot, workers=args.workers, max_seconds=args.max_seconds,
                       progress=progress, names=[text for text, _ in args.levels],
                       reaction_ms=200 if args.reaction_ms is None else args.reaction_ms)
        if csv_file is not None:
            write_csv(report, csv_file)
    finally:
        if csv_file is not None:
            csv_file.close()
    if args.csv == "-":  # the rows on stdout, instead of the table
        write_csv(report, sys.stdout)
        return 0
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        label = seeds_label(seeds)
        print("\n\n".join(format_table(s, label) for s in report.levels))
        print(f"\n{len(report.results)} runs in {report.wall_seconds:.1f} s on {report.workers} "
              f"worker{'s' if report.workers != 1 else ''}")
    return 0


def _open_csv(path: str) -> TextIO:
    """The CSV file, opened for writing now, so a bad path fails before the sweep runs."""
    try:
        return open(path, "w", newline="", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"balto sweep: cannot write {path} ({exc.strerror or exc}); "
                         "give a file in a folder that exists, or - for stdout") from None
