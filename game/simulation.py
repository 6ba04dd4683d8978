"""The headless API: load a level, step it with Controls, read the result.

    sim = Simulation.from_file("levels/01_nenana_tolovana.tmx", seed=1)
    while not sim.done:
        sim.step(autopilot(sim.world))
    print(sim.result("autopilot"))
"""
from __future__ import annotations

import os
from pathlib import Path

from game.level import display_path, load_level
from game.sim import Controls, Event, Level, World, create_world, digest, step
from game.sim.bots import Bot, make_bot
from game.sim.scoring import RunResult, result
from game.sim.world import TICK_HZ

DEFAULT_MAX_SECONDS = 600.0


class Simulation:
    """One run of one level from one seed, advanced a tick at a time."""

    def __init__(self, level: Level, seed: int = 0) -> None:
        self.level = level
        self.seed = int(seed)
        self.world: World = create_world(level, self.seed)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], seed: int = 0) -> "Simulation":
        """Load a .tmx and start a run; raises LevelError for a bad level."""
        return cls(load_level(path), seed)

    def step(self, controls: Controls) -> list[Event]:
        """Advance one tick; returns that tick's events."""
        step(self.world, controls)
        return self.world.events

    @property
    def events(self) -> list[Event]:
        """The events of the last tick."""
        return self.world.events

    @property
    def done(self) -> bool:
        return self.world.done

    def digest(self) -> str:
        return digest(self.world)

    def result(self, bot: str = "") -> RunResult:
        return result(self.world, self.level.path, bot, self.digest())

    def run(self, bot: Bot, max_seconds: float = DEFAULT_MAX_SECONDS, bot_name: str = "") -> RunResult:
        """Let a bot drive until the run ends or `max_seconds` of game time pass."""
        max_ticks = int(round(max_seconds * TICK_HZ))
        world = self.world
        while not world.outcome and world.tick < max_ticks:
            step(world, bot(world))
        return self.result(bot_name)


def run(level: str | os.PathLike[str] | Level, bot: str = "autopilot", seed: int = 1,
        max_seconds: float = DEFAULT_MAX_SECONDS) -> RunResult:
    """Run a level headless with a named bot and return the result."""
    lvl = level if isinstance(level, Level) else load_level(Path(level))
    sim = Simulation(lvl, seed)
    return sim.run(make_bot(bot, seed), max_seconds, bot)
