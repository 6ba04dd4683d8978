"""The team view: the gangline, the dog pairs, the sled and Balto, drawn every frame.

Owned by the world view (game.render.world_view), which calls it at the team's place in its
drawing order, and by the ghost view through it. It keeps the presentation state of the team
(the run cycle's phase, each pair's lean) and reads the World only. Also the interpolation of
the gangline between ticks, which the world view and the ghost view share.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from game.render.palette import PALETTE as P
from game.render.sprites import ANGLES, TWO_PI, SpriteSheet, dog_coats
from game.render.team_lean import LEFT, RIGHT, STRAIGHT, TeamLean
from game.sim.world import DT, PAIR_HALF_WIDTH, World

STRIDE_PX = 9.0  # px of travel per run-cycle frame
KEY = (255, 0, 255)  # the colour key of the shadow and trace surfaces
Turned = tuple[pygame.Surface, float, float]  # a rotated frame and where its anchor sits (SpriteSheet.rotated)
Blit = tuple[pygame.Surface, tuple[int, int]]


def lerp_nodes(world: World, alpha: float) -> np.ndarray:
    """The gangline nodes between the last two ticks."""
    return world.prev_nodes + (world.nodes - world.prev_nodes) * alpha


def lerp_points(world: World, alpha: float, cam: tuple[float, float] = (0, 0),
                count: int | None = None) -> list[tuple[float, float]]:
    """`lerp_nodes` less `cam`, the first `count` nodes (all by default) as Python floats:
    the same numbers (the same float64 operations in the same order), without numpy's
    per-call cost on a handful of points."""
    prev = world.prev_nodes[:count].tolist()
    now = world.nodes[:count].tolist()
    cx, cy = float(cam[0]), float(cam[1])
    return [((px + (qx - px) * alpha) - cx, (py + (qy - py) * alpha) - cy)
            for (px, py), (qx, qy) in zip(prev, now)]


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
        self._turned: dict[str, list[list[Turned | None]]] = {}  # see _turns
        self._lines: dict[tuple[tuple[int, int, int], int, int], pygame.Surface] = {}  # see _line

    def sprite_names(self) -> set[str]:
        """Every sprite the team may draw (to build their rotations before a run)."""
        sp = self.sprites
        names = {"balto", sp.first("balto_hurt", "balto"), self._sled}
        names.update(n for n in ("balto_turn_left", "balto_turn_right") if sp.has(n))
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

    def _line(self, colour: tuple[int, int, int], x0: int, y0: int, x1: int, y1: int) -> Blit:
        """pygame.draw.line from (x0, y0) to (x1, y1), one px wide, as a blit: the line drawn
        once per offset onto a colour-keyed surface (the same pixels; clipped the same)."""
        key = (colour, x1 - x0, y1 - y0)
        surf = self._lines.get(key)
        ox, oy = min(x0, x1), min(y0, y1)
        if surf is None:
            w, h = abs(x1 - x0) + 1, abs(y1 - y0) + 1
            surf = pygame.Surface((w, h))
            surf.fill(KEY)
            pygame.draw.line(surf, colour, (x0 - ox, y0 - oy), (x1 - ox, y1 - oy))
            surf.set_colorkey(KEY)
            self._lines[key] = surf
        return surf, (ox, oy)

    def draw(self, surface: pygame.Surface, world: World, alpha: float, cam: tuple[int, int],
             ticks: int, pts: list[tuple[float, float]] | None = None) -> None:
        """The team; `ticks` are the world view's (the hurt blink), `pts` the gangline's nodes
        on screen when the caller has them. Everything is one fblits, in the drawing order:
        node shadows, the gangline's shadow and rope, the sled, each pair's traces and dogs
        from the back, Balto."""
        sp = self.sprites
        team = world.team
        if pts is None:
            pts = lerp_points(world, alpha, cam)
        hurt = team.stun > 0
        line_to = self._line
        # Shadows under everything first, so the rope and dogs sit on the snow.
        shadow = self.shadow()
        blits = [(shadow, (int(x) - 5, int(y) - 2)) for x, y in pts]
        # The gangline: shadow then rope.
        line = [(int(round(x)), int(round(y))) for x, y in pts]
        ink, tan = P["ink"], P["tan"]
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            blits.append(line_to(ink, x0 + 1, y0 + 1, x1 + 1, y1 + 1))
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            blits.append(line_to(tan, x0, y0, x1, y1))
        # Sled at the last node, facing the node ahead of it.
        sx, sy = pts[-1]
        sh = heading_to(sx, sy, *pts[-2])
        surf, ox, oy = self._sprite(self._sled, int(self.run_phase * 0.5), int(round(sh / TWO_PI * ANGLES)) % ANGLES)
        blits.append((surf, (round(sx - ox), round(sy - oy))))
        # Dogs: pairs at nodes 1..n-2, each PAIR_HALF_WIDTH left/right of the line.
        phase = self.run_phase if team.speed > 4.0 else 0.0
        coats = self.coats
        leans = self.lean.leans
        turns = self._turns
        for i in range(len(pts) - 2, 0, -1):
            x, y = pts[i]
            ax, ay = pts[i - 1]
            h = heading_to(x, y, ax, ay)
            rx, ry = math.cos(h), math.sin(h)  # right of the heading, screen space
            run, hurt_name, left, right = coats[(i - 1) % len(coats)]
            lean = leans[i - 1] if i <= len(leans) else STRAIGHT
            name = hurt_name if hurt else left if lean == LEFT else right if lean == RIGHT else run
            table = turns(name)
            step = int(round(h / TWO_PI * ANGLES)) % ANGLES
            ix, iy = int(x), int(y)
            for side in (-1, 1):
                dx, dy = x + rx * PAIR_HALF_WIDTH * side, y + ry * PAIR_HALF_WIDTH * side
                blits.append(line_to(tan, ix, iy, int(dx), int(dy)))
                index = int(phase + (0 if side < 0 else 2) + i)
                hit = table[index % len(table)][step]
                if hit is None:
                    hit = self._sprite(name, index, step)
                surf, ox, oy = hit
                blits.append((surf, (round(dx - ox), round(dy - oy))))
        # Balto at node 0.
        bx, by = pts[0]
        bh = lerp_angle(world.prev_heading, team.heading, alpha)
        name = sp.first("balto_hurt", "balto") if hurt else "balto"
        if not hurt and abs(team.steer) > 0.3:  # leaning into the turn
            turn = "balto_turn_left" if team.steer < 0 else "balto_turn_right"
            name = turn if sp.has(turn) else name
        if not (hurt and (ticks // 4) % 2 and not sp.has("balto_hurt")):
            surf, ox, oy = self._sprite(name, int(phase), int(round(bh / TWO_PI * ANGLES)) % ANGLES)
            blits.append((surf, (round(bx - ox), round(by - oy))))
        surface.fblits(blits)
