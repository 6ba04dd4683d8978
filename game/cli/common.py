"""Argument types and errors shared by the commands."""
from __future__ import annotations

import argparse
import math


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
