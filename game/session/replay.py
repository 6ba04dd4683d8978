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
`verify` re-runs one headless and compares digests. The file format, its limits and its
validation live in `game.session.replay_file` (re-exported here).
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import resources
from game.files import read_capped
from game.saves import storage
from game.session.replay_file import (
    FORMAT,
    MAX_REPLAY_BYTES,
    MAX_SECONDS,
    MAX_TICKS_EVER,
    SUFFIX,
    VERSION,
    Replay,
    ReplayError,
    atomic_write_text,
    control_runs,
    decode_controls,
    encode_controls,
    game_version,
    load_replay,
    max_ticks,
    parse_replay,
    save_replay,
)
from game.sim import Assist, Controls, Level, World, create_world, digest, step
from game.sim.controls import NEUTRAL
from game.sim.scoring import RunResult, result
from game.tiled.level import display_path, load_level

__all__ = [  # the file format lives in game.session.replay_file; these names stay importable from here
    "FORMAT", "VERSION", "SUFFIX", "MAX_REPLAY_BYTES", "MAX_SECONDS", "MAX_TICKS_EVER", "Replay", "ReplayError",
    "atomic_write_text", "control_runs", "decode_controls", "encode_controls", "game_version", "load_replay",
    "max_ticks", "parse_replay", "save_replay", "KEEP", "BEST_INDEX", "Recorder", "ReplayBot", "ReplayCheck",
    "replay_dir", "list_replays", "resolve_level", "open_level", "verify", "read_best", "prune",
]

KEEP = 50
BEST_INDEX = "best.json"
APP_NAME = "balto-serum-run"


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
        try:
            if c.is_file():
                return c
        except OSError:  # a name too long, or otherwise no path this system can have
            continue
    looked = ", ".join(dict.fromkeys(str(c)[:200] for c in candidates))
    raise ReplayError(f"{replay.path or 'replay'}: its level {replay.level[:200]} is missing (looked for {looked})")


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
        if lvl.where and Path(lvl.where).is_file():
            abs_path = str(Path(lvl.where).resolve())
        return Replay(level=display_path(lvl.where) if abs_path else lvl.path, level_hash=lvl.source_hash,
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
        data = json.loads(read_capped(folder / BEST_INDEX, MAX_REPLAY_BYTES, "best-run index"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):
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
