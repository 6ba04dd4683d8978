"""A readable warning before a fall edge: when the team is heading for open water or a cliff
within about a second at its speed, the edge cells ahead are outlined and a plate says what
is there ("OPEN WATER AHEAD", "CLIFF EDGE AHEAD").

It reads the World's terrain grid along the way the team is actually moving (its last tick's
motion, so a slide on ice or a push of the wind counts) and decides nothing about the rules.
A few dozen grid look-ups a tick.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.render import Text
from game.render.palette import PALETTE as P
from game.sim import terrain as T
from game.sim.world import TICK_HZ, World

WARN_SECONDS = 1.2  # look this long ahead at the team's speed (the plate shows >= 1 s early)
MIN_LOOK = 40.0     # px: a slow team still sees the next couple of tiles
MAX_LOOK = 240.0    # px
MIN_SPEED = 12.0    # px/s: a team standing still (or creeping) is not warned
STEP = 6.0          # px between samples along a ray
SIDE = 5.0          # px: the two side rays, left and right of Balto (the team's width)
HOLD = 18           # ticks the warning stays after the edge leaves the rays (no flicker)
FADE = 8            # ticks to fade the plate in
EDGE_REACH = 3      # cells around the first hit searched for edge cells to outline

Side = tuple[int, int, int, int]  # a fall cell (x, y) and the step (dx, dy) to the ground it borders
WORDS = {"water": "OPEN WATER AHEAD", "cliff": "CLIFF EDGE AHEAD"}


@dataclass(frozen=True, slots=True)
class EdgeAhead:
    """A fall edge in the team's way: its cause, how far (px) and how soon (s), and the sides
    of the fall cells along the edge there that face the team (see `Side`)."""

    cause: str
    distance: float
    seconds: float
    sides: tuple[Side, ...]


def _motion(world: World) -> tuple[float, float]:
    """The team's motion over its last tick, px/s (zero just after a respawn)."""
    n, p = world.nodes[0], world.prev_nodes[0]
    return float(n[0] - p[0]) * TICK_HZ, float(n[1] - p[1]) * TICK_HZ


def _edge_cells(world: World, cx: int, cy: int, ux: float, uy: float) -> tuple[Side, ...]:
    """The sides of fall cells near (cx, cy) that face the team's way in: each is a fall cell
    and the step (dx, dy) to the open ground beside it, against the motion (ux, uy)."""
    lvl = world.level
    grid = world.grid
    out = []
    for y in range(max(0, cy - EDGE_REACH), min(lvl.height, cy + EDGE_REACH + 1)):
        for x in range(max(0, cx - EDGE_REACH), min(lvl.width, cx + EDGE_REACH + 1)):
            if not T.FALL[grid[y][x]]:
                continue
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                nx, ny = x + dx, y + dy
                if (dx * ux + dy * uy < -0.2 and 0 <= nx < lvl.width and 0 <= ny < lvl.height
                        and not T.BLOCKED_MASK[grid[ny][nx]]):
                    out.append((x, y, dx, dy))
    return tuple(out)


def edge_ahead(world: World) -> EdgeAhead | None:
    """The first water or cliff the team would run into if it kept going straight, when it is
    within WARN_SECONDS (at least MIN_LOOK px); None when the way is clear or blocked first by
    something solid, or the team is (nearly) stopped."""
    vx, vy = _motion(world)
    speed = math.hypot(vx, vy)
    if speed < MIN_SPEED or world.outcome:
        return None
    ux, uy = vx / speed, vy / speed
    look = min(max(speed * WARN_SECONDS, MIN_LOOK), MAX_LOOK)
    x0, y0 = float(world.nodes[0][0]), float(world.nodes[0][1])
    if T.FALL[world.terrain_at(x0, y0)]:
        return None  # already going in: the fall itself says so
    ts = world.level.tile_size
    rays = [0.0, -SIDE, SIDE]
    d = STEP
    while d <= look and rays:
        for off in list(rays):
            x, y = x0 + ux * d - uy * off, y0 + uy * d + ux * off
            code = world.terrain_at(x, y)
            cause = T.FALL[code]
            if cause:
                cx, cy = int(x // ts), int(y // ts)
                return EdgeAhead(cause, d, d / speed, _edge_cells(world, cx, cy, ux, uy))
            if T.SOLID[code]:
                rays.remove(off)  # this ray hits a tree or a rock first
        d += STEP
    return None


class FallWarning:
    """The warning's state between ticks (hold and fade) and its drawing: outlined edge cells
    in the world and a pulsing plate on the screen."""

    def __init__(self) -> None:
        self.edge: EdgeAhead | None = None
        self.shown = 0  # ticks the plate has been up
        self.hold = 0   # ticks left to keep showing a warning whose edge left the rays
        self.ticks = 0

    @property
    def active(self) -> bool:
        return self.edge is not None

    def reset(self) -> None:
        self.edge, self.shown, self.hold = None, 0, 0

    def update_tick(self, world: World) -> None:
        """Look ahead once this tick."""
        self.ticks += 1
        edge = edge_ahead(world)
        if edge is not None:
            self.edge, self.hold = edge, HOLD
        elif self.hold > 0 and not world.outcome and world.team.stun == 0:
            self.hold -= 1
        else:
            self.edge, self.hold = None, 0
        self.shown = self.shown + 1 if self.edge is not None else 0

    def _pulse(self, reduced_motion: bool) -> float:
        """0..1, about twice a second; steady with reduced motion."""
        if reduced_motion:
            return 1.0
        return 0.5 + 0.5 * math.sin(self.ticks * 2 * math.pi / 30.0)

    def draw_cells(self, surface: pygame.Surface, world: World, cam: tuple[int, int],
                   reduced_motion: bool = False) -> None:
        """Mark the edge ahead: a bold line along each side of a fall cell facing the team
        (world space, under the HUD)."""
        if self.edge is None:
            return
        ts = world.level.tile_size
        col = P["danger"] if self._pulse(reduced_motion) > 0.35 else P["gold"]
        for x, y, dx, dy in self.edge.sides:
            left, top = x * ts - cam[0], y * ts - cam[1]
            if dx:  # a vertical side: the left (dx < 0) or right one
                r = pygame.Rect(left + (ts - 3 if dx > 0 else 0), top, 3, ts)
            else:
                r = pygame.Rect(left, top + (ts - 3 if dy > 0 else 0), ts, 3)
            surface.fill(P["ink"], r.inflate(2, 2))
            surface.fill(col, r)

    def draw_plate(self, surface: pygame.Surface, world: World, cam: tuple[int, int], text: Text,
                   reduced_motion: bool = False) -> None:
        """The plate: big words on a dark panel with a warning triangle, on the half of the
        screen away from the edge (so it never covers the danger)."""
        if self.edge is None:
            return
        words = WORDS.get(self.edge.cause, "DANGER AHEAD")
        w, h = surface.get_size()
        tw, th = text.size(words, 2)
        box = pygame.Rect(0, 0, tw + 40, th + 12)
        ts = world.level.tile_size
        sides = self.edge.sides
        edge_y = (sum(y for _, y, _, _ in sides) / len(sides) * ts + ts / 2 - cam[1]) if sides else h / 2
        box.center = (w // 2, int(h * 0.72) if edge_y < h / 2 else int(h * 0.22))
        fade = min(1.0, self.shown / FADE) if not reduced_motion else 1.0
        pulse = self._pulse(reduced_motion)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], int(215 * fade)))
        surface.blit(plate, box.topleft)
        border = P["danger"] if pulse > 0.35 else P["gold"]
        pygame.draw.rect(surface, border, box, 2)
        # A warning triangle with "!" (a shape as well as a colour).
        tx, ty = box.left + 14, box.centery
        tri = [(tx, ty - 7), (tx - 8, ty + 6), (tx + 8, ty + 6)]
        pygame.draw.polygon(surface, P["gold"], tri)
        pygame.draw.polygon(surface, P["ink"], tri, 1)
        surface.fill(P["ink"], (tx - 1, ty - 3, 2, 5))
        surface.fill(P["ink"], (tx - 1, ty + 3, 2, 2))
        text.draw(surface, words, (box.left + 28, box.top + 6), P["snow_white"], 2)
