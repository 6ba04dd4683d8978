"""The camera: follows Balto and leads along the team's motion, clamped inside the map.

At speed most of the screen lies ahead: the look-ahead grows with the velocity up to an
ellipse whose half-axes put Balto a third of the view from the trailing edge. Below a walking
pace it fades to nothing, so a stopped or creeping team sits still in the middle (no jitter).
Presentation state only: it reads the World once per tick and interpolates between its last
two tick positions when drawing.
"""
from __future__ import annotations

import math

from game.sim.world import World

LOOK_SECONDS = 1.15   # look this far ahead along the velocity
LEAD_SHARE = 1 / 6    # the most the view leads, as a share of its size (centre 1/2 -> 1/3)
CALM_SPEED = 12.0     # px/s: below this the camera does not lead at all
FULL_SPEED = 45.0     # px/s: from here the lead is the whole velocity times LOOK_SECONDS
LOOK_RATE = 0.035     # share of the gap to the target look-ahead closed per tick


def _ease(speed: float) -> float:
    """0 below CALM_SPEED, 1 above FULL_SPEED, a smoothstep between (no kink, no jitter)."""
    u = min(max((speed - CALM_SPEED) / (FULL_SPEED - CALM_SPEED), 0.0), 1.0)
    return u * u * (3.0 - 2.0 * u)


class Camera:
    """Top-left corner of the view in world pixels, per tick, with interpolation."""

    def __init__(self, view_w: int, view_h: int, map_w: int, map_h: int) -> None:
        self.view_w, self.view_h = view_w, view_h
        self.map_w, self.map_h = map_w, map_h
        self.lead_w, self.lead_h = view_w * LEAD_SHARE, view_h * LEAD_SHARE
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

    def target_lead(self, vx: float, vy: float) -> tuple[float, float]:
        """Where the view centre should sit relative to Balto for a velocity: along it, inside
        the lead ellipse (so Balto stays at least a third of the view from any edge)."""
        speed = math.hypot(vx, vy)
        k = LOOK_SECONDS * _ease(speed)
        tx, ty = vx * k, vy * k
        r = math.hypot(tx / self.lead_w, ty / self.lead_h)
        if r > 1.0:
            tx, ty = tx / r, ty / r
        return tx, ty

    def snap(self, world: World) -> None:
        """Jump to the team with no look-ahead (start, respawn)."""
        self.look_x = self.look_y = 0.0
        self.x, self.y = self._clamp(world.team.x, world.team.y)
        self.prev_x, self.prev_y = self.x, self.y

    def update_tick(self, world: World) -> None:
        """Move one tick toward Balto plus the look-ahead."""
        t = world.team
        tx, ty = self.target_lead(t.vx, t.vy)
        self.look_x += (tx - self.look_x) * LOOK_RATE
        self.look_y += (ty - self.look_y) * LOOK_RATE
        self.prev_x, self.prev_y = self.x, self.y
        self.x, self.y = self._clamp(t.x + self.look_x, t.y + self.look_y)

    def offset(self, alpha: float) -> tuple[int, int]:
        """Interpolated top-left of the view in whole pixels."""
        x = self.prev_x + (self.x - self.prev_x) * alpha
        y = self.prev_y + (self.y - self.prev_y) * alpha
        return int(round(x)), int(round(y))
