"""`balto heatmap LEVEL OUT.png [--runs N] [--bot autopilot]`: where vials are lost.

Runs the level headless N times (seeds 1..N) with a bot, collects every VIALS_LOST event
(place, cause, amount) and draws them over the level: a heat layer of vials lost per place, a
dot per loss coloured by its cause, and a legend with the runs' outcomes and the losses by cause.
The runs go to `--workers` processes (default: the CPU count), with progress on stderr like
`sweep` (`--quiet`: none).
"""
from __future__ import annotations

import argparse
import os
import sys

from game.cli.common import (
    LEVEL_HELP,
    REACTION_HELP,
    UsageError,
    level_arg,
    positive_seconds,
    reaction_ms_arg,
    whole_number,
    worker_count,
)
from game.cli.render_map import check_out, save_png, scale_arg

NAME = "heatmap"
HELP = "draw where vials were lost over many headless runs to a PNG"


runs_arg = whole_number(1, 10000)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from game.sim.bots import BOT_NAMES

    p.add_argument("level", type=level_arg, help=LEVEL_HELP)
    p.add_argument("out", help="the PNG to write")
    p.add_argument("--runs", type=runs_arg, default=20, help="runs, with seeds 1..N (default 20)")
    p.add_argument("--bot", choices=BOT_NAMES, default="autopilot", help="who drives (default autopilot)")
    p.add_argument("--reaction-ms", type=reaction_ms_arg, default=None, metavar="MS", help=REACTION_HELP)
    p.add_argument("--max-seconds", type=positive_seconds, default=600.0,
                   help="game seconds before a run counts as a timeout (default 600)")
    p.add_argument("--scale", type=scale_arg, default=1.0, help="size of the picture (default 1)")
    p.add_argument("--workers", type=worker_count, default=None,
                   help=f"processes (default: the CPU count, {os.cpu_count()} here; 1 = no pool)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")


def collect(level, runs: int, bot: str, max_seconds: float = 600.0, reaction_ms: float = 200,
            workers: int | None = 1, progress=None):
    """Run seeds 1..runs over `workers` processes; returns (losses, results) in seed order."""
    from game.headless.sweep import loss_runs
    from game.render.level_image import Loss

    rows = loss_runs(level, range(1, runs + 1), bot, workers, max_seconds, progress, reaction_ms)
    losses = [Loss(x, y, cause, vials) for _, lost in rows for x, y, cause, vials in lost]
    return losses, [result for result, _ in rows]


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.render.level_image import PictureTooLarge, heatmap_image, picture_size
    from game.tiled.level import load_level

    check_out(args.out, NAME)  # before the runs: a wrong folder is said at once, not after every seed
    if args.reaction_ms is not None and args.bot != "human":
        raise UsageError(f"balto {NAME}: --reaction-ms is the human bot's, not {args.bot}'s; add --bot human")
    reaction = 200 if args.reaction_ms is None else args.reaction_ms
    level = load_level(args.level)
    try:
        picture_size(level, args.scale)  # a picture too large: say so before any run
    except PictureTooLarge as exc:
        raise UsageError(f"balto {NAME}: {level.path}: {exc}") from None
    from game.headless.sweep import ProgressBar

    progress = None if args.quiet else ProgressBar(sys.stderr, label=NAME)
    losses, results = collect(level, args.runs, args.bot, args.max_seconds, reaction, args.workers, progress)
    done = sum(1 for r in results if r.outcome == "finished")
    vials = sum(r.vials for r in results) / len(results)
    lost = sum(loss.amount for loss in losses)
    who = f"{args.bot} {reaction} ms" if args.bot == "human" else args.bot
    lines = [f"{level.title}: vials lost over {len(results)} runs (bot {who}, seeds 1-{len(results)})",
             f"finished {done}/{len(results)}, {vials:.1f} of {level.vials} vials left on average, "
             f"{lost} lost in all"]
    pic = heatmap_image(level, losses, lines, args.scale)
    save_png(pic, args.out)
    print(f"{args.out}: {pic.get_width()}x{pic.get_height()} px; {lines[1]}")
    return 0
