"""Input names: the canonical names of keys, gamepad buttons, stick directions and triggers,
and how each reads in a menu ("Left Shift", "D-pad left").

Keyboard names are pygame's key names, lower case ("left", "space", "f11"); gamepad names are
SDL game-controller names as pygame-ce's controller API uses them ("a", "dpleft", "leftx-",
"righttrigger"). Names save as plain JSON; `game.input.bindings` maps actions to them. pygame
is imported only when a key or controller constant must be looked up, so a headless command
that reads the settings file needs no pygame.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

KEYBOARD = "keyboard"
GAMEPAD = "gamepad"
DEVICES = (KEYBOARD, GAMEPAD)

# SDL game-controller names -> pygame constant names.
BUTTONS: Mapping[str, str] = MappingProxyType({
    "a": "CONTROLLER_BUTTON_A", "b": "CONTROLLER_BUTTON_B", "x": "CONTROLLER_BUTTON_X",
    "y": "CONTROLLER_BUTTON_Y", "back": "CONTROLLER_BUTTON_BACK",
    "guide": "CONTROLLER_BUTTON_GUIDE", "start": "CONTROLLER_BUTTON_START",
    "leftstick": "CONTROLLER_BUTTON_LEFTSTICK", "rightstick": "CONTROLLER_BUTTON_RIGHTSTICK",
    "leftshoulder": "CONTROLLER_BUTTON_LEFTSHOULDER",
    "rightshoulder": "CONTROLLER_BUTTON_RIGHTSHOULDER",
    "dpup": "CONTROLLER_BUTTON_DPAD_UP", "dpdown": "CONTROLLER_BUTTON_DPAD_DOWN",
    "dpleft": "CONTROLLER_BUTTON_DPAD_LEFT", "dpright": "CONTROLLER_BUTTON_DPAD_RIGHT",
})
STICK_AXES: Mapping[str, str] = MappingProxyType({
    "leftx": "CONTROLLER_AXIS_LEFTX", "lefty": "CONTROLLER_AXIS_LEFTY",
    "rightx": "CONTROLLER_AXIS_RIGHTX", "righty": "CONTROLLER_AXIS_RIGHTY",
})
TRIGGERS: Mapping[str, str] = MappingProxyType({
    "lefttrigger": "CONTROLLER_AXIS_TRIGGERLEFT", "righttrigger": "CONTROLLER_AXIS_TRIGGERRIGHT",
})


class BindingError(ValueError):
    """A binding the game refuses; the message is for the player."""


def _pygame() -> Any:
    import pygame  # imported late: the rest of this module needs no pygame at all

    return pygame


def key_name(key: str | int) -> str:
    """The canonical (pygame, lower-case) name of a key given as a name or a key code;
    BindingError for a key pygame does not know. Needs no display."""
    pg = _pygame()
    with warnings.catch_warnings():  # "pygame.init() has not been called": harmless here
        warnings.simplefilter("ignore")
        if isinstance(key, str):
            text = key.strip()
            try:
                code = pg.key.key_code(text)
            except (ValueError, TypeError):
                raise BindingError(f"{key!r} is not a key the game knows") from None
        elif isinstance(key, int) and not isinstance(key, bool):
            code = key
        else:
            raise BindingError(f"{key!r} is not a key the game knows")
        name = pg.key.name(code)
    if not name or name == "unknown key":
        raise BindingError(f"{key!r} is not a key the game knows")
    return name.lower()


_CODE_CACHE: dict[str, int] = {}


def key_code(name: str) -> int:
    """The pygame key code of a canonical key name (cached)."""
    code = _CODE_CACHE.get(name)
    if code is None:
        pg = _pygame()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = pg.key.key_code(name)
        _CODE_CACHE[name] = code
    return code


def button_name(code: int) -> str | None:
    """The name of a pygame controller button constant (CONTROLLERBUTTONDOWN's
    `event.button`), or None for a button the game does not bind."""
    pg = _pygame()
    for name, const in BUTTONS.items():
        if getattr(pg, const, None) == code:
            return name
    return None


def axis_name(code: int) -> str | None:
    """The name of a pygame controller axis constant (CONTROLLERAXISMOTION's `event.axis`):
    "leftx", ..., "righttrigger"; None if unknown."""
    pg = _pygame()
    for name, const in {**STICK_AXES, **TRIGGERS}.items():
        if getattr(pg, const, None) == code:
            return name
    return None


def gamepad_name(name: str) -> str:
    """The canonical name of a gamepad input ("A" -> "a", "leftx -" -> "leftx-",
    "righttrigger+" -> "righttrigger"); BindingError for anything else."""
    text = str(name).strip().lower().replace(" ", "") if isinstance(name, str) else ""
    if text in BUTTONS or text in TRIGGERS:
        return text
    if text.endswith("+") and text[:-1] in TRIGGERS:
        return text[:-1]
    if len(text) > 1 and text[-1] in "+-" and text[:-1] in STICK_AXES:
        return text
    raise BindingError(f"{name!r} is not a gamepad button, stick direction or trigger")


def input_name(name: str | int, device: str) -> str:
    """The canonical name of an input on `device`; BindingError when there is none."""
    if device == KEYBOARD:
        return key_name(name)
    if device == GAMEPAD:
        return gamepad_name(name)  # type: ignore[arg-type]
    raise BindingError(f"unknown device {device!r}")


_PAD_WORDS = {
    "dpup": "D-pad up", "dpdown": "D-pad down", "dpleft": "D-pad left", "dpright": "D-pad right",
    "leftshoulder": "Left bumper", "rightshoulder": "Right bumper",
    "leftstick": "Left stick click", "rightstick": "Right stick click",
    "lefttrigger": "Left trigger", "righttrigger": "Right trigger",
    "start": "Start", "back": "Select", "guide": "Guide",
    "leftx-": "Left stick left", "leftx+": "Left stick right",
    "lefty-": "Left stick up", "lefty+": "Left stick down",
    "rightx-": "Right stick left", "rightx+": "Right stick right",
    "righty-": "Right stick up", "righty+": "Right stick down",
}


def display_name(name: str, device: str = KEYBOARD) -> str:
    """How an input reads in a menu or a hint: "Left Shift", "F11", "D-pad left", "A"."""
    if device == GAMEPAD:
        return _PAD_WORDS.get(name, name.upper())
    if len(name) == 1:
        return name.upper()
    return " ".join(w.upper() if len(w) <= 3 and w[:1] == "f" and w[1:].isdigit() else
                    w.capitalize() for w in name.split(" "))


def axis_value(raw: float) -> float:
    """A pygame controller axis reading (-32768..32767) as -1..1."""
    v = float(raw) / 32767.0
    return -1.0 if v < -1.0 else 1.0 if v > 1.0 else v
