"""Every screen draws onto a plain Surface; the screen state machine runs without a window."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game import input as I  # noqa: E402
from game.render import Assets  # noqa: E402
from game.screens.flow import Flow  # noqa: E402
from game.sim.bots import autopilot  # noqa: E402
from game.sim.controls import Controls  # noqa: E402

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T............................................T
T..S==================KK==============FF.....T
T.....................................FF.....T
T.......TT.......WWW.........................T
T............................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.display.init()
    yield


@pytest.fixture(scope="module")
def assets():
    return Assets()


@pytest.fixture
def level_path(tmp_path):
    from mapmaker import write_map

    return write_map(tmp_path / "leg.tmx", MAP, properties={"title": "Test leg", "miles": 8.0})


def _draw(flow: Flow, alpha: float = 0.5) -> np.ndarray:
    surf = pygame.Surface((640, 360))
    flow.draw(surf, alpha)
    return pygame.surfarray.array3d(surf)


def _distinct(a: np.ndarray) -> int:
    flat = a.reshape(-1, 3).astype(np.int64)
    return len(np.unique(flat[:, 0] << 16 | flat[:, 1] << 8 | flat[:, 2]))


def _ticks(flow: Flow, n: int) -> None:
    for _ in range(n):
        flow.tick()


def test_every_screen_draws_and_they_differ(assets, level_path):
    flow = Flow(assets, seed=2, default_level=level_path, driver=autopilot)
    shots = {"title": _draw(flow)}
    flow.handle(I.CONFIRM)  # Play
    assert flow.screen.name == "countdown"
    shots["countdown"] = _draw(flow)
    _ticks(flow, 200)
    assert flow.screen.name == "run"
    _ticks(flow, 30)
    shots["run"] = _draw(flow)
    flow.handle(I.BACK)
    assert flow.screen.name == "pause"
    shots["pause"] = _draw(flow)
    flow.handle(I.BACK)
    assert flow.screen.name == "run"
    for _ in range(4000):
        flow.tick()
        if flow.screen.name == "results":
            break
    assert flow.screen.name == "results"
    assert flow.screen.result.outcome == "finished"
    flow.handle(I.CONFIRM)  # ignored: keys held from the run must not skip the results
    assert flow.screen.name == "results"
    _ticks(flow, 60)
    shots["results_finished"] = _draw(flow)
    # A lost run: empty the crate.
    flow.handle(I.CONFIRM)  # Retry -> countdown
    assert flow.screen.name == "countdown"
    _ticks(flow, 200)
    from game.sim import scoring

    w = flow.screen.session.world
    scoring.break_vials(w, w.vials, "impact", w.team.x, w.team.y)
    for _ in range(400):
        flow.tick()
        if flow.screen.name == "results":
            break
    assert flow.screen.result.outcome == "lost"
    shots["results_lost"] = _draw(flow)
    flow.error("levels/x.tmx: no object of class 'start'; add a point object with class 'start'")
    shots["error"] = _draw(flow)
    for name, img in shots.items():
        assert _distinct(img) >= 6, name
    names = list(shots)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert (shots[a] != shots[b]).any(), (a, b)


def test_state_machine_paths(assets, level_path):
    flow = Flow(assets, seed=5, default_level=level_path)
    flow.controls = Controls(mush=True)
    flow.handle(I.DOWN)
    flow.handle(I.UP)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "countdown"
    _ticks(flow, 143)
    assert flow.screen.name == "countdown"
    _ticks(flow, 1)
    assert flow.screen.name == "run"
    _ticks(flow, 40)
    world = flow.screen.session.world
    assert world.tick == 40 and world.team.speed > 0
    flow.handle(I.BACK)  # pause: the world stands still
    _ticks(flow, 30)
    assert world.tick == 40
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Restart
    assert flow.screen.name == "run"
    assert flow.screen.session.world.tick == 0
    _ticks(flow, 10)
    flow.handle(I.RESTART)  # R in the run
    assert flow.screen.session.world.tick == 0
    flow.handle(I.BACK)
    flow.handle(I.DOWN)
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Quit to title
    assert flow.screen.name == "title"
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Quit
    assert not flow.running


def test_bad_level_shows_the_error_then_the_title(assets, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("<map>not really</map>", encoding="utf-8")
    flow = Flow(assets, seed=1, default_level=bad)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "error"
    assert "bad.tmx" in flow.screen.message
    _draw(flow)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "title"
    flow.play(tmp_path / "missing.tmx")
    assert flow.screen.name == "error"


def test_window_close_quits_from_any_screen(assets, level_path):
    flow = Flow(assets, seed=1, default_level=level_path)
    flow.play()
    flow.handle(I.QUIT)
    assert not flow.running


def test_held_keys_give_the_documented_controls():
    c = I.controls_from_keys
    assert c(set()) == Controls()
    assert c({pygame.K_LEFT}) == Controls(steer=-1.0)
    assert c({pygame.K_a}) == Controls(steer=-1.0)
    assert c({pygame.K_RIGHT}) == Controls(steer=1.0)
    assert c({pygame.K_d}) == Controls(steer=1.0)
    assert c({pygame.K_LEFT, pygame.K_d}) == Controls(steer=0.0)
    for k in (pygame.K_UP, pygame.K_w, pygame.K_SPACE):
        assert c({k}) == Controls(mush=True)
    for k in (pygame.K_DOWN, pygame.K_s):
        assert c({k}) == Controls(brake=True)
    assert c({pygame.K_UP, pygame.K_DOWN}) == Controls(brake=True)
    for k in (pygame.K_LSHIFT, pygame.K_e):
        assert c({k}) == Controls(senses=True)
    assert c({pygame.K_a, pygame.K_w}) == Controls(steer=-1.0, mush=True)


def test_key_events_become_actions():
    ev = pygame.event.Event
    assert I.actions_from_event(ev(pygame.KEYDOWN, key=pygame.K_ESCAPE)) == [I.BACK]
    assert I.actions_from_event(ev(pygame.KEYDOWN, key=pygame.K_RETURN)) == [I.CONFIRM]
    assert I.actions_from_event(ev(pygame.KEYDOWN, key=pygame.K_r)) == [I.RESTART]
    assert I.actions_from_event(ev(pygame.QUIT)) == [I.QUIT]
    assert I.actions_from_event(ev(pygame.KEYDOWN, key=pygame.K_F12)) == []
