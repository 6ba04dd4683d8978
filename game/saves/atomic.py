"""Writing a save atomically, and cleaning up after a write that was interrupted.

A save goes to a uniquely named temporary file in the folder of the file it replaces
(`.<name>.<random>.tmp`, from `tempfile.mkstemp`), is flushed and fsynced, then `os.replace`d
over the old file, so a crash or a power cut leaves the complete old file or the complete new
one. A save that is a symlink (a dotfiles setup) is written through: the temporary file goes
next to the link's target and replaces the target, and the link stays.

Two copies of the game may save the same file at once: each has its own temporary file, and
the last rename wins with a whole file. Only temporary files older than `STALE_AFTER` are ever
deleted, so a copy never deletes another's save in flight.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STALE_AFTER = 3600.0  # seconds: a temporary file this old is left over from a crash


def write_target(path: str | os.PathLike) -> Path:
    """The file a save of `path` really replaces: `path`, or the file its symlinks lead to
    (which need not exist yet)."""
    return Path(os.path.realpath(path))


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


def atomic_write_bytes(path: str | os.PathLike, payload: bytes, *, follow_symlinks: bool = True) -> None:
    """Replace `path` with `payload` atomically (see module docstring); creates the folder.
    A symlink is written through to its target unless `follow_symlinks` is False (then the
    link itself is replaced). Raises OSError on failure, leaving the old file untouched and
    no temporary file behind."""
    path = write_target(path) if follow_symlinks else Path(path)
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
            except PermissionError:  # Windows: a virus scanner, an indexer or the other copy holds the file
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


def remove_stale_temp_files(path: str | os.PathLike, older_than: float = STALE_AFTER) -> int:
    """Delete the temporary files interrupted saves of `path` left behind, those not changed
    for `older_than` seconds (0: all of them; only for a caller that knows no other copy of
    the game is saving). Returns how many were deleted."""
    path = write_target(path)
    removed = 0
    now = time.time()
    try:
        candidates = list(path.parent.glob(_temp_prefix(path) + "*.tmp"))
    except OSError:
        return 0
    for tmp in candidates:
        try:
            if older_than > 0 and now - tmp.lstat().st_mtime < older_than:
                continue  # maybe another copy of the game saving right now
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed
