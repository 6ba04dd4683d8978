"""Race your best run: the ghost team replays the leg's best recorded run beside the player,
never changes the player's run, and gives split times at checkpoints."""
import numpy as np
import pygame
import pytest

from game.render.hud import split_words
from game.render.tiles import TileRenderer
from game.saves.storage import Store
from game.screens.run_view import RunView
from game.session.campaign import CAMPAIGN, PRACTICE, LegContext
from game.session.ghost import Ghost, find_ghost, ghost_path, ghost_wanted, split_seconds
from game.session.replay import Recorder, list_replays
from game.session.run import RunSession
from game.session.services import Services
from game.sim import create_world, digest, step
from game.sim.controls import Controls
from game.tiled.level import load_level

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T......................................T
T..S================KK=============FF..T
T...................KK.............FF..T
T......................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""

pytestmark = pytest.mark.usefixtures("pygame_display", "as_campaign_leg")


def fast(world) -> Controls:
    return Controls(mush=True)


def slow(world) -> Controls:
    """Mushes only part of the time: reaches everything later than `fast`."""
    return Controls(mush=world.tick % 3 == 0)


@pytest.fixture
def level_path(tmp_path):
    from mapmaker import write_map

    return write_map(tmp_path / "ghostleg.tmx", MAP, properties={"title": "Ghost leg"})


@pytest.fixture
def services(assets, tmp_path):
    store = Store(tmp_path / "config", tmp_path / "data")
    return Services.create(assets, store=store, recorder=Recorder(tmp_path / "replays"))


def session_view(services, level, seed=3, mode=PRACTICE):
    session = RunSession(level, seed, services)
    session.context = LegContext(mode, 0, session.world.vials_start)
    return session, RunView(session, TileRenderer, bandanna=False)


def play(session, view, drive, limit=4000):
    """Step the run as the run screen does (the session, then the view) to its end."""
    for _ in range(limit):
        if session.world.done:
            return
        view.update_tick(session.step(drive(session.world)))
    raise AssertionError("the run never ended")


def record_best(services, level_path, drive=fast):
    level = load_level(level_path)
    session, view = session_view(services, level)
    assert view.ghost is None  # nothing to race yet
    play(session, view, drive)
    assert session.outcome.placement.new_best
    return level


def test_a_new_best_keeps_its_replay_as_the_ghost_and_a_worse_run_does_not(services, level_path, tmp_path):
    level = record_best(services, level_path)
    ghost_file = ghost_path(tmp_path / "replays", "ghostleg")
    assert ghost_file.is_file()
    first = ghost_file.read_bytes()
    assert ghost_file not in list_replays(tmp_path / "replays")  # pruning never sees it
    session, view = session_view(services, level)
    assert view.ghost is not None
    play(session, view, slow)
    assert not session.outcome.placement.new_best
    assert ghost_file.read_bytes() == first


def test_the_ghost_never_changes_the_players_run(services, level_path):
    level = record_best(services, level_path)
    digests = {}
    for on in (True, False):
        services.apply_settings(services.settings.replace(ghost_practice=on))
        session, view = session_view(services, level, seed=11)
        assert (view.ghost is not None) == on
        for _ in range(150):
            view.update_tick(session.step(slow(session.world)))
            view.draw(pygame.Surface((640, 360)), 0.5)
        digests[on] = digest(session.world)
        session.leave()
    assert digests[True] == digests[False]


def test_the_ghost_follows_the_recorded_path(services, level_path):
    level = record_best(services, level_path)
    replay = find_ghost(level, services.recorder.folder())
    ghost = Ghost(replay, level)
    fresh = create_world(level, replay.seed)
    for c in replay.controls[:90]:
        step(fresh, c)
    ghost.follow(90)
    assert ghost.world.tick == 90
    assert np.array_equal(ghost.world.nodes, fresh.nodes) and digest(ghost.world) == digest(fresh)
    assert ghost.world.team.x > create_world(level, 1).team.x + 50  # it has moved along the trail


def test_splits_behind_and_ahead_of_the_ghost(services, level_path):
    level = record_best(services, level_path)
    ghost = Ghost(find_ghost(level, services.recorder.folder()), level)
    reached = ghost.split_at(0, 0)  # the scout runs ahead to learn the ghost's time there
    assert reached is not None and reached < 0
    t = ghost.splits[0]
    assert split_seconds(t + 72, t) == pytest.approx(1.2) and ghost.split_at(0, t + 72) == pytest.approx(1.2)
    assert ghost.split_at(0, t - 48) == pytest.approx(-0.8)
    assert ghost.split_at(5, t) is None  # a checkpoint the ghost never reached
    assert split_words(1.2) == "+1.2 s" and split_words(-0.8) == "-0.8 s" and split_words(0.0) == "+0.0 s"
    assert split_words(-0.04) == "+0.0 s" and split_words(2.35) in ("+2.3 s", "+2.4 s")


def test_the_hud_shows_the_split_when_the_player_reaches_a_checkpoint(services, level_path):
    level = record_best(services, level_path)
    session, view = session_view(services, level)
    for _ in range(3 * 48):  # the countdown: the scout learns the ghost's checkpoint times
        view.idle_tick()
    assert view.ghost is not None and view.ghost.scouted
    while not session.world.checkpoints_reached:
        view.update_tick(session.step(slow(session.world)))
    split = view.hud.split
    assert split is not None and split.seconds > 0  # slower than the best run: behind
    assert split.seconds == pytest.approx((session.world.tick - view.ghost.splits[0]) / 60)


def test_no_ghost_for_another_version_of_the_level_or_when_switched_off(services, level_path):
    level = record_best(services, level_path)
    services.apply_settings(services.settings.replace(ghost_practice=False))
    assert session_view(services, level)[1].ghost is None
    services.apply_settings(services.settings.replace(ghost_practice=True))
    assert session_view(services, level)[1].ghost is not None
    level_path.write_text(level_path.read_text().replace("Ghost leg", "Ghost leg, changed"))
    changed = load_level(level_path)
    assert changed.source_hash != level.source_hash
    assert find_ghost(changed, services.recorder.folder()) is None
    session, view = session_view(services, changed)
    assert view.ghost is None
    view.update_tick(session.step(fast(session.world)))  # and nothing breaks


def test_the_ghost_is_on_in_practice_and_off_in_the_campaign_by_default(services):
    s = services.settings
    assert ghost_wanted(s, PRACTICE) and ghost_wanted(s, None) and not ghost_wanted(s, CAMPAIGN)
    s = s.replace(ghost_campaign=True, ghost_practice=False)
    assert ghost_wanted(s, CAMPAIGN) and not ghost_wanted(s, PRACTICE)


def test_a_damaged_ghost_file_gives_no_ghost(services, level_path):
    level = record_best(services, level_path)
    folder = services.recorder.folder()
    ghost_path(folder, "ghostleg").write_text("{not json")
    (folder / "best.json").write_text("[]")
    assert find_ghost(level, folder) is None


def test_a_retry_after_a_new_best_races_the_new_best(services, level_path):
    level = record_best(services, level_path, drive=slow)
    session, view = session_view(services, level)
    first = view.ghost
    assert first is not None
    session.restart()
    view.sync()
    assert view.ghost is first  # the same best: the same ghost, its checkpoint times kept
    play(session, view, fast)
    assert session.outcome.placement.new_best
    session.restart()
    view.sync()
    assert view.ghost is not first
    assert view.ghost.ticks < first.ticks  # the faster run is the one raced now
    assert view.ghost.world.tick == 0


def test_a_fifo_or_an_oversized_ghost_file_gives_no_ghost_and_no_hang(services, level_path):
    """A hostile ghost file: a FIFO is never opened (it would block), one past the replay cap is
    refused; either way the leg is raced without a ghost."""
    import os

    from game.session.replay_file import MAX_REPLAY_BYTES

    level = record_best(services, level_path)
    folder = services.recorder.folder()
    (folder / "best.json").write_text("[]")
    path = ghost_path(folder, "ghostleg")
    path.unlink()
    os.mkfifo(path)
    assert find_ghost(level, folder) is None
    path.unlink()
    path.write_bytes(b"{" + b" " * (MAX_REPLAY_BYTES + 1) + b"}")
    assert find_ghost(level, folder) is None
