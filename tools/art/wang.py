"""Terrain transition tiles and the Tiled Wang (terrain) sets that describe them.

Loaded by ``tools/make_art.py``; uses its helpers (palette indices, textures).

Every transition pair is a Tiled *corner* set of two colours: ``under`` (the
tiles' gameplay terrain) and ``over`` (the terrain that laps onto it). Corners
are numbered by a 4-bit mask: 1 top-left, 2 top-right, 4 bottom-right,
8 bottom-left; a set bit means that corner is ``over``.

Geometry (seamless by construction): the edge between the two colours is where
(distance to the tile's over corners/edges) - (distance to its under ones) is a
constant, plus a wobble from a 16-periodic noise field. On a tile edge between an
over and an under corner it crosses ``REACH`` px from the over corner, whichever
tile computes it, so neighbours meet. ``REACH`` is under half a tile, so a
transition tile's centre is always ``under``; that is why every transition tile
carries the ``under`` terrain.

The *island* tile (all four corners ``over``, yet an ``under`` patch in the
middle) is not in the Wang set -- Tiled would paint it where it means pure
``over`` -- but tools/autotile.py uses it for a lone ``under`` cell pinched
between ``over`` cells; it has the tile property ``wang_island``.
"""

from __future__ import annotations

from dataclasses import dataclass

import make_art as M
import numpy as np
from make_art import TS, C

REACH = 4.6  # px: how far an "over" terrain laps into the neighbouring tile
WOBBLE = 2.0  # px: +/- edge wobble
FIRST_ID = 32  # first transition tile id (ids 0-31 are the base tiles)
COLUMNS = 16
ISLAND_COL = 14
FRAME_MS = 250  # same timing as the open-water tile 11

# Wang colours: name (= the gameplay terrain), Tiled display colour, representative tile.
COLOURS: dict[str, tuple[str, int]] = {
    "snow": ("#f4f8ff", 0),
    "trail": ("#ac9e98", 3),
    "deep_snow": ("#a4bad8", 5),
    "ice": ("#70b6d4", 7),
    "thin_ice": ("#3e7a9e", 9),
    "overflow": ("#24526c", 10),
    "water": ("#0e2a46", 11),
}

# Plain tiles of each colour (wangid all one colour) with their Tiled probability.
PURE: dict[str, list[tuple[int, float]]] = {
    "snow": [(0, 1.0), (1, 0.12), (2, 0.12)],
    "trail": [(3, 1.0), (4, 0.5)],
    "deep_snow": [(5, 1.0), (6, 0.5)],
    "ice": [(7, 1.0), (8, 0.3)],
    "thin_ice": [(9, 1.0)],
    "overflow": [(10, 1.0)],
    "water": [(11, 1.0)],
}

# Layering: a terrain laps over every terrain left of it (tools/autotile.py uses the same order).
ORDER = ("snow", "ice", "deep_snow", "trail", "overflow", "thin_ice", "water")


@dataclass(frozen=True)
class Pair:
    under: str
    over: str
    # rim colours (legend chars or '' for plain texture): outer = the under side of the edge,
    # inner = the over side; *_lit faces up-left (toward the moon), *_dark faces down-right
    outer_lit: str
    outer_dark: str
    inner_lit: str
    inner_dark: str

    @property
    def name(self) -> str:
        return f"{self.under} / {self.over}"

    @property
    def animated(self) -> bool:
        return self.over == "water"


PAIRS: tuple[Pair, ...] = (
    #     under        over         outer lit/dark   inner lit/dark
    Pair("snow", "trail", "W", "l", "S", "m"),
    Pair("snow", "deep_snow", "S", "m", "W", "m"),
    Pair("snow", "ice", "W", "m", "I", "c"),
    Pair("ice", "deep_snow", "I", "c", "W", "m"),
    Pair("ice", "trail", "c", "m", "S", "m"),
    Pair("ice", "thin_ice", "c", "c", "", ""),
    Pair("ice", "overflow", "c", "i", "", "m"),
    Pair("deep_snow", "overflow", "W", "S", "I", "m"),
    Pair("ice", "water", "c", "W", "D", "i"),
    Pair("snow", "water", "W", "l", "D", "I"),
    Pair("thin_ice", "water", "i", "c", "D", "I"),
    Pair("deep_snow", "water", "W", "l", "D", "I"),
)
assert all(ORDER.index(p.under) < ORDER.index(p.over) for p in PAIRS)


def texture(name: str, frame: int = 0) -> np.ndarray:
    """The full-tile texture of a terrain (the same pixels as its plain tile)."""
    return {
        "snow": lambda: M.tile_snow(0),
        "trail": lambda: M.tile_trail(0),
        "deep_snow": lambda: M.tile_deep_snow(0),
        "ice": lambda: M.tile_ice(0),
        "thin_ice": M.tile_thin_ice,
        "overflow": M.tile_overflow,
        "water": lambda: M.tile_water(frame),
    }[name]()


# ---------------------------------------------------------------- geometry

_CORNERS = ((0.0, 0.0), (16.0, 0.0), (16.0, 16.0), (0.0, 16.0))  # TL TR BR BL = bits 1 2 4 8
_PY, _PX = np.mgrid[0:TS, 0:TS].astype(float) + 0.5


def _noise() -> np.ndarray:
    rng = np.random.default_rng(4242)
    n = M.wrap_noise(rng, 2) * 0.45 + M.wrap_noise(rng, 4) * 0.4 + M.wrap_noise(rng, 8) * 0.15
    n = (n - n.min()) / (n.max() - n.min())
    return (n - 0.5) * 2 * WOBBLE


NOISE = _noise()


def _seg(ax: float, ay: float, bx: float, by: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance from every pixel centre to segment AB, and the nearest point."""
    dx, dy = bx - ax, by - ay
    ll = dx * dx + dy * dy
    t = np.zeros_like(_PX) if ll == 0 else np.clip(((_PX - ax) * dx + (_PY - ay) * dy) / ll, 0, 1)
    qx, qy = ax + t * dx, ay + t * dy
    return np.hypot(_PX - qx, _PY - qy), qx, qy


def _features(mask: int, everywhere: bool = False) -> list[tuple[float, float, float, float]]:
    """Segments (points are zero-length) covering the corners set in ``mask`` and the
    tile edges between two of them."""
    feats = []
    for i in range(4):
        j = (i + 1) % 4
        a, b = _CORNERS[i], _CORNERS[j]
        if everywhere or (mask >> i & 1 and mask >> j & 1):
            feats.append((*a, *b))
        elif mask >> i & 1 and not (mask >> ((i - 1) % 4) & 1):
            feats.append((*a, *a))
    return feats


def _dist(feats: list[tuple[float, float, float, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.full((TS, TS), 1e9)
    qx = np.zeros((TS, TS))
    qy = np.zeros((TS, TS))
    for f in feats:
        fd, fx, fy = _seg(*f)
        closer = fd < d
        d = np.where(closer, fd, d)
        qx = np.where(closer, fx, qx)
        qy = np.where(closer, fy, qy)
    return d, qx, qy


def field(mask: int, island: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signed edge distance t, normal x, normal y) for a corner mask: t < 0 is "over".

    The edge lies where (distance to the over features) - (distance to the under
    features) equals ``2 * REACH - 16``: on a tile edge between an over and an under
    corner that is REACH px from the over corner, whichever tile computes it, so the
    edges meet; inside a tile the edge curves smoothly (diagonals come out diagonal, not
    stair-stepped). ``t`` is in pixels (half that difference), plus the wobble.
    """
    if island:  # an under patch ringed by over: plain distance to the four edges
        d, qx, qy = _dist(_features(15, everywhere=True))
        t = d - REACH
    else:
        d, qx, qy = _dist(_features(mask))
        du, _, _ = _dist(_features(15 & ~mask))
        t = ((d - du) - (2 * REACH - 16)) / 2
    nx, ny = _PX - qx, _PY - qy
    ln = np.maximum(np.hypot(nx, ny), 1e-6)
    return t - NOISE, nx / ln, ny / ln


def transition(pair: Pair, mask: int, frame: int = 0, island: bool = False) -> np.ndarray:
    """One transition tile: ``over`` texture near the over features, ``under`` elsewhere."""
    under, over = texture(pair.under), texture(pair.over, frame)
    t, nx, ny = field(mask, island)
    lit = (-nx - ny) > 0.35  # the edge faces up-left (the moon)
    a = np.where(t < 0, over, under).astype(np.int16)

    def rim(sel: np.ndarray, lit_ch: str, dark_ch: str) -> None:
        for ch, m in ((lit_ch, sel & lit), (dark_ch, sel & ~lit)):
            if ch:
                a[m] = C(ch)

    rim((t >= 0) & (t < 1), pair.outer_lit, pair.outer_dark)
    rim((t < 0) & (t >= -1), pair.inner_lit, pair.inner_dark)
    return a


# ---------------------------------------------------------------- tileset

@dataclass(frozen=True)
class Placed:
    pair: Pair
    row: int  # first row (frame 0)

    def tile_id(self, col: int, frame: int = 0) -> int:
        return (self.row + frame) * COLUMNS + col

    @property
    def frames(self) -> int:
        return 3 if self.pair.animated else 1


def layout() -> list[Placed]:
    """Each pair gets one row of 16 (3 rows for animated water: one per frame)."""
    out = []
    row = FIRST_ID // COLUMNS
    for p in PAIRS:
        pl = Placed(p, row)
        out.append(pl)
        row += pl.frames
    return out


def build() -> tuple[dict[int, np.ndarray], dict[int, dict]]:
    """Tile images and per-tile metadata {id: {terrain, animation, island}}."""
    tiles: dict[int, np.ndarray] = {}
    meta: dict[int, dict] = {}
    for pl in layout():
        for frame in range(pl.frames):
            for mask in range(1, 15):
                tiles[pl.tile_id(mask - 1, frame)] = transition(pl.pair, mask, frame)
            tiles[pl.tile_id(ISLAND_COL, frame)] = transition(pl.pair, 15, frame, island=True)
        for col in list(range(14)) + [ISLAND_COL]:
            tid = pl.tile_id(col)
            meta[tid] = {"terrain": pl.pair.under, "island": pl.pair.name if col == ISLAND_COL else None,
                         "animation": [pl.tile_id(col, f) for f in range(pl.frames)] if pl.frames > 1 else None}
            for f in range(1, pl.frames):
                meta[pl.tile_id(col, f)] = {"terrain": pl.pair.under, "island": None, "animation": None}
    return tiles, meta


def wangid(mask: int, a: int = 1, b: int = 2) -> str:
    """Tiled 1.5+ wangid: top,top-right,right,bottom-right,bottom,bottom-left,left,top-left."""
    tl, tr, br, bl = ((b if mask >> i & 1 else a) for i in range(4))
    return f"0,{tr},0,{br},0,{bl},0,{tl}"


def wangsets_xml() -> list[str]:
    lines = [" <wangsets>"]
    for pl in layout():
        p = pl.pair
        lines.append(f'  <wangset name="{p.name}" type="corner" tile="{pl.tile_id(5)}">')
        for nm in (p.under, p.over):
            col, rep = COLOURS[nm]
            lines.append(f'   <wangcolor name="{nm}" color="{col}" tile="{rep}" probability="1"/>')
        entries: list[tuple[int, str]] = []
        for tid, _ in PURE[p.under]:
            entries.append((tid, wangid(0)))
        for tid, _ in PURE[p.over]:
            entries.append((tid, wangid(15)))
        for mask in range(1, 15):
            entries.append((pl.tile_id(mask - 1), wangid(mask)))
        for tid, w in sorted(entries):
            lines.append(f'   <wangtile tileid="{tid}" wangid="{w}"/>')
        lines.append("  </wangset>")
    lines.append(" </wangsets>")
    return lines


RULE_COMMENT = """ <!--
  Terrain transitions (tile ids 32 and up), generated by tools/make_art.py.
  Each Wang set "under / over" is a corner set of two colours; paint with Tiled's
  terrain brush. The "over" terrain laps about 5 px past the corners painted with
  it, so its plain tiles are exactly the cells that are "over" in gameplay.
  RULE: a transition tile's terrain property is its UNDER terrain (the one at its
  centre); only a tile with all four corners "over" has the over terrain. So a
  water edge tile is never water: water shows a little wider than it is, never
  narrower. Layering (what laps over what):
  snow < ice < deep_snow < trail < overflow < thin_ice < water.
  Row layout: one row per set, column c = corner mask c+1 (1 top-left,
  2 top-right, 4 bottom-right, 8 bottom-left = the over corners), column 14 =
  island (under patch ringed by over; for tools/autotile.py, not in the set).
  Water sets animate: frames are the next two rows, 250 ms each, like tile 11.
 -->"""


def probability(tid: int) -> float | None:
    for lst in PURE.values():
        for t, p in lst:
            if t == tid and p != 1.0:
                return p
    return None
