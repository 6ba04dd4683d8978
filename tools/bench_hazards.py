"""Measure headless ticks per second on a crowded hazard map: 10 bears, 3 blizzard zones,
100 markers (rendering not included). `python tools/bench_hazards.py [--seconds S]`.

The map is built in memory (no file), so this measures the simulation alone.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from game.sim import create_world, step
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.hazards import HAZARDS
from game.sim.leveldata import Level, MapObject
from game.sim.schema import normalize_object


def crowded_level(width: int = 400, height: int = 40) -> Level:
    """A long trail east through trees, with every hazard in numbers."""
    grid = np.full((height, width), T.CODE["snow"], dtype=np.uint8)
    grid[0, :] = grid[-1, :] = grid[:, 0] = grid[:, -1] = T.CODE["tree"]
    mid = height // 2
    grid[mid - 1:mid + 2, 2:-2] = T.CODE["trail"]
    rng = np.random.default_rng(7)
    trees = rng.random((height, width)) < 0.04
    trees[mid - 4:mid + 5, :] = False
    grid[trees] = T.CODE["tree"]
    grid[mid - 6:mid + 7, 150:160] = T.CODE["thin_ice"]
    ts = 16
    objs: list[MapObject] = [
        MapObject(1, "start", "start", 4 * ts, mid * ts + 8, properties={"heading": 90.0}),
        MapObject(2, "finish", "finish", (width - 4) * ts, (mid - 3) * ts, 2 * ts, 7 * ts),
    ]
    oid = 10
    for i in range(10):
        objs.append(MapObject(oid, f"bear {i}", "bear", (30 + i * 36) * ts, (mid + (7 if i % 2 else -7)) * ts,
                              properties={"aggro_radius": 110.0}))
        oid += 1
    for i in range(3):
        objs.append(MapObject(oid, f"storm {i}", "blizzard", (40 + i * 120) * ts, 0, 80 * ts, height * ts,
                              properties={"intensity": 0.5 + 0.2 * i, "wind_y": 20.0, "gusts": True}))
        oid += 1
    for i in range(100):
        off = 5 if i % 5 == 0 else 2
        objs.append(MapObject(oid, f"m{i}", "marker", (6 + i * 3.9) * ts, (mid - off) * ts,
                              properties={"false": i % 5 == 0}))
        oid += 1
    grouped: dict[str, list[MapObject]] = {}
    for o in objs:
        grouped.setdefault(o.kind, []).append(normalize_object(o)[0])
    return Level(path="<crowded>", width=width, height=height, tile_size=ts, terrain=grid,
                 objects={k: tuple(v) for k, v in grouped.items()},
                 properties={"title": "Crowded", "vials": 20, "par_seconds": 200.0, "miles": 10.0})


def measure(seconds: float = 3.0, seed: int = 1) -> dict:
    """Ticks per second with the autopilot driving, restarting the run whenever it ends."""
    level = crowded_level()
    world = create_world(level, seed)
    nav = world.nav
    ticks = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(500):
            if world.outcome:
                world = create_world(level, seed, nav=nav)
            step(world, autopilot(world))
            ticks += 1
    elapsed = time.perf_counter() - start
    return {"ticks": ticks, "seconds": round(elapsed, 3), "ticks_per_second": round(ticks / elapsed),
            "hazards": hazard_counts(level)}


def hazard_counts(level: Level) -> dict[str, int]:
    """Objects per registered hazard (game.sim.hazards) on the map, for the report."""
    return {hz.name: sum(len(level.of_kind(c)) for c in hz.classes) for hz in HAZARDS}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    print(measure(args.seconds))
