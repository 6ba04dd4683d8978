"""The hot reload's carry-over (`play --watch`): a World of a changed level that carries on an
old run. A pure function of (old world, new level): no files, no clock.

The new World keeps the team where it was (position, heading, speed, stamina, vials, tick,
checkpoints) when Balto's cell is still open ground there; otherwise the team goes back to its
respawn point (the last checkpoint still in the level) or the start, keeping its vials, tick
and stamina. Each hazard's state comes from its registry entry's `carry(old, fresh)`.
"""
from __future__ import annotations

import math

from game.sim import terrain as T
from game.sim.core import Assist, Respawn
from game.sim.hazards import HAZARDS
from game.sim.leveldata import Level
from game.sim.world import World, create_world, line_behind


def open_cell(level: Level, x: float, y: float) -> bool:
    """True when (x, y) lies on the map on ground the team can stand on (not solid, not a fall)."""
    ts = level.tile_size
    cx, cy = int(x // ts), int(y // ts)
    if not (math.isfinite(x) and math.isfinite(y)) or cx < 0 or cy < 0 or cx >= level.width or cy >= level.height:
        return False
    code = int(level.terrain[cy, cx])
    return not (T.SOLID[code] or T.FALL[code])


def reload_world(old: World, level: Level, assist: Assist | None = None) -> tuple[World, bool]:
    """A World of `level` carrying on `old`'s run; returns (world, kept) where `kept` says the
    team kept its place (False: it was put back at its respawn point or the start)."""
    world = create_world(level, old.seed, assist=assist if assist is not None else old.assist,
                         vials=old.vials_start)  # the crate the run began with (the map's at restart)
    checkpoints = level.of_kind("checkpoint")
    world.tick = old.tick
    world.rng = old.rng
    world.vials = old.vials
    world.losses = dict(old.losses)
    world.checkpoints_reached = [i for i in old.checkpoints_reached if i < len(checkpoints)]
    world.outcome, world.finish_tick = old.outcome, old.finish_tick
    for hz in HAZARDS:
        world.hazards[hz.name] = hz.carry(hz.state(old), hz.state(world))
    world.systems = ()  # the tick works out again which hazards' systems have work
    r = old.respawn
    if r.name != "start" and open_cell(level, r.x, r.y):
        world.respawn = Respawn(r.x, r.y, r.heading, r.name)
    t, nt = old.team, world.team
    nt.stamina, nt.winded = t.stamina, t.winded
    if open_cell(level, t.x, t.y):
        nt.x, nt.y, nt.heading, nt.vx, nt.vy, nt.speed = t.x, t.y, t.heading, t.vx, t.vy, t.speed
        nt.mushing, nt.braking, nt.steer, nt.stun, nt.slow = t.mushing, t.braking, t.steer, t.stun, t.slow
        nt.push_x, nt.push_y, nt.sensing = t.push_x, t.push_y, t.sensing
        world.nodes = old.nodes.copy()
        world.prev_nodes = old.prev_nodes.copy()
        world.prev_heading = old.prev_heading
        kept = True
    else:
        sp = world.respawn
        nt.x, nt.y, nt.heading = sp.x, sp.y, sp.heading
        world.nodes = line_behind(sp.x, sp.y, sp.heading)
        world.prev_nodes = world.nodes.copy()
        world.prev_heading = sp.heading
        kept = False
    cx, cy = int(nt.x // level.tile_size), int(nt.y // level.tile_size)
    if 0 <= cx < level.width and 0 <= cy < level.height:
        nt.terrain = int(world.grid[cy][cx])
    return world, kept
