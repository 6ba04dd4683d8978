"""Remappable keyboard and gamepad bindings: actions -> input names, and inputs -> Controls.

Inputs are names, so they save as plain JSON and show in menus as they are:
- keyboard: pygame's key names, lower case ("left", "a", "space", "left shift", "f11");
- gamepad: SDL game-controller names as pygame-ce's controller API uses them: buttons
  ("a", "b", "x", "y", "start", "back", "dpleft", "leftshoulder"...), a stick direction
  ("leftx-", "leftx+", "lefty-" (up), "righty+"...) or a trigger ("lefttrigger", "righttrigger").

Actions live in three contexts. Two actions of the same context may not share an input,
and a global action (fullscreen, screenshot, debug) may share with nothing; a gameplay
action and a menu action may share (Space mushes in a run and confirms in a menu, Esc
pauses a run and goes back in a menu), because only one of the two contexts listens at a
time. `Bindings.rebind` refuses anything else with a `BindingConflict` naming the action
that holds the input.

Nothing here opens a display or reads events: `game.app.window` hands in held key names, pressed
gamepad buttons and axis values, and `controls_from_input` turns them into Controls.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from game.input.names import (
    DEVICES,
    GAMEPAD,
    KEYBOARD,
    STICK_AXES,
    TRIGGERS,
    BindingError,
    display_name,
    input_name,
    key_code,
)
from game.sim.controls import Controls

GAMEPLAY = "gameplay"
MENU = "menu"
GLOBAL = "global"

# action -> context, in the order a controls menu lists them.
ACTIONS: Mapping[str, str] = MappingProxyType({
    "steer_left": GAMEPLAY, "steer_right": GAMEPLAY, "mush": GAMEPLAY, "brake": GAMEPLAY,
    "senses": GAMEPLAY, "pause": GAMEPLAY, "restart": GAMEPLAY,
    "up": MENU, "down": MENU, "left": MENU, "right": MENU, "confirm": MENU, "back": MENU,
    "fullscreen": GLOBAL, "screenshot": GLOBAL, "debug": GLOBAL,
})

LABELS: Mapping[str, str] = MappingProxyType({
    "steer_left": "Steer left", "steer_right": "Steer right", "mush": "Mush", "brake": "Brake",
    "senses": "Balto's senses", "pause": "Pause", "restart": "Restart leg",
    "up": "Menu up", "down": "Menu down", "left": "Menu left", "right": "Menu right",
    "confirm": "Confirm", "back": "Back", "fullscreen": "Fullscreen",
    "screenshot": "Screenshot", "debug": "Debug overlay",
})

# Without a key for these the keyboard player could get stuck; unbinding the last is refused.
ESSENTIAL = frozenset({"steer_left", "steer_right", "mush", "brake", "pause",
                       "up", "down", "confirm", "back"})
MAX_PER_ACTION = 4

DEFAULT_KEYBOARD: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "steer_left": ("left", "a"),
    "steer_right": ("right", "d"),
    "mush": ("up", "w", "space"),
    "brake": ("down", "s"),
    "senses": ("left shift", "e"),
    "pause": ("escape", "p"),
    "restart": ("r",),
    "up": ("up", "w"),
    "down": ("down", "s"),
    "left": ("left", "a"),
    "right": ("right", "d"),
    "confirm": ("return", "enter", "space"),
    "back": ("escape",),
    "fullscreen": ("f11",),
    "screenshot": ("f12",),
    "debug": ("f3",),
})

DEFAULT_GAMEPAD: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "steer_left": ("dpleft", "leftx-"),
    "steer_right": ("dpright", "leftx+"),
    "mush": ("a", "righttrigger"),
    "brake": ("b", "lefttrigger"),
    "senses": ("x",),
    "pause": ("start",),
    "restart": ("back",),
    "up": ("dpup", "lefty-"),
    "down": ("dpdown", "lefty+"),
    "left": ("dpleft", "leftx-"),
    "right": ("dpright", "leftx+"),
    "confirm": ("a",),
    "back": ("b",),
    "fullscreen": (),
    "screenshot": (),
    "debug": (),
})

DEAD_ZONE = 0.25  # stick travel ignored around the centre (worn sticks drift)
PRESS_THRESHOLD = 0.5  # an axis bound to a button-like action counts as pressed past this


class BindingConflict(BindingError):
    """The input is already bound to another action that listens at the same time."""

    def __init__(self, action: str, other: str, device: str, name: str) -> None:
        self.action, self.other, self.device, self.input = action, other, device, name
        super().__init__(f"{display_name(name, device)} already does {LABELS[other]}; "
                         f"unbind it there first, or choose another {_noun(device)} "
                         f"for {LABELS[action]}")


def _noun(device: str) -> str:
    return "key" if device == KEYBOARD else "button"


def shares_context(a: str, b: str) -> bool:
    """True when actions `a` and `b` listen at the same time (so may not share an input)."""
    ca, cb = ACTIONS[a], ACTIONS[b]
    return ca == cb or GLOBAL in (ca, cb)


def _direction(name: str, axes: Mapping[str, float]) -> float:
    """How far (0..1) an axis input is pushed its way; NaN and missing count as 0."""
    if name in TRIGGERS:
        v = axes.get(name, 0.0)
        sign = 1.0
    else:
        v = axes.get(name[:-1], 0.0)
        sign = -1.0 if name[-1] == "-" else 1.0
    try:
        d = float(v) * sign
    except (TypeError, ValueError):
        return 0.0
    if not math.isfinite(d) or d <= 0.0:
        return 0.0
    return 1.0 if d > 1.0 else d


def _is_axis(name: str) -> bool:
    return name in TRIGGERS or name[-1:] in ("+", "-")


def gamepad_held(buttons: Collection[str] = (), axes: Mapping[str, float] | None = None,
                 threshold: float = PRESS_THRESHOLD) -> frozenset[str]:
    """Every gamepad input held now, axis directions past `threshold` included; compare two
    frames' sets to turn stick pushes into menu presses."""
    axes = axes or {}
    held = set(buttons)
    for axis in STICK_AXES:
        for sign in "+-":
            if _direction(axis + sign, axes) >= threshold:
                held.add(axis + sign)
    for trig in TRIGGERS:
        if _direction(trig, axes) >= threshold:
            held.add(trig)
    return frozenset(held)


def _dead(d: float, dead_zone: float) -> float:
    if d <= dead_zone:
        return 0.0
    return min(1.0, (d - dead_zone) / (1.0 - dead_zone)) if dead_zone < 1.0 else 0.0


# ---------------------------------------------------------------------------- the bindings

def _frozen(table: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({a: tuple(table.get(a, ())) for a in ACTIONS})


@dataclass(frozen=True, eq=True)
class Bindings:
    """Which inputs do which action, per device. Immutable: every change returns a new one.

    `keyboard[action]` and `gamepad[action]` are tuples of canonical input names, the first
    being the one hints show.
    """

    keyboard: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _frozen(DEFAULT_KEYBOARD))
    gamepad: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _frozen(DEFAULT_GAMEPAD))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        changed = {dev: {a: n for a, n in self.table(dev).items() if n != d[a]}
                   for dev, d in ((KEYBOARD, DEFAULT_KEYBOARD), (GAMEPAD, DEFAULT_GAMEPAD))}
        changed = {dev: c for dev, c in changed.items() if c}
        return f"Bindings(changed={changed})" if changed else "Bindings(defaults)"

    def table(self, device: str) -> Mapping[str, tuple[str, ...]]:
        if device == KEYBOARD:
            return self.keyboard
        if device == GAMEPAD:
            return self.gamepad
        raise BindingError(f"unknown device {device!r}")

    def _with(self, device: str, table: Mapping[str, tuple[str, ...]]) -> Bindings:
        if device == KEYBOARD:
            return Bindings(keyboard=_frozen(table), gamepad=self.gamepad)
        return Bindings(keyboard=self.keyboard, gamepad=_frozen(table))

    # looking up ------------------------------------------------------------------------
    def inputs(self, action: str, device: str = KEYBOARD) -> tuple[str, ...]:
        """The inputs bound to `action` on `device`."""
        _check_action(action)
        return self.table(device)[action]

    def conflict(self, action: str, name: str | int, device: str = KEYBOARD) -> str | None:
        """The other action that would clash if `name` were bound to `action`, or None."""
        _check_action(action)
        name = input_name(name, device)
        for other, inputs in self.table(device).items():
            if other != action and name in inputs and shares_context(action, other):
                return other
        return None

    def actions_for(self, name: str, device: str = KEYBOARD,
                    context: str | None = None) -> tuple[str, ...]:
        """The actions one pressed input triggers, in ACTIONS order; with `context`
        (GAMEPLAY or MENU) only that context's actions and the global ones. `name` is
        canonical: `key_name(event.key)` for a KEYDOWN; `button_name(event.button)` for a
        gamepad button, or a stick direction newly in `gamepad_held(...)`."""
        out = []
        for action, inputs in self.table(device).items():
            if name in inputs and (context is None or ACTIONS[action] in (context, GLOBAL)):
                out.append(action)
        return tuple(out)

    def describe(self, action: str, device: str = KEYBOARD, limit: int = 2) -> str:
        """A short hint for `action`: "Left / A", or "unbound"."""
        names = self.inputs(action, device)[:limit]
        return " / ".join(display_name(n, device) for n in names) if names else "unbound"

    # changing --------------------------------------------------------------------------
    def rebind(self, action: str, name: str | int, device: str = KEYBOARD, slot: int = 0) -> Bindings:
        """Bind `name` to `action` in place of its input number `slot` (0 = the first;
        `slot` past the end adds it). Binding an input the action already has moves it.
        Raises BindingConflict when another action of a shared context holds it, and
        BindingError for an unknown action or input or more than MAX_PER_ACTION inputs."""
        _check_action(action)
        name = input_name(name, device)
        other = self.conflict(action, name, device)
        if other is not None:
            raise BindingConflict(action, other, device, name)
        table = dict(self.table(device))
        inputs = [n for n in table[action] if n != name]
        slot = max(0, int(slot))
        if slot < len(inputs):
            inputs[slot] = name
        else:
            if len(inputs) >= MAX_PER_ACTION:
                raise BindingError(f"{LABELS[action]} already has {MAX_PER_ACTION} "
                                   f"{_noun(device)}s; replace one instead")
            inputs.append(name)
        table[action] = tuple(inputs)
        return self._with(device, table)

    def add(self, action: str, name: str | int, device: str = KEYBOARD) -> Bindings:
        """Bind one more input to `action` (same refusals as `rebind`)."""
        return self.rebind(action, name, device, slot=MAX_PER_ACTION)

    def unbind(self, action: str, name: str | int, device: str = KEYBOARD) -> Bindings:
        """Remove one input from `action`; refuses to leave an essential action with no key."""
        _check_action(action)
        name = input_name(name, device)
        table = dict(self.table(device))
        inputs = tuple(n for n in table[action] if n != name)
        if not inputs and device == KEYBOARD and action in ESSENTIAL:
            raise BindingError(f"{LABELS[action]} needs at least one key")
        table[action] = inputs
        return self._with(device, table)

    def reset(self, device: str | None = None) -> Bindings:
        """The defaults for one device (or both)."""
        fresh = Bindings()
        if device is None:
            return fresh
        return self._with(device, fresh.table(device))

    # saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {dev: {a: list(n) for a, n in self.table(dev).items()} for dev in DEVICES}

    @classmethod
    def from_dict(cls, data: Any) -> tuple[Bindings, list[str]]:
        """Bindings from saved JSON, and the problems found (one line each).

        Missing actions get their defaults (minus any that would clash); unknown actions
        are ignored; an unknown input, or one that clashes with an earlier action, is
        dropped; an essential action left without a key gets its defaults back, and if even
        that clashes the whole device is reset.
        """
        problems: list[str] = []
        if not isinstance(data, Mapping):
            return cls(), ([] if data is None else ["bindings: not an object"])
        tables = {}
        for device, defaults in ((KEYBOARD, DEFAULT_KEYBOARD), (GAMEPAD, DEFAULT_GAMEPAD)):
            raw = data.get(device)
            if raw is None:
                tables[device] = _frozen(defaults)
                continue
            if not isinstance(raw, Mapping):
                problems.append(f"{device} bindings: not an object")
                tables[device] = _frozen(defaults)
                continue
            tables[device] = _load_table(device, raw, defaults, problems)
        return cls(keyboard=tables[KEYBOARD], gamepad=tables[GAMEPAD]), problems


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise BindingError(f"unknown action {action!r}")


def _load_table(device: str, raw: Mapping, defaults: Mapping[str, tuple[str, ...]],
                problems: list[str]) -> Mapping[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {a: [] for a in ACTIONS}

    def clash(action: str, name: str) -> str | None:
        for other, names in table.items():
            if other != action and name in names and shares_context(action, other):
                return other
        return None

    def place(action: str, names: Iterable[Any], report: bool) -> None:
        for item in names:
            try:
                name = input_name(item, device)
            except BindingError:
                if report:
                    problems.append(f"{device} {action}: {item!r} is not a known input")
                continue
            if name in table[action]:
                continue
            other = clash(action, name)
            if other is not None:
                if report:
                    problems.append(f"{device} {action}: {name!r} is already {other}")
                continue
            if len(table[action]) >= MAX_PER_ACTION:
                if report:
                    problems.append(f"{device} {action}: more than {MAX_PER_ACTION} inputs")
                break
            table[action].append(name)

    for action in ACTIONS:
        if action not in raw:
            continue
        names = raw[action]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"{device} {action}: not a list of names")
            continue
        place(action, names, report=True)
    for action in ACTIONS:  # actions the file did not have (or had broken): defaults
        names = raw.get(action)
        if action not in raw or not isinstance(names, list) or \
                not all(isinstance(n, str) for n in names):
            place(action, defaults[action], report=False)
    if device == KEYBOARD:
        for action in ACTIONS:
            if action in ESSENTIAL and not table[action]:
                place(action, defaults[action], report=False)
                if not table[action]:
                    problems.append(f"keyboard bindings: {action} had no key; all reset")
                    return _frozen(defaults)
                problems.append(f"keyboard {action}: had no key; defaults restored")
    return _frozen({a: tuple(n) for a, n in table.items()})


DEFAULT = Bindings()


# ---------------------------------------------------------------------------- input -> Controls

def held_key_names(pressed: Any, bindings: Bindings = DEFAULT) -> frozenset[str]:
    """The bound keys held now, by name, from `pygame.key.get_pressed()` (or any mapping or
    sequence indexed by key code). Only bound keys are looked at."""
    held = set()
    for names in bindings.keyboard.values():
        for name in names:
            if name in held:
                continue
            try:
                if pressed[key_code(name)]:
                    held.add(name)
            except (IndexError, KeyError, ValueError, TypeError):
                pass
    return frozenset(held)


def controls_from_input(bindings: Bindings = DEFAULT, keys: Collection[str] = (),
                        buttons: Collection[str] = (), axes: Mapping[str, float] | None = None,
                        dead_zone: float = DEAD_ZONE) -> Controls:
    """The Controls for one tick from what is held now.

    `keys`: held key names; `buttons`: held gamepad button names; `axes`: axis values by
    axis name ("leftx", "lefty", ... -1..1; "lefttrigger", "righttrigger" 0..1, see
    `axis_value`). Steering is digital (-1/+1) while a steer key or button is held (left and
    right together cancel), else analog from the bound stick directions past `dead_zone`,
    rescaled so the edge of the dead zone is 0 and full travel is 1. An axis bound to mush,
    brake or senses counts past PRESS_THRESHOLD. Mush and brake together mean brake.
    """
    axes = axes or {}
    keys = keys if isinstance(keys, (set, frozenset)) else frozenset(keys)
    buttons = buttons if isinstance(buttons, (set, frozenset)) else frozenset(buttons)

    def digital(action: str) -> bool:
        if any(k in keys for k in bindings.keyboard[action]):
            return True
        for name in bindings.gamepad[action]:
            if _is_axis(name):
                if _direction(name, axes) >= PRESS_THRESHOLD:
                    return True
            elif name in buttons:
                return True
        return False

    def digital_steer(action: str) -> bool:
        return any(k in keys for k in bindings.keyboard[action]) or \
            any(n in buttons for n in bindings.gamepad[action] if not _is_axis(n))

    def analog(action: str) -> float:
        return max((_dead(_direction(n, axes), dead_zone)
                    for n in bindings.gamepad[action] if _is_axis(n)), default=0.0)

    steer = float(digital_steer("steer_right")) - float(digital_steer("steer_left"))
    if not (digital_steer("steer_left") or digital_steer("steer_right")):
        steer = analog("steer_right") - analog("steer_left")
    brake = digital("brake")
    mush = digital("mush") and not brake
    return Controls(steer=steer, mush=mush, brake=brake, senses=digital("senses")).clamped()
