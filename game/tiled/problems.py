"""Check problems in a structured form, for `balto check --json` and tools that read it
(the Tiled extension levels/extensions/balto.js lists them in Tiled's Issues view).

Each check builds its Problems with `problem()`: the file, the message and the fix apart, a
severity, and where (the object, the layer, the cell) as the check knows it; the text line
`balto check` prints (`<file>: <what>; <fix>`) is made from them. Fields a problem has not
are None. The loader's own lines (game.tiled.level.read_level: bad properties, shapes, no
start) arrive as text; `structure()` takes those apart, reading the object they name.

Also here: the warnings about layers drawn over the team because of their name, the objects
whose `class` and `type` disagree, and the object layer each object problem names.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any
from xml.etree import ElementTree as ET

from game.sim.leveldata import Level, MapObject

ERROR = "error"
WARNING = "warning"

_OBJECT = re.compile(r"\bobject (\d+) '")
_LAYER = re.compile(r"\blayer '([^']*)'")
_CELL = re.compile(r"\bcolumn (\d+), row (\d+)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: `line` is the text `balto check` prints; the rest is that line taken apart."""

    line: str
    file: str
    severity: str
    message: str
    fix: str | None = None
    object_id: int | None = None
    object_name: str | None = None
    layer: str | None = None
    tile_x: int | None = None
    tile_y: int | None = None
    pixel_x: float | None = None
    pixel_y: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The problem as a JSON object (without the text line, which it repeats)."""
        out = asdict(self)
        del out["line"]
        return out


def _object(level: Level, oid: int) -> MapObject | None:
    return next((o for objs in level.objects.values() for o in objs if o.id == oid), None)


def problem(file: str, message: str, fix: str = "", *, severity: str = ERROR, level: Level | None = None,
            obj: MapObject | None = None, layer: str | None = None,
            cell: tuple[int, int] | None = None) -> Problem:
    """One problem as a check finds it: `obj` (with `level` for its tile) and `cell` (column,
    row; its pixel is the cell's corner) say where; the text line joins file, message and fix."""
    ts = level.tile_size if level is not None else 0
    fields: dict[str, Any] = {"layer": layer}
    if obj is not None:
        fields.update(object_id=obj.id, object_name=obj.name, pixel_x=obj.x, pixel_y=obj.y)
        if ts:
            fields.update(tile_x=int(obj.x // ts), tile_y=int(obj.y // ts))
    if cell is not None:
        fields.update(tile_x=cell[0], tile_y=cell[1])
        if ts:
            fields.update(pixel_x=float(cell[0] * ts), pixel_y=float(cell[1] * ts))
    line = f"{file}: {message}; {fix}" if fix else f"{file}: {message}"
    return Problem(line, file, severity, message, fix or None, **fields)


def file_line(file: str, line: str) -> Problem:
    """A problem of a tileset file, as its line (`<file>: <what>; <fix>`); no place in a map."""
    rest = line[len(file) + 2:] if line.startswith(f"{file}: ") else line
    message, sep, fix = rest.rpartition("; ")
    return problem(file, message, fix) if sep else problem(file, rest)


def structure(line: str, level: Level, severity: str = ERROR) -> Problem:
    """One line of the loader as a Problem, with whatever the line tells about where it is."""
    prefix = f"{level.path}: "
    if line.startswith(prefix):
        file, rest = level.path, line[len(prefix):]
    else:
        file, _, rest = line.partition(": ")
    message, sep, fix = rest.rpartition("; ")
    if not sep:
        message, fix = rest, ""
    ts = level.tile_size
    fields: dict[str, Any] = {}
    m = _OBJECT.search(rest)
    if m:
        fields["object_id"] = int(m.group(1))
        o = _object(level, int(m.group(1)))
        if o is not None:
            fields.update(object_name=o.name, pixel_x=o.x, pixel_y=o.y,
                          tile_x=int(o.x // ts), tile_y=int(o.y // ts))
    m = _LAYER.search(rest)
    if m:
        fields["layer"] = m.group(1)
    m = _CELL.search(rest)
    if m:
        tx, ty = int(m.group(1)), int(m.group(2))
        fields.update(tile_x=tx, tile_y=ty, pixel_x=float(tx * ts), pixel_y=float(ty * ts))
    return Problem(line, file, severity, message, fix or None, **fields)


def layer_name_warnings(level: Level) -> list[Problem]:
    """Tile layers drawn over the team only because a word sits inside their name (`overflow
    patches` holds 'over', `stop` holds 'top') and no `above_team` property says so."""
    out = []
    for layer in level.layers:
        if layer.above_team is not None:
            continue
        words = layer.name_words_above()
        if words and not any(w in re.findall(r"[a-z]+", layer.name.lower()) for w in words):
            out.append(problem(level.path, f"layer '{layer.name}' is drawn over the team because its name "
                               f"contains '{words[0]}'", "set the layer property above_team (bool) to true or false",
                               severity=WARNING, layer=layer.name))
    return out


@dataclass(frozen=True, slots=True)
class ObjectPlace:
    """Where an object sits in the file: its object layer, and its own `class` and `type`
    attributes ("" when it has none)."""

    layer: str
    cls: str
    type: str


def _object_layers(parent: ET.Element) -> Iterator[ET.Element]:
    """The map's own object layers (inside groups too; not a tileset's collision shapes)."""
    for el in parent:
        if el.tag == "objectgroup":
            yield el
        elif el.tag == "group":
            yield from _object_layers(el)


def object_places(root: ET.Element) -> dict[int, ObjectPlace]:
    """Every object of the map by id (an id that is not a number is left out)."""
    out: dict[int, ObjectPlace] = {}
    for layer in _object_layers(root):
        for o in layer.findall("object"):
            oid = o.get("id", "")
            if oid.strip().isdigit():
                out.setdefault(int(oid), ObjectPlace(layer.get("name", ""), (o.get("class") or "").strip(),
                                                     (o.get("type") or "").strip()))
    return out


def with_layers(problems: list[Problem], places: dict[int, ObjectPlace]) -> list[Problem]:
    """The problems, each object problem naming its object's layer (where Tiled shows it)."""
    out = []
    for p in problems:
        place = places.get(p.object_id) if p.object_id is not None and p.layer is None else None
        out.append(replace(p, layer=place.layer) if place is not None else p)
    return out


def class_type_clashes(level: Level, places: dict[int, ObjectPlace]) -> list[Problem]:
    """Objects whose own `class` and `type` differ: Tiled 1.8 shows (and keeps) the type, newer
    Tiled and the game the class, so the designer sees one class and plays another."""
    out = []
    for oid, place in sorted(places.items()):
        if place.cls and place.type and place.cls != place.type:
            o = _object(level, oid)
            label = o.label() if o is not None else f"object {oid}"
            out.append(problem(level.path, f"{label} has class '{place.cls}' but type '{place.type}' (Tiled 1.8 "
                               f"shows the type, newer Tiled and the game use the class)",
                               "make them the same: edit the file, or set the class again in Tiled 1.9+ "
                               "(it drops the type)",
                               level=level, obj=o, layer=place.layer))
    return out
