"""Advance the World by exactly one fixed tick through the ordered systems."""
from __future__ import annotations

from typing import Callable

from game.sim.bear import bear_system
from game.sim.blizzard import blizzard_system
from game.sim.controls import Controls
from game.sim.course import course_system
from game.sim.guides import guides_system
from game.sim.ice import ice_system
from game.sim.markers import senses_system
from game.sim.team import fall_system, gangline_system, motion_system, speed_system, steering_system
from game.sim.world import World

System = Callable[[World, Controls], None]

# The order is the rules: input first, then movement, then what the new place means.
SYSTEMS: tuple[System, ...] = (
    steering_system,   # controls -> heading, mush, stamina
    senses_system,     # Balto's senses: reveal false markers (markers.py)
    blizzard_system,   # weather at Balto: visibility, crosswind, drain (blizzard.py)
    speed_system,
    motion_system,     # move, bounce off solids: impact losses
    fall_system,       # water and cliffs
    ice_system,        # thin ice cracks and breaks (ice.py)
    gangline_system,   # the dogs and the sled follow Balto
    bear_system,       # bears wake, charge, swipe, fall through ice (bear.py)
    guides_system,     # story lines and the white wolf (guides.py)
    course_system,     # checkpoints and the finish
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
    if world.assist.infinite_stamina:
        world.team.stamina = 1.0
        world.team.winded = False
    return world
