"""The pre-scan: everything that must be refused before pytmx (or any parser) sees a file.

pytmx trusts its input: it expands entities, decompresses without limit, decodes every cell
in Python, visits every tile of a tileset image, casts attributes with bare `int()`/`float()`,
and stops on anything odd with a bare exception. So a map goes through here first: bytes
(size, UTF-8, no DOCTYPE/ENTITY), then one XML parse, then every layer's data (encoding,
compression, decompressed size, cell count), sizes, paths (inside the project), tilesets
(image sizes) and every value pytmx would cast. Each refusal is one `LevelError` line naming
the file and the fix. No pytmx here.
"""
from __future__ import annotations

import base64
import binascii
import math
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np

from game.files import FileProblem, read_capped
from game.sim.leveldata import LevelError
from game.tiled.common import (
    MAX_FILE_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_LAYER_CELLS,
    MAX_MAP_TILES,
    MAX_TILE_PX,
    MAX_TILESET_TILES,
    display_path,
    flag,
    resolve_ref,
    whole,
)

# The attributes pytmx casts (its `types` table), by caster; all others stay text.
_INTS = frozenset("columns duration firstgid gid id margin nextobjectid offsetx offsety spacing tile tilecount "
                  "tileid tileheight tilewidth".split())
_FLOATS = frozenset("height hexsidelength opacity pixelsize probability rotation width x y".split())
_BOOLS = frozenset("bold italic kerning strikeout underline visible wrap".split())
_CAST_TAGS = frozenset(("map", "group", "layer", "imagelayer", "objectgroup", "object", "tileset", "tile"))
_PROP_TYPES = frozenset(("string", "int", "float", "bool", "color", "file", "object"))
_TOLD = "in Tiled set Map > Map Properties > Tile Layer Format to CSV and save"


def read_xml(path: Path, where: str, tag: str, what: str) -> tuple[ET.Element, bytes]:
    """Parse one Tiled XML file after refusing what no Tiled file holds; returns (root, bytes).

    The bytes come through `game.files.read_capped` (a regular file, at most MAX_FILE_BYTES):
    a FIFO or a link to a device is refused at once, never read."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        raise LevelError(f"{where}: cannot find the {what}; check the path in Tiled") from None
    if not stat.S_ISREG(st.st_mode):
        raise LevelError(f"{where}: the {what} is not a regular file (a pipe, device or folder); "
                         f"point at a real {what} file")
    if st.st_size == 0:
        raise LevelError(f"{where}: the file is empty; save the {what} again from Tiled")
    if st.st_size > MAX_FILE_BYTES:
        raise LevelError(f"{where}: the file is {st.st_size // (1024 * 1024)} MB, more than the "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB a {what} may be; make it smaller")
    try:
        data = read_capped(path, MAX_FILE_BYTES, what)
    except FileProblem as exc:  # it changed since the stat: the reason, under the name people know
        reason = str(exc).removeprefix(f"{path}: ")
        raise LevelError(f"{where}: {reason}") from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LevelError(f"{where}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8 text; "
                         f"save the {what} from Tiled, which writes UTF-8") from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise LevelError(f"{where}: the file has a DOCTYPE or ENTITY declaration, which Tiled never "
                         f"writes; remove it (or save the {what} again from Tiled)")
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


def check_file(path: Path, where: str) -> None:
    """A level file that exists and is a .tmx (a .tmj is told how to become one)."""
    if not path.is_file():
        raise LevelError(f"{where}: no such level file")
    suffix = path.suffix.lower()
    if suffix in (".tmj", ".json"):
        raise LevelError(f"{where}: this is a JSON map (.tmj), which the game cannot read; in Tiled use "
                         "File > Save As and choose the TMX format, 'Tiled map files (*.tmx)'")
    if suffix != ".tmx":
        raise LevelError(f"{where}: not a .tmx map; save the level in Tiled's TMX format")


# -- values pytmx casts --------------------------------------------------------------------

def _pytmx_bool(raw: str | None) -> bool:
    """Whether pytmx's convert_to_bool accepts the text."""
    v = str(raw).strip()
    return not v or v.lower()[0] in "1yt-0nf"


def _label(el: ET.Element, owner: str) -> str:
    if el.tag in ("layer", "group", "objectgroup", "imagelayer"):
        return f"layer '{el.get('name', '')}'"
    if el.tag == "object":
        return f"object {el.get('id', '?')}"
    if el.tag == "tile":
        return f"tile {el.get('id', '?')}"
    if el.tag == "tileset":
        return "the tileset"
    return owner


def check_values(root: ET.Element, where: str, owner: str) -> None:
    """Every attribute pytmx casts, every property value it types, and every polygon's points
    must be usable; else one line naming the element and the value."""
    stack = [(root, owner)]
    while stack:
        el, owner = stack.pop()
        what = _label(el, owner)
        if el.tag in _CAST_TAGS:
            for key, raw in el.attrib.items():
                try:
                    if key in _INTS:
                        int(raw)
                    elif key in _FLOATS:
                        float(raw)
                    elif key in _BOOLS and not _pytmx_bool(raw):
                        raise ValueError
                except ValueError:
                    kind = "a whole number" if key in _INTS else "a number" if key in _FLOATS else "true or false"
                    raise LevelError(f"{where}: {what}: {key} must be {kind}, got {raw!r}; fix it in Tiled") from None
        elif el.tag == "property":
            _check_property(el, where, what)
        elif el.tag == "frame":
            for key in ("tileid", "duration"):
                whole(el, key, None, where, f"{what}: an animation frame")
        elif el.tag in ("polygon", "polyline"):
            points(el.get("points"), where, f"{what} ({el.tag})")
        stack.extend((child, what) for child in el)


def _check_property(prop: ET.Element, where: str, what: str) -> None:
    kind, name, raw = prop.get("type"), prop.get("name"), prop.get("value")
    if kind is None:
        return
    if kind == "class":
        raise LevelError(f"{where}: {what}: property {name!r} is a class-typed property, which the game does "
                         "not read; replace it with plain properties in Tiled")
    if kind not in _PROP_TYPES:
        raise LevelError(f"{where}: {what}: property {name!r} has unknown type {kind!r}; "
                         "set its type again in Tiled")
    try:
        if kind in ("int", "object"):
            int(raw)  # type: ignore[arg-type]
        elif kind == "float":
            float(raw)  # type: ignore[arg-type]
        elif kind == "bool" and not _pytmx_bool(raw):
            raise ValueError
    except (TypeError, ValueError):
        raise LevelError(f"{where}: {what}: property {name!r} is of type {kind} but holds {raw!r}; "
                         "fix its value in Tiled") from None


def points(text: str | None, where: str, what: str) -> tuple[tuple[float, float], ...]:
    """The points of a polygon or polyline (relative), or LevelError."""
    try:
        pts = tuple((float(a), float(b)) for a, b in (p.split(",") for p in (text or "").split()))
    except ValueError:
        pts = ((math.nan, 0.0),)
    if not pts or not all(math.isfinite(v) for pt in pts for v in pt):
        raise LevelError(f"{where}: {what} has broken points {text!r}; redraw it in Tiled")
    return pts


# -- the map -------------------------------------------------------------------------------

@dataclass
class Tileset:
    """One tileset of the map: its first gid, its .tsx (None when embedded), and the name
    messages use for it."""

    first: int
    path: Path | None
    where: str
    data: bytes = b""


@dataclass
class MapInfo:
    """What the pre-scan learnt: sizes, and the tilesets in the order pytmx reads them."""

    width: int
    height: int
    tile: int
    tilesets: list[Tileset] = field(default_factory=list)
    layers: list[np.ndarray] = field(default_factory=list)  # each tile layer's raw gids, file order


_TSX_CACHE: dict[tuple[Path, int, int, tuple[Path, ...]], bytes] = {}


def scan_map(root: ET.Element, path: Path, where: str, roots: tuple[Path, ...]) -> MapInfo:
    """Refuse a map pytmx must never see; return its sizes and tilesets."""
    if flag(root, "infinite", False):
        raise LevelError(f"{where}: the map is infinite; in Tiled uncheck Map > Map Properties > Infinite, then save")
    orientation = root.get("orientation", "orthogonal")
    if orientation != "orthogonal":
        raise LevelError(f"{where}: map orientation is {orientation!r}; use orthogonal")
    width = whole(root, "width", None, where, "the map")
    height = whole(root, "height", None, where, "the map")
    tw = whole(root, "tilewidth", None, where, "the map")
    th = whole(root, "tileheight", None, where, "the map")
    if width <= 0 or height <= 0:
        raise LevelError(f"{where}: the map has no size; set its width and height in Tiled (Map > Resize Map)")
    if width > MAX_MAP_TILES or height > MAX_MAP_TILES:
        raise LevelError(f"{where}: the map is {width}x{height} tiles, more than {MAX_MAP_TILES}x{MAX_MAP_TILES}; "
                         "split it into smaller legs")
    if tw != th or tw <= 0:
        raise LevelError(f"{where}: tiles are {tw}x{th}; use square tiles (16x16)")
    if tw > MAX_TILE_PX:
        raise LevelError(f"{where}: tiles are {tw}x{th} px, more than the {MAX_TILE_PX} px the game draws; "
                         "use 16x16 tiles (Map > Map Properties > Tile Width and Tile Height)")
    info = MapInfo(width, height, tw)
    for node in root.iter("tileset"):
        info.tilesets.append(_scan_tileset(node, path.parent, where, roots))
    cells = 0
    for layer in root.iter("layer"):
        cells += width * height
        if cells > MAX_LAYER_CELLS:
            raise LevelError(f"{where}: the tile layers hold more than {MAX_LAYER_CELLS} cells in all; "
                             "merge or delete layers in Tiled, or split the leg")
        info.layers.append(_scan_layer(layer, width, height, where))
    for el in root.iter("imagelayer"):
        if el.find("image") is None:
            raise LevelError(f"{where}: image layer '{el.get('name', '')}' has no image; delete it in Tiled")
    check_values(root, where, "the map")
    return info


def _scan_layer(layer: ET.Element, width: int, height: int, where: str) -> np.ndarray:
    """One tile layer's data: a format the game reads, exactly width x height cells; returns
    its raw Tiled gids (flip bits included), decoded once here (pytmx never decodes them)."""
    what = f"layer '{layer.get('name', '')}'"
    for name, size in (("width", width), ("height", height)):
        if whole(layer, name, None, where, what) != size:
            raise LevelError(f"{where}: {what} is {layer.get('width')}x{layer.get('height')} tiles but the map is "
                             f"{width}x{height}; resize the map in Tiled (Map > Resize Map) and save")
    n = width * height
    data = layer.find("data")
    if data is None:
        raise LevelError(f"{where}: {what} has no tile data; save the map again from Tiled")
    if data.find("chunk") is not None:
        raise LevelError(f"{where}: the map is infinite; in Tiled uncheck Map > Map Properties > Infinite, then save")
    enc, comp = data.get("encoding"), data.get("compression")
    text = (data.text or "").encode("ascii", "replace")
    if enc is None:
        raise LevelError(f"{where}: {what} is in the old XML tile format, which the game cannot read; {_TOLD}")
    if data.find("tile") is not None:
        raise LevelError(f"{where}: {what} mixes {enc} data with <tile> elements; save the map again from Tiled")
    if enc == "csv":
        if not _csv_ok(text):
            raise LevelError(f"{where}: {what} has CSV data that is not comma-separated tile numbers; "
                             "paint the layer again or save the map again from Tiled")
        count = text.count(b",") + 1
        gids = _csv_gids(text) if count == n else None
    elif enc == "base64":
        try:
            raw = base64.b64decode(b"".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise LevelError(
                f"{where}: {what} has base64 data that does not decode; save the map again from Tiled"
            ) from None
        if comp in ("zlib", "gzip"):
            try:
                d = zlib.decompressobj(wbits=15 if comp == "zlib" else 31)
                raw = d.decompress(raw, n * 4 + 1)  # never more than the map can hold: no bombs
            except zlib.error:
                raise LevelError(f"{where}: {what} has {comp} data that does not decompress; "
                                 "save the map again from Tiled") from None
            if len(raw) <= n * 4 and (not d.eof or d.unused_data):
                raise LevelError(f"{where}: {what} has {comp} data that is cut short or runs on; "
                                 "save the map again from Tiled")
        elif comp == "zstd":
            raise LevelError(f"{where}: {what} is compressed with zstd, which the game cannot read; in Tiled set "
                             "Map > Map Properties > Tile Layer Format to CSV (or Base64 zlib/gzip) and save")
        elif comp:
            raise LevelError(f"{where}: {what} uses compression {comp!r}; {_TOLD}")
        if len(raw) % 4:
            raise LevelError(f"{where}: {what} holds a broken number of bytes; save the map again from Tiled")
        count = len(raw) // 4
        gids = np.frombuffer(raw, dtype="<u4").astype(np.int64) if count == n else None
    else:
        raise LevelError(f"{where}: {what} uses encoding {enc!r}; {_TOLD}")
    if count != n or gids is None:
        raise LevelError(f"{where}: {what} holds {count} tiles but the map has {n}; "
                         "resize the map in Tiled (Map > Resize Map) and save")
    return gids


def _csv_gids(text: bytes) -> np.ndarray:
    """The numbers of CSV layer data (checked by _csv_ok): numpy parses them, unless one is
    too long for 64 bits (then Python does; the adapter refuses it as too large)."""
    fields = np.array(b"".join(text.split()).split(b","))
    if fields.dtype.itemsize <= 18:  # the longest number's digits
        return fields.astype(np.int64)
    return np.array([min(int(f), 1 << 62) for f in fields.tolist()], dtype=np.int64)


def _csv_ok(text: bytes) -> bool:
    """Comma-separated whole numbers, as pytmx's `int()` of each field takes them (a regex
    would do, but takes ten times as long on a leg)."""
    words = text.split()
    if not words or any(not (a.endswith(b",") or b.startswith(b",")) for a, b in zip(words, words[1:])):
        return False  # whitespace inside a number
    flat = b"".join(words)
    return (not flat.translate(None, b"0123456789,") and not flat.startswith(b",") and not flat.endswith(b",")
            and b",," not in flat)


def _scan_tileset(node: ET.Element, base: Path, where: str, roots: tuple[Path, ...]) -> Tileset:
    """A tileset element of the map: an external .tsx (pre-scanned, parsed once per version
    of the file) or an embedded one; its images inside the project and of a sane size."""
    first = whole(node, "firstgid", None, where, "a tileset")
    src = node.get("source")
    if src is None:
        _check_tileset(node, base, where, roots)
        return Tileset(first, None, where)
    p = resolve_ref(roots, base, src, "tileset", where)
    if p.suffix.lower() != ".tsx":
        raise LevelError(f"{where}: tileset {src!r} is not a .tsx file; in Tiled export the tileset "
                         "as 'Tiled tileset files (*.tsx)' and use that")
    try:
        st = p.stat()
    except OSError:
        raise LevelError(f"{where}: tileset {src!r} is missing; put the file there or pick it again in Tiled") from None
    tw = display_path(p)
    key = (p, st.st_mtime_ns, st.st_size, roots)
    data = _TSX_CACHE.get(key)
    if data is None:
        tsx, data = read_xml(p, tw, "tileset", "tileset")
        _check_tileset(tsx, p.parent, tw, roots)
        check_values(tsx, tw, "the tileset")
        if len(_TSX_CACHE) > 32:
            _TSX_CACHE.clear()
        _TSX_CACHE[key] = data
    return Tileset(first, p, tw, data)


def _check_tileset(ts: ET.Element, base: Path, where: str, roots: tuple[Path, ...]) -> None:
    """The image of a tileset (pytmx visits every tile it holds) and the tiles' own images."""
    img = ts.find("image")
    if img is not None:
        resolve_ref(roots, base, img.get("source"), "image", where)
        what = "the tileset image"
        w = whole(img, "width", None, where, what)
        h = whole(img, "height", None, where, what)
        tw = whole(ts, "tilewidth", None, where, "the tileset")
        th = whole(ts, "tileheight", None, where, "the tileset")
        sp = whole(ts, "spacing", 0, where, "the tileset")
        mg = whole(ts, "margin", 0, where, "the tileset")
        if not (0 <= w <= MAX_IMAGE_PIXELS and 0 <= h <= MAX_IMAGE_PIXELS):
            raise LevelError(f"{where}: the tileset image says it is {w}x{h} px; at most {MAX_IMAGE_PIXELS} px a side, "
                             "open the tileset in Tiled (it reads the real size) and save it")
        if tw < 1 or th < 1 or sp < 0 or mg < 0:
            raise LevelError(f"{where}: the tileset cuts {tw}x{th} tiles with spacing {sp} and margin {mg}; "
                             "set Tile width/height of at least 1 and no negative spacing in Tiled")
        count = len(range(mg, h + mg - th + 1, th + sp)) * len(range(mg, w + mg - tw + 1, tw + sp))
        if count > MAX_TILESET_TILES:
            raise LevelError(f"{where}: the tileset image holds {count} tiles, more than {MAX_TILESET_TILES}; "
                             "use bigger tiles or split the tileset")
    for tile in ts.iter("tile"):
        whole(tile, "id", None, where, "a tile")
        own = tile.find("image")
        if own is not None:
            resolve_ref(roots, base, own.get("source"), "image", where)
            for name in ("width", "height"):
                if not 0 <= whole(own, name, 0, where, f"tile {tile.get('id')}'s image") <= MAX_IMAGE_PIXELS:
                    raise LevelError(f"{where}: tile {tile.get('id')}'s image has {name} {own.get(name)}; "
                                     "open the tileset in Tiled and save it")
