"""Reading a save without ever crashing or hanging the game, and what to do with a bad one.

A save is read only if it is a regular file (checked with stat, so a FIFO is never opened,
and again on the opened descriptor by `game.files.read_capped`) of at most `MAX_BYTES`. A
file that cannot be used is moved aside as `<name>.bak`; a special file (a FIFO, a device, a
socket), or a newer game's file that cannot be moved aside, is left alone (`Loaded.blocked`).
See docs/saves.md.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.files import FileProblem, read_capped
from game.saves.atomic import atomic_write_bytes, remove_stale_temp_files

SCHEMA_KEY = "schema"
MAX_BYTES = 1024 * 1024  # a save bigger than this (100 times the biggest real one) is not ours

Migrations = Mapping[int, Callable[[dict], dict]]  # version n -> a function making it n + 1


# ---------------------------------------------------------------------------- reading

class Unusable(Exception):
    """Why a save file cannot be used: a clause for the player that follows the file's
    name ("was unreadable (damaged or cut short)"). `special`: not a regular file (a FIFO,
    a device), never ours to move or replace; `newer`: a newer game's file, replaced only
    once it is safely moved aside."""

    def __init__(self, clause: str, *, special: bool = False, newer: bool = False) -> None:
        super().__init__(clause)
        self.special = special
        self.newer = newer


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
            atomic_write_bytes(bak, read_capped(path, MAX_BYTES, "save"), follow_symlinks=False)
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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _kind(path: Path) -> Unusable | None:
    """What is wrong with the kind of file at `path` (stat only: a FIFO is never opened)."""
    try:
        st = os.stat(path)
    except PermissionError:
        return Unusable("could not be read (permission denied)")
    except OSError as exc:
        return Unusable(f"could not be read ({exc.strerror or exc})")
    if stat.S_ISDIR(st.st_mode):
        return Unusable("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        return Unusable("is not a regular file (a pipe, a device or a socket)", special=True)
    if st.st_size > MAX_BYTES:
        return Unusable(f"is far too big to be a save ({st.st_size} bytes)")
    return None


def _read(path: Path, schema_version: int, migrations: Migrations | None) -> dict:
    problem = _kind(path)
    if problem is not None:
        raise problem
    try:  # the descriptor is checked again: the file may have changed since the stat
        raw = read_capped(path, MAX_BYTES, "save")
    except FileProblem as exc:
        problem = _kind(path)
        if problem is not None:
            raise problem from None
        if not os.access(path, os.R_OK):
            raise Unusable("could not be read (permission denied)") from None
        raise Unusable(f"could not be read ({str(exc).removeprefix(f'{path}: ')})") from None
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
                       f"(schema {version}; this one reads up to {schema_version})", newer=True)
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


def fresh(default: Any) -> Any:
    return default() if callable(default) else copy.deepcopy(default)


def unusable_notice(path: Path, clause: str, bak: Path | None, instead: str = "defaults are used") -> str:
    """The one line the player reads when a save could not be used, e.g. "settings.json
    was unreadable (damaged or cut short); it was moved to settings.json.bak and defaults
    are used"."""
    if bak is not None:
        return f"{path.name} {clause}; it was moved to {bak.name} and {instead}"
    return f"{path.name} {clause}; it could not be moved aside, and {instead}"


def side_path(path: str | os.PathLike) -> Path:
    """Where a Store keeps a save whose own file it may not replace (`settings.side.json`)."""
    path = Path(path)
    return path.with_name(f"{path.stem}.side{path.suffix}")


@dataclass(frozen=True)
class Loaded:
    """What reading one save gave: `data` (the default when not `ok`), the player's
    `notice`, and `blocked` when the file is left alone and must not be replaced."""

    data: Any
    ok: bool = False
    notice: str | None = None
    blocked: bool = False
    clause: str = ""


def load_file(path: str | os.PathLike, schema_version: int, default: Any = None, *,
              migrations: Migrations | None = None) -> Loaded:
    """Read a save (see `load_json`), telling also whether it was left alone (`blocked`):
    a special file, or a newer game's file that could not be moved aside. Never raises."""
    path = Path(path)
    remove_stale_temp_files(path)
    try:
        os.stat(path)  # follows links: a link to a file not made yet is a missing file
    except (FileNotFoundError, NotADirectoryError):
        return Loaded(fresh(default))
    except OSError:
        pass
    try:
        return Loaded(_read(path, schema_version, migrations), ok=True)
    except Unusable as exc:
        problem = exc
    except Exception as exc:  # anything unforeseen still must not crash the game
        problem = Unusable(f"was unreadable ({type(exc).__name__}: {exc})")
    clause = str(problem)
    if problem.special:  # not ours to destroy
        return Loaded(fresh(default), notice=f"{path.name} {clause}; it is left as it is and defaults are used",
                      blocked=True, clause=clause)
    bak = move_aside(path)
    if bak is None and problem.newer:
        return Loaded(fresh(default), notice=f"{path.name} {clause}; it could not be moved aside, so it is "
                      "left as it is and defaults are used", blocked=True, clause=clause)
    return Loaded(fresh(default), notice=unusable_notice(path, clause, bak), clause=clause)


def load_json(path: str | os.PathLike, schema_version: int, default: Any = None, *,
              migrations: Migrations | None = None) -> tuple[Any, str | None]:
    """Read a save: `(data, None)` when it is fine, `(default, notice)` when it was not.

    `data` is the file's object, migrated to `schema_version` (its "schema" key updated).
    A missing file gives `(default, None)`. A file that cannot be used is moved aside as
    `<name>.bak` (a special file is left alone) and the notice says so in one line.
    `default` may be a value (deep-copied) or a function making one. `migrations[n]` turns
    a schema-n object into schema n + 1. Never raises.
    """
    loaded = load_file(path, schema_version, default, migrations=migrations)
    return loaded.data, loaded.notice
