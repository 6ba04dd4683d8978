"""`balto play [LEVEL]`: open the game window (also what no command does).

`--watch` (with a LEVEL) reloads the leg whenever its .tmx or a tileset, template or image it
uses changes on disk; the team keeps its place when that spot is still open ground. A save
that does not load shows its message on screen and the last good version keeps running.

`--bot NAME` (with a LEVEL) lets a bot drive the window so a designer can watch the line it
takes: the player's keys only pause and quit, nothing is recorded (no replay, no score), and
when a run ends the leg starts again on the next seed. It combines with `--watch`.

`--from NAME` (with a LEVEL) starts every run of the leg at the checkpoint of that name (or
object id, what Tiled's %objectid gives), the team placed there as if it had respawned, facing
the checkpoint's `heading` or else the way on. A name the leg does not have: exit 2, listing
the names it has. Such runs, like any run of a map outside the shipped campaign, never enter
high scores, stars or the replays list.
"""
from __future__ import annotations

import argparse

from game.cli.common import LEVEL_HELP, UsageError, level_arg, printable, seed_arg
from game.sim.bots import BOT_NAMES
from game.tiled.level import load_level

NAME = "play"
HELP = "open the game window (the default)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", nargs="?", type=level_arg, help=f"start straight into this leg: {LEVEL_HELP}")
    p.add_argument("--seed", type=seed_arg, default=None, help="random seed of the run, 0 or more")
    p.add_argument("--watch", action="store_true",
                   help="reload LEVEL when its file or its tilesets change (for level designers)")
    p.add_argument("--bot", choices=BOT_NAMES, default=None,
                   help="let this bot drive LEVEL for watching (nothing is recorded; "
                        "each run ends into the next seed)")
    p.add_argument("--from", dest="start_at", metavar="NAME", default="",
                   help="start LEVEL at the checkpoint of this name (or object id); nothing is recorded")


def run(args: argparse.Namespace) -> int:
    from game.app.window import NoDisplayError, run_app
    from game.session.run import checkpoint_names, find_checkpoint

    level = None if args.level is None else str(args.level)
    where = args.start_at
    if level is not None:
        loaded = load_level(level)  # a level that does not load: one line and exit 2, before any window
        cp = find_checkpoint(loaded, args.start_at) if args.start_at else None
        if args.start_at and cp is None:
            names = ", ".join(repr(n) for n in checkpoint_names(loaded)) or "none"
            raise UsageError(f"balto play: {level} has no checkpoint {args.start_at!r}; its checkpoints: {names}")
        if cp is not None:  # by id or by name: say its name (and id)
            where = f"{printable(cp.name)!r} (object {cp.id})" if cp.name else f"object {cp.id}"
    if args.watch and not level:
        raise UsageError("balto play: --watch needs a LEVEL to watch (balto play levels/x.tmx --watch)")
    if args.bot and not level:
        raise UsageError("balto play: --bot needs a LEVEL for the bot to drive (balto play 1 --bot autopilot)")
    if args.start_at and not level:
        raise UsageError("balto play: --from needs a LEVEL (balto play levels/x.tmx --from 'Roadhouse')")
    if args.start_at:
        print(f"starting {printable(loaded.path)} at checkpoint {where} (this run is not recorded)")
    try:
        return run_app(level=level, seed=args.seed, watch=bool(args.watch), bot=args.bot or "",
                       start_at=args.start_at)
    except NoDisplayError as exc:
        raise UsageError(str(exc)) from None
