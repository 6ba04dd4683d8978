"""Terrain kinds and what each does to the team. Names match the tile property `terrain`."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class TerrainKind:
    """How one kind of ground behaves.

    cruise: target speed in px/s without mushing.  traction: the share of the gap between
    where the team points and where it slides that closes each tick (low = drifts).
    solid: the team bounces off it.  fall: the cause of the vial loss when the team goes in.
    """

    name: str
    cruise: float
    traction: float
    solid: bool = False
    fall: str = ""
    stamina_drain: float = 0.0


# The order fixes the codes stored in the terrain grid; append new kinds at the end.
KINDS: tuple[TerrainKind, ...] = (
    TerrainKind("snow", cruise=78.0, traction=0.30),
    TerrainKind("trail", cruise=100.0, traction=0.35),
    TerrainKind("deep_snow", cruise=42.0, traction=0.45),
    TerrainKind("ice", cruise=96.0, traction=0.025),
    TerrainKind("thin_ice", cruise=90.0, traction=0.04),
    TerrainKind("overflow", cruise=40.0, traction=0.12, stamina_drain=0.10),
    TerrainKind("tree", cruise=0.0, traction=1.0, solid=True),
    TerrainKind("rock", cruise=0.0, traction=1.0, solid=True),
    TerrainKind("building", cruise=0.0, traction=1.0, solid=True),
    TerrainKind("water", cruise=0.0, traction=1.0, fall="water"),
    TerrainKind("cliff", cruise=0.0, traction=1.0, fall="cliff"),
)

CODE: dict[str, int] = {k.name: i for i, k in enumerate(KINDS)}
NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
SNOW = CODE["snow"]
DEFAULT = SNOW

# Per-code lookup tables, indexed by the uint8 codes of a terrain grid.
CRUISE = tuple(k.cruise for k in KINDS)
TRACTION = tuple(k.traction for k in KINDS)
SOLID = tuple(k.solid for k in KINDS)
FALL = tuple(k.fall for k in KINDS)
DRAIN = tuple(k.stamina_drain for k in KINDS)
SOLID_MASK = np.array(SOLID, dtype=bool)
FALL_MASK = np.array([bool(f) for f in FALL], dtype=bool)
BLOCKED_MASK = SOLID_MASK | FALL_MASK
