"""Thin ice: cracks build under the team, faster when it is slow or stopped; when a cell's
cracks run through, the team breaks through (cause `thin_ice`) and goes back to the last
checkpoint. A bear is heavier: the ice gives way under it at once and stays open water.

Tiled: `thin_ice` terrain tiles, or `thin_ice` rectangles (property `strength`, default 1:
2 holds twice as long) that turn the cells under them into thin ice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from game.sim import events as E
from game.sim import scoring
from game.sim import terrain as T
from game.sim.constants import DT
from game.sim.controls import Controls
from game.sim.core import Core, node_views, respawn
from game.sim.hazard import Hazard, Setup
from game.sim.nav_heap import repair_nav
from game.sim.scoring import Cause

NAME = "ice"  # the key of this hazard's state in world.hazards
THIN = T.CODE["thin_ice"]
WATER = T.CODE["water"]
CRACK_BASE = 0.06  # crack per second even at full speed
CRACK_SLOW = 1.3  # extra crack per second at a standstill
FAST = 110.0  # px/s at which only the base rate remains
SLED_WEIGHT = 1.0  # the loaded sled presses hardest
LEAD_WEIGHT = 0.5
WARN_LEVELS = (0.35, 0.7)  # ascending
BREAK_LOSS = 3
THIN_ICE = Cause("thin_ice", "through the ice")  # the loss cause of breaking through


@dataclass(slots=True)
class Ice:
    """Crack level per cell (flat index, 0..1), the holes broken open, cell strengths."""

    strength: dict[int, float]
    cracks: dict[int, float] = field(default_factory=dict)
    holes: list[int] = field(default_factory=list)
    under_team: float = 0.0  # the worst crack under Balto or the sled, for the HUD
    thin: bool = True  # the grid had thin ice when the World was made (none appears later)

    def digest_bytes(self) -> bytes:
        return repr((sorted(self.cracks.items()), self.holes)).encode()


def create(setup: Setup) -> Ice:
    """Mark `thin_ice` rectangles in the world's own grid and note their strength."""
    level, grid = setup.level, setup.grid
    strength: dict[int, float] = {}
    ts, w, h = level.tile_size, level.width, level.height
    for r in level.of_kind("thin_ice"):
        x0, y0 = max(int(r.x // ts), 0), max(int(r.y // ts), 0)
        x1 = min(int(-(-(r.x + r.width) // ts)), w)
        y1 = min(int(-(-(r.y + r.height) // ts)), h)
        for cy in range(y0, y1):
            for cx in range(x0, x1):
                if not (T.SOLID[grid[cy][cx]] or T.FALL[grid[cy][cx]]):
                    setup.mark(cx, cy, THIN)
                    strength[cy * w + cx] = float(r.properties.get("strength", 1.0))
    thin = bool(strength) or bool((level.terrain == THIN).any())
    return Ice(strength=strength, thin=thin)


def no_thin_ice(ice: Ice) -> bool:
    """No thin ice on the map: the system never has anything to do."""
    return not ice.thin


def break_open(world: Core, cells: list[int]) -> None:
    """Turn thin-ice cells into open water for good, and route the autopilot around them."""
    ice = HAZARD.state(world)
    for cell in cells:
        cy, cx = divmod(cell, world.level.width)
        world.grid[cy][cx] = WATER
        ice.holes.append(cell)
        ice.cracks[cell] = 1.0
    if cells:
        world.nav = repair_nav(world.nav, world.grid, cells)


def ice_system(world: Core, c: Controls) -> None:
    """Load the cells under Balto and the sled; warn as cracks grow; break through at 1."""
    ice: Ice = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    t = world.team
    lvl, grid = world.level, world.grid
    ts, w, h = lvl.tile_size, lvl.width, lvl.height
    cache = world.node_cache
    flat = cache[2] if cache[0] is world.nodes else node_views(world)[0]
    sx, sy = flat[-2], flat[-1]  # the sled, the last node
    # Most ticks neither Balto nor the sled is on thin ice: found with nothing else looked up.
    cx, cy = int(t.x // ts), int(t.y // ts)
    if cx < 0 or cy < 0 or cx >= w or cy >= h or grid[cy][cx] != THIN:
        cx, cy = int(sx // ts), int(sy // ts)
        if cx < 0 or cy < 0 or cx >= w or cy >= h or grid[cy][cx] != THIN:
            ice.under_team = 0.0
            return
    slow = 1.0 - t.speed / FAST
    rate = (CRACK_BASE + CRACK_SLOW * (slow if slow > 0.0 else 0.0)) * DT  # max(0.0, slow)
    worst = 0.0
    cracks, strength = ice.cracks, ice.strength
    for x, y, weight in ((t.x, t.y, LEAD_WEIGHT), (sx, sy, SLED_WEIGHT)):
        cx, cy = int(x // ts), int(y // ts)
        if cx < 0 or cy < 0 or cx >= w or cy >= h or grid[cy][cx] != THIN:
            continue
        cell = cy * w + cx
        before = cracks.get(cell, 0.0)
        now = before + rate * weight / strength.get(cell, 1.0)
        if not now < 1.0:  # min(1.0, now)
            now = 1.0
        cracks[cell] = now
        if now > worst:  # max(worst, now)
            worst = now
        if before < WARN_LEVELS[-1] and now >= WARN_LEVELS[0]:  # it may have crossed one
            for level in WARN_LEVELS:
                if before < level <= now:
                    world.emit(E.IceCrack(crack_pct=int(level * 100), x=x, y=y))
        if now >= 1.0:
            # The team goes through; the hole skins over again by the time it is back.
            ice.cracks[cell] = 0.0
            world.emit(E.IceBreak(x=x, y=y))
            scoring.break_vials(world, BREAK_LOSS, THIN_ICE.name, x, y)
            ice.under_team = 0.0
            if not world.outcome:
                respawn(world)
            return
    ice.under_team = worst


HAZARD: Hazard[Ice] = Hazard(
    name=NAME, classes=("thin_ice",), create=create, system=ice_system,
    after="fall_system", digest=Ice.digest_bytes, causes=(THIN_ICE,), marks_grid=True,
    events=(E.IceCrack, E.IceBreak), idle=no_thin_ice)
