"""The camera: follows Balto with a smoothed look-ahead, clamped inside the map.

Presentation state only: it reads the World once per tick and interpolates between its
last two tick positions when drawing.
"""
from __future__ import annotations

import math

from game.sim.world import World

LOOK_SECONDS = 0.55   # look this far ahead along the velocity
LOOK_MAX = 90.0       # px, cap of the look-ahead
LOOK_RATE = 0.045     # share of the gap to the target look-ahead closed per tick


class Camera:
    """Top-left corner of the view in world pixels, per tick, with interpolation."""

    def __init__(self, view_w: int, view_h: int, map_w: int, map_h: int) -> None:
        self.view_w, self.view_h = view_w, view_h
        self.map_w, self.map_h = map_w, map_h
        self.look_x = self.look_y = 0.0
        self.x = self.y = 0.0
        self.prev_x = self.prev_y = 0.0

    def _clamp(self, cx: float, cy: float) -> tuple[float, float]:
        """Top-left for a centre, kept inside the map (centred when the map is smaller)."""
        x = cx - self.view_w / 2.0
        y = cy - self.view_h / 2.0
        if self.map_w <= self.view_w:
            x = (self.map_w - self.view_w) / 2.0
        else:
            x = min(max(x, 0.0), self.map_w - self.view_w)
        if self.map_h <= self.view_h:
            y = (self.map_h - self.view_h) / 2.0
        else:
            y = min(max(y, 0.0), self.map_h - self.view_h)
        return x, y

    def snap(self, world: World) -> None:
        """Jump to the team with no look-ahead (start, respawn)."""
        self.look_x = self.look_y = 0.0
        self.x, self.y = self._clamp(world.team.x, world.team.y)
        self.prev_x, self.prev_y = self.x, self.y

    def update_tick(self, world: World) -> None:
        """Move one tick toward Balto plus the look-ahead."""
        t = world.team
        tx, ty = t.vx * LOOK_SECONDS, t.vy * LOOK_SECONDS
        d = math.hypot(tx, ty)
        if d > LOOK_MAX:
            tx, ty = tx * LOOK_MAX / d, ty * LOOK_MAX / d
        self.look_x += (tx - self.look_x) * LOOK_RATE
        self.look_y += (ty - self.look_y) * LOOK_RATE
        self.prev_x, self.prev_y = self.x, self.y
        self.x, self.y = self._clamp(t.x + self.look_x, t.y + self.look_y)

    def offset(self, alpha: float) -> tuple[int, int]:
        """Interpolated top-left of the view in whole pixels."""
        x = self.prev_x + (self.x - self.prev_x) * alpha
        y = self.prev_y + (self.y - self.prev_y) * alpha
        return int(round(x)), int(round(y))
