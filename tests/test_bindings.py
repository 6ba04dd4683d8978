"""Bindings: the defaults match the game's keys, conflicts are refused, input becomes Controls."""
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from game.input.bindings import (
    ACTIONS,
    DEFAULT_GAMEPAD,
    ESSENTIAL,
    GAMEPLAY,
    MENU,
    BindingConflict,
    Bindings,
    controls_from_input,
    gamepad_held,
    held_key_names,
    shares_context,
)
from game.input.names import GAMEPAD, KEYBOARD, BindingError, axis_value, display_name, key_name
from game.sim.controls import Controls

REPO = Path(__file__).resolve().parent.parent


def names(codes):
    return {pygame.key.name(c) for c in codes}


def assert_no_conflicts(b: Bindings) -> None:
    for device in (KEYBOARD, GAMEPAD):
        table = b.table(device)
        for a in ACTIONS:
            for other in ACTIONS:
                if a < other and shares_context(a, other):
                    assert not set(table[a]) & set(table[other]), (device, a, other)


def test_keyboard_defaults_are_the_readme_controls():
    """The default keys are the ones the README's controls table lists."""
    b = Bindings()
    assert set(b.inputs("steer_left")) == {"left", "a"}
    assert set(b.inputs("steer_right")) == {"right", "d"}
    assert set(b.inputs("mush")) == {"up", "w", "space"}
    assert set(b.inputs("brake")) == {"down", "s"}
    assert set(b.inputs("senses")) == {"left shift", "e"}
    assert set(b.inputs("pause")) == {"escape", "p"}  # Esc or P pauses a run
    assert b.inputs("restart") == ("r",)
    assert set(b.inputs("confirm")) >= {"return", "space"}

def test_the_defaults_have_no_conflicts_and_every_action_a_key():
    b = Bindings()
    assert_no_conflicts(b)
    assert all(b.inputs(a) for a in ACTIONS)
    assert all(b.inputs(a, GAMEPAD) for a in ESSENTIAL)


def test_gameplay_and_menus_may_share_keys():
    b = Bindings()
    assert b.actions_for("space") == ("mush", "confirm")
    assert b.actions_for("space", context=GAMEPLAY) == ("mush",)
    assert b.actions_for("space", context=MENU) == ("confirm",)
    assert b.actions_for("escape", context=GAMEPLAY) == ("pause",)
    assert b.actions_for("escape", context=MENU) == ("back",)
    assert b.actions_for("f11", context=MENU) == ("fullscreen",)
    assert b.actions_for("a", GAMEPAD, context=MENU) == ("confirm",)


@pytest.mark.parametrize("action, key, holder", [
    ("brake", "space", "mush"),  # same context
    ("restart", "escape", "pause"),
    ("confirm", "up", "up"),
    ("fullscreen", "space", "mush"),  # global clashes with everything
    ("screenshot", "return", "confirm"),
    ("senses", "f11", "fullscreen"),
])
def test_a_conflict_is_refused_with_a_clear_message(action, key, holder):
    b = Bindings()
    assert b.conflict(action, key) == holder
    with pytest.raises(BindingConflict) as info:
        b.rebind(action, key)
    assert info.value.other == holder
    message = str(info.value)
    assert display_name(key) in message and "already" in message
    assert b == Bindings()  # nothing changed


def test_a_gamepad_conflict_is_refused():
    with pytest.raises(BindingConflict, match="Mush"):
        Bindings().rebind("senses", "A", GAMEPAD)


def test_rebind_replaces_moves_adds_and_unbinds():
    b = Bindings().rebind("mush", "k")
    assert b.inputs("mush") == ("k", "w", "space")
    b = b.rebind("mush", "space", slot=0)  # moving a key the action already has
    assert b.inputs("mush") == ("space", "w")
    b = b.add("mush", "Left Ctrl")
    assert b.inputs("mush") == ("space", "w", "left ctrl")
    b = b.unbind("mush", "w")
    assert b.inputs("mush") == ("space", "left ctrl")
    b = b.rebind("mush", "return")  # confirm is a menu action: sharing is fine
    assert b.inputs("mush")[0] == "return"
    assert_no_conflicts(b)
    assert b.reset(KEYBOARD) == Bindings()


def test_refusals():
    b = Bindings()
    with pytest.raises(BindingError, match="not a key"):
        b.rebind("mush", "no such key")
    with pytest.raises(BindingError, match="unknown action"):
        b.rebind("fly", "k")
    with pytest.raises(BindingError, match="gamepad"):
        b.rebind("mush", "z-button", GAMEPAD)
    with pytest.raises(BindingError, match="at least one key"):
        b.unbind("pause", "escape").unbind("pause", "p")
    full = b.add("restart", "1").add("restart", "2").add("restart", "3")
    with pytest.raises(BindingError, match="4"):
        full.add("restart", "4")
    assert b.unbind("restart", "r").inputs("restart") == ()  # not essential


def test_input_names_are_canonical():
    assert key_name("Left Shift") == "left shift"
    assert key_name(pygame.K_KP_ENTER) == "enter"
    assert key_name("SPACE") == "space"
    b = Bindings().rebind("debug", "RIGHTY -", GAMEPAD)
    assert b.inputs("debug", GAMEPAD) == ("righty-",)
    b = Bindings().unbind("mush", "righttrigger", GAMEPAD)
    assert b.rebind("debug", "righttrigger+", GAMEPAD).inputs("debug", GAMEPAD) == ("righttrigger",)
    assert display_name("left shift") == "Left Shift" and display_name("f11") == "F11"
    assert display_name("leftx-", GAMEPAD) == "Left stick left"
    assert Bindings().describe("steer_left") == "Left / A"


def test_round_trip():
    b = Bindings().rebind("mush", "k").rebind("debug", "rightshoulder", GAMEPAD)
    again, problems = Bindings.from_dict(b.to_dict())
    assert again == b and problems == []
    assert Bindings.from_dict(None) == (Bindings(), [])


def test_loading_drops_unknown_and_clashing_inputs():
    data = Bindings().to_dict()
    data["keyboard"]["brake"] = ["space", "down", "bogus key"]  # space is mush's
    data["keyboard"]["pause"] = []  # essential: gets its defaults back
    data["keyboard"]["teleport"] = ["t"]  # unknown action: ignored
    data["gamepad"]["mush"] = "a"  # not a list
    del data["keyboard"]["senses"]  # missing: defaults
    b, problems = Bindings.from_dict(data)
    assert b.inputs("brake") == ("down",)
    assert b.inputs("pause") == ("escape", "p")
    assert b.inputs("senses") == ("left shift", "e")
    assert b.inputs("mush", GAMEPAD) == DEFAULT_GAMEPAD["mush"]
    assert len(problems) == 4 and any("space" in p for p in problems)
    assert_no_conflicts(b)


# ---------------------------------------------------------------------------- Controls

def test_keys_become_controls():
    b = Bindings()
    assert controls_from_input(b, {"a"}) == Controls(steer=-1.0)
    assert controls_from_input(b, {"right", "w"}) == Controls(steer=1.0, mush=True)
    assert controls_from_input(b, {"left", "d"}) == Controls()  # cancel out
    assert controls_from_input(b, {"space", "s"}) == Controls(brake=True)  # brake wins
    assert controls_from_input(b, {"e"}) == Controls(senses=True)
    assert controls_from_input(b.rebind("mush", "k"), {"up"}) == Controls()


def test_the_stick_steers_in_analog_past_the_dead_zone():
    b = Bindings()
    assert controls_from_input(b, axes={"leftx": 0.2}).steer == 0.0
    assert controls_from_input(b, axes={"leftx": -0.2}).steer == 0.0
    assert controls_from_input(b, axes={"leftx": 0.625}).steer == pytest.approx(0.5)
    assert controls_from_input(b, axes={"leftx": -1.0}).steer == -1.0
    assert controls_from_input(b, axes={"leftx": 5.0}).steer == 1.0
    assert controls_from_input(b, axes={"leftx": float("nan")}).steer == 0.0
    assert controls_from_input(b, {"a"}, axes={"leftx": 0.9}).steer == -1.0  # keys win
    assert controls_from_input(b, buttons={"dpright"}, axes={"leftx": -0.5}).steer == 1.0
    assert controls_from_input(b, axes={"leftx": 0.625}, dead_zone=0.0).steer == 0.625


def test_buttons_and_triggers():
    b = Bindings()
    assert controls_from_input(b, buttons={"a"}) == Controls(mush=True)
    assert controls_from_input(b, axes={"righttrigger": 0.4}) == Controls()
    assert controls_from_input(b, axes={"righttrigger": 0.8}) == Controls(mush=True)
    assert controls_from_input(b, buttons={"a"}, axes={"lefttrigger": 1.0}) == Controls(brake=True)
    assert controls_from_input(b, buttons={"x"}).senses
    assert axis_value(-32768) == -1.0 and axis_value(32767) == 1.0 and axis_value(0) == 0.0
    assert gamepad_held({"a"}, {"lefty": -0.9, "leftx": 0.1, "righttrigger": 0.7}) == \
        frozenset({"a", "lefty-", "righttrigger"})


def test_held_key_names_reads_a_pressed_table():
    pressed = {pygame.K_LEFT: True, pygame.K_SPACE: True, pygame.K_z: True}
    held = held_key_names(pressed)
    assert held == {"left", "space"}  # z is bound to nothing
    assert controls_from_input(Bindings(), held) == Controls(steer=-1.0, mush=True)


def test_importable_and_usable_without_a_display():
    code = ("import pygame, game.input.bindings as b, game.input.names as n\n"
            "assert n.key_name('Left Shift') == 'left shift'\n"
            "assert b.controls_from_input(keys={'a'}).steer == -1.0\n"
            "print(pygame.display.get_init())\n")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------- invariants

KEYS = ["left", "right", "up", "down", "a", "d", "w", "s", "space", "return", "escape", "p",
        "r", "e", "f11", "f3", "k", "left shift"]
PAD = ["a", "b", "x", "y", "start", "back", "dpleft", "dpup", "leftx-", "lefty+", "righttrigger"]


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["rebind", "add", "unbind"]),
                          st.sampled_from(list(ACTIONS)), st.booleans(), st.integers(0, 5),
                          st.integers(0, 100)), max_size=25))
def test_no_sequence_of_changes_makes_a_conflict_or_strands_the_player(ops):
    b = Bindings()
    for op, action, pad, slot, pick in ops:
        device = GAMEPAD if pad else KEYBOARD
        pool = PAD if pad else KEYS
        name = pool[pick % len(pool)]
        try:
            if op == "rebind":
                b = b.rebind(action, name, device, slot)
            elif op == "add":
                b = b.add(action, name, device)
            else:
                b = b.unbind(action, name, device)
        except BindingError:
            pass
        assert_no_conflicts(b)
        assert all(b.inputs(a) for a in ESSENTIAL)
    assert Bindings.from_dict(b.to_dict()) == (b, [])


def test_pygame_controller_codes_have_names():
    from game.input.names import axis_name, button_name

    assert button_name(pygame.CONTROLLER_BUTTON_A) == "a"
    assert button_name(pygame.CONTROLLER_BUTTON_DPAD_LEFT) == "dpleft"
    assert axis_name(pygame.CONTROLLER_AXIS_TRIGGERRIGHT) == "righttrigger"
    assert axis_name(pygame.CONTROLLER_AXIS_LEFTX) == "leftx"
    assert button_name(999) is None and axis_name(999) is None
