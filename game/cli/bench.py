"""`balto bench`: measure the game's speed on this machine (see docs/performance.md).

Headless ticks/s on every leg, frame render time p50/p99 under a full blizzard (640x360 and
the 1280x720 window), pyscroll on the same views, level load against a bare pytmx parse,
start-up to the first title frame and peak memory. Always exits 0 when it could measure: the
targets are reported, not enforced. `--quick` takes short samples (CI proves it works).
`--against REV` measures another git revision too (a temporary worktree), side by side. With the
`rl` extra installed it also measures the Gymnasium env (game.rl.bench): steps/s and the
observation's cost over the bare ticks.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.cli.common import LEVEL_HELP, UsageError, level_arg

NAME = "bench"
HELP = "measure simulation, render, load, start-up and memory on this machine"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("levels", nargs="*", metavar="LEVEL", type=level_arg,
                   help=f"levels to measure (default: every shipped leg); {LEVEL_HELP}")
    p.add_argument("--quick", action="store_true", help="short samples: proves the bench works")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--against", metavar="REV",
                   help="also measure this git revision (a temporary worktree), alternating, with the ratios")
    p.add_argument("--rounds", type=int, default=2, metavar="N",
                   help="with --against: runs of each revision, alternating (default 2)")


def run(args: argparse.Namespace) -> int:
    from game.devtools.bench import check_targets, format_report, run_all
    from game.devtools.bench.against import AgainstError, format_against, run_against
    from game.tiled.level import load_level

    paths = list(args.levels) or None
    for p in paths or ():
        load_level(p)  # a bad level: one line, exit 2
    log = None if args.json else (lambda s: print(s, file=sys.stderr, flush=True))
    if args.against is not None:
        if args.rounds < 1:
            raise UsageError("balto bench: --rounds must be at least 1")
        extra = [str(p.resolve()) for p in paths or ()] + (["--quick"] if args.quick else [])
        try:
            rep = run_against(args.against, extra, args.rounds, log)
        except AgainstError as exc:
            raise UsageError(f"balto bench: {exc}") from None
        print(json.dumps(rep) if args.json else format_against(rep))
        return 0
    try:
        report = run_all(quick=args.quick, paths=paths, log=log)
    except ValueError as exc:
        raise UsageError(f"balto bench: {exc}") from None
    rl = _bench_rl(args.quick, paths, log)
    report["rl"] = rl
    report["targets"] = check_targets(report)  # with the env's overhead target (n/a when skipped)
    text = format_report(report)
    if not args.json:
        text += "\n" + (_format_rl(rl) if "skipped" not in rl else f"Gymnasium env: skipped ({rl['skipped']})")
    print(json.dumps(report) if args.json else text)
    return 0


def _bench_rl(quick: bool, paths: list[Path] | None, log: Callable[[str], None] | None) -> dict[str, Any]:
    """The Gymnasium env's throughput (game.rl.bench), when the `rl` extra is installed; the
    observation's overhead on each of `paths` (default every shipped leg)."""
    try:
        from game.rl.bench import run_rl
    except ImportError as exc:  # gymnasium missing: pip install -e ".[rl]"
        return {"skipped": f"{exc}; install the rl extra"}
    if log is not None:
        log("bench: the Gymnasium env ...")
    return run_rl(quick=quick, legs=paths)


def _format_rl(rep: dict[str, Any]) -> str:
    from game.rl.bench import format_rl

    return format_rl(rep)
