"""Rendering draws a World headless: not blank, follows the team, interpolates, survives
missing assets."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402
from test_team_view import drawn_sprites  # noqa: E402

from game.render import Assets  # noqa: E402
from game.render.hud import Hud, clock_text  # noqa: E402
from game.render.sprites import SpriteSheet  # noqa: E402
from game.render.team_view import lerp_nodes  # noqa: E402
from game.render.world_view import WorldView  # noqa: E402
from game.sim import step  # noqa: E402
from game.sim.bots import autopilot  # noqa: E402

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T............................................................T
T...........................~~~~.............................T
T..S========================================KK=========FF....T
T....................................iiiii..............FF...T
T.....TT.......WWWW..................iiiii...................T
T............................................................T
T.....................................................RR.....T
T............................................................T
T............................................................T
T............................................................T
T.........TT.................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
T............................................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""
MARKERS = ('<object id="90" name="m" class="marker" x="300" y="40"><point/></object>'
           '<object id="91" name="m" class="marker" x="420" y="40"><point/></object>')


pytestmark = pytest.mark.usefixtures("pygame_display")


def _colours(surface: pygame.Surface) -> int:
    a = pygame.surfarray.array3d(surface).reshape(-1, 3)
    return len(np.unique(a[:, 0].astype(np.int64) << 16 | a[:, 1].astype(np.int64) << 8 | a[:, 2]))


def _run(make_world, ticks: int = 90):
    world = make_world(MAP, objects=MARKERS, properties={"title": "Test leg", "miles": 12.0})
    assets = Assets()
    view = WorldView(world.level, assets.sprites)
    hud = Hud(assets, world)
    for _ in range(ticks):
        step(world, autopilot(world))
        view.update_tick(world, list(world.events))
        hud.on_events(world, world.events)
        hud.update_tick()
    return world, assets, view, hud


def test_frames_are_not_blank_at_any_alpha(make_world):
    world, assets, view, hud = _run(make_world)
    surf = pygame.Surface((640, 360))
    for alpha in (0.0, 0.5, 0.99):
        surf.fill((0, 0, 0))
        view.draw(surf, world, alpha)
        hud.draw(surf, world, alpha, view.cam(alpha))
        assert _colours(surf) >= 8


def test_team_is_drawn_near_the_camera_centre(make_world):
    world, assets, view, hud = _run(make_world, 150)
    cam = view.cam(0.0)
    bx, by = world.nodes[0] - np.array(cam)
    # The map is wide enough that the camera is not clamped sideways here.
    assert 640 * 0.2 < bx < 640 * 0.8
    assert 0 <= by < 360
    # The team's pixels differ from the same frame without a team.
    a = pygame.Surface((640, 360))
    view.draw(a, world, 0.0, snow=False)
    b = pygame.Surface((640, 360))
    view.team_view.draw = lambda *args: None
    view.draw(b, world, 0.0, snow=False)
    diff = np.any(pygame.surfarray.array3d(a) != pygame.surfarray.array3d(b), axis=2)
    xs, ys = np.nonzero(diff)
    assert len(xs) > 30
    assert abs(xs.mean() - bx) < 60 and abs(ys.mean() - by) < 40


def test_interpolation_moves_the_drawing(make_world):
    world, assets, view, hud = _run(make_world, 120)
    assert world.team.speed > 10
    n0 = lerp_nodes(world, 0.0)
    n1 = lerp_nodes(world, 0.99)
    assert np.abs(n1 - n0).max() > 0.5
    a, b = pygame.Surface((640, 360)), pygame.Surface((640, 360))
    view.draw(a, world, 0.0, snow=False)
    view.draw(b, world, 0.99, snow=False)
    assert (pygame.surfarray.array3d(a) != pygame.surfarray.array3d(b)).any()


def test_missing_assets_fall_back_to_drawn_shapes(make_world, tmp_path):
    world = make_world(MAP, objects=MARKERS)
    assets = Assets(tmp_path / "no_assets")
    assert not assets.sprites.loaded
    view = WorldView(world.level, assets.sprites)
    hud = Hud(assets, world)
    surf = pygame.Surface((640, 360))
    for _ in range(30):
        step(world, autopilot(world))
        view.update_tick(world, world.events)
    view.draw(surf, world, 0.5)
    hud.draw(surf, world, 0.5)
    assert _colours(surf) >= 8


def test_rotation_cache_is_quantised():
    sheet = SpriteSheet("/nonexistent")
    a = sheet.rotated("balto", 0, 0.0)
    b = sheet.rotated("balto", 0, 0.01)
    assert a is b
    c = sheet.rotated("balto", 0, 1.0)
    assert c is not a


def test_events_trigger_effects(make_world):
    from game.sim import events as E

    world, assets, view, hud = _run(make_world, 10)
    view.update_tick(world, [E.Impact(vials=2, x=world.team.x, y=world.team.y),
                             E.VialsLost(cause="impact", vials=2, x=world.team.x, y=world.team.y)])
    hud.on_events(world, [E.VialsLost(cause="impact", vials=2, x=world.team.x, y=world.team.y)])
    assert view.shake.strength > 0 and view.flash.level > 0
    assert (view.particles.life > 0).sum() > 10
    assert any("-2 vials" in t.text for t in hud.toasts)


def test_clock_text():
    assert clock_text(0) == "00:00.0"
    assert clock_text(75.24) == "01:15.2"


def test_balto_leans_into_a_turn(assets, tmp_path):
    """While steering hard, Balto is drawn with his turn frames, not the straight run."""
    from mapmaker import write_map

    from game.render.world_view import WorldView
    from game.sim import Controls, create_world, step
    from game.tiled.level import load_level

    lvl = load_level(write_map(tmp_path / "m.tmx",
                               "TTTTTTTTTTTT\nT..........T\nT.S=====F..T\nT..........T\nTTTTTTTTTTTT"))
    world = create_world(lvl, 1)
    view = WorldView(lvl, assets.sprites)
    step(world, Controls(steer=-1.0))
    assert "balto_turn_left" in drawn_sprites(view, world, 0.5)
    step(world, Controls())
    drawn = drawn_sprites(view, world, 0.5)
    assert "balto" in drawn and "balto_turn_left" not in drawn
