"""Runs played in the window are recorded; `replay FILE` plays one back in the window with the
same digest (headless: a Flow driven tick by tick, as game.app.window drives it)."""
import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app.flow import Flow  # noqa: E402
from game.app.window import start_play  # noqa: E402
from game.cli import main  # noqa: E402
from game.input import actions as I  # noqa: E402
from game.screens.run import REPLAY_END_TICKS  # noqa: E402
from game.session.replay import Recorder, ReplayBot, encode_controls, list_replays, load_replay, verify  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.sim import digest  # noqa: E402
from game.sim.controls import Controls  # noqa: E402

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTT
T......................T
T..S=============FF....T
T................FF....T
T......................T
TTTTTTTTTTTTTTTTTTTTTTTT
"""


pytestmark = pytest.mark.usefixtures("pygame_display", "as_campaign_leg")


@pytest.fixture
def level(tmp_path):
    from mapmaker import write_map

    return write_map(tmp_path / "short.tmx", MAP, properties={"title": "Short leg"})


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BALTO_HOME", str(tmp_path / "home"))
    return tmp_path / "replays"


class Script:
    """A player: mush, a little steering, a brake tap; remembers what it gave each tick."""

    def __init__(self) -> None:
        self.given: list[Controls] = []

    def __call__(self, world) -> Controls:
        t = world.tick
        c = (Controls(mush=True) if t < 40 else Controls(steer=0.25, mush=True) if t < 46
             else Controls(steer=-0.25) if t < 52 else Controls(brake=True) if t < 55 else Controls(mush=t % 30 < 20))
        self.given.append(c)
        return c


def until(flow: Flow, cond, limit: int = 3000) -> None:
    for _ in range(limit):
        if cond():
            return
        flow.tick()
    raise AssertionError("never happened")


def play_to_the_finish(assets, level, folder, seed=5):
    script = Script()
    flow = Flow(Services.create(assets, recorder=Recorder(folder)), seed=seed, driver=script)
    start_play(flow, level)
    until(flow, lambda: flow.session is not None and flow.session.world.done)
    return flow, script


def test_a_run_in_the_window_is_recorded_and_replays_to_the_same_digest(assets, level, folder, capsys):
    flow, script = play_to_the_finish(assets, level, folder)
    world = flow.session.world
    assert world.outcome == "finished"
    files = list_replays(folder)
    assert len(files) == 1  # saved the tick the run ended
    raw = json.loads(files[0].read_text(encoding="utf-8"))
    assert raw["controls"] == encode_controls(script.given) and raw["ticks"] == world.tick
    assert raw["seed"] == 5 and raw["level"]["hash"] == world.level.source_hash
    assert raw["game_version"] and raw["result"]["outcome"] == "finished"
    assert len(raw["controls"].split()) < 20  # run-length encoded
    rep = load_replay(files[0])
    assert rep.digest == digest(world)
    assert verify(rep).matches
    assert main(["simulate", "--replay", str(files[0]), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matches"] is True and out["digest"] == digest(world)
    until(flow, lambda: flow.screen.name == "results")  # the run's results as ever
    assert len(list_replays(folder)) == 1


def test_the_window_plays_a_replay_back(assets, level, folder):
    flow, _ = play_to_the_finish(assets, level, folder)
    rep = load_replay(list_replays(folder)[0])

    back = Flow(Services.create(assets, recorder=Recorder(folder)), seed=999)
    start_play(back, replay=rep)
    assert back.seed == rep.seed and isinstance(back.driver, ReplayBot) and back.replay is rep
    until(back, lambda: back.session.world.done)
    s = back.session
    assert digest(s.world) == rep.digest and s.world.tick == rep.ticks
    surf = pygame.Surface((640, 360))
    back.draw(surf, 0.5)  # the REPLAY tag draws
    for _ in range(REPLAY_END_TICKS + 1):
        back.tick()
    assert back.screen.name == "title"  # no results: a replay never enters the high scores
    assert back.replay is None and back.driver is None  # the player plays (and is recorded) again
    assert len(list_replays(folder)) == 1  # playing back recorded nothing


def test_restart_and_quit_save_the_run_given_up(assets, level, folder):
    flow = Flow(Services.create(assets, recorder=Recorder(folder)), seed=2, driver=lambda w: Controls(mush=True))
    start_play(flow, level)
    until(flow, lambda: flow.screen.name == "run" and flow.session.world.tick >= 30)
    flow.handle(I.RESTART)
    first = list_replays(folder)
    assert len(first) == 1 and load_replay(first[0]).ticks == 30
    assert load_replay(first[0]).result["outcome"] == "abandoned"  # what the replays list says
    until(flow, lambda: flow.session.world.tick >= 20)
    flow.handle(I.BACK)  # pause
    assert flow.screen.name == "pause" and len(list_replays(folder)) == 1
    flow.open_settings()  # settings over the pause is still the run
    flow.handle(I.BACK)
    assert flow.screen.name == "pause" and len(list_replays(folder)) == 1
    flow.title()  # quit
    assert len(list_replays(folder)) == 2 and flow.session is None

    rep = load_replay(list_replays(folder)[-1])
    assert rep.ticks == 20 and rep.result["outcome"] == "abandoned"
    back = Flow(Services.create(assets))
    start_play(back, replay=rep)
    until(back, lambda: back.screen.name == "run" and back.session.replay_over())
    assert back.session.world.tick == 20 and not back.session.world.done
    until(back, lambda: back.screen.name == "title", REPLAY_END_TICKS + 5)  # the replay ran out


def test_a_replay_plays_back_with_the_assist_it_was_recorded_with(assets, level, folder):
    flow = Flow(Services.create(assets, recorder=Recorder(folder)), seed=4, driver=lambda w: Controls(mush=True))
    flow.services.settings = flow.services.settings.replace(infinite_stamina=True)
    start_play(flow, level)
    until(flow, lambda: flow.session is not None and flow.session.world.done)
    rep = load_replay(list_replays(folder)[0])
    assert rep.assist.infinite_stamina
    back = Flow(Services.create(assets))  # default settings: no assist
    start_play(back, replay=rep)
    until(back, lambda: back.session.world.done)
    assert back.session.world.assist.infinite_stamina and digest(back.session.world) == rep.digest


def test_the_window_records_into_the_user_data_folder(assets, level, tmp_path, monkeypatch):
    monkeypatch.delenv("BALTO_REPLAY_DIR", raising=False)
    monkeypatch.setenv("BALTO_HOME", str(tmp_path / "home"))
    play_to_the_finish(assets, level, None)  # Recorder() as run_app makes it
    assert len(list_replays(tmp_path / "home" / "data" / "replays")) == 1
