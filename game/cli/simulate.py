"""`balto simulate LEVEL`: run a level headless and report the result.

`--inputs FILE` drives with the scripted bot (an inputs file, see docs/simulation.md);
`--replay FILE` re-runs a recorded replay instead and exits 1 when its digest differs.
"""
from __future__ import annotations

import argparse
import json
import sys

from game.cli.common import (
    LEVEL_HELP,
    REACTION_HELP,
    UsageError,
    level_arg,
    positive_seconds,
    reaction_ms_arg,
    seed_arg,
)
from game.headless.simulation import BOT_NAMES

NAME = "simulate"
HELP = "run a level headless and report the result"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", nargs="?", type=level_arg, help=f"{LEVEL_HELP} (not with --replay)")
    p.add_argument("--bot", choices=BOT_NAMES, default=None,
                   help="who drives (default autopilot; script plays --inputs)")
    p.add_argument("--reaction-ms", type=reaction_ms_arg, default=None, metavar="MS", help=REACTION_HELP)
    p.add_argument("--inputs", metavar="FILE", help="an inputs file for the script bot")
    p.add_argument("--replay", metavar="FILE",
                   help="re-run a recorded replay; exit 1 if the digest differs from the recording")
    p.add_argument("--seed", type=seed_arg, default=1, help="random seed, 0 or more (default 1)")
    p.add_argument("--max-seconds", type=positive_seconds, default=600.0,
                   help="game seconds before the run counts as a timeout (default 600); with --replay "
                        "or --inputs, the longest run they may hold")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _summary(r) -> str:
    losses = ", ".join(f"{k} {v}" for k, v in sorted(r.losses.items())) or "none"
    return (f"{r.title}: {r.outcome} in {r.seconds:.1f} s with {r.vials}/{r.vials_start} vials "
            f"(losses: {losses}); score {r.score}, {'*' * r.stars or 'no stars'}")


def _replay(args: argparse.Namespace) -> int:
    from game.session.replay import ReplayError, load_replay, max_ticks, verify

    if args.level or args.inputs or args.bot or args.reaction_ms is not None:
        raise UsageError("balto simulate: --replay takes no LEVEL, --bot, --reaction-ms or --inputs "
                         "(the replay names its level)")
    try:
        check = verify(load_replay(args.replay, max_ticks(args.max_seconds)))
    except ReplayError as exc:
        raise UsageError(str(exc)) from None
    if check.level_changed:
        print(f"{check.level_path} changed since this replay was recorded; the run may differ",
              file=sys.stderr)
    if args.json:
        print(json.dumps(check.as_dict()))
    else:
        print(_summary(check.result))
        print("digest matches the recording" if check.matches else
              f"digest differs: recorded {check.recorded_digest or '(none)'}, now {check.result.digest}")
    return 0 if check.matches else 1


def run(args: argparse.Namespace) -> int:
    if args.replay:
        return _replay(args)
    if not args.level:
        raise UsageError("balto simulate: give a LEVEL or --replay FILE (see --help)")
    from game.headless.simulation import InputsError, Simulation, load_inputs, make_bot
    from game.session.replay import max_ticks

    bot = args.bot or ("script" if args.inputs else "autopilot")
    if bot == "script" and not args.inputs:
        raise UsageError("balto simulate: --bot script needs --inputs FILE")
    if args.reaction_ms is not None and bot != "human":
        raise UsageError(f"balto simulate: --reaction-ms is the human bot's, not {bot}'s; add --bot human")
    if args.inputs and bot != "script":
        raise UsageError(f"balto simulate: --inputs plays the script bot, not {bot}")
    try:
        driver = load_inputs(args.inputs, max_ticks(args.max_seconds)) if args.inputs else make_bot(
            bot, args.seed, reaction_ms=200 if args.reaction_ms is None else args.reaction_ms)
    except InputsError as exc:
        raise UsageError(str(exc)) from None
    sim = Simulation.from_file(args.level, args.seed)
    r = sim.run(driver, args.max_seconds, bot)
    print(json.dumps(r.as_dict()) if args.json else _summary(r))
    return 0
