"""`BatchedSerumRunEnv`: many worlds of one leg in one process, as a Gymnasium VectorEnv.

Why: Gymnasium's SyncVectorEnv keeps n whole envs and AsyncVectorEnv n processes; this one
parses the level once and shares it, the flow field (a NavField is never changed in place: a
repair makes a new one) and the observation's per-level tables between all its worlds. Each
World has its own terrain grid (create_world copies it) and its own channels.

Semantics are those of SyncVectorEnv over `SerumRunEnv`s with the same options, world for world:
- `reset(seed=s)` starts world i from seed s + i (or seed[i] for a list); without a seed, each
  world draws one from its own generator, as a single env does.
- Autoreset is Gymnasium's default, `AutoresetMode.NEXT_STEP`: the step on which world i ends
  returns its last observation with terminated or truncated set; the next `step` ignores world
  i's action and resets it (a seed drawn from its generator, seeded by the first reset), giving
  reward 0, terminated and truncated False and the reset's observation and info.
- `infos` are batched as Gymnasium does (each key with its `_key` mask).
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np
from gymnasium.utils import seeding
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from game.rl.env import controls_for, load_leg, make_rules, make_spaces
from game.rl.episode import Episode
from game.rl.observe import Tables
from game.sim.leveldata import Level
from game.sim.navigation import NavField

__all__ = ["BatchedSerumRunEnv"]


class BatchedSerumRunEnv(VectorEnv[dict[str, Any], Any, Any]):
    """`num_envs` worlds of one leg stepped together; options as `SerumRunEnv`'s."""

    metadata: dict[str, Any] = {"autoreset_mode": AutoresetMode.NEXT_STEP, "render_modes": []}

    def __init__(self, num_envs: int = 16, leg: int | str | os.PathLike[str] | Level = 1,
                 frame_skip: int = 4, action_type: str = "box",
                 max_seconds: float | None = None, vial_cost: float = 5.0,
                 finish_bonus: float = 50.0, grid_frame: str = "heading",
                 digest_every_step: bool = True, max_episode_steps: int | None = None) -> None:
        if num_envs < 1:
            raise ValueError("num_envs must be at least 1")
        self.rules = make_rules(frame_skip, action_type, max_seconds, vial_cost, finish_bonus,
                                grid_frame, digest_every_step, max_episode_steps)
        self.level: Level = load_leg(leg)
        self.num_envs = int(num_envs)
        self.action_type = action_type
        self.single_action_space, self.single_observation_space = make_spaces(action_type)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self._nav: NavField | None = None
        self._tables: Tables | None = None
        self._rngs: list[np.random.Generator | None] = [None] * self.num_envs
        self._episodes: list[Episode | None] = [None] * self.num_envs
        self._ended = np.zeros(self.num_envs, dtype=bool)

    @property
    def episodes(self) -> list[Episode]:
        """Every world's Episode (read them, don't change them); reset() first."""
        out = [ep for ep in self._episodes if ep is not None]
        if len(out) != self.num_envs:
            raise RuntimeError("call reset() first")
        return out

    def _start(self, i: int, seed: int | None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """World i from `seed`, or from a seed its own generator draws (as SerumRunEnv.reset)."""
        rng = self._rngs[i]
        if seed is not None or rng is None:
            rng, _ = seeding.np_random(seed)
            self._rngs[i] = rng
        run_seed = int(seed) if seed is not None else int(rng.integers(0, 2**31 - 1))
        ep = Episode(self.level, run_seed, self.rules, self._nav, self._tables)
        self._nav = self._nav or ep.world.nav
        self._tables = self._tables or ep.observer.tables
        self._episodes[i] = ep
        return ep.observation(), ep.info([])

    def reset(self, *, seed: int | list[int | None] | None = None,
              options: dict[str, Any] | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start every world: seed s gives world i the seed s + i; a list gives one each."""
        if seed is None:
            seeds: list[int | None] = [None] * self.num_envs
        elif isinstance(seed, int):
            seeds = [seed + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"{len(seeds)} seeds for {self.num_envs} worlds")
        super().reset(seed=seeds[0])
        started = [self._start(i, s) for i, s in enumerate(seeds)]
        self._ended[:] = False
        return self._stack([o for o, _ in started]), self._batch_infos([info for _, info in started])

    def step(self, actions: Any) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray,
                                          dict[str, Any]]:
        """One step of every world (worlds that ended on the last step are reset instead)."""
        n = self.num_envs
        acts = np.asarray(actions)
        obs: list[dict[str, np.ndarray]] = []
        infos: list[dict[str, Any]] = []
        rewards = np.zeros(n, dtype=np.float64)
        terminated = np.zeros(n, dtype=bool)
        truncated = np.zeros(n, dtype=bool)
        for i, ep in enumerate(self.episodes):
            if self._ended[i]:
                o, info = self._start(i, None)
            else:
                o, r, te, tr, info = ep.step(controls_for(self.action_type, acts[i]))
                rewards[i], terminated[i], truncated[i] = r, te, tr
            obs.append(o)
            infos.append(info)
        self._ended = terminated | truncated
        return self._stack(obs), rewards, terminated, truncated, self._batch_infos(infos)

    def _batch_infos(self, infos: list[dict[str, Any]]) -> dict[str, Any]:
        """The worlds' infos batched as Gymnasium batches them (`key` and its `_key` mask),
        built in one pass per key rather than world by world."""
        n = self.num_envs
        out: dict[str, Any] = {}
        everywhere = np.ones(n, dtype=bool)
        for key, dtype in (("vials", np.int64), ("tick", np.int64)):
            out[key] = np.array([info[key] for info in infos], dtype=dtype)
            out["_" + key] = everywhere
        for key in ("events", "outcome"):
            out[key] = np.empty(n, dtype=object)
            out[key][:] = [info[key] for info in infos]
            out["_" + key] = everywhere
        has = np.array(["digest" in info for info in infos], dtype=bool)
        if has.any():
            out["digest"] = np.full(n, None, dtype=object)
            out["digest"][has] = [info["digest"] for info in infos if "digest" in info]
            out["_digest"] = has
        return out

    def _stack(self, obs: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return {key: np.stack([o[key] for o in obs]) for key in obs[0]}
