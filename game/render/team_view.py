"""The team view: the gangline, the dog pairs, the sled and Balto, drawn every frame.

Owned by the world view (game.render.world_view), which calls it at the team's place in its
drawing order, and by the ghost view through it. It keeps the presentation state of the team
(the run cycle's phase, each pair's lean) and reads the World only. Also the interpolation of
the gangline between ticks, which the world view and the ghost view share.
"""
from __future__ import annotations

import math
from math import atan2, cos, sin

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.render.sprites import ANGLES, TWO_PI, SpriteSheet, dog_coats, heading_step
from game.render.team_lean import LEFT, RIGHT, STRAIGHT, TeamLean
from game.sim.world import DT, PAIR_HALF_WIDTH, World

STRIDE_PX = 9.0  # px of travel per run-cycle frame
KEY = (255, 0, 255)  # the colour key of the shadow and trace surfaces
Turned = tuple[pygame.Surface, float, float]  # a rotated frame and where its anchor sits (SpriteSheet.rotated)
Trace = tuple[pygame.Surface, int, int]  # a trace's surface and its offset from the node


def lerp_nodes(world: World, alpha: float) -> np.ndarray:
    """The gangline nodes between the last two ticks."""
    return world.prev_nodes + (world.nodes - world.prev_nodes) * alpha


def lerp_points(world: World, alpha: float, cam: tuple[float, float] = (0, 0),
                count: int | None = None) -> list[tuple[float, float]]:
    """`lerp_nodes` less `cam`, the first `count` nodes (all by default) as Python floats:
    the same numbers (the same float64 operations in the same order), without numpy's
    per-call cost on a handful of points."""
    prev = world.prev_nodes.ravel().tolist()  # flat (x0, y0, x1, ...): cheaper than rows
    now = world.nodes.ravel().tolist()
    cx, cy = float(cam[0]), float(cam[1])
    p = iter(prev if count is None else prev[:2 * count])
    q = iter(now)
    return [((px + (qx - px) * alpha) - cx, (py + (qy - py) * alpha) - cy)
            for px, py, qx, qy in zip(p, p, q, q)]


def lerp_angle(a: float, b: float, alpha: float) -> float:
    """Shortest-way interpolation between two headings."""
    d = (b - a + math.pi) % (2 * math.pi) - math.pi
    return a + d * alpha


def heading_to(fx: float, fy: float, tx: float, ty: float) -> float:
    """Heading (0 = up, clockwise) from (fx, fy) toward (tx, ty)."""
    return math.atan2(tx - fx, -(ty - fy))


class TeamView:
    """Draws one World's team; keeps its run cycle and each dog pair's lean."""

    def __init__(self, sprites: SpriteSheet) -> None:
        self.sprites = sprites
        self.coats = dog_coats(sprites)  # (run, hurt, turn left, turn right) per pair
        self.lean = TeamLean()  # each dog pair's turn frames, from the gangline's bend
        self.run_phase = 0.0
        self._node_shadow: pygame.Surface | None = None
        self._sled = sprites.first("sled", "sled_0")
        self._balto_hurt = sprites.first("balto_hurt", "balto")
        self._blinks = not sprites.has("balto_hurt")  # no hurt frame: Balto blinks instead
        self._balto_turn = tuple(n if sprites.has(n) else "balto" for n in ("balto_turn_left", "balto_turn_right"))
        self._turned: dict[str, list[list[Turned | None]]] = {}  # see _turns
        self._traces: dict[tuple[int, int], Trace] = {}  # see _trace

    def sprite_names(self) -> set[str]:
        """Every sprite the team may draw (to build their rotations before a run)."""
        names = {"balto", self._balto_hurt, self._sled, *self._balto_turn}
        names.update(n for pair in self.coats for n in pair)
        return names

    def reset(self) -> None:
        """Start of a run: the run cycle from its first frame, every pair running straight."""
        self.run_phase = 0.0
        self.lean.reset()

    def update_tick(self, world: World) -> None:
        """Follow one world tick: the leans and the run cycle."""
        self.lean.update(world.nodes)
        self.run_phase += world.team.speed * DT / STRIDE_PX

    def shadow(self) -> pygame.Surface:
        """The shadow under each gangline node: the ellipse pygame.draw.ellipse fills in an
        11x6 box, drawn once (colour-keyed, so a blit writes exactly its pixels)."""
        if self._node_shadow is None:
            s = pygame.Surface((11, 6))
            s.fill(KEY)
            pygame.draw.ellipse(s, P["snow_shadow"], (0, 0, 11, 6))
            s.set_colorkey(KEY)
            self._node_shadow = s
        return self._node_shadow

    def _turns(self, name: str) -> list[list[Turned | None]]:
        """Per frame of `name`, per heading step: its rotation (filled from the sprite sheet on
        first use), so a frame's dogs cost a list lookup each, not a call."""
        table = self._turned.get(name)
        if table is None:
            frames = len(self.sprites.anim(name).frames)
            table = self._turned[name] = [[None] * ANGLES for _ in range(frames)]
        return table

    def _sprite(self, name: str, index: int, step: int) -> Turned:
        """Frame `index` of `name` at heading step `step`, as SpriteSheet.rotated gives it."""
        row = self._turns(name)
        row_i = row[index % len(row)]
        hit = row_i[step]
        if hit is None:
            hit = row_i[step] = self.sprites.rotated(name, index, step * TWO_PI / ANGLES)
        return hit

    def _trace(self, dx: int, dy: int) -> Trace:
        """The trace from a pair's node to one dog, `dx`, `dy` px away: pygame.draw.line from
        (0, 0) to (dx, dy), one px wide, drawn once onto a colour-keyed surface, and where that
        surface goes from the node. Blitted, it writes the same pixels (clipped the same)."""
        hit = self._traces.get((dx, dy))
        if hit is None:
            ox, oy = min(0, dx), min(0, dy)
            surf = pygame.Surface((abs(dx) + 1, abs(dy) + 1))
            surf.fill(KEY)
            pygame.draw.line(surf, P["tan"], (-ox, -oy), (dx - ox, dy - oy))
            surf.set_colorkey(KEY)
            hit = self._traces[(dx, dy)] = (surf, ox, oy)
        return hit

    def draw(self, surface: pygame.Surface, world: World, alpha: float, cam: tuple[int, int],
             ticks: int, pts: list[tuple[float, float]] | None = None) -> None:
        """The team; `ticks` are the world view's (the hurt blink), `pts` the gangline's nodes
        on screen when the caller has them. The sled, the dogs with their traces and Balto go
        in one fblits, in their drawing order (a trace is a blit too; see _trace)."""
        team = world.team
        if pts is None:
            pts = lerp_points(world, alpha, cam)
        hurt = team.stun > 0
        # Shadows under everything first, so the rope and dogs sit on the snow.
        shadow = self.shadow()
        surface.fblits([(shadow, (int(x) - 5, int(y) - 2)) for x, y in pts])
        # The gangline: shadow then rope.
        line = [(round(x), round(y)) for x, y in pts]  # a float's round() is already an int
        pygame.draw.lines(surface, P["ink"], False, [(x + 1, y + 1) for x, y in line], 1)
        pygame.draw.lines(surface, P["tan"], False, line, 1)
        # Sled at the last node, facing the node ahead of it.
        sx, sy = pts[-1]
        ax, ay = pts[-2]
        h = atan2(ax - sx, -(ay - sy))  # heading_to
        surf, ox, oy = self._sprite(self._sled, int(self.run_phase * 0.5), heading_step(h))
        blits = [(surf, (round(sx - ox), round(sy - oy)))]
        add = blits.append
        # Dogs: pairs at nodes 1..n-2, each PAIR_HALF_WIDTH left/right of the line: a trace
        # from the node, the dog, the other trace, the other dog.
        phase = self.run_phase if team.speed > 4.0 else 0.0
        coats = self.coats
        leans = self.lean.leans
        traces = self._traces
        turned = self._turned
        n_coats, n_leans = len(coats), len(leans)
        for i in range(len(pts) - 2, 0, -1):
            x, y = ax, ay
            ax, ay = pts[i - 1]
            h = atan2(ax - x, -(ay - y))  # heading_to
            wx, wy = cos(h) * PAIR_HALF_WIDTH, sin(h) * PAIR_HALF_WIDTH  # to the right, screen space
            run, hurt_name, left, right = coats[(i - 1) % n_coats]
            lean = leans[i - 1] if i <= n_leans else STRAIGHT
            name = hurt_name if hurt else left if lean == LEFT else right if lean == RIGHT else run
            table = turned.get(name) or self._turns(name)
            step = heading_step(h)
            ix, iy = int(x), int(y)
            # Written out for both dogs: the same floats as x + cos(h) * PAIR_HALF_WIDTH * side.
            dx, dy = x - wx, y - wy
            tx, ty = int(dx) - ix, int(dy) - iy
            surf, ox, oy = traces.get((tx, ty)) or self._trace(tx, ty)
            add((surf, (ix + ox, iy + oy)))
            index = int(phase + i)
            surf, ox, oy = table[index % len(table)][step] or self._sprite(name, index, step)
            add((surf, (round(dx - ox), round(dy - oy))))
            dx, dy = x + wx, y + wy
            tx, ty = int(dx) - ix, int(dy) - iy
            surf, ox, oy = traces.get((tx, ty)) or self._trace(tx, ty)
            add((surf, (ix + ox, iy + oy)))
            index = int(phase + 2 + i)
            surf, ox, oy = table[index % len(table)][step] or self._sprite(name, index, step)
            add((surf, (round(dx - ox), round(dy - oy))))
        # Balto at node 0.
        bx, by = pts[0]
        bh = lerp_angle(world.prev_heading, team.heading, alpha)
        name = self._balto_hurt if hurt else "balto"
        if not hurt and abs(team.steer) > 0.3:  # leaning into the turn
            name = self._balto_turn[team.steer > 0]
        if not (hurt and (ticks // 4) % 2 and self._blinks):
            surf, ox, oy = self._sprite(name, int(phase), heading_step(bh))
            add((surf, (round(bx - ox), round(by - oy))))
        surface.fblits(blits)
