"""On-screen button prompts that follow the device the player used last.

`Prompts` knows the current bindings and the last device (keyboard or gamepad); screens ask
it how to name an action: `flow.prompts.label("confirm")` is "Enter" after a key press and
"A" after a gamepad press. `hint(("confirm", "select"), ("back", "back"))` builds a hint
line such as "ENTER select   ESC back". The app tells it the device (`use`) as input arrives.
"""
from __future__ import annotations

from collections.abc import Iterable

from game.input.bindings import DEFAULT, Bindings
from game.input.names import GAMEPAD, KEYBOARD, display_name

# Shorter words for hint lines (the settings screen shows the full names).
_SHORT_PAD = {
    "dpup": "D-PAD UP", "dpdown": "D-PAD DOWN", "dpleft": "D-PAD LEFT", "dpright": "D-PAD RIGHT",
    "leftshoulder": "LB", "rightshoulder": "RB", "lefttrigger": "LT", "righttrigger": "RT",
    "leftstick": "L3", "rightstick": "R3", "start": "START", "back": "SELECT", "guide": "GUIDE",
    "leftx-": "STICK LEFT", "leftx+": "STICK RIGHT", "lefty-": "STICK UP", "lefty+": "STICK DOWN",
    "rightx-": "R-STICK LEFT", "rightx+": "R-STICK RIGHT", "righty-": "R-STICK UP",
    "righty+": "R-STICK DOWN",
}
# Actions shown together as one prompt ("steer" is steer_left + steer_right).
_PAIRS = {
    "steer": ("steer_left", "steer_right"),
    "updown": ("up", "down"),
    "leftright": ("left", "right"),
}
_PAIR_WORDS = {
    (KEYBOARD, ("left", "right")): "ARROWS", (KEYBOARD, ("a", "d")): "A/D",
    (KEYBOARD, ("up", "down")): "UP/DOWN", (KEYBOARD, ("w", "s")): "W/S",
    (GAMEPAD, ("dpleft", "dpright")): "D-PAD", (GAMEPAD, ("leftx-", "leftx+")): "STICK",
    (GAMEPAD, ("dpup", "dpdown")): "D-PAD", (GAMEPAD, ("lefty-", "lefty+")): "STICK",
}


def short_name(name: str, device: str) -> str:
    """An input as a hint line shows it: "ESC", "SPACE", "L-SHIFT", "A", "RT", "D-PAD LEFT"."""
    if device == GAMEPAD:
        return _SHORT_PAD.get(name, name.upper())
    special = {"escape": "ESC", "return": "ENTER", "enter": "KP ENTER", "left shift": "SHIFT",
               "right shift": "R-SHIFT", "left ctrl": "CTRL", "right ctrl": "R-CTRL",
               "backspace": "BKSP", "left alt": "ALT", "right alt": "R-ALT"}
    return special.get(name, display_name(name, device).upper())


class Prompts:
    """The names of the inputs for actions on the device the player used last."""

    def __init__(self, bindings: Bindings = DEFAULT, device: str = KEYBOARD) -> None:
        self.bindings = bindings
        self.device = device if device in (KEYBOARD, GAMEPAD) else KEYBOARD

    def use(self, device: str) -> bool:
        """The player just used `device`; True when the prompts changed."""
        if device not in (KEYBOARD, GAMEPAD) or device == self.device:
            return False
        self.device = device
        return True

    @property
    def gamepad(self) -> bool:
        return self.device == GAMEPAD

    def inputs(self, action: str, device: str | None = None) -> tuple[str, ...]:
        dev = device or self.device
        names = self.bindings.inputs(action, dev)
        if not names and dev == GAMEPAD:  # nothing on the pad (F11, F12, F3): say the key
            return self.bindings.inputs(action, KEYBOARD)
        return names

    def label(self, action: str, device: str | None = None, limit: int = 1) -> str:
        """How to press `action` now, for a hint line: "ESC", "START", "ENTER / SPACE".
        Pairs: "steer" ("ARROWS", "D-PAD"), "updown", "leftright"."""
        dev = device or self.device
        if action in _PAIRS:
            a, b = _PAIRS[action]
            out = []
            for x, y in zip(self.inputs(a, dev), self.inputs(b, dev)):
                word = _PAIR_WORDS.get((dev, (x, y)))
                out.append(word or f"{short_name(x, dev)}/{short_name(y, dev)}")
                if len(out) >= limit:
                    break
            return " / ".join(out) if out else "unbound"
        names = self.inputs(action, dev)
        if not names:
            return "unbound"
        used_dev = dev if self.bindings.inputs(action, dev) else KEYBOARD
        return " / ".join(short_name(n, used_dev) for n in names[:limit])

    def hint(self, *pairs: tuple[str, str], sep: str = "   ") -> str:
        """A hint line from (action, words) pairs: "ENTER select   ESC back"."""
        return sep.join(f"{self.label(a)} {words}" for a, words in pairs)

    def words(self, items: Iterable[tuple[str, str]]) -> list[str]:
        """Each (action, words) pair as "KEY words" (for hint lines split over a layout)."""
        return [f"{self.label(a)} {w}" for a, w in items]
