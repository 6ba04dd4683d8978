"""The game's rules: pure Python + numpy, never pygame.

`create_world(level, seed)` makes a World; `step(world, controls)` advances one fixed tick;
`digest(world)` hashes the gameplay state.
"""
from game.sim.controls import NEUTRAL, Controls
from game.sim.events import Event
from game.sim.leveldata import Level, LevelError, MapObject
from game.sim.step import SYSTEMS, step
from game.sim.world import DT, TICK_HZ, Assist, World, create_world, digest

__all__ = [
    "Controls", "NEUTRAL", "Event", "Level", "LevelError", "MapObject", "SYSTEMS", "step",
    "DT", "TICK_HZ", "Assist", "World", "create_world", "digest",
]
