"""Watching a bot drive: `balto play LEVEL --bot NAME` and the title's demo. The bot steers,
the player's keys only pause (or end the demo), and nothing is recorded as the player's:
no replay, no high score, no progress."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app.flow import DEMO_GRACE_TICKS, DEMO_TAG, Flow  # noqa: E402
from game.app.window import App  # noqa: E402
from game.cli import main  # noqa: E402
from game.content.legs import LEGS  # noqa: E402
from game.input import actions as I  # noqa: E402
from game.saves import storage  # noqa: E402
from game.saves.progress import load_progress  # noqa: E402
from game.saves.scores import load_high_scores  # noqa: E402
from game.screens.title import DEMO_IDLE_SECONDS  # noqa: E402
from game.session.replay import Recorder, list_replays  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.sim import create_world, digest, step  # noqa: E402
from game.sim.bots import make_bot  # noqa: E402
from game.sim.controls import Controls  # noqa: E402
from game.sim.world import TICK_HZ  # noqa: E402

IDLE = DEMO_IDLE_SECONDS * TICK_HZ

pytestmark = pytest.mark.usefixtures("pygame_display")


def _flow(assets, store, tmp_path, **kw) -> Flow:
    services = Services.create(assets, store=store, recorder=Recorder(tmp_path / "replays"))
    return Flow(services, seed=7, **kw)


def _nothing_recorded(flow: Flow, store, tmp_path) -> None:
    assert list_replays(tmp_path / "replays") == []
    assert not load_high_scores(store).table(LEGS[0].id)
    assert load_progress(store).record(LEGS[0].id).best_stars == 0


def _ticks(flow: Flow, n: int) -> None:
    for _ in range(n):
        flow.tick()


def _draw(flow: Flow) -> np.ndarray:
    surf = pygame.Surface((640, 360))
    flow.draw(surf, 0.5)
    return pygame.surfarray.array3d(surf)


@pytest.mark.parametrize("bot", ["random", "autopilot"])
def test_play_bot_drives_and_the_players_keys_do_not(assets, legs, store, tmp_path, bot):
    flow = _flow(assets, store, tmp_path, default_level=legs / f"{LEGS[0].id}.tmx", bot=bot)
    flow.play()
    _ticks(flow, 200)
    assert flow.screen.name == "run"
    flow.services.controls = Controls(steer=1.0, brake=True)  # the player leans on the keys
    _ticks(flow, 120)
    run = flow.session
    n = run.world.tick
    assert run.bot == bot and n > 60
    # The same leg, seed and bot, headless: the player's keys changed nothing.
    twin = create_world(run.level, 7)
    driver = make_bot(bot, 7)
    for _ in range(n):
        step(twin, driver(twin))
    assert digest(twin) == digest(run.world)
    flow.handle(I.RESTART)  # ignored: the bot's run goes on
    assert flow.session.world.tick == n
    flow.handle(I.BACK)  # pausing still works
    assert flow.screen.name == "pause"
    flow.handle(I.BACK)
    assert flow.screen.name == "run"


def test_a_bot_run_is_never_recorded_and_ends_into_the_next_seed(assets, legs, store, tmp_path):
    flow = _flow(assets, store, tmp_path, default_level=legs / f"{LEGS[0].id}.tmx", bot="autopilot")
    flow.play()
    first = flow.session
    for _ in range(3000):
        flow.tick()
        if first.world.done:
            break
    assert first.world.outcome == "finished"
    _ticks(flow, 300)
    assert flow.screen.name == "countdown", "the leg again, not the results"
    assert flow.session.seed == 8 and flow.session.world.tick == 0
    _nothing_recorded(flow, store, tmp_path)


def test_the_bot_tag_says_who_drives(assets, legs, store, tmp_path):
    path = legs / f"{LEGS[0].id}.tmx"
    watched = _flow(assets, store, tmp_path, default_level=path, bot="random")
    played = _flow(assets, store, tmp_path, default_level=path)
    for flow in (watched, played):
        flow.play()
        _ticks(flow, 200)
    assert watched.run_view.tag == "BOT: random" and played.run_view.tag == ""
    a = _draw(watched)
    watched.run_view.tag = ""
    b = _draw(watched)
    xs, ys = np.nonzero(np.any(a != b, axis=2))
    assert len(xs) > 200 and xs.max() < 200 and ys.min() >= 22, "the tag sits top left, under the bar"


def test_the_title_plays_a_demo_after_30_idle_seconds(assets, legs, store, tmp_path):
    flow = _flow(assets, store, tmp_path)
    assert flow.screen.name == "title"
    _ticks(flow, IDLE - 60)
    flow.handle(I.DOWN)  # the player is there: the wait starts again
    _ticks(flow, IDLE - 1)
    assert flow.screen.name == "title"
    _ticks(flow, 2)
    assert flow.screen.name == "run" and flow.demo_playing
    assert flow.session.bot == "autopilot" and flow.run_view.tag == DEMO_TAG
    _ticks(flow, 90)
    assert flow.session.world.team.speed > 20, "the autopilot drives"
    shot = _draw(flow)
    assert shot.std() > 10
    flow.handle(I.CONFIRM)  # any key: back to the title, and the key does not pick Campaign
    assert flow.screen.name == "title" and not flow.demo_playing
    flow.handle(I.CONFIRM)  # a pad sends the same press twice: still the title
    assert flow.screen.name == "title"
    _ticks(flow, DEMO_GRACE_TICKS)
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # now the menu answers again (Practice a leg)
    assert flow.screen.name == "route_map"
    _nothing_recorded(flow, store, tmp_path)


def test_a_demo_ends_on_its_own_back_at_the_title(assets, legs, store, tmp_path):
    flow = _flow(assets, store, tmp_path)
    _ticks(flow, IDLE + 1)
    first = flow.session
    assert flow.demo_playing
    for _ in range(3000):
        flow.tick()
        if flow.screen.name == "title":
            break
    assert first.world.outcome == "finished" and flow.screen.name == "title"
    _ticks(flow, IDLE + 1)  # the next demo shows the next leg
    assert flow.demo_playing and flow.session.level.properties["leg"] == 2
    _nothing_recorded(flow, store, tmp_path)


def test_a_key_press_in_the_window_ends_the_demo(assets, legs, store, tmp_path):
    flow = _flow(assets, store, tmp_path)
    app = App(flow, pygame.Surface((640, 360)))
    _ticks(flow, IDLE + 1)
    assert flow.demo_playing
    app.event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE))  # a key bound to no menu action
    assert flow.screen.name == "title"
    _ticks(flow, IDLE + 1)
    app.event(pygame.event.Event(pygame.JOYBUTTONDOWN, button=0, instance_id=0, joy=0))
    assert flow.screen.name == "title"


def test_the_window_keys_work_during_the_demo_without_ending_it(assets, legs, store, tmp_path):
    flow = _flow(assets, store, tmp_path)
    app = App(flow, pygame.Surface((640, 360)))
    _ticks(flow, IDLE + 1)
    assert flow.demo_playing
    app.event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F12, mod=0, unicode=""))  # screenshot
    assert flow.demo_playing and app.screenshot_wanted
    app.event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F3, mod=0, unicode=""))  # debug overlay
    assert flow.demo_playing and app.debug.visible


def test_play_bot_needs_a_level_and_a_known_bot(capsys):
    assert main(["play", "--bot", "autopilot"]) == 2
    assert "--bot needs a LEVEL" in capsys.readouterr().err
    assert main(["play", "1", "--bot", "nobody"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_balto_autopilot_drives_as_a_watched_bot_never_as_the_player(monkeypatch, tmp_path):
    """BALTO_AUTOPILOT=1 (automated runs of the window) is `play --bot autopilot`: the runs it
    drives are tagged and never go into the player's scores, stars or replays."""
    import game.app.window as window

    made: list[Flow] = []

    class Spy(Flow):
        def __init__(self, *args, **kw) -> None:
            super().__init__(*args, **kw)
            made.append(self)

    monkeypatch.setattr(window, "Flow", Spy)
    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setenv("BALTO_AUTOPILOT", "1")
    monkeypatch.setenv("BALTO_MAX_FRAMES", "2")
    assert window.run_app() == 0
    assert made and made[0].bot == "autopilot" and made[0].driver is None
    monkeypatch.delenv("BALTO_AUTOPILOT")
    made.clear()
    assert window.run_app(bot="random") == 0
    assert made[0].bot == "random"
    made.clear()
    assert window.run_app() == 0
    assert made[0].bot == ""
