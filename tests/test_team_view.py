"""The team drawn in one batch of blits shows a player exactly what drawing it piece by piece
showed: every trace a pygame line, every dog, the sled and Balto a SpriteSheet.draw, in the
same order, on an opaque frame, a clipped one and a ghost's transparent layer."""
import math

import pygame
import pytest

from game import resources
from game.render.palette import PALETTE as P
from game.render.sprites import ANGLES, SpriteSheet
from game.render.team_lean import LEFT, RIGHT
from game.render.team_view import TeamView, heading_to, lerp_angle, lerp_points
from game.render.world_view import WorldView
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.sim.world import PAIR_HALF_WIDTH, World
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


def _pixels(s: pygame.Surface) -> bytes:
    return pygame.image.tobytes(s, "RGBA")


def _team_piece_by_piece(tv: TeamView, surface: pygame.Surface, world: World, alpha: float,
                         cam: tuple[int, int], ticks: int) -> None:
    """The team as it was drawn before the batch: a call per line and per sprite."""
    sp, team = tv.sprites, world.team
    pts = lerp_points(world, alpha, cam)
    hurt = team.stun > 0
    shadow = tv.shadow()
    for x, y in pts:
        surface.blit(shadow, (int(x) - 5, int(y) - 2))
    line = [(int(round(x)), int(round(y))) for x, y in pts]
    pygame.draw.lines(surface, P["ink"], False, [(x + 1, y + 1) for x, y in line], 1)
    pygame.draw.lines(surface, P["tan"], False, line, 1)
    sx, sy = pts[-1]
    sp.draw(surface, sp.first("sled", "sled_0"), sx, sy, heading=heading_to(sx, sy, *pts[-2]),
            index=int(tv.run_phase * 0.5))
    phase = tv.run_phase if team.speed > 4.0 else 0.0
    for i in range(len(pts) - 2, 0, -1):
        x, y = pts[i]
        h = heading_to(x, y, *pts[i - 1])
        rx, ry = math.cos(h), math.sin(h)
        run, hurt_name, left, right = tv.coats[(i - 1) % len(tv.coats)]
        lean = tv.lean.at(i)
        name = hurt_name if hurt else left if lean == LEFT else right if lean == RIGHT else run
        for side in (-1, 1):
            dx, dy = x + rx * PAIR_HALF_WIDTH * side, y + ry * PAIR_HALF_WIDTH * side
            pygame.draw.line(surface, P["tan"], (int(x), int(y)), (int(dx), int(dy)))
            sp.draw(surface, name, dx, dy, heading=h, index=int(phase + (0 if side < 0 else 2) + i))
    bx, by = pts[0]
    name = sp.first("balto_hurt", "balto") if hurt else "balto"
    if not hurt and abs(team.steer) > 0.3:
        turn = "balto_turn_left" if team.steer < 0 else "balto_turn_right"
        name = turn if sp.has(turn) else name
    if not (hurt and (ticks // 4) % 2 and not sp.has("balto_hurt")):
        sp.draw(surface, name, bx, by, heading=lerp_angle(world.prev_heading, team.heading, alpha),
                index=int(phase))


class _Recording(pygame.Surface):
    """A frame that keeps every surface batched onto it (the team's sprites go in one fblits)."""

    def __init__(self) -> None:
        super().__init__((640, 360))
        self.blitted: list[pygame.Surface] = []

    def fblits(self, blit_sequence, *args):
        seq = list(blit_sequence)
        self.blitted.extend(surf for surf, _ in seq)
        return super().fblits(seq, *args)


def drawn_sprites(view: WorldView, world: World, alpha: float = 0.0) -> list[str]:
    """The names of the team's sprites drawn in one frame of `view`, in order (known by their
    turned surfaces: the team's blits are batched, not a call per sprite)."""
    sp = view.sprites
    names = {}
    for name in view.team_view.sprite_names():
        for i in range(len(sp.anim(name).frames)):
            for k in range(ANGLES):
                names[id(sp.rotated(name, i, k * 2 * math.pi / ANGLES)[0])] = name
    frame = _Recording()
    view.draw(frame, world, alpha, snow=False)
    return [names[id(s)] for s in frame.blitted if id(s) in names]


def test_a_trace_is_the_line_it_stands_for():
    tv = TeamView(SpriteSheet("/nonexistent"))
    opaque = pygame.Surface((40, 30), 0, 32)
    clear = pygame.Surface((40, 30), pygame.SRCALPHA)
    for surface in (opaque, clear):
        for dx in range(-7, 8):
            for dy in range(-7, 8):
                for x, y, clip in ((20, 15, None), (1, 2, None), (38, 28, None), (-3, 29, None),
                                   (20, 15, (18, 10, 5, 9))):
                    ours, ref = surface.copy(), surface.copy()
                    for s in (ours, ref):
                        s.fill((9, 40, 9, 0))
                        s.set_clip(clip)
                    trace, ox, oy = tv._trace(dx, dy)
                    ours.blit(trace, (x + ox, y + oy))
                    pygame.draw.line(ref, P["tan"], (x, y), (x + dx, y + dy))
                    assert _pixels(ours) == _pixels(ref), (dx, dy, x, y, clip)


@pytest.mark.parametrize("fallback", [False, True])
def test_the_team_shows_what_drawing_it_piece_by_piece_shows(assets, fallback):
    """Over a run: turning pairs, a hurt team now and then (Balto blinking without a hurt
    frame, on the drawn stand-in sprites), every interpolation step."""
    sprites = SpriteSheet("/nonexistent") if fallback else assets.sprites
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")
    world = create_world(level, 3)
    view = WorldView(level, sprites, seed=1)
    view.reset(world)
    tv = view.team_view
    backdrop = pygame.Surface((640, 360), 0, 32)
    backdrop.fill((200, 210, 220))
    ghost = pygame.Surface((160, 120), pygame.SRCALPHA)
    compared = 0
    for i in range(400):
        step(world, autopilot(world))
        view.update_tick(world, list(world.events))
        if i % 3:
            continue
        alpha = (0.0, 0.25, 0.5, 0.75)[i % 4]
        stun = world.team.stun
        if i % 21 == 0:
            world.team.stun = 1.0  # drawn hurt, then put back
        cam = view.cam(alpha)
        bx, by = lerp_points(world, alpha, cam, 1)[0]
        gcam = (int(bx + cam[0]) - 80, int(by + cam[1]) - 60)
        for surface, at, clip in ((backdrop, cam, None), (backdrop, cam, (250, 120, 140, 90)),
                                  (ghost, gcam, None)):
            ours, ref = surface.copy(), surface.copy()
            for s in (ours, ref):
                s.set_clip(clip)
            tv.draw(ours, world, alpha, at, view.ticks)
            _team_piece_by_piece(tv, ref, world, alpha, at, view.ticks)
            assert _pixels(ours) == _pixels(ref), (i, clip)
            compared += 1
        world.team.stun = stun
    assert compared > 300
