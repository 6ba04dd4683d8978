"""The settings screen, assist mode, accessibility, screenshots and the debug overlay, driven
the way the app drives them (actions, fake events), headless, with saves in a temp folder."""
import json

import numpy as np
import pygame
import pytest

from game.app.flow import Flow
from game.app.loop import FixedStepClock
from game.app.window import App, save_screenshot, screenshot_dir
from game.audio.mixer import Audio
from game.input import actions as I
from game.input.bindings import Bindings
from game.input.names import GAMEPAD
from game.saves.settings import Settings, load_settings
from game.saves.storage import Store
from game.screens.settings import PAGES, SettingsScreen
from game.session.services import Services  # noqa: E402
from game.sim import events as E
from game.sim.bots import autopilot

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T..............................T
T..S======================FF...T
T..............................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""
ev = pygame.event.Event


@pytest.fixture(scope="module", autouse=True)
def _display():
    pygame.display.init()
    yield


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("BALTO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def level_path(tmp_path):
    from mapmaker import write_map

    return write_map(tmp_path / "leg.tmx", MAP, properties={"title": "Test leg", "miles": 4.0})


def make_flow(assets, level_path=None, audio=None, **kw):
    services = Services.create(assets, store=Store(), audio=audio or Audio(enabled=False))
    flow = Flow(services, seed=4, default_level=level_path or "levels/01_nenana_tolovana.tmx", **kw)
    flow.services.apply_settings(load_settings(flow.services.store), save=False)
    return flow


def open_page(flow, page):
    flow.open_settings()
    scr = flow.screen
    assert isinstance(scr, SettingsScreen)
    while scr.page_name != page:
        scr.handle(I.RIGHT)  # on the tab row
    return scr


def goto_row(scr, key):
    keys = [r.key for r in scr.rows]
    scr.row = -1
    for _ in range(keys.index(key) + 1):
        scr.handle(I.DOWN)
    assert scr.current.key == key


def draw(flow):
    s = pygame.Surface((640, 360))
    flow.draw(s, 0.5)
    return pygame.surfarray.array3d(s).astype(np.int32)


def test_every_setting_changed_on_screen_is_kept_after_a_restart(assets, home):
    flow = make_flow(assets)
    scr = open_page(flow, "Sound")
    goto_row(scr, "master_volume")
    scr.handle(I.LEFT)
    scr.handle(I.LEFT)
    goto_row(scr, "music_volume")
    scr.handle(I.RIGHT)
    goto_row(scr, "effects_volume")
    for _ in range(12):
        scr.handle(I.LEFT)  # clamps at 0
    assert flow.services.audio.master == pytest.approx(0.6) and flow.services.audio.effects == 0.0  # live
    scr.row = -1
    scr.handle(I.RIGHT)  # Display
    goto_row(scr, "fullscreen")
    scr.handle(I.CONFIRM)
    goto_row(scr, "window_scale")
    scr.handle(I.RIGHT)
    goto_row(scr, "vsync")
    scr.handle(I.CONFIRM)
    scr.row = -1
    scr.handle(I.RIGHT)  # Access
    goto_row(scr, "reduced_motion")
    scr.handle(I.CONFIRM)
    goto_row(scr, "high_contrast")
    scr.handle(I.RIGHT)
    scr.row = -1
    scr.handle(I.RIGHT)  # Assist
    goto_row(scr, "game_speed")
    scr.handle(I.LEFT)
    scr.handle(I.LEFT)
    scr.handle(I.LEFT)
    goto_row(scr, "unbreakable_vials")
    scr.handle(I.CONFIRM)
    goto_row(scr, "infinite_stamina")
    scr.handle(I.CONFIRM)
    scr.row = -1
    scr.handle(I.RIGHT)  # Ghost: off in practice, on in the campaign
    goto_row(scr, "ghost_practice")
    scr.handle(I.CONFIRM)
    goto_row(scr, "ghost_campaign")
    scr.handle(I.RIGHT)
    scr.row = -1
    scr.handle(I.RIGHT)  # Keyboard: Mush's first key becomes K
    goto_row(scr, "mush")
    scr.handle(I.CONFIRM)
    assert scr.capture == ("mush", "keyboard", 0)
    assert scr.handle_event(ev(pygame.KEYDOWN, key=pygame.K_k, mod=0, unicode="k"))
    scr.row = -1
    scr.handle(I.RIGHT)  # Gamepad: Senses gets the right bumper as well
    goto_row(scr, "senses")
    scr.handle(I.RIGHT)  # the "+" slot
    scr.handle(I.CONFIRM)
    scr.handle_event(ev(pygame.CONTROLLERBUTTONDOWN, button=pygame.CONTROLLER_BUTTON_RIGHTSHOULDER,
                        instance_id=1))
    want = Settings(master_volume=0.6, music_volume=0.8, effects_volume=0.0, fullscreen=True,
                    window_scale=3, vsync=False, reduced_motion=True, high_contrast=True,
                    game_speed=70, unbreakable_vials=True, infinite_stamina=True,
                    ghost_practice=False, ghost_campaign=True,
                    bindings=Bindings().rebind("mush", "k").add("senses", "rightshoulder", GAMEPAD))
    assert flow.services.settings == want
    path = home / "config" / "settings.json"
    assert json.loads(path.read_text())["assist"]["game_speed"] == 70
    assert json.loads(path.read_text())["ghost"] == {"practice": False, "campaign": True}
    # "Restart the game": a new process would load from the same folder.
    again = make_flow(assets)
    assert again.services.settings == want
    assert again.services.prompts.label("mush") == "K"


def test_a_conflicting_key_is_refused_and_names_the_action_that_has_it(assets, home):
    flow = make_flow(assets)
    scr = open_page(flow, "Keyboard")
    goto_row(scr, "brake")
    before = flow.services.settings
    scr.handle(I.CONFIRM)
    scr.handle_event(ev(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" "))
    assert flow.services.settings == before and scr.capture is None
    assert "Space already does Mush" in scr.message
    img = draw(flow)  # the refusal is on screen
    assert scr.message_ticks > 0 and img.std() > 10
    # A global key is refused too; Esc cancels a capture; 6 s of nothing gives up.
    scr.handle(I.CONFIRM)
    scr.handle_event(ev(pygame.KEYDOWN, key=pygame.K_F12, mod=0, unicode=""))
    assert "F12 already does Screenshot" in scr.message
    scr.handle(I.CONFIRM)
    scr.handle_event(ev(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""))
    assert scr.capture is None and scr.message == "Cancelled"
    scr.handle(I.CONFIRM)
    for _ in range(6 * 60):
        flow.tick()
    assert scr.capture is None and flow.services.settings == before
    # The last key of an essential action cannot be removed.
    goto_row(scr, "back")
    scr.handle_event(ev(pygame.KEYDOWN, key=pygame.K_DELETE, mod=0, unicode=""))
    assert "needs at least one key" in scr.message and flow.services.settings == before
    # Back leaves to where the screen was opened from.
    scr.handle(I.BACK)
    assert flow.screen.name == "title"


def test_every_page_draws_and_they_differ(assets, home):
    flow = make_flow(assets)
    shots = []
    scr = open_page(flow, PAGES[0])
    for _ in PAGES:
        shots.append(draw(flow))
        scr.handle(I.RIGHT)
    for i in range(len(shots)):
        for j in range(i + 1, len(shots)):
            assert (shots[i] != shots[j]).any(), (PAGES[i], PAGES[j])


def test_game_speed_changes_ticks_per_wall_second_not_the_tick():
    second = 1_000_000_000
    for speed, want in ((100, 60), (70, 42), (50, 30)):
        clock = FixedStepClock(speed_percent=speed)
        ticks = sum(clock.advance(second // 100) for _ in range(100))
        assert abs(ticks - want) <= 1, speed
        assert clock.tick_ns == FixedStepClock().tick_ns


def test_the_app_slows_only_the_run(assets, home, level_path):
    flow = make_flow(assets, level_path)
    flow.services.apply_settings(flow.services.settings.replace(game_speed=50))
    app = App(flow, pygame.Surface((640, 360)))
    assert app.speed_for_screen() == 100  # the title runs at full speed
    flow.play()
    assert app.speed_for_screen() == 50


def test_assisted_runs_are_marked(assets, home, level_path):
    flow = make_flow(assets, level_path, driver=autopilot)
    flow.play(countdown=False)
    for _ in range(5):
        flow.tick()
    s = flow.screen.session
    assert not s.assisted and not s.result().assisted
    flow.services.apply_settings(flow.services.settings.replace(unbreakable_vials=True))
    flow.play(countdown=False)
    s = flow.screen.session
    assert s.world.assist.unbreakable_vials and s.assisted and s.result().assisted
    flow.services.apply_settings(flow.services.settings.replace(unbreakable_vials=False, game_speed=80))
    flow.play(countdown=False)
    flow.tick()
    s = flow.screen.session
    assert not s.world.assist.any and s.assisted and s.result().assisted
    # Speeding back up mid-run does not clear the mark.
    flow.services.apply_settings(flow.services.settings.replace(game_speed=100))
    flow.tick()
    assert s.result().assisted


def _impact(session):
    w = session.world
    return E.Impact(vials=3, x=w.team.x, y=w.team.y)


def test_reduced_motion_turns_off_shake_and_flashes_and_thins_particles(assets, home, level_path):
    def run(reduced):
        flow = make_flow(assets, level_path, driver=autopilot)
        flow.services.apply_settings(flow.services.settings.replace(reduced_motion=reduced))
        flow.play(countdown=False)
        flow.tick()
        s = flow.screen.session
        run_view = flow.run_view
        run_view.draw(pygame.Surface((640, 360)), 0.0)  # applies the style
        v = run_view.view
        v.particles.clear()
        v.update_tick(s.world, [_impact(s), E.VialsLost(cause="impact", vials=2, x=s.world.team.x, y=s.world.team.y)])
        return v
    normal, calm = run(False), run(True)
    assert normal.shake.strength > 0 and normal.flash.level > 0 and normal.flash.white > 0
    assert calm.shake.strength == 0 and calm.shake.off == (0, 0)
    assert calm.flash.level == 0 and calm.flash.white == 0
    assert 0 < (calm.particles.life > 0).sum() < (normal.particles.life > 0).sum() / 2
    assert calm.snow.density < 1.0


def test_high_contrast_changes_the_hud(assets, home, level_path):
    flow = make_flow(assets, level_path, driver=autopilot)
    flow.play(countdown=False)
    for _ in range(10):
        flow.tick()
    plain = draw(flow)
    flow.services.apply_settings(flow.services.settings.replace(high_contrast=True))
    bold = draw(flow)
    bar = (slice(0, 640), slice(0, 21))
    assert (plain[bar] != bold[bar]).any()
    # The bar is solid black behind its words: darker than the translucent one.
    assert bold[bar].mean() < plain[bar].mean()


def test_hints_name_the_device_used_last(assets, home, level_path):
    flow = make_flow(assets, level_path)
    app = App(flow, pygame.Surface((640, 360)))
    flow.play()
    keys = draw(flow)  # the countdown's hint line
    app.event(ev(pygame.CONTROLLERBUTTONDOWN, button=pygame.CONTROLLER_BUTTON_X, instance_id=1))
    assert flow.services.prompts.gamepad
    pad = draw(flow)
    hint = (slice(0, 640), slice(330, 345))
    assert (keys[hint] != pad[hint]).any()
    flow.run_view.hud.style(False, False, flow.services.prompts)
    assert flow.run_view.hud.hazards.senses_keys() == "X"
    app.event(ev(pygame.KEYDOWN, key=pygame.K_LEFT, mod=0, unicode=""))
    assert not flow.services.prompts.gamepad


def test_f12_saves_a_png_and_f3_toggles_the_debug_overlay(assets, home, level_path):
    flow = make_flow(assets, level_path, driver=autopilot)
    screen = pygame.Surface((640, 360))
    app = App(flow, screen)
    flow.draw(screen, 0.0)
    app.event(ev(pygame.KEYDOWN, key=pygame.K_F12, mod=0, unicode=""))
    assert app.screenshot_wanted  # taken once the frame is drawn (the loop calls this)
    app.screenshot()
    shots = list(screenshot_dir().glob("*.png"))
    assert screenshot_dir() == home / "pictures" / "Balto"
    assert len(shots) == 1 and pygame.image.load(str(shots[0])).get_size() == (640, 360)
    assert save_screenshot(screen) != shots[0]  # never overwrites
    assert not app.debug.visible
    flow.play(countdown=False)
    app.event(ev(pygame.KEYDOWN, key=pygame.K_F3, mod=0, unicode=""))
    assert app.debug.visible
    app.debug.frame(16_000_000, 1_000_000, 1, 50_000)
    flow.draw(screen, 0.0)
    before = pygame.surfarray.array3d(screen).copy()
    app.debug.draw(screen, flow, flow.services.assets.text, 10**12, app.clock)
    assert (pygame.surfarray.array3d(screen) != before).any()
    text = " ".join(app.debug.lines(flow, app.clock))
    assert "fps" in text and "seed 4" in text and "bears" in text and "particles" in text
    app.event(ev(pygame.KEYDOWN, key=pygame.K_F3, mod=0, unicode=""))
    assert not app.debug.visible


def test_f11_switches_fullscreen_and_saves_it(assets, home):
    flow = make_flow(assets)
    app = App(flow, pygame.Surface((640, 360)))
    app.event(ev(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode=""))
    assert flow.services.settings.fullscreen and load_settings(Store()).fullscreen
    app.event(ev(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode=""))
    assert not flow.services.settings.fullscreen


def test_a_damaged_settings_file_is_told_once_on_the_title_and_never_crashes(assets, home):
    cfg = home / "config"
    cfg.mkdir(parents=True)
    (cfg / "settings.json").write_text('{"schema": 1, "audio": {"master": ', encoding="utf-8")
    store = Store()
    flow = Flow(Services.create(assets, store=store, audio=Audio(enabled=False)), seed=1)
    flow.services.apply_settings(load_settings(store), save=False)
    app = App(flow, pygame.Surface((640, 360)))
    app.tell(store.take_notices())
    assert flow.services.settings == Settings()
    assert (cfg / "settings.json.bak").exists()
    assert len(flow.services.notices) == 1 and "settings.json" in flow.services.notices[0]
    for _ in range(3):
        flow.tick()  # the title takes it for its toast
    assert flow.services.notices == []
    # The next start: the file was moved aside, so nothing more to tell.
    store2 = Store()
    load_settings(store2)
    assert store2.take_notices() == []
