"""The team's systems: steering and stamina, speed over terrain, motion with impacts, falls,
and the gangline that pulls the dogs and the sled along Balto's path.

The wind is a force on the sled, not a velocity: it accelerates (vx, vy) and the ground's
traction pulls the sled back toward where the dogs pull it. On snow the runners grip and a
stopped team barely drifts; on ice the same gust slides it sideways at a good share of the
wind's speed (see `wind_drift`).
"""
from __future__ import annotations

import math

from game.sim import events as E
from game.sim import scoring
from game.sim import terrain as T
from game.sim.constants import DT
from game.sim.controls import Controls
from game.sim.core import GANGLINE, RESPAWN_STUN, Core, node_views, respawn
from game.sim.markers import SENSES_SLOW

__all__ = ["RESPAWN_STUN", "respawn"]  # re-exported: they live in core, below the hazards

TURN_RATE = 2.8  # rad/s at a standstill; less at speed
MUSH_FACTOR = 1.5  # mushing raises the target speed by this much
MUSH_DRAIN = 0.22  # stamina per second while mushing
STAMINA_REGEN = 0.10  # stamina per second while not mushing
WINDED_UNTIL = 0.3  # after running out, no mushing until stamina is back to this
ACCEL = 60.0  # px/s^2 toward a higher target
MUSH_ACCEL = 140.0  # px/s^2 while mushing: a burst, not a drift
COAST_DECEL = 90.0  # px/s^2 toward a lower target
BRAKE_DECEL = 240.0  # px/s^2 while braking
SLOW_FACTOR = 0.6  # target speed while a hazard slows the team
IMPACT_SPEED = 40.0  # px/s into a solid tile: above this, vials break
IMPACT_PER = 35.0  # every this many px/s more breaks one more vial
BOUNCE = 0.35  # share of the speed into a wall that comes back as a bounce
IMPACT_STUN = 40  # ticks the team needs to recover after an impact
WIND_ACCEL = 1.0  # px/s^2 of acceleration per px/s of wind
_TWO_PI = 2.0 * math.pi
OVERFLOW = T.CODE["overflow"]
ROCK = T.CODE["rock"]  # what lies outside the map
CRUISE, TRACTION, SOLID, FALL, DRAIN = T.CRUISE, T.TRACTION, T.SOLID, T.FALL, T.DRAIN
# Products of constants, computed once (the same doubles the tick used to compute every time)
_MUSH_STEP = MUSH_DRAIN * DT
_REGEN_STEP = STAMINA_REGEN * DT
_WIND_STEP = WIND_ACCEL * DT
_LINKS = tuple((2 * i, gap) for i, gap in enumerate(GANGLINE, start=1))  # (flat index, gap)


def wind_drift(terrain: int, wind_x: float, wind_y: float) -> tuple[float, float]:
    """The velocity (px/s) a steady wind adds to the team on this terrain once traction has
    caught up: tiny on snow and trail, about two thirds of the wind's speed on ice."""
    tr = T.TRACTION[terrain]
    k = WIND_ACCEL * DT * (1.0 - tr) / tr
    return wind_x * k, wind_y * k


def steering_system(world: Core, c: Controls) -> None:
    """Turn toward the steer input; mush spends stamina, cruising earns it back."""
    t = world.team
    steer = c.steer
    t.steer = steer
    stun = t.stun
    if stun > 0:
        stun -= 1
        t.stun = stun
        steer *= 0.4
    if steer:
        pace = t.speed / 150.0
        turn = TURN_RATE * (1.0 - 0.35 * (pace if pace <= 1.0 else 1.0))  # min(pace, 1.0)
        h = t.heading + steer * turn * DT
        if h > math.pi:
            h -= _TWO_PI
        elif h <= -math.pi:
            h += _TWO_PI
        t.heading = h
    stamina = t.stamina
    winded = t.winded
    if winded and stamina >= WINDED_UNTIL:
        t.winded = winded = False
    wants = c.mush and not c.brake and stun == 0
    if wants and not winded and stamina > 0.0:
        if not t.mushing:
            world.emit(E.Mush(x=t.x, y=t.y))
            t.mushing = True
        stamina -= _MUSH_STEP
        if stamina <= 0.0:
            stamina = 0.0
            t.winded = True
            world.emit(E.Tired(x=t.x, y=t.y))
    else:
        t.mushing = False
        if not wants:
            stamina += _REGEN_STEP
            if stamina > 1.0:  # min(1.0, stamina)
                stamina = 1.0
    drain = DRAIN[t.terrain]
    if drain:
        stamina = max(0.0, stamina - drain * DT)
    t.stamina = stamina
    t.braking = c.brake


def speed_system(world: Core, c: Controls) -> None:
    """The dogs pull toward the terrain's cruise speed, more when mushing, less when braking."""
    t = world.team
    target = CRUISE[t.terrain]
    mushing = t.mushing
    if mushing:
        target *= MUSH_FACTOR
    if t.slow > 0:
        t.slow -= 1
        target *= SLOW_FACTOR
    if t.sensing:
        target *= SENSES_SLOW
    speed = t.speed
    if t.braking:
        target, rate = 0.0, BRAKE_DECEL
    elif speed < target:
        rate = MUSH_ACCEL if mushing else ACCEL
    else:
        rate = COAST_DECEL
    if speed < target:
        speed += rate * DT
        t.speed = speed if speed < target else target  # min(target, speed + rate * DT)
    else:
        speed -= rate * DT
        t.speed = speed if speed > target else target  # max(target, speed - rate * DT)


def motion_system(world: Core, c: Controls) -> None:
    """Move Balto; the wind pushes the sled and low traction lets it slide; solid tiles bounce
    the team and, when hit hard enough, break vials (cause `impact`)."""
    t = world.team
    tr = TRACTION[t.terrain]
    wx, wy = t.push_x, t.push_y
    vx, vy = t.vx, t.vy
    if wx or wy:
        vx += wx * _WIND_STEP
        vy += wy * _WIND_STEP
    heading, speed = t.heading, t.speed
    vx += (math.sin(heading) * speed - vx) * tr
    vy += (-math.cos(heading) * speed - vy) * tr
    t.vx, t.vy = vx, vy
    x, y = t.x, t.y
    nx = x + vx * DT
    ny = y + vy * DT
    # world.terrain_at, inlined (twice): off the map is rock, and rock is solid
    lvl, grid = world.level, world.grid
    ts, w, h = lvl.tile_size, lvl.width, lvl.height
    cx, cy = int(nx // ts), int(y // ts)
    hit_x = SOLID[grid[cy][cx]] if 0 <= cx < w and 0 <= cy < h else True
    if hit_x:
        nx = x
        cx = int(nx // ts)
    cy = int(ny // ts)
    hit_y = SOLID[grid[cy][cx]] if 0 <= cx < w and 0 <= cy < h else True
    if hit_y:
        ny = y
    if hit_x or hit_y:
        # Only the team's own motion into the wall counts: the wind pinning it there does not.
        if wx or wy:
            ox, oy = wind_drift(t.terrain, wx, wy)
            ox, oy = t.vx - ox, t.vy - oy
            into = max(min(abs(t.vx), abs(ox)) if hit_x and t.vx * ox > 0 else 0.0,
                       min(abs(t.vy), abs(oy)) if hit_y and t.vy * oy > 0 else 0.0)
        else:
            into = max(abs(t.vx) if hit_x else 0.0, abs(t.vy) if hit_y else 0.0)
        if hit_x:
            t.vx = -t.vx * BOUNCE
        if hit_y:
            t.vy = -t.vy * BOUNCE
        broken = scoring.impact_loss(into, IMPACT_SPEED, IMPACT_PER)
        if broken and t.stun == 0:
            if world.rng.random() < 0.25:
                broken += 1
            world.emit(E.Impact(vials=broken, x=nx, y=ny))
            scoring.break_vials(world, broken, scoring.IMPACT, nx, ny)
            t.speed *= BOUNCE
            t.stun = IMPACT_STUN
        elif into > 8.0:
            if t.stun == 0:
                world.emit(E.Bump(x=nx, y=ny))
            t.speed *= 0.6
    t.x, t.y = nx, ny


def fall_system(world: Core, c: Controls) -> None:
    """Water and cliffs: a fall breaks vials and puts the team back at the last checkpoint."""
    t = world.team
    lvl = world.level
    ts = lvl.tile_size
    cx, cy = int(t.x // ts), int(t.y // ts)  # world.terrain_at, inlined
    code = world.grid[cy][cx] if 0 <= cx < lvl.width and 0 <= cy < lvl.height else ROCK
    if code != t.terrain and code == OVERFLOW:
        world.emit(E.Overflow(x=t.x, y=t.y))
    t.terrain = code
    cause = FALL[code]
    if not cause:
        return
    world.emit(E.Fall(cause=cause, x=t.x, y=t.y))
    scoring.break_vials(world, scoring.FALL_LOSS.get(cause, 3), cause, t.x, t.y)
    respawn(world)


def gangline_system(world: Core, c: Controls) -> None:
    """Each node of the gangline keeps its length behind the node ahead, like a towline."""
    t = world.team
    cache = world.node_cache
    flat = cache[2] if cache[0] is world.nodes else node_views(world)[0]  # x0, y0, x1, y1, ...
    px, py = t.x, t.y
    flat[0] = px
    flat[1] = py
    hypot = math.hypot
    for j, gap in _LINKS:
        qx, qy = flat[j], flat[j + 1]
        dx, dy = qx - px, qy - py
        d = hypot(dx, dy)
        if d > 1e-9:
            s = gap / d
            qx, qy = px + dx * s, py + dy * s
        else:
            qx, qy = px - math.sin(t.heading) * gap, py + math.cos(t.heading) * gap
        flat[j] = qx
        flat[j + 1] = qy
        px, py = qx, qy
