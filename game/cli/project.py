"""`balto project FOLDER`: a Tiled project for a designer's own legs, from the installed game.

A wheel keeps the game's Tiled project (`levels/balto.tiled-project`, its extension and object
templates) and its tilesets inside site-packages, where nobody should edit. This copies them
into FOLDER the way a checkout lays them out, so docs/level-design.md works as written:

    FOLDER/levels/balto.tiled-project   open this in Tiled
    FOLDER/levels/extensions/balto.js   Check map and the check on save (Issues view)
    FOLDER/levels/templates/*.tx        one ready-made object per class
    FOLDER/assets/tiles/                the terrain tileset (terrain.tsx and its picture)

With `--example`, the first shipped leg comes too, to open and learn from. Nothing is ever
overwritten: a file already there stops the command before anything is copied (exit 2).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from game import resources
from game.cli.common import UsageError, printable

NAME = "project"
HELP = "copy the game's Tiled project, templates and tileset into a folder for your own legs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", metavar="FOLDER", help="where to put levels/ and assets/tiles/ (made if missing)")
    p.add_argument("--example", action="store_true", help="also copy leg 1 as an example to open")


def kit(example: bool = False) -> list[tuple[Path, Path]]:
    """(source, path inside FOLDER) of every file the project needs: the project file, the
    extension, the templates, the tileset folder; leg 1 with `example`."""
    levels, tiles = resources.LEVELS, resources.ASSETS / "tiles"
    files = [levels / "balto.tiled-project"]
    files += sorted((levels / "extensions").glob("*.js")) + sorted((levels / "templates").glob("*.tx"))
    if example:
        files.append(resources.legs()[0])
    out = [(f, Path("levels") / f.relative_to(levels)) for f in files]
    out += [(f, Path("assets") / "tiles" / f.name) for f in sorted(tiles.iterdir()) if f.is_file()]
    return out


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"balto project: {printable(str(folder))} is a file, not a folder; name a new or empty folder")
    files = kit(args.example)
    there = [folder / rel for _, rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]
    if there:
        more = f" (and {len(there) - 1} more)" if len(there) > 1 else ""
        raise UsageError(f"balto project: {printable(str(there[0]))} is already there{more}; "
                         "nothing was copied: name a new or empty folder")
    try:
        for src, rel in files:
            dest = folder / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    except OSError as exc:
        raise UsageError(f"balto project: cannot write into {printable(str(folder))}: "
                         f"{printable(exc.strerror or str(exc))}") from None
    project = folder / "levels" / "balto.tiled-project"
    print(f"a Tiled project for your legs: open {printable(str(project))} in Tiled "
          "(docs/level-design.md, section 1); save new maps in its levels/ folder", file=sys.stderr)
    return 0
