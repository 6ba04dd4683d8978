"""Argument types and errors shared by the commands."""
from __future__ import annotations

import argparse
import math
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from game import resources
from game.session.replay_file import MAX_SEED
from game.sim.human import REACTION_MS_MAX

LEVEL_HELP = "a shipped leg by number (3) or name (03_yukon_to_ruby), or a .tmx path"


class UsageError(Exception):
    """A wrong argument: printed as one line, exit 2."""


def positive_seconds(text: str) -> float:
    """An argparse type: a finite number > 0."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text!r}")
    return v


def whole_number(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `lo` to `hi`."""
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"must be from {lo} to {hi}, got {text}")
        return v
    return parse


seed_arg = whole_number(0, MAX_SEED)  # what numpy's seeded generator takes, and what a replay stores
reaction_ms_arg = whole_number(0, REACTION_MS_MAX)  # the human model's reaction time
REACTION_HELP = "the human bot's reaction time in ms, 0 to 1000 (default 200)"


_SUSPECT = re.compile(r"[^\t\x20-\x7e]")  # all but tab and printable ASCII: looked at one by one
LINE_MAX = 2000  # characters of one printed line; the rest is summarised


def printable(line: str) -> str:
    """A line safe for a terminal: control and bidirectional-formatting characters (which can
    hide or reorder what a name says, or move the cursor) shown as \\u escapes, and a line
    longer than LINE_MAX cut with a count of what was left out."""
    if len(line) > LINE_MAX:
        line = f"{line[:LINE_MAX]}... ({len(line) - LINE_MAX:,} more characters)"
    return _SUSPECT.sub(_escape, line)


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return f"\\u{ord(c):04x}" if ord(c) < 0xA0 or unicodedata.category(c) == "Cf" else c


def level_arg(text: str) -> Path:
    """An argparse type: a shipped leg by number (`3`) or name (`03_yukon_to_ruby`), else
    the path as given (see game.resources.resolve_level)."""
    try:
        return resources.resolve_level(text)
    except resources.LevelNameError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
