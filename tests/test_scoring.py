"""Scoring: vials are the score; losses carry causes; stars reward care and pace."""
from hypothesis import given
from hypothesis import strategies as st

from game.sim import events as E
from game.sim import scoring

PIC = """
TTTTTTTTTT
T.S=====FT
TTTTTTTTTT
"""


def test_break_vials_records_cause_and_never_goes_below_zero(make_world):
    w = make_world(PIC)
    assert scoring.break_vials(w, 5, "impact", 0, 0) == 5
    assert scoring.break_vials(w, 50, "water", 0, 0) == 15
    assert w.vials == 0
    assert w.losses == {"impact": 5, "water": 15}
    assert w.outcome == "lost"
    kinds = [e.kind for e in w.events]
    assert kinds.count(E.VIALS_LOST) == 2 and E.LOST in kinds
    assert scoring.break_vials(w, 3, "impact", 0, 0) == 0


def test_the_crate_starts_with_the_map_property(make_world):
    assert make_world(PIC, properties={"vials": 12}).vials == 12


def test_impact_loss_grows_with_speed():
    assert scoring.impact_loss(30, 40, 35) == 0
    assert scoring.impact_loss(41, 40, 35) == 1
    assert scoring.impact_loss(150, 40, 35) == 4


def test_score_is_vials_first_then_time():
    full_slow = scoring.score(20, 200, 120, True)
    less_fast = scoring.score(19, 60, 120, True)
    assert full_slow > less_fast
    assert scoring.score(20, 100, 120, True) > scoring.score(20, 110, 120, True)
    assert scoring.score(20, 50, 120, False) == 0


def test_stars():
    assert scoring.stars(20, 20, 100, 120, True) == 3
    assert scoring.stars(20, 20, 130, 120, True) == 2  # over par
    assert scoring.stars(15, 20, 100, 120, True) == 2
    assert scoring.stars(10, 20, 100, 120, True) == 1
    assert scoring.stars(20, 20, 100, 120, False) == 0


@given(st.integers(0, 100), st.integers(1, 100), st.floats(0, 1000), st.floats(1, 1000), st.booleans())
def test_stars_and_score_stay_in_range(vials, start, secs, par, finished):
    vials = min(vials, start)
    s = scoring.stars(vials, start, secs, par, finished)
    assert 0 <= s <= 3
    assert (s == 0) == (not finished or vials == 0)
    assert scoring.score(vials, secs, par, finished) >= 0


def test_result_reports_everything(make_world):
    from game.sim import Controls, digest, step

    w = make_world(PIC)
    while not w.outcome:
        step(w, Controls(mush=True))
    r = scoring.result(w, "x.tmx", "test", digest(w))
    d = r.as_dict()
    assert d["outcome"] == "finished" and d["vials"] == 20 and d["stars"] == 3
    assert d["ticks"] == w.tick and d["seconds"] == round(w.tick / 60, 4)
    assert set(d) == {"level", "title", "seed", "bot", "outcome", "ticks", "tick_hz", "seconds",
                      "vials_start", "vials", "losses", "score", "stars", "digest"}


def test_assist_mode_unbreakable_vials_and_infinite_stamina_mark_the_run(make_world):
    from game.sim import Assist, Controls, create_world, digest, step

    w = make_world(PIC)
    helped = create_world(w.level, 1, assist=Assist(unbreakable_vials=True, infinite_stamina=True))
    assert scoring.break_vials(helped, 5, "impact", 0, 0) == 0
    assert helped.vials == 20 and helped.events[-1].kind == E.VIALS_SAVED
    for _ in range(300):
        step(helped, Controls(mush=True))
    assert helped.team.stamina == 1.0
    r = scoring.result(helped, "x.tmx", "test", digest(helped))
    assert r.assisted and r.as_dict()["assisted"] is True
    plain = scoring.result(w, "x.tmx", "test", digest(w))
    assert not plain.assisted


def test_the_campaign_crate_carries_over_into_the_next_leg(make_world):
    from game.sim import create_world

    w = make_world(PIC)
    carried = create_world(w.level, 1, vials=13)
    assert carried.vials == carried.vials_start == 13
