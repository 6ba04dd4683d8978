"""Where the game's content lives: the art, sound and font (`assets/`) and the legs (`levels/`).

This is the one module that knows. In a checkout (and an editable install) they are the
top-level folders beside `game/`; in an installed wheel they are the package folders
`game/assets` and `game/levels` (pyproject.toml maps them at build time). Both layouts keep
the two folders side by side, so a leg's `../assets/tiles/terrain.tsx` resolves in either.
Content that is missing anyway is a ResourceError: one line, and the CLI exits 2.
"""
from __future__ import annotations

import os
import re
from importlib import resources as _importlib_resources
from pathlib import Path

PACKAGE = "game"
# The folder on sys.path that holds this `game` package: a child Python process started
# there (`python -c "import game..."`) imports this same game, installed or not.
IMPORT_ROOT = Path(__file__).resolve().parent.parent
# Files the game cannot start without (the sounds are optional: no sound plays silent).
REQUIRED = ("ui/font.png", "ui/font.json", "sprites/sprites.png", "sprites/sprites.json",
            "tiles/terrain.tsx", "tiles/terrain.png")
_NUMBER = re.compile(r"[0-9]{1,3}")


class ResourceError(Exception):
    """The game's content is missing: the message is one line; the CLI prints it and exits 2."""


class LevelNameError(ValueError):
    """A leg number or name that no shipped leg has (one line; the CLI exits 2)."""


def _content_root() -> Path:
    """The folder holding assets/ and levels/: the installed package's data, found through
    importlib.resources, else the checkout this module was imported from."""
    packaged = _importlib_resources.files(PACKAGE)
    if isinstance(packaged, Path) and (packaged / "assets").is_dir() and (packaged / "levels").is_dir():
        return packaged
    return IMPORT_ROOT


# The folder holding assets/ and levels/: the package folder when installed, the checkout
# otherwise. Maps may reference files anywhere below it (game.tiled trusts it).
ROOT = _content_root()
ASSETS = ROOT / "assets"
LEVELS = ROOT / "levels"


def _missing(what: str) -> ResourceError:
    return ResourceError(f"balto: the game's content is missing ({what} not found under {ROOT}); "
                         "reinstall the game, or run it from a complete checkout")


def asset(*parts: str) -> Path:
    """The path of one file under assets/, e.g. asset("ui", "font.png"); ResourceError if absent."""
    path = ASSETS.joinpath(*parts)
    if not path.is_file():
        raise _missing(f"assets/{'/'.join(parts)}")
    return path


def legs() -> list[Path]:
    """The shipped legs (levels/*.tmx) in route order (their names start with the number)."""
    found = sorted(LEVELS.glob("*.tmx"))
    if not found:
        raise _missing("levels/*.tmx")
    return found


def check() -> None:
    """Raise ResourceError unless the art, font, tileset and legs are all there: the game
    refuses to start with half its content rather than draw stand-ins."""
    for rel in REQUIRED:
        asset(*rel.split("/"))
    legs()


def resolve_level(text: str | os.PathLike[str]) -> Path:
    """A level as a person names it: a shipped leg's number (`3`) or file stem
    (`03_yukon_to_ruby`), else a path as given (a shipped leg's printed name `levels/NAME.tmx`
    names the shipped file from any folder: `shipped_file`). LevelNameError for a number or
    bare name that no leg has (and that is no file either)."""
    raw = os.fspath(text)
    if _NUMBER.fullmatch(raw):
        shipped = legs()
        n = int(raw)
        if not 1 <= n <= len(shipped):
            raise LevelNameError(f"there is no leg {raw}: the shipped legs are 1 to {len(shipped)}")
        return shipped[n - 1]
    path = Path(raw)
    if raw and path.name == raw and not path.suffix and not path.exists():
        by_stem = {p.stem: p for p in legs()}
        if raw in by_stem:
            return by_stem[raw]
        raise LevelNameError(f"{raw!r} is no leg and no file: name a leg by number (1 to {len(by_stem)}), "
                             f"by name ({', '.join(sorted(by_stem)[:2])}, ...) or give a .tmx path")
    return shipped_file(path)


def shipped_file(path: str | os.PathLike[str]) -> Path:
    """The file a level path names: the path itself when it exists; else, for a shipped leg's
    own name as the game prints it (`levels/NAME.tmx`, see `shipped_name`), the shipped file
    wherever the game is installed; else the path as given (its load says it is missing)."""
    p = Path(path)
    if p.exists() or p.is_absolute() or len(p.parts) != 2 or p.parts[0] != "levels" or p.suffix != ".tmx":
        return p
    shipped = LEVELS / p.name
    return shipped if shipped.is_file() else p


def shipped_name(path: str | os.PathLike[str]) -> str | None:
    """`levels/NAME.tmx` when path is a shipped leg (its name in the checkout, the same
    wherever the game is installed), else None."""
    try:
        target = Path(path).resolve()
    except OSError:
        return None
    return f"levels/{target.name}" if target.parent == LEVELS.resolve() and target.suffix == ".tmx" else None
