"""The pytest plugin (entry point `pytest11: balto`): a `balto` fixture for level tests.

    def test_lake(balto):
        r = balto.run("levels/04_frozen_lake.tmx", bot="autopilot", seed=3)
        assert r.finished and r.vials >= 15

Paths are taken relative to the working folder, else to pytest's rootdir; `legs()` lists the
game's shipped legs wherever it is installed. Levels and their
flow fields are loaded once per test session, so many runs of a leg cost only the runs.
While pytest runs, replays go to a temporary folder (unless $BALTO_REPLAY_DIR is set), so
tests never write into the player's data folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from game import resources

if TYPE_CHECKING:
    from game.headless.simulation import Bot, Simulation
    from game.headless.sweep import LevelSummary
    from game.session.replay import ReplayCheck
    from game.sim import Assist, Level
    from game.sim.scoring import RunResult

_TEMP_REPLAYS: str | None = None


class Balto:
    """What the `balto` fixture gives a test: runs, simulations and sweeps of levels."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._levels: dict[tuple[str, int], tuple[Any, Any]] = {}

    def path(self, level: str | os.PathLike[str]) -> Path:
        """The level file: as given when it exists, else relative to the rootdir."""
        p = Path(level)
        if p.is_file() or p.is_absolute():
            return p
        q = self.root / p
        return q if q.is_file() else p

    def legs(self) -> list[Path]:
        """The game's shipped legs in route order, from any folder (installed or a checkout)."""
        return resources.legs()

    def _load(self, level: str | os.PathLike[str] | Level) -> tuple[Any, Any]:
        from game.sim import Level
        from game.sim.nav_build import build_nav
        from game.tiled.level import load_level

        if isinstance(level, Level):
            return level, None
        p = self.path(level)
        try:
            key = (str(p.resolve()), p.stat().st_mtime_ns)
        except OSError:
            return load_level(p), None  # raises the LevelError that names the file
        hit = self._levels.get(key)
        if hit is None:
            lvl = load_level(p)
            hit = self._levels[key] = (lvl, build_nav(lvl))
        return hit

    def level(self, level: str | os.PathLike[str]) -> Level:
        """The loaded Level (cached for the session); raises LevelError."""
        return self._load(level)[0]

    def simulation(self, level: str | os.PathLike[str] | Level, seed: int = 1,
                   assist: Assist | None = None) -> Simulation:
        """A fresh Simulation to step by hand."""
        from game.headless.simulation import Simulation

        lvl, nav = self._load(level)
        return Simulation(lvl, seed, assist, nav)

    def run(self, level: str | os.PathLike[str] | Level, bot: str | Bot = "autopilot",
            seed: int = 1, max_seconds: float = 600.0, inputs: str | os.PathLike[str] | None = None,
            assist: Assist | None = None) -> RunResult:
        """Play a level to the end (or `max_seconds`) with a bot: a name (autopilot, none,
        random, script with `inputs`) or any callable World -> Controls."""
        from game.headless.simulation import run

        lvl, nav = self._load(level)
        if inputs is not None:
            inputs = self.path(inputs) if not Path(inputs).is_file() else inputs
        return run(lvl, bot, seed, max_seconds, inputs=inputs, assist=assist, nav=nav)

    def sweep(self, level: str | os.PathLike[str] | Level, seeds: Sequence[int] | str,
              bot: str = "autopilot", workers: int = 1, max_seconds: float = 600.0) -> LevelSummary:
        """Many seeds of one level (in this process unless workers > 1); the level's summary."""
        from game.headless.sweep import parse_seeds, sweep

        lvl, _ = self._load(level)
        seed_list = parse_seeds(seeds) if isinstance(seeds, str) else list(seeds)
        return sweep([lvl], seed_list, bot, workers=workers, max_seconds=max_seconds).levels[0]

    def replay(self, path: str | os.PathLike[str]) -> ReplayCheck:
        """Re-run a replay file headless: `.matches`, `.level_changed`, `.result`."""
        from game.session.replay import load_replay, verify

        return verify(load_replay(self.path(path)))


@pytest.fixture(scope="session")
def balto(pytestconfig: pytest.Config) -> Balto:
    """Run the game's levels headless from a test (see game.headless.testing)."""
    return Balto(pytestconfig.rootpath)


def pytest_configure(config: pytest.Config) -> None:
    global _TEMP_REPLAYS
    if not os.environ.get("BALTO_REPLAY_DIR"):
        _TEMP_REPLAYS = tempfile.mkdtemp(prefix="balto-replays-")
        os.environ["BALTO_REPLAY_DIR"] = _TEMP_REPLAYS


def pytest_unconfigure(config: pytest.Config) -> None:
    global _TEMP_REPLAYS
    if _TEMP_REPLAYS is not None:
        if os.environ.get("BALTO_REPLAY_DIR") == _TEMP_REPLAYS:
            del os.environ["BALTO_REPLAY_DIR"]
        shutil.rmtree(_TEMP_REPLAYS, ignore_errors=True)
        _TEMP_REPLAYS = None
