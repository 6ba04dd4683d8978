"""Input mapping: held keys -> one frozen Controls per tick, key presses -> menu actions.

All key bindings live in the two tables below so remapping (and a gamepad layer) can
replace them in one place. Nothing here reads the event queue or the keyboard state:
`game.app` does that and hands the results in.
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
