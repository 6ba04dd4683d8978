"""Level checks for designers: everything `python main.py check` reports, without a window.

`check_level(path)` returns one line per problem (`<file>: <what>; <fix>`) and raises
LevelError when the file cannot be used at all. The rules, in order:

1. what the loader refuses: map and object properties (types, ranges), shapes, exactly one
   start on open ground inside the map, at least one finish (`game.tiled.level.read_level`);
2. classes and properties the game does not know (typos), and object references (a bear's
   `patrol` must name a `patrol` polyline);
3. objects outside the map;
4. the finish reachable from the start over passable terrain, and every checkpoint too;
5. true markers near the way: within MARKER_NEAR_PX of trail terrain or of the cheapest way;
6. files: every tileset, template and image present, inside the project, linked by a relative
   path; tileset images the size their tileset says; every painted tile in some tileset;
   no image layers (the game does not draw them);
7. warnings: a tile layer drawn over the team only because a word hides in its name
   (`overflow patches`), without the layer property `above_team`;
8. an object whose own `class` and `type` differ (Tiled 1.8 shows one, the game uses the other).

`check_problems(path)` gives the same problems as `game.tiled.problems.Problem`s (file,
severity, message, fix, and where: each check says which object, layer or cell; an object's
problem also names the object layer it is on), for `check --json`.

What Tiled should offer designers (the project file's property types, the object templates)
is in `game.tiled.offer`.
"""
from __future__ import annotations

import difflib
import math
import os
import re
import struct
from collections import deque
from pathlib import Path
from typing import TypeGuard
from xml.etree import ElementTree as ET

import numpy as np

from game.files import read_head
from game.sim import schema
from game.sim import terrain as T
from game.sim.leveldata import Level, LevelError, MapObject
from game.sim.nav_build import build_nav
from game.tiled.level import GAME_ROOT, display_path, project_root, read_level, read_xml, references
from game.tiled.problems import (
    Problem,
    class_type_clashes,
    file_line,
    layer_name_warnings,
    object_places,
    problem,
    structure,
    with_layers,
)

MARKER_NEAR_PX = 96.0
_MOVES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))


def check_level(path: str | os.PathLike[str]) -> list[str]:
    """Every problem of one level, one line each; raises LevelError if it cannot be read."""
    return [p.line for p in check_problems(path)]


def check_problems(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem of one level in structured form (`check_level` gives their lines);
    raises LevelError if it cannot be read."""
    level, problems = read_level(path)
    path = level.where  # the file read (a shipped leg's printed name names it from any folder)
    root, _ = read_xml(Path(path), level.path, "map", "map")  # once, for the image layers and the objects
    out = [structure(line, level) for line in problems]
    out += class_problems(level)
    out += placement_problems(level)
    out += reach_problems(level)
    out += marker_problems(level)
    out += file_problems(path, level, root)
    out += layer_name_warnings(level)
    places = object_places(root)
    out = with_layers(out, places) + class_type_clashes(level, places)
    once: dict[str, Problem] = {}
    for p in out:  # each problem once, in the order found
        once.setdefault(p.line, p)
    return list(once.values())


def _at(level: Level, o: MapObject, message: str, fix: str = "") -> Problem:
    """A problem of one object: its label leads the message."""
    return problem(level.path, f"{o.label()}: {message}", fix, level=level, obj=o)


SUGGEST_MAX = 64  # names longer than any real one get no "did you mean" (difflib is quadratic)


def _suggest(name: str, known: list[str]) -> str:
    if len(name) > SUGGEST_MAX:
        return ""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def class_problems(level: Level) -> list[Problem]:
    """Unknown classes and properties, and object references that point nowhere."""
    out: list[Problem] = []
    known = sorted(schema.CLASSES)
    by_id = {o.id: o for objs in level.objects.values() for o in objs}
    for kind, objs in level.objects.items():
        spec = schema.CLASSES.get(kind)
        for o in objs:
            if spec is None:
                if not kind:
                    out.append(_at(level, o, "has no class", f"set its Class in Tiled to one of {', '.join(known)}"))
                else:
                    out.append(_at(level, o, f"unknown class '{kind}'{_suggest(kind, known)}",
                                   f"use one of {', '.join(known)}"))
                continue
            names = [p.name for p in spec.props]
            for name in o.properties:
                if name not in names:
                    have = ", ".join(names) if names else "none"
                    out.append(_at(level, o, f"unknown property '{name}'{_suggest(name, names)}",
                                   f"a {kind} has: {have}"))
            for p in spec.props:
                if p.type == "object":
                    ref = o.properties.get(p.name) or 0
                    target = by_id.get(ref)
                    if ref and target is None:
                        out.append(_at(level, o, f"{p.name} names object {ref}, which does not exist",
                                       f"pick a {p.name} polyline in Tiled"))
                    elif target is not None and target.kind != p.name:
                        out.append(_at(level, o, f"{p.name} names {target.label()}",
                                       f"pick an object of class '{p.name}'"))
    map_names = {p.name for p in schema.MAP_PROPERTIES}
    for name in level.properties:
        if name not in map_names:
            out.append(problem(level.path, f"map property '{name}' is unknown{_suggest(name, sorted(map_names))}",
                               f"the map has: {', '.join(sorted(map_names))}"))
    return out


def placement_problems(level: Level) -> list[Problem]:
    """Objects that lie (wholly) outside the map."""
    w, h = level.pixel_size
    out = []
    for objs in level.objects.values():
        for o in objs:
            x1, y1 = o.x + max(o.width, 0), o.y + max(o.height, 0)
            if x1 < 0 or y1 < 0 or o.x >= w or o.y >= h:
                out.append(_at(level, o, f"lies outside the map ({o.x:g}, {o.y:g})", "move it onto the map"))
    return out


def _cells(level: Level, o: MapObject) -> list[tuple[int, int]]:
    """The cells (row, col) under a rectangle, or under a point."""
    ts = level.tile_size
    x0, y0 = int(o.x // ts), int(o.y // ts)
    x1 = max(x0 + 1, int(math.ceil((o.x + o.width) / ts)))
    y1 = max(y0 + 1, int(math.ceil((o.y + o.height) / ts)))
    return [(r, c) for r in range(max(0, y0), min(level.height, y1)) for c in range(max(0, x0), min(level.width, x1))]


def reachable(level: Level, row: int, col: int) -> np.ndarray:
    """Cells the team can reach from one cell: 8 ways, never cutting a corner past a blocked
    cell (as the autopilot moves). A bool grid."""
    h, w = level.height, level.width
    free = (~T.BLOCKED_MASK[level.terrain]).ravel().tolist()
    seen = bytearray(w * h)
    start = row * w + col
    if not (0 <= row < h and 0 <= col < w) or not free[start]:
        return np.zeros((h, w), dtype=bool)
    seen[start] = 1
    todo = deque([start])
    while todo:
        i = todo.popleft()
        cy, cx = divmod(i, w)
        for dx, dy in _MOVES:
            nx, ny = cx + dx, cy + dy
            if 0 <= nx < w and 0 <= ny < h:
                j = ny * w + nx
                if free[j] and not seen[j] and (not (dx and dy) or (free[cy * w + nx] and free[ny * w + cx])):
                    seen[j] = 1
                    todo.append(j)
    return np.frombuffer(bytes(seen), dtype=np.uint8).reshape(h, w).astype(bool)


def reach_problems(level: Level) -> list[Problem]:
    """The finish, and every checkpoint, must be reachable from the start."""
    starts = level.of_kind("start")
    if len(starts) != 1:
        return []
    s = starts[0]
    ts = level.tile_size
    row, col = int(s.y // ts), int(s.x // ts)
    if not (0 <= row < level.height and 0 <= col < level.width):
        return []
    seen = reachable(level, row, col)
    if not seen.any():
        return []
    out = []
    fins = level.of_kind("finish")
    if fins and not any(seen[r, c] for f in fins for r, c in _cells(level, f)):
        out.append(problem(level.path, f"no finish can be reached from {s.label()} over passable terrain",
                           "open a way (trail, snow or ice) through the trees, rocks and water", level=level, obj=s))
    for cp in level.of_kind("checkpoint"):
        if not any(seen[r, c] for r, c in _cells(level, cp)):
            out.append(problem(level.path, f"{cp.label()} cannot be reached from the start over passable terrain",
                               "move it onto the trail or open a way to it", level=level, obj=cp))
    return out


def way_cells(level: Level) -> np.ndarray:
    """The cells of the cheapest way from the start to the finish ((row, col) pairs)."""
    starts = level.of_kind("start")
    if len(starts) != 1 or not level.of_kind("finish"):
        return np.zeros((0, 2), dtype=np.int64)
    nav = build_nav(level)
    i = nav.cell(starts[0].x, starts[0].y)
    if not math.isfinite(float(nav.cost.flat[i])):
        return np.zeros((0, 2), dtype=np.int64)
    path: list[tuple[int, int]] = []
    nxt = nav.next
    while i >= 0 and len(path) < level.width * level.height:
        path.append(divmod(int(i), level.width))
        i = int(nxt[i])
    return np.array(path, dtype=np.int64)


def marker_problems(level: Level) -> list[Problem]:
    """True markers must stand near the trail (trail terrain or the cheapest way)."""
    true = [m for m in level.of_kind("marker") if not m.properties.get("false")]
    if not true:
        return []
    ts = level.tile_size
    guide = np.argwhere(level.terrain == T.CODE["trail"])
    far = []
    for m in true:
        c = np.array([m.y / ts - 0.5, m.x / ts - 0.5])
        d = float(np.sqrt(((guide - c) ** 2).sum(1)).min()) * ts if len(guide) else math.inf
        if d > MARKER_NEAR_PX:
            far.append(m)
    if far:
        way = way_cells(level)
        out = []
        for m in far:
            c = np.array([m.y / ts - 0.5, m.x / ts - 0.5])
            d = float(np.sqrt(((way - c) ** 2).sum(1)).min()) * ts if len(way) else math.inf
            if d > MARKER_NEAR_PX:
                away = f"{d:.0f} px" if math.isfinite(d) else "far"
                out.append(_at(level, m, f"a true marker {away} from the trail (more than {MARKER_NEAR_PX:.0f} px)",
                               "move it beside the trail, or set its property false = true if it is one of Steele's"))
        return out
    return []


def _png_size(path: Path) -> tuple[int, int] | None:
    try:
        head = read_head(path, 24, "image")
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def file_problems(path: str | os.PathLike[str], level: Level, root: ET.Element) -> list[Problem]:
    """Tilesets, templates and images: present, inside the project, linked relatively; tileset
    images as big as their tileset says; painted tiles that some tileset holds; no image layers
    (`root`: the map's parsed XML)."""
    where = level.path
    roots = (project_root(path), GAME_ROOT)
    out: list[Problem] = []
    for r in references(path):
        owner = display_path(r.owner)
        if os.path.isabs(r.ref):
            out.append(problem(owner, f"{r.kind} '{r.ref}' is linked by an absolute path", "link it relative to the "
                               "file (Tiled does this for files inside the project folder)"))
        if not any(r.path == root or root in r.path.parents for root in roots):
            out.append(problem(owner, f"{r.kind} '{r.ref}' lies outside the project",
                               "move it into the project folder"))
        elif not r.path.is_file():
            out.append(problem(owner, f"{r.kind} '{r.ref}' is missing", "put the file there or pick it again in Tiled"))
        elif r.kind == "tileset":
            out += _tileset_image_problems(r.path)
            out += [file_line(display_path(r.path), line) for line in wangset_problems(r.path)]
    for layer in level.layers:
        g = layer.gids
        present = np.unique(g[(g != 0)])
        missing = [int(v) for v in present.tolist() if int(v) not in level.tiles]
        if missing:
            rows, cols = np.nonzero(np.isin(g, missing))
            cells = "1 cell" if len(rows) == 1 else f"{len(rows)} cells"
            out.append(problem(where, f"layer '{layer.name}' has {cells} (first at column {cols[0]}, "
                               f"row {rows[0]}) whose tile no tileset holds",
                               f"repaint {'it' if len(rows) == 1 else 'them'} or restore the tileset",
                               level=level, layer=layer.name, cell=(int(cols[0]), int(rows[0]))))
    for el in root.iter("imagelayer"):
        out.append(problem(where, f"image layer '{el.get('name', '')}' is not drawn by the game",
                           "paint it as tiles or delete it", layer=el.get("name", "")))
    return out


def _tileset_image_problems(tsx: Path) -> list[Problem]:
    out: list[Problem] = []
    try:
        root, _ = read_xml(tsx, display_path(tsx), "tileset", "tileset")
    except LevelError:
        return out
    for img in root.findall("image"):
        src, w, h = img.get("source"), img.get("width"), img.get("height")
        size = _png_size(tsx.parent / src) if src else None
        if size and w and h and (str(size[0]), str(size[1])) != (w, h):
            out.append(problem(display_path(tsx),
                               f"image '{src}' is {size[0]}x{size[1]} px but the tileset says {w}x{h}",
                               "open the tileset in Tiled (it updates the size) and save it"))
    return out


_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def wangset_problems(tsx: str | os.PathLike[str]) -> list[str]:
    """The terrain (Wang) sets of a tileset: every tile they name exists, every colour is a
    valid #rrggbb, every wangid has 8 valid colour indexes (corners only for corner sets,
    edges only for edge sets), and a tile wholly of a colour named after a terrain has that
    terrain."""
    path = Path(tsx)
    where = display_path(path)
    try:
        root, _ = read_xml(path, where, "tileset", "tileset")
    except LevelError as exc:
        return [str(exc)]
    try:
        count = int(root.get("tilecount", "0"))
    except ValueError:
        count = 0
    terrain = {}
    for tile in root.findall("tile"):
        for prop in tile.iter("property"):
            if prop.get("name") == "terrain":
                terrain[tile.get("id")] = prop.get("value")
    out: list[str] = []

    def valid_tile(v: str | None) -> TypeGuard[str]:
        return v is not None and v.lstrip("-").isdigit() and 0 <= int(v) < count

    for ws in root.iter("wangset"):
        name, kind = ws.get("name", ""), ws.get("type", "corner")
        what = f"{where}: terrain set '{name}'"
        if kind not in ("corner", "edge", "mixed"):
            out.append(f"{what}: type {kind!r} is not corner, edge or mixed; set it again in Tiled")
        if ws.get("tile", "-1") != "-1" and not valid_tile(ws.get("tile")):
            out.append(f"{what}: its icon tile {ws.get('tile')} does not exist; pick another in Tiled")
        colours = ws.findall("wangcolor")
        for i, c in enumerate(colours, start=1):
            if not _COLOUR.fullmatch(c.get("color", "")):
                out.append(f"{what}: colour {i} '{c.get('name', '')}' has colour {c.get('color')!r}, not #rrggbb; "
                           "pick it again in Tiled")
            if c.get("tile", "-1") != "-1" and not valid_tile(c.get("tile")):
                out.append(f"{what}: colour '{c.get('name', '')}' shows tile {c.get('tile')}, which does not exist")
        seen: set[str] = set()
        for wt in ws.findall("wangtile"):
            tid = wt.get("tileid")
            if not valid_tile(tid):
                out.append(f"{what}: names tile {tid}, which the tileset does not have (it has {count}); "
                           "remove it from the set in Tiled")
                continue
            if tid in seen:
                out.append(f"{what}: tile {tid} is listed twice; remove one in Tiled")
            seen.add(tid)
            parts = (wt.get("wangid") or "").split(",")
            ok = len(parts) == 8 and all(p.strip().isdigit() and int(p) <= len(colours) for p in parts)
            if not ok:
                out.append(f"{what}: tile {tid} has wangid {wt.get('wangid')!r}; it needs 8 colour numbers "
                           f"from 0 to {len(colours)}")
                continue
            ids = [int(p) for p in parts]
            if (kind == "corner" and any(ids[0::2])) or (kind == "edge" and any(ids[1::2])):
                out.append(f"{what}: tile {tid} paints {'edges' if kind == 'corner' else 'corners'} in a "
                           f"{kind} set; repaint it in Tiled's terrain set editor")
            used = {v for v in (ids[1::2] if kind == "corner" else ids[0::2] if kind == "edge" else ids) if v}
            if len(used) == 1:
                cname = colours[used.pop() - 1].get("name", "")
                if cname in T.NAMES and terrain.get(tid) != cname:
                    out.append(f"{what}: tile {tid} is all '{cname}' but its terrain property is "
                               f"{terrain.get(tid)!r}; give it terrain = {cname}")
    return out
