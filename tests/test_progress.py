"""Progress along the trail, the campaign's crate and the high-score tables."""
import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from game.saves import storage
from game.saves.progress import Progress, default_route, load_progress, save_progress
from game.saves.scores import TOP, HighScores, clean_name, load_high_scores, save_high_scores
from game.sim.scoring import RunResult, score, stars

ROUTE = ("leg_a", "leg_b", "leg_c")
PAR = 100.0


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def store(home):
    return storage.Store()


def run(level="leg_a", vials=18, vials_start=20, seconds=90.0, outcome="finished",
        assisted=False) -> RunResult:
    finished = outcome == "finished"
    return RunResult(level=level, title=level, seed=1, bot="player", outcome=outcome,
                     ticks=int(seconds * 60), tick_hz=60, seconds=seconds,
                     vials_start=vials_start, vials=vials,
                     score=score(vials, seconds, PAR, finished),
                     stars=stars(vials, vials_start, seconds, PAR, finished), assisted=assisted)


def test_the_route_is_the_campaign_order():
    route = default_route()
    assert route[0] == "01_nenana_tolovana" and route == tuple(sorted(route))
    assert Progress().unlocked_legs() == (route[0],)


def test_legs_unlock_one_after_another():
    p = Progress(route=ROUTE)
    assert [p.is_unlocked(x) for x in ROUTE] == [True, False, False]
    assert p.record_leg("leg_a", run(outcome="lost", vials=0)).unlocked is None
    assert p.record_leg("leg_a", run(outcome="timeout")).unlocked is None
    assert not p.is_unlocked("leg_b")
    rec = p.record_leg("leg_a", run())
    assert rec.finished and rec.unlocked == "leg_b"
    assert p.unlocked_legs() == ("leg_a", "leg_b")
    assert p.record_leg("leg_a", run()).unlocked is None  # already open
    p.record_leg("leg_b", run("leg_b"))
    assert p.unlocked_legs() == ROUTE
    assert not p.is_unlocked("not_a_leg")


def test_bests_only_go_up():
    p = Progress(route=ROUTE)
    first = p.record_leg("leg_a", run(vials=20, seconds=80))  # 3 stars
    assert first.new_best_stars and first.new_best_score
    best = p.record("leg_a")
    assert (best.best_stars, best.best_seconds) == (3, 80)
    worse = p.record_leg("leg_a", run(vials=10, seconds=70))
    assert not worse.new_best_stars and not worse.new_best_score
    assert p.record("leg_a").best_stars == 3
    assert p.record("leg_a").best_score == score(20, 80, PAR, True)
    assert p.record("leg_a").best_seconds == 70  # fastest finish
    p.record_leg("leg_a", run(outcome="lost", vials=0))
    assert p.record("leg_a").best_stars == 3 and p.record("leg_a").finishes == 2


def test_assisted_bests_are_marked_until_matched_without_assist():
    p = Progress(route=ROUTE)
    p.record_leg("leg_a", run(vials=20, seconds=80, assisted=True))
    r = p.record("leg_a")
    assert r.best_stars == 3 and r.stars_assisted and r.score_assisted
    same = p.record_leg("leg_a", run(vials=20, seconds=80))
    assert same.new_best_stars and not p.record("leg_a").stars_assisted
    p.record_leg("leg_a", run(vials=20, seconds=10), assisted=True)  # slower game speed
    assert p.record("leg_a").score_assisted and not p.record("leg_a").stars_assisted


def test_the_campaign_carries_one_crate():
    p = Progress(route=ROUTE)
    assert p.campaign_leg() is None
    p.start_campaign(20)
    assert p.campaign_leg() == "leg_a" and p.starting_vials(20, campaign=True) == 20
    rec = p.record_leg("leg_a", run(vials=17, vials_start=20), campaign=True)
    assert rec.crate == 17 and p.campaign_leg() == "leg_b"
    assert p.starting_vials(20, campaign=True) == 17  # what was lost stays lost
    assert p.starting_vials(20, campaign=False) == 20  # practice starts full
    # a restart or a quit records nothing: the leg starts again with the same crate
    p.record_leg("leg_b", run("leg_b", outcome="timeout", vials=12, vials_start=17), campaign=True)
    assert p.campaign.vials == 17 and p.campaign_leg() == "leg_b"
    # practice never touches the campaign
    p.record_leg("leg_c", run("leg_c", vials=20))
    assert p.campaign.vials == 17 and p.campaign_leg() == "leg_b" and p.campaign.legs[-1].leg == "leg_a"
    p.record_leg("leg_b", run("leg_b", vials=15, vials_start=17), campaign=True)
    rec = p.record_leg("leg_c", run("leg_c", vials=14, vials_start=15), campaign=True)
    assert rec.campaign_finished and p.campaign.finished and not p.campaign.active
    assert p.campaign.score == 14  # what reached Nome
    assert [x.vials_after for x in p.campaign.legs] == [17, 15, 14]
    assert p.best_campaign == 14 and p.campaigns_finished == 1
    assert p.campaign_leg() is None


def test_the_crate_never_refills():
    p = Progress(route=ROUTE)
    p.start_campaign(20)
    p.record_leg("leg_a", run(vials=12), campaign=True)
    p.record_leg("leg_b", run("leg_b", vials=19, vials_start=20), campaign=True)  # a full start
    assert p.campaign.vials == 12


def test_an_empty_crate_ends_the_campaign():
    p = Progress(route=ROUTE)
    p.start_campaign(20)
    p.record_leg("leg_a", run(vials=5), campaign=True)
    rec = p.record_leg("leg_b", run("leg_b", outcome="lost", vials=0, vials_start=5), campaign=True)
    assert rec.campaign_failed and p.campaign.failed and p.campaign.score == 0
    assert p.campaign_leg() is None and p.best_campaign == 0
    with pytest.raises(ValueError):
        p.record_leg("leg_b", run("leg_b"), campaign=True)
    p.start_campaign(20)  # a new campaign starts afresh, bests kept
    assert p.campaign_leg() == "leg_a" and p.campaign.legs == [] and p.is_unlocked("leg_b")


def test_the_campaign_runs_legs_in_order():
    p = Progress(route=ROUTE)
    p.start_campaign(20)
    with pytest.raises(ValueError, match="leg_a"):
        p.record_leg("leg_b", run("leg_b"), campaign=True)
    with pytest.raises(ValueError):
        p.start_campaign(0)


def test_a_better_campaign_replaces_the_best_only():
    p = Progress(route=("leg_a",))
    p.start_campaign(20)
    p.record_leg("leg_a", run(vials=15), campaign=True)
    p.start_campaign(20)
    p.record_leg("leg_a", run(vials=9), campaign=True)
    assert p.best_campaign == 15 and p.campaigns_finished == 2


def test_progress_round_trip(store, home):
    p = Progress()
    route = p.route
    p.record_leg(route[0], run(route[0], assisted=True))
    p.start_campaign(20)
    p.record_leg(route[0], run(route[0], vials=16), campaign=True)
    assert save_progress(p, store)
    data = json.loads((home / "data" / "progress.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["campaign"]["vials"] == 16
    again = load_progress(store)
    assert again == p and store.take_notices() == []
    assert again.campaign_leg() == route[1] and again.is_unlocked(route[1])


def test_a_damaged_progress_file_keeps_what_it_can(store, home):
    p = Progress()
    p.record_leg(p.route[0], run(p.route[0]))
    p.start_campaign(20)
    data = p.to_dict()
    data["legs"]["02_tolovana_manley"] = {"best_stars": 9}
    data["campaign"]["vials"] = 50  # more than the crate held
    storage.atomic_write_json(home / "data" / "progress.json", data)
    again = load_progress(store)
    assert again.record(p.route[0]) == p.record(p.route[0])
    assert "02_tolovana_manley" not in again.legs and not again.campaign.started
    (notice,) = store.take_notices()
    assert "progress.json.bak" in notice and "campaign" in notice


@pytest.mark.parametrize("payload", [b"", b"\x00" * 64, b'{"schema": 1, "legs": [', b"[]",
                                     b'{"schema": 5, "legs": {}}'])
def test_a_corrupt_progress_file_gives_a_fresh_start(store, home, payload):
    path = home / "data" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    assert load_progress(store) == Progress()
    assert len(store.take_notices()) == 1 and (home / "data" / "progress.json.bak").exists()


# ---------------------------------------------------------------------------- high scores

def test_high_scores_are_ordered_and_capped():
    hs = HighScores()
    placements = [hs.add("leg_a", f"p{i}", 1000 + 100 * (i % 7), 10, 60 + i, date="2025-01-02")
                  for i in range(15)]
    table = hs.table("leg_a")
    assert len(table) == TOP
    assert [e.score for e in table] == sorted((e.score for e in table), reverse=True)
    assert placements[0].rank == 1 and placements[0].new_best
    assert hs.best("leg_a").score == 1600
    assert hs.add("leg_a", "late", 1000, 10, 90).rank is None  # not good enough
    assert hs.add("leg_a", "none", 0, 0, 10).rank is None  # unfinished runs never enter


def test_ties_go_to_the_faster_then_to_the_earlier():
    hs = HighScores()
    hs.add("leg_a", "first", 5000, 5, 60.0)
    assert hs.add("leg_a", "slower", 5000, 5, 61.0).rank == 2
    faster = hs.add("leg_a", "faster", 5000, 5, 59.0)
    assert faster.rank == 1 and not faster.new_best  # same score is not a new best
    assert hs.add("leg_a", "again", 5000, 5, 60.0).rank == 3  # equal: below the earlier run
    assert [e.name for e in hs.table("leg_a")] == ["faster", "first", "again", "slower"]
    better = hs.add("leg_a", "best", 5001, 5, 99.0)
    assert better.rank == 1 and better.new_best


def test_assisted_runs_are_marked_and_results_enter():
    hs = HighScores()
    res = run(vials=19, assisted=True)
    placed = hs.add_result("leg_a", res, "Kaasen", date="2025-02-02")
    assert placed.rank == 1 and placed.assisted and hs.table("leg_a")[0].assisted
    e = hs.table("leg_a")[0]
    assert (e.score, e.vials, e.seconds, e.date) == (res.score, 19, 90.0, "2025-02-02")
    assert hs.add_result("leg_a", run(vials=18), "x", assisted=True).assisted
    assert hs.add_result("leg_a", run(outcome="lost", vials=0), "x").rank is None


def test_names_are_cleaned():
    assert clean_name("  Leonhard   Seppala the Great ") == "Leonhard Sep"
    assert clean_name("\x00\n\t") == "Balto"
    assert clean_name("Tógo\u200b") == "Tógo"


def test_high_scores_round_trip_and_damage(store, home):
    hs = HighScores()
    for i in range(3):
        hs.add("leg_a", f"n{i}", 1000 * (i + 1), i, 50.0 + i, date=f"2025-01-0{i + 1}")
    hs.add("campaign", "c", 14, 14, 900.0)
    assert save_high_scores(hs, store)
    assert load_high_scores(store) == hs and store.take_notices() == []
    data = hs.to_dict()
    data["legs"]["leg_a"].append({"name": 5, "score": "lots"})
    data["legs"]["leg_b"] = "nope"
    storage.atomic_write_json(home / "data" / "highscores.json", data)
    assert load_high_scores(store) == hs
    assert len(store.take_notices()) == 1


# ---------------------------------------------------------------------------- invariants

result_st = st.builds(
    lambda leg, vials, seconds, outcome, assisted: run(
        leg, vials if outcome == "finished" else 0 if outcome == "lost" else vials,
        20, seconds, outcome, assisted),
    st.sampled_from(ROUTE), st.integers(1, 20), st.floats(30, 200),
    st.sampled_from(["finished", "finished", "lost", "timeout"]), st.booleans())


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(result_st, st.booleans()), max_size=30))
def test_no_sequence_of_results_lowers_anything_earned(steps):
    p = Progress(route=ROUTE)
    p.start_campaign(20)
    for res, in_campaign in steps:
        before = {leg: p.record(leg) for leg in ROUTE}
        before = {leg: (r.best_stars, r.best_score, r.finished) for leg, r in before.items()}
        unlocked = p.unlocked_legs()
        crate = p.campaign.vials
        if in_campaign and p.campaign_leg() is not None:
            res = run(p.campaign_leg(), min(res.vials, crate) if res.outcome != "lost" else 0,
                      crate, res.seconds, res.outcome, res.assisted)
            p.record_leg(res.level, res, campaign=True)
            assert p.campaign.vials <= crate
        elif p.is_unlocked(res.level):
            p.record_leg(res.level, res)
            assert p.campaign.vials == crate
        for leg in ROUTE:
            r = p.record(leg)
            stars_, score_, finished = before[leg]
            assert r.best_stars >= stars_ and r.best_score >= score_ and r.finished >= finished
        assert set(unlocked) <= set(p.unlocked_legs())
    again, problems = Progress.from_dict(json.loads(json.dumps(p.to_dict())), ROUTE)
    assert again == p and problems == []


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30000), st.floats(1, 500), st.booleans()), max_size=40))
def test_high_score_tables_stay_sorted_and_short(runs):
    hs = HighScores()
    for score_, seconds, assisted in runs:
        best_before = hs.best("leg_a")
        placed = hs.add("leg_a", "n", score_, 5, seconds, assisted)
        table = hs.table("leg_a")
        assert len(table) <= TOP
        assert [e.sort_key() for e in table] == sorted(e.sort_key() for e in table)
        if placed.rank is not None:
            assert table[placed.rank - 1].score == score_
        assert placed.new_best == (score_ > 0 and (best_before is None or score_ > best_before.score))
