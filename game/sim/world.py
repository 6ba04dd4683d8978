"""The World: every piece of gameplay state, created from a Level and a seed.

`World` is `Core` (game.sim.core) plus typed shortcuts to the registered hazards' state
(`world.bears`, `world.weather`, ...), which render, bots and tests read. `create_world` and
`digest` iterate the hazard registry (game.sim.hazards).
"""
from __future__ import annotations

import hashlib
import math
import struct
from typing import Any

import numpy as np

from game.sim import bear as _bear
from game.sim import blizzard as _blizzard
from game.sim import breakup as _breakup
from game.sim import guides as _guides
from game.sim import ice as _ice
from game.sim import markers as _markers
from game.sim.constants import DT, TICK_HZ
from game.sim.core import (
    GANGLINE,
    PAIR_HALF_WIDTH,
    TEAM_PAIRS,
    Assist,
    Core,
    Respawn,
    Team,
    heading_vector,
    line_behind,
)
from game.sim.hazard import Setup
from game.sim.hazards import HAZARDS
from game.sim.leveldata import Level, LevelError, MapObject
from game.sim.navigation import NavField

__all__ = [
    "DT",
    "GANGLINE",
    "PAIR_HALF_WIDTH",
    "TEAM_PAIRS",
    "TICK_HZ",
    "Assist",
    "Respawn",
    "Team",
    "World",
    "create_world",
    "digest",
    "heading_vector",
    "line_behind",
]


class World(Core):
    """All gameplay state, with a typed attribute per hazard (one line each)."""

    __slots__ = ()

    @property
    def weather(self) -> _blizzard.Weather:
        return _blizzard.HAZARD.state(self)

    @property
    def bears(self) -> _bear.Bears:
        return _bear.HAZARD.state(self)

    @property
    def markers(self) -> _markers.Markers:
        return _markers.HAZARD.state(self)

    @property
    def ice(self) -> _ice.Ice:
        return _ice.HAZARD.state(self)

    @property
    def guides(self) -> _guides.Guides:
        return _guides.HAZARD.state(self)

    @property
    def breakup(self) -> _breakup.Breakup:
        return _breakup.HAZARD.state(self)


def _start_object(level: Level) -> MapObject:
    starts = level.of_kind("start")
    if len(starts) != 1:
        raise LevelError(f"{level.path}: needs exactly one object of class 'start', found {len(starts)}")
    if not level.of_kind("finish"):
        raise LevelError(f"{level.path}: no object of class 'finish'")
    return starts[0]


def create_hazards(setup: Setup) -> dict[str, object]:
    """Each registered hazard's state, grid-marking hazards first (the nav field is built
    from the grid they leave), then the rest in registry order."""
    made: dict[str, Any] = {}
    for hz in sorted(HAZARDS, key=lambda h: not h.marks_grid):
        made[hz.name] = hz.create(setup)
    return {hz.name: made[hz.name] for hz in HAZARDS}


def create_world(level: Level, seed: int, nav: NavField | None = None,
                 assist: Assist | None = None, vials: int | None = None) -> World:
    """A fresh World at the start of `level`; the seed fixes every random draw.

    `vials` overrides the map's crate: in the campaign the crate carries over from leg to leg.
    """
    crate = level.vials if vials is None else max(1, int(vials))
    start = _start_object(level)
    heading = math.radians(float(start.properties.get("heading", 0.0)))
    x, y = start.x, start.y
    nodes = line_behind(x, y, heading)
    team = Team(x=x, y=y, heading=heading)
    ts = level.tile_size
    cx, cy = int(x // ts), int(y // ts)
    if 0 <= cx < level.width and 0 <= cy < level.height:
        team.terrain = int(level.terrain[cy, cx])
    setup = Setup(level=level, grid=level.terrain.tolist(), start=(x, y), given_nav=nav)
    hazards = create_hazards(setup)
    left = setup.nav.length_at(x, y)
    return World(
        level=level,
        seed=int(seed),
        rng=np.random.default_rng(int(seed)),
        nav=setup.nav,
        grid=setup.grid,
        team=team,
        nodes=nodes,
        prev_nodes=nodes.copy(),
        prev_heading=heading,
        respawn=Respawn(x, y, heading),
        vials=crate,
        vials_start=crate,
        hazards=hazards,
        assist=assist or Assist(),
        nav_start=left if math.isfinite(left) and left > 0 else 1.0,
    )


def digest(world: Core) -> str:
    """A hash of the gameplay state: equal digests mean equal runs, tick for tick."""
    t = world.team
    h = hashlib.blake2b(digest_size=16)
    h.update(struct.pack(
        "<q10d3qi???", world.tick, t.x, t.y, t.heading, t.vx, t.vy, t.speed, t.stamina, t.steer,
        t.push_x, t.push_y, t.stun, t.slow, world.vials, t.terrain, t.mushing, t.sensing, t.winded))
    h.update(np.ascontiguousarray(world.nodes, dtype="<f8").tobytes())
    h.update(repr(sorted(world.losses.items())).encode())
    h.update(repr((world.outcome, world.finish_tick, world.checkpoints_reached)).encode())
    h.update(repr((world.respawn.x, world.respawn.y, world.respawn.heading, world.assist)).encode())
    state = world.rng.bit_generator.state
    h.update(repr(sorted(state.items())).encode())
    for hz in HAZARDS:  # registry order: weather, bears, markers, ice, guides, breakup
        h.update(hz.digest(hz.state(world)))
    return h.hexdigest()
