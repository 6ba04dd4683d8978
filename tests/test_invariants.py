"""Whatever the input: no NaN, the team stays in the map, vials only fall, runs repeat."""
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mapmaker import obj

from game.sim import Controls, create_world, digest, step

MAZE = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T.....~~~~.....RR.....iiii...T
T.S======K=====......=iiii=F.T
T.....WWW.......TT....iiii...T
T..oooo.....CCC.......iiii...T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""

controls = st.builds(Controls, steer=st.one_of(st.floats(-1.5, 1.5), st.just(float("nan"))), mush=st.booleans(),
                     brake=st.booleans(), senses=st.booleans())
plans = st.lists(st.tuples(controls, st.integers(1, 120)), min_size=1, max_size=30)


def _play(world, plan, limit=30 * 60):
    ticks = 0
    vials = world.vials
    w, h = world.level.pixel_size
    for c, n in plan:
        for _ in range(n):
            if ticks >= limit:
                return
            step(world, c)
            ticks += 1
            t = world.team
            for v in (t.x, t.y, t.vx, t.vy, t.speed, t.heading, t.stamina):
                assert math.isfinite(v)
            assert 0 <= t.x < w and 0 <= t.y < h
            assert 0.0 <= t.stamina <= 1.0
            assert 0 <= world.vials <= vials
            vials = world.vials


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans, seed=st.integers(0, 2**32 - 1))
def test_random_input_keeps_the_world_sane_and_repeatable(make_world, plan, seed):
    a = make_world(MAZE, seed=seed)
    b = create_world(a.level, seed)
    _play(a, plan)
    _play(b, plan)
    assert digest(a) == digest(b)


HAZARD_MAPS = {
    "bear": ("bear", lambda x, y: obj(90, "bear", x + 60, y - 20, props={"aggro_radius": 200.0})),
    "blizzard": ("blizzard", lambda x, y: obj(90, "blizzard", 0, 0, 480, 96,
                                              props={"intensity": 1.0, "wind_y": 40.0, "gusts": True})),
    "markers": ("marker", lambda x, y: "".join(obj(90 + i, "marker", x + 40 * i, y - 16,
                                                   props={"false": i % 2 == 0}) for i in range(8))),
    "thin_ice": ("thin_ice", lambda x, y: obj(90, "thin_ice", 0, 0, 240, 96)),
}


@pytest.mark.parametrize("hazard", sorted(HAZARD_MAPS))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans, seed=st.integers(0, 2**32 - 1))
def test_random_input_on_each_hazard_map_for_30_seconds(make_world, hazard, plan, seed):
    _, objects = HAZARD_MAPS[hazard]
    a = make_world(MAZE, seed=seed, objects=objects(40, 40))
    b = create_world(a.level, seed)
    _play(a, plan)
    _play(b, plan)
    assert digest(a) == digest(b)
    bears = a.bears
    w, h = a.level.pixel_size
    assert all(0 <= x < w and 0 <= y < h for x, y in zip(bears.x, bears.y))
