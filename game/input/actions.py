"""The actions screens receive (`Screen.handle`) and the app's global actions.

Plain strings, so screens and tests need no pygame to speak of input; `game.input.router`
turns events into them through the player's bindings.
"""
from __future__ import annotations

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
# Typing a name (game.input.text_entry): a typed character is TYPED + the character.
ERASE = "erase"    # Backspace (Y on a gamepad): the character before the cursor
TYPED = "typed:"


def typed(char: str) -> str:
    """The action of typing one character."""
    return TYPED + char


def typed_char(action: str) -> str | None:
    """The character a typing action carries (None for any other action)."""
    return action[len(TYPED):] if action.startswith(TYPED) and len(action) == len(TYPED) + 1 else None
# Global actions: the app handles them on any screen (never passed to a screen).
FULLSCREEN = "fullscreen"
SCREENSHOT = "screenshot"
DEBUG = "debug"
GLOBAL_ACTIONS = (FULLSCREEN, SCREENSHOT, DEBUG)

GAMEPLAY_SCREENS = ("run", "countdown")  # screens where the gameplay bindings listen
