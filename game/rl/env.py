"""`SerumRunEnv`: one leg of the serum run as a Gymnasium environment.

Episode: `reset(seed=s)` starts the leg as `create_world(level, s)` does (the same World as
`Simulation(level, s)`); each `step(action)` holds the action's Controls for `frame_skip` game
ticks (60 a second). Terminated when the team finishes or the crate is empty; truncated at the
time limit, `max_episode_steps` env steps or `max_seconds` of game time (default 600 s, the CLI's
limit: 9000 steps at frame_skip 4), which `env.spec.max_episode_steps` reports.

Actions (`action_type`; a `Controls`, a bot's, is also taken as it is):
- "box" (default): `Box(-1, 1, (4,), float64)` = [steer, mush, brake, senses]; steer is
  -1 (full left) .. 1 (full right); mush, brake and senses are on when their value is > 0.
  float64, so a scripted steer (0.35) reaches the rules exactly as `balto simulate` gives it.
- "discrete": `Discrete(9)`, the rows of `DISCRETE_ACTIONS` (none, left, right, mush,
  left+mush, right+mush, brake, left+brake, right+brake).

Observation: a `Dict` of float32 arrays (built by `game.rl.observe.Observer`; every channel
is listed in docs/simulation.md, "Observation"): "state" (9,) the team and the visibility
(STATE_FIELDS); "grid" (5, 15, 15) the terrain around Balto's tile, turned to the heading in
5-degree steps (`grid_frame="heading"`, default) or axis-aligned ("north"), channels
GRID_CHANNELS, the cells beyond the weather's visibility unknown ("seen" 0); the nearest
4 "bears", "markers" (in senses range) and "cracks" (thin ice) as rows of up, right, distance
(tens of tiles, in the grid's frame) and a field or two, each with a "<name>_mask"; "breakup"
(2,) the sea-ice breakup front (active, its gap behind Balto), within the visibility.

Reward per step: the progress along the flow field in tiles (the decrease of the nav length;
a respawn after a fall moves the team back, which counts as negative progress), minus
`vial_cost` per vial lost, plus `finish_bonus` when the team finishes.

info: "events" (the kinds of the step's events, in order), "vials", "outcome" ("", "finished"
or "lost"), "tick", "digest" (as `game.headless.simulation.Simulation.digest()`; every step, or
with `digest_every_step=False` only on the step that ends the episode).

`render_mode="rgb_array"`: `render()` is the run screen's frame, (360, 640, 3) uint8
(`game.rl.frames`, drawn by game.render.run_frame.draw_run as the run screen draws it). The
stepping itself is `game.rl.episode.Episode`, shared with the batched
vector env (`game.rl.vector`).
"""
from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from gymnasium.envs.registration import EnvSpec

from game.resources import resolve_level
from game.rl.episode import Episode, Rules
from game.rl.frames import FrameRenderer
from game.rl.observe import (
    BEAR_FIELDS,
    BREAKUP_FIELDS,
    CRACK_FIELDS,
    GRID_CHANNELS,
    GRID_SIZE,
    HAZARD_LIMIT,
    MARKER_FIELDS,
    SLOTS,
    STATE_FIELDS,
    STATE_HIGH,
    STATE_LOW,
    Tables,
)
from game.sim import Controls, World
from game.sim.leveldata import Level
from game.sim.navigation import NavField
from game.sim.world import TICK_HZ
from game.tiled.level import load_level

__all__ = [
    "SerumRunEnv", "DISCRETE_ACTIONS", "STATE_FIELDS", "GRID_CHANNELS", "GRID_SIZE",
    "box_from_controls", "controls_from_box", "controls_for", "load_leg", "make_spaces", "make_rules",
]

DEFAULT_MAX_SECONDS = 600.0  # the CLI's limit on one run

DISCRETE_ACTIONS: tuple[Controls, ...] = (
    Controls(),
    Controls(steer=-1.0),
    Controls(steer=1.0),
    Controls(mush=True),
    Controls(steer=-1.0, mush=True),
    Controls(steer=1.0, mush=True),
    Controls(brake=True),
    Controls(steer=-1.0, brake=True),
    Controls(steer=1.0, brake=True),
)


def controls_from_box(action: np.ndarray) -> Controls:
    """The Controls of a "box" action [steer, mush, brake, senses] (steer clamped to -1..1)."""
    a = action.tolist() if isinstance(action, np.ndarray) and action.ndim == 1 else (
        np.asarray(action).reshape(-1).tolist())
    steer = float(a[0])
    if steer != steer:  # NaN: straight on
        steer = 0.0
    return Controls(-1.0 if steer < -1.0 else 1.0 if steer > 1.0 else steer, a[1] > 0, a[2] > 0, a[3] > 0)


def box_from_controls(c: Controls) -> np.ndarray:
    """The "box" action of some Controls (a bot's, a scripted input's): the inverse of
    controls_from_box, exactly (float64: steer=0.35 stays 0.35)."""
    return np.array([c.steer, 1.0 if c.mush else -1.0, 1.0 if c.brake else -1.0,
                     1.0 if c.senses else -1.0], dtype=np.float64)


def controls_for(action_type: str, action: Any) -> Controls:
    """The Controls an action of that type stands for; a Controls (a bot's) is taken as it is,
    so a bot drives the env exactly as it drives `Simulation` (the same digest)."""
    if isinstance(action, Controls):
        return action.clamped()
    if action_type == "discrete":
        return DISCRETE_ACTIONS[int(action)]
    return controls_from_box(action)


def load_leg(leg: int | str | os.PathLike[str] | Level) -> Level:
    """A leg by number, stem or path (as the CLI takes it), or a Level as it is."""
    return leg if isinstance(leg, Level) else load_level(resolve_level(str(leg)))


def max_steps_for(frame_skip: int, max_seconds: float | None, max_episode_steps: int | None) -> int:
    """The step limit: `max_episode_steps` (env steps), else `max_seconds` of game time (default
    600 s, the CLI's) in steps of `frame_skip` ticks; ValueError for both or a bad one."""
    if max_episode_steps is not None:
        if max_seconds is not None:
            raise ValueError("give max_episode_steps or max_seconds, not both")
        if int(max_episode_steps) < 1:
            raise ValueError("max_episode_steps must be at least 1")
        return int(max_episode_steps)
    seconds = DEFAULT_MAX_SECONDS if max_seconds is None else float(max_seconds)
    if not seconds > 0:
        raise ValueError("max_seconds must be more than 0")
    return max(1, math.ceil(seconds * TICK_HZ / frame_skip))


def make_rules(frame_skip: int, action_type: str, max_seconds: float | None, vial_cost: float,
               finish_bonus: float, grid_frame: str, digest_every_step: bool,
               max_episode_steps: int | None = None) -> Rules:
    """The checked options of an env as Rules (ValueError for a bad one)."""
    if frame_skip < 1:
        raise ValueError("frame_skip must be at least 1")
    if action_type not in ("box", "discrete"):
        raise ValueError(f"action_type must be 'box' or 'discrete', not {action_type!r}")
    if grid_frame not in ("heading", "north"):
        raise ValueError(f"grid_frame must be 'heading' or 'north', not {grid_frame!r}")
    return Rules(frame_skip=int(frame_skip), max_steps=max_steps_for(frame_skip, max_seconds, max_episode_steps),
                 vial_cost=float(vial_cost), finish_bonus=float(finish_bonus), frame=grid_frame,
                 digest_every_step=bool(digest_every_step))


def make_spaces(action_type: str) -> tuple[spaces.Space[Any], spaces.Dict]:
    """The action space and the observation space of one env."""
    action: spaces.Space[Any] = (
        spaces.Box(-1.0, 1.0, shape=(4,), dtype=np.float64) if action_type == "box"
        else spaces.Discrete(len(DISCRETE_ACTIONS)))

    def rows(fields: tuple[str, ...]) -> spaces.Box:
        return spaces.Box(-HAZARD_LIMIT, HAZARD_LIMIT, shape=(SLOTS, len(fields)), dtype=np.float32)

    def mask() -> spaces.Box:
        return spaces.Box(0.0, 1.0, shape=(SLOTS,), dtype=np.float32)

    obs = spaces.Dict({
        "state": spaces.Box(STATE_LOW, STATE_HIGH, dtype=np.float32),
        "grid": spaces.Box(0.0, 1.0, shape=(len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE), dtype=np.float32),
        "bears": rows(BEAR_FIELDS), "bears_mask": mask(),
        "markers": rows(MARKER_FIELDS), "markers_mask": mask(),
        "cracks": rows(CRACK_FIELDS), "cracks_mask": mask(),
        "breakup": spaces.Box(0.0, HAZARD_LIMIT, shape=(len(BREAKUP_FIELDS),), dtype=np.float32),
    })
    return action, obs


class SerumRunEnv(gym.Env[dict[str, Any], Any]):
    """One leg of the run: see the module docstring for the spaces and the reward."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array"], "render_fps": TICK_HZ}

    def __init__(self, leg: int | str | os.PathLike[str] | Level = 1, frame_skip: int = 4,
                 action_type: str = "box", max_seconds: float | None = None,
                 vial_cost: float = 5.0, finish_bonus: float = 50.0, grid_frame: str = "heading",
                 digest_every_step: bool = True, render_mode: str | None = None,
                 max_episode_steps: int | None = None) -> None:
        self.rules = make_rules(frame_skip, action_type, max_seconds, vial_cost, finish_bonus,
                                grid_frame, digest_every_step, max_episode_steps)
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode must be None or 'rgb_array', not {render_mode!r}")
        self.render_mode = render_mode
        self.level: Level = load_leg(leg)
        self.frame_skip = self.rules.frame_skip
        self.max_steps = self.max_episode_steps = self.rules.max_steps
        self.action_type = action_type
        self._box = action_type == "box"
        self.action_space, self.observation_space = make_spaces(action_type)
        self._nav: NavField | None = None  # the flow field, built on the first reset and reused
        self._tables: Tables | None = None  # the observation's tables, made on the first reset
        self._episode: Episode | None = None
        self._frames: FrameRenderer | None = None
        self._on_tick: Callable[[World], None] | None = None
        self._last: tuple[list[Any], Controls] = ([], Controls())  # the last box action, converted
        self._spec: EnvSpec | None = None

    @property  # type: ignore[override]
    def spec(self) -> EnvSpec | None:
        """The EnvSpec `gymnasium.make` gave this env, with `max_episode_steps` the env's own
        limit (in env steps, after frame_skip), so libraries that read the spec see it. A bare
        SerumRunEnv (not made) has none."""
        spec = self._spec
        if spec is None or spec.max_episode_steps == self.max_steps:
            return spec
        return dataclasses.replace(spec, max_episode_steps=self.max_steps)

    @spec.setter
    def spec(self, value: EnvSpec | None) -> None:
        self._spec = value

    @property
    def world(self) -> World:
        """The current World (read it, don't change it); reset() first."""
        return self.episode.world

    @property
    def episode(self) -> Episode:
        """The current Episode; reset() first."""
        if self._episode is None:
            raise RuntimeError("call reset() first")
        return self._episode

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start the leg: with `seed`, the same World as `Simulation(level, seed)`; without, a
        seed drawn from the env's generator."""
        super().reset(seed=seed)
        run_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        self._episode = ep = Episode(self.level, run_seed, self.rules, self._nav, self._tables)
        self._nav = self._nav or ep.world.nav
        self._tables = self._tables or ep.observer.tables
        if self.render_mode == "rgb_array":
            if self._frames is None:
                self._frames = FrameRenderer(ep.world, run_seed)
            else:
                self._frames.reset(ep.world, run_seed)
            self._on_tick = self._frames.tick
        return ep.observation(), ep.info([])

    def step(self, action: Any) -> tuple[dict[str, np.ndarray], float, bool, bool, dict[str, Any]]:
        """Hold the action's Controls for `frame_skip` ticks (fewer if the run ends)."""
        ep = self._episode
        if ep is None:
            raise RuntimeError("call reset() first")
        if self._box and type(action) is np.ndarray and action.shape == (4,):  # the usual case
            a = action.tolist()
            last, controls = self._last
            if a != last:  # an agent that repeats its action reuses its Controls
                steer = a[0]  # controls_from_box, inlined (a call less on the hot path)
                if not -1.0 <= steer <= 1.0:  # out of range or NaN (straight on)
                    steer = 0.0 if steer != steer else -1.0 if steer < -1.0 else 1.0
                controls = Controls(float(steer), a[1] > 0, a[2] > 0, a[3] > 0)
                self._last = (a, controls)
        else:
            controls = controls_for(self.action_type, action)
        return ep.step(controls, self._on_tick)

    def render(self) -> np.ndarray | None:  # type: ignore[override]
        """With render_mode="rgb_array": the game's frame, (360, 640, 3) uint8."""
        if self._frames is None:
            return None
        return self._frames.frame(self.world)

    def controls(self, action: Any) -> Controls:
        """The Controls an action stands for."""
        return controls_for(self.action_type, action)
