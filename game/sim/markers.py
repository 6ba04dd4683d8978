"""Trail markers, Steele's false ones, and Balto's senses.

Tiled: `marker` points; `false` = true marks Steele's. At a glance all markers look alike.
Holding the senses key slows the team and costs stamina; while it lasts, false markers within
SENSES_RADIUS are revealed for REVEAL_TICKS. Letting go starts a cooldown.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim import events as E
from game.sim.constants import DT, TICK_HZ
from game.sim.controls import Controls
from game.sim.core import Core
from game.sim.hazard import Hazard, Setup
from game.sim.navigation import NavField

NAME = "markers"  # the key of this hazard's state in world.hazards
SENSES_RADIUS = 180.0  # px around Balto
REVEAL_TICKS = 4 * TICK_HZ  # a revealed marker stays revealed this long
SENSES_COST = 0.15  # stamina per second while sensing
SENSES_COOLDOWN = 2 * TICK_HZ  # ticks after letting go before senses work again
SENSES_SLOW = 0.55  # the team's target speed while sensing
ON_ROUTE_CELLS = 3  # a marker this near the cheapest way agrees with it


@dataclass(slots=True)
class Markers:
    """All markers as arrays; `off_route` says which disagree with the cheapest way."""

    ids: np.ndarray  # object ids
    x: np.ndarray
    y: np.ndarray
    false: np.ndarray  # bool
    revealed_until: np.ndarray  # tick; revealed while tick < revealed_until
    off_route: np.ndarray  # bool, for the autopilot
    active: bool = False  # senses held and working
    cooldown: int = 0
    off_points: tuple[tuple[int, float, float], ...] = ()  # (index, x, y) of the off_route ones

    def revealed(self, tick: int) -> np.ndarray:
        """Bool mask of markers shown as false right now."""
        return self.revealed_until > tick

    def digest_bytes(self) -> bytes:
        return self.revealed_until.tobytes() + repr((self.active, self.cooldown)).encode()


def _route_cells(nav: NavField, x: float, y: float) -> np.ndarray:
    """(n, 2) cells (row, column) along the cheapest way from (x, y) to the finish."""
    way = nav.way(nav.cell(x, y))
    return np.stack(np.divmod(way, nav.width), axis=1).reshape(-1, 2)


def create(setup: Setup) -> Markers:
    """Every `marker` point; which ones are off the cheapest way needs the nav field."""
    level = setup.level
    objs = level.of_kind("marker")
    n = len(objs)
    xs = np.array([o.x for o in objs], dtype=np.float64)
    ys = np.array([o.y for o in objs], dtype=np.float64)
    off = np.zeros(n, dtype=bool)
    if n:
        route = _route_cells(setup.nav, *setup.start)
        if len(route):
            ts = level.tile_size
            my = (ys // ts).astype(np.int64)[:, None]
            mx = (xs // ts).astype(np.int64)[:, None]
            d = np.maximum(np.abs(route[None, :, 0] - my), np.abs(route[None, :, 1] - mx))
            off = d.min(axis=1) > ON_ROUTE_CELLS
    return Markers(
        ids=np.array([o.id for o in objs], dtype=np.int64), x=xs, y=ys,
        false=np.array([bool(o.properties.get("false", False)) for o in objs], dtype=bool),
        revealed_until=np.zeros(n, dtype=np.int64), off_route=off,
        off_points=tuple((i, xs.item(i), ys.item(i)) for i in np.flatnonzero(off).tolist()),
    )


def senses_system(world: Core, c: Controls) -> None:
    """Hold senses: slower, costs stamina, reveals nearby false markers; then a cooldown."""
    m: Markers = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    t = world.team
    if m.cooldown > 0:
        m.cooldown -= 1
    can = c.senses and m.cooldown == 0 and t.stamina > 0.0
    if not can:
        if m.active:
            m.active = False
            m.cooldown = SENSES_COOLDOWN
            world.emit(E.SensesOff(x=t.x, y=t.y))
        t.sensing = False
        return
    if not m.active:
        m.active = True
        world.emit(E.SensesOn(x=t.x, y=t.y))
    t.sensing = True
    t.stamina = max(0.0, t.stamina - SENSES_COST * DT)
    if len(m.x):
        near = ((m.x - t.x) ** 2 + (m.y - t.y) ** 2 <= SENSES_RADIUS * SENSES_RADIUS) & m.false
        if near.any():
            fresh = near & (m.revealed_until <= world.tick)
            for i in np.flatnonzero(fresh):
                world.emit(E.MarkerRevealed(marker=int(m.ids[i]), x=float(m.x[i]), y=float(m.y[i])))
            m.revealed_until[near] = world.tick + REVEAL_TICKS


HAZARD: Hazard[Markers] = Hazard(
    name=NAME, classes=("marker",), create=create, system=senses_system,
    after="steering_system", digest=Markers.digest_bytes,
    events=(E.SensesOn, E.SensesOff, E.MarkerRevealed))
