"""Whatever the input: no NaN, the team stays in the map, vials only fall, runs repeat."""
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
