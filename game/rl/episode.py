"""`Episode`: one World played as an RL episode (numpy only, no gymnasium).

The single env (`game.rl.env`) and the batched vector env (`game.rl.vector`) both step their
worlds through this class, so a world in a batch behaves exactly as the single env with the
same seed: the same ticks, observation, reward and info.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.rl.observe import Observer, Tables
from game.sim import Controls, World, create_world, digest, step
from game.sim.leveldata import Level
from game.sim.navigation import NavField

__all__ = ["Episode", "Rules"]



@dataclass(frozen=True, slots=True)
class Rules:
    """What every episode of one env shares: ticks per action, the step limit, the reward's
    weights, the observation frame and whether `info` carries a digest every step."""

    frame_skip: int = 4
    max_steps: int = 9000
    vial_cost: float = 5.0
    finish_bonus: float = 50.0
    frame: str = "heading"
    digest_every_step: bool = True


class Episode:
    """One World from one seed. `nav` (the immutable flow field) and `tables` (the observation's
    per-level tables) may be shared between worlds; each World has its own terrain grid and its
    Observer its own copy of the terrain channels."""

    def __init__(self, level: Level, seed: int, rules: Rules, nav: NavField | None = None,
                 tables: Tables | None = None) -> None:
        self.rules = rules
        self.world: World = create_world(level, int(seed), nav=nav)
        self.observer = Observer(self.world, rules.frame, tables)
        self.steps = 0
        self._per_tile = 1.0 / self.world.level.tile_size
        self.left = self.observer.nav_left()

    def step(self, controls: Controls, on_tick: Callable[[World], None] | None = None
             ) -> tuple[dict[str, np.ndarray], float, bool, bool, dict[str, Any]]:
        """Hold `controls` for frame_skip ticks (fewer if the run ends; `on_tick` sees the World
        after each tick), then the observation, the reward, terminated, truncated and the info:
        what a Gymnasium step returns. Balto's tile is worked out once for the reward and the
        observation (Observer.look)."""
        world = self.world
        rules = self.rules
        vials_before = world.vials
        kinds: list[str] = []
        for _ in range(rules.frame_skip):
            if world.outcome:
                break
            step(world, controls)
            events = world.events
            if events:
                kinds += [e.kind for e in events]
            if on_tick is not None:
                on_tick(world)
        self.steps += 1
        left, obs = self.observer.look()
        progress = (self.left - left) * self._per_tile
        self.left = left
        reward = progress if math.isfinite(progress) else 0.0
        vials = world.vials
        if vials < vials_before:
            reward -= rules.vial_cost * (vials_before - vials)
        outcome = world.outcome
        if outcome == "finished":
            reward += rules.finish_bonus
        terminated = bool(outcome)
        truncated = not terminated and self.steps >= rules.max_steps
        info: dict[str, Any] = {"events": kinds, "vials": vials, "outcome": outcome, "tick": world.tick}
        if terminated or truncated or rules.digest_every_step:
            info["digest"] = digest(world)
        return obs, reward, terminated, truncated, info

    def observation(self) -> dict[str, np.ndarray]:
        """The observation's arrays now (see game.rl.observe)."""
        return self.observer.look()[1]

    def info(self, kinds: list[str], final: bool = False) -> dict[str, Any]:
        """The step's info; the digest every step, or (digest_every_step=False) only when
        `final` (the episode ended)."""
        world = self.world
        info: dict[str, Any] = {"events": kinds, "vials": world.vials, "outcome": world.outcome,
                                "tick": world.tick}
        if final or self.rules.digest_every_step:
            info["digest"] = digest(world)
        return info
