"""The software 2x upscale gives the window exactly the pixels pygame's nearest scale gives."""
import numpy as np
import pygame
import pytest

from game.render.upscale import Doubler

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.mark.parametrize("flags", [0, pygame.SRCALPHA])
def test_doubling_matches_pygame_scale(flags):
    src = pygame.Surface((64, 36), flags, 32)
    rng = np.random.default_rng(5)
    pygame.surfarray.pixels2d(src)[:] = rng.integers(0, 2**32, (64, 36), dtype=np.uint32)
    dst = pygame.Surface((128, 72), flags, 32)
    Doubler()(src, dst)
    ref = pygame.transform.scale(src, (128, 72))
    assert pygame.image.tobytes(dst, "RGBA") == pygame.image.tobytes(ref, "RGBA")
    assert not src.get_locked() and not dst.get_locked()


def test_a_target_of_another_size_is_scaled_anyway():
    src = pygame.Surface((10, 10), 0, 32)
    src.fill((200, 10, 10))
    dst = pygame.Surface((15, 15), 0, 32)  # not 2x: pygame's scale does it
    Doubler()(src, dst)
    assert dst.get_at((14, 14))[:3] == (200, 10, 10)
