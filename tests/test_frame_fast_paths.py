"""The frame's shortcuts show a player exactly what the plain way showed: the tiles inside the
fog's clear square (cut to the clip before the blit), the streaks' pixels while the wind
turns (kept offsets), the markers picked for drawing (a search instead of a mask) and the
team's interpolated nodes (plain floats instead of numpy)."""
import math

import numpy as np
import pygame
import pytest

from game import resources
from game.render.guides_view import GuidesView
from game.render.team_view import lerp_nodes, lerp_points
from game.render.tiles import TileRenderer
from game.render.weather import SnowStorm
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


def test_tiles_under_a_clip_are_the_plain_tiles_inside_it_and_nothing_outside():
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")  # water, shores, two layers
    tiles = TileRenderer(level)
    ours, ref = pygame.Surface((640, 360)), pygame.Surface((640, 360))
    rng = np.random.default_rng(5)
    w, h = level.pixel_size
    for i in range(64):  # every camera x modulo 4 (pygame-ce's fast blit path), map edges too
        x = int(rng.integers(-60, w - 580)) // 4 * 4 + i % 4
        y = int(rng.integers(-40, h - 300))
        clip = pygame.Rect(int(rng.integers(-40, 600)), int(rng.integers(-40, 320)), 88, 88)
        ours.fill((1, 2, 3))
        ref.fill((1, 2, 3))
        ours.set_clip(clip)
        tiles.draw(ours, (x, y), i * 40)
        ours.set_clip(None)
        full = pygame.Surface((640, 360))  # the plain way: each layer from its chunks, unclipped
        full.fill((1, 2, 3))
        for li in range(len(level.layers)):
            tiles.draw_layer(full, li, (x, y), i * 40)
        inside = clip.clip(ref.get_rect())
        ref.blit(full, inside.topleft, inside)
        assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(ref, "RGB"), (i, x, y, clip)


def test_the_streaks_kept_offsets_are_the_ones_the_wind_rounds_to():
    snow = SnowStorm((640, 360), seed=2)
    for length in (4, 10):
        for i in range(16000):  # the wind turns a little at a time, all the way round
            a = i * 0.0004
            snow.dir = (math.cos(a), math.sin(a))
            trail, spare = snow._trail(length, 640)
            ux, uy = snow.dir
            fresh = [int(round(-ux * k)) + int(round(-uy * k)) * 640 for k in range(1, length + 1)]
            assert trail.tolist() == fresh, (i, length)
            assert spare.tolist() == [0, 1, 640, 641, *fresh], (i, length)  # what flakes outside reach


def test_the_markers_searched_on_screen_are_the_masked_ones_in_order():
    world = create_world(load_level(resources.LEVELS / "05_kaltag_portage.tmx"), 1)
    view = GuidesView.__new__(GuidesView)
    view._fresh()
    m = world.markers
    rng = np.random.default_rng(8)
    for _ in range(300):
        x0, y0 = float(rng.integers(-100, 3000)), float(rng.integers(-100, 2000))
        x0 = float(m.x[int(rng.integers(len(m.x)))]) if rng.random() < 0.2 else x0  # edges exactly
        x1, y1 = x0 + 680, y0 + 400
        mask = (m.x >= x0) & (m.x <= x1) & (m.y >= y0) & (m.y <= y1)
        assert view._on_screen(m, x0, x1, y0, y1) == np.flatnonzero(mask).tolist()


def test_the_teams_nodes_as_floats_are_numpys_numbers():
    world = create_world(load_level(resources.LEVELS / "02_tolovana_manley.tmx"), 1)
    for i in range(120):
        step(world, autopilot(world))
        alpha = (i % 7) / 7
        cam = (int(world.nodes[0][0]) - 320 + i, int(world.nodes[0][1]) - 180)
        ref = (lerp_nodes(world, alpha) - np.array(cam, dtype=np.float64)).tolist()
        assert [list(p) for p in lerp_points(world, alpha, cam)] == ref
        assert list(lerp_points(world, alpha, cam, 1)[0]) == ref[0]
