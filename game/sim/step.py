"""Advance the World by exactly one fixed tick through the ordered systems (those of the
hazards a World has none of are skipped)."""
from __future__ import annotations

from typing import TypeVar

from game.sim.controls import Controls
from game.sim.core import Core, node_views
from game.sim.course import course_system
from game.sim.hazard import System
from game.sim.hazards import HAZARDS
from game.sim.team import fall_system, gangline_system, motion_system, speed_system, steering_system

# The team's and the course's systems, in order: input first, then movement, then what the
# new place means. Each hazard's system runs right after the system its entry names in `after`
# (markers' senses after steering, blizzard after senses, thin ice after falls, bears after the
# gangline, guides after bears); tests/test_registry.py pins the resulting order.
CORE_SYSTEMS: tuple[System, ...] = (
    steering_system,   # controls -> heading, mush, stamina
    speed_system,
    motion_system,     # move, bounce off solids: impact losses
    fall_system,       # water and cliffs
    gangline_system,   # the dogs and the sled follow Balto
    course_system,     # checkpoints and the finish
)


def ordered_systems(core: tuple[System, ...] = CORE_SYSTEMS) -> tuple[System, ...]:
    """The core systems with every hazard's system slotted in after the one it names."""
    placed = {s.__name__ for s in core}
    out: list[System] = []

    def place(system: System) -> None:
        out.append(system)
        for hz in HAZARDS:
            if hz.after == system.__name__:
                place(hz.system)

    for system in core:
        place(system)
    missing = [hz.name for hz in HAZARDS if hz.system not in out]
    if missing:
        raise ValueError(f"hazard systems with no place in the tick (their `after` names no "
                         f"system): {missing}; systems are {sorted(placed)}")
    return tuple(out)


SYSTEMS: tuple[System, ...] = ordered_systems()
W = TypeVar("W", bound=Core)


def active_systems(world: Core) -> tuple[System, ...]:
    """SYSTEMS without the systems of hazards idle in this World (a level with no blizzard
    zone, no bear, ...): skipping them changes nothing, since each would return at once."""
    idle = {hz.system for hz in HAZARDS if hz.idle(hz.state(world))}
    return tuple(s for s in SYSTEMS if s not in idle)


def step(world: W, controls: Controls) -> W:
    """Run one tick. `world.events` then holds what happened in it. A done run stays put."""
    world.events.clear()
    if world.outcome:
        return world
    world.tick += 1
    cache = world.node_cache
    if cache[0] is world.nodes and cache[1] is world.prev_nodes:
        cache[3][:] = cache[2]  # prev_nodes[...] = nodes, through the flat memoryviews
    else:
        nodes, prev = node_views(world)
        prev[:] = nodes
    world.prev_heading = world.team.heading
    s = controls.steer
    c = controls if -1.0 <= s <= 1.0 else controls.clamped()  # (clamped() returns it unchanged)
    systems = world.systems
    if not systems:
        systems = world.systems = active_systems(world)
    for system in systems:
        system(world, c)
    if world.assist.infinite_stamina:
        world.team.stamina = 1.0
        world.team.winded = False
    return world
