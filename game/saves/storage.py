"""Where the game keeps its files, and the `Store` that loads and saves them safely.

Every save (settings, progress, high scores, the replay index) is one JSON object with a
`"schema"` version number, written atomically (`game.saves.atomic`: a crash or a power cut
leaves the complete old file or the complete new one; two copies of the game saving at once
both succeed) and read safely (`game.saves.reading`: regular files only, capped).

A file that cannot be used (unreadable, not JSON, not an object, no schema, a schema from a
newer game) is moved aside as `<name>.bak` (the newest one is kept), defaults are used, and
the player is told once through a `Store`'s notices. A file that is not ours to replace (a
FIFO or a device; a newer game's file that cannot be moved aside) is left alone and the Store
keeps this game's copy in `<stem>.side.json` instead. Loading and saving never raise.

    store = Store()                       # the user's folders (or $BALTO_HOME)
    data = store.load(path, 1, parse, default)
    for text in store.take_notices(): show(text)

See docs/saves.md for the files, their shapes and their locations on each OS.
"""
from __future__ import annotations

import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from game.saves.atomic import STALE_AFTER as STALE_AFTER
from game.saves.atomic import atomic_write_bytes as atomic_write_bytes
from game.saves.atomic import atomic_write_json as atomic_write_json
from game.saves.atomic import dumps as dumps
from game.saves.atomic import remove_stale_temp_files as remove_stale_temp_files
from game.saves.atomic import write_target as write_target
from game.saves.reading import MAX_BYTES as MAX_BYTES
from game.saves.reading import SCHEMA_KEY as SCHEMA_KEY
from game.saves.reading import Loaded as Loaded
from game.saves.reading import Migrations as Migrations
from game.saves.reading import Unusable as Unusable
from game.saves.reading import bak_path as bak_path
from game.saves.reading import fresh, load_file, move_aside, side_path, unusable_notice
from game.saves.reading import load_json as load_json

APP_NAME = "balto-serum-run"
HOME_ENV = "BALTO_HOME"  # set it to keep config and data under one folder (tests, portable)

T = TypeVar("T")


# ---------------------------------------------------------------------------- locations

def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def user_config_dir() -> Path:
    """The folder for settings.json: `$BALTO_HOME/config` when set, else the OS's config
    folder for the game (platformdirs). Not created here; writing creates it."""
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    """The folder for progress, high scores and replays: `$BALTO_HOME/data` when set, else
    the OS's data folder for the game (platformdirs). Not created here."""
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# ---------------------------------------------------------------------------- the store

class Store:
    """The game's save folders plus the notices the player has yet to see.

    `config_dir` / `data_dir` default to `user_config_dir()` / `user_data_dir()`, looked
    up each time they are used (so `BALTO_HOME` set later still counts). Loading and saving
    through a Store never raises: problems become notices, each told once.
    """

    def __init__(self, config_dir: str | os.PathLike | None = None,
                 data_dir: str | os.PathLike | None = None) -> None:
        self._config_dir = Path(config_dir) if config_dir is not None else None
        self._data_dir = Path(data_dir) if data_dir is not None else None
        self._pending: list[str] = []
        self._told: set[str] = set()
        self._redirect: dict[Path, Path | None] = {}  # a save left alone -> where it goes (None: nowhere)
        self._adopted: dict[Path, Path] = {}  # a save read from its side file -> that side file

    @property
    def config_dir(self) -> Path:
        return self._config_dir if self._config_dir is not None else user_config_dir()

    @property
    def data_dir(self) -> Path:
        return self._data_dir if self._data_dir is not None else user_data_dir()

    def config_path(self, name: str) -> Path:
        return self.config_dir / name

    def data_path(self, name: str) -> Path:
        return self.data_dir / name

    # notices ---------------------------------------------------------------
    def notice(self, text: str) -> None:
        """Queue a line for the player; a line already told this session is not repeated."""
        if text not in self._told and text not in self._pending:
            self._pending.append(text)

    @property
    def pending_notices(self) -> tuple[str, ...]:
        """Notices not yet taken (read-only peek)."""
        return tuple(self._pending)

    def take_notices(self) -> list[str]:
        """The notices not shown yet, oldest first; each is returned only once."""
        out, self._pending = self._pending, []
        self._told.update(out)
        return out

    # files -----------------------------------------------------------------
    def _load(self, path: Path, schema_version: int, migrations: Migrations | None) -> tuple[Any, Path | None]:
        """The save's data (None when there is none to use) and the file it came from.

        A save left alone (`blocked`) is redirected: this store saves it to its side file
        (`side_path`) and reads that side file instead. A save that is missing or unusable
        falls back on a side file left by an earlier session, which the next save folds back."""
        loaded = load_file(path, schema_version, None, migrations=migrations)
        if loaded.ok:
            return loaded.data, path
        side = side_path(path)
        data, source = None, None
        side_loaded = Loaded(None)
        if loaded.blocked or os.path.lexists(side):
            side_loaded = load_file(side, schema_version, None, migrations=migrations)
            if side_loaded.ok:
                data, source = side_loaded.data, side
        if loaded.blocked:
            if side_loaded.blocked:
                self._redirect[path] = None
                self.notice(f"{path.name} {loaded.clause}; it is left as it is, defaults are used, "
                            f"and nothing can be saved until it (or {side.name}) is a plain file again")
            else:
                self._redirect[path] = side
                self.notice(f"{path.name} {loaded.clause}; it is left as it is, and this game keeps "
                            f"its own copy in {side.name}")
        elif loaded.notice:
            self.notice(loaded.notice if source is None else loaded.notice.replace(
                "defaults are used", f"{side.name} is used"))
        if source is not None and not loaded.blocked:
            self._adopted[path] = side  # the next save of `path` folds it back
        if side_loaded.notice and not side_loaded.blocked:
            self.notice(side_loaded.notice)
        return data, source

    def load_json(self, path: str | os.PathLike, schema_version: int, default: Any = None, *,
                  migrations: Migrations | None = None) -> Any:
        """`load_json` that keeps its notices here and remembers a save it must not replace."""
        data, _ = self._load(Path(path), schema_version, migrations)
        return fresh(default) if data is None else data

    def load(self, path: str | os.PathLike, schema_version: int,
             parse: Callable[[dict], tuple[T, list[str]]], default: Callable[[], T], *,
             serialise: Callable[[T], dict] | None = None,
             migrations: Migrations | None = None) -> T:
        """Load a save and turn it into a model with `parse(data) -> (model, problems)`.

        `problems` are values `parse` could not use and replaced by defaults (one line
        each). When there are any, the original is copied to `<name>.bak`, the player is
        told once, and (given `serialise`) the repaired version is written back so the
        notice does not come again. A `parse` that raises counts as an unusable file.
        """
        path = Path(path)
        data, source = self._load(path, schema_version, migrations)
        if data is None or source is None:
            return default()
        try:
            model, problems = parse(data)
        except Exception as exc:
            bak = move_aside(source)
            self.notice(unusable_notice(source, f"was unreadable ({type(exc).__name__}: {exc})", bak))
            return default()
        if problems:
            bak = move_aside(source, copy_only=True)
            kept = f"the original was kept as {bak.name}" if bak else "the original could not be kept"
            listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
            self.notice(f"{source.name} had values the game could not use ({listed}); "
                        f"defaults are used for them and {kept}")
            if serialise is not None:
                self.save_json(path, serialise(model))
        return model

    def save_json(self, path: str | os.PathLike, data: Any) -> bool:
        """Write a save atomically. On failure the old file stays, the player is told
        (once), and False is returned; never raises. A save this store must not replace
        (a special file, a newer game's file) goes to its side file instead."""
        path = Path(path)
        if path not in self._redirect and _is_special(path):  # saved before it was loaded
            self._redirect[path] = side_path(path)
            self.notice(f"{path.name} is not a regular file (a pipe, a device or a socket); it is "
                        f"left as it is, and this game keeps its own copy in {side_path(path).name}")
        target = self._redirect.get(path, path)
        if target is None or (target != path and _is_special(target)):
            self.notice(f"{path.name} could not be saved (it is not a plain file); the last saved version is kept")
            return False
        try:
            atomic_write_json(target, data)
        except (OSError, ValueError, TypeError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc)
            self.notice(f"{path.name} could not be saved ({detail}); the last saved version is kept")
            return False
        side = self._adopted.pop(path, None)
        if side is not None and target == path:
            try:  # its contents now live in `path`
                side.unlink()
            except OSError:
                pass
        return True


def _is_special(path: Path) -> bool:
    """True when `path` (through its links) is something other than a plain file or a folder:
    a FIFO, a device, a socket. Replacing it would destroy what is not ours."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


_DEFAULT: Store | None = None


def default_store() -> Store:
    """The store the game uses when none is passed: one per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Store()
    return _DEFAULT


def finite(value: Any) -> bool:
    """True for a real, finite number (bools are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
