"""Checked reading of the fields of a save file's JSON objects, shared by the progress and the
high-score files: each raises `Bad` with a message naming the field and what it must be."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.saves import storage


class Bad(Exception):
    """A field of a save file is wrong; the message says which and how."""


def obj(data: Mapping, key: str, problems: list[str]) -> Mapping:
    """The object under `key` (empty, with a problem noted, when it is not one)."""
    raw = data.get(key, {})
    if isinstance(raw, Mapping):
        return raw
    problems.append(f"{key}: not an object")
    return {}


def flag(d: Any, key: str, default: bool) -> bool:
    """A true/false field."""
    v = d.get(key, default)
    if not isinstance(v, bool):
        raise Bad(f"{key} must be true or false")
    return v


def whole(d: Any, key: str, default: int) -> int:
    """A whole number, 0 or more."""
    v = d.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise Bad(f"{key} must be a whole number, 0 or more")
    return v


def number(d: Any, key: str, default: float | None, optional: bool = False) -> float | None:
    """A finite number, 0 or more (None allowed when optional)."""
    v = d.get(key, default)
    if v is None and optional:
        return None
    if not storage.finite(v) or v < 0:
        raise Bad(f"{key} must be a number, 0 or more")
    return float(v)


def text(d: Any, key: str) -> str:
    """Non-empty text."""
    v = d.get(key)
    if not isinstance(v, str) or not v:
        raise Bad(f"{key} must be text")
    return v
