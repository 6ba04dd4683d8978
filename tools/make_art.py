#!/usr/bin/env python3
"""Draw every piece of art for "Balto: The Serum Run" from readable sources.

    SDL_VIDEODRIVER=dummy python tools/make_art.py [--out DIR]

Writes (relative to DIR, default: the repo's ``assets/``)::

    tiles/terrain.png  tiles/terrain.tsx
    sprites/sprites.png  sprites/sprites.json
    ui/title.png  ui/font.png  ui/font.json

Sources: hand-drawn pixel grids in ``tools/art/*.txt`` (one character per
palette colour, see ``LEGEND``) plus small procedural code in this file that
uses fixed numpy seeds. Output is fully deterministic.

Internally every image is a numpy ``int16`` array of palette indices into
``game.palette.COLOURS``; ``-1`` means transparent. pygame is used only to
write the PNG files.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ART = Path(__file__).resolve().parent / "art"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.palette import BASE_NAMES, COLOURS  # noqa: E402

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
        for y0, x0, x1, ph in ((3, 2, 12, 0.0), (8, 4, 14, 1.7), (12, 1, 9, 3.1)):
            for x in range(x0, x1):
                y = y0 + int(round(math.sin(x * 0.55 + ph) * 1.0))
                a[y, x] = C("W")
                a[y + 1, x] = C("S") if (x - x0) % 5 else C("m")
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
TILE_COUNT = 32


def build_tiles() -> tuple[np.ndarray, str]:
    g = load_grids(ART / "tiles.txt")
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
    rows = TILE_COUNT // TILE_COLUMNS
    sheet = blank(TILE_COLUMNS * TS, rows * TS)
    for tid, t in tiles.items():
        assert t.shape == (TS, TS), tid
        sheet[(tid // TILE_COLUMNS) * TS:(tid // TILE_COLUMNS + 1) * TS,
              (tid % TILE_COLUMNS) * TS:(tid % TILE_COLUMNS + 1) * TS] = t
    w, h = sheet.shape[1], sheet.shape[0]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tileset version="1.8" tiledversion="1.8.2" name="terrain" tilewidth="{TS}" '
        f'tileheight="{TS}" tilecount="{TILE_COUNT}" columns="{TILE_COLUMNS}">',
        f' <image source="terrain.png" width="{w}" height="{h}"/>',
    ]
    for tid in sorted(TILE_TERRAIN):
        terrain = TILE_TERRAIN[tid]
        anim = tid == 11
        if terrain is None and not anim:
            continue
        lines.append(f' <tile id="{tid}">')
        if terrain is not None:
            lines.append("  <properties>")
            lines.append(f'   <property name="terrain" value="{terrain}"/>')
            lines.append("  </properties>")
        if anim:
            lines.append("  <animation>")
            for f in (11, 12, 13):
                lines.append(f'   <frame tileid="{f}" duration="250"/>')
            lines.append("  </animation>")
        lines.append(" </tile>")
    lines.append("</tileset>")
    return sheet, "\n".join(lines) + "\n"


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

    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "assets", help="output directory")
    args = ap.parse_args(argv)
    for p in generate(args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
