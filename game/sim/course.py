"""The course: checkpoints (new respawn points) and the finish."""
from __future__ import annotations

import math

from game.sim import events as E
from game.sim.controls import Controls
from game.sim.core import Core, Respawn
from game.sim.leveldata import Level, MapObject

Rect = tuple[float, float, float, float, int, MapObject]  # left, right, top, bottom, index, object


def course_rects(level: Level) -> tuple[Level, tuple[Rect, ...], tuple[Rect, ...]]:
    """The level's checkpoint and finish rectangles with their edges worked out once (the
    tick tests them every time), for `Core.course_cache`."""
    def rects(kind: str) -> tuple[Rect, ...]:
        return tuple((o.x, o.x + o.width, o.y, o.y + o.height, i, o)
                     for i, o in enumerate(level.objects.get(kind, ())))
    return level, rects("checkpoint"), rects("finish")


def course_system(world: Core, c: Controls) -> None:
    """Reaching a checkpoint moves the respawn point there; reaching a finish ends the run."""
    t = world.team
    x, y = t.x, t.y
    cache = world.course_cache
    if cache[0] is not world.level:
        cache = world.course_cache = course_rects(world.level)
    for x0, x1, y0, y1, i, cp in cache[1]:
        # MapObject.contains, inlined: this runs every tick
        if x0 <= x < x1 and y0 <= y < y1 and i not in world.checkpoints_reached:
            world.checkpoints_reached.append(i)
            heading = cp.properties.get("heading")
            h = math.radians(float(heading)) if heading is not None else t.heading
            cx, cy = cp.center
            world.respawn = Respawn(cx, cy, h, cp.name or f"checkpoint {i + 1}")
            world.emit(E.Checkpoint(name=world.respawn.name, x=cx, y=cy))
    if world.outcome:
        return
    for x0, x1, y0, y1, _, fin in cache[2]:
        if x0 <= x < x1 and y0 <= y < y1:
            world.outcome = "finished"
            world.finish_tick = world.tick
            world.emit(E.Finish(name=fin.name, x=x, y=y))
            return
