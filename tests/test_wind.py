"""The wind is a force that runners on snow resist and ice does not: a stopped team on snow
holds its place, on river ice it drifts; the autopilot crabs into a whiteout crosswind over
river ice and keeps every vial, while a team that does not steer is blown into open water."""
import math

import pytest
from conftest import run_ticks
from mapmaker import cell, obj, write_map

from game.headless.simulation import run
from game.sim import Controls, create_world, step
from game.sim import events as E
from game.sim import terrain as T
from game.sim.bots import aim, autopilot, steer_to
from game.tiled.level import load_level

ICE = 36
# The trail leaves the bank onto river ice; open water lies just downwind (south) of it.
CROSSWIND = "\n".join([
    "T" * 64,
    "T" + "." * 62 + "T",
    "T" + "." * 62 + "T",
    "T.S=====" + "i" * ICE + "=" * 16 + "F.T",
    "T......." + "i" * ICE + "." * 19 + "T",
    "T......." + "W" * ICE + "." * 19 + "T",
    "T......." + "W" * ICE + "." * 19 + "T",
    "T" * 64,
])
WHITEOUT = {"weather": "blizzard", "intensity": 1.0, "wind_y": 30.0, "gusts": True}


@pytest.fixture(scope="module")
def crosswind(tmp_path_factory):
    return write_map(tmp_path_factory.mktemp("wind") / "crosswind.tmx", CROSSWIND, properties=WHITEOUT)


@pytest.mark.parametrize("seed", range(1, 21))
def test_the_autopilot_crabs_across_the_river_ice_in_a_whiteout(crosswind, seed):
    r = run(crosswind, bot="autopilot", seed=seed, max_seconds=90)
    assert r.finished and r.vials == 20, (r.vials, r.losses)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_team_that_does_not_steer_is_blown_into_the_water(crosswind, seed):
    r = run(crosswind, bot="none", seed=seed, max_seconds=90)
    assert not r.finished
    assert set(r.losses) == {"water"}


@pytest.mark.parametrize("wind", [30.0, 40.0])
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_autopilot_holds_its_line_on_the_ice_and_never_stops_there(tmp_path, wind, seed):
    # Blind in the whiteout it brakes, but never below the speed it needs to crab against the
    # gusts: without that, gusts of a 40 px/s wind blow it 10-24 px off its line, into the water.
    path = write_map(tmp_path / "crosswind.tmx", CROSSWIND, properties={**WHITEOUT, "wind_y": wind})
    w = create_world(load_level(path), seed)
    y0, worst, slowest, on_ice = w.team.y, 0.0, math.inf, 0
    while not w.outcome and w.tick < 60 * 90:
        step(w, autopilot(w))
        t = w.team
        assert all(math.isfinite(v) for v in (t.x, t.y, t.vx, t.vy, t.heading, t.speed))
        if t.terrain == T.CODE["ice"]:
            on_ice += 1
            worst = max(worst, abs(t.y - y0))
            slowest = min(slowest, t.speed)
    assert w.outcome == "finished" and w.vials == 20 and on_ice > 60 * 3
    assert worst < 8.0  # crabbing: the team is not blown off the trail's line
    assert slowest > 30.0


def _open_ground(make_world, ground: str, wind_y: float, trees_below: bool = False):
    rows = ["T" * 40] + ["T" + ground * 38 + "T" for _ in range(9)] + ["T" * 40]
    if trees_below:
        rows[6] = "T" * 40
    rows[1] = "T" + ground * 36 + "FFT"
    x, y = cell(10, 5)
    start = obj(80, "start", x, y, props={"heading": 90.0})
    return make_world("\n".join(rows), start=False, objects=start,
                      properties={"weather": "blizzard", "intensity": 1.0, "wind_y": wind_y})


def test_a_stopped_team_holds_on_snow_but_drifts_on_ice(make_world):
    moved = {}
    for ground in (".", "i"):
        w = _open_ground(make_world, ground, 30.0)
        x0, y0 = w.team.x, w.team.y
        run_ticks(w, Controls(brake=True), 60 * 3)
        moved[ground] = (math.hypot(w.team.x - x0, w.team.y - y0), w.team.vy)
    assert moved["."][0] < 4.0  # the runners hold on snow
    assert moved["i"][0] > 30.0 and moved["i"][1] > 0.5 * 30.0  # on ice, most of the wind's speed


def test_wind_pinning_a_team_against_trees_on_ice_breaks_nothing(make_world):
    w = _open_ground(make_world, "i", 60.0, trees_below=True)
    events = run_ticks(w, Controls(brake=True), 60 * 6)
    assert w.vials == 20 and not any(isinstance(e, E.Impact) for e in events)
    assert w.team.y < cell(0, 6)[1]  # pressed against the trees, not through them


def test_steer_to_turns_upwind_of_the_target_in_a_crosswind(crosswind):
    w = create_world(load_level(crosswind), 1)
    for _ in range(60 * 4):
        step(w, autopilot(w))
    assert w.team.terrain == T.CODE["ice"] and w.team.push_y > 0.0
    ahead = (w.team.x + 200.0, w.team.y)
    a = aim(w, *ahead)
    assert a.crab < -0.1  # the wind blows south: point north of the target (heading 0 is north)
    assert -1.0 <= steer_to(w, *ahead) <= 1.0
