"""Every screen draws onto a plain Surface; the screen state machine runs without a window."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app.flow import Flow  # noqa: E402
from game.input import actions as I  # noqa: E402
from game.session.services import Services  # noqa: E402
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


pytestmark = pytest.mark.usefixtures("pygame_display")


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
    flow = Flow(Services.create(assets), seed=2, default_level=level_path, driver=autopilot)
    shots = {"title": _draw(flow)}
    flow.play()  # the title's menu leads to the route map (tests/test_campaign_screens.py)
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
    if flow.screen.naming:  # a new best asks for a name first
        flow.handle(I.CONFIRM)
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
    flow = Flow(Services.create(assets), seed=5, default_level=level_path)
    flow.controls = Controls(mush=True)
    flow.handle(I.DOWN)
    flow.handle(I.UP)
    flow.play()
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
    flow.handle(I.CONFIRM)  # Settings, over the pause menu
    assert flow.screen.name == "settings"
    flow.handle(I.BACK)
    assert flow.screen.name == "pause"
    flow.handle(I.DOWN)
    flow.handle(I.CONFIRM)  # Quit to map (the route map: practice, as the leg was opened)
    assert flow.screen.name == "route_map"
    flow.title()
    flow.handle(I.UP)  # the menu wraps round to its last item
    flow.handle(I.CONFIRM)  # Quit
    assert not flow.running


def test_bad_level_shows_the_error_then_the_title(assets, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("<map>not really</map>", encoding="utf-8")
    flow = Flow(Services.create(assets), seed=1, default_level=bad)
    flow.play()
    assert flow.screen.name == "error"
    assert "bad.tmx" in flow.screen.message
    _draw(flow)
    flow.handle(I.CONFIRM)
    assert flow.screen.name == "title"
    flow.play(tmp_path / "missing.tmx")
    assert flow.screen.name == "error"


def test_window_close_quits_from_any_screen(assets, level_path):
    flow = Flow(Services.create(assets), seed=1, default_level=level_path)
    flow.play()
    flow.handle(I.QUIT)
    assert not flow.running


def test_held_keys_give_the_documented_controls():
    """The README's controls table, through the router the game uses (default bindings)."""
    from game.input.router import InputRouter

    c = InputRouter().controls
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
    from game.input.router import InputRouter

    ev = pygame.event.Event
    t = InputRouter().translate
    assert t(ev(pygame.KEYDOWN, key=pygame.K_ESCAPE), "run") == [I.BACK]
    assert t(ev(pygame.KEYDOWN, key=pygame.K_RETURN), "title") == [I.CONFIRM]
    assert t(ev(pygame.KEYDOWN, key=pygame.K_r), "run") == [I.RESTART]
    assert t(ev(pygame.QUIT), "title") == [I.QUIT]
    assert t(ev(pygame.KEYDOWN, key=pygame.K_F12), "title") == [I.SCREENSHOT]


def test_the_whiteout_clears_a_disc_centred_on_balto(assets):
    """Leg 8's whole-map whiteout: the ground shows around Balto's interpolated position and
    the fog is solid just beyond the visibility. (The fog once had the plain snow's own
    colour, so the clear disc read as fog wherever the team left the trail.)"""
    from game.render.fog import fog_colour
    from game.render.team_view import lerp_nodes
    from game.render.world_view import WorldView
    from game.sim import create_world, step
    from game.tiled.level import load_level

    level = load_level("levels/08_bonanza_to_nome.tmx")
    world = create_world(level, 3)
    view = WorldView(level, assets.sprites, seed=1)
    view.reset(world)
    for _ in range(150):
        step(world, autopilot(world))
        view.update_tick(world, list(world.events))
    alpha = 0.5
    vis = world.weather.visibility
    assert world.weather.intensity >= 0.85 and vis < 120
    fog = np.array(fog_colour(world.weather.darkness, world.weather.intensity))
    surf = pygame.Surface((640, 360))
    view.draw(surf, world, alpha, snow=False)
    img = pygame.surfarray.array3d(surf).astype(np.int32)
    bx, by = (lerp_nodes(world, alpha)[0] - np.array(view.cam(alpha))).tolist()
    assert 0 < bx < 640 and 0 < by < 360
    is_fog = np.abs(img - fog).max(axis=2) <= 1
    assert not is_fog[int(bx), int(by)]
    # Without the team drawn, the ground itself shows around Balto, in every direction.
    view.team_view.draw = lambda *a, **k: None
    view.draw(surf, world, alpha, snow=False)
    ground = pygame.surfarray.array3d(surf).astype(np.int32)
    ground_fog = np.abs(ground - fog).max(axis=2) <= 1
    xx, yy = np.mgrid[0:640, 0:360]
    d = np.hypot(xx - bx, yy - by)
    near = d < vis * 0.35
    assert ground_fog[near].mean() < 0.05
    for k in range(16):  # each direction's near side shows ground, its far side is fog
        a = k * np.pi / 8
        ux, uy = np.cos(a), np.sin(a)
        px, py = int(bx + ux * vis * 0.3), int(by + uy * vis * 0.3)
        assert ground_fog[px - 2:px + 3, py - 2:py + 3].mean() < 0.5, k  # a 5x5 patch: snow glints are white
        qx, qy = int(round(bx + ux * (vis + 4))), int(round(by + uy * (vis + 4)))
        if 0 <= qx < 640 and 24 <= qy < 360:
            assert is_fog[qx, qy], k
