"""`balto heatmap LEVEL OUT.png [--runs N] [--bot autopilot]`: where vials are lost.

Runs the level headless N times (seeds 1..N) with a bot, collects every VIALS_LOST event
(place, cause, amount) and draws them over the level: a heat layer of vials lost per place, a
dot per loss coloured by its cause, and a legend with the runs' outcomes and the losses by cause.
"""
from __future__ import annotations

import argparse
import os

from game.cli.common import (
    LEVEL_HELP,
    REACTION_HELP,
    UsageError,
    level_arg,
    positive_seconds,
    reaction_ms_arg,
    whole_number,
)
from game.cli.render_map import save_png, scale_arg

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


def collect(level, runs: int, bot: str, max_seconds: float = 600.0, reaction_ms: float = 200):
    """Run seeds 1..runs; returns (losses, results)."""
    from game.headless.simulation import TICK_HZ, Simulation
    from game.render.level_image import Loss
    from game.sim import events as E
    from game.sim.bots import make_bot
    from game.sim.navigation import build_nav

    nav = build_nav(level)
    losses: list[Loss] = []
    results = []
    max_ticks = int(round(max_seconds * TICK_HZ))
    for seed in range(1, runs + 1):
        sim = Simulation(level, seed, nav=nav)
        drive = make_bot(bot, seed, reaction_ms)
        world = sim.world
        while not world.outcome and world.tick < max_ticks:
            for ev in sim.step(drive(world)):
                if isinstance(ev, E.VialsLost):
                    losses.append(Loss(ev.x, ev.y, ev.cause, ev.vials))
        results.append(sim.result(bot))
    return losses, results


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.render.level_image import PictureTooLarge, heatmap_image, picture_size
    from game.tiled.level import load_level

    if not args.out.lower().endswith(".png"):
        raise UsageError(f"balto {NAME}: {args.out}: the picture must be a .png file")
    if args.reaction_ms is not None and args.bot != "human":
        raise UsageError(f"balto {NAME}: --reaction-ms is the human bot's, not {args.bot}'s; add --bot human")
    reaction = 200 if args.reaction_ms is None else args.reaction_ms
    level = load_level(args.level)
    try:
        picture_size(level, args.scale)  # a picture too large: say so before any run
    except PictureTooLarge as exc:
        raise UsageError(f"balto {NAME}: {level.path}: {exc}") from None
    losses, results = collect(level, args.runs, args.bot, args.max_seconds, reaction)
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
