"""Input mapping: held keys and gamepads -> one frozen Controls per tick, presses -> actions.

`InputRouter` is what the app uses: it follows the player's remappable `Bindings`
(game.input.bindings), opens gamepads through pygame-ce's controller API as they are plugged in or
out (CONTROLLERDEVICEADDED / CONTROLLERDEVICEREMOVED), keeps which buttons and sticks are
held from their events, tells `Prompts` which device was used last, and turns each event
into the actions of the context that listens now (gameplay in a run, menu elsewhere, global
always). The two tables below are the default keyboard bindings as key codes, kept for the
simple helpers (`controls_from_keys`, `actions_from_event`) that tests and bots use.
Nothing here reads the event queue or the keyboard state: `game.app.window` hands them in.
"""
from __future__ import annotations

from typing import Any, Collection, Mapping, Sequence

import pygame

from game.sim.controls import Controls

# Menu / screen actions (what screens receive in `handle`).
UP = "up"
DOWN = "down"
LEFT = "left"
RIGHT = "right"
CONFIRM = "confirm"
BACK = "back"      # Esc: pause in a run, back / quit in menus
RESTART = "restart"
QUIT = "quit"      # the window's close button
ACTIONS = (UP, DOWN, LEFT, RIGHT, CONFIRM, BACK, RESTART, QUIT)
# Global actions: the app handles them on any screen (never passed to a screen).
FULLSCREEN = "fullscreen"
SCREENSHOT = "screenshot"
DEBUG = "debug"
GLOBAL_ACTIONS = (FULLSCREEN, SCREENSHOT, DEBUG)

# Held keys -> gameplay controls, read every tick.
HOLD_BINDINGS: dict[str, tuple[int, ...]] = {
    "left": (pygame.K_LEFT, pygame.K_a),
    "right": (pygame.K_RIGHT, pygame.K_d),
    "mush": (pygame.K_UP, pygame.K_w, pygame.K_SPACE),
    "brake": (pygame.K_DOWN, pygame.K_s),
    "senses": (pygame.K_LSHIFT, pygame.K_e),
}

# Pressed keys -> actions, one per key-down event.
PRESS_BINDINGS: dict[str, tuple[int, ...]] = {
    UP: (pygame.K_UP, pygame.K_w),
    DOWN: (pygame.K_DOWN, pygame.K_s),
    LEFT: (pygame.K_LEFT, pygame.K_a),
    RIGHT: (pygame.K_RIGHT, pygame.K_d),
    CONFIRM: (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE),
    BACK: (pygame.K_ESCAPE, pygame.K_p),
    RESTART: (pygame.K_r,),
}

_KEY_TO_ACTION: dict[int, str] = {}
for _action, _keys in PRESS_BINDINGS.items():
    for _k in _keys:
        _KEY_TO_ACTION.setdefault(_k, _action)

# Hint texts for the screens, derived from the tables' first keys.
HINTS = {
    "steer": "ARROWS/A D steer",
    "mush": "UP/W/SPACE mush",
    "brake": "DOWN/S brake",
    "senses": "SHIFT/E senses",
    "pause": "ESC pause",
    "restart": "R restart",
}


def _held(pressed: Any, key: int) -> bool:
    if isinstance(pressed, (set, frozenset, Mapping)):
        return bool(key in pressed and (not isinstance(pressed, Mapping) or pressed[key]))
    try:
        return bool(pressed[key])
    except (IndexError, KeyError):
        return False


def _any(pressed: Any, keys: Sequence[int]) -> bool:
    return any(_held(pressed, k) for k in keys)


def controls_from_keys(pressed: Any, bindings: Mapping[str, Sequence[int]] = HOLD_BINDINGS) -> Controls:
    """The Controls for the keys held now.

    `pressed` is `pygame.key.get_pressed()` or any collection of held key codes.
    Left and right together cancel out; mush and brake together mean brake.
    """
    steer = 0.0
    if _any(pressed, bindings["left"]):
        steer -= 1.0
    if _any(pressed, bindings["right"]):
        steer += 1.0
    brake = _any(pressed, bindings["brake"])
    mush = _any(pressed, bindings["mush"]) and not brake
    return Controls(steer=steer, mush=mush, brake=brake, senses=_any(pressed, bindings["senses"]))


def action_for_key(key: int) -> str | None:
    """The menu action of one pressed key, or None."""
    return _KEY_TO_ACTION.get(key)


def actions_from_event(event: Any) -> list[str]:
    """The actions one pygame event means (usually zero or one)."""
    if event.type == pygame.QUIT:
        return [QUIT]
    if event.type == pygame.KEYDOWN:
        a = action_for_key(event.key)
        return [a] if a else []
    return []


def held_from_keys(keys: Collection[int]) -> frozenset[int]:
    """A held-key set for tests and bots: `controls_from_keys(held_from_keys({K_a}))`."""
    return frozenset(keys)


# ---------------------------------------------------------------------------- the router

GAMEPLAY_SCREENS = ("run", "countdown")  # screens where the gameplay bindings listen
# Binding action -> the screen action it sends.
_GAMEPLAY_SENDS = {"pause": BACK, "restart": RESTART}
_MENU_SENDS = {"up": UP, "down": DOWN, "left": LEFT, "right": RIGHT, "confirm": CONFIRM, "back": BACK}
_GLOBAL_SENDS = {"fullscreen": FULLSCREEN, "screenshot": SCREENSHOT, "debug": DEBUG}


def context_for(screen_name: str) -> str:
    """Which bindings listen on a screen: "gameplay" in a run, "menu" elsewhere."""
    from game.input.bindings import GAMEPLAY, MENU

    return GAMEPLAY if screen_name in GAMEPLAY_SCREENS else MENU


class InputRouter:
    """The player's input for the app: bindings, gamepads (hot-plugged), the last device.

    `translate(event, screen_name)` gives the actions of one event for the screen that is up;
    `controls(pressed)` the Controls of the keys and pads held now. Gamepad state comes from
    events only, so tests can post fake ones; a pad that cannot be opened is ignored.
    """

    def __init__(self, bindings: Any = None, prompts: Any = None) -> None:
        from game.input.bindings import DEFAULT

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
                from game.input.bindings import KEYBOARD

                self.prompts.use(KEYBOARD)
        return True

    # -- events -> actions -------------------------------------------------------------
    def _used(self, device: str) -> None:
        if self.prompts is not None:
            self.prompts.use(device)

    def _actions(self, name: str, device: str, screen_name: str) -> list[str]:
        from game.input.bindings import GAMEPLAY

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
        from game.input.bindings import GAMEPAD, KEYBOARD, axis_name, button_name, gamepad_held, key_name
        from game.input.bindings import BindingError, axis_value

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
            name = button_name(getattr(event, "button", -1))
            if name is None:
                return []
            self.buttons.add(name)
            self._used(GAMEPAD)
            return self._actions(name, GAMEPAD, screen_name)
        if t == pygame.CONTROLLERBUTTONUP:
            name = button_name(getattr(event, "button", -1))
            self.buttons.discard(name)  # type: ignore[arg-type]
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
        from game.input.bindings import controls_from_input, held_key_names

        if isinstance(pressed, (set, frozenset)):
            pressed = {k: True for k in pressed}
        keys = held_key_names(pressed, self.bindings)
        return controls_from_input(self.bindings, keys, self.buttons, self.axes)


def _pad_name(pad: Any) -> str:
    try:
        return str(pad.name) or "gamepad"
    except Exception:
        return "gamepad"
