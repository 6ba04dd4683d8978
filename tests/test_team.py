"""The team: steering, mush and stamina, brake, the gangline, terrain, impacts and falls."""
import math

import numpy as np
import pytest
from conftest import run_ticks

from game.sim import Controls, step
from game.sim import events as E
from game.sim.world import GANGLINE

OPEN = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T............................................................T
T............................................................T
T............................................................T
T.S=========================================================FT
T............................................................T
T............................................................T
T............................................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


def strip(ch: str) -> str:
    """A long strip of one terrain with the start on the left."""
    row = "T" + ch * 60 + "T"
    return "\n".join(["T" * 62, row, "T" + "S" + ch * 58 + "F" + "T", row, "T" * 62])


def test_the_team_pulls_away_and_reaches_cruise_on_trail(make_world):
    w = make_world(OPEN)
    x0 = w.team.x
    run_ticks(w, Controls(), 180)
    assert w.team.x > x0 + 150  # heading 90 = east
    assert w.team.speed == pytest.approx(100.0, abs=1.0)


def test_steering_turns_the_team(make_world):
    left, right = make_world(OPEN), make_world(OPEN)
    run_ticks(left, Controls(steer=-1.0), 30)
    run_ticks(right, Controls(steer=1.0), 30)
    assert left.team.heading < math.radians(90) < right.team.heading


def test_mush_is_faster_and_costs_stamina_which_comes_back_while_cruising(make_world):
    plain, mushed = make_world(OPEN), make_world(OPEN)
    run_ticks(plain, Controls(), 120)
    run_ticks(mushed, Controls(mush=True), 120)
    assert mushed.team.x > plain.team.x + 20
    assert mushed.team.stamina < 0.7
    low = mushed.team.stamina
    run_ticks(mushed, Controls(), 60)
    assert mushed.team.stamina > low


def test_mush_stops_helping_when_stamina_runs_out(make_world):
    w = make_world(OPEN)
    events = run_ticks(w, Controls(mush=True), 400)
    assert w.team.stamina == 0.0
    assert any(e.kind == E.TIRED for e in events)
    assert not w.team.mushing


def test_brake_stops_the_team(make_world):
    w = make_world(OPEN)
    run_ticks(w, Controls(), 120)
    run_ticks(w, Controls(brake=True), 40)
    assert w.team.speed == 0.0


def test_gangline_keeps_every_segment_at_its_length(make_world):
    w = make_world(OPEN)
    pattern = [Controls(steer=1.0, mush=True)] * 40 + [Controls(steer=-1.0)] * 40 + [Controls()] * 40
    for c in pattern:
        step(w, c)
        d = [math.dist(w.nodes[i], w.nodes[i + 1]) for i in range(len(GANGLINE))]
        assert d == pytest.approx(list(GANGLINE), abs=1e-6)
    assert len(w.nodes) == 5  # Balto, three pairs (six dogs), the sled
    # The sled trails Balto: behind him, not beside him, after a straight run.
    run_ticks(w, Controls(), 60)
    hx, hy = math.sin(w.team.heading), -math.cos(w.team.heading)
    bx, by = w.nodes[-1] - w.nodes[0]
    assert bx * hx + by * hy < -50


def test_the_team_still_moves_on_screen_after_its_line_is_replaced(make_world):
    # The hot reload hands a World new node arrays; the renderer draws whatever `nodes` and
    # `prev_nodes` are, so the tick must keep moving those, not arrays it held on to.
    w = make_world(OPEN)
    run_ticks(w, Controls(mush=True), 30)
    w.nodes = w.nodes.copy()
    w.prev_nodes = np.asfortranarray(w.prev_nodes)  # not row-major: the tick copes
    line = w.nodes.copy()
    step(w, Controls(mush=True))
    assert w.nodes[0].tolist() == [w.team.x, w.team.y] and w.nodes[0, 0] > line[0, 0]
    assert np.array_equal(w.prev_nodes, line)  # last tick's line: the frame in between is drawn
    d = [math.dist(w.nodes[i], w.nodes[i + 1]) for i in range(len(GANGLINE))]
    assert d == pytest.approx(list(GANGLINE), abs=1e-6)


@pytest.mark.parametrize("slow,fast", [("~", "."), (".", "="), ("o", ".")])
def test_terrain_sets_the_pace(make_world, slow, fast):
    a, b = make_world(strip(slow)), make_world(strip(fast))
    run_ticks(a, Controls(), 150)
    run_ticks(b, Controls(), 150)
    assert a.team.x < b.team.x - 20


def test_overflow_drains_stamina(make_world):
    wet, dry = make_world(strip("o")), make_world(strip("."))
    run_ticks(wet, Controls(mush=True), 60)
    run_ticks(dry, Controls(mush=True), 60)
    assert wet.team.stamina < dry.team.stamina


def test_ice_makes_the_sled_drift(make_world):
    def drift(ch):
        w = make_world(strip(ch))
        run_ticks(w, Controls(), 120)
        run_ticks(w, Controls(steer=1.0), 25)
        moving = math.atan2(w.team.vx, -w.team.vy)
        return abs((w.team.heading - moving + math.pi) % (2 * math.pi) - math.pi)

    assert drift("i") > 3 * drift("=")


HEDGE = """
TTTTTTTTTTTTTTTTTTTTTTTT
T......................T
T.S=========T==========T
T......................T
TTTTTTTTTTTTTTTTTTFFFTTT
"""


def test_a_fast_impact_breaks_vials_and_bounces_the_team(make_world):
    w = make_world(HEDGE)
    events = run_ticks(w, Controls(mush=True), 200)
    lost = [e for e in events if e.kind == E.VIALS_LOST]
    assert lost and lost[0].cause == "impact"
    assert w.vials < 20 and w.losses["impact"] == 20 - w.vials
    assert any(e.kind == E.IMPACT for e in events)
    assert w.team.x < 12 * 16  # never passed through the tree


def test_a_slow_touch_breaks_nothing(make_world):
    w = make_world(HEDGE)
    # Creep up to the tree with the brake feathered.
    for _ in range(900):
        step(w, Controls(brake=w.team.speed > 30))
    assert w.vials == 20


WATER = """
TTTTTTTTTTTTTTTTTTTTTTT
T.....................T
T.S===K=====WWW=====F.T
T.....................T
TTTTTTTTTTTTTTTTTTTTTTT
"""


def test_falling_in_water_loses_vials_and_respawns_at_the_checkpoint(make_world):
    w = make_world(WATER)
    events = run_ticks(w, Controls(), 200)
    kinds = [e.kind for e in events]
    assert E.CHECKPOINT in kinds and E.FALL in kinds and E.RESPAWN in kinds
    assert w.losses.get("water") == 3
    assert [e.place for e in events if isinstance(e, E.Respawn)][0] == "checkpoint"


def test_cliff_is_a_fall_with_its_own_cause(make_world):
    w = make_world(WATER.replace("WWW", "CCC"))
    run_ticks(w, Controls(), 200)
    assert w.losses.get("cliff", 0) >= 4


def test_reaching_the_finish_ends_the_run(make_world):
    w = make_world(OPEN)
    events = run_ticks(w, Controls(mush=True), 60 * 20)
    assert w.outcome == "finished"
    assert any(e.kind == E.FINISH for e in events)
    t = w.tick
    step(w, Controls())
    assert w.tick == t  # a finished run stays put
