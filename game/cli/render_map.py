"""`balto render LEVEL OUT.png [--scale S]`: a picture of the whole level for designers.

Draws every visible tile layer as the game draws it, then every object at its place with a
label (start and its heading, finish, checkpoints, markers with Steele's false ones crossed,
zones, bears with their aggro and leash rings, patrols, the wolf's radius), under a header
naming the leg. Needs no window. A level with problems (no start yet, a bad property) still
draws, with its problems as warnings on stderr; only an unreadable file stops it (exit 2).
"""
from __future__ import annotations

import argparse
import math
import os

from game import resources
from game.cli.common import LEVEL_HELP, UsageError, level_arg

NAME = "render"
HELP = "draw a whole level (tiles, objects, labels) to a PNG"


def scale_arg(text: str) -> float:
    """An argparse type: a scale from 0.05 to 8."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(v) or not 0.05 <= v <= 8:
        raise argparse.ArgumentTypeError(f"must be from 0.05 to 8, got {text!r}")
    return v


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("level", type=level_arg, help=LEVEL_HELP)
    p.add_argument("out", help="the PNG to write")
    p.add_argument("--scale", type=scale_arg, default=1.0, help="size of the picture (default 1: 1 px per px)")
    p.add_argument("--no-labels", action="store_true", help="leave out the object labels")
    p.set_defaults(command="render_map")  # the module behind the command name `render`


def check_out(out: str, command: str = NAME) -> None:
    """UsageError unless `out` can be a PNG written where it says (a .png name in a folder
    that exists): said before any work, not after it."""
    if not out.lower().endswith(".png"):
        raise UsageError(f"balto {command}: {out}: the picture must be a .png file")
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise UsageError(f"balto {command}: {out}: no such folder {folder}")


def save_png(surface, out: str) -> None:
    """Write a Surface as PNG, or raise UsageError naming the path."""
    import pygame

    check_out(out)
    try:
        pygame.image.save(surface, out)
    except (pygame.error, OSError) as exc:
        raise UsageError(f"balto: {out}: cannot write the picture ({exc})") from None


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import sys

    from game.render.level_image import PictureTooLarge, level_image
    from game.tiled.level import read_level

    level, problems = read_level(args.level)  # a level with problems still draws
    shipped = resources.shipped_name(args.level)
    if shipped:  # the same header wherever the game is installed
        level.path = shipped
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    before = list(problems)
    try:
        pic = level_image(level, args.scale, labels=not args.no_labels, problems=problems)
    except PictureTooLarge as exc:
        raise UsageError(f"balto {NAME}: {level.path}: {exc}") from None
    for line in problems[len(before):]:
        print(f"warning: {line}", file=sys.stderr)
    save_png(pic, args.out)
    print(f"{args.out}: {pic.get_width()}x{pic.get_height()} px")
    return 0
