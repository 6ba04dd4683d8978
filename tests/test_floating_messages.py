"""Floating messages ("-3 vials: crashed") rise from the team but never cover the HUD."""
import numpy as np
import pygame
import pytest

from game.render import Assets
from game.render.floating import clear_of_hud
from game.render.hud import BAR_H, Hud
from game.sim import events as E

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T..S===================================FFT
T.......................................FT
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""

pytestmark = pytest.mark.usefixtures("pygame_display")


def _frames(make_world, team_screen_y: float, ticks: int = 5):
    """The HUD drawn with and without a vial-loss message, the team at `team_screen_y`."""
    world = make_world(MAP)
    hud = Hud(Assets(), world)
    hud.toasts.clear()  # no leg title toast: only the floating message differs
    cam = (int(world.team.x) - 320, int(world.team.y - team_screen_y))
    plain = pygame.Surface((640, 360))
    hud.draw(plain, world, 0.0, cam)
    hud.on_events(world, [E.VialsLost(cause="impact", vials=3)])
    hud.lost_flash = 0  # the vial row's flash is not the message
    for _ in range(ticks):
        hud.update_tick()
    with_msg = pygame.Surface((640, 360))
    hud.draw(with_msg, world, 0.0, cam)
    diff = np.any(pygame.surfarray.array3d(plain) != pygame.surfarray.array3d(with_msg), axis=2)
    return diff


def test_a_message_near_the_top_is_drawn_below_the_bar(make_world):
    diff = _frames(make_world, team_screen_y=12)  # the message would start at y = -22
    xs, ys = np.nonzero(diff)
    assert len(ys) > 40, "the message is drawn"
    assert ys.min() >= BAR_H, "nothing of it lies on the top bar"
    assert ys.min() < BAR_H + 12, "it sits just under the bar, not far away"


def test_a_message_in_the_open_stays_where_it_happened(make_world):
    diff = _frames(make_world, team_screen_y=180)
    xs, ys = np.nonzero(diff)
    assert len(ys) > 40
    assert 180 - 40 < ys.min() < 180 - 20  # above the team, as before
    assert abs(xs.mean() - 326) < 20


def test_a_message_near_the_bottom_keeps_off_the_title_line(make_world):
    diff = _frames(make_world, team_screen_y=395)
    _, ys = np.nonzero(diff)
    assert len(ys) > 40 and ys.max() < 360 - 18


def test_clear_of_hud_keeps_words_on_screen_sideways():
    x, y = clear_of_hud(-30.0, 100.0, (80, 9), (640, 360), BAR_H)
    assert x - 40 >= 8 and y == 100.0
    x, _ = clear_of_hud(700.0, 100.0, (80, 9), (640, 360), BAR_H)
    assert x + 40 <= 640

