"""The human model (`--bot human`): seeded, late by its reaction time, blind beyond the screen."""
import math
from pathlib import Path

import pytest
from mapmaker import cell, obj

from game.cli import main
from game.headless.difficulty import campaign, leg_table, render
from game.headless.simulation import Simulation, make_bot, run
from game.headless.sweep import sweep
from game.sim import bear as B
from game.sim import step
from game.sim.bots import autopilot
from game.sim.human import STUCK_TICKS, HumanBot
from game.sim.world import World

DIFFICULTY_MD = Path(__file__).resolve().parent.parent / "docs" / "difficulty.md"

# The trail runs east; the team starts facing north, so any driver must steer right at once.
TURN = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T.............................................T
T.............................................T
T.............................................T
T.S==========================================FT
T.............................................T
T.............................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""

# A long field: room for a bear that is off screen but within the autopilot's 320 px.
FIELD = "\n".join(["T" * 80] + ["T" + "." * 78 + "T"] * 30 + ["T" * 80])
FIELD = FIELD.split("\n")
FIELD[15] = "T.S" + "=" * 75 + "FT"
FIELD = "\n".join(FIELD)


def _first_right_turn(world: World, bot, limit: int = 120) -> int:
    """The first tick whose controls steer clearly right."""
    for _ in range(limit):
        c = bot(world)
        step(world, c)
        if c.steer > 0.3:
            return world.tick
    raise AssertionError("never steered right")


@pytest.mark.parametrize("ms, ticks", [(0, 0), (200, 12), (500, 30)])
def test_the_first_steer_comes_the_reaction_time_after_the_autopilots(make_world, ms, ticks):
    auto = _first_right_turn(make_world(TURN, heading=0.0), autopilot)
    human = _first_right_turn(make_world(TURN, heading=0.0), HumanBot(1, reaction_ms=ms, shake=0.0))
    assert human - auto == ticks


def _charging_bear_at(make_world, dx: float, dy: float) -> World:
    x, y = cell(2, 15)
    w = make_world(FIELD, objects=obj(90, "bear", x + dx, y + dy, props={"aggro_radius": 10.0}))
    b = w.bears
    b.state[0] = B.CHARGE
    if 0 not in b.awake:
        b.awake.append(0)
    w.team.stamina = 1.0
    return w


def test_a_bear_off_screen_is_not_seen_but_one_on_screen_is(make_world):
    # 260 px north: beyond the half-height of the screen (180 px), within the autopilot's reach.
    off = _charging_bear_at(make_world, 0.0, -260.0)
    assert not HumanBot.bear_seen(off)
    assert autopilot(off).mush  # the autopilot, which knows, runs for it
    on = _charging_bear_at(make_world, 150.0, -60.0)
    assert HumanBot.bear_seen(on)
    assert HumanBot(1, reaction_ms=0, shake=0.0).decide(on).mush


def test_a_bear_in_the_fog_is_not_seen(make_world):
    w = _charging_bear_at(make_world, 150.0, -60.0)
    w.weather.visibility = 100.0
    assert not HumanBot.bear_seen(w)


def test_same_seed_same_run_and_another_seed_another_hand(make_world):
    a, b, c = (Simulation.from_file("levels/02_tolovana_manley.tmx", 4) for _ in range(3))
    ra = a.run(make_bot("human", 4), 60.0)
    rb = b.run(make_bot("human", 4), 60.0)
    rc = c.run(make_bot("human", 5), 60.0)
    assert ra.digest == rb.digest and ra.bot == "human"
    assert rc.digest != ra.digest


def test_its_controls_are_always_finite_even_when_the_team_is_stuck(make_world):
    w = make_world(TURN, heading=270.0)  # facing the wall behind the start
    bot = HumanBot(3, reaction_ms=100)
    for _ in range(900):
        c = bot(w)
        assert math.isfinite(c.steer) and -1.0 <= c.steer <= 1.0
        step(w, c)
    assert math.isfinite(w.team.x) and math.isfinite(w.team.y)


def test_a_slower_reaction_finishes_later_on_a_turny_map(make_world):
    quick = run("levels/01_nenana_tolovana.tmx", bot="human", seed=2, reaction_ms=0)
    slow = run("levels/01_nenana_tolovana.tmx", bot="human", seed=2, reaction_ms=600)
    assert quick.finished
    assert slow.seconds > quick.seconds or slow.vials < quick.vials


@pytest.mark.parametrize("ms", [-1, 1001, float("nan")])
def test_a_reaction_time_out_of_range_is_refused(ms):
    with pytest.raises(ValueError, match="0 to 1000 ms"):
        HumanBot(1, reaction_ms=ms)
    with pytest.raises(ValueError, match="0 to 1000 ms"):
        sweep(["levels/01_nenana_tolovana.tmx"], [1], bot="human", workers=1, reaction_ms=ms)


@pytest.mark.parametrize("argv, says", [
    (["simulate", "1", "--bot", "human", "--reaction-ms", "1500"], "must be from 0 to 1000"),
    (["sweep", "1", "--bot", "human", "--reaction-ms", "-5"], "must be from 0 to 1000"),
    (["heatmap", "1", "out.png", "--bot", "human", "--reaction-ms", "x"], "whole number"),
    (["simulate", "1", "--reaction-ms", "100"], "add --bot human"),
    (["sweep", "1", "--reaction-ms", "100"], "add --bot human"),
])
def test_the_cli_checks_the_reaction_time(argv, says, capsys):
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_simulate_drives_with_the_human_model(capsys):
    assert main(["simulate", "1", "--bot", "human", "--reaction-ms", "150", "--seed", "2",
                 "--max-seconds", "30"]) == 0
    assert "Nenana" in capsys.readouterr().out


def test_it_checks_a_marker_with_balto_senses_when_unsure(make_world):
    x, y = cell(12, 15)
    w = make_world(FIELD, objects=obj(90, "marker", x, y - 16, props={"false": True}))
    bot = HumanBot(1, reaction_ms=0, shake=0.0, senses_chance=1.0)
    sensed = False
    for _ in range(240):
        c = bot(w)
        sensed |= c.senses
        step(w, c)
    assert sensed
    assert w.markers.revealed_until[0] > 0  # what it saw: the marker shown as false


def test_the_sweep_runs_the_human_model():
    report = sweep(["levels/01_nenana_tolovana.tmx"], [1, 2], bot="human", workers=1, max_seconds=20.0)
    assert report.bot == "human" and all(r.bot == "human" for r in report.results)


@pytest.mark.slow
def test_a_person_can_finish_the_campaign_and_it_gets_harder(autopilot_table):
    """Issue #12's difficulty curve, seeds 1-20 with a full crate: the human model finishes every
    leg on 9 seeds in 10; it keeps 19+ vials on leg 1, fewer or as many on each leg after, and
    10-16 on leg 8; the autopilot keeps at least as many as the human model on every leg; the
    human campaign (the crate carried) reaches Nome with a median of 6 to 12 vials. And
    docs/difficulty.md shows these very tables."""
    seeds = list(range(1, 21))
    human = leg_table("human", seeds, workers=2)
    auto = autopilot_table
    camp = campaign(seeds, workers=2)
    # docs/difficulty.md is what tools/difficulty.py renders for the code as it is now
    shown = render({"autopilot": auto, "human": human}, camp, seeds)
    assert DIFFICULTY_MD.read_text(encoding="utf-8") == shown, \
        "docs/difficulty.md is stale: run python tools/difficulty.py\n" + shown
    short = [f"{r.leg} {r.finished}/{r.runs}" for r in human if r.finish_rate < 0.9]
    assert not short, "the human model finishes fewer than 90 %: " + ", ".join(short)
    assert human[0].vials_mean >= 19.0, human[0]
    assert 10.0 <= human[-1].vials_mean <= 16.0, human[-1]
    means = [r.vials_mean for r in human]
    assert means == sorted(means, reverse=True), f"the human model's vials rise somewhere: {means}"
    below = [f"{a.leg} {a.vials_mean:.2f} < {h.vials_mean:.2f}" for a, h in zip(auto, human)
             if a.vials_mean < h.vials_mean]
    assert not below, "the autopilot keeps fewer vials than the human model: " + ", ".join(below)
    assert 6.0 <= camp.median <= 12.0, camp


def test_a_person_held_still_turns_hard_away_after_a_second_and_a_half(make_world):
    """Pinned against something while meaning to go (the team stands, no stun, no brake), the
    human model turns hard to one side for a second instead of pushing on until the clock ends."""
    w = make_world(TURN, heading=90.0)
    bot = HumanBot(5, reaction_ms=0, shake=0.0)
    w.team.stun = 0
    decided = []
    for _ in range(STUCK_TICKS + 10):  # the world is frozen: the team never moves
        w.team.speed = w.team.vx = w.team.vy = 0.0
        decided.append(bot(w))
    assert all(abs(c.steer) < 1.0 or c.mush for c in decided[:STUCK_TICKS])  # the first frame marks the spot
    turn = decided[STUCK_TICKS:]
    assert all(abs(c.steer) == 1.0 and not c.mush and not c.brake for c in turn)
    assert len({c.steer for c in turn}) == 1  # one side, held


def test_a_moving_team_never_counts_as_stuck(make_world):
    w = make_world(TURN, heading=90.0)
    bot = HumanBot(5, reaction_ms=0, shake=0.0)
    for _ in range(600):
        c = bot(w)
        step(w, c)
        assert bot.back_off == 0 or w.team.speed < 20.0
    assert w.outcome == "finished" or w.team.x > cell(30, 4)[0]


def _fork_map() -> str:
    """A fork: the short way straight over a river whose middle is thin ice bank to bank, the
    long way down and round on a trail; the river comes into sight just before the split."""
    w, h = 72, 20
    g = [["." for _ in range(w)] for _ in range(h)]
    for x in range(w):
        g[0][x] = g[h - 1][x] = "T"
    for y in range(h):
        g[y][0] = g[y][w - 1] = "T"
    for y in range(1, 10):
        for x in range(34, 54):
            g[y][x] = "t" if 38 <= x < 50 else "i"
    for x in range(26, 58):
        g[10][x] = "T"
    for x in range(2, 68):
        g[5][x] = "=" if g[5][x] == "." else g[5][x]
    for k in range(11):  # the long way: down, along, up
        g[5 + k][20 + k] = g[5 + k][21 + k] = "="
        g[5 + k][61 - k] = g[5 + k][62 - k] = "="
    for x in range(30, 53):
        g[15][x] = "="
    g[5][2], g[5][67] = "S", "F"
    return "\n".join("".join(r) for r in g)


def _plan_over_river(nav, world: World) -> bool:
    """Does a plan (a flow field) from where the team stands lead over the river's thin middle?"""
    cells = nav.along(world.team.x, world.team.y, 60) or []
    return any(i % nav.width == 44 and i // nav.width < 10 for i in cells)


def test_at_a_fork_it_heads_for_the_short_way_until_it_sees_the_thin_ice(make_world):
    """It knows the lay of the land but not the ice: it plans over the river, and when the thin
    ice comes into sight it plans again and takes the long way round. The autopilot, which
    knows the whole map, goes round from the start; neither breaks through."""
    w = make_world(_fork_map())
    bot = HumanBot(1, reaction_ms=0, shake=0.0)
    step(w, bot(w))
    assert _plan_over_river(bot.belief.field(w), w) and not bot.belief.seen
    assert not _plan_over_river(w.nav, w)  # the level's own field knows the ice
    rows = []
    while not w.outcome and w.tick < 60 * 60:
        step(w, bot(w))
        rows.append(w.team.y / 16)
    assert w.outcome == "finished" and "thin_ice" not in w.losses
    assert bot.belief.seen and bot.belief.plans >= 2  # it saw the ice and planned again
    assert max(rows) > 13  # round by the long way


def test_in_the_dark_it_sees_the_ice_later(make_world):
    """Sight is cut by the weather: at night it learns of the thin ice nearer to it."""
    seen_at = []
    for vis in (1000.0, 120.0):
        w = make_world(_fork_map())
        bot = HumanBot(1, reaction_ms=0, shake=0.0)
        while not bot.belief or not bot.belief.seen:
            w.weather.visibility = vis
            step(w, bot(w))
            assert w.tick < 60 * 30
        seen_at.append(w.team.x / 16)
    assert seen_at[1] > seen_at[0] + 8


def test_a_map_without_hidden_hazards_plans_on_the_levels_own_field(make_world):
    w = make_world(TURN, heading=90.0)
    bot = HumanBot(1)
    bot(w)
    assert bot.belief is not None and bot.belief.nav is None and bot.belief.field(w) is w.nav
