"""A loaded level as plain data: what the Tiled adapter produces and the World consumes.

Nothing here knows about files or pytmx; see `game.tiled.level` for loading.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class LevelError(Exception):
    """A level that cannot be used. The message names the file and what to fix."""


@dataclass(frozen=True, slots=True)
class MapObject:
    """One Tiled object, known by its class (`class` in Tiled 1.9+, `type` before)."""

    id: int
    name: str
    kind: str
    x: float
    y: float
    width: float = 0.0
    height: float = 0.0
    points: tuple[tuple[float, float], ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict)

    @property
    def center(self) -> tuple[float, float]:
        """The middle of a rectangle, or the point itself."""
        return (self.x + self.width / 2.0, self.y + self.height / 2.0)

    def contains(self, px: float, py: float) -> bool:
        """True when (px, py) lies inside this rectangle."""
        return self.x <= px < self.x + self.width and self.y <= py < self.y + self.height

    def label(self) -> str:
        """How messages name this object: `object 12 'den' (bear)`."""
        return f"object {self.id} '{self.name}' ({self.kind})"


@dataclass(frozen=True, slots=True)
class TileImage:
    """Where one tile's picture is: an image file and the rectangle inside it."""

    source: str
    rect: tuple[int, int, int, int]
    animation: tuple[tuple[int, int], ...] = ()  # (gid, duration ms) frames, Tiled order
    flags: tuple[bool, bool, bool] = (False, False, False)  # flipped h, v, diagonally
    image_size: tuple[int, int] = (0, 0)  # the image's size as its tileset declares it (0: not said)


ABOVE_WORDS = ("above", "canopy", "over", "top", "roof")  # a tile layer named with one is drawn over the team


@dataclass(frozen=True, slots=True)
class TileLayer:
    """A tile layer in drawing order, with what the renderer needs to draw it."""

    name: str
    gids: np.ndarray  # (height, width) int32, 0 = empty
    visible: bool = True
    opacity: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)
    parallax: tuple[float, float] = (1.0, 1.0)
    above_team: bool | None = None  # the layer property; None: the name decides (ABOVE_WORDS)

    def drawn_above_team(self) -> bool:
        """Whether the renderer draws this layer over the team: the layer property
        `above_team` when set, else (the old rule) a name containing one of ABOVE_WORDS."""
        if self.above_team is not None:
            return self.above_team
        return bool(self.name_words_above())

    def name_words_above(self) -> list[str]:
        """The ABOVE_WORDS the layer's name contains (anywhere, case-blind)."""
        low = self.name.lower()
        return [w for w in ABOVE_WORDS if w in low]


@dataclass(slots=True)
class Level:
    """A whole level: terrain grid, objects grouped by class, map properties, tile layers."""

    path: str  # as a person would type it (game.tiled.common.display_path): for messages
    width: int  # tiles
    height: int  # tiles
    tile_size: int
    terrain: np.ndarray  # (height, width) uint8 codes from game.sim.terrain
    objects: dict[str, tuple[MapObject, ...]]
    properties: dict[str, Any]
    layers: tuple[TileLayer, ...] = ()
    tiles: dict[int, TileImage] = field(default_factory=dict)
    source_hash: str = ""
    file: str = ""  # the file's absolute path ("" when not read from a file): `path` may be a
    # shipped leg's `levels/NAME.tmx`, which names no file when the game runs from elsewhere

    @property
    def where(self) -> str:
        """The level's file for anything that opens, compares or watches it: `file` when the
        level was read from one, else `path`."""
        return self.file or self.path

    @property
    def pixel_size(self) -> tuple[int, int]:
        """The map's size in pixels."""
        return (self.width * self.tile_size, self.height * self.tile_size)

    @property
    def title(self) -> str:
        return str(self.properties.get("title", "Untitled leg"))

    @property
    def vials(self) -> int:
        return int(self.properties.get("vials", 20))

    @property
    def par_seconds(self) -> float:
        return float(self.properties.get("par_seconds", 120.0))

    @property
    def miles(self) -> float:
        return float(self.properties.get("miles", 0.0))

    def of_kind(self, kind: str) -> tuple[MapObject, ...]:
        """All objects of one class, in file order."""
        return self.objects.get(kind, ())
