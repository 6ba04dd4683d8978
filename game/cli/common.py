"""Argument types and errors shared by the commands."""
from __future__ import annotations

import argparse
import math
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


def level_arg(text: str) -> Path:
    """An argparse type: a shipped leg by number (`3`) or name (`03_yukon_to_ruby`), else
    the path as given (see game.resources.resolve_level)."""
    try:
        return resources.resolve_level(text)
    except resources.LevelNameError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
