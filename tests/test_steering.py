"""The steering every bot shares: the autopilot's calm-air plan (steering.calm_plan, written out
for speed) gives exactly what aim, steer_for and pace give, for any state of the team.

The targets are drawn as a turn and a distance from the team's heading, and the speed,
stamina and visibility around pace's thresholds, so that every branch of the plan is taken."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mapmaker import write_map

from game.sim import create_world
from game.sim.steering import aim, bearing, calm_plan, pace, steer_for, wrap
from game.tiled.level import load_level

PIC = """
..........
.S======F.
..........
"""


def near(*edges: float, lo: float, hi: float) -> st.SearchStrategy[float]:
    """Any value in lo..hi, or one just either side of a threshold."""
    close = [e + d for e in edges for d in (-1e-9, 0.0, 1e-9, -0.01, 0.01)]
    return st.one_of(st.floats(lo, hi), st.sampled_from(close))


turn = st.one_of(st.floats(-0.4, 0.4), st.floats(-4.0, 4.0))
dist = st.floats(0.0, 300.0)
vel = st.floats(-120.0, 120.0)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return create_world(load_level(write_map(tmp_path_factory.mktemp("steer") / "m.tmx", PIC)), 1)


@settings(max_examples=600, deadline=None)
@given(heading=st.floats(-7.0, 7.0), vx=vel, vy=vel, speed=near(45.0, lo=0.0, hi=140.0),
       stamina=near(0.35, lo=0.0, hi=1.0), visibility=near(160.0, lo=20.0, hi=700.0),
       ta=turn, da=dist, tb=turn, db=dist)
def test_calm_plan_is_aim_steer_for_and_pace(world, heading, vx, vy, speed, stamina, visibility,
                                              ta, da, tb, db):
    t = world.team
    x, y = 100.0, 30.0
    t.x, t.y, t.heading, t.vx, t.vy, t.speed, t.stamina = x, y, heading, vx, vy, speed, stamina
    t.push_x = t.push_y = 0.0
    world.weather.visibility = visibility
    ax, ay = x + da * math.sin(heading + ta), y - da * math.cos(heading + ta)
    bx, by = x + db * math.sin(heading + tb), y - db * math.cos(heading + tb)
    diff, crab, slip, drift = aim(world, ax, ay)
    far = wrap(bearing(x, y, bx, by) + crab - heading)
    brake, mush = pace(world, diff, far, slip, drift)
    got = calm_plan(t, visibility, ax, ay, bx, by)
    assert got == (steer_for(diff), brake, mush)
    assert -1.0 <= got[0] <= 1.0
