"""The Tiled adapter: the one module that knows pytmx and closes its gaps.

`load_level(path)` reads a `.tmx` (data only: no display, no images loaded) into a `Level`;
`read_level(path)` also lists every problem (for `check`); `level_sources(path)` lists the
files a level depends on (for watching them). Every problem is a `LevelError` whose message
has the form `<file>: <what> ; <fix>` (`levels/x.tmx: no object of class 'start'; add ...`).

Who reads what:
- the XML is read here, once, after a pre-scan that refuses empty, oversized, non-UTF-8 files
  and any DOCTYPE/ENTITY (entity bombs) before a parser sees them; map size is capped;
- tile layers are decoded here with numpy (CSV, base64, zlib, gzip; XML `<tile>` too), with
  the decompressed size capped, in the order Tiled draws them, with group layers' visibility,
  opacity, offset and parallax passed down to their children;
- objects are read here, with templates (`.tx`) resolved: the template's attributes, shape and
  properties, overridden by the instance's own; `class` (Tiled 1.9+) or `type` (1.8);
- pytmx reads the tilesets (embedded or external `.tsx`): tile properties, animations, images.
  It never sees layers or objects, so tile collision shapes cannot leak into the map's objects.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import math
import os
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from xml.etree import ElementTree as ET

import numpy as np

from game.sim import schema
from game.sim import terrain as T
from game.sim.leveldata import Level, LevelError, MapObject, TileImage, TileLayer

NO_TERRAIN = 255
MAX_FILE_BYTES = 32 * 1024 * 1024  # a .tmx, .tsx or .tx larger than this is refused
MAX_MAP_TILES = 4096  # per side
MAX_GROUP_DEPTH = 32
FLIP_MASK = 0xE0000000
GID_MASK = 0x1FFFFFFF
GAME_ROOT = Path(__file__).resolve().parent.parent  # the game's own folder (its assets/ are trusted)
PROJECT_MARKERS = ("pyproject.toml", ".git")
LAYER_TAGS = ("layer", "objectgroup", "imagelayer", "group")
SHAPE_TAGS = ("point", "ellipse", "polygon", "polyline", "text")
_CSV = re.compile(rb"\s*\d{1,10}(?:\s*,\s*\d{1,10})*\s*,?\s*")
_REF = re.compile(rb'(?:source|template)="([^"]*)"')
_INT = re.compile(r"\s*[+-]?\d{1,9}\s*")


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a person would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def project_root(path: str | os.PathLike[str]) -> Path:
    """The project a map belongs to: the nearest folder above it holding a `*.tiled-project`,
    `pyproject.toml` or `.git`; for a map outside any project, the map's own folder."""
    start = Path(path).resolve().parent
    for d in (start, *start.parents):
        if any((d / m).exists() for m in PROJECT_MARKERS) or any(d.glob("*.tiled-project")):
            # A .tiled-project in levels/ belongs to the repository above it when there is one.
            if not any((d / m).exists() for m in PROJECT_MARKERS):
                for up in d.parents:
                    if any((up / m).exists() for m in PROJECT_MARKERS):
                        return up
            return d
    return start


def _inside(p: Path, roots: Iterable[Path]) -> bool:
    return any(p == r or r in p.parents for r in roots)


# -- safe XML ------------------------------------------------------------------------------

def _read_xml(path: Path, where: str, tag: str, what: str, parse: bool = True) -> tuple[ET.Element, bytes]:
    """Parse one Tiled XML file after refusing what no Tiled file holds; returns (root, bytes).
    With parse=False only the pre-scan runs (the root is then an empty element)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise LevelError(f"{where}: cannot find the {what}; check the path in Tiled") from None
    if size == 0:
        raise LevelError(f"{where}: the file is empty; save the {what} again from Tiled")
    if size > MAX_FILE_BYTES:
        raise LevelError(f"{where}: the file is {size // (1024 * 1024)} MB, more than the "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB a {what} may be; make it smaller")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LevelError(f"{where}: cannot read the {what} ({exc.strerror or exc}); check the file") from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LevelError(f"{where}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8 text; "
                         f"save the {what} from Tiled, which writes UTF-8") from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise LevelError(f"{where}: the file has a DOCTYPE or ENTITY declaration, which Tiled never "
                         f"writes; remove it (or save the {what} again from Tiled)")
    if not parse:
        return ET.Element(tag), data
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        msg = str(exc).split(":")[0]
        raise LevelError(f"{where}: cannot read the {what} ({msg} at line {line}, column {col}); "
                         f"fix the XML or save it again from Tiled") from None
    except (LookupError, ValueError) as exc:  # e.g. an unknown encoding in the XML declaration
        raise LevelError(f"{where}: cannot read the {what} ({exc}); save it again from Tiled, "
                         "which writes encoding=\"UTF-8\"") from None
    if root.tag != tag:
        raise LevelError(f"{where}: the file holds <{root.tag}>, not a Tiled <{tag}>; open the {what} in Tiled")
    return root, data


def _wrong_format(where: str, suffix: str) -> LevelError:
    if suffix in (".tmj", ".json"):
        return LevelError(f"{where}: this is a JSON map (.tmj), which the game cannot read; in Tiled use "
                          "File > Save As and choose the TMX format, 'Tiled map files (*.tmx)'")
    return LevelError(f"{where}: not a .tmx map; save the level in Tiled's TMX format")


# -- attribute and property values -----------------------------------------------------------

def _num(el: ET.Element, name: str, default: float, where: str, what: str) -> float:
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


def _int(el: ET.Element, name: str, default: int | None, where: str, what: str) -> int:
    raw = el.get(name)
    if raw is None:
        if default is None:
            raise LevelError(f"{where}: {what} has no {name}; save the file again from Tiled")
        return default
    if not _INT.fullmatch(raw):
        raise LevelError(f"{where}: {what}: {name} must be a whole number, got {raw!r}; fix it in Tiled")
    return int(raw)


def _flag(el: ET.Element, name: str, default: bool = True) -> bool:
    raw = el.get(name)
    return default if raw is None else raw.strip().lower() not in ("0", "false")


def _value(prop: ET.Element) -> Any:
    """A property's value in its Tiled type; a value that doesn't fit its type stays text,
    so the schema reports it with the value the designer typed."""
    kind = prop.get("type", "string")
    if kind == "class":
        return _properties(prop)
    raw = prop.get("value")
    if raw is None:
        raw = prop.text or ""
    try:
        if kind == "int" or kind == "object":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            low = raw.strip().lower()
            if low in ("true", "1"):
                return True
            if low in ("false", "0"):
                return False
    except ValueError:
        pass
    return raw


def _properties(el: ET.Element | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if el is None:
        return out
    for props in el.findall("properties"):
        for p in props.findall("property"):
            name = p.get("name")
            if name is not None:
                out[name] = _value(p)
    return out


# -- the parts of a map --------------------------------------------------------------------

@dataclass
class _Layer:
    el: ET.Element
    name: str
    visible: bool
    opacity: float
    offset: tuple[float, float]
    parallax: tuple[float, float]


@dataclass
class _Ctx:
    path: Path
    where: str
    roots: tuple[Path, ...]
    tiles: list[_Layer] = field(default_factory=list)
    groups: list[_Layer] = field(default_factory=list)  # object layers
    images: list[_Layer] = field(default_factory=list)  # image layers (not drawn by the game)
    templates: dict[Path, tuple[ET.Element, bytes]] = field(default_factory=dict)
    tilesets: list[tuple[int, Path]] = field(default_factory=list)  # external: (firstgid, file)


def _resolve_ref(ctx: _Ctx, base: Path, ref: str | None, what: str, where: str | None = None) -> Path:
    """The file a reference points at; refuses paths that leave the project."""
    where = where or ctx.where
    if not ref or "\x00" in ref:
        raise LevelError(f"{where}: a {what} has an empty path; pick the file again in Tiled")
    try:
        p = (base / ref).resolve()
    except (OSError, RuntimeError, ValueError):
        raise LevelError(f"{where}: {what} {ref!r} is not a usable path; pick the file again in Tiled") from None
    if not _inside(p, ctx.roots):
        raise LevelError(f"{where}: {what} {ref!r} lies outside the project ({ctx.roots[0]}); keep tilesets, "
                         "templates and images inside the project folder and link them by relative paths")
    return p


def _walk_layers(ctx: _Ctx, parent: ET.Element, depth: int, vis: bool, opacity: float,
                 off: tuple[float, float], par: tuple[float, float]) -> None:
    """Every layer in the order Tiled draws them, each with what its groups pass down."""
    if depth > MAX_GROUP_DEPTH:
        raise LevelError(f"{ctx.where}: group layers nest more than {MAX_GROUP_DEPTH} deep; flatten them in Tiled")
    for el in parent:
        if el.tag not in LAYER_TAGS:
            continue
        name = el.get("name", "")
        what = f"layer '{name}'"
        v = vis and _flag(el, "visible")
        o = opacity * min(1.0, max(0.0, _num(el, "opacity", 1.0, ctx.where, what)))
        o2 = (off[0] + _num(el, "offsetx", 0.0, ctx.where, what), off[1] + _num(el, "offsety", 0.0, ctx.where, what))
        p2 = (par[0] * _num(el, "parallaxx", 1.0, ctx.where, what), par[1] * _num(el, "parallaxy", 1.0, ctx.where, what))
        if el.tag == "group":
            _walk_layers(ctx, el, depth + 1, v, o, o2, p2)
            continue
        info = _Layer(el, name, v, o, o2, p2)
        {"layer": ctx.tiles, "objectgroup": ctx.groups, "imagelayer": ctx.images}[el.tag].append(info)


def _decode(ctx: _Ctx, layer: _Layer, n: int) -> np.ndarray:
    """The raw gids of one tile layer (uint32, flip bits kept)."""
    what = f"layer '{layer.name}'"
    where = ctx.where
    data = layer.el.find("data")
    if data is None:
        raise LevelError(f"{where}: {what} has no tile data; save the map again from Tiled")
    if data.find("chunk") is not None:
        raise LevelError(f"{where}: the map is infinite; in Tiled uncheck Map > Map Properties > Infinite, then save")
    enc, comp = data.get("encoding"), data.get("compression")
    text = (data.text or "").encode("ascii", "replace")
    if enc is None:
        cells = data.findall("tile")
        try:
            arr = np.array([int(c.get("gid", "0")) for c in cells], dtype=np.int64)
        except ValueError:
            raise LevelError(f"{where}: {what} has a tile with a gid that is not a number; "
                             "set Map Properties > Tile Layer Format to CSV in Tiled and save") from None
    elif enc == "csv":
        if not _CSV.fullmatch(text):
            raise LevelError(f"{where}: {what} has CSV data that is not comma-separated tile numbers; "
                             "paint the layer again or save the map again from Tiled")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.fromstring(text.decode("ascii").replace("\n", " "), dtype=np.int64, sep=",")
    elif enc == "base64":
        try:
            raw = base64.b64decode(b"".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise LevelError(f"{where}: {what} has base64 data that does not decode; save the map again from Tiled") from None
        if comp in ("zlib", "gzip"):
            try:
                d = zlib.decompressobj(wbits=47)  # zlib or gzip, detected from the header
                raw = d.decompress(raw, n * 4 + 1)
            except zlib.error:
                raise LevelError(f"{where}: {what} has {comp} data that does not decompress; "
                                 "save the map again from Tiled") from None
        elif comp == "zstd":
            raise LevelError(f"{where}: {what} is compressed with zstd, which the game cannot read; in Tiled set "
                             "Map > Map Properties > Tile Layer Format to CSV (or Base64 zlib/gzip) and save")
        elif comp:
            raise LevelError(f"{where}: {what} uses compression {comp!r}; in Tiled set "
                             "Map > Map Properties > Tile Layer Format to CSV and save")
        if len(raw) % 4:
            raise LevelError(f"{where}: {what} holds a broken number of bytes; save the map again from Tiled")
        arr = np.frombuffer(raw, dtype="<u4").astype(np.int64)
    else:
        raise LevelError(f"{where}: {what} uses encoding {enc!r}; in Tiled set "
                         "Map > Map Properties > Tile Layer Format to CSV and save")
    if arr.size != n:
        raise LevelError(f"{where}: {what} holds {arr.size} tiles but the map has {n}; "
                         "resize the map in Tiled (Map > Resize Map) and save")
    if arr.size and int(arr.max()) > 0xFFFFFFFF:
        raise LevelError(f"{where}: {what} has a tile number above 4294967295; save the map again from Tiled")
    return arr


def _template(ctx: _Ctx, base: Path, ref: str, where: str) -> tuple[ET.Element, Path]:
    """The <object> of a template file (parsed once per file)."""
    p = _resolve_ref(ctx, base, ref, "template", where)
    if p.suffix.lower() != ".tx":
        raise LevelError(f"{where}: template {ref!r} is not a .tx file; save templates in Tiled's XML "
                         "template format (*.tx)")
    if p not in ctx.templates:
        root, data = _read_xml(p, display_path(p), "template", "template")
        ctx.templates[p] = (root, data)
    root = ctx.templates[p][0]
    obj = root.find("object")
    if obj is None:
        raise LevelError(f"{display_path(p)}: the template holds no object; save it again from Tiled")
    return root, p


def _apply_template(ctx: _Ctx, el: ET.Element, where: str) -> ET.Element:
    """The object with its template folded in: template first, the instance's own on top."""
    troot, tpath = _template(ctx, ctx.path.parent, el.get("template"), where)
    tobj = troot.find("object")
    assert tobj is not None
    out = ET.Element("object", {**tobj.attrib, **el.attrib})
    out.attrib.pop("template", None)
    tgid = tobj.get("gid")
    if tgid is not None and el.get("gid") is None:
        out.set("gid", str(_template_gid(ctx, troot, tpath, tobj)))
    props = {p.get("name"): p for ps in tobj.findall("properties") for p in ps.findall("property")}
    props.update({p.get("name"): p for ps in el.findall("properties") for p in ps.findall("property")})
    if props:
        pe = ET.SubElement(out, "properties")
        pe.extend(props.values())
    shape = next((c for c in el if c.tag in SHAPE_TAGS), None)
    if shape is None:
        shape = next((c for c in tobj if c.tag in SHAPE_TAGS), None)
    if shape is not None:
        out.append(shape)
    return out


def _template_gid(ctx: _Ctx, troot: ET.Element, tpath: Path, tobj: ET.Element) -> int:
    """A tile template's gid in the map's numbering (the template has its own tileset)."""
    tw = display_path(tpath)
    ts = troot.find("tileset")
    raw = _int(tobj, "gid", 0, tw, "template object")
    if ts is None:
        raise LevelError(f"{tw}: the template shows a tile but names no tileset; save it again from Tiled")
    src = _resolve_ref(ctx, tpath.parent, ts.get("source"), "tileset", tw)
    first = _int(ts, "firstgid", 1, tw, "template tileset")
    for mfirst, mpath in ctx.tilesets:
        if mpath == src:
            return ((raw & GID_MASK) - first + mfirst) | (raw & FLIP_MASK)
    raise LevelError(f"{tw}: the template shows a tile of {ts.get('source')!r}, which the map does not use; "
                     "add that tileset to the map in Tiled")


def _points(text: str | None, where: str, what: str) -> tuple[tuple[float, float], ...]:
    try:
        pts = tuple((float(a), float(b)) for a, b in (p.split(",") for p in (text or "").split()))
    except ValueError:
        pts = ((math.nan, 0.0),)
    if not pts or not all(math.isfinite(v) for pt in pts for v in pt):
        raise LevelError(f"{where}: {what} has broken points {text!r}; redraw it in Tiled")
    return pts


def _read_objects(ctx: _Ctx, group: _Layer) -> list[MapObject]:
    out: list[MapObject] = []
    ox, oy = group.offset
    for el in group.el.findall("object"):
        oid = el.get("id", "?")
        where = ctx.where
        if el.get("template") is not None:
            el = _apply_template(ctx, el, where)
        what = f"object {oid}"
        if not _flag(el, "visible"):
            continue
        kind = (el.get("class") or el.get("type") or "").strip()
        x = _num(el, "x", 0.0, where, what) + ox
        y = _num(el, "y", 0.0, where, what) + oy
        w = _num(el, "width", 0.0, where, what)
        h = _num(el, "height", 0.0, where, what)
        pts: tuple[tuple[float, float], ...] = ()
        for tag in ("polyline", "polygon"):
            shape = el.find(tag)
            if shape is not None:
                rel = _points(shape.get("points"), where, f"{what} ({tag})")
                pts = tuple((x + a, y + b) for a, b in rel)
                xs, ys = [a for a, _ in rel], [b for _, b in rel]
                w = abs(min(0.0, *xs)) + abs(max(0.0, *xs))
                h = abs(min(0.0, *ys)) + abs(max(0.0, *ys))
        if el.get("gid") is not None:
            y -= h  # tile objects sit on their bottom-left corner in Tiled
        out.append(MapObject(id=_int(el, "id", 0, where, what), name=el.get("name", ""), kind=kind,
                             x=x, y=y, width=w, height=h, points=pts, properties=_properties(el)))
    return out


# -- tilesets (pytmx) ----------------------------------------------------------------------

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


@dataclass
class _Tiles:
    """What the tilesets say, by Tiled gid."""

    terrain: dict[int, int] = field(default_factory=dict)
    own_images: dict[int, tuple[str, tuple[int, int, int, int]]] = field(default_factory=dict)
    frames: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    sheets: list[_Sheet] = field(default_factory=list)

    def image(self, gid: int) -> tuple[str, tuple[int, int, int, int]] | None:
        """The picture of one (unflipped) Tiled gid: file and rectangle, or None."""
        if gid in self.own_images:
            return self.own_images[gid]
        for s in self.sheets:
            if s.first <= gid < s.first + s.count:
                r, c = divmod(gid - s.first, s.columns)
                tw, th = s.tile
                return s.source, (s.margin + c * (tw + s.spacing), s.margin + r * (th + s.spacing), tw, th)
        return None

    def last_gid(self) -> int:
        """The highest gid any tileset defines."""
        return max([0, *(s.first + s.count - 1 for s in self.sheets), *self.own_images, *self.frames])


def _record_image(filename: str, flags: Any, **kwargs: Any):
    """pytmx image loader that loads nothing."""

    def load(rect: Any = None, flags: Any = flags) -> tuple[str, Any, Any]:
        return (filename, rect, flags)

    return load


@dataclass(frozen=True)
class _Tileset:
    """One tileset as pytmx reads it, by local tile id; image paths absolute."""

    terrain: dict[int, int]
    frames: dict[int, tuple[tuple[int, int], ...]]
    own_images: dict[int, tuple[str, tuple[int, int, int, int]]]
    sheet: tuple[str, tuple[int, int], int, int, int, int] | None  # source, tile, spacing, margin, cols, count
    bad_terrain: tuple[str, str] | None  # (tile id, name) of a tile with an unknown terrain


_TSX_CACHE: dict[tuple[Path, int, int], _Tileset] = {}


def _parse_tileset(node: ET.Element, base: Path, where: str) -> _Tileset:
    """Let pytmx read one tileset (an embedded <tileset>, or one naming a .tsx) at firstgid 1."""
    import pytmx  # the only import of pytmx in the game

    tmx = pytmx.TiledMap(image_loader=_record_image)
    tmx.filename = str(base / "map.tmx")
    try:  # only the tileset: pytmx's image pass (a loop over the declared image size) never runs
        tmx.add_tileset(pytmx.TiledTileset(tmx, node))
    except Exception as exc:  # pytmx raises bare exceptions of many kinds
        raise LevelError(f"{where}: cannot read a tileset ({type(exc).__name__}: {exc}); "
                         "open the tileset in Tiled and save it again") from None
    terrain: dict[int, int] = {}
    frames: dict[int, tuple[tuple[int, int], ...]] = {}
    own: dict[int, tuple[str, tuple[int, int, int, int]]] = {}
    bad = None
    to_tiled = tmx.tiledgidmap
    for pg, props in tmx.tile_properties.items():
        local = to_tiled.get(pg, 0) - 1
        if local < 0:
            continue
        name = props.get("terrain")
        if name is not None:
            code = T.CODE.get(str(name))
            if code is None:
                bad = bad or (str(props.get("id", "?")), str(name))
            else:
                terrain[local] = code
        anim = props.get("frames") or ()
        if anim:
            frames[local] = tuple((int(to_tiled.get(f.gid, 0)) - 1, int(f.duration)) for f in anim)
        if props.get("source"):  # a tile with its own image (image collection tileset)
            own[local] = (str((base / props["source"]).resolve()),
                          (0, 0, int(float(props.get("width") or 0)), int(float(props.get("height") or 0))))
    sheet = None
    ts = tmx.tilesets[0] if tmx.tilesets else None
    if ts is not None and ts.source and int(ts.tilewidth or 0) > 0 and int(ts.tileheight or 0) > 0:
        tw, th = int(ts.tilewidth), int(ts.tileheight)
        sp, mg = max(0, int(ts.spacing or 0)), max(0, int(ts.margin or 0))
        cols = max(1, (int(ts.width or 0) - 2 * mg + sp) // (tw + sp))
        rows = max(1, (int(ts.height or 0) - 2 * mg + sp) // (th + sp))
        count = max(0, min(int(ts.tilecount or cols * rows), cols * rows))
        sheet = (str((base / ts.source).resolve()), (tw, th), sp, mg, cols, count)
    return _Tileset(terrain, frames, own, sheet, bad)


def _read_tilesets(ctx: _Ctx, root: ET.Element) -> _Tiles:
    """Every tileset of the map, by Tiled gid. External tilesets are read once per version of
    the file (path, modification time, size) and shared by every map that uses them."""
    where = ctx.where
    out = _Tiles()
    for node in root.findall("tileset"):
        src = node.get("source")
        first = _int(node, "firstgid", None, where, "a tileset")
        if src is not None:
            p = _resolve_ref(ctx, ctx.path.parent, src, "tileset")
            if p.suffix.lower() != ".tsx":
                raise LevelError(f"{where}: tileset {src!r} is not a .tsx file; in Tiled export the tileset "
                                 "as 'Tiled tileset files (*.tsx)' and use that")
            try:
                st = p.stat()
            except OSError:
                raise LevelError(f"{where}: tileset {src!r} is missing; put the file there or pick it again in Tiled") from None
            key = (p, st.st_mtime_ns, st.st_size)
            ctx.tilesets.append((first, p))
            ts = _TSX_CACHE.get(key)
            if ts is None:
                _read_xml(p, display_path(p), "tileset", "tileset", parse=False)  # the pre-scan, before pytmx
                ts = _parse_tileset(ET.Element("tileset", {"firstgid": "1", "source": str(p)}), p.parent,
                                    display_path(p))
                if len(_TSX_CACHE) > 32:
                    _TSX_CACHE.clear()
                _TSX_CACHE[key] = ts
            tw = display_path(p)
        else:
            copy = ET.Element("tileset", {**node.attrib, "firstgid": "1"})
            for child in node:  # embedded: keep all but the tiles' collision shapes
                if child.tag == "tile":
                    t = ET.SubElement(copy, "tile", child.attrib)
                    t.extend(c for c in child if c.tag != "objectgroup")
                else:
                    copy.append(child)
            ts = _parse_tileset(copy, ctx.path.parent, where)
            tw = where
        if ts.bad_terrain:
            raise LevelError(f"{tw}: tile {ts.bad_terrain[0]} has terrain {ts.bad_terrain[1]!r}; "
                             f"use one of {', '.join(T.NAMES)}")
        for local, code in ts.terrain.items():
            out.terrain[first + local] = code
        for local, fr in ts.frames.items():
            out.frames[first + local] = tuple((first + f, d) for f, d in fr)
        for local, (img, rect) in ts.own_images.items():
            _resolve_ref(ctx, ctx.path.parent, img, "image", tw)
            out.own_images[first + local] = (img, rect)
        if ts.sheet is not None:
            img, tile, sp, mg, cols, count = ts.sheet
            _resolve_ref(ctx, ctx.path.parent, img, "image", tw)
            out.sheets.append(_Sheet(first, count, img, tile, sp, mg, cols))
    return out


# -- the level -----------------------------------------------------------------------------

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
    p = Path(path)
    where = display_path(p)
    if not p.is_file():
        raise LevelError(f"{where}: no such level file")
    if p.suffix.lower() != ".tmx":
        raise _wrong_format(where, p.suffix.lower())
    root, data = _read_xml(p, where, "map", "map")
    ctx = _Ctx(path=p.resolve(), where=where, roots=(project_root(p), GAME_ROOT))

    if _flag(root, "infinite", False):
        raise LevelError(f"{where}: the map is infinite; in Tiled uncheck Map > Map Properties > Infinite, then save")
    orientation = root.get("orientation", "orthogonal")
    if orientation != "orthogonal":
        raise LevelError(f"{where}: map orientation is {orientation!r}; use orthogonal")
    width = _int(root, "width", None, where, "the map")
    height = _int(root, "height", None, where, "the map")
    tw = _int(root, "tilewidth", None, where, "the map")
    th = _int(root, "tileheight", None, where, "the map")
    if width <= 0 or height <= 0:
        raise LevelError(f"{where}: the map has no size; set its width and height in Tiled (Map > Resize Map)")
    if width > MAX_MAP_TILES or height > MAX_MAP_TILES:
        raise LevelError(f"{where}: the map is {width}x{height} tiles, more than {MAX_MAP_TILES}x{MAX_MAP_TILES}; "
                         "split it into smaller legs")
    if tw != th or tw <= 0:
        raise LevelError(f"{where}: tiles are {tw}x{th}; use square tiles (16x16)")

    tiles = _read_tilesets(ctx, root)
    _walk_layers(ctx, root, 0, True, 1.0, (0.0, 0.0), (1.0, 1.0))
    n = width * height
    raws = [_decode(ctx, lay, n) for lay in ctx.tiles]

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
    for lay, raw in zip(ctx.tiles, raws):
        gids = (_renumber(raw, variants) if variants else raw.astype(np.int32)).reshape(height, width)
        layers.append(TileLayer(name=lay.name, gids=gids, visible=lay.visible, opacity=lay.opacity,
                                offset=lay.offset, parallax=lay.parallax))
        if lay.visible and lay.parallax == (1.0, 1.0):
            base, inv = np.unique(raw & GID_MASK, return_inverse=True)
            lut = np.array([tiles.terrain.get(g, NO_TERRAIN) if g else NO_TERRAIN for g in base.tolist()],
                           dtype=np.uint8)
            codes = lut[inv].reshape(height, width)
            dx, dy = (int(round(v / tw)) for v in lay.offset)
            if dx or dy:
                codes = _shift(codes, dx, dy)
            terrain = np.where(codes != NO_TERRAIN, codes, terrain).astype(np.uint8)

    level_tiles = _tile_images(tiles, layers, variants)
    objects: dict[str, list[MapObject]] = {}
    problems: list[str] = []
    hidden_kinds: set[str] = set()
    for group in ctx.groups:
        for obj in _read_objects(ctx, group):
            if not group.visible:
                hidden_kinds.add(obj.kind)
                continue
            mo, bad = schema.normalize_object(obj)
            problems.extend(f"{where}: {b}" for b in bad)
            objects.setdefault(mo.kind, []).append(mo)

    properties, bad = schema.normalize_map_properties(_properties(root))
    problems = [f"{where}: {b}" for b in bad] + problems
    h = hashlib.sha256(data)
    for _, tsx in ctx.tilesets:
        h.update(tsx.read_bytes())
    for tpath in sorted(ctx.templates):
        h.update(ctx.templates[tpath][1])
    level = Level(
        path=where, width=width, height=height, tile_size=tw, terrain=terrain,
        objects={k: tuple(v) for k, v in objects.items()}, properties=properties,
        layers=tuple(layers), tiles=level_tiles, source_hash=h.hexdigest(),
    )
    problems.extend(basic_problems(level, hidden_kinds))
    return level, problems


def _renumber(raw: np.ndarray, variants: dict[int, int]) -> np.ndarray:
    out = raw.copy()
    flipped = raw > GID_MASK
    if flipped.any():
        keys = np.array(sorted(variants), dtype=np.int64)
        vals = np.array([variants[k] for k in keys.tolist()], dtype=np.int64)
        out[flipped] = vals[np.searchsorted(keys, raw[flipped])]
    return out.astype(np.int32)


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
        used.update(np.unique(layer.gids).tolist())
    used.discard(0)
    for g in list(used):
        used.update(f for f, _ in tiles.frames.get(g, ()))
    out: dict[int, TileImage] = {}
    for gid in used:
        img = tiles.image(gid)
        if img is not None:
            out[gid] = TileImage(source=img[0], rect=img[1], animation=tiles.frames.get(gid, ()))
    for raw_v, gid in variants.items():
        base, flags = raw_v & GID_MASK, raw_v & FLIP_MASK
        img = tiles.image(base)
        if img is not None:
            anim = tuple((variants.get(f | flags, f), d) for f, d in tiles.frames.get(base, ()))
            out[gid] = TileImage(source=img[0], rect=img[1], animation=anim,
                                 flags=(bool(flags & 0x80000000), bool(flags & 0x40000000), bool(flags & 0x20000000)))
    return out


def basic_problems(level: Level, hidden_kinds: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """What a level cannot run without: one start on open ground, a finish, rectangles with a size."""
    where = level.path
    out: list[str] = []
    starts = level.of_kind("start")
    hint = lambda kind: " (the layer holding one is hidden; show it in Tiled)" if kind in hidden_kinds else ""
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


def references(path: str | os.PathLike[str]) -> list[Reference]:
    """Every tileset, template and image a map names, following tilesets and templates.

    Cheap (a text scan, no XML parse) and never raises: a file that is missing or unreadable
    is still listed, so a watcher notices when it appears.
    """
    start = Path(path).resolve()
    out: list[Reference] = []
    seen = {start}
    todo = [start]
    while todo:
        f = todo.pop(0)
        try:
            if f.stat().st_size > MAX_FILE_BYTES:
                continue
            data = f.read_bytes()
        except OSError:
            continue
        for m in _REF.finditer(data):
            ref = m.group(1).decode("utf-8", "replace")
            if not ref:
                continue
            try:
                target = (f.parent / ref).resolve()
            except (OSError, RuntimeError, ValueError):
                continue
            low = ref.lower()
            kind = ("tileset" if low.endswith((".tsx", ".tsj", ".json")) else
                    "template" if low.endswith((".tx", ".tj")) else "image")
            out.append(Reference(kind, ref, f, target))
            if target not in seen and kind != "image":
                seen.add(target)
                todo.append(target)
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
