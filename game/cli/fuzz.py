"""`balto fuzz [--cases N] [--seed S] [--out DIR]`: throw hostile files at the game.

Each case is a small valid leg with one file mutated the way an attacker would (numbers at
the extremes, types swapped, references to FIFOs and /dev/zero, deep nesting, huge sizes) and
run through `check`, `simulate`, `render`, a replay, an inputs file or the saves, in worker
processes with a time and memory limit (game/devtools/fuzz.py). Seeds start at `--seed`
(default: a fresh one from the clock), so a failure is reproduced with `--seed N --cases 1`.
Each failing case's files go to `--out` (default `fuzz-failures/`). Exit 0 when every case
held, 1 when any failed.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from game.cli.common import UsageError, seed_arg, whole_number

NAME = "fuzz"
HELP = "run hostile-input cases against the game (each failure saved to a folder)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=whole_number(1, 10_000_000), default=200, help="how many cases (default 200)")
    p.add_argument("--seed", type=seed_arg, default=None, help="the first case's seed (default: from the clock)")
    p.add_argument("--workers", type=whole_number(1, 64), default=2, help="worker processes (default 2)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds before a case counts as a hang")
    p.add_argument("--out", default="fuzz-failures", help="folder for failing cases (default fuzz-failures/)")


def run(args: argparse.Namespace) -> int:
    from game.cli import main
    from game.devtools.fuzz import fuzz, save_case

    if not 0 < args.timeout <= 3600:
        raise UsageError("balto fuzz: --timeout must be 0 to 3600 seconds")
    first = args.seed if args.seed is not None else time.time_ns() % 1_000_000_000
    print(f"fuzz: seeds {first}-{first + args.cases - 1} on {args.workers} workers", file=sys.stderr)

    def tell(done: int) -> None:
        if done % 50 == 0 or done == args.cases:
            print(f"fuzz: {done}/{args.cases}", file=sys.stderr)

    failures = fuzz(range(first, first + args.cases), main, workers=args.workers, timeout=args.timeout,
                    progress=tell)
    out = Path(args.out)
    for f in failures:
        print(f.line())
        save_case(f, out)
    print(f"fuzz: {len(failures)} of {args.cases} cases failed"
          + (f"; their files are in {out}/" if failures else ""), file=sys.stderr)
    return 1 if failures else 0
