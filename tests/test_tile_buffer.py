"""The scrolling tile buffer draws exactly what the per-layer chunks draw: along a camera path
that scrolls, jumps, leaves the map's edges and animates the water."""
import numpy as np
import pygame
import pytest

from game import resources
from game.render.tiles import TileRenderer
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.mark.parametrize("layers", [None, [1]])
def test_buffered_tiles_match_the_chunk_drawing(layers):
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")  # animated water, two layers
    tiles = TileRenderer(level)
    assert tiles.animated
    ours, ref = pygame.Surface((640, 360)), pygame.Surface((640, 360))
    rng = np.random.default_rng(3)
    w, h = level.pixel_size
    x = y = 0
    for i in range(240):
        if i % 60 == 0:
            x, y = int(rng.integers(-40, w)), int(rng.integers(-40, h))
        else:
            x, y = x + int(rng.integers(-3, 12)), y + int(rng.integers(-5, 6))
        ms = i * 40
        ours.fill((1, 2, 3))
        ref.fill((1, 2, 3))
        tiles.draw(ours, (x, y), ms, layers)
        for li in (range(len(level.layers)) if layers is None else layers):
            tiles.draw_layer(ref, li, (x, y), ms)
        assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(ref, "RGB"), (i, x, y)


def test_a_whole_level_picture_is_drawn_without_a_view_buffer():
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")
    tiles = TileRenderer(level)
    tiles.draw(pygame.Surface((2048, 1024)), (0, 0), 0)
    assert all(step[0] is None for plan in tiles._plans.values() for step in plan)
