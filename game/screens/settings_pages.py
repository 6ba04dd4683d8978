"""The settings screen's pages and rows: which setting or binding each row changes, its label
and its note. Data for game.screens.settings, kept apart so the screen reads as behaviour."""
from __future__ import annotations

from dataclasses import dataclass

from game.input.bindings import ACTIONS, LABELS
from game.input.names import GAMEPAD, KEYBOARD, display_name

SOUND, DISPLAY, ACCESS, ASSIST, GHOST, KEYS, PAD = ("Sound", "Display", "Access", "Assist", "Ghost",
                                                   "Keyboard", "Gamepad")
PAGES = (SOUND, DISPLAY, ACCESS, ASSIST, GHOST, KEYS, PAD)


@dataclass(frozen=True)
class Row:
    """One row of a page."""

    kind: str  # volume, toggle, scale, speed, bind, reset, back
    key: str  # a Settings field, a binding action or a device
    label: str
    note: str = ""


ROWS: dict[str, tuple[Row, ...]] = {
    SOUND: (Row("volume", "master_volume", "Master volume"),
            Row("volume", "music_volume", "Music"),
            Row("volume", "effects_volume", "Effects")),
    DISPLAY: (Row("toggle", "fullscreen", "Fullscreen", "F11 switches it anywhere"),
              Row("scale", "window_scale", "Window scale", "the window's size, when not fullscreen"),
              Row("toggle", "vsync", "Vsync", "no tearing; takes effect at the next start")),
    ACCESS: (Row("toggle", "reduced_motion", "Reduced motion",
                 "no screen shake or flashes, fewer particles, no blinking"),
             Row("toggle", "high_contrast", "High-contrast HUD", "solid panels, brighter words")),
    ASSIST: (Row("speed", "game_speed", "Game speed", "the whole game runs slower"),
             Row("toggle", "unbreakable_vials", "Unbreakable vials", "crashes break no vials"),
             Row("toggle", "infinite_stamina", "Infinite stamina", "mush as long as you like")),
    GHOST: (Row("toggle", "ghost_practice", "Ghost in practice", "race a see-through team: your best run"),
            Row("toggle", "ghost_campaign", "Ghost in the campaign", "the same on campaign legs")),
}
for _dev, _page in ((KEYBOARD, KEYS), (GAMEPAD, PAD)):
    ROWS[_page] = tuple(Row("bind", a, LABELS[a]) for a in ACTIONS
                         if not (_dev == GAMEPAD and a in ("fullscreen", "screenshot", "debug"))) + \
        (Row("reset", _dev, f"Reset {_dev} to defaults"),)


def chip_text(name: str, device: str) -> str:
    """An input as the remap page shows it ("return" is the Enter key; "enter" the keypad's)."""
    if device == KEYBOARD and name in ("return", "enter"):
        return "Enter" if name == "return" else "Keypad Enter"
    return display_name(name, device)


def on_off(v: bool) -> str:
    """A toggle's value as the page shows it."""
    return "ON" if v else "OFF"
