#!/usr/bin/env python3
"""Edit a leg's terrain and course objects from Python, then autotile; the rest stays byte for byte.

    from tools.paint import Leg
    leg = Leg("levels/06_norton_sound.tmx")
    leg.line([(40, 30), (90, 34)], "trail", width=3)   # tile coordinates
    leg.rect(100, 20, 110, 28, "thin_ice")
    leg.rect(120, 10, 140, 14, "tree")                 # trees and rocks go on `obstacles`
    leg.add("marker", 1500, 480)                       # pixels, like Tiled
    leg.move(12, x=1600, y=500)
    leg.save()                                         # then tools/autotile.py on `ground`

    python tools/paint.py LEVEL --ascii X0 Y0 X1 Y1    # print the terrain of a window

Why not Tiled: the Tiled on this machine is 1.8, which drops every object's `class` when it
saves. This tool touches only the numbers in the CSV text of `ground` and `obstacles` and the
`<object>` elements it is told to change (new ids from `nextobjectid`, which it advances), so
a diff shows exactly the edit. Painting is idempotent: the same call twice changes nothing,
and `add` skips an object of the same class already at the same place.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import autotile  # noqa: E402  (a sibling script, not a package)

# Plain tiles (global ids, tileset firstgid 1) for each kind: ground kinds, then obstacle kinds.
GROUND = {
    "snow": (1, 2, 3), "trail": (4, 5), "deep_snow": (6, 7), "ice": (8, 9), "thin_ice": (10,),
    "overflow": (11,), "water": (12,), "cliff": (15, 16),
    "bank": (28,),  # a snow bank: deep snow drawn as a ridge, left alone by the autotiler
}
OBSTACLE = {"tree": (17, 18), "dead_tree": (23,), "rock": (19, 20), "building": (21, 22), "clear": (0,)}

Cell = tuple[int, int]


def _pick(options: Sequence[int], x: int, y: int) -> int:
    """A variant chosen by place, so repainting gives the same tile."""
    return options[(x * 7 + y * 13) % len(options)]


class Leg:
    """One .tmx opened for editing: `ground` and `obstacles` as gid arrays, objects as text."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.text = self.path.read_text(encoding="utf-8")
        head = re.search(r"<map\b[^>]*>", self.text)
        assert head, f"{path}: no <map>"
        self.width = int(re.search(r'\bwidth="(\d+)"', head.group(0)).group(1))
        self.height = int(re.search(r'\bheight="(\d+)"', head.group(0)).group(1))
        self.layers = {name: self._read(name) for name in ("ground", "obstacles")}
        root = autotile.ET.fromstring(self.text.encode("utf-8"))
        self.terrain, _ = autotile.read_tilesets(root, self.path.parent)

    # -- tile layers -------------------------------------------------------------------
    def _read(self, name: str) -> np.ndarray:
        start, end = autotile.find_layer_data(self.text, name)
        nums = [int(v) for v in re.findall(r"\d+", self.text[start:end])]
        return np.array(nums, dtype=np.int64).reshape(self.height, self.width)

    def _write(self, name: str) -> None:
        start, end = autotile.find_layer_data(self.text, name)
        it = iter(int(v) for v in self.layers[name].ravel())
        csv = re.sub(r"\d+", lambda m: str(next(it)), self.text[start:end])
        self.text = self.text[:start] + csv + self.text[end:]

    def paint(self, cells: Iterable[Cell], kind: str) -> int:
        """Paint a kind on each cell (ground kinds clear the obstacle there; obstacle kinds
        sit on top of the ground). Returns the cells that changed."""
        g, o = self.layers["ground"], self.layers["obstacles"]
        changed = 0
        for x, y in cells:
            if not (0 <= x < self.width and 0 <= y < self.height):
                continue
            if kind in GROUND:
                gid = _pick(GROUND[kind], x, y)
                # keep a transition or variant tile of the same kind; autotile fixes borders
                if g[y, x] not in GROUND[kind] or o[y, x]:
                    changed += 1
                g[y, x] = gid
                o[y, x] = 0
            elif kind in OBSTACLE:
                gid = _pick(OBSTACLE[kind], x, y)
                changed += int(o[y, x] != gid)
                o[y, x] = gid
            else:
                raise ValueError(f"unknown kind {kind!r}; one of {sorted(GROUND) + sorted(OBSTACLE)}")
        return changed

    def rect(self, x0: int, y0: int, x1: int, y1: int, kind: str) -> int:
        """Paint the tiles x0..x1, y0..y1 (inclusive)."""
        return self.paint(((x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)), kind)

    def line(self, points: Sequence[tuple[float, float]], kind: str, width: float = 3.0) -> int:
        """Paint every tile whose centre lies within width/2 of the polyline (tile coordinates)."""
        return self.paint(line_cells(points, width), kind)

    def kind_at(self, x: int, y: int) -> str:
        """The terrain at a tile as the game sees it: the obstacle's if any, else the ground's
        ('edge' off the map)."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return "edge"
        for layer in ("obstacles", "ground"):
            gid = int(self.layers[layer][y, x]) & autotile.GID_MASK
            if gid and gid in self.terrain:
                return self.terrain[gid]
        return "snow"

    # -- objects -----------------------------------------------------------------------
    def _object_span(self, oid: int) -> tuple[int, int]:
        m = re.search(rf'<object id="{oid}"[^>]*?(/>|>)', self.text)
        if not m:
            raise KeyError(f"{self.path}: no object {oid}")
        if m.group(1) == "/>":
            return m.start(), m.end()
        end = self.text.index("</object>", m.end()) + len("</object>")
        return m.start(), end

    def objects(self, cls: str | None = None) -> list[dict[str, str]]:
        """Every object's attributes (id, name, class, x, y, ...), optionally of one class."""
        out = []
        for m in re.finditer(r"<object\b([^>]*?)/?>", self.text):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if cls is None or attrs.get("class") == cls:
                out.append(attrs)
        return out

    def move(self, oid: int, **attrs: float) -> None:
        """Set x, y, width or height of an object (pixels)."""
        s, e = self._object_span(oid)
        block = self.text[s:e]
        tag_end = block.index(">")
        tag = block[:tag_end]
        for key, value in attrs.items():
            val = _num(value)
            if re.search(rf'\b{key}="', tag):
                tag = re.sub(rf'\b{key}="[^"]*"', f'{key}="{val}"', tag)
            else:
                tag = tag.rstrip("/") + f' {key}="{val}"' + ("/" if tag.endswith("/") else "")
        self.text = self.text[:s] + tag + block[tag_end:] + self.text[e:]

    def set_property(self, oid: int, name: str, value: float | str | bool) -> None:
        """Set an existing property of an object."""
        s, e = self._object_span(oid)
        block = self.text[s:e]
        val = str(value).lower() if isinstance(value, bool) else _num(value)
        val = _xml(val)
        new, n = re.subn(rf'(<property name="{name}"[^>]*value=")[^"]*(")', lambda m: m.group(1) + val + m.group(2),
                         block)
        if not n:
            raise KeyError(f"object {oid} has no property {name!r}")
        self.text = self.text[:s] + new + self.text[e:]

    def remove(self, oid: int) -> None:
        """Delete an object (no-op when it is gone already)."""
        try:
            s, e = self._object_span(oid)
        except KeyError:
            return
        line_start = self.text.rfind("\n", 0, s) + 1
        line_end = self.text.find("\n", e)
        self.text = self.text[:line_start] + self.text[line_end + 1:]

    def add(self, cls: str, x: float, y: float, width: float = 0.0, height: float = 0.0,
            name: str = "", props: dict[str, tuple[str, str]] | None = None,
            polyline: Sequence[tuple[float, float]] = ()) -> int:
        """Add an object to `course` with the next free id; props: name -> (type, value).
        Points are objects without width/height (markers, bears, ...). Returns its id."""
        for o in self.objects(cls):
            if math.isclose(float(o["x"]), x) and math.isclose(float(o["y"]), y) and o.get("name", "") == name:
                for pname, (_, pval) in (props or {}).items():  # already there: bring its properties up to date
                    self.set_property(int(o["id"]), pname, pval)
                return int(o["id"])
        m = re.search(r'nextobjectid="(\d+)"', self.text)
        assert m
        oid = int(m.group(1))
        self.text = self.text[:m.start(1)] + str(oid + 1) + self.text[m.end(1):]
        attrs = (f'id="{oid}"' + (f' name="{name}"' if name else "")  # type too: Tiled 1.8 drops class
                 + f' class="{cls}" type="{cls}" x="{_num(x)}" y="{_num(y)}"')
        if width or height:
            attrs += f' width="{_num(width)}" height="{_num(height)}"'
        lines = [f"  <object {attrs}>"]
        if props:
            lines.append("   <properties>")
            for pname, (ptype, pval) in props.items():
                t = "" if ptype == "string" else f' type="{ptype}"'
                lines.append(f'    <property name="{pname}"{t} value="{_xml(pval)}"/>')
            lines.append("   </properties>")
        if polyline:
            pts = " ".join(f"{_num(px)},{_num(py)}" for px, py in polyline)
            lines.append(f'   <polyline points="{pts}"/>')
        elif not (width or height):
            lines.append("   <point/>")
        lines.append("  </object>")
        course = re.search(r'<objectgroup\b[^>]*name="course"[^>]*>', self.text)
        assert course, "no object layer 'course'"
        close = self.text.index(" </objectgroup>", course.end())
        self.text = self.text[:close] + "\n".join(lines) + "\n" + self.text[close:]
        return oid

    def marker(self, tx: float, ty: float, false: bool = False) -> int:
        """A trail marker at a tile position (its centre)."""
        return self.add("marker", tx * 16 + 8, ty * 16 + 8,
                        props={"false": ("bool", "true" if false else "false")})

    # -- saving ------------------------------------------------------------------------
    def save(self) -> int:
        """Write both layers back, autotile `ground`, write the file. Returns cells retiled."""
        for name in self.layers:
            self._write(name)
        text, changed = autotile.autotile_text(self.text, self.path.parent, "ground")
        self.text = text
        self.path.write_text(text, encoding="utf-8")
        return changed


def _xml(text: str) -> str:
    """Text as an XML attribute value between double quotes."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _num(v: float | str) -> str:
    """A number as Tiled writes it: no trailing .0, at most 2 decimals."""
    if isinstance(v, str):
        return v
    r = round(float(v), 2)
    return str(int(r)) if r == int(r) else f"{r:g}"


def line_cells(points: Sequence[tuple[float, float]], width: float) -> list[Cell]:
    """Tiles whose centres lie within width/2 of a polyline (tile coordinates)."""
    half = width / 2.0
    cells: set[Cell] = set()
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        x0, x1 = int(math.floor(min(ax, bx) - half)), int(math.ceil(max(ax, bx) + half))
        y0, y1 = int(math.floor(min(ay, by) - half)), int(math.ceil(max(ay, by) + half))
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy or 1.0
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                cx, cy = x + 0.5, y + 0.5
                t = max(0.0, min(1.0, ((cx - ax) * dx + (cy - ay) * dy) / ll))
                if math.hypot(cx - (ax + t * dx), cy - (ay + t * dy)) <= half:
                    cells.add((x, y))
    return sorted(cells)


LETTERS = {"snow": ".", "trail": "=", "deep_snow": ":", "ice": "-", "thin_ice": "t", "overflow": "o",
           "tree": "T", "rock": "R", "building": "B", "water": "~", "cliff": "C"}


def ascii_window(path: str, x0: int, y0: int, x1: int, y1: int, step: int = 1) -> str:
    """The game's own terrain grid of a window as letters, with objects on top."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from game.sim import terrain as T  # noqa: PLC0415  (only for this debugging view)
    from game.tiled.level import load_level  # noqa: PLC0415

    lvl = load_level(path)
    h, w = lvl.terrain.shape  # the window is clipped to the map
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w - 1), min(y1, h - 1)
    marks: dict[Cell, str] = {}
    sym = {"start": "S", "checkpoint": "K", "finish": "F", "marker": "M", "bear": "b", "story": "s"}
    for kind, objs in lvl.objects.items():
        for o in objs:
            if kind in sym:
                marks[(int(o.x // 16) // step, int(o.y // 16) // step)] = sym[kind]
    rows = []
    for y in range(y0, y1 + 1, step):
        row = [f"{y:3d} "]
        for x in range(x0, x1 + 1, step):
            row.append(marks.get((x // step, y // step)) or LETTERS[T.NAMES[lvl.terrain[y, x]]])
        rows.append("".join(row))
    ruler = "    " + "".join(str((x // 10) % 10) if x % 10 == 0 else " " for x in range(x0, x1 + 1, step))
    return ruler + "\n" + "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("level")
    ap.add_argument("--ascii", nargs=4, type=int, metavar=("X0", "Y0", "X1", "Y1"), required=True)
    ap.add_argument("--step", type=int, default=1)
    args = ap.parse_args(argv)
    print(ascii_window(args.level, *args.ascii, step=args.step))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
