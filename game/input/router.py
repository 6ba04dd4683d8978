"""The router from pygame events to actions and Controls, for the app.

`InputRouter` follows the player's remappable `Bindings` (game.input.bindings), opens gamepads
through pygame-ce's controller API as they are plugged in or out (CONTROLLERDEVICEADDED /
CONTROLLERDEVICEREMOVED), keeps which buttons and sticks are held from their events, tells
`Prompts` which device was used last, and turns each event into the actions of the context
that listens now (gameplay in a run, menu elsewhere, global always). Nothing here reads the
event queue or the keyboard state: `game.app.window` hands them in.
"""
from __future__ import annotations

from typing import Any

import pygame

from game.input.actions import (
    BACK,
    CONFIRM,
    DEBUG,
    DOWN,
    FULLSCREEN,
    GAMEPLAY_SCREENS,
    LEFT,
    QUIT,
    RESTART,
    RIGHT,
    SCREENSHOT,
    UP,
)
from game.input.bindings import DEFAULT, GAMEPLAY, MENU, Bindings, controls_from_input, gamepad_held, held_key_names
from game.input.names import GAMEPAD, KEYBOARD, BindingError, axis_name, axis_value, button_name, key_name
from game.input.prompts import Prompts
from game.sim.controls import Controls

# Binding action -> the screen action it sends.
_GAMEPLAY_SENDS = {"pause": BACK, "restart": RESTART}
_MENU_SENDS = {"up": UP, "down": DOWN, "left": LEFT, "right": RIGHT, "confirm": CONFIRM, "back": BACK}
_GLOBAL_SENDS = {"fullscreen": FULLSCREEN, "screenshot": SCREENSHOT, "debug": DEBUG}


def context_for(screen_name: str) -> str:
    """Which bindings listen on a screen: "gameplay" in a run, "menu" elsewhere."""
    return GAMEPLAY if screen_name in GAMEPLAY_SCREENS else MENU


class InputRouter:
    """The player's input for the app: bindings, gamepads (hot-plugged), the last device.

    `translate(event, screen_name)` gives the actions of one event for the screen that is up;
    `controls(pressed)` the Controls of the keys and pads held now. Gamepad state comes from
    events only, so tests can post fake ones; a pad that cannot be opened is ignored.
    """

    def __init__(self, bindings: Bindings | None = None, prompts: Prompts | None = None) -> None:
        self.bindings = bindings if bindings is not None else DEFAULT
        self.prompts = prompts
        self.pads: dict[int, Any] = {}  # instance id -> pygame._sdl2.controller.Controller
        self.buttons: set[str] = set()  # gamepad buttons held (names)
        self.axes: dict[str, float] = {}  # axis name -> -1..1 (triggers 0..1)
        self._axis_held: frozenset[str] = frozenset()
        self.device_log: list[str] = []  # "connected: X" / "disconnected: X" for the app to show
        self._controller: Any = None

    # -- gamepads -------------------------------------------------------------------
    def init_gamepads(self) -> None:
        """Start pygame-ce's controller API (pads already plugged in arrive as
        CONTROLLERDEVICEADDED events). Harmless without any pad or support."""
        try:
            from pygame._sdl2 import controller

            controller.init()
            self._controller = controller
        except Exception:  # no SDL game-controller support: keyboard only
            self._controller = None

    def _open(self, device_index: int) -> None:
        c = self._controller
        if c is None:
            return
        try:
            if not c.is_controller(device_index):
                return
            pad = c.Controller(device_index)
            iid = pad.as_joystick().get_instance_id()
        except Exception:  # unplugged again already, or not a game controller
            return
        if iid not in self.pads:
            self.pads[iid] = pad
            self.device_log.append(f"Gamepad connected: {_pad_name(pad)}")

    def _close(self, instance_id: int) -> bool:
        pad = self.pads.pop(instance_id, None)
        if pad is None:
            return False
        self.device_log.append(f"Gamepad disconnected: {_pad_name(pad)}")
        try:
            pad.quit()
        except Exception:
            pass
        if not self.pads:  # nothing left to hold a button down
            self.buttons.clear()
            self.axes.clear()
            self._axis_held = frozenset()
            if self.prompts is not None:

                self.prompts.use(KEYBOARD)
        return True

    # -- events -> actions -------------------------------------------------------------
    def _used(self, device: str) -> None:
        if self.prompts is not None:
            self.prompts.use(device)

    def _actions(self, name: str, device: str, screen_name: str) -> list[str]:

        context = context_for(screen_name)
        out: list[str] = []
        for action in self.bindings.actions_for(name, device, context):
            send = (_GAMEPLAY_SENDS if context == GAMEPLAY else _MENU_SENDS).get(action) \
                or _GLOBAL_SENDS.get(action)
            if send and send not in out:
                out.append(send)
        if screen_name == "pause":  # the pause key resumes; the restart key restarts at once
            for action in self.bindings.actions_for(name, device, GAMEPLAY):
                send = _GAMEPLAY_SENDS.get(action)
                if send and send not in out:
                    out.append(send)
        return out

    def translate(self, event: Any, screen_name: str = "title") -> list[str]:
        """The actions one pygame event means on the screen `screen_name` (usually 0 or 1);
        also follows gamepads being plugged in or out and what they hold."""

        t = event.type
        if t == pygame.QUIT:
            return [QUIT]
        if t == pygame.KEYDOWN:
            self._used(KEYBOARD)
            try:
                name = key_name(event.key)
            except BindingError:
                return []
            return self._actions(name, KEYBOARD, screen_name)
        if t == pygame.CONTROLLERDEVICEADDED:
            self._open(getattr(event, "device_index", -1))
            return []
        if t == pygame.CONTROLLERDEVICEREMOVED:
            gone = self._close(getattr(event, "instance_id", -1))
            # A pad pulled out mid-run pauses the run (the team would run on unsteered).
            return [BACK] if gone and screen_name in GAMEPLAY_SCREENS else []
        if t == pygame.CONTROLLERBUTTONDOWN:
            pressed = button_name(getattr(event, "button", -1))
            if pressed is None:
                return []
            self.buttons.add(pressed)
            self._used(GAMEPAD)
            return self._actions(pressed, GAMEPAD, screen_name)
        if t == pygame.CONTROLLERBUTTONUP:
            released = button_name(getattr(event, "button", -1))
            if released is not None:
                self.buttons.discard(released)
            return []
        if t == pygame.CONTROLLERAXISMOTION:
            axis = axis_name(getattr(event, "axis", -1))
            if axis is None:
                return []
            self.axes[axis] = axis_value(getattr(event, "value", 0))
            held = gamepad_held((), self.axes)
            new = held - self._axis_held
            self._axis_held = held
            out: list[str] = []
            for name in sorted(new):
                self._used(GAMEPAD)
                for a in self._actions(name, GAMEPAD, screen_name):
                    if a not in out:
                        out.append(a)
            return out
        return []

    def controls(self, pressed: Any) -> Controls:
        """The Controls of the keys held now (`pygame.key.get_pressed()` or a set of codes)
        and the gamepad inputs held now, through the bindings."""
        if isinstance(pressed, (set, frozenset)):
            pressed = {k: True for k in pressed}
        keys = held_key_names(pressed, self.bindings)
        return controls_from_input(self.bindings, keys, self.buttons, self.axes)


def _pad_name(pad: Any) -> str:
    try:
        return str(pad.name) or "gamepad"
    except Exception:
        return "gamepad"
