"""Reading files the game did not write itself, safely: regular files only, with a size cap.

A level, a tileset, a replay, an inputs file or a save may be anything a user (or an attacker)
points at: a FIFO that never ends, a symlink to /dev/zero, a directory, a huge file. Every such
read goes through `read_capped`: the file is opened without blocking, checked to be a regular
file on the opened descriptor (so a swap after a check cannot fool it), and read to at most
`cap` bytes. Problems are `FileProblem`s, one line naming the file and what to do.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class FileProblem(OSError):
    """A file that cannot be read safely: the message is one line naming the file."""


def _open_regular(p: Path, what: str) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file p and its fstat; else FileProblem (nothing left open)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise FileProblem(f"{p}: cannot open the {what} ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise FileProblem(f"{p}: cannot read the {what} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise FileProblem(f"{p}: the {what} is not a regular file (a pipe, device or folder); "
                          f"point at a real file")
    return fd, st


def _read_upto(fd: int, limit: int) -> bytes:
    """At most `limit` bytes from fd, in bounded reads."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_capped(path: str | os.PathLike[str], cap: int, what: str = "file") -> bytes:
    """The bytes of the regular file `path`, at most `cap` of them; else FileProblem.

    Opened with O_NONBLOCK (a FIFO does not hang the open), checked with fstat on the opened
    descriptor (a FIFO, device, socket or directory is refused), read in bounded calls."""
    p = Path(path)
    fd, st = _open_regular(p, what)
    try:
        if st.st_size > cap:
            raise FileProblem(f"{p}: the {what} is {st.st_size:,} bytes, more than the {cap:,} it may be")
        data = _read_upto(fd, cap + 1)
        if len(data) > cap:  # it grew while we read
            raise FileProblem(f"{p}: the {what} is more than the {cap:,} bytes it may be")
        return data
    except OSError as exc:
        if isinstance(exc, FileProblem):
            raise
        raise FileProblem(f"{p}: cannot read the {what} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_head(path: str | os.PathLike[str], count: int, what: str = "file") -> bytes:
    """The first `count` bytes (or fewer) of the regular file `path`, whatever its size (an
    image's header); the same checks as `read_capped`, else FileProblem."""
    p = Path(path)
    fd, _ = _open_regular(p, what)
    try:
        return _read_upto(fd, count)
    except OSError as exc:
        raise FileProblem(f"{p}: cannot read the {what} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_text_capped(path: str | os.PathLike[str], cap: int, what: str = "file") -> str:
    """`read_capped` decoded as UTF-8 (FileProblem when it is not)."""
    data = read_capped(path, cap, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"{Path(path)}: the {what} is not UTF-8 text (byte {exc.start})") from None
