"""Hazards as entity systems: blizzard, bear, Steele's false markers with Balto's senses,
thin ice. Each proved headless on a tiny map."""
import math

import pytest
from conftest import run_ticks
from mapmaker import cell, obj

from game.sim import Controls, step
from game.sim import bear as B
from game.sim import events as E
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.markers import SENSES_RADIUS


def strip(length: int = 120, ground: str = "=", rows: int = 5, middle: str | None = None) -> str:
    """A straight east-west run: start on the left, finish on the right."""
    mid = middle or (ground * 4 + "S" + ground * (length - 7) + "F")
    body = ["T" + "." * (length - 1) + "T" for _ in range(rows)]
    body[rows // 2] = "T" + mid + "T"
    return "\n".join(["T" * (length + 1)] + body + ["T" * (length + 1)])


# ---------------------------------------------------------------- bear

def test_a_stopped_team_next_to_a_bear_loses_vials_to_it(make_world):
    x, y = cell(8, 3)
    w = make_world(strip(), objects=obj(90, "bear", x, y - 40, name="grizzly"))
    events = run_ticks(w, Controls(brake=True), 60 * 10)
    kinds = [e.kind for e in events]
    assert kinds.index(E.BEAR_NOTICE) < kinds.index(E.BEAR_CHARGE) < kinds.index(E.BEAR_SWIPE)
    # The telegraph: the roar comes well before the first swipe.
    first_notice = next(i for i, e in enumerate(events) if e.kind == E.BEAR_NOTICE)
    assert w.losses.get("bear", 0) >= 2
    assert first_notice >= 0


def test_a_team_at_full_mush_outruns_the_bear(make_world):
    x, y = cell(2, 3)  # right beside the sled at the start: it wakes at once and gives chase
    w = make_world(strip(200), objects=obj(90, "bear", x, y - 30))
    events = run_ticks(w, Controls(mush=True), 60 * 12)
    kinds = [e.kind for e in events]
    assert E.BEAR_CHARGE in kinds
    assert E.BEAR_SWIPE not in kinds and "bear" not in w.losses
    assert E.BEAR_GIVE_UP in kinds


def test_a_bear_chasing_onto_thin_ice_falls_through(make_world):
    # A band of thin ice across the whole map; the team crosses it at a run, the bear follows.
    x, y = cell(10, 3)
    band = obj(89, "thin_ice", 16 * 21, 0, 16 * 6, 16 * 7)
    w = make_world(strip(120), objects=band + obj(90, "bear", x - 60, y - 30, props={"leash": 900.0}))
    events = run_ticks(w, Controls(mush=True), 60 * 8)
    kinds = [e.kind for e in events]
    assert E.BEAR_FALLS in kinds
    assert w.bears.state[0] == B.GONE
    assert w.ice.holes and all(w.grid[c // w.level.width][c % w.level.width] == T.CODE["water"]
                               for c in w.ice.holes)
    assert "thin_ice" not in w.losses  # the ice held the team


def test_a_bear_patrols_its_polyline(make_world):
    x, y = cell(60, 1)
    objects = (obj(91, "patrol", x, y, polyline="0,0 64,0 64,16") +
               obj(90, "bear", x, y, props={"patrol": 91, "aggro_radius": 40.0}))
    w = make_world(strip(), objects=objects.replace('name="patrol" type="int"', 'name="patrol" type="object"'))
    assert w.bears.state[0] == B.PATROL
    run_ticks(w, Controls(brake=True), 120)
    assert w.bears.x[0] > x + 20


# ---------------------------------------------------------------- blizzard

def _blizzard_world(make_world, intensity, wind=(0.0, 0.0), rows=5, ground="="):
    objects = obj(90, "blizzard", 0, 0, 16 * 121, 16 * (rows + 2),
                  props={"intensity": intensity, "wind_x": wind[0], "wind_y": wind[1]})
    return make_world(strip(rows=rows, ground=ground), objects=objects)


def test_visibility_falls_as_intensity_rises(make_world):
    seen = []
    for intensity in (0.0, 0.3, 0.6, 1.0):
        w = _blizzard_world(make_world, intensity)
        run_ticks(w, Controls(), 5)
        seen.append(w.weather.visibility)
    assert seen == sorted(seen, reverse=True) and seen[0] > 2 * seen[-1]


def test_the_zone_ramps_up_over_its_edge(make_world):
    objects = obj(90, "blizzard", 16 * 30, 0, 16 * 60, 16 * 7, props={"intensity": 1.0})
    w = make_world(strip(), objects=objects)
    values = []
    for _ in range(60 * 6):
        step(w, Controls())
        values.append(w.weather.intensity)
    rising = [v for v in values if 0.0 < v < 1.0]
    assert len(rising) > 10  # many in-between ticks: no switch
    assert max(values) == pytest.approx(1.0, abs=0.05) or max(values) > 0.3


def test_the_crosswind_moves_a_team_that_does_not_steer_on_ice(make_world):
    # The wind is a force: on ice it slides the team sideways (tests/test_wind.py has the rest).
    calm = make_world(strip(rows=9, ground="i"))
    windy = _blizzard_world(make_world, 0.5, wind=(0.0, 30.0), rows=9, ground="i")
    run_ticks(calm, Controls(), 120)
    run_ticks(windy, Controls(), 120)
    assert windy.team.y > calm.team.y + 8  # off the one row of ice onto the snow beside it
    assert windy.team.stamina < calm.team.stamina


def test_whole_map_weather_property(make_world):
    w = make_world(strip(), properties={"weather": "blizzard", "intensity": 0.9})
    events = run_ticks(w, Controls(), 3)
    assert w.weather.visibility < 120 and any(e.kind == E.BLIZZARD for e in events)


# ---------------------------------------------------------------- markers and senses

FORK = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T...................................................T
T.S=====================================F...........T
T.....=.............................................T
T......=............................................T
T.......=...........................................T
T........=========~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~T
T...................................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


def _fork_objects():
    true_marks = [obj(100 + i, "marker", *cell(6 + 8 * i, 1)) for i in range(4)]
    false_cells = [(7, 4), (9, 6), (16, 6), (24, 6), (32, 6), (40, 6), (48, 6)]
    false_marks = [obj(200 + i, "marker", *cell(cx, cy), props={"false": True})
                   for i, (cx, cy) in enumerate(false_cells)]
    return "".join(true_marks + false_marks), false_cells


def test_a_team_that_follows_only_false_markers_does_not_reach_the_finish(make_world):
    objects, false_cells = _fork_objects()
    follower = make_world(FORK, objects=objects)
    targets = [cell(cx, cy) for cx, cy in false_cells]
    k = 0
    for _ in range(60 * 60):
        t = follower.team
        if k < len(targets) - 1 and math.dist((t.x, t.y), targets[k]) < 20:
            k += 1
        tx, ty = targets[k]
        want = math.atan2(tx - t.x, -(ty - t.y))
        diff = (want - t.heading + math.pi) % (2 * math.pi) - math.pi
        step(follower, Controls(steer=max(-1.0, min(1.0, diff * 3)), brake=t.speed > 70 and abs(diff) > 0.6))
        if follower.outcome:
            break
    assert follower.outcome != "finished"

    pilot = make_world(FORK, objects=objects)
    for _ in range(60 * 60):
        step(pilot, autopilot(pilot))
        if pilot.outcome:
            break
    assert pilot.outcome == "finished"


def test_senses_reveal_only_false_markers_within_the_radius_and_cost_stamina(make_world):
    x, y = cell(2, 3)
    near_false = obj(300, "marker", x + 60, y - 20, props={"false": True})
    near_true = obj(301, "marker", x + 50, y + 10)
    far_false = obj(302, "marker", x + SENSES_RADIUS + 80, y, props={"false": True})
    w = make_world(strip(), objects=near_false + near_true + far_false)
    before = w.team.stamina
    events = run_ticks(w, Controls(senses=True), 30)
    revealed = {int(i) for i in w.markers.ids[w.markers.revealed(w.tick)]}
    assert revealed == {300}
    assert [e.marker for e in events if isinstance(e, E.MarkerRevealed)] == [300]
    assert w.team.stamina < before
    assert w.team.speed < 60  # the team slows while Balto listens


def test_senses_have_a_cooldown_and_reveals_fade(make_world):
    x, y = cell(2, 3)
    w = make_world(strip(), objects=obj(300, "marker", x + 60, y, props={"false": True}))
    run_ticks(w, Controls(senses=True), 5)
    run_ticks(w, Controls(), 1)
    events = run_ticks(w, Controls(senses=True), 30)
    assert E.SENSES_ON not in [e.kind for e in events]  # still cooling down
    run_ticks(w, Controls(brake=True), 60 * 5)
    assert not w.markers.revealed(w.tick).any()


# ---------------------------------------------------------------- thin ice and overflow

def test_thin_ice_breaks_under_a_stopped_team(make_world):
    w = make_world(strip(), objects=obj(90, "thin_ice", 0, 0, 16 * 20, 16 * 7))
    events = run_ticks(w, Controls(brake=True), 60 * 3)
    kinds = [e.kind for e in events]
    assert E.ICE_CRACK in kinds and E.ICE_BREAK in kinds
    first = next(e for e in events if isinstance(e, E.VialsLost))
    assert (first.cause, first.vials) == ("thin_ice", 3)
    assert kinds.index(E.ICE_CRACK) < kinds.index(E.ICE_BREAK) < kinds.index(E.RESPAWN)


def test_thin_ice_holds_under_a_fast_team(make_world):
    mid = "====S" + "=" * 21 + "t" * 12 + "=" * 70 + "F"
    w = make_world(strip(middle=mid))
    events = run_ticks(w, Controls(mush=True), 60 * 5)
    assert w.team.x > 16 * 45
    assert E.ICE_BREAK not in [e.kind for e in events] and "thin_ice" not in w.losses
    assert max(w.ice.cracks.values()) > 0  # it did crack a little


def test_thin_ice_rectangles_make_thin_ice(make_world):
    w = make_world(strip(), objects=obj(90, "thin_ice", 16 * 10, 0, 16 * 4, 16 * 7, props={"strength": 2.0}))
    assert w.grid[3][11] == T.CODE["thin_ice"]
    assert w.level.terrain[3, 11] == T.CODE["trail"]  # the level itself is untouched


def test_overflow_slows_and_says_so(make_world):
    mid = "====S" + "=" * 6 + "o" * 30 + "=" * 70 + "F"
    w = make_world(strip(middle=mid))
    events = run_ticks(w, Controls(), 60 * 4)
    assert E.OVERFLOW in [e.kind for e in events]
    assert w.team.speed < 60


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("kind,props,expected", [
    ("bear", {"aggro_radius": "far"},
     "object 90 'den' (bear): aggro_radius must be a number > 0 and at most 4096, got 'far'"),
    ("blizzard", {"intensity": 3.0}, "object 90 'den' (blizzard): intensity must be a number from 0 to 1, got 3.0"),
    ("bear", {"speed": -5.0}, "speed must be a number > 0"),
])
def test_bad_hazard_properties_name_file_object_property_and_range(tmp_path, kind, props, expected):
    from mapmaker import make_map

    from game.sim import LevelError
    from game.tiled.level import load_level

    w, h = (0, 0) if kind == "bear" else (64, 64)
    p = tmp_path / "bad.tmx"
    p.write_text(make_map(strip(40), objects=obj(90, kind, 40, 40, w, h, name="den", props=props)))
    with pytest.raises(LevelError) as err:
        load_level(p)
    assert expected in str(err.value) and "bad.tmx" in str(err.value)


def test_missing_optional_properties_take_their_defaults(make_world):
    w = make_world(strip(), objects=obj(90, "bear", 100, 20) + obj(91, "blizzard", 0, 0, 64, 64))
    assert (w.bears.aggro[0], w.bears.speed[0], w.bears.leash[0]) == (120.0, 120.0, 360.0)
    assert w.weather.zones[0].intensity == 0.8


# ---------------------------------------------------------------- story lines and the white wolf

def test_a_story_line_is_told_once_when_the_team_enters(make_world):
    story = obj(90, "story", 16 * 8, 0, 32, 16 * 7, props={"speaker": "Boris", "text": "Keep going!"})
    w = make_world(strip(), objects=story)
    events = run_ticks(w, Controls(), 60 * 4)
    told = [e for e in events if e.kind == E.STORY]
    assert [(e.speaker, e.line) for e in told] == [("Boris", "Keep going!")]


def test_the_white_wolf_appears_runs_ahead_and_vanishes(make_world):
    wolf = obj(90, "wolf", *cell(12, 2), props={"duration": 2.0})
    w = make_world(strip(), objects=wolf)
    events = run_ticks(w, Controls(), 60 * 4)
    kinds = [(e.kind, e.appears) for e in events if isinstance(e, E.Wolf)]
    assert kinds == [(E.WOLF, True), (E.WOLF, False)]
    assert w.guides.wolves[0].x > w.team.x - 200


def test_a_crosswind_into_trees_does_not_pin_the_team(make_world):
    # Trees right beside the trail, downwind: the team slides along them and keeps its pace.
    pic = "\n".join(["T" * 121, "T" + "." * 119 + "T", "T====S" + "=" * 113 + "FT", "T" * 121])
    objects = obj(90, "blizzard", 0, 0, 16 * 121, 16 * 4, props={"intensity": 0.5, "wind_y": 60.0})
    w = make_world(pic, objects=objects)
    run_ticks(w, Controls(), 60 * 6)
    assert w.team.speed > 80 and w.vials == 20
    assert w.team.x > 16 * 30


def test_repairing_the_flow_field_after_a_hole_matches_a_full_rebuild_near_it(make_world):
    from game.sim.nav_build import build_nav
    from game.sim.nav_heap import repair_nav

    w = make_world(strip(60, rows=9))
    ww = w.level.width
    hole = [4 * ww + 30, 5 * ww + 30, 3 * ww + 30]  # three cells of water across the trail
    for c in hole:
        w.grid[c // ww][c % ww] = T.CODE["water"]
    full = build_nav(w.level, w.grid)
    fixed = repair_nav(w.nav, w.grid, hole)
    for c in hole:
        assert fixed.next[c] == -1
    # Following the repaired field from the start never steps into the hole and reaches the finish.
    i, seen = fixed.cell(w.team.x, w.team.y), 0
    while fixed.next[i] >= 0 and seen < 10_000:
        assert i not in hole
        i, seen = int(fixed.next[i]), seen + 1
    assert fixed.cost.flat[i] == 0.0
    assert abs(fixed.length_at(w.team.x, w.team.y) - full.length_at(w.team.x, w.team.y)) < 48
