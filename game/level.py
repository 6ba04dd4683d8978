"""The Tiled adapter: the one module that knows pytmx and its gaps.

`load_level(path)` reads a `.tmx` (data only: no display, no images loaded) into a `Level`.
Every problem becomes a `LevelError` whose message names the file and what to fix.
"""
from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from game.sim import schema
from game.sim import terrain as T
from game.sim.leveldata import Level, LevelError, MapObject, TileImage, TileLayer

NO_TERRAIN = 255


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a person would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def _record_image(filename: str, flags: Any, **kwargs: Any):
    """pytmx image loader that loads nothing: it records where each tile's picture is."""

    def load(rect: Any = None, flags: Any = flags) -> tuple[str, Any, Any]:
        return (filename, rect, flags)

    return load


def _object_kind(obj: Any) -> str:
    """The object's class: `class` (Tiled 1.9+) or `type` (Tiled 1.8 and older)."""
    kind = getattr(obj, "class", None) or getattr(obj, "type", None) or ""
    return str(kind).strip()


def _map_object(obj: Any) -> MapObject:
    points: tuple[tuple[float, float], ...] = ()
    raw = getattr(obj, "points", None)
    if raw:
        points = tuple((float(p[0]), float(p[1])) for p in raw)
    return MapObject(
        id=int(obj.id or 0),
        name=str(obj.name or ""),
        kind=_object_kind(obj),
        x=float(obj.x),
        y=float(obj.y),
        width=float(obj.width or 0.0),
        height=float(obj.height or 0.0),
        points=points,
        properties=dict(obj.properties),
    )


def _source_hash(path: Path, tmx: Any) -> str:
    h = hashlib.sha256(path.read_bytes())
    for ts in tmx.tilesets:
        src = getattr(ts, "source", None)
        if src and str(src).endswith(".tsx"):
            tsx = (path.parent / src)
            if tsx.is_file():
                h.update(tsx.read_bytes())
    return h.hexdigest()


def load_level(path: str | os.PathLike[str]) -> Level:
    """Load a Tiled map into a Level, or raise LevelError naming the file and the fix."""
    level, problems = read_level(path)
    if problems:
        raise LevelError(problems[0])
    return level


def read_level(path: str | os.PathLike[str]) -> tuple[Level, list[str]]:
    """Load a Tiled map and list every problem with its objects and properties.

    Raises LevelError only when the file cannot be used at all; the problems are lines of the
    form `levels/x.tmx: object 12 'den' (bear): aggro_radius must be a number > 0, got 'far'`.
    """
    import pytmx  # the only import of pytmx in the game

    where = display_path(path)
    p = Path(path)
    if not p.is_file():
        raise LevelError(f"{where}: no such level file")
    if p.suffix.lower() != ".tmx":
        raise LevelError(f"{where}: not a .tmx map; save the level in Tiled's TMX format")
    try:
        tmx = pytmx.TiledMap(str(p), image_loader=_record_image)
    except LevelError:
        raise
    except Exception as exc:  # pytmx raises bare exceptions of many kinds
        raise LevelError(f"{where}: cannot read the map ({type(exc).__name__}: {exc})") from None

    if tmx.orientation != "orthogonal":
        raise LevelError(f"{where}: map orientation is {tmx.orientation!r}; use orthogonal")
    if tmx.tilewidth != tmx.tileheight:
        raise LevelError(f"{where}: tiles are {tmx.tilewidth}x{tmx.tileheight}; use square tiles (16x16)")
    width, height, ts = int(tmx.width), int(tmx.height), int(tmx.tilewidth)
    if width <= 0 or height <= 0:
        raise LevelError(f"{where}: the map has no size")

    # Terrain look-up by pytmx gid.
    lut = np.full(max(len(tmx.images), 1), NO_TERRAIN, dtype=np.uint8)
    for gid, props in tmx.tile_properties.items():
        name = props.get("terrain")
        if name is None or gid >= len(lut):
            continue
        code = T.CODE.get(str(name))
        if code is None:
            raise LevelError(
                f"{where}: tile {props.get('id', '?')} has terrain {name!r}; "
                f"use one of {', '.join(T.NAMES)}")
        lut[gid] = code

    terrain = np.full((height, width), T.DEFAULT, dtype=np.uint8)
    layers: list[TileLayer] = []
    objects: dict[str, list[MapObject]] = {}
    problems: list[str] = []
    for layer in tmx.layers:
        if isinstance(layer, pytmx.TiledTileLayer):
            gids = np.array(layer.data, dtype=np.int32).reshape(height, width)
            visible = bool(getattr(layer, "visible", True))
            layers.append(TileLayer(
                name=str(layer.name or ""), gids=gids, visible=visible,
                opacity=float(getattr(layer, "opacity", 1.0) or 1.0),
                offset=(float(getattr(layer, "offsetx", 0) or 0), float(getattr(layer, "offsety", 0) or 0)),
            ))
            if visible:
                codes = lut[np.clip(gids, 0, len(lut) - 1)]
                codes[gids == 0] = NO_TERRAIN
                terrain = np.where(codes != NO_TERRAIN, codes, terrain).astype(np.uint8)
        elif isinstance(layer, pytmx.TiledObjectGroup):
            for obj in layer:
                mo, bad = schema.normalize_object(_map_object(obj))
                problems.extend(f"{where}: {b}" for b in bad)
                objects.setdefault(mo.kind, []).append(mo)

    tiles: dict[int, TileImage] = {}
    for gid, img in enumerate(tmx.images):
        if not img:
            continue
        filename, rect, flags = img
        anim: tuple[tuple[int, int], ...] = ()
        props = tmx.tile_properties.get(gid, {})
        frames = props.get("frames") or ()
        if frames:
            anim = tuple((int(f.gid), int(f.duration)) for f in frames)
        fl = (bool(flags.flipped_horizontally), bool(flags.flipped_vertically),
              bool(flags.flipped_diagonally)) if flags else (False, False, False)
        tiles[gid] = TileImage(source=str(filename), rect=tuple(int(v) for v in rect),
                               animation=anim, flags=fl)

    properties, bad = schema.normalize_map_properties(dict(tmx.properties))
    problems = [f"{where}: {b}" for b in bad] + problems
    level = Level(
        path=where, width=width, height=height, tile_size=ts, terrain=terrain,
        objects={k: tuple(v) for k, v in objects.items()},
        properties=properties,
        layers=tuple(layers), tiles=tiles, source_hash=_source_hash(p, tmx),
    )
    if not problems:
        validate_basics(level)
    return level, problems


def validate_basics(level: Level) -> None:
    """The checks without which a level cannot run at all."""
    where = level.path
    starts = level.of_kind("start")
    if not starts:
        raise LevelError(f"{where}: no object of class 'start'; add a point object with class 'start'")
    if len(starts) > 1:
        ids = ", ".join(str(s.id) for s in starts)
        raise LevelError(f"{where}: {len(starts)} objects of class 'start' (ids {ids}); keep exactly one")
    if not level.of_kind("finish"):
        raise LevelError(f"{where}: no object of class 'finish'; add a rectangle object with class 'finish'")
    for fin in level.of_kind("finish") + level.of_kind("checkpoint"):
        if fin.width <= 0 or fin.height <= 0:
            raise LevelError(f"{where}: {fin.label()} must be a rectangle with a size")
    s = starts[0]
    w, h = level.pixel_size
    if not (0 <= s.x < w and 0 <= s.y < h):
        raise LevelError(f"{where}: {s.label()} lies outside the map")
    code = level.terrain[int(s.y // level.tile_size), int(s.x // level.tile_size)]
    if T.SOLID[code] or T.FALL[code]:
        raise LevelError(f"{where}: {s.label()} stands on {T.NAMES[code]}; move it onto open ground")
