"""Input: remappable bindings per context, gamepads plugged in and out, prompts that follow
the device used last. Fake pygame events only: no window, no real gamepad."""
import pygame
import pytest

from game.input import actions as I
from game.input.bindings import Bindings
from game.input.names import GAMEPAD, KEYBOARD
from game.input.prompts import Prompts
from game.input.router import InputRouter
from game.sim.controls import Controls

ev = pygame.event.Event


def key(k):
    return ev(pygame.KEYDOWN, key=k, mod=0, unicode="")


def button(b, down=True):
    return ev(pygame.CONTROLLERBUTTONDOWN if down else pygame.CONTROLLERBUTTONUP, button=b, instance_id=7)


def axis(a, value):
    return ev(pygame.CONTROLLERAXISMOTION, axis=a, value=value, instance_id=7)


@pytest.fixture
def router():
    return InputRouter(Bindings(), Prompts())


def test_keys_mean_gameplay_actions_in_a_run_and_menu_actions_elsewhere(router):
    assert router.translate(key(pygame.K_ESCAPE), "run") == [I.BACK]
    assert router.translate(key(pygame.K_p), "run") == [I.BACK]  # P pauses a run ...
    assert router.translate(key(pygame.K_p), "title") == []  # ... but is a letter in menus
    assert router.translate(key(pygame.K_r), "countdown") == [I.RESTART]
    assert router.translate(key(pygame.K_UP), "title") == [I.UP]
    assert router.translate(key(pygame.K_UP), "run") == []  # held, not pressed, in a run
    assert router.translate(key(pygame.K_SPACE), "title") == [I.CONFIRM]
    assert router.translate(key(pygame.K_p), "pause") == [I.BACK]  # the pause key resumes
    assert router.translate(key(pygame.K_r), "pause") == [I.RESTART]
    for k, action in ((pygame.K_F11, I.FULLSCREEN), (pygame.K_F12, I.SCREENSHOT), (pygame.K_F3, I.DEBUG)):
        assert router.translate(key(k), "run") == [action]
        assert router.translate(key(k), "title") == [action]
    assert router.translate(ev(pygame.QUIT), "run") == [I.QUIT]


def test_remapped_keys_steer_and_press(router):
    b = Bindings().rebind("mush", "k").rebind("pause", "q")
    router.bindings = b
    assert router.controls({pygame.K_k}) == Controls(mush=True)
    assert router.controls({pygame.K_UP}) == Controls()  # replaced (slot 0 was Up)
    assert router.controls({pygame.K_w}) == Controls(mush=True)  # the others stay
    assert router.translate(key(pygame.K_q), "run") == [I.BACK]


def test_gamepad_buttons_and_sticks_drive_the_team_and_the_menus(router):
    assert router.translate(button(pygame.CONTROLLER_BUTTON_A), "title") == [I.CONFIRM]
    assert router.controls(set()) == Controls(mush=True)  # A held mushes in a run
    router.translate(button(pygame.CONTROLLER_BUTTON_A, down=False), "run")
    assert router.controls(set()) == Controls()
    assert router.translate(button(pygame.CONTROLLER_BUTTON_START), "run") == [I.BACK]
    router.translate(axis(pygame.CONTROLLER_AXIS_LEFTX, -32768), "run")
    assert router.controls(set()).steer == -1.0
    router.translate(axis(pygame.CONTROLLER_AXIS_LEFTX, 16000), "run")
    assert 0.0 < router.controls(set()).steer < 1.0  # analog, past the dead zone
    router.translate(axis(pygame.CONTROLLER_AXIS_LEFTX, 0), "title")
    # A stick pushed in a menu is one press, not one per motion event.
    assert router.translate(axis(pygame.CONTROLLER_AXIS_LEFTY, 30000), "title") == [I.DOWN]
    assert router.translate(axis(pygame.CONTROLLER_AXIS_LEFTY, 31000), "title") == []
    router.translate(axis(pygame.CONTROLLER_AXIS_LEFTY, 0), "title")
    assert router.translate(axis(pygame.CONTROLLER_AXIS_LEFTY, 30000), "title") == [I.DOWN]


def test_prompts_follow_the_device_used_last(router):
    p = router.prompts
    assert p.label("confirm") == "ENTER" and p.label("pause") == "ESC"
    router.translate(button(pygame.CONTROLLER_BUTTON_B), "title")
    assert p.device == GAMEPAD
    assert (p.label("confirm"), p.label("pause"), p.label("senses"), p.label("steer")) == \
        ("A", "START", "X", "D-PAD")
    assert p.label("screenshot") == "F12"  # nothing on the pad: the key
    router.translate(key(pygame.K_DOWN), "title")
    assert p.device == KEYBOARD
    assert p.label("steer") == "ARROWS" and p.label("senses", limit=2) == "SHIFT / E"
    assert p.hint(("confirm", "select"), ("back", "back")) == "ENTER select   ESC back"
    p.bindings = Bindings().rebind("confirm", "k")
    assert p.label("confirm") == "K"


def test_gamepads_plugged_in_and_out_never_crash(router):
    router.init_gamepads()
    # No real pad: an ADDED for a device that is not there is ignored.
    assert router.translate(ev(pygame.CONTROLLERDEVICEADDED, device_index=0), "run") == []
    assert router.translate(ev(pygame.CONTROLLERDEVICEADDED, device_index=99), "title") == []
    assert router.translate(ev(pygame.CONTROLLERDEVICEREMOVED, instance_id=1234), "run") == []
    assert router.pads == {}

    class FakePad:
        name = "Test Pad"
        quit_called = False

        def quit(self):
            FakePad.quit_called = True

    router.pads[5] = FakePad()
    router.translate(button(pygame.CONTROLLER_BUTTON_A), "run")
    assert router.controls(set()).mush
    # Pulled out mid-run: the run pauses, nothing stays held, prompts go back to keys.
    assert router.translate(ev(pygame.CONTROLLERDEVICEREMOVED, instance_id=5), "run") == [I.BACK]
    assert FakePad.quit_called and router.pads == {}
    assert router.controls(set()) == Controls()
    assert router.prompts.device == KEYBOARD
    assert router.device_log == ["Gamepad disconnected: Test Pad"]
    # Real events through pygame's queue too.
    pygame.display.init()
    pygame.event.clear()
    pygame.event.post(ev(pygame.CONTROLLERDEVICEADDED, device_index=3))
    pygame.event.post(ev(pygame.CONTROLLERDEVICEREMOVED, instance_id=3))
    for e in pygame.event.get():
        router.translate(e, "title")
