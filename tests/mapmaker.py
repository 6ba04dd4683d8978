"""Build small Tiled maps from ASCII pictures, for tests.

    '.' snow  '=' trail  '~' deep_snow  'i' ice  't' thin_ice  'o' overflow
    'T' tree  'R' rock   'B' building   'W' water  'C' cliff
    'S' start (on trail)  'F' finish cell (trail)  'K' checkpoint cell (trail)

Finish and checkpoint cells are merged into one rectangle each (their bounding box).
"""
from __future__ import annotations

import base64
import gzip
import textwrap
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
TILESET_IMAGE = REPO / "assets" / "tiles" / "terrain.png"

# Local tile ids of assets/tiles/terrain.tsx.
TILE_IDS = {".": 0, "=": 3, "~": 5, "i": 7, "t": 9, "o": 10, "W": 11, "C": 14,
            "T": 16, "R": 18, "B": 20, "S": 3, "F": 3, "K": 3}
TERRAIN_OF_ID = {0: "snow", 3: "trail", 5: "deep_snow", 7: "ice", 9: "thin_ice", 10: "overflow",
                 11: "water", 14: "cliff", 16: "tree", 18: "rock", 20: "building"}


def _tileset_xml(embedded: bool) -> str:
    tiles = "\n".join(
        f'  <tile id="{i}"><properties><property name="terrain" value="{name}"/></properties></tile>'
        for i, name in sorted(TERRAIN_OF_ID.items()))
    return (f'<tileset firstgid="1" name="terrain" tilewidth="16" tileheight="16" tilecount="32" columns="16">\n'
            f'  <image source="{TILESET_IMAGE.as_posix()}" width="256" height="32"/>\n{tiles}\n</tileset>')


def _encode(gids: np.ndarray, encoding: str) -> str:
    if encoding == "csv":
        rows = [",".join(str(int(v)) for v in row) for row in gids]
        return '<data encoding="csv">\n' + ",\n".join(rows) + "\n</data>"
    raw = gids.astype("<u4").tobytes()
    if encoding == "base64":
        return f'<data encoding="base64">{base64.b64encode(raw).decode()}</data>'
    if encoding == "zlib":
        return f'<data encoding="base64" compression="zlib">{base64.b64encode(zlib.compress(raw)).decode()}</data>'
    if encoding == "gzip":
        return (f'<data encoding="base64" compression="gzip">'
                f'{base64.b64encode(gzip.compress(raw, mtime=0)).decode()}</data>')
    raise ValueError(encoding)


def make_map(picture: str, *, heading: float = 90.0, properties: dict | None = None,
             class_attr: str = "class", encoding: str = "csv", objects: str = "",
             tileset: str | None = None, start: bool = True) -> str:
    """TMX text for an ASCII picture. `class_attr` is 'class' (Tiled 1.9+) or 'type' (1.8)."""
    rows = [r for r in textwrap.dedent(picture).strip("\n").splitlines()]
    h, w = len(rows), max(len(r) for r in rows)
    gids = np.zeros((h, w), dtype=np.int64)
    marks: dict[str, list[tuple[int, int]]] = {}
    for y, row in enumerate(rows):
        for x, ch in enumerate(row.ljust(w, ".")):
            gids[y, x] = TILE_IDS[ch] + 1
            if ch in "SFK":
                marks.setdefault(ch, []).append((x, y))
    objs: list[str] = []
    oid = 1
    if start and "S" in marks:
        x, y = marks["S"][0]
        objs.append(f'<object id="{oid}" name="start" {class_attr}="start" x="{x * 16 + 8}" y="{y * 16 + 8}">'
                    f'<properties><property name="heading" type="float" value="{heading}"/></properties>'
                    f'<point/></object>')
        oid += 1
    for ch, kind in (("F", "finish"), ("K", "checkpoint")):
        if ch in marks:
            xs = [p[0] for p in marks[ch]]
            ys = [p[1] for p in marks[ch]]
            objs.append(f'<object id="{oid}" name="{kind}" {class_attr}="{kind}" x="{min(xs) * 16}" '
                        f'y="{min(ys) * 16}" width="{(max(xs) - min(xs) + 1) * 16}" '
                        f'height="{(max(ys) - min(ys) + 1) * 16}"/>')
            oid += 1
    props = {"title": "Test map", "vials": 20, "par_seconds": 60.0, "miles": 5.0}
    props.update(properties or {})
    ptypes = {int: "int", float: "float", bool: "bool", str: "string"}
    prop_xml = "".join(f'<property name="{k}" type="{ptypes[type(v)]}" value="{str(v).lower() if isinstance(v, bool) else v}"/>'
                       for k, v in props.items())
    ts = tileset if tileset is not None else _tileset_xml(True)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="{w}" height="{h}" tilewidth="16" tileheight="16" infinite="0" nextlayerid="3" nextobjectid="{oid + 50}">
 <properties>{prop_xml}</properties>
 {ts}
 <layer id="1" name="ground" width="{w}" height="{h}">
  {_encode(gids, encoding)}
 </layer>
 <objectgroup id="2" name="objects">
  {''.join(objs)}
  {objects}
 </objectgroup>
</map>
"""


def write_map(path: Path, picture: str, **kw) -> Path:
    """Write `make_map(picture, **kw)` to `path` and return the path."""
    path.write_text(make_map(picture, **kw), encoding="utf-8")
    return path


def obj(oid: int, kind: str, x: float, y: float, w: float = 0, h: float = 0, name: str = "",
        props: dict | None = None, class_attr: str = "class", polyline: str = "") -> str:
    """TMX for one object: a point (no size), a rectangle, or a polyline (points relative)."""
    ptypes = {int: "int", float: "float", bool: "bool", str: "string"}
    inner = ""
    if props:
        inner += "<properties>" + "".join(
            f'<property name="{k}"' + ("" if isinstance(v, str) and k.startswith("_") else
                                       f' type="{ptypes[type(v)]}"')
            + f' value="{str(v).lower() if isinstance(v, bool) else v}"/>'
            for k, v in props.items()) + "</properties>"
    size = f' width="{w}" height="{h}"' if w and h else ""
    if polyline:
        inner += f'<polyline points="{polyline}"/>'
    elif not size:
        inner += "<point/>"
    return f'<object id="{oid}" name="{name or kind}" {class_attr}="{kind}" x="{x}" y="{y}"{size}>{inner}</object>'


def cell(cx: float, cy: float) -> tuple[float, float]:
    """The pixel centre of a cell."""
    return cx * 16 + 8, cy * 16 + 8
