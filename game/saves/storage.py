"""Where the game keeps its files, and how it writes and reads them safely.

Every save (settings, progress, high scores, the replay index) is one JSON object with a
`"schema"` version number, written atomically: a temporary file in the same directory,
flushed and fsynced, then `os.replace`d over the old one, so a crash or a power cut leaves
either the complete old file or the complete new one, never half of each.

A file that cannot be used (unreadable, not JSON, not an object, no schema, a schema from a
newer game) is moved aside as `<name>.bak` (the newest one is kept), defaults are used, and
the player is told once through a `Store`'s notices. Loading never raises.

    store = Store()                       # the user's folders (or $BALTO_HOME)
    data = store.load(path, 1, parse, default)
    for text in store.take_notices(): show(text)

See docs/saves.md for the files, their shapes and their locations on each OS.
"""
from __future__ import annotations

import copy
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

APP_NAME = "balto-serum-run"
HOME_ENV = "BALTO_HOME"  # set it to keep config and data under one folder (tests, portable)
SCHEMA_KEY = "schema"
MAX_BYTES = 16 * 1024 * 1024  # a save bigger than this is not ours: treat it as corrupt

T = TypeVar("T")
Migrations = Mapping[int, Callable[[dict], dict]]  # version n -> a function making it n + 1


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


# ---------------------------------------------------------------------------- writing

def _fsync_dir(directory: Path) -> None:
    """Make a rename durable where the OS allows it (POSIX); a no-op elsewhere."""
    if sys.platform == "win32" or not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write_bytes(path: str | os.PathLike, payload: bytes) -> None:
    """Replace `path` with `payload` atomically (see module docstring); creates the folder.
    Raises OSError on failure, leaving the old file untouched and no temporary file behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        for attempt in range(5):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:  # Windows: a virus scanner or an indexer holds the file
                if sys.platform != "win32" or attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def dumps(data: Any) -> bytes:
    """The bytes a save is written as: indented UTF-8 JSON with a final newline.
    NaN and infinity are refused (ValueError): they are not JSON."""
    return (json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def atomic_write_json(path: str | os.PathLike, data: Any) -> None:
    """Write `data` as JSON to `path` atomically. Raises OSError (disk full, read-only
    folder...) or ValueError/TypeError (not JSON-able) without touching the old file."""
    atomic_write_bytes(path, dumps(data))


# ---------------------------------------------------------------------------- reading

class Unusable(Exception):
    """Why a save file cannot be used: a clause for the player that follows the file's
    name ("was unreadable (damaged or cut short)")."""


def bak_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".bak")


def move_aside(path: str | os.PathLike, *, copy_only: bool = False) -> Path | None:
    """Move (or copy) `path` to `<name>.bak`, replacing an older .bak.
    Returns the .bak path, or None when even that failed (the caller carries on)."""
    path = Path(path)
    bak = bak_path(path)
    try:
        if copy_only:
            atomic_write_bytes(bak, path.read_bytes())
        else:
            os.replace(path, bak)
        return bak
    except OSError:
        if copy_only:
            return None
        try:  # a folder where a file should be, or a file we may not rename: try harder
            if path.is_dir():
                if bak.is_dir():
                    shutil.rmtree(bak, ignore_errors=True)
                elif bak.exists():
                    bak.unlink()
                path.rename(bak)
                return bak
        except OSError:
            pass
        return None


def remove_stale_temp_files(path: str | os.PathLike) -> int:
    """Delete temporary files an interrupted save of `path` left behind; returns how many."""
    path = Path(path)
    removed = 0
    try:
        candidates = list(path.parent.glob(_temp_prefix(path) + "*.tmp"))
    except OSError:
        return 0
    for tmp in candidates:
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _read(path: Path, schema_version: int, migrations: Migrations | None) -> dict:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unusable(f"is far too big to be a save ({size} bytes)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise Unusable("is a folder, not a file") from None
    except PermissionError:
        raise Unusable("could not be read (permission denied)") from None
    except OSError as exc:
        raise Unusable(f"could not be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unusable("was unreadable (not text)") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise Unusable("was unreadable (damaged or cut short)") from None
    if not isinstance(data, dict):
        raise Unusable(f"was unreadable (a JSON {type(data).__name__} where an object belongs)")
    version = data.get(SCHEMA_KEY)
    if isinstance(version, bool) or not isinstance(version, int):
        raise Unusable("was unreadable (no schema version)")
    if version > schema_version:
        raise Unusable(f"is from a newer version of the game "
                       f"(schema {version}; this one reads up to {schema_version})")
    if version < 1:
        raise Unusable(f"was unreadable (schema {version} was never written by the game)")
    while version < schema_version:
        step = (migrations or {}).get(version)
        if step is None:
            raise Unusable(f"is too old to convert (schema {version})")
        try:
            data = step(copy.deepcopy(data))
        except Exception as exc:  # a migration must never crash the game
            raise Unusable(f"could not be converted from schema {version} ({exc})") from None
        if not isinstance(data, dict):
            raise Unusable(f"could not be converted from schema {version}")
        version += 1
        data[SCHEMA_KEY] = version
    return data


def _fresh(default: Any) -> Any:
    return default() if callable(default) else copy.deepcopy(default)


def unusable_notice(path: Path, clause: str, bak: Path | None) -> str:
    """The one line the player reads when a save could not be used, e.g. "settings.json
    was unreadable (damaged or cut short); it was moved to settings.json.bak and defaults
    are used"."""
    if bak is not None:
        return f"{path.name} {clause}; it was moved to {bak.name} and defaults are used"
    return f"{path.name} {clause}; it could not be moved aside, and defaults are used"


def load_json(path: str | os.PathLike, schema_version: int, default: Any = None, *,
              migrations: Migrations | None = None) -> tuple[Any, str | None]:
    """Read a save: `(data, None)` when it is fine, `(default, notice)` when it was not.

    `data` is the file's object, migrated to `schema_version` (its "schema" key updated).
    A missing file gives `(default, None)`. A file that cannot be used is moved aside as
    `<name>.bak` and the notice says so in one line. `default` may be a value (deep-copied)
    or a function making one. `migrations[n]` turns a schema-n object into schema n + 1.
    Never raises.
    """
    path = Path(path)
    remove_stale_temp_files(path)
    try:
        exists = path.exists() or path.is_symlink()
    except OSError:
        exists = True
    if not exists:
        return _fresh(default), None
    try:
        return _read(path, schema_version, migrations), None
    except Unusable as exc:
        clause = str(exc)
    except Exception as exc:  # anything unforeseen still must not crash the game
        clause = f"was unreadable ({type(exc).__name__}: {exc})"
    bak = move_aside(path)
    return _fresh(default), unusable_notice(path, clause, bak)


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
    def load_json(self, path: str | os.PathLike, schema_version: int, default: Any = None, *,
                  migrations: Migrations | None = None) -> Any:
        """`load_json` that keeps its notice here."""
        data, notice = load_json(path, schema_version, default, migrations=migrations)
        if notice:
            self.notice(notice)
        return data

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
        data = self.load_json(path, schema_version, None, migrations=migrations)
        if data is None:
            return default()
        try:
            model, problems = parse(data)
        except Exception as exc:
            bak = move_aside(path)
            self.notice(unusable_notice(path, f"was unreadable ({type(exc).__name__}: {exc})", bak))
            return default()
        if problems:
            bak = move_aside(path, copy_only=True)
            kept = f"the original was kept as {bak.name}" if bak else "the original could not be kept"
            listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
            self.notice(f"{path.name} had values the game could not use ({listed}); "
                        f"defaults are used for them and {kept}")
            if serialise is not None:
                self.save_json(path, serialise(model))
        return model

    def save_json(self, path: str | os.PathLike, data: Any) -> bool:
        """Write a save atomically. On failure the old file stays, the player is told
        (once), and False is returned; never raises."""
        path = Path(path)
        try:
            atomic_write_json(path, data)
            return True
        except (OSError, ValueError, TypeError) as exc:
            detail = getattr(exc, "strerror", None) or str(exc)
            self.notice(f"{path.name} could not be saved ({detail}); the last saved version is kept")
            return False


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
