"""`balto play LEVEL --from NAME` starts at a named checkpoint, and only runs of the shipped
campaign's legs (played from their start) enter high scores, stars and the replays list."""
import math
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402
from mapmaker import obj, write_map  # noqa: E402

import game.content.legs as campaign_data  # noqa: E402
from game.cli import main  # noqa: E402
from game.cli.common import LINE_MAX  # noqa: E402
from game.content.legs import LEGS  # noqa: E402
from game.saves.progress import load_progress  # noqa: E402
from game.saves.scores import load_high_scores  # noqa: E402
from game.session import campaign as ctl_mod  # noqa: E402
from game.session.replay import Recorder, list_replays  # noqa: E402
from game.session.run import RunSession  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.sim.bots import make_bot  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

pytestmark = pytest.mark.usefixtures("pygame_display")

# A trail east to a checkpoint, then south to the finish: the way on from it is south.
PIC = """
TTTTTTTTTTTTTTTTTT
T................T
T.S=========KK...T
T...........==...T
T...........==...T
T...........==...T
T...........FF...T
TTTTTTTTTTTTTTTTTT
"""


def _services(assets, store, tmp_path) -> Services:
    return Services.create(assets, store=store, recorder=Recorder(tmp_path / "replays"))


def _named(path):
    text = path.read_text().replace('name="checkpoint"', 'name="Old Roadhouse"')
    path.write_text(text)
    return path


def test_from_an_unknown_checkpoint_exits_2_listing_the_names(tmp_path, capsys):
    level = _named(write_map(tmp_path / "m.tmx", PIC))
    assert main(["play", str(level), "--from", "Nowhere"]) == 2
    err = capsys.readouterr().err
    assert "no checkpoint 'Nowhere'" in err and "'Old Roadhouse'" in err
    assert main(["play", "--from", "Old Roadhouse"]) == 2  # --from needs a LEVEL


def test_the_team_starts_at_the_checkpoint_facing_the_way_on(assets, store, tmp_path):
    level = load_level(_named(write_map(tmp_path / "m.tmx", PIC)))
    cp = level.of_kind("checkpoint")[0]
    for name in ("Old Roadhouse", str(cp.id)):  # by name, or by the id Tiled's %objectid gives
        run = RunSession(level, 3, _services(assets, store, tmp_path), start_at=name)
        t = run.world.team
        assert (t.x, t.y) == cp.center
        assert math.isclose(t.heading, math.pi, abs_tol=1e-9)  # south, toward the finish
        assert run.world.respawn.name == "Old Roadhouse" and run.world.checkpoints_reached == [0]
        run.restart()  # a retry starts there again
        assert (run.world.team.x, run.world.team.y) == cp.center


def test_a_checkpoint_heading_wins_over_the_way_on(assets, store, tmp_path):
    cp = obj(60, "checkpoint", 192, 32, 32, 16, props={"heading": 270.0})
    level = load_level(write_map(tmp_path / "m.tmx", PIC.replace("KK", "=="), objects=cp))
    assert level.of_kind("checkpoint")[0].properties["heading"] == 270
    run = RunSession(level, 3, _services(assets, store, tmp_path), start_at="checkpoint")
    assert math.isclose(run.world.team.heading, math.radians(270))


def _finish(run: RunSession, seed: int = 3, ticks: int = 4000) -> None:
    bot = make_bot("autopilot", seed)
    for _ in range(ticks):
        run.step(bot(run.world))
        if run.world.done:
            break
    assert run.world.outcome == "finished"


def test_only_campaign_legs_from_their_start_are_recorded(assets, store, tmp_path, monkeypatch):
    folder = tmp_path / "levels"
    folder.mkdir()
    leg = _named(write_map(folder / f"{LEGS[0].id}.tmx", PIC, properties={"leg": 1}))
    copy = _named(write_map(tmp_path / f"{LEGS[0].id}.tmx", PIC, properties={"leg": 1}))
    monkeypatch.setattr(campaign_data, "LEVELS_DIR", folder)
    ctl_mod.leg_info.cache_clear()
    try:
        services = _services(assets, store, tmp_path)
        for path, start_at in ((copy, ""), (leg, "Old Roadhouse")):  # a copy elsewhere; from a checkpoint
            run = RunSession(load_level(path), 3, services, start_at=start_at)
            _finish(run)
            assert run.final is not None and run.outcome is not None and run.outcome.placement.rank is None
        assert list_replays(tmp_path / "replays") == []
        assert not load_high_scores(store).table(LEGS[0].id)
        assert load_progress(store).record(LEGS[0].id).best_stars == 0
        run = RunSession(load_level(leg), 3, services)  # the leg itself, from its start: recorded
        _finish(run)
        assert run.outcome is not None and run.outcome.placement.rank == 1
        assert len(list_replays(tmp_path / "replays")) == 1
        assert load_high_scores(store).table(LEGS[0].id)
    finally:
        ctl_mod.leg_info.cache_clear()


@pytest.mark.parametrize("name", ["99999999999999999999999999", "-1", "\x1b[2J\x00", "x" * 5000])
def test_a_hostile_from_is_one_clear_line_and_exit_2(tmp_path, capsys, name):
    """A huge object id, a negative one, control characters or a very long name: no such
    checkpoint, one line on stderr (printable, bounded), exit 2, no traceback."""
    level = _named(write_map(tmp_path / "m.tmx", PIC))
    assert main(["play", str(level), "--from", name]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err and "\x00" not in err
    assert len(err) <= LINE_MAX + 100  # cut, with a count of what was left out


def test_a_shipped_leg_counts_when_the_game_runs_from_another_folder(assets, store, tmp_path, monkeypatch):
    """A wheel-installed game is started from anywhere: the shipped leg's path reads
    `levels/NAME.tmx` in messages, yet its runs are still the player's and are recorded."""
    monkeypatch.chdir(tmp_path)
    level = load_level(LEGS[0].path)
    assert level.path == f"levels/{LEGS[0].path.name}"  # what a person reads
    assert not (tmp_path / level.path).exists()
    run = RunSession(level, 1, _services(assets, store, tmp_path))
    assert run.counts
    _finish(run, seed=1, ticks=20_000)
    assert run.outcome is not None and run.outcome.placement.rank == 1
    assert load_high_scores(store).table(LEGS[0].id)
    assert load_progress(store).record(LEGS[0].id).best_stars >= 1
    assert len(list_replays(tmp_path / "replays")) == 1
