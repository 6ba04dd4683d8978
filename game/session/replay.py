"""Replays: every run played in the window, as the controls of each tick.

A replay is one UTF-8 JSON object (docs/simulation.md has the full format):

    {"format": "balto-replay", "version": 1, "game_version": "0.1.0",
     "recorded_at": "2025-01-27T10:15:02Z",
     "level": {"path": "levels/01_nenana_tolovana.tmx", "abs": "/.../01_nenana_tolovana.tmx",
               "hash": "<Level.source_hash>", "title": "Nenana to Tolovana"},
     "seed": 123, "assist": {"unbreakable_vials": false, "infinite_stamina": false},
     "ticks": 7177, "controls": "40*0m 12*-1m 0.35 300*0m ...",
     "result": {... the RunResult as `simulate --json` prints it, with its digest ...}}

`controls` is run-length encoded: space-separated `COUNT*CONTROL` (or `CONTROL` for one tick),
CONTROL being the steer value (shortest exact decimal) followed by the letters of the held
buttons: `m` mush, `b` brake, `s` senses. The counts add up to `ticks`.

The window records with a `Recorder` (start / record per tick / finish), which keeps the last 50
replays and the best run of every leg in `replay_dir()`. `ReplayBot` drives from a replay;
`verify` re-runs one headless and compares digests.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__, resources
from game.files import FileProblem, read_capped
from game.saves import storage
from game.sim import Assist, Controls, Level, World, create_world, digest, step
from game.sim.controls import NEUTRAL
from game.sim.scoring import RunResult, result
from game.sim.world import TICK_HZ
from game.tiled.level import display_path, load_level

FORMAT = "balto-replay"
VERSION = 1
SUFFIX = ".replay.json"
KEEP = 50
BEST_INDEX = "best.json"
APP_NAME = "balto-serum-run"


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


# -- where replays live -----------------------------------------------------------------------

def replay_dir() -> Path:
    """The folder of recorded runs: $BALTO_REPLAY_DIR, else `replays` in the user data folder
    (game.saves.storage.user_data_dir(), which honours $BALTO_HOME; platformdirs without it)."""
    env = os.environ.get("BALTO_REPLAY_DIR")
    if env:
        return Path(env)
    return Path(storage.user_data_dir()) / "replays"


def list_replays(directory: str | os.PathLike[str] | None = None) -> list[Path]:
    """Replay files in a folder, oldest first (names start with the UTC time)."""
    d = Path(directory) if directory is not None else replay_dir()
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.name.endswith(SUFFIX) and p.is_file())


def _level_key(level_path: str) -> str:
    return Path(level_path).name


def resolve_level(replay: Replay) -> Path:
    """The level file a replay was recorded on; raises ReplayError when it is missing."""
    name = Path(replay.level).name
    candidates = [Path(replay.level_abs)] if replay.level_abs else []
    candidates += [Path(replay.level), resources.LEVELS / name]
    for c in candidates:
        if c.is_file():
            return c
    raise ReplayError(f"{replay.path or 'replay'}: its level {replay.level} is missing "
                      f"(looked for {', '.join(dict.fromkeys(str(c) for c in candidates))})")


# -- playing back ----------------------------------------------------------------------------

class ReplayBot:
    """A bot that plays a replay's controls tick by tick, then no input."""

    name = "replay"

    def __init__(self, replay: Replay | Sequence[Controls]) -> None:
        self.controls = tuple(replay.controls if isinstance(replay, Replay) else replay)

    def __call__(self, world: World) -> Controls:
        i = world.tick
        return self.controls[i] if i < len(self.controls) else NEUTRAL

    def finished(self, world: World) -> bool:
        """True when every recorded tick has been played."""
        return world.tick >= len(self.controls)


@dataclass(frozen=True)
class ReplayCheck:
    """What re-running a replay headless gave, against what was recorded."""

    replay: Replay
    level_path: str
    level_changed: bool
    result: RunResult
    recorded_digest: str

    @property
    def matches(self) -> bool:
        return self.result.digest == self.recorded_digest

    def as_dict(self) -> dict[str, Any]:
        out = self.result.as_dict()
        out.update({"replay": self.replay.path, "recorded_digest": self.recorded_digest,
                    "matches": self.matches, "level_changed": self.level_changed,
                    "recorded_game_version": self.replay.game_version})
        return out


def open_level(replay: Replay) -> tuple[Level, bool]:
    """The replay's level, loaded, and whether it changed since the recording."""
    level = load_level(resolve_level(replay))
    return level, bool(replay.level_hash) and level.source_hash != replay.level_hash


def verify(replay: Replay) -> ReplayCheck:
    """Re-run a replay headless, exactly its recorded ticks, and compare digests."""
    level, changed = open_level(replay)
    crate = replay.result.get("vials_start")  # a campaign leg starts with the carried crate
    world = create_world(level, replay.seed, assist=replay.assist, vials=int(crate) if crate else None)
    for c in replay.controls:
        if world.done:
            break
        step(world, c)
    return ReplayCheck(replay, level.path, changed, result(world, level.path, "replay", digest(world)),
                       replay.digest)


# -- recording (the window's side) ------------------------------------------------------------

class Recorder:
    """Records the runs played in the window.

    The run session calls `start(level, seed)` when a run begins (and on restart),
    `record(controls)` once per tick it steps, and `finish(world_or_result)` when the run ends
    (finished, lost, restarted or abandoned); `finish` saves the replay, keeps the last `keep`
    replays plus the best run of every leg, and returns the saved path. It never raises for a
    full or read-only disk: it returns None and keeps the reason in `last_error`.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, keep: int = KEEP) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.keep = keep
        self.level: Level | None = None
        self.seed = 0
        self.assist = Assist()
        self.controls: list[Controls] = []
        self.last_error = ""

    @property
    def recording(self) -> bool:
        return self.level is not None

    def folder(self) -> Path:
        return self.directory if self.directory is not None else replay_dir()

    def start(self, level: Level, seed: int, assist: Assist | None = None) -> None:
        """A new run begins (any unfinished one is dropped)."""
        self.level = level
        self.seed = int(seed)
        self.assist = assist or Assist()
        self.controls = []

    def record(self, controls: Controls) -> None:
        """The controls of one tick, in the order the ticks were played."""
        if self.level is not None:
            self.controls.append(controls.clamped())

    def cancel(self) -> None:
        self.level = None
        self.controls = []

    def replay(self, outcome: RunResult | World | None = None) -> Replay:
        """The run so far as a Replay (not saved)."""
        if self.level is None:
            raise ReplayError("no run is being recorded")
        lvl = self.level
        res = _result_of(outcome, lvl) if outcome is not None else {}
        abs_path = ""
        if lvl.path and Path(lvl.path).is_file():
            abs_path = str(Path(lvl.path).resolve())
        return Replay(level=display_path(lvl.path) if abs_path else lvl.path, level_hash=lvl.source_hash,
                      seed=self.seed, controls=tuple(self.controls), level_abs=abs_path,
                      title=lvl.title, assist=self.assist, game_version=game_version(),
                      recorded_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), result=res)

    def finish(self, outcome: RunResult | World) -> Path | None:
        """Save the run that just ended; returns the file (None if nothing was played or saving failed)."""
        if self.level is None or not self.controls:
            self.cancel()
            return None
        rep = self.replay(outcome)
        self.cancel()
        folder = self.folder()
        try:
            path = _new_name(folder, rep)
            save_replay(rep, path)
            _update_best(folder, rep, path)
            prune(folder, self.keep)
        except OSError as exc:
            self.last_error = f"could not save the replay in {folder}: {exc}"
            print(self.last_error, file=sys.stderr)
            return None
        return path


def _result_of(outcome: RunResult | World, level: Level) -> dict[str, Any]:
    if isinstance(outcome, RunResult):
        return outcome.as_dict()
    return result(outcome, level.path, "player", digest(outcome)).as_dict()


def _new_name(folder: Path, rep: Replay) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{time.time_ns() // 1000 % 1_000_000:06d}"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(rep.level).stem)[:40] or "level"
    path = folder / f"{stamp}_{stem}_s{rep.seed}{SUFFIX}"
    n = 1
    while path.exists():
        path = folder / f"{stamp}_{stem}_s{rep.seed}_{n}{SUFFIX}"
        n += 1
    return path


def read_best(folder: Path) -> dict[str, dict[str, Any]]:
    """The best-run index: leg file name -> {file, score, ticks}."""
    try:
        data = json.loads((folder / BEST_INDEX).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _update_best(folder: Path, rep: Replay, path: Path) -> bool:
    """Make this run the leg's best if it beats the one on record; returns True if it did.

    Only finished, unassisted runs count; a higher score wins, then fewer ticks."""
    res = rep.result
    if res.get("outcome") != "finished" or rep.assist.any:
        return False
    best = read_best(folder)
    key = _level_key(rep.level)
    cur = best.get(key)
    mine = (int(res.get("score", 0)), -int(res.get("ticks", rep.ticks)))
    if cur and (folder / str(cur.get("file", ""))).is_file():
        if mine <= (int(cur.get("score", 0)), -int(cur.get("ticks", 0))):
            return False
    best[key] = {"file": path.name, "score": mine[0], "ticks": -mine[1]}
    atomic_write_text(folder / BEST_INDEX, json.dumps(best, indent=1, sort_keys=True) + "\n")
    return True


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` replays and every leg's best; returns what was deleted."""
    files = list_replays(folder)
    bests = {str(v.get("file")) for v in read_best(folder).values()}
    old = [p for p in files[:-keep] if p.name not in bests] if keep > 0 else [p for p in files if p.name not in bests]
    for p in old:
        try:
            p.unlink()
        except OSError:
            pass
    return old
