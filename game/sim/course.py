"""The course: checkpoints (new respawn points) and the finish."""
from __future__ import annotations

import math

from game.sim import events as E
from game.sim.controls import Controls
from game.sim.core import Core, Respawn


def course_system(world: Core, c: Controls) -> None:
    """Reaching a checkpoint moves the respawn point there; reaching a finish ends the run."""
    t = world.team
    x, y = t.x, t.y
    objects = world.level.objects
    for i, cp in enumerate(objects.get("checkpoint", ())):
        # MapObject.contains, inlined: this runs every tick
        if (cp.x <= x < cp.x + cp.width and cp.y <= y < cp.y + cp.height
                and i not in world.checkpoints_reached):
            world.checkpoints_reached.append(i)
            heading = cp.properties.get("heading")
            h = math.radians(float(heading)) if heading is not None else t.heading
            cx, cy = cp.center
            world.respawn = Respawn(cx, cy, h, cp.name or f"checkpoint {i + 1}")
            world.emit(E.Checkpoint(name=world.respawn.name, x=cx, y=cy))
    if world.outcome:
        return
    for fin in objects.get("finish", ()):
        if fin.x <= x < fin.x + fin.width and fin.y <= y < fin.y + fin.height:
            world.outcome = "finished"
            world.finish_tick = world.tick
            world.emit(E.Finish(name=fin.name, x=x, y=y))
            return
