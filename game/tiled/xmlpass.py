"""The XML pass: what pytmx ignores or gets wrong, read from the pre-scanned document.

- layer order: pytmx lists groups, then tile layers, then image layers, then object layers;
  here every layer comes in the order Tiled draws it;
- group layers: their visibility, opacity, offset and parallax pass down to their children
  (pytmx keeps groups as raw strings beside the layers); layer parallax (pytmx drops it);
- object layers: only the document's own (pytmx also lists the collision shapes of an
  embedded tileset's tiles as map layers); hidden layers and hidden objects;
- templates (pytmx ignores them): the template's attributes, shape and properties, under
  the instance's own; `class` (Tiled 1.9+) or `type` (1.8), the instance's before the template's.
No pytmx here: pytmx's objects are matched to these by their place in the file.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from game.sim.leveldata import LevelError
from game.tiled import prescan
from game.tiled.common import (
    FLIP_MASK,
    GID_MASK,
    LAYER_TAGS,
    MAX_GROUP_DEPTH,
    SHAPE_TAGS,
    display_path,
    flag,
    num,
    resolve_ref,
    whole,
)


@dataclass
class DocLayer:
    """A tile or object layer as Tiled shows it; `index` is its place among the file's
    elements of its tag (how pytmx's layer is found)."""

    index: int
    name: str
    visible: bool
    opacity: float
    offset: tuple[float, float]
    parallax: tuple[float, float]
    objects: list[DocObject] = field(default_factory=list)
    above_team: bool | None = None  # the layer property `above_team`, None when unset


@dataclass
class DocObject:
    """One object of an object layer: what pytmx does not know about it."""

    id: int
    kind: str
    visible: bool
    own: frozenset[str]  # the attributes the instance sets itself
    template: dict[str, str]  # the template's attributes the instance does not set
    shape: ET.Element | None  # the template's shape when the instance has none
    template_object: ET.Element | None  # for its properties
    own_properties: frozenset[str]  # the names of the instance's own properties
    gid: bool  # a tile object (placed by its bottom-left corner)


@dataclass
class Document:
    """The map as Tiled shows it."""

    tiles: list[DocLayer] = field(default_factory=list)
    groups: list[DocLayer] = field(default_factory=list)
    templates: dict[Path, bytes] = field(default_factory=dict)


@dataclass
class _Ctx:
    path: Path
    where: str
    roots: tuple[Path, ...]
    tilesets: list[prescan.Tileset]
    index: dict[int, int]  # id(element) -> its place among the file's elements of its tag
    doc: Document = field(default_factory=Document)
    parsed: dict[Path, ET.Element] = field(default_factory=dict)


def read_document(root: ET.Element, path: Path, where: str, roots: tuple[Path, ...],
                  tilesets: list[prescan.Tileset]) -> Document:
    """Every tile and object layer in drawing order, with what their groups pass down, and
    every object with its template resolved."""
    index = {}
    for tag in ("layer", "objectgroup"):
        index.update({id(el): i for i, el in enumerate(root.iter(tag))})
    ctx = _Ctx(path, where, roots, tilesets, index)
    _walk(ctx, root, 0, True, 1.0, (0.0, 0.0), (1.0, 1.0))
    return ctx.doc


def _walk(ctx: _Ctx, parent: ET.Element, depth: int, vis: bool, opacity: float,
          off: tuple[float, float], par: tuple[float, float]) -> None:
    if depth > MAX_GROUP_DEPTH:
        raise LevelError(f"{ctx.where}: group layers nest more than {MAX_GROUP_DEPTH} deep; flatten them in Tiled")
    where = ctx.where
    for el in parent:
        if el.tag not in LAYER_TAGS:
            continue
        name = el.get("name", "")
        what = f"layer '{name}'"
        v = vis and flag(el, "visible")
        o = opacity * min(1.0, max(0.0, num(el, "opacity", 1.0, where, what)))
        o2 = (off[0] + num(el, "offsetx", 0.0, where, what), off[1] + num(el, "offsety", 0.0, where, what))
        p2 = (par[0] * num(el, "parallaxx", 1.0, where, what), par[1] * num(el, "parallaxy", 1.0, where, what))
        if el.tag == "group":
            _walk(ctx, el, depth + 1, v, o, o2, p2)
        elif el.tag == "layer":
            ctx.doc.tiles.append(DocLayer(ctx.index[id(el)], name, v, o, o2, p2, above_team=_above_team(el)))
        elif el.tag == "objectgroup":
            layer = DocLayer(ctx.index[id(el)], name, v, o, o2, p2)
            layer.objects = [_object(ctx, obj) for obj in el.findall("object")]
            ctx.doc.groups.append(layer)


def _above_team(el: ET.Element) -> bool | None:
    """The layer's own bool property `above_team`: True, False, or None when unset (or not a bool)."""
    for prop in el.findall("properties/property"):
        if prop.get("name") == "above_team":
            return {"true": True, "1": True, "false": False, "0": False}.get(prop.get("value", "").strip().lower())
    return None


def _object(ctx: _Ctx, el: ET.Element) -> DocObject:
    where = ctx.where
    what = f"object {el.get('id', '?')}"
    tattrs: dict[str, str] = {}
    shape = tobj = None
    if el.get("template") is not None:
        tobj, tgid = _template(ctx, el.get("template"))
        tattrs = {k: v for k, v in tobj.attrib.items() if k not in el.attrib}
        if "gid" in tattrs:
            tattrs["gid"] = str(tgid)
        if next((c for c in el if c.tag in SHAPE_TAGS), None) is None:
            shape = next((c for c in tobj if c.tag in SHAPE_TAGS), None)
    merged = {**tattrs, **el.attrib}
    view = ET.Element("object", merged)
    for name in ("x", "y", "width", "height"):
        num(view, name, 0.0, where, what)
    own_props = frozenset(p.get("name", "") for ps in el.findall("properties") for p in ps.findall("property")
                          if p.get("name") is not None)
    return DocObject(
        id=whole(view, "id", 0, where, what),
        kind=object_kind(el.attrib, tattrs),
        visible=flag(view, "visible"),
        own=frozenset(el.attrib), template=tattrs, shape=shape, template_object=tobj,
        own_properties=own_props, gid="gid" in merged,
    )


def object_kind(own: Mapping[str, str], template: Mapping[str, str]) -> str:
    """An object's class: its own `class` (Tiled 1.9+) or `type` (1.8), else its template's.
    The instance's own comes first: Tiled 1.8 writes a changed class as the instance's `type`
    even when the template also says `class`."""
    for attrs in (own, template):
        kind = (attrs.get("class") or attrs.get("type") or "").strip()
        if kind:
            return kind
    return ""


def _template(ctx: _Ctx, ref: str | None) -> tuple[ET.Element, int]:
    """The <object> of a template file (pre-scanned and parsed once per load), and its gid in
    the map's numbering when it shows a tile (else 0)."""
    p = resolve_ref(ctx.roots, ctx.path.parent, ref, "template", ctx.where)
    if p.suffix.lower() != ".tx":
        raise LevelError(f"{ctx.where}: template {ref!r} is not a .tx file; save templates in Tiled's XML "
                         "template format (*.tx)")
    tw = display_path(p)
    root = ctx.parsed.get(p)
    if root is None:
        root, data = prescan.read_xml(p, tw, "template", "template")
        prescan.check_values(root, tw, "the template")
        ctx.parsed[p] = root
        ctx.doc.templates[p] = data
    tobj = root.find("object")
    if tobj is None:
        raise LevelError(f"{tw}: the template holds no object; save it again from Tiled")
    for name in ("x", "y", "width", "height"):
        num(tobj, name, 0.0, tw, "template object")
    if tobj.get("gid") is None:
        return tobj, 0
    ts = root.find("tileset")
    raw = whole(tobj, "gid", 0, tw, "template object")
    if ts is None:
        raise LevelError(f"{tw}: the template shows a tile but names no tileset; save it again from Tiled")
    src = resolve_ref(ctx.roots, p.parent, ts.get("source"), "tileset", tw)
    first = whole(ts, "firstgid", 1, tw, "template tileset")
    for t in ctx.tilesets:
        if t.path == src:
            return tobj, ((raw & GID_MASK) - first + t.first) | (raw & FLIP_MASK)
    raise LevelError(f"{tw}: the template shows a tile of {ts.get('source')!r}, which the map does not use; "
                     "add that tileset to the map in Tiled")
