"""Race your best run: a ghost team that replays the player's best recorded run of the leg.

When a run sets a new best score for its leg (it tops the leg's high-score table), its replay
is copied to `<replay folder>/ghosts/<leg>.replay.json` (atomically; the replay pruning never
looks into that folder). A run of the leg later loads it (`find_ghost`), or, for a player whose
best came before ghosts, the leg's best run in the replay index (`replays/best.json`).

The `Ghost` re-simulates that replay's controls in a World of its own, one tick for each tick
of the player's run: it never touches the player's World, whose digest is the same with the
ghost on or off. A second World (the scout) runs the same replay ahead, a slice at a time
during the countdown, to learn the tick the ghost reaches each checkpoint, so a split is known
even when the player gets there first. A replay recorded on another version of the level (its
hash differs) gives no ghost.
"""
from __future__ import annotations

import sys
from pathlib import Path

from game.files import FileProblem, read_capped
from game.saves import storage
from game.saves.settings import Settings
from game.session.campaign import CAMPAIGN
from game.session.replay import ReplayError, read_best, replay_dir
from game.session.replay_file import MAX_REPLAY_BYTES, SUFFIX, Replay, load_replay, max_ticks
from game.sim import create_world, step
from game.sim.leveldata import Level
from game.sim.navigation import NavField
from game.sim.world import TICK_HZ, World

GHOSTS = "ghosts"  # the folder of ghost replays, inside the replay folder
SCOUT_PER_TICK = 120  # ticks the scout runs ahead per tick of the game (about 3 ms)


def leg_key(level: Level) -> str:
    """The name a leg's ghost goes by: its level file's stem (as the high-score tables)."""
    return Path(level.path).stem or "level"


def ghost_path(folder: Path, key: str) -> Path:
    """The ghost replay of leg `key` in the replay folder `folder`."""
    return folder / GHOSTS / f"{key}{SUFFIX}"


def keep_ghost(replay_file: Path, key: str) -> Path | None:
    """Make the saved replay `replay_file` the ghost of leg `key` (a copy, written atomically
    next to it in the ghosts folder). Returns the ghost's path; None when it could not be
    written (a full disk: the old ghost stays)."""
    target = ghost_path(replay_file.parent, key)
    try:
        data = read_capped(replay_file, MAX_REPLAY_BYTES, "replay")
        target.parent.mkdir(parents=True, exist_ok=True)
        storage.atomic_write_bytes(target, data)
    except (OSError, FileProblem) as exc:
        print(f"could not keep the ghost of {key}: {exc}", file=sys.stderr)
        return None
    return target


def find_ghost(level: Level, folder: Path | None = None) -> Replay | None:
    """The best run of `level` to race: its ghost file, else the leg's best in the replay index.
    None when there is none, it is unreadable, or it was recorded on another version of the
    level (its hash differs)."""
    folder = folder if folder is not None else replay_dir()
    key = leg_key(level)
    candidates = [ghost_path(folder, key)]
    best = read_best(folder).get(Path(level.path).name)
    if isinstance(best, dict) and isinstance(best.get("file"), str):
        candidates.append(folder / Path(best["file"]).name)
    for path in candidates:
        try:
            if not path.is_file():
                continue
            replay = load_replay(path, max_ticks())
        except (ReplayError, OSError):
            continue
        if replay.level_hash and replay.level_hash == level.source_hash and replay.ticks:
            return replay
    return None


def ghost_wanted(settings: Settings, mode: str | None) -> bool:
    """On in practice (any leg not run in the campaign) unless switched off; in the campaign
    only when the player switched it on."""
    return settings.ghost_campaign if mode == CAMPAIGN else settings.ghost_practice


def split_seconds(player_tick: int, ghost_tick: int) -> float:
    """The split at a checkpoint: positive when the player is behind the ghost (slower)."""
    return (player_tick - ghost_tick) / TICK_HZ


def _crate(replay: Replay, level: Level) -> int | None:
    n = replay.result.get("vials_start")
    return int(n) if isinstance(n, int) and not isinstance(n, bool) and n != level.vials else None


class Ghost:
    """The ghost of one replay on one level: `world` follows the player's tick, `splits` holds
    the tick the ghost reached each checkpoint (index -> tick) as the scout finds them."""

    def __init__(self, replay: Replay, level: Level, nav: NavField | None = None) -> None:
        self.replay = replay
        self.level = level
        self.nav = nav
        self.world = self._fresh()
        self._scout: World | None = self._fresh()
        self.splits: dict[int, int] = {}

    def _fresh(self) -> World:
        return create_world(self.level, self.replay.seed, nav=self.nav, assist=self.replay.assist,
                            vials=_crate(self.replay, self.level))

    @property
    def ticks(self) -> int:
        return self.replay.ticks

    def restart(self) -> None:
        """The player's run started over: the ghost goes back to the start line (what the
        scout learnt stays)."""
        self.world = self._fresh()

    def _step(self, world: World) -> bool:
        """One recorded tick of `world`; False once the run or the recording is over."""
        if world.done or world.tick >= self.replay.ticks:
            return False
        step(world, self.replay.controls[world.tick])
        return True

    def follow(self, tick: int) -> None:
        """Bring the ghost to the player's tick `tick` (it stops where its run ended)."""
        w = self.world
        while w.tick < tick and self._step(w):
            pass

    def scout(self, budget: int = SCOUT_PER_TICK) -> None:
        """Run the scout up to `budget` ticks further, noting the ticks of checkpoints reached."""
        s = self._scout
        if s is None:
            return
        for _ in range(budget):
            seen = len(s.checkpoints_reached)
            if not self._step(s):
                self._scout = None  # the whole run is known
                return
            for index in s.checkpoints_reached[seen:]:
                self.splits.setdefault(index, s.tick)

    @property
    def scouted(self) -> bool:
        """True once every checkpoint time of the ghost's run is known."""
        return self._scout is None

    def split_at(self, index: int, player_tick: int) -> float | None:
        """The player's split at checkpoint `index` reached at `player_tick` (seconds, + is
        behind); None when the ghost never reached that checkpoint."""
        while index not in self.splits and not self.scouted:
            self.scout()
        ghost_tick = self.splits.get(index)
        return None if ghost_tick is None else split_seconds(player_tick, ghost_tick)

    @property
    def finished(self) -> bool:
        """The ghost's run is over (it finished, or its recording ran out)."""
        return self.world.done or self.world.tick >= self.replay.ticks
