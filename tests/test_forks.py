"""Every fork of legs 3-8 is a real choice (issue #12): the short way is the riskier one.

tools/forks.py measures it: which branch each bot takes on seeds 1-20, and the vials a team
loses inside the fork's stretch. The human model takes the short way on its own; runs forced
down the long way (the short one closed to the driver, the ground unchanged) give that way's
cost, which no bot-chosen run would."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from forks import FORKS, measure, per_run, table  # noqa: E402  (a tool script)
from paint import ascii_window  # noqa: E402

SEEDS = list(range(1, 21))


@pytest.fixture(scope="module")
def fork_runs():
    free = measure(sorted(FORKS), SEEDS, bots=("autopilot", "human"), workers=2, forced=("",))
    # The human model takes the short way on its own (on leg 8 in 14 runs of 20): only the long
    # way needs runs forced down it, on seeds 1-10 (CI's time budget).
    forced = measure(sorted(FORKS), SEEDS[:10], bots=("human",), workers=2, forced=("long",))
    runs = free + forced
    print("\n" + table(runs))
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("leg", sorted(FORKS))
def test_the_short_way_costs_a_team_that_takes_it_more_than_the_long_way(fork_runs, leg):
    short = per_run(fork_runs, leg, "human", "", "short")  # free runs that took the short way
    long = per_run(fork_runs, leg, "human", "long")
    assert short > long, f"leg {leg} ({FORKS[leg].danger}): short {short:.2f} vs long {long:.2f} vials per run"
    forced = [r for r in fork_runs if r.leg == leg and r.forced]
    assert all(r.branch == r.forced for r in forced if r.branch), "a forced run took the other branch"


@pytest.mark.slow
@pytest.mark.parametrize("leg", sorted(FORKS))
def test_each_bot_takes_a_branch_of_its_own_on_every_seed(fork_runs, leg):
    for bot in ("autopilot", "human"):
        free = [r for r in fork_runs if r.leg == leg and r.bot == bot and not r.forced]
        assert len(free) == len(SEEDS) and all(r.branch in ("short", "long") for r in free), (bot, free)


def test_the_ascii_view_of_a_window_past_the_map_edge_is_clipped_to_the_map():
    text = ascii_window("levels/03_yukon_to_ruby.tmx", 640, 55, 700, 80)  # the map is 660 x 64
    rows = text.splitlines()[1:]
    assert [int(r[:3]) for r in rows] == list(range(55, 64))
    assert all(len(r) == 4 + 20 for r in rows)  # columns 640..659
