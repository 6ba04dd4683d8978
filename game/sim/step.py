"""Advance the World by exactly one fixed tick through the ordered systems."""
from __future__ import annotations

from typing import Callable

from game.sim.controls import Controls
from game.sim.course import course_system
from game.sim.team import fall_system, gangline_system, motion_system, speed_system, steering_system
from game.sim.world import World

System = Callable[[World, Controls], None]

# The order is the rules: input first, then movement, then what the new place means.
SYSTEMS: tuple[System, ...] = (
    steering_system,
    speed_system,
    motion_system,
    fall_system,
    gangline_system,
    course_system,
)


def step(world: World, controls: Controls) -> World:
    """Run one tick. `world.events` then holds what happened in it. A done run stays put."""
    world.events.clear()
    if world.outcome:
        return world
    world.tick += 1
    world.prev_nodes[:] = world.nodes
    world.prev_heading = world.team.heading
    c = controls.clamped()
    for system in SYSTEMS:
        system(world, c)
    return world
