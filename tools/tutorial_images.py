"""Regenerate the tutorial's pictures (docs/images/tutorial-*.png) from its leg,
tests/maps/tutorial_leg.tmx, with the game's own code:

    python tools/tutorial_images.py [--out docs/images]

1. the `ground` layer alone; 2. with `obstacles`; 3. what `balto render` draws; 4. what
`balto heatmap ... --runs 40 --bot random` draws (the command the tutorial shows). The header
names the leg as the tutorial saves it, `levels/my_first_leg.tmx`. Rerun it
after changing the leg, the renderer or the rules; tests/test_docs_examples.py fails when a
committed picture is not what this script makes.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from game.cli import main as balto  # noqa: E402
from game.render.level_image import level_image  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LEG = REPO / "tests" / "maps" / "tutorial_leg.tmx"
NAMES = ("tutorial-1-ground.png", "tutorial-2-obstacles.png", "tutorial-3-objects.png", "tutorial-4-heatmap.png")
AS_SAVED = "levels/my_first_leg.tmx"  # where the tutorial saves its leg
HEATMAP_ARGS = ("--runs", "40", "--bot", "random")


def write_images(out: Path) -> list[Path]:
    """Write the four pictures into `out`; returns their paths."""
    pygame.display.init()
    level = replace(load_level(LEG), path=AS_SAVED)
    paths = [out / name for name in NAMES]
    for path, layers in zip(paths[:2], (("ground",), ("ground", "obstacles"))):
        part = replace(level, layers=tuple(la for la in level.layers if la.name in layers), objects={})
        pygame.image.save(level_image(part), str(path))
    pygame.image.save(level_image(level), str(paths[2]))  # what `balto render` draws
    if balto(["heatmap", str(LEG), str(paths[3]), *HEATMAP_ARGS]) != 0:
        raise SystemExit("heatmap failed")
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "images", help="folder to write into")
    args = ap.parse_args()
    for path in write_images(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
