"""Levels from Tiled maps: the public face of the Tiled adapter (`game/tiled/`).

`load_level(path)` reads a `.tmx` (data only: no display, no images loaded) into a `Level`;
`read_level(path)` also lists every problem (for `check`); `level_sources(path)` lists the
files a level depends on (for watching them). Every problem is a `LevelError` whose message
has the form `<file>: <what> ; <fix>` (`levels/x.tmx: no object of class 'start'; add ...`).

How a map is read (see `game/tiled/__init__.py`): `prescan` refuses hostile and unusable files
before any parser sees them and decodes the tile layers' data; `xmlpass` reads what pytmx
ignores (templates, layer order, groups, parallax, hidden layers and objects, `class`/`type`);
`adapter`, the only module that imports pytmx, hands `pytmx.TiledMap` the documents already
parsed (without the layers' cells, decoded once by the pre-scan) and builds the Level. Each
file is parsed once per load.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from game import resources
from game.sim import terrain as T
from game.sim.leveldata import Level, LevelError, MapObject, TileImage, TileLayer
from game.tiled import adapter
from game.tiled.adapter import NO_TERRAIN
from game.tiled.common import (
    FLIP_MASK,
    GAME_ROOT,
    GID_MASK,
    MAX_FILE_BYTES,
    MAX_GROUP_DEPTH,
    MAX_MAP_TILES,
    display_path,
    project_root,
)
from game.tiled.prescan import read_xml

__all__ = [  # what other code imports from here (the adapter's insides live in game/tiled/)
    "load_level", "read_level", "read_xml", "basic_problems", "validate_basics", "Reference", "references",
    "map_properties", "level_sources", "sources_stamp", "display_path", "project_root", "GAME_ROOT",
    "Level", "LevelError",
    "MapObject", "TileImage", "TileLayer", "NO_TERRAIN", "MAX_FILE_BYTES", "MAX_MAP_TILES", "MAX_GROUP_DEPTH",
    "FLIP_MASK", "GID_MASK",
]

MAX_FOLLOWED = 256  # tilesets and templates followed from one map, the map included


def load_level(path: str | os.PathLike[str]) -> Level:
    """Load a Tiled map into a Level, or raise LevelError naming the file and the fix."""
    level, problems = read_level(path)
    if problems:
        raise LevelError(problems[0])
    return level


def read_level(path: str | os.PathLike[str]) -> tuple[Level, list[str]]:
    """Load a Tiled map and list every problem with its objects, properties and basics.

    Raises LevelError only when the file cannot be used at all; the problems are lines of the
    form `levels/x.tmx: object 12 'den' (bear): aggro_radius must be a number > 0, got 'far'`.
    """
    level, problems, hidden_kinds = adapter.read(resources.shipped_file(path))
    problems.extend(basic_problems(level, hidden_kinds))
    return level, problems


def map_properties(path: str | os.PathLike[str]) -> dict[str, str]:
    """A map's own properties as text (name -> value), without loading the map: the route map
    and story cards show a leg's title, musher and miles at once. The file goes through the
    same guards as a full load; raises LevelError."""
    p = resources.shipped_file(path)
    root, _ = read_xml(p, display_path(p), "map", "map")
    return {prop.get("name", ""): prop.get("value", prop.text or "")
            for prop in root.findall("./properties/property")}


def basic_problems(level: Level, hidden_kinds: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """What a level cannot run without: one start on open ground, a finish, rectangles with a size."""
    where = level.path
    out: list[str] = []
    starts = level.of_kind("start")

    def hint(kind: str) -> str:
        return " (the layer holding one is hidden; show it in Tiled)" if kind in hidden_kinds else ""

    if not starts:
        out.append(f"{where}: no object of class 'start'{hint('start')}; add a point object with class 'start'")
    elif len(starts) > 1:
        ids = ", ".join(str(s.id) for s in starts)
        out.append(f"{where}: {len(starts)} objects of class 'start' (ids {ids}); keep exactly one")
    if not level.of_kind("finish"):
        out.append(f"{where}: no object of class 'finish'{hint('finish')}; add a rectangle object with class 'finish'")
    if len(starts) == 1:
        s = starts[0]
        w, h = level.pixel_size
        if not (0 <= s.x < w and 0 <= s.y < h):
            out.append(f"{where}: {s.label()} lies outside the map; move it onto the map")
        else:
            code = level.terrain[int(s.y // level.tile_size), int(s.x // level.tile_size)]
            if T.SOLID[code] or T.FALL[code]:
                out.append(f"{where}: {s.label()} stands on {T.NAMES[code]}; move it onto open ground")
    return out


def validate_basics(level: Level) -> None:
    """Raise the first problem without which a level cannot run at all."""
    problems = basic_problems(level)
    if problems:
        raise LevelError(problems[0])


# -- the files a level depends on ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reference:
    """One file a level names: its kind (tileset, template, image), the text as written, the
    file that names it, and where it points."""

    kind: str
    ref: str
    owner: Path
    path: Path


_FOLLOW = frozenset(("tileset", "template"))  # the kinds of file followed (their root tag)


def _named(root: ET.Element) -> Iterator[tuple[str, str]]:
    """(kind, reference) for every file an element of a Tiled document names: a tileset's
    `source`, an image's `source`, an object's `template` (never text in comments or values)."""
    for el in root.iter():
        if el.tag == "tileset" and el.get("source"):
            yield "tileset", el.get("source", "")
        elif el.tag == "image" and el.get("source"):
            yield "image", el.get("source", "")
        elif el.tag == "object" and el.get("template"):
            yield "template", el.get("template", "")


def references(path: str | os.PathLike[str]) -> list[Reference]:
    """Every tileset, template and image a map names, following tilesets and templates.

    The map, its .tsx and .tx files are parsed (each read through `read_xml`: a regular file
    under MAX_FILE_BYTES, at most MAX_FOLLOWED of them), and only the attributes the format
    has count. Never raises: a file that is missing or unreadable is still listed (so a
    watcher notices when it appears) but not followed.
    """
    start = Path(path).resolve()
    out: list[Reference] = []
    seen = {start}
    todo = [(start, "map")]
    followed = 0
    while todo and followed < MAX_FOLLOWED:
        f, tag = todo.pop(0)
        followed += 1
        try:
            root, _ = read_xml(f, str(f), tag, tag)
        except LevelError:
            continue
        for kind, ref in _named(root):
            try:
                target = (f.parent / ref).resolve()
            except (OSError, RuntimeError, ValueError):
                continue
            out.append(Reference(kind, ref, f, target))
            if target not in seen and kind in _FOLLOW:
                seen.add(target)
                todo.append((target, kind))
    return out


def level_sources(path: str | os.PathLike[str]) -> list[Path]:
    """The .tmx and every tileset, template and image file it depends on (absolute paths, the
    map first, each once). For `play --watch`: call it after each (re)load, then poll
    `sources_stamp(paths)` and reload when the stamp changes."""
    out = [Path(path).resolve()]
    for r in references(path):
        if r.path not in out:
            out.append(r.path)
    return out


def sources_stamp(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime ns, size) of each file, (path, -1, -1) for a missing one: a few stat calls."""
    out = []
    for p in paths:
        try:
            st = os.stat(p)
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), -1, -1))
    return tuple(out)
