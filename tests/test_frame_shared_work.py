"""Work the frame now does once and shares shows a player exactly what doing it each time
showed: the gangline's nodes (Balto, the team and the guides' fade over the fog), the clock
on the HUD's bar, and the leg's title under the fog."""
import math
import random

import numpy as np
import pygame
import pytest

from game import resources
from game.render.hud import Clock, Hud, clock_text
from game.render.palette import PALETTE as P
from game.render.team_view import lerp_points
from game.render.world_view import _guide_fade
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


def _old_fade(world, alpha: float):
    """The guides' fade as it was made: Balto's node interpolated on its own."""
    bx, by = lerp_points(world, alpha, count=1)[0]
    g = max(1.0, world.weather.guide_visibility)
    return lambda x, y: (1.0 if math.hypot(x - bx, y - by) <= 0.8 * g
                         else max(0.0, (g - math.hypot(x - bx, y - by)) / (0.2 * g)))


def test_the_shared_nodes_are_the_ones_each_part_computed():
    world = create_world(load_level(resources.LEVELS / "02_tolovana_manley.tmx"), 4)
    rng = np.random.default_rng(7)
    for i in range(300):
        step(world, autopilot(world))
        alpha = float(rng.uniform(0.0, 1.0)) if i % 3 else (0.0, 0.25, 0.5, 0.75)[i % 4]
        cam = (int(rng.integers(-50, 4000)), int(rng.integers(-50, 3000)))
        nodes = lerp_points(world, alpha)
        shared = [(x - float(cam[0]), y - float(cam[1])) for x, y in nodes]
        assert shared == lerp_points(world, alpha, cam)  # the team's points, bit for bit
        assert shared[0] == lerp_points(world, alpha, cam, 1)[0]  # Balto's
        new, old = _guide_fade(nodes[0], world.weather.guide_visibility), _old_fade(world, alpha)
        for x, y in rng.uniform(-400, 400, (8, 2)) + np.array(nodes[0]):
            assert new(float(x), float(y)) == old(float(x), float(y))


def test_the_clock_reads_as_clock_text():
    clock = Clock()
    running = [(tick + a) / 60 for tick in range(0, 60 * 150) for a in (0.0, 0.25, 0.5, 0.75)]
    ties = [k / 10 + 0.05 + d for k in range(1300) for d in (-1e-12, -1e-15, 0.0, 1e-15, 1e-12)]
    minutes = [60 * k + d for k in range(100) for d in (-0.05, -0.0499999999, -1e-9, 0.0, 1e-9, 0.05)]
    jumps = [random.Random(3).uniform(-5, 7200) for _ in range(20000)]
    for seconds in running + ties + minutes + jumps:
        assert clock.text(seconds) == clock_text(seconds), seconds


def test_the_title_is_the_outlined_text_it_was(assets):
    level = load_level(resources.LEVELS / "02_tolovana_manley.tmx")
    world = create_world(level, 2)
    hud = Hud(assets, world)
    backdrop = pygame.Surface((640, 360), 0, 32)
    rng = np.random.default_rng(9)
    pygame.surfarray.blit_array(backdrop, rng.integers(0, 2**24, (640, 360), dtype=np.uint32))
    leg = level.properties.get("leg")
    title = f"Leg {leg}: {level.title}" if leg else level.title
    for hc in (False, True, False):
        hud.style(high_contrast=hc)
        ours, ref = backdrop.copy(), backdrop.copy()
        hud.draw(ours, world, 0.5)
        ref.blit(hud._bar(world, 0.5), (0, 0))  # the plain way, as Hud.draw drew it
        if hc:
            w, h = assets.text.size(title)
            ref.fill(P["ink"], (2, ref.get_height() - 17, w + 8, h + 5))
        assets.text.draw(ref, title, (6, ref.get_height() - 14), P["hud_text"], outline=True)
        hud.hazards.draw(ref, world, 0.5, (0, 0))
        hud._draw_toasts(ref, 0.5, (0, 0), 30 + (22 if hud.hazards.ice_showing(world) else 0))
        assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(ref, "RGB"), hc


def _particles_the_plain_way(p, surface: pygame.Surface, cam: tuple[int, int]) -> None:
    """Every live particle blitted, found by a numpy pass each frame (before the shortcut)."""
    live = np.nonzero(p.life > 0)[0]
    at = p.pos[live] - cam
    frac = p.life[live] / p.max_life[live]
    sz = np.clip(np.ceil(p.size[live] * np.minimum(frac * 1.6, 1.0)), 1, 3).astype(np.int32) - 1
    surface.fblits([(p._sprites[c][s], (x, y)) for c, s, (x, y) in
                    zip(p.colour[live].tolist(), sz.tolist(), at.astype(np.int32).tolist())])


def test_particles_are_drawn_while_any_lives_and_skipped_only_when_none_does():
    from game.render.effects import Particles

    p = Particles(capacity=64, seed=3)
    rng = np.random.default_rng(11)
    colours = [P["snow_white"], P["gold"], P["water"]]
    drawn = skipped = 0
    for tick in range(2500):
        if rng.random() < 0.02:  # bursts now and then, of every length of life, some tiny
            life = float(rng.choice([1e-9, 0.02, 0.3, 1.4]))
            p.emit(float(rng.uniform(0, 640)), float(rng.uniform(0, 360)), int(rng.integers(1, 40)), 60.0,
                   colours, life=life, size=(1, 3))
        if tick == 1200:
            p.clear()
        p.update_tick()
        ours, ref = pygame.Surface((640, 360)), pygame.Surface((640, 360))
        p.draw(ours, (3, -2))
        _particles_the_plain_way(p, ref, (3, -2))
        assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(ref, "RGB"), tick
        if (p.life > 0).any():
            drawn += 1
        else:
            skipped += 1
    assert drawn > 200 and skipped > 200  # both ways were taken
