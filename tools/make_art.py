#!/usr/bin/env python3
"""Draw every piece of art for "Balto: The Serum Run" from readable sources.

    SDL_VIDEODRIVER=dummy python tools/make_art.py [--out DIR]

Writes (relative to DIR, default: the repo's ``assets/``)::

    tiles/terrain.png  tiles/terrain.tsx
    sprites/sprites.png  sprites/sprites.json
    ui/title.png  ui/font.png  ui/font.json
    ui/sky_aurora.png  ui/sky_night.png  ui/route_map.png  ui/route_map.json
    ui/card_{nome,trail,lake,cliff,lights}.png

Sources: hand-drawn pixel grids in ``tools/art/*.txt`` (one character per
palette colour, see ``LEGEND``) plus small procedural code in this file that
uses fixed numpy seeds. Output is fully deterministic.

Internally every image is a numpy ``int16`` array of palette indices into
``game.render.palette.COLOURS``; ``-1`` means transparent. pygame is used only to
write the PNG files.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ART = Path(__file__).resolve().parent / "art"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.render.palette import BASE_NAMES, COLOURS  # noqa: E402

T = -1  # transparent index
TS = 16  # tile size

# One character per palette colour for the text grids.
LEGEND: dict[str, str | None] = {
    ".": None,
    "K": "ink",
    "N": "hud_bg",
    "n": "night",
    "s": "slate",
    "S": "snow_shadow",
    "m": "snow_mid",
    "l": "snow_light",
    "W": "snow_white",
    "p": "trail",
    "I": "ice_dark",
    "i": "ice",
    "c": "ice_light",
    "D": "water_deep",
    "w": "water",
    "G": "spruce_dark",
    "g": "spruce",
    "v": "spruce_light",
    "R": "rock_dark",
    "r": "rock",
    "q": "rock_light",
    "B": "wood_dark",
    "b": "wood",
    "o": "wood_light",
    "a": "balto",
    "T": "tan",
    "k": "fur_dark",
    "X": "red",
    "x": "red_dark",
    "Y": "gold",
    "O": "orange",
    "A": "aurora_green",
    "V": "aurora_violet",
}
IDX: dict[str, int] = {name: i for i, name in enumerate(BASE_NAMES)}
CHAR_IDX: dict[str, int] = {ch: (T if nm is None else IDX[nm]) for ch, nm in LEGEND.items()}


def C(ch: str) -> int:
    """Palette index for a legend character."""
    return CHAR_IDX[ch]


# --------------------------------------------------------------------------
# grid sources
# --------------------------------------------------------------------------


def load_grids(path: Path) -> dict[str, list[str]]:
    """Parse ``[name]`` sections of pixel rows from an art text file."""
    grids: dict[str, list[str]] = {}
    name = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            grids[name] = []
            continue
        if name is not None and line:
            grids[name].append(line)
    for nm, rows in grids.items():
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            raise ValueError(f"{path.name}:[{nm}] ragged rows {sorted(widths)}")
    return grids


def grid(rows: list[str]) -> np.ndarray:
    """Text rows -> int16 index array."""
    return np.array([[CHAR_IDX[ch] for ch in r] for r in rows], dtype=np.int16)


def blank(w: int, h: int, fill: int = T) -> np.ndarray:
    return np.full((h, w), fill, dtype=np.int16)


def paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """Copy non-transparent pixels of ``src`` into ``dst`` at (x, y), clipped."""
    h, w = src.shape
    H, W = dst.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(W, x + w), min(H, y + h)
    if x0 >= x1 or y0 >= y1:
        return
    s = src[y0 - y : y1 - y, x0 - x : x1 - x]
    d = dst[y0:y1, x0:x1]
    m = s != T
    d[m] = s[m]


def put(a: np.ndarray, x: int, y: int, c: int) -> None:
    if 0 <= y < a.shape[0] and 0 <= x < a.shape[1]:
        a[y, x] = c


def to_rgba(a: np.ndarray) -> np.ndarray:
    pal = np.array(COLOURS, dtype=np.uint8)
    h, w = a.shape
    out = np.zeros((h, w, 4), dtype=np.uint8)
    m = a != T
    out[m, :3] = pal[a[m]]
    out[m, 3] = 255
    return out


def save_png(a: np.ndarray, path: Path) -> None:
    import pygame

    rgba = to_rgba(a)
    h, w = a.shape
    surf = pygame.image.frombuffer(rgba.tobytes(), (w, h), "RGBA")
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surf, str(path))


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


# --------------------------------------------------------------------------
# procedural helpers (all seamless on a 16x16 torus)
# --------------------------------------------------------------------------

BAYER4 = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) / 16.0 + 1 / 32


def bayer(h: int, w: int) -> np.ndarray:
    return np.tile(BAYER4, (h // 4 + 1, w // 4 + 1))[:h, :w]


def wrap_noise(rng: np.random.Generator, cells: int, size: int = TS) -> np.ndarray:
    """Smooth value noise in [0,1] that tiles seamlessly (bilinear, wrapped)."""
    g = rng.random((cells, cells))
    step = size / cells
    out = np.empty((size, size))
    for y in range(size):
        fy = y / step
        y0 = int(fy) % cells
        y1 = (y0 + 1) % cells
        ty = fy - int(fy)
        ty = ty * ty * (3 - 2 * ty)
        for x in range(size):
            fx = x / step
            x0 = int(fx) % cells
            x1 = (x0 + 1) % cells
            tx = fx - int(fx)
            tx = tx * tx * (3 - 2 * tx)
            a = g[y0, x0] * (1 - tx) + g[y0, x1] * tx
            b = g[y1, x0] * (1 - tx) + g[y1, x1] * tx
            out[y, x] = a * (1 - ty) + b * ty
    return out


def ramp(v: np.ndarray, stops: list[tuple[float, str]]) -> np.ndarray:
    """Map values to colours: each (threshold, char) applies where v >= threshold."""
    out = np.full(v.shape, C(stops[0][1]), dtype=np.int16)
    for th, ch in stops[1:]:
        out[v >= th] = C(ch)
    return out


def sprinkle(a: np.ndarray, rng: np.random.Generator, n: int, ch: str, margin: int = 0) -> None:
    h, w = a.shape
    for _ in range(n):
        x = int(rng.integers(margin, w - margin))
        y = int(rng.integers(margin, h - margin))
        a[y, x] = C(ch)


# --------------------------------------------------------------------------
# tiles
# --------------------------------------------------------------------------


def snow_base(seed: int = 11) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = wrap_noise(rng, 2) * 0.6 + wrap_noise(rng, 4) * 0.4
    v = n + (bayer(TS, TS) - 0.5) * 0.16
    a = ramp(v, [(0, "m"), (0.22, "l"), (0.70, "W")])
    # a few sparkles and soft pits, everywhere (torus-safe)
    sprinkle(a, rng, 3, "W")
    sprinkle(a, rng, 2, "m")
    return a


def tile_snow(variant: int) -> np.ndarray:
    a = snow_base()
    if variant == 1:  # sastrugi: wind-carved ripples, lit crest + blue shadow
        for y0, x0, x1, ph in ((4, 2, 11, 0.0), (10, 5, 14, 1.7)):
            for x in range(x0, x1):
                y = y0 + int(round(math.sin(x * 0.55 + ph) * 1.0))
                a[y, x] = C("W")
                a[y + 1, x] = C("S") if 1 < x - x0 < x1 - x0 - 2 else C("m")
                if 0 < x - x0 < x1 - x0 - 1:
                    a[y + 2, x] = C("m")
    elif variant == 2:  # dry grass tufts poking through
        for cx, cy in ((4, 5), (11, 10), (6, 12)):
            for dx, dy, ch in ((0, 0, "T"), (0, -1, "T"), (-1, -1, "o"), (1, -2, "T"),
                               (2, -1, "o"), (1, 0, "b"), (-1, 1, "S"), (0, 1, "S"),
                               (1, 1, "S"), (2, 1, "m")):
                a[cy + dy, cx + dx] = C(ch)
    return a


def trail_base(seed: int = 23) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = wrap_noise(rng, 4) * 0.6 + wrap_noise(rng, 8) * 0.4
    v = n + (bayer(TS, TS) - 0.5) * 0.3
    return ramp(v, [(0, "q"), (0.2, "p"), (0.8, "m")])


def tile_trail(variant: int) -> np.ndarray:
    """Packed sled trail. Trails run in every direction, so the runner ruts are
    short overlapping grooves in both axes rather than one fixed direction."""
    a = trail_base()
    rng = np.random.default_rng(29 + variant)
    grooves = ([(2, 3, 0, 6), (9, 1, 1, 5), (4, 10, 1, 5), (11, 9, 0, 6), (7, 6, 0, 3)],
               [(1, 5, 1, 6), (10, 2, 0, 5), (3, 11, 0, 6), (12, 10, 1, 5), (6, 1, 1, 3)])[variant]
    for x, y, vertical, ln in grooves:
        for t in range(ln):
            gx, gy = (x, y + t) if vertical else (x + t, y)
            a[gy % TS, gx % TS] = C("S") if 0 < t < ln - 1 else C("q")
            hx, hy = (gx + 1, gy) if vertical else (gx, gy + 1)
            if 0 < t < ln - 1:
                a[hy % TS, hx % TS] = C("m")
    # dog prints
    for _ in range(6):
        x, y = int(rng.integers(0, TS)), int(rng.integers(0, TS))
        a[y, x] = C("q")
    return a


def tile_deep_snow(variant: int) -> np.ndarray:
    rng = np.random.default_rng(37)
    n = wrap_noise(rng, 4)
    v = n + (bayer(TS, TS) - 0.5) * 0.3
    a = ramp(v, [(0, "S"), (0.18, "m"), (0.45, "l")])
    # soft drift mounds: lit upper-left rim, blue shadow lower-right
    mounds = [(4, 4, 4, 2), (11, 9, 4, 3), (4, 12, 3, 2)] if variant == 0 else \
             [(10, 3, 4, 2), (4, 8, 4, 3), (11, 13, 3, 2)]
    for cx, cy, rx, ry in mounds:
        for y in range(cy - ry - 1, cy + ry + 2):
            for x in range(cx - rx - 1, cx + rx + 2):
                dx, dy = (x - cx) / rx, (y - cy) / ry
                d = dx * dx + dy * dy
                if d <= 1.0:
                    lit = -dx * 0.6 - dy
                    a[y % TS, x % TS] = C("W") if lit > 0.35 else C("l") if lit > -0.5 else C("m")
                elif d <= 1.8 and dx + dy > 0.3:
                    a[y % TS, x % TS] = C("S")
    return a


def ice_base() -> np.ndarray:
    rng = np.random.default_rng(41)
    n = wrap_noise(rng, 2) * 0.6 + wrap_noise(rng, 4) * 0.4
    v = n + (bayer(TS, TS) - 0.5) * 0.25
    a = ramp(v, [(0, "I"), (0.28, "i"), (0.80, "c")])
    # long diagonal streaks (period 16 -> seamless)
    for x in range(TS):
        for y in range(TS):
            d = (x + y * 2) % TS
            if d == 3 and (x * 5 + y) % 7 < 5:
                a[y, x] = C("c")
            elif d == 11 and (x + y * 3) % 5 < 2:
                a[y, x] = C("c")
    return a


def tile_ice(variant: int) -> np.ndarray:
    a = ice_base()
    # faint hairline crack
    for x, y in ((2, 10), (3, 10), (4, 11), (5, 11), (6, 12)):
        a[y, x] = C("I")
    if variant == 1:  # glints
        for gx, gy in ((4, 4), (11, 9)):
            a[gy, gx] = C("W")
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                a[gy + dy, gx + dx] = C("c")
        a[13, 12] = C("W")
        a[7, 13] = C("W")
    return a


def tile_thin_ice() -> np.ndarray:
    rng = np.random.default_rng(53)
    n = wrap_noise(rng, 4) * 0.7 + wrap_noise(rng, 8) * 0.3
    v = n + (bayer(TS, TS) - 0.5) * 0.3
    a = ramp(v, [(0, "w"), (0.42, "I"), (0.88, "i")])
    # a web of pale cracks that run edge to edge, so thin ice joins up
    for x in range(TS):
        y = (5 + int(round(2.0 * math.sin(2 * math.pi * x / TS) + 0.8 * math.sin(6 * math.pi * x / TS)))) % TS
        a[y, x] = C("c") if x % 5 else C("i")
    for y in range(TS):
        x = (10 + int(round(1.6 * math.sin(2 * math.pi * y / TS + 1.0)))) % TS
        a[y, x] = C("c") if y % 4 else C("i")
    for i, (x, y) in enumerate(((3, 8), (3, 9), (2, 10), (2, 11), (13, 12), (14, 13))):
        a[y, x] = C("i") if i % 2 else C("c")
    return a


def tile_overflow() -> np.ndarray:
    rng = np.random.default_rng(61)
    n = wrap_noise(rng, 4) * 0.5 + wrap_noise(rng, 8) * 0.5
    v = n + (bayer(TS, TS) - 0.5) * 0.35
    a = ramp(v, [(0, "w"), (0.28, "I"), (0.42, "S"), (0.72, "m")])
    # wet sheen: short bright horizontal glints
    for x0, y, ln in ((2, 3, 4), (9, 6, 3), (5, 10, 5), (12, 13, 3), (0, 14, 2)):
        for i in range(ln):
            a[y, (x0 + i) % TS] = C("c") if i % 3 else C("i")
    return a


def tile_water(frame: int) -> np.ndarray:
    rng = np.random.default_rng(71)
    n = wrap_noise(rng, 4) * 0.7 + wrap_noise(rng, 8) * 0.3
    v = n + (bayer(TS, TS) - 0.5) * 0.3
    a = ramp(v, [(0, "D"), (0.45, "w")])
    ripples = [(1, 2, 0), (9, 3, 1), (5, 7, 2), (12, 9, 0), (2, 12, 1), (9, 14, 2)]
    for x, y, ph in ripples:
        p = (ph + frame) % 3
        if p == 0:  # crest forming
            for i, ch in enumerate("wiw"):
                a[y, (x + i) % TS] = C(ch)
        elif p == 1:  # bright crest
            for i, ch in enumerate("icci"):
                a[y, (x + i) % TS] = C(ch)
            a[(y + 1) % TS, (x + 1) % TS] = C("D")
            a[(y + 1) % TS, (x + 2) % TS] = C("D")
        else:  # breaking apart
            a[y, (x + 0) % TS] = C("i")
            a[y, (x + 3) % TS] = C("i")
            a[(y + 1) % TS, (x + 4) % TS] = C("w")
    return a


def tile_cliff(variant: int) -> np.ndarray:
    """Snowy lip at the top, then a faceted rock face falling into darkness."""
    a = blank(TS, TS)
    rng = np.random.default_rng(83)
    facets = wrap_noise(rng, 4) * 0.6 + wrap_noise(rng, 8) * 0.4
    ph = (0.0, 2.2)[variant]
    b = bayer(TS, TS)
    for x in range(TS):
        lip = 3 + int(round(math.sin(2 * math.pi * x / TS * 2 + ph) * 1.0 +
                            math.sin(2 * math.pi * x / TS * 3 + ph * 2) * 0.6))
        for y in range(TS):
            if y < lip - 1:
                ch = "W" if y == 0 or (x + y) % 5 else "l"
            elif y == lip - 1:
                ch = "l" if x % 4 else "m"
            elif y == lip:
                ch = "K"  # undercut below the lip: the drop starts here
            else:
                depth = (y - lip) / (TS - lip)
                v = facets[y, x] - depth * 1.05 + (b[y, x] - 0.5) * 0.25
                ch = "q" if v > 0.45 else "r" if v > 0.15 else "R" if v > -0.2 else "N" if v > -0.5 else "K"
            a[y, x] = C(ch)
    # icicles hanging from the lip
    for x in range(1, TS, 5):
        x2 = (x + variant * 2) % TS
        for y in range(TS):
            if a[y, x2] == C("K"):
                a[min(y + 1, TS - 1), x2] = C("c")
                break
    a[TS - 1, :] = C("K")
    return a


def tile_trail_on_ice() -> np.ndarray:
    ice = ice_base()
    rng = np.random.default_rng(97)
    n = wrap_noise(rng, 4) * 0.7 + wrap_noise(rng, 8) * 0.3
    v = n + (bayer(TS, TS) - 0.5) * 0.3
    tr = ramp(v, [(0, "q"), (0.25, "p"), (0.8, "m")])
    mask = v > 0.30
    a = np.where(mask, tr, ice).astype(np.int16)
    # rim of the packed snow catches light
    for y in range(TS):
        for x in range(TS):
            if mask[y, x] and not mask[(y - 1) % TS, x]:
                a[y, x] = C("m")
            if not mask[y, x] and mask[(y - 1) % TS, x]:
                a[y, x] = C("I")
    return a


def tile_snow_bank() -> np.ndarray:
    a = snow_base()
    for x in range(TS):
        crest = 6 + int(round(math.sin(2 * math.pi * x / TS) * 1.2))
        for y in range(crest - 3, crest):
            a[y, x] = C("W") if y > crest - 3 or x % 3 else a[y, x]
        a[crest, x] = C("W")
        a[crest + 1, x] = C("l")
        a[crest + 2, x] = C("m")
        a[crest + 3, x] = C("S")
        a[crest + 4, x] = C("S") if x % 2 else C("m")
        a[crest + 5, x] = C("m") if x % 3 == 0 else a[crest + 5, x]
    return a


TILE_TERRAIN: dict[int, str | None] = {
    0: "snow", 1: "snow", 2: "snow",
    3: "trail", 4: "trail",
    5: "deep_snow", 6: "deep_snow",
    7: "ice", 8: "ice",
    9: "thin_ice",
    10: "overflow",
    11: "water", 12: "water", 13: "water",
    14: "cliff", 15: "cliff",
    16: "tree", 17: "tree", 22: "tree",
    18: "rock", 19: "rock",
    20: "building", 21: "building",
    23: None, 24: None, 25: None,
    26: "trail",
    27: "deep_snow",
}
TILE_COLUMNS = 16


def art_module(name: str):
    """Import ``tools/art/<name>.py`` (split-out parts of this script)."""
    import importlib.util

    key = f"balto_art_{name}"
    if key in sys.modules:
        return sys.modules[key]
    sys.modules.setdefault("make_art", sys.modules[__name__])
    spec = importlib.util.spec_from_file_location(key, ART / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[key] = mod
    spec.loader.exec_module(mod)
    return mod


def build_tiles() -> tuple[np.ndarray, str]:
    g = load_grids(ART / "tiles.txt")
    wang = art_module("wang")
    tiles: dict[int, np.ndarray] = {
        0: tile_snow(0), 1: tile_snow(1), 2: tile_snow(2),
        3: tile_trail(0), 4: tile_trail(1),
        5: tile_deep_snow(0), 6: tile_deep_snow(1),
        7: tile_ice(0), 8: tile_ice(1),
        9: tile_thin_ice(),
        10: tile_overflow(),
        11: tile_water(0), 12: tile_water(1), 13: tile_water(2),
        14: tile_cliff(0), 15: tile_cliff(1),
        16: grid(g["tree_a"]), 17: grid(g["tree_b"]), 22: grid(g["tree_dead"]),
        18: grid(g["rock_a"]), 19: grid(g["rock_b"]),
        20: grid(g["building_a"]), 21: grid(g["building_b"]),
        23: grid(g["tuft"]), 24: grid(g["bush"]), 25: grid(g["tracks"]),
        26: tile_trail_on_ice(),
        27: tile_snow_bank(),
    }
    meta: dict[int, dict] = {tid: {"terrain": t, "island": None,
                                   "animation": [11, 12, 13] if tid == 11 else None}
                             for tid, t in TILE_TERRAIN.items()}
    wtiles, wmeta = wang.build()
    tiles.update(wtiles)
    meta.update(wmeta)
    rows = max(tiles) // TILE_COLUMNS + 1
    count = rows * TILE_COLUMNS
    sheet = blank(TILE_COLUMNS * TS, rows * TS)
    for tid, t in tiles.items():
        assert t.shape == (TS, TS), tid
        sheet[(tid // TILE_COLUMNS) * TS:(tid // TILE_COLUMNS + 1) * TS,
              (tid % TILE_COLUMNS) * TS:(tid % TILE_COLUMNS + 1) * TS] = t
    w, h = sheet.shape[1], sheet.shape[0]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tileset version="1.8" tiledversion="1.8.2" name="terrain" tilewidth="{TS}" '
        f'tileheight="{TS}" tilecount="{count}" columns="{TILE_COLUMNS}">',
        wang.RULE_COMMENT,
        f' <image source="terrain.png" width="{w}" height="{h}"/>',
    ]
    for tid in sorted(meta):
        m = meta[tid]
        prob = wang.probability(tid)
        if m["terrain"] is None and not m["animation"] and prob is None:
            continue
        attr = f' probability="{prob:g}"' if prob is not None else ""
        lines.append(f' <tile id="{tid}"{attr}>')
        if m["terrain"] is not None:
            lines.append("  <properties>")
            lines.append(f'   <property name="terrain" value="{m["terrain"]}"/>')
            if m["island"]:
                lines.append(f'   <property name="wang_island" value="{m["island"]}"/>')
            lines.append("  </properties>")
        if m["animation"]:
            lines.append("  <animation>")
            for f in m["animation"]:
                lines.append(f'   <frame tileid="{f}" duration="{wang.FRAME_MS}"/>')
            lines.append("  </animation>")
        lines.append(" </tile>")
    lines += wang.wangsets_xml()
    lines.append("</tileset>")
    return sheet, "\n".join(lines) + "\n"



# --------------------------------------------------------------------------
# sprites
# --------------------------------------------------------------------------


def sprite_grids() -> dict[str, np.ndarray]:
    """Load sprites.txt; '/half' sections are mirrored into full sprites."""
    out: dict[str, np.ndarray] = {}
    for name, rows in load_grids(ART / "sprites.txt").items():
        if name.endswith("/half"):
            rows = [r + r[::-1] for r in rows]
            name = name[: -len("/half")]
        out[name] = grid(rows)
    return out


def outline(a: np.ndarray, ch: str = "K") -> np.ndarray:
    """Add a 4-neighbour outline around the non-transparent pixels of ``a``."""
    m = a != T
    grow = np.zeros_like(m)
    grow[1:, :] |= m[:-1, :]
    grow[:-1, :] |= m[1:, :]
    grow[:, 1:] |= m[:, :-1]
    grow[:, :-1] |= m[:, 1:]
    b = a.copy()
    b[grow & ~m] = C(ch)
    return b


def recolour(a: np.ndarray, mapping: dict[str, str]) -> np.ndarray:
    b = a.copy()
    for src, dst in mapping.items():
        b[a == C(src)] = C(dst)
    return b


def creature_frames(body: np.ndarray, leg: np.ndarray, front: int, hind: int,
                    stride: int, n: int = 4) -> list[np.ndarray]:
    """Run/walk cycle: diagonal leg pairs swing fore and aft in turn."""
    h, w = body.shape
    lw = leg.shape[1]
    leg_r = leg[:, ::-1]
    frames = []
    for f in range(n):
        o = (-stride, 0, stride, 0)[f % 4]
        a = blank(w, h)
        # left-front + right-hind together, then right-front + left-hind
        paste(a, leg, 0, front + o)
        paste(a, leg_r, w - lw, hind + o)
        paste(a, leg_r, w - lw, front - o)
        paste(a, leg, 0, hind - o)
        paste(a, body, 0, 0)
        frames.append(a)
    return frames


LEG_POSES = {
    # (dx, dy, part) relative to the joint on the body outline (left side)
    "fwd": ((-1, -1, "leg"), (-1, -2, "paw")),
    "mid": ((-1, 0, "leg"), (-2, 0, "paw")),
    "back": ((-1, 1, "leg"), (-1, 2, "paw")),
}


def dog_frames(body: np.ndarray, xl: int, shoulder: int, hip: int, leg: str, paw: str,
               poses: list[tuple[str, str]]) -> list[np.ndarray]:
    """Draw thin legs onto a dog-like body. ``poses`` gives, per frame, the
    pose of the two diagonal pairs (left-front + right-hind, right-front + left-hind)."""
    h, w = body.shape
    frames = []
    for pa, pb in poses:
        a = body.copy()
        for side, joint_y, pose in ((0, shoulder, pa), (1, hip, pa), (1, shoulder, pb), (0, hip, pb)):
            for dx, dy, part in LEG_POSES[pose]:
                x = xl + dx
                if side:
                    x = w - 1 - x
                put(a, x, joint_y + dy, C(leg if part == "leg" else paw))
        frames.append(a)
    return frames


RUN = [("fwd", "back"), ("mid", "mid"), ("back", "fwd"), ("mid", "mid")]


def hurt_frames(frame: np.ndarray, head_rows: int, flash: dict[str, str]) -> list[np.ndarray]:
    """Flinch: head jerked one pixel sideways; second frame flashes pale."""
    a = frame.copy()
    head = frame[:head_rows, :]
    a[:head_rows, :] = T
    a[:head_rows, :-1] = head[:, 1:]
    # keep the neck joined
    return [a, recolour(a, flash)]


def pennant(w: int, h: int, x0: int, cy: int, length: int, half: float, phase: float,
            body: str, stripe: str, amp: float = 1.0) -> np.ndarray:
    """A triangular flag/ribbon flying to the right of (x0, cy), waving with phase."""
    a = blank(w, h)
    for i in range(length):
        t = i / max(1, length - 1)
        hh = half * (1 - t * 0.85)
        c = cy + amp * math.sin(phase + i * 0.9) * (0.3 + t)
        for y in range(h):
            if abs(y - c) <= hh:
                a[y, x0 + i] = C(stripe) if abs(y - c) < 0.6 and i < length - 2 else C(body)
    return outline(a)


def draw_x(a: np.ndarray, x0: int, y0: int, n: int, core: str = "X") -> None:
    """A thick diagonal cross, n pixels tall, with an ink outline."""
    m = blank(a.shape[1], a.shape[0])
    for i in range(n):
        for x in (x0 + i, x0 + i + 1, x0 + n - 1 - i, x0 + n - i):
            put(m, x, y0 + i, C(core))
    paste(a, outline(m), 0, 0)


def build_sprites() -> dict[str, dict]:
    """Return name -> {"frames": [array...], "fps": n, "anchor": [x, y]}."""
    g = sprite_grids()
    S: dict[str, dict] = {}

    def add(name: str, frames: list[np.ndarray], fps: int, anchor: tuple[int, int] | None = None) -> None:
        h, w = frames[0].shape
        S[name] = {"frames": frames, "fps": fps, "anchor": list(anchor or (w // 2, h // 2))}

    white_flash = {"a": "l", "T": "W", "k": "S", "W": "W", "l": "W", "m": "l",
                   "b": "T", "B": "b", "o": "W"}

    balto = dog_frames(g["balto"], 2, 7, 12, "a", "K", RUN)
    add("balto", balto, 10)
    splay = dog_frames(g["balto"], 2, 7, 12, "a", "K", [("mid", "mid")])[0]
    add("balto_hurt", hurt_frames(splay, 6, white_flash), 8)
    add("dog", dog_frames(g["dog"], 1, 7, 11, "m", "K", RUN), 10)
    splay = dog_frames(g["dog"], 1, 7, 11, "m", "K", [("mid", "mid")])[0]
    add("dog_hurt", hurt_frames(splay, 6, white_flash), 8)
    add("sled", [g["sled_0"], g["sled_1"]], 6)

    # trail marker: stake + orange ribbon with a red stripe, fluttering
    frames = []
    for ph in (0.0, 2.6):
        a = g["stake"].copy()
        paste(a, pennant(8, 16, 5, 3, 3, 1.6, ph, "O", "X", amp=0.8), 0, 0)
        paste(a, g["stake"], 0, 0)
        frames.append(a)
    add("marker", frames, 4, (3, 14))

    # revealed false marker: snapped stake + pulsing X (shape, not colour, differs)
    frames = []
    for n, core in ((4, "X"), (5, "X"), (6, "X"), (5, "x")):
        a = blank(10, 16)
        paste(a, g["stake_broken"], 1, 0)
        draw_x(a, 5 - (n + 1) // 2, 5 - n // 2 - 1, n, core)
        if n == 6:
            a[4, 4] = a[4, 5] = C("W")
        frames.append(a)
    add("marker_false_revealed", frames, 6, (4, 14))

    # checkpoint: roadhouse pennant on a pole
    frames = []
    for ph in (0.0, 2.1, 4.2):
        a = blank(12, 20)
        paste(a, pennant(12, 20, 4, 5, 8, 2.6, ph, "X", "Y"), 0, 0)
        paste(a, g["pole"], 0, 0)
        frames.append(a)
    add("checkpoint", frames, 5, (2, 18))

    # finish: two posts and a checkered banner between them
    frames = []
    for ph in (0.0, math.pi):
        a = blank(32, 24)
        ban = blank(32, 24)
        for x in range(4, 28):
            dy = int(round(math.sin(ph + x * 0.35) * 0.9 + (1 - ((x - 15.5) / 12) ** 2) * 1.2))
            for y in range(8):
                yy = 3 + y + dy
                if y == 0 or y == 7:
                    ch = "X"
                else:
                    ch = "K" if ((x // 2) + ((y - 1) // 2)) % 2 else "W"
                ban[yy, x] = C(ch)
        ban = outline(ban)
        paste(a, ban, 0, 0)
        for px in (1, 27):
            post = blank(32, 24)
            for y in range(2, 22):
                post[y, px:px + 4] = [C("K"), C("o" if y < 4 else "b"), C("b" if y < 19 else "B"), C("K")]
            post[1, px:px + 4] = C("K")
            post[0, px + 1:px + 3] = C("Y")
            post[1, px + 1:px + 3] = C("Y")
            post[0, px] = post[0, px + 3] = T
            post[22, px - 1:px + 5] = C("S")
            post[23, px:px + 4] = C("S")
            paste(a, post, 0, 0)
        frames.append(a)
    add("finish", frames, 3, (16, 22))

    add("vial", [g["vial"]], 1)
    add("vial_broken", [g["vial_broken"]], 1)
    add("snowflake", [g["snowflake_0"], g["snowflake_1"], g["snowflake_2"]], 1, (0, 0))
    # white puffs get a blue-grey rim so they read on snow as well as on ice
    add("spray", [outline(g["spray_0"], "S"), outline(g["spray_1"], "S"), g["spray_2"]], 12)

    add("bear", creature_frames(g["bear"], g["bear_leg"], 10, 18, 2), 6)
    # swipe: left fore-paw rises, then rakes forward with claw streaks
    sw = []
    legs_r = g["bear_leg"][:, ::-1]
    for f in range(2):
        a = blank(24, 28)
        paste(a, legs_r, 19, 10)
        paste(a, legs_r, 19, 18)
        paste(a, g["bear_leg"], 0, 18)
        if f == 0:
            paste(a, g["bear_leg"], 0, 6)
        paste(a, g["bear"], 0, 0)
        if f == 1:
            paste(a, g["bear_leg"], 3, 1)
            for k in range(3):
                for i in range(4):
                    put(a, 1 + k * 2 + i // 2, 4 - i + k, C("W") if i else C("l"))
        sw.append(a)
    add("bear_swipe", sw, 6)
    add("wolf", dog_frames(g["wolf"], 2, 7, 12, "m", "K", RUN), 10)

    # Jenna's bottle-glass lights: shards on a snowy twig, a glint travels along them
    frames = []
    shards = [(1, 3), (5, 4), (9, 3)]
    for f in range(4):
        a = g["lights_base"].copy()
        if f < 3:
            x, y = shards[f]
            a[y, x] = C("W")
            for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
                if 0 <= y + dy < a.shape[0] and 0 <= x + dx < a.shape[1] and a[y + dy, x + dx] == T:
                    a[y + dy, x + dx] = C("W")
        frames.append(a)
    add("lights", frames, 6)
    add("stamina_icon", [outline(g["stamina_icon"])], 1)
    art_module("more_sprites").add_more(add, S, g, white_flash)
    return S


def pack_atlas(sprites: dict[str, dict]) -> tuple[np.ndarray, dict]:
    """One row per sprite, frames left to right, 1px transparent padding."""
    pad = 1
    rows = []
    y = pad
    width = 0
    for name, sp in sprites.items():
        x = pad
        rects = []
        rh = 0
        for fr in sp["frames"]:
            h, w = fr.shape
            rects.append([x, y, w, h])
            x += w + pad
            rh = max(rh, h)
        rows.append((name, rects))
        width = max(width, x)
        y += rh + pad
    atlas = blank(width, y)
    meta: dict[str, dict] = {}
    for name, rects in rows:
        sp = sprites[name]
        for (x, yy, w, h), fr in zip(rects, sp["frames"]):
            atlas[yy:yy + h, x:x + w] = fr
        meta[name] = {"frames": rects, "fps": sp["fps"], "anchor": sp["anchor"]}
    return atlas, meta



# --------------------------------------------------------------------------
# bitmap font
# --------------------------------------------------------------------------

FONT_CELL = (5, 9)  # glyph cell: 7 rows above the baseline + 2 descender rows
FONT_BASELINE = 7
FONT_COLS = 16
SPACE_ADVANCE = 3


def load_font_source(path: Path) -> dict[str, list[str]]:
    glyphs: dict[str, list[str]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("@ "):
            chars = line[2:]
            rows = [r.split(" ") for r in lines[i + 1 : i + 1 + FONT_CELL[1]]]
            for n, ch in enumerate(chars):
                glyph = [r[n] for r in rows]
                if len({len(r) for r in glyph}) != 1 or len(glyph[0]) > FONT_CELL[0]:
                    raise ValueError(f"font.txt: bad glyph {ch!r}")
                glyphs[ch] = glyph
            i += 1 + FONT_CELL[1]
        else:
            i += 1
    return glyphs


def build_font() -> tuple[np.ndarray, dict]:
    glyphs = load_font_source(ART / "font.txt")
    order = [" "] + list(glyphs)
    cw, ch = FONT_CELL
    rows = (len(order) + FONT_COLS - 1) // FONT_COLS
    sheet = blank(FONT_COLS * (cw + 1), rows * (ch + 1))
    white = C("W")
    meta_glyphs: dict[str, dict] = {}
    for n, c in enumerate(order):
        x = (n % FONT_COLS) * (cw + 1)
        y = (n // FONT_COLS) * (ch + 1)
        if c == " ":
            meta_glyphs[c] = {"rect": [x, y, 0, ch], "advance": SPACE_ADVANCE}
            continue
        g = glyphs[c]
        w = len(g[0])
        for yy, row in enumerate(g):
            for xx, px in enumerate(row):
                if px == "#":
                    sheet[y + yy, x + xx] = white
        meta_glyphs[c] = {"rect": [x, y, w, ch], "advance": w + 1}
    meta = {
        "image": "font.png",
        "cell": [cw, ch],
        "spacing": 1,
        "baseline": FONT_BASELINE,
        "line_height": ch + 1,
        "fallback": "?",
        "glyphs": meta_glyphs,
    }
    return sheet, meta


# --------------------------------------------------------------------------
# title backdrop
# --------------------------------------------------------------------------

BAYER8 = (np.array([
    [0, 32, 8, 40, 2, 34, 10, 42], [48, 16, 56, 24, 50, 18, 58, 26],
    [12, 44, 4, 36, 14, 46, 6, 38], [60, 28, 52, 20, 62, 30, 54, 22],
    [3, 35, 11, 43, 1, 33, 9, 41], [51, 19, 59, 27, 49, 17, 57, 25],
    [15, 47, 7, 39, 13, 45, 5, 37], [63, 31, 55, 23, 61, 29, 53, 21]]) + 0.5) / 64.0


def dither_ramp(v: np.ndarray, chars: str) -> np.ndarray:
    """Ordered-dither a 0..1 field across the colour ramp ``chars``."""
    h, w = v.shape
    th = np.tile(BAYER8, (h // 8 + 1, w // 8 + 1))[:h, :w]
    n = len(chars) - 1
    f = np.clip(v, 0, 1) * n
    lo = np.floor(f).astype(int)
    lo = np.clip(lo, 0, n)
    frac = f - lo
    idx = np.where(frac > th, np.minimum(lo + 1, n), lo)
    lut = np.array([C(c) for c in chars], dtype=np.int16)
    return lut[idx]


def smooth_line(rng: np.random.Generator, w: int, octaves: list[tuple[float, float]]) -> np.ndarray:
    """Sum of random-phase sines: a deterministic 1-D skyline profile."""
    x = np.arange(w)
    out = np.zeros(w)
    for period, amp in octaves:
        out += amp * np.sin(2 * np.pi * x / period + rng.random() * 6.283)
    return out


def spruce_silhouette(a: np.ndarray, cx: int, base: int, height: int, body: str, snow: str) -> None:
    """A tall layered spruce silhouette with moonlit snow on each tier."""
    tiers = max(4, height // 9)
    for y in range(max(0, base - height), min(a.shape[0], base)):
        t = (y - (base - height)) / height
        tier_t = (t * tiers) % 1.0
        half = (1.5 + t * height * 0.28) * (0.55 + 0.45 * tier_t)
        x0, x1 = int(round(cx - half)), int(round(cx + half))
        for x in range(max(0, x0), min(a.shape[1], x1 + 1)):
            a[y, x] = C(body)
        if tier_t < 0.18 and y > base - height + 2:
            for x in range(max(0, x0 + 1), min(a.shape[1], int(cx))):
                if (x + y) % 3:
                    a[y, x] = C(snow)
    for y in range(base, min(a.shape[0], base + 3)):
        a[y, max(0, cx - 1):cx + 1] = C(body)


def build_title() -> np.ndarray:
    W, H = 640, 360
    rng = np.random.default_rng(1925)
    yy, xx = np.mgrid[0:H, 0:W].astype(float)

    # sky: ink at the zenith to slate at the horizon
    horizon = 250
    a = dither_ramp((yy / horizon) ** 1.3, "KNns")

    # aurora: rays hanging from a wavy curve, faint over the title area
    curve = 22 + 62 * (np.abs(xx[0] - W / 2) / (W / 2)) ** 1.5 + smooth_line(rng, W, [(97, 6), (41, 3)])
    rays = 0.55 + 0.3 * np.sin(xx[0] * 0.21) * np.sin(xx[0] * 0.037 + 1) + smooth_line(rng, W, [(23, 0.12), (9, 0.08)])
    calm = 1 - 0.8 * np.exp(-(((xx[0] - W / 2) / 110) ** 2))
    d = yy - curve[None, :]
    body = np.where(d < 0, np.exp(-((d / 6) ** 2)), np.exp(-d / 34)) * np.clip(rays, 0, 1)[None, :] * calm[None, :]
    body[d > 90] = 0
    body *= 1 - 0.7 * np.exp(-(((xx - W / 2) / 150) ** 4)) * np.clip((yy - 24) / 16, 0, 1)
    aur = dither_ramp(np.clip(body * 1.2, 0, 1), "KgvA")
    on = (body > 0.09) & (yy < horizon)
    a[on] = aur[on]
    fringe = (d > -14) & (d < -5) & (body > 0.1)
    vio = dither_ramp(np.clip(body * 1.6, 0, 1), "nsV")
    a[fringe] = vio[fringe]

    # stars, fewer in the calm title area
    for _ in range(260):
        x, y = int(rng.integers(0, W)), int(rng.integers(0, 230))
        if 150 < x < 490 and 50 < y < 160 and rng.random() < 0.8:
            continue
        r = rng.random()
        a[y, x] = C("W") if r < 0.3 else C("c") if r < 0.6 else C("S")
    for x, y in ((58, 34), (596, 48), (520, 150), (110, 170), (300, 22)):
        a[y, x] = C("W")
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            a[y + dy, x + dx] = C("c")

    # far mountains (slate, snow caps) then nearer range (night blue)
    far = 200 + smooth_line(rng, W, [(210, 16), (90, 9), (37, 4)])
    peak = far.min()
    for x in range(W):
        top = int(far[x])
        for y in range(top, H):
            depth = y - top
            snow = depth < 5 + 3 * math.sin(x * 0.3) ** 2 and top < peak + 22
            a[y, x] = C("S") if snow and (x + y) % 4 else C("s") if depth < 60 else a[y, x]
    near = 232 + smooth_line(rng, W, [(160, 12), (70, 6), (23, 2)])
    for x in range(W):
        top = int(near[x])
        ridge = int(near[x] - near[max(0, x - 1)])
        for y in range(top, H):
            lit = ridge < 0 and y - top < 3
            a[y, x] = C("m") if y == top else C("S") if lit else C("n")

    # snowfield foreground
    ground = 268 + 4 * np.sin(xx[0] / 90.0)
    g = np.clip((yy - ground[None, :]) / (H - 268), 0, 1)
    field = dither_ramp(0.25 + g * 0.75, "nSml")
    m = yy >= ground[None, :]
    a[m] = field[m]
    # the trail winding away to the roadhouse
    for y in range(274, H):
        t = (y - 274) / (H - 274)
        cx = 470 - (470 - 300) * t ** 0.8 + 14 * np.sin(t * 5)
        half = 1 + t * 16
        for x in range(int(cx - half), int(cx + half) + 1):
            edge = abs(x - cx) > half - 1.2
            a[y, x] = C("S") if edge else C("p") if (x + y) % 5 else C("q")

    # distant roadhouse with lit windows and a glow on the snow
    rx, ry = 462, 262
    for y in range(ry - 26, ry + 18):
        for x in range(rx - 40, rx + 64):
            dd = math.hypot((x - rx - 12) / 1.6, y - ry)
            if dd < 40 and a[y, x] in (C("n"), C("S"), C("m"), C("l"), C("s")):
                if BAYER8[y % 8, x % 8] < (1 - dd / 40) * 0.7:
                    a[y, x] = C("O") if dd < 14 else C("o") if dd < 26 else C("b")
    house = blank(32, 20)
    for y in range(20):
        for x in range(32):
            roof_y = 8 - min(x, 31 - x) // 2
            if y >= roof_y and y < 9 and 1 <= x <= 30:
                house[y, x] = C("l") if y <= roof_y + 1 else C("S")
            elif 9 <= y < 20 and 3 <= x <= 28:
                house[y, x] = C("B") if y % 3 else C("K")
    for wx in (7, 20):
        house[12:16, wx:wx + 4] = C("Y")
        house[12:16, wx + 3] = C("O")
        house[14, wx:wx + 4] = C("O")
    house[0:6, 23:26] = C("K")
    paste(a, house, rx, ry - 12)
    for i, (sx, sy) in enumerate(((485, 246), (487, 241), (486, 235), (489, 229), (493, 223), (498, 217))):
        for dx in range(-1 - i // 2, 2 + i // 2):
            if (dx + i) % 3:
                a[sy, sx + dx] = C("s") if i > 2 else C("q")

    # spruce silhouettes: a band on the horizon and tall trees framing the sides
    for x in range(0, W, 5):
        h = int(8 + rng.integers(0, 12))
        if 230 < x < 420 and rng.random() < 0.85:
            continue
        base = int(ground[x]) + 2
        spruce_silhouette(a, x, base, h, "N", "n")
    for cx, base, h in ((18, 370, 190), (62, 362, 150), (104, 372, 110), (6, 340, 90),
                        (628, 368, 200), (584, 366, 150), (548, 372, 96)):
        spruce_silhouette(a, cx, base - 10, h, "K", "n")
    return a


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def generate(out: Path) -> list[Path]:
    """Write every asset under ``out``; returns the list of files written."""
    out = Path(out)
    written: list[Path] = []

    sheet, tsx = build_tiles()
    save_png(sheet, out / "tiles" / "terrain.png")
    write_text(out / "tiles" / "terrain.tsx", tsx)
    written += [out / "tiles" / "terrain.png", out / "tiles" / "terrain.tsx"]

    sprites = build_sprites()
    atlas, meta = pack_atlas(sprites)
    save_png(atlas, out / "sprites" / "sprites.png")
    write_text(out / "sprites" / "sprites.json", json_dump(meta))
    written += [out / "sprites" / "sprites.png", out / "sprites" / "sprites.json"]

    font, fmeta = build_font()
    save_png(font, out / "ui" / "font.png")
    write_text(out / "ui" / "font.json", json_dump(fmeta))
    save_png(build_title(), out / "ui" / "title.png")
    written += [out / "ui" / "font.png", out / "ui" / "font.json", out / "ui" / "title.png"]

    scenes = art_module("scenes")
    ui = {"sky_aurora": scenes.build_sky_aurora(), "sky_night": scenes.build_sky_night()}
    route, route_meta = scenes.build_route_map()
    ui["route_map"] = route
    for name, fn in scenes.CARDS.items():
        ui[name] = fn()
    for name, img in ui.items():
        save_png(img, out / "ui" / f"{name}.png")
        written.append(out / "ui" / f"{name}.png")
    write_text(out / "ui" / "route_map.json", json_dump(route_meta))
    written.append(out / "ui" / "route_map.json")

    return written


def json_dump(obj: object) -> str:
    """Stable, diff-friendly JSON: one entry per line, short lists inline."""
    text = json.dumps(obj, indent=1, sort_keys=False)
    # collapse the innermost number lists onto one line


    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+),\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1, \2, \3, \4]", text)
    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1, \2]", text)
    return text + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "assets", help="output directory")
    args = ap.parse_args(argv)
    for p in generate(args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
