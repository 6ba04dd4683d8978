"""What the world view leaves out of a frame shows a player exactly what drawing it did: a
hazard's view it skips for a whole leg (nothing of that hazard on the level) would have drawn
nothing all run, and the fog's clear square, kept between frames, is the one worked out anew."""
import numpy as np
import pygame
import pytest

from game import resources
from game.render.fog import Fog
from game.render.view_api import LAYER_ORDER, Frame
from game.render.world_view import WorldView
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


@pytest.mark.parametrize("leg", ["02", "04"])  # no bears or breakup; no breakup
def test_a_view_left_out_for_the_leg_would_have_drawn_nothing(assets, leg):
    paths = sorted(resources.LEVELS.glob(leg + "_*.tmx"))
    level = load_level(paths[0])
    world = create_world(level, 3)
    view = WorldView(level, assets.sprites)
    view.reset(world)
    left_out = [v for v in view.views.values() if not v.shows(world)]
    assert left_out, "every leg leaves out the views of the hazards it does not have"
    for layer in LAYER_ORDER:
        assert not any(v in view._layer_views[layer] for v in left_out)
    surface = pygame.Surface((640, 360))
    surface.fill((1, 2, 3))
    blank = pygame.image.tobytes(surface, "RGB")
    for i in range(240):
        step(world, autopilot(world))
        view.update_tick(world, list(world.events))
        if i % 20:
            continue
        cam = view.cam(0.5)
        frame = Frame(cam, i * 16, 0.5, i / 60, 320.0, 180.0)
        surface.fill((1, 2, 3))
        for v in left_out:
            for layer in v.LAYERS:
                v.draw(layer, surface, world, frame)
        assert pygame.image.tobytes(surface, "RGB") == blank


def test_the_kept_clear_square_is_the_one_worked_out_anew():
    fog = Fog((640, 360))
    rng = np.random.default_rng(11)
    for _ in range(4000):
        vis = float(rng.choice([40.0, 91.5, 200.0, 359.9, 360.0, 360.5, 500.0, float(rng.uniform(20, 400))]))
        cx, cy = (float(v) for v in rng.uniform(-200, 900, 2))
        if rng.uniform() < 0.3:
            cx, cy = float(round(cx)) + 0.5, float(round(cy)) - 0.5  # halves round to even
        size = ((640, 360), (320, 180))[int(rng.integers(0, 2))]
        assert fog.clear(cx, cy, vis, size) == Fog.clear_rect(cx, cy, vis, size)


@pytest.mark.parametrize("leg", ["04", "06"])  # bears and thin ice; and breakup zones too
def test_every_hazard_the_leg_has_keeps_its_view_in_every_layer_it_draws_in(assets, leg):
    """The converse: a leg with bears, thin ice or breakup zones keeps that hazard's view in
    each of its layers (left out, the bears or the breaking ice would simply not be drawn)."""
    level = load_level(sorted(resources.LEVELS.glob(leg + "_*.tmx"))[0])
    world = create_world(level, 3)
    view = WorldView(level, assets.sprites)
    view.reset(world)
    has = {"bears": len(world.bears) > 0, "ice": bool(world.ice.thin), "breakup": bool(world.breakup.zones),
           "guides": True}
    expected = [name for name, present in has.items() if present]
    assert "bears" in expected and "ice" in expected
    assert ("breakup" in expected) == (leg == "06")
    for name in expected:
        v = view.views[name]
        for layer in v.LAYERS:
            assert v in view._layer_views[layer], (name, layer)
