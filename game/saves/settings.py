"""The player's settings: sound, display, accessibility, assist mode, the ghost and bindings.

`Settings` is immutable; change it with `settings.replace(...)`, which validates:
volumes are clamped to 0..1, the window scale to 1..4 and the game speed to 50..100 in
steps of 10; a value of the wrong type raises `SettingsError` with a message for the player.
`load_settings()` / `save_settings()` keep it as `settings.json` in the user config folder
(docs/saves.md); loading never raises.

Assist mode (after Celeste's): `game_speed` stretches the wall time of a tick (the
simulation's tick never changes; hand `game_speed_percent` to `FixedStepClock`), and
`assist_rules()` gives the rule changes for `create_world(..., assist=...)`. A run with
any of them on (a slower game speed included) is an assisted run: `settings.assisted`
(the sim's `RunResult.assisted` only knows the rule changes, so the app ORs the two).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from game.input.bindings import Bindings
from game.saves import storage
from game.sim.world import Assist

SCHEMA = 1
FILE_NAME = "settings.json"

VOLUME_MIN, VOLUME_MAX = 0.0, 1.0
SCALE_MIN, SCALE_MAX = 1, 4
SPEED_MIN, SPEED_MAX, SPEED_STEP = 50, 100, 10


class SettingsError(ValueError):
    """A setting the game refuses; the message is for the player."""


# field name -> (JSON group, JSON key)
_LAYOUT: dict[str, tuple[str, str]] = {
    "master_volume": ("audio", "master"),
    "music_volume": ("audio", "music"),
    "effects_volume": ("audio", "effects"),
    "fullscreen": ("display", "fullscreen"),
    "window_scale": ("display", "window_scale"),
    "vsync": ("display", "vsync"),
    "reduced_motion": ("accessibility", "reduced_motion"),
    "high_contrast": ("accessibility", "high_contrast"),
    "game_speed": ("assist", "game_speed"),
    "unbreakable_vials": ("assist", "unbreakable_vials"),
    "infinite_stamina": ("assist", "infinite_stamina"),
    "ghost_practice": ("ghost", "practice"),
    "ghost_campaign": ("ghost", "campaign"),
}

_WORDS = {
    "master_volume": "master volume", "music_volume": "music volume",
    "effects_volume": "effects volume", "window_scale": "window scale",
    "game_speed": "game speed", "reduced_motion": "reduced motion",
    "high_contrast": "high contrast", "unbreakable_vials": "unbreakable vials",
    "infinite_stamina": "infinite stamina", "ghost_practice": "ghost in practice",
    "ghost_campaign": "ghost in the campaign",
}


def clamp_volume(value: float) -> float:
    """A volume forced into 0..1 (rounded to 0.01 so saved files stay tidy)."""
    return round(min(max(float(value), VOLUME_MIN), VOLUME_MAX), 2)


def clamp_scale(value: int) -> int:
    return int(min(max(int(value), SCALE_MIN), SCALE_MAX))


def clamp_speed(value: float) -> int:
    """A game speed snapped to the nearest step of 10 within 50..100."""
    v = min(max(float(value), SPEED_MIN), SPEED_MAX)
    return int(SPEED_MIN + SPEED_STEP * math.floor((v - SPEED_MIN) / SPEED_STEP + 0.5))


_CLAMPS = {
    "master_volume": clamp_volume, "music_volume": clamp_volume, "effects_volume": clamp_volume,
    "window_scale": clamp_scale, "game_speed": clamp_speed,
}


@dataclass(frozen=True, eq=True)
class Settings:
    """Every setting, always valid: building one (`Settings(...)`, `Settings.make(...)`,
    `settings.replace(...)`) clamps numbers into range and raises SettingsError for a
    wrong type."""

    master_volume: float = 0.8
    music_volume: float = 0.7
    effects_volume: float = 0.8
    fullscreen: bool = False
    window_scale: int = 2
    vsync: bool = True
    reduced_motion: bool = False  # no screen shake or flashes, fewer particles
    high_contrast: bool = False  # high-contrast HUD
    game_speed: int = 100  # assist: percent of normal speed, 50..100 in steps of 10
    unbreakable_vials: bool = False  # assist
    infinite_stamina: bool = False  # assist
    ghost_practice: bool = True  # race your best run in practice (game.session.ghost)
    ghost_campaign: bool = False  # ... and in the campaign
    bindings: Bindings = field(default_factory=Bindings)

    __hash__ = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        # Validate however it was built, so a Settings is always in range.
        for f in fields(self):
            object.__setattr__(self, f.name, _validate(f.name, getattr(self, f.name)))

    @classmethod
    def make(cls, **values: Any) -> Settings:
        """Settings from keyword values, validated like `replace`."""
        return cls().replace(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with `changes`: numbers are clamped into range; a wrong type or an unknown
        name raises SettingsError."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in changes.items():
            if name not in current:
                raise SettingsError(f"there is no setting called {name!r}")
            current[name] = value
        return Settings(**current)

    # assist ------------------------------------------------------------------------
    @property
    def game_speed_percent(self) -> int:
        """For `FixedStepClock.speed_percent`: 50..100."""
        return self.game_speed

    def assist_rules(self) -> Assist:
        """The rule changes for `create_world(..., assist=...)`."""
        return Assist(unbreakable_vials=self.unbreakable_vials,
                      infinite_stamina=self.infinite_stamina)

    @property
    def assisted(self) -> bool:
        """True when any assist is on; runs played so are marked as assisted."""
        return self.game_speed < SPEED_MAX or self.assist_rules().any

    # saving ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON shape of settings.json (docs/saves.md)."""
        out: dict[str, Any] = {storage.SCHEMA_KEY: SCHEMA}
        for name, (group, key) in _LAYOUT.items():
            out.setdefault(group, {})[key] = getattr(self, name)
        out["bindings"] = self.bindings.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from saved JSON, plus the problems found (one line each). Missing values
        take their defaults quietly; a wrong type takes its default and is reported; a
        number out of range is clamped and reported."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        groups: dict[str, Mapping] = {}
        for group in {g for g, _ in _LAYOUT.values()}:
            raw = data.get(group)
            if raw is None:
                groups[group] = {}
            elif not isinstance(raw, Mapping):
                problems.append(f"{group}: not an object")
                groups[group] = {}
            else:
                groups[group] = raw
        for name, (group, key) in _LAYOUT.items():
            if key not in groups[group]:
                continue
            raw = groups[group][key]
            try:
                value = _validate(name, raw)
            except SettingsError as exc:
                problems.append(str(exc))
                continue
            changed = abs(value - raw) > 0.005 if name.endswith("_volume") else value != raw
            if changed:
                problems.append(f"{_WORDS.get(name, name)} {raw!r} is not allowed; {value!r} is used")
            values[name] = value
        bindings, binding_problems = Bindings.from_dict(data.get("bindings"))
        problems.extend(binding_problems)
        return cls(bindings=bindings, **values), problems


_DEFAULTS = {f.name: f.default for f in fields(Settings)}


def _validate(name: str, value: Any) -> Any:
    words = _WORDS.get(name, name)
    if name == "bindings":
        if not isinstance(value, Bindings):
            raise SettingsError("bindings must be a Bindings value")
        return value
    default = _DEFAULTS[name]
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise SettingsError(f"{words} must be on or off, not {value!r}")
        return value
    if not storage.finite(value):
        raise SettingsError(f"{words} must be a number, not {value!r}")
    if isinstance(default, int) and float(value) != int(value):
        if name != "game_speed":
            raise SettingsError(f"{words} must be a whole number, not {value!r}")
    return _CLAMPS[name](value)


# ---------------------------------------------------------------------------- files

def settings_path(store: storage.Store | None = None) -> Any:
    store = store or storage.default_store()
    return store.config_path(FILE_NAME)


def load_settings(store: storage.Store | None = None) -> Settings:
    """The saved settings, or the defaults. Never raises: a damaged file is moved aside (or
    repaired) and the player is told once through the store's notices."""
    store = store or storage.default_store()
    return store.load(store.config_path(FILE_NAME), SCHEMA, Settings.from_dict, Settings,
                      serialise=Settings.to_dict, migrations=MIGRATIONS)


def save_settings(settings: Settings, store: storage.Store | None = None) -> bool:
    """Write settings.json atomically; False (and a notice) if it could not be written."""
    store = store or storage.default_store()
    return store.save_json(store.config_path(FILE_NAME), settings.to_dict())


# Schema n -> n + 1 converters for files older games wrote (none yet: schema 1 is the first).
MIGRATIONS: dict[int, Any] = {}
