"""The command line: `python main.py`, `python -m game` and `balto` all land here.

No arguments starts the game. Bad arguments, a bad level or missing game content: one line
on stderr, exit 2. Each subcommand lives in its own module under `game/cli/`; a LEVEL is a
shipped leg's number or name, or a path (game.cli.common.level_arg).
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from game import __version__, resources
from game.cli.common import UsageError, printable
from game.cli.registry import COMMANDS, load
from game.sim.leveldata import LevelError

TITLE = "Balto: The Serum Run"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line instead of usage + message
        raise UsageError(f"{self.prog}: {message} (see --help)")


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The parser with every command of game.cli.registry.COMMANDS (built once: parsing does
    not change it)."""
    p = _Parser(prog="balto", description=f"{TITLE}. No command starts the game.")
    p.add_argument("--version", action="version", version=f"{TITLE} {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in COMMANDS:
        mod = load(name)
        mod.add_arguments(sub.add_parser(mod.NAME, help=mod.HELP, description=mod.__doc__))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run a command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv or ["play"])  # no command: play, with its defaults
        resources.check()  # every command needs the content; never start with stand-in art
        return int(load(args.command).run(args))
    except (UsageError, LevelError, resources.ResourceError) as exc:
        print(printable(str(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `balto simulate 1 --json | head -c 200`: the reader left
        _quiet_stdout()
        return 141  # as a shell reports a pipe closed early (128 + SIGPIPE)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush cannot raise on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
