"""Typing a name: the raw events of a screen that asks for text, as actions.

While a screen asks for a name (a new high score), the keyboard types instead of moving a menu:
letters, digits, space and punctuation become `typed(ch)` actions, Backspace `ERASE`, Enter
(either) `CONFIRM`, Esc `BACK`, and the arrow keys `UP`/`DOWN`/`LEFT`/`RIGHT` (the letter picker,
which a gamepad drives with its d-pad and stick through the menu bindings as ever). A gamepad's
Y erases. Everything else goes on to the router (`typing_actions` returns None).
"""
from __future__ import annotations

from typing import Any

import pygame

from game.input.actions import BACK, CONFIRM, DOWN, ERASE, LEFT, RIGHT, UP, typed
from game.input.names import button_name

_KEYS = {pygame.K_BACKSPACE: ERASE, pygame.K_RETURN: CONFIRM, pygame.K_KP_ENTER: CONFIRM,
         pygame.K_ESCAPE: BACK, pygame.K_UP: UP, pygame.K_DOWN: DOWN, pygame.K_LEFT: LEFT,
         pygame.K_RIGHT: RIGHT}


def printable(char: str) -> bool:
    """One character a name may hold: a visible character or a space (no controls)."""
    return len(char) == 1 and (char.isprintable() or char == " ")


def typing_actions(event: Any) -> list[str] | None:
    """The actions of one event while a name is being typed; None for an event the router
    should translate as usual (gamepad buttons and sticks, the window's own events)."""
    t = event.type
    if t == pygame.KEYDOWN:
        key = getattr(event, "key", None)
        if key in _KEYS:
            return [_KEYS[key]]
        if key in (pygame.K_F3, pygame.K_F11, pygame.K_F12):  # the global keys still work
            return None
        char = getattr(event, "unicode", "")
        return [typed(char)] if printable(char) else []
    if t == pygame.CONTROLLERBUTTONDOWN and button_name(getattr(event, "button", -1)) == "y":
        return [ERASE]
    return None
