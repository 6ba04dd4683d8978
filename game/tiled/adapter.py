"""The one module that imports pytmx: the map is loaded with `pytmx.TiledMap` (data only, a
loader that records image files and loads none) and the `Level` is built from its core, with
the pre-scan's and the XML pass's corrections on top.

From pytmx: map size, tile size and properties; tilesets (tile properties, animations, image
files, sheet geometry); every tile layer's cells (pytmx decodes CSV, base64, zlib, gzip); each
object's id, name, position, size, points and properties.
From the XML pass (`xmlpass`): drawing order, groups, visibility, opacity, offsets, parallax,
`class`/`type`, templates; which object layers are the map's own. Flipped tiles get level
gids of their own here, so a renderer needs no flip logic of its own.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.sim import schema
from game.sim import terrain as T
from game.sim.leveldata import Level, LevelError, MapObject, TileImage, TileLayer
from game.tiled import prescan, xmlpass
from game.tiled.common import FLIP_MASK, GAME_ROOT, GID_MASK, display_path, project_root

NO_TERRAIN = 255


class _ParsedFiles:
    """What pytmx sees as `ElementTree`: its `parse(path)` hands back the documents the
    pre-scan already parsed from capped bytes in one go, so pytmx never reads a file itself.
    (ElementTree.parse feeds a file in chunks, and Python 3.11's expat is quadratic on a big
    token fed that way: a 31 MB comment took seconds.) A document not registered for this
    thread's load is read the same safe way: a regular file, capped, parsed whole."""

    Element = ET.Element
    fromstring = staticmethod(ET.fromstring)

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def serving(self, docs: dict[str, ET.Element]) -> Iterator[None]:
        """Serve `docs` (absolute path -> root) to pytmx while a load runs in this thread."""
        self._local.docs = docs
        try:
            yield
        finally:
            self._local.docs = {}

    def parse(self, source: str) -> ET.ElementTree:
        path = os.path.abspath(source)
        root = getattr(self._local, "docs", {}).get(path)
        if root is None:
            tag = "map" if path.lower().endswith(".tmx") else "tileset"
            root, _ = prescan.read_xml(Path(path), display_path(path), tag, tag)
        return ET.ElementTree(root)


_PARSED = _ParsedFiles()
_PYTMX_LOCK = threading.Lock()  # one load at a time swaps pytmx's ElementTree for _PARSED


class _Recorder:
    """pytmx image loader that loads nothing: it notes the file each tileset cuts its tiles from."""

    def __init__(self) -> None:
        self.sheets: dict[int, str] = {}

    def __call__(self, filename: str, colorkey: Any, **kwargs: Any) -> Callable[..., tuple[str, Any, Any]]:
        ts = kwargs.get("tileset")
        if ts is not None:
            self.sheets[id(ts)] = filename

        def load(rect: Any = None, flags: Any = None) -> tuple[str, Any, Any]:
            return (filename, rect, flags)

        return load


def _pytmx_map(path: Path, where: str, rec: _Recorder, docs: dict[str, ET.Element]) -> Any:
    """pytmx's reading of the (pre-scanned) map, from the documents already parsed (`docs`:
    absolute path -> root); its bare exceptions become one LevelError."""
    import pytmx  # the only import of pytmx in the game (it pulls in pygame: loaded on first use)
    import pytmx.pytmx as pytmx_module

    with _PYTMX_LOCK, _PARSED.serving(docs):
        plain = pytmx_module.ElementTree
        pytmx_module.ElementTree = _PARSED  # pytmx reads through us while this load runs
        try:
            return pytmx.TiledMap(str(path), image_loader=rec, allow_duplicate_names=True)
        except LevelError:
            raise
        except Exception as exc:  # noqa: BLE001 - pytmx raises bare exceptions of many kinds
            text = " ".join(str(exc).split())[:160] or "no details"
            raise LevelError(f"{where}: pytmx cannot read the map ({type(exc).__name__}: {text}); "
                             "open it in Tiled and save it again") from None
        finally:
            pytmx_module.ElementTree = plain


def read(path: Path) -> tuple[Level, list[str], set[str]]:
    """The Level, the problems of its objects and map properties, and the classes found only
    on hidden layers. Raises LevelError when the file cannot be used at all."""
    import pytmx

    where = display_path(path)
    prescan.check_file(path, where)
    root, data = prescan.read_xml(path, where, "map", "map")
    full = path.resolve()
    roots = (project_root(path), GAME_ROOT)
    info = prescan.scan_map(root, full, where, roots)
    doc = xmlpass.read_document(root, full, where, roots, info.tilesets)
    rec = _Recorder()
    # pytmx reads the tilesets, objects and properties; the tile layers' data the pre-scan
    # has already decoded (info.layers), so pytmx gets one empty cell per layer instead of
    # decoding every cell again in Python (what made a load cost more than a bare parse).
    for cells in root.iter("data"):
        cells.attrib = {"encoding": "csv"}
        cells.text = "0"
    docs = {str(full): root}
    for ts in info.tilesets:
        if ts.path is not None:
            docs[os.path.abspath(ts.path)] = ET.fromstring(ts.data)
    tmx = _pytmx_map(full, where, rec, docs)

    tile_layers = [lay for lay in tmx.layers if isinstance(lay, pytmx.TiledTileLayer)]
    object_layers = [lay for lay in tmx.layers if isinstance(lay, pytmx.TiledObjectGroup)]
    if (len(tile_layers), len(object_layers), len(tmx.tilesets)) != (
            len(info.layers), sum(1 for _ in root.iter("objectgroup")), len(info.tilesets)):
        raise LevelError(f"{where}: the file changed while it was read; load it again")
    width, height, tw = info.width, info.height, info.tile
    tiles = _tilesets(tmx, rec, info)

    raws = []
    for lay in doc.tiles:
        raw = info.layers[lay.index]
        if raw.size and (int(raw.max()) > 0xFFFFFFFF or int(raw.min()) < 0):
            raise LevelError(f"{where}: layer '{lay.name}' has a tile number outside 0 to 4294967295; "
                             "save the map again from Tiled")
        raws.append(raw)

    # Level gids: a Tiled gid stands for itself; a flipped tile gets a new gid above them all.
    top = max([tiles.last_gid(), *(int((r & GID_MASK).max()) if r.size else 0 for r in raws)])
    variants: dict[int, int] = {}
    for r in raws:
        for v in np.unique(r[r > GID_MASK]).tolist():
            variants.setdefault(int(v), top + 1 + len(variants))
    for raw_v in list(variants):
        for fg, _ in tiles.frames.get(raw_v & GID_MASK, ()):
            variants.setdefault(fg | (raw_v & FLIP_MASK), top + 1 + len(variants))
    if top + len(variants) >= 2 ** 31:
        raise LevelError(f"{where}: the layers use tile numbers too large to be real; save the map again from Tiled")

    terrain = np.full((height, width), T.DEFAULT, dtype=np.uint8)
    layers: list[TileLayer] = []
    for lay, raw in zip(doc.tiles, raws):
        gids = (_renumber(raw, variants) if variants else raw.astype(np.int32)).reshape(height, width)
        layers.append(TileLayer(name=lay.name, gids=gids, visible=lay.visible, opacity=lay.opacity,
                                offset=lay.offset, parallax=lay.parallax, above_team=lay.above_team))
        if lay.visible and lay.parallax == (1.0, 1.0):
            codes = _terrain_codes(raw & GID_MASK, tiles.terrain).reshape(height, width)
            dx, dy = (int(round(v / tw)) for v in lay.offset)
            if dx or dy:
                codes = _shift(codes, dx, dy)
            terrain = np.where(codes != NO_TERRAIN, codes, terrain).astype(np.uint8)

    objects: dict[str, list[MapObject]] = {}
    problems: list[str] = []
    hidden_kinds: set[str] = set()
    for group in doc.groups:
        for dobj, pobj in zip(group.objects, object_layers[group.index]):
            if not dobj.visible:
                continue
            if not group.visible:
                hidden_kinds.add(dobj.kind)
                continue
            mo, bad = schema.normalize_object(_object(dobj, pobj, group.offset, pytmx.parse_properties))
            problems.extend(f"{where}: {b}" for b in bad)
            objects.setdefault(mo.kind, []).append(mo)

    properties, bad = schema.normalize_map_properties(_props(tmx.properties))
    problems = [f"{where}: {b}" for b in bad] + problems
    h = hashlib.sha256(data)
    for ts in info.tilesets:
        if ts.path is not None:
            h.update(ts.data)
    for tpath in sorted(doc.templates):
        h.update(doc.templates[tpath])
    level = Level(
        path=where, width=width, height=height, tile_size=tw, terrain=terrain,
        objects={k: tuple(v) for k, v in objects.items()}, properties=properties,
        layers=tuple(layers), tiles=_tile_images(tiles, layers, variants), source_hash=h.hexdigest(),
        file=str(full),
    )
    return level, problems, hidden_kinds


# -- objects -------------------------------------------------------------------------------

def _props(raw: dict[Any, Any]) -> dict[str, Any]:
    """pytmx's properties, with an empty untyped value as "" (pytmx makes it None)."""
    return {k: ("" if v is None else v) for k, v in raw.items() if k is not None}


def _object(d: xmlpass.DocObject, o: Any, offset: tuple[float, float], parse_properties: Any) -> MapObject:
    """One object: pytmx's core, the template's attributes, shape and properties where the
    instance sets none, the group's offset."""
    t = d.template

    def attr(name: str, mine: float) -> float:
        return mine if name in d.own else float(t[name]) if name in t else 0.0

    ox, oy = offset
    x = attr("x", o.x) + ox
    # pytmx moves a tile object up by its own height; undo that, the merged size decides.
    y = attr("y", (o.y + o.height) if o.gid else o.y) + oy
    own_pts = o.__dict__.get("points")
    pts: tuple[tuple[float, float], ...] = ()
    if own_pts:
        pts = tuple((px + ox, py + oy) for px, py in own_pts)
        w, h = float(o.width), float(o.height)
    else:
        w, h = attr("width", o.width), attr("height", o.height)
        if d.shape is not None and d.shape.tag in ("polyline", "polygon"):
            rel = prescan.points(d.shape.get("points"), "", "")
            pts = tuple((x + a, y + b) for a, b in rel)
            xs, ys = [a for a, _ in rel], [b for _, b in rel]
            w = abs(min(0.0, *xs)) + abs(max(0.0, *xs))
            h = abs(min(0.0, *ys)) + abs(max(0.0, *ys))
    if d.gid:
        y -= h  # tile objects sit on their bottom-left corner in Tiled
    name = o.name if "name" in d.own else t.get("name", "")
    own = {k: v for k, v in _props(o.properties).items() if k in d.own_properties}  # no tile properties
    props = {**_props(parse_properties(d.template_object)), **own} if d.template_object is not None else own
    return MapObject(id=int(o.id) if "id" in d.own else d.id, name=name or "", kind=d.kind,
                     x=x, y=y, width=w, height=h, points=pts, properties=props)


# -- tilesets ------------------------------------------------------------------------------

@dataclass
class _Sheet:
    """One tileset image cut into tiles."""

    first: int
    count: int
    source: str
    tile: tuple[int, int]
    spacing: int
    margin: int
    columns: int
    size: tuple[int, int] = (0, 0)  # the image's size as the tileset declares it


@dataclass
class _Tiles:
    """What the tilesets say, by Tiled gid."""

    terrain: dict[int, int] = field(default_factory=dict)
    own_images: dict[int, tuple[str, tuple[int, int, int, int]]] = field(default_factory=dict)
    frames: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    sheets: list[_Sheet] = field(default_factory=list)

    def image(self, gid: int) -> tuple[str, tuple[int, int, int, int], tuple[int, int]] | None:
        """The picture of one (unflipped) Tiled gid: file, rectangle and the image's declared
        size, or None."""
        if gid in self.own_images:
            src, rect = self.own_images[gid]
            return src, rect, (rect[2], rect[3])
        for s in self.sheets:
            if s.first <= gid < s.first + s.count:
                r, c = divmod(gid - s.first, s.columns)
                tw, th = s.tile
                return s.source, (s.margin + c * (tw + s.spacing), s.margin + r * (th + s.spacing), tw, th), s.size
        return None

    def last_gid(self) -> int:
        """The highest gid any tileset defines."""
        return max([0, *(s.first + s.count - 1 for s in self.sheets), *self.own_images, *self.frames])


def _tilesets(tmx: Any, rec: _Recorder, info: prescan.MapInfo) -> _Tiles:
    """pytmx's tilesets by Tiled gid: terrain, animation frames, tiles' own images, and the
    sheets (cut as Tiled cuts them: pytmx ignores the right margin and the tile count)."""
    out = _Tiles()
    to_tiled = tmx.tiledgidmap
    firsts = [ts.first for ts in info.tilesets]
    order = sorted(range(len(firsts)), key=lambda i: firsts[i])
    bad: dict[int, tuple[str, str]] = {}
    for pg, props in tmx.tile_properties.items():
        gid = to_tiled.get(pg, 0)
        if gid <= 0:
            continue
        name = props.get("terrain")
        if name is not None:
            code = T.CODE.get(str(name))
            if code is None:
                k = bisect.bisect_right([firsts[i] for i in order], gid) - 1
                owner = order[k] if k >= 0 else 0
                bad.setdefault(owner, (str(props.get("id", "?")), str(name)))
            else:
                out.terrain[gid] = code
        anim = props.get("frames") or ()
        if anim:
            out.frames[gid] = tuple((int(to_tiled.get(f.gid, 0)), int(f.duration)) for f in anim)
        if props.get("source"):  # a tile with its own image (image collection tileset)
            img = tmx.images[pg]
            out.own_images[gid] = (str(Path(img[0]).resolve()),
                                   (0, 0, int(float(props.get("width") or 0)), int(float(props.get("height") or 0))))
    if bad:
        i = min(bad)
        raise LevelError(f"{info.tilesets[i].where}: tile {bad[i][0]} has terrain {bad[i][1]!r}; "
                         f"use one of {', '.join(T.NAMES)}")
    for ts in tmx.tilesets:
        if ts.source and id(ts) in rec.sheets and int(ts.tilewidth or 0) > 0 and int(ts.tileheight or 0) > 0:
            tw, th = int(ts.tilewidth), int(ts.tileheight)
            sp, mg = max(0, int(ts.spacing or 0)), max(0, int(ts.margin or 0))
            cols = max(1, (int(ts.width or 0) - 2 * mg + sp) // (tw + sp))
            rows = max(1, (int(ts.height or 0) - 2 * mg + sp) // (th + sp))
            count = max(0, min(int(ts.tilecount or cols * rows), cols * rows))
            src = str(Path(rec.sheets[id(ts)]).resolve())
            out.sheets.append(_Sheet(int(ts.firstgid), count, src, (tw, th), sp, mg, cols,
                                     (int(ts.width or 0), int(ts.height or 0))))
    return out


# -- tile layers ---------------------------------------------------------------------------

def _renumber(raw: np.ndarray, variants: dict[int, int]) -> np.ndarray:
    out: np.ndarray = raw.copy()  # annotated: numpy's stubs type copy() as Self, which is Any for Python 3.10
    flipped = raw > GID_MASK
    if flipped.any():
        keys = np.array(sorted(variants), dtype=np.int64)
        vals = np.array([variants[k] for k in keys.tolist()], dtype=np.int64)
        out[flipped] = vals[np.searchsorted(keys, raw[flipped])]
    return out.astype(np.int32)


def _terrain_codes(gids: np.ndarray, terrain: dict[int, int]) -> np.ndarray:
    """Each cell's terrain code from its (unflipped) gid, NO_TERRAIN where none: a table
    indexed by gid when the gids are small (every real map), else through np.unique."""
    top = int(gids.max()) if gids.size else 0
    if top < 1 << 20:
        lut = np.full(top + 1, NO_TERRAIN, dtype=np.uint8)
        for g, code in terrain.items():
            if 0 < g <= top:
                lut[g] = code
        out: np.ndarray = lut[gids]
        return out
    base, inv = np.unique(gids, return_inverse=True)
    lut = np.array([terrain.get(g, NO_TERRAIN) if g else NO_TERRAIN for g in base.tolist()], dtype=np.uint8)
    out = lut[inv]
    return out


def _used(gids: np.ndarray) -> list[int]:
    """The distinct gids of a layer (a count per gid when they are small, else np.unique)."""
    flat = gids.ravel()
    found = np.flatnonzero(np.bincount(flat)) if flat.size and 0 <= int(flat.min()) and int(flat.max()) < 1 << 20 \
        else np.unique(flat)
    return [int(g) for g in found.tolist()]


def _shift(codes: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """A terrain layer moved by whole cells (a layer offset), empty where it moved away."""
    h, w = codes.shape
    out = np.full_like(codes, NO_TERRAIN)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, dy):h + min(0, dy), max(0, dx):w + min(0, dx)] = \
        codes[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out


def _tile_images(tiles: _Tiles, layers: list[TileLayer], variants: dict[int, int]) -> dict[int, TileImage]:
    """The picture of every tile a layer shows (and of every animation frame)."""
    used: set[int] = set()
    for layer in layers:
        used.update(_used(layer.gids))
    used.discard(0)
    for g in list(used):
        used.update(f for f, _ in tiles.frames.get(g, ()))
    out: dict[int, TileImage] = {}
    for gid in used:
        img = tiles.image(gid)
        if img is not None:
            out[gid] = TileImage(source=img[0], rect=img[1], animation=tiles.frames.get(gid, ()), image_size=img[2])
    for raw_v, gid in variants.items():
        base, flags = raw_v & GID_MASK, raw_v & FLIP_MASK
        img = tiles.image(base)
        if img is not None:
            anim = tuple((variants.get(f | flags, f), d) for f, d in tiles.frames.get(base, ()))
            out[gid] = TileImage(source=img[0], rect=img[1], animation=anim, image_size=img[2],
                                 flags=(bool(flags & 0x80000000), bool(flags & 0x40000000), bool(flags & 0x20000000)))
    return out
