"""The replay file: its format, limits and validation, and the run-length text of controls.

`parse_replay` / `load_replay` check every field, the size of the file and the tick count
against the limits below before anything is expanded; `save_replay` writes one atomically.
The format is in docs/simulation.md; `game.session.replay` records and plays replays.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__
from game.files import FileProblem, read_capped
from game.saves import storage
from game.sim import Assist, Controls
from game.sim.world import TICK_HZ

FORMAT = "balto-replay"
VERSION = 1
SUFFIX = ".replay.json"


# Limits on a replay file (docs/simulation.md): a recording of 600 s is about 0.3 MB.
MAX_REPLAY_BYTES = 16 * 1024 * 1024
MAX_SECONDS = 600.0  # the default of `simulate --max-seconds`: a re-run plays at most this long
MAX_TICKS_EVER = 24 * 3600 * TICK_HZ  # a day of game time, whatever --max-seconds says
MAX_VIALS = 1_000_000  # a recorded crate (vials_start) above this is damage, not a run
MAX_SEED = 2**63 - 1


def max_ticks(seconds: float = MAX_SECONDS) -> int:
    """The ticks `seconds` of game time allow (--max-seconds), never more than MAX_TICKS_EVER."""
    return max(1, min(MAX_TICKS_EVER, int(round(seconds * TICK_HZ))))


class ReplayError(Exception):
    """A replay that cannot be used: the message is one line naming the file and the problem."""


def game_version() -> str:
    return __version__


# -- controls <-> run-length text -------------------------------------------------------------

def _token(c: Controls) -> str:
    s = repr(float(c.steer))
    if s.endswith(".0"):
        s = s[:-2]
    return s + ("m" if c.mush else "") + ("b" if c.brake else "") + ("s" if c.senses else "")


def encode_controls(controls: Sequence[Controls]) -> str:
    """Run-length text of a sequence of Controls (see the module docstring)."""
    out: list[str] = []
    prev: str | None = None
    count = 0
    for c in controls:
        tok = _token(c.clamped())
        if tok == prev:
            count += 1
            continue
        if prev is not None:
            out.append(prev if count == 1 else f"{count}*{prev}")
        prev, count = tok, 1
    if prev is not None:
        out.append(prev if count == 1 else f"{count}*{prev}")
    return " ".join(out)


_TOKEN = re.compile(r"^(?:(\d{1,9})\*)?([-+0-9.eE]{1,32})(m?)(b?)(s?)$")
_WORD = re.compile(r"\S+")


def control_runs(text: str, limit: int) -> list[tuple[int, Controls]]:
    """(count, Controls) of each run in run-length text, without expanding any; raises
    ValueError on bad text or once the counts add up to more than `limit` ticks."""
    out: list[tuple[int, Controls]] = []
    cache: dict[str, Controls] = {}
    total = 0
    for word in _WORD.finditer(text):  # no split(): a long text never becomes a long list at once
        tok = word.group()
        m = _TOKEN.match(tok)
        if not m:
            raise ValueError(f"bad control {tok[:40]!r}")
        count = int(m.group(1)) if m.group(1) else 1
        if count < 1:
            raise ValueError(f"bad count in {tok!r}")
        total += count
        if total > limit:
            raise ValueError(f"the controls hold more than {limit:,} ticks")
        key = tok.partition("*")[2] if m.group(1) else tok
        c = cache.get(key)
        if c is None:
            steer = float(m.group(2))
            if not -1.0 <= steer <= 1.0:  # also refuses nan
                raise ValueError(f"steer out of range in {tok!r}")
            c = cache[key] = Controls(steer, bool(m.group(3)), bool(m.group(4)), bool(m.group(5)))
        out.append((count, c))
    return out


def decode_controls(text: str, limit: int = MAX_TICKS_EVER) -> list[Controls]:
    """The Controls of every tick from run-length text (at most `limit` ticks); raises ValueError."""
    out: list[Controls] = []
    for count, c in control_runs(text, limit):
        out.extend([c] * count)
    return out


# -- the replay value, load and save ----------------------------------------------------------

@dataclass(frozen=True)
class Replay:
    """A recorded run: which level (path and hash), the seed, the rules and each tick's controls."""

    level: str  # the level's path as shown when recorded (relative to the working folder)
    level_hash: str
    seed: int
    controls: tuple[Controls, ...]
    level_abs: str = ""
    title: str = ""
    assist: Assist = Assist()
    game_version: str = ""
    recorded_at: str = ""
    result: dict[str, Any] = field(default_factory=dict)  # the recorded RunResult.as_dict()
    path: str = ""  # the file it was loaded from or saved to

    @property
    def ticks(self) -> int:
        return len(self.controls)

    @property
    def digest(self) -> str:
        """The digest of the game state at the end of the recorded run."""
        return str(self.result.get("digest", ""))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": VERSION, "game_version": self.game_version,
            "recorded_at": self.recorded_at,
            "level": {"path": self.level, "abs": self.level_abs, "hash": self.level_hash,
                      "title": self.title},
            "seed": self.seed,
            "assist": {"unbreakable_vials": self.assist.unbreakable_vials,
                       "infinite_stamina": self.assist.infinite_stamina},
            "ticks": self.ticks,
            "controls": encode_controls(self.controls),
            "result": self.result,
        }


def _get(obj: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise ReplayError(f"{where}: not a complete replay (no {key!r}); the file is truncated or not a replay")
    v = obj[key]
    if not isinstance(v, kind) or (isinstance(v, bool) and kind is int):
        raise ReplayError(f"{where}: {key!r} has the wrong type; the file is damaged")
    return v


def _whole(obj: dict[str, Any], key: str, low: int, high: int, where: str) -> int | None:
    """An optional whole number in [low, high] (None when absent or null)."""
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
        raise ReplayError(f"{where}: {key!r} must be a whole number from {low:,} to {high:,}, got {str(v)[:40]}; "
                          "the file is damaged")
    return v


def _assist(obj: dict[str, Any], where: str) -> Assist:
    a = obj.get("assist")
    if a is None:
        return Assist()
    if not isinstance(a, dict) or not all(isinstance(a.get(k, False), bool)
                                          for k in ("unbreakable_vials", "infinite_stamina")):
        raise ReplayError(f"{where}: 'assist' must be an object of true/false values; the file is damaged")
    return Assist(a.get("unbreakable_vials", False), a.get("infinite_stamina", False))


def _json(data: str | bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except RecursionError:  # the C decoder counts its depth: deep nesting ends here, not in a crash
        raise ReplayError(f"{where}: not a replay (brackets nested far deeper than any replay has)") from None
    except (ValueError, UnicodeDecodeError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReplayError(f"{where}: not a readable replay (truncated or damaged: {msg[:120]})") from None


def parse_replay(data: str | bytes, where: str = "<replay>", limit: int | None = None) -> Replay:
    """A Replay from the file's text; raises ReplayError with one clear line.

    `limit` is the most ticks it may hold (default `max_ticks()`, 600 s): every field is
    checked, and the header's tick count against it, before the controls are expanded."""
    limit = max_ticks() if limit is None else limit
    obj = _json(data, where)
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise ReplayError(f"{where}: not a Balto replay (no \"format\": \"{FORMAT}\")")
    version = _get(obj, "version", int, where)
    if version > VERSION:
        raise ReplayError(f"{where}: replay format {version} is newer than this game reads ({VERSION}); "
                          "update the game")
    lvl = _get(obj, "level", dict, where)
    level = _get(lvl, "path", str, where)
    level_hash = _get(lvl, "hash", str, where)
    if "\x00" in level or "\x00" in str(lvl.get("abs", "")):
        raise ReplayError(f"{where}: the level path is damaged")
    seed = _get(obj, "seed", int, where)
    _whole(obj, "seed", 0, MAX_SEED, where)
    ticks = _get(obj, "ticks", int, where)
    if ticks < 0:
        raise ReplayError(f"{where}: 'ticks' is negative; the file is damaged")
    if ticks > MAX_TICKS_EVER:
        raise ReplayError(f"{where}: the run is {ticks:,} ticks, more than a day of game time; the file is damaged")
    if ticks > limit:
        raise ReplayError(f"{where}: the run is {ticks:,} ticks ({ticks / TICK_HZ:,.0f} s of game time), more than "
                          f"the {limit:,} ({limit / TICK_HZ:,.0f} s) allowed; pass --max-seconds "
                          f"{-(-ticks // TICK_HZ)} to play it")
    text = _get(obj, "controls", str, where)
    assist = _assist(obj, where)
    res = obj.get("result") or {}
    if not isinstance(res, dict) or not isinstance(res.get("digest", ""), str):
        raise ReplayError(f"{where}: 'result' is damaged")
    _whole(res, "vials_start", 1, MAX_VIALS, f"{where}: result")
    try:
        runs = control_runs(text, ticks)
    except ValueError as exc:
        raise ReplayError(f"{where}: damaged controls ({exc})") from None
    controls: list[Controls] = []
    for count, c in runs:  # at most `ticks` of them, checked above
        controls.extend([c] * count)
    if len(controls) != ticks:
        raise ReplayError(f"{where}: truncated: {len(controls)} ticks of controls, the header says {ticks}")
    return Replay(level=level, level_hash=level_hash, seed=seed, controls=tuple(controls),
                  level_abs=str(lvl.get("abs", "")), title=str(lvl.get("title", "")), assist=assist,
                  game_version=str(obj.get("game_version", "")),
                  recorded_at=str(obj.get("recorded_at", "")), result=res, path=where)


def load_replay(path: str | os.PathLike[str], limit: int | None = None) -> Replay:
    """Read and validate a replay file (a regular file of at most MAX_REPLAY_BYTES, at most
    `limit` ticks: see parse_replay); raises ReplayError."""
    p = Path(path)
    if not p.exists() and not p.is_symlink():
        raise ReplayError(f"{path}: no such replay file")
    try:
        data = read_capped(p, MAX_REPLAY_BYTES, "replay")
    except FileProblem as exc:
        raise ReplayError(str(exc)) from None
    return parse_replay(data, str(path), limit)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file so that a crash leaves either the old file or the new one, never half."""
    storage.atomic_write_bytes(path, text.encode("utf-8"))


def save_replay(replay: Replay, path: str | os.PathLike[str]) -> Path:
    """Write a replay atomically; returns the path."""
    p = Path(path)
    atomic_write_text(p, json.dumps(replay.to_json(), separators=(",", ":")) + "\n")
    return p
