"""What the adapter's passes share: limits, paths and the project, value parsing."""
from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from game import resources
from game.sim.leveldata import LevelError

MAX_FILE_BYTES = 32 * 1024 * 1024  # a .tmx, .tsx or .tx larger than this is refused
# pytmx keeps every layer as a list of lists of ints and decodes it cell by cell: about 1 us
# and, for CSV, 60 MB of transient strings per million cells (measured: a 1024x1024 layer
# loads in 1-2 s at 120 MB peak RSS; 2048x2048 took 350 MB, 4096x4096 would take 1.3 GB).
# A campaign leg is 680x72 tiles in 2 layers.
MAX_MAP_TILES = 1024  # per side
MAX_LAYER_CELLS = 2 * 1024 * 1024  # all tile layers together
MAX_TILE_PX = 64  # a map's tiles at most this many px a side (the game's tiles are 16)
MAX_TILESET_TILES = 65536  # tiles cut from one tileset image (pytmx visits every one)
MAX_IMAGE_PIXELS = 32768  # per side of a tileset image
MAX_GROUP_DEPTH = 32
FLIP_MASK = 0xE0000000
GID_MASK = 0x1FFFFFFF
GAME_ROOT = resources.ROOT  # holds the game's own assets/ and levels/ (installed or not): trusted
PROJECT_MARKERS = ("pyproject.toml", ".git")
LAYER_TAGS = ("layer", "objectgroup", "imagelayer", "group")
SHAPE_TAGS = ("point", "ellipse", "polygon", "polyline", "text")
_INT = re.compile(r"\s*[+-]?\d{1,9}\s*")


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a person would type it: relative to the working folder when inside it;
    a shipped leg outside it as `levels/NAME.tmx`, the same wherever the game is installed."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        pass
    shipped = resources.shipped_name(p)
    return shipped if shipped is not None else str(p)


def project_root(path: str | os.PathLike[str]) -> Path:
    """The project a map belongs to: the nearest folder above it holding a `*.tiled-project`,
    `pyproject.toml` or `.git`; for a map outside any project, the map's own folder. A folder
    with a `.tiled-project` (and no marker above) widens to hold the project's folders: the
    shipped `levels/balto.tiled-project` lists `../assets/tiles`, so a copy of levels/ with
    assets/ beside it is one project (at most one folder up)."""
    start = Path(path).resolve().parent
    for d in (start, *start.parents):
        projects = sorted(d.glob("*.tiled-project"))
        if any((d / m).exists() for m in PROJECT_MARKERS) or projects:
            # A .tiled-project in levels/ belongs to the repository above it when there is one.
            if not any((d / m).exists() for m in PROJECT_MARKERS):
                for up in d.parents:
                    if any((up / m).exists() for m in PROJECT_MARKERS):
                        return up
                return _holding_folders(d, projects)
            return d
    return start


PROJECT_FILE_BYTES = 1024 * 1024


def _holding_folders(d: Path, projects: list[Path]) -> Path:
    """The folder holding `d` and the relative `folders` its .tiled-project files list: `d`
    itself, or its parent when a folder lies beside `d` (never higher)."""
    for project in projects:
        try:
            if not project.is_file() or project.stat().st_size > PROJECT_FILE_BYTES:
                continue
            folders = json.loads(project.read_text(encoding="utf-8")).get("folders", [])
        except (OSError, ValueError, AttributeError):
            continue
        for folder in folders if isinstance(folders, list) else []:
            if not isinstance(folder, str) or not folder or os.path.isabs(folder):
                continue
            f = (d / folder).resolve()
            if not (f == d or d in f.parents) and (f == d.parent or d.parent in f.parents):
                return d.parent
    return d


def inside(p: Path, roots: Iterable[Path]) -> bool:
    """True when p is one of roots or lies below one."""
    return any(p == r or r in p.parents for r in roots)


def resolve_ref(roots: tuple[Path, ...], base: Path, ref: str | None, what: str, where: str) -> Path:
    """The file a reference points at; refuses empty paths and paths that leave the project."""
    if not ref or "\x00" in ref:
        raise LevelError(f"{where}: a {what} has an empty path; pick the file again in Tiled")
    try:
        p = (base / ref).resolve()
    except (OSError, RuntimeError, ValueError):
        raise LevelError(f"{where}: {what} {ref!r} is not a usable path; pick the file again in Tiled") from None
    if not inside(p, roots):
        raise LevelError(f"{where}: {what} {ref!r} lies outside the project ({roots[0]}); keep tilesets, "
                         "templates and images inside the project folder and link them by relative paths")
    return p


def num(el: ET.Element, name: str, default: float, where: str, what: str) -> float:
    """A finite number attribute, or LevelError."""
    raw = el.get(name)
    if raw is None:
        return default
    try:
        v = float(raw)
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise LevelError(f"{where}: {what}: {name} must be a number, got {raw!r}; fix it in Tiled")
    return v


def whole(el: ET.Element, name: str, default: int | None, where: str, what: str) -> int:
    """A whole-number attribute (at most 9 digits), or LevelError."""
    raw = el.get(name)
    if raw is None:
        if default is None:
            raise LevelError(f"{where}: {what} has no {name}; save the file again from Tiled")
        return default
    if not _INT.fullmatch(raw):
        raise LevelError(f"{where}: {what}: {name} must be a whole number, got {raw!r}; fix it in Tiled")
    return int(raw)


def flag(el: ET.Element, name: str, default: bool = True) -> bool:
    """A Tiled boolean attribute (visible="0")."""
    raw = el.get(name)
    return default if raw is None else raw.strip().lower() not in ("0", "false")
