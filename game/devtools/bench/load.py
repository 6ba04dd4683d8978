"""Load figures: `load_level` against a bare pytmx.TiledMap parse of the same file."""
from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.tiled.common import display_path


def bench_load(paths: Sequence[Path], repeats: int) -> list[dict[str, Any]]:
    """load_level (parse, terrain, objects, validation, hash) against a bare pytmx.TiledMap
    parse of the same file, medians of `repeats` (after one warm-up each)."""
    from game.sim import create_world
    from game.tiled.level import load_level

    pytmx = importlib.import_module("pytmx")  # the bare parser we compare against
    out = []
    for path in paths:
        load_level(path)
        pytmx.TiledMap(str(path))
        ours, bare = [], []
        for _ in range(max(1, repeats)):
            a = time.perf_counter()
            level = load_level(path)
            b = time.perf_counter()
            pytmx.TiledMap(str(path))
            c = time.perf_counter()
            ours.append(b - a)
            bare.append(c - b)
        a = time.perf_counter()
        create_world(level, 1)
        world_ms = (time.perf_counter() - a) * 1000
        o, p = statistics.median(ours), statistics.median(bare)
        out.append({"level": display_path(path), "load_ms": round(o * 1000, 2), "bare_parse_ms": round(p * 1000, 2),
                    "ratio": round(o / p, 3), "world_ms": round(world_ms, 1)})
    return out
