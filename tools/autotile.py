#!/usr/bin/env python3
"""Put terrain transition tiles on a level's ground layer, like Tiled's terrain brush.

    python tools/autotile.py levels/X.tmx [more.tmx ...] [--check] [--layer ground]

Reads the ground layer (CSV), takes each cell's terrain from its current tile, and on
the borders between two terrains swaps in the matching tile of the corner Wang sets
of assets/tiles/terrain.tsx. Only the numbers in that layer's CSV text change; the
rest of the file stays byte for byte. Running it twice changes nothing.

Gameplay never changes: every tile put down has the same `terrain` property as the
tile it replaces (a transition tile's terrain is its *under* terrain, see the comment
in terrain.tsx), and cells whose tile is in no Wang set (cliffs, thin-ice cracks,
snow banks, the water animation frames 12-13, ...) are left alone.

How a cell is chosen: every grid corner takes the terrain that ranks highest in
ORDER among the cells around it (water laps over ice, trail over snow, ...). A cell
whose four corners are its own terrain gets (or keeps) a plain tile; otherwise the
transition tile of the set "its terrain / the other terrain". Where three terrains
meet, the other terrain on most corners wins and the rest count as the cell's own
(a hard edge there). A cell ringed by the other terrain gets the set's island tile.

--check: change nothing; exit 1 if some file would change (for CI), else 0.
Exit 2: the file cannot be autotiled (no CSV ground layer, no Wang sets, ...).
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

# A terrain laps over every terrain to its left (the same order as tools/art/wang.py).
ORDER = ("snow", "ice", "deep_snow", "trail", "overflow", "thin_ice", "water")
RANK = {name: i for i, name in enumerate(ORDER)}
GID_MASK = 0x1FFFFFFF  # Tiled's flip flags live in the top 3 bits


class AutotileError(Exception):
    """The map cannot be autotiled; the message says why and what to do."""


@dataclass
class WangData:
    """What the autotiler knows about one tileset with corner Wang sets (global ids)."""

    sets: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)  # (under, over) -> mask -> gid
    islands: dict[tuple[str, str], int] = field(default_factory=dict)
    plain: dict[str, list[int]] = field(default_factory=dict)  # terrain -> gids with all corners it
    members: set[int] = field(default_factory=set)  # gids the tool may replace


def _tileset_root(ts: ET.Element, base: Path) -> tuple[ET.Element, Path]:
    src = ts.get("source")
    if not src:
        return ts, base
    path = (base / src).resolve()
    if not path.is_file():
        raise AutotileError(f"tileset {src} not found")
    return ET.parse(path).getroot(), path.parent


def read_tilesets(root: ET.Element, base: Path) -> tuple[dict[int, str], WangData]:
    """Terrain name per gid (every tileset) and the Wang data of the tilesets that have it."""
    terrain: dict[int, str] = {}
    wang = WangData()
    for ts in root.findall("tileset"):
        first = int(ts.get("firstgid", "1"))
        tsr, _ = _tileset_root(ts, base)
        props: dict[int, dict[str, str]] = {}
        for tile in tsr.findall("tile"):
            tid = int(tile.get("id"))
            p = {pr.get("name"): pr.get("value", pr.text or "") for pr in tile.iter("property")}
            props[tid] = p
            if "terrain" in p:
                terrain[first + tid] = p["terrain"]
        for ws in tsr.iter("wangset"):
            if ws.get("type", "corner") != "corner":
                continue
            names = [c.get("name") for c in ws.findall("wangcolor")]
            if len(names) != 2 or any(n not in RANK for n in names):
                continue
            under, over = sorted(names, key=RANK.__getitem__)
            key = (under, over)
            masks: dict[int, int] = {}
            for wt in ws.findall("wangtile"):
                tid = int(wt.get("tileid"))
                ids = [int(v) for v in wt.get("wangid").split(",")]
                corners = [ids[7], ids[1], ids[3], ids[5]]  # TL TR BR BL
                cn = [names[c - 1] if c else under for c in corners]
                mask = sum(1 << i for i, c in enumerate(cn) if c == over)
                gid = first + tid
                wang.members.add(gid)
                if mask in (0, 15):
                    plain = wang.plain.setdefault(cn[0], [])
                    if gid not in plain:
                        plain.append(gid)
                    continue
                got = props.get(tid, {}).get("terrain")
                if got != under:
                    raise AutotileError(
                        f"tile {tid} of set {ws.get('name')!r} has terrain {got!r}; "
                        f"a transition tile must carry its under terrain {under!r}")
                masks.setdefault(mask, gid)
            if len(masks) == 14:
                wang.sets[key] = masks
            for tid, p in props.items():
                if p.get("wang_island") == ws.get("name") and p.get("terrain") == under:
                    wang.islands[key] = first + tid
                    wang.members.add(first + tid)
    for lst in wang.plain.values():
        lst.sort()
    if not wang.sets:
        raise AutotileError("no corner Wang sets found; use the tileset assets/tiles/terrain.tsx")
    return terrain, wang


def find_layer_data(text: str, name: str) -> tuple[int, int]:
    """(start, end) of the CSV text of tile layer `name` inside the raw file."""
    for m in re.finditer(r"<layer\b[^>]*>", text):
        nm = re.search(r'\bname="([^"]*)"', m.group(0))
        if not nm or nm.group(1) != name:
            continue
        end_layer = text.find("</layer>", m.end())
        d = re.compile(r"<data\b([^>]*)>(.*?)</data>", re.S).search(text, m.end(), end_layer)
        if not d:
            raise AutotileError(f"layer {name!r} has no data (an infinite map? uncheck Infinite)")
        if 'encoding="csv"' not in d.group(1):
            raise AutotileError(f"layer {name!r} is not CSV; in Tiled set Map > Map Properties > "
                                f"Tile Layer Format to CSV and save")
        return d.start(2), d.end(2)
    raise AutotileError(f"no tile layer named {name!r}")


def plan(gids: list[list[int]], terrain: dict[int, str], wang: WangData) -> list[list[int]]:
    """The new ground gids (same shape). Pure function of the terrains and current gids."""
    h, w = len(gids), len(gids[0]) if gids else 0
    colour = [[terrain.get(g & GID_MASK) if (g & GID_MASK) else None for g in row] for row in gids]
    colour = [[c if c in RANK else None for c in row] for row in colour]
    vert = [[None] * (w + 1) for _ in range(h + 1)]
    for vy in range(h + 1):
        for vx in range(w + 1):
            best = None
            for cy in (vy - 1, vy):
                for cx in (vx - 1, vx):
                    if 0 <= cy < h and 0 <= cx < w:
                        c = colour[cy][cx]
                        if c is not None and (best is None or RANK[c] > RANK[best]):
                            best = c
            vert[vy][vx] = best
    out = [row[:] for row in gids]
    for y in range(h):
        for x in range(w):
            g = gids[y][x]
            me = colour[y][x]
            if me is None or (g & GID_MASK) not in wang.members:
                continue
            corners = [vert[y][x], vert[y][x + 1], vert[y + 1][x + 1], vert[y + 1][x]]
            corners = [me if c is None else c for c in corners]
            best, best_n = None, 0
            for other in sorted(set(corners) - {me}, key=RANK.__getitem__, reverse=True):
                n = corners.count(other)
                if (me, other) in wang.sets and n > best_n:
                    best, best_n = other, n
            new = None
            if best is not None:
                mask = sum(1 << i for i, c in enumerate(corners) if c == best)
                new = wang.islands.get((me, best)) if mask == 15 else wang.sets[(me, best)][mask]
            if new is None:  # plain tile of its own terrain: keep a plain one (and its flips)
                plain = wang.plain.get(me, [])
                if (g & GID_MASK) in plain or not plain:
                    continue
                new = plain[0]
            if terrain.get(new) != me:  # never change gameplay
                raise AssertionError(f"cell {x},{y}: {terrain.get(new)} != {me}")
            out[y][x] = new
    return out


def autotile_text(text: str, base: Path, layer: str = "ground") -> tuple[str, int]:
    """The new file text and the number of cells changed."""
    root = ET.fromstring(text.encode("utf-8"))
    terrain, wang = read_tilesets(root, base)
    w, h = int(root.get("width")), int(root.get("height"))
    start, end = find_layer_data(text, layer)
    csv = text[start:end]
    nums = [int(v) for v in re.findall(r"\d+", csv)]
    if len(nums) != w * h:
        raise AutotileError(f"layer {layer!r} has {len(nums)} cells, the map {w}x{h}")
    gids = [nums[r * w:(r + 1) * w] for r in range(h)]
    new = plan(gids, terrain, wang)
    flat = [v for row in new for v in row]
    changed = sum(a != b for a, b in zip(nums, flat))
    it = iter(flat)
    new_csv = re.sub(r"\d+", lambda m: str(next(it)), csv)
    return text[:start] + new_csv + text[end:], changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("maps", nargs="+", type=Path, help=".tmx files")
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    ap.add_argument("--layer", default="ground", help="the tile layer to autotile (default: ground)")
    args = ap.parse_args(argv)
    status = 0
    for path in args.maps:
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
            new, changed = autotile_text(text, path.parent, args.layer)
        except (OSError, UnicodeDecodeError, ET.ParseError, AutotileError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 2
        if args.check:
            if changed:
                print(f"{path}: {changed} cells would change; run python tools/autotile.py {path}")
                status = 1
            continue
        if changed:
            path.write_bytes(new.encode("utf-8"))
        print(f"{path}: {changed} cells changed")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
