"""Argument types and errors shared by the commands."""
from __future__ import annotations

import argparse
import math
import re
import unicodedata
from pathlib import Path

from game import resources

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


MAX_SEED = 2**63 - 1  # what numpy's seeded generator takes, and what a replay stores


def seed_arg(text: str) -> int:
    """An argparse type: a random seed, a whole number 0 .. 2**63-1."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 0 <= v <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_SEED}, got {text}")
    return v


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
