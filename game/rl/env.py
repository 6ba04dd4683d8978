"""`SerumRunEnv`: one leg of the serum run as a Gymnasium environment.

Episode: `reset(seed=s)` starts the leg as `create_world(level, s)` does (the same World as
`Simulation(level, s)`); each `step(action)` holds the action's Controls for `frame_skip` game
ticks (60 a second). Terminated when the team finishes or the crate is empty; truncated after
`max_seconds` of game time (default 600 s, the CLI's limit: 9000 steps at frame_skip 4).

Actions (`action_type`):
- "box" (default): `Box(-1, 1, (4,), float32)` = [steer, mush, brake, senses]; steer is
  -1 (full left) .. 1 (full right); mush, brake and senses are on when their value is > 0.
- "discrete": `Discrete(9)`, the rows of `DISCRETE_ACTIONS` (none, left, right, mush,
  left+mush, right+mush, brake, left+brake, right+brake).

Observation: a `Dict` of two float32 arrays.
- "state", shape (8,): STATE_FIELDS, in order: speed (px/s / 100, 0..4); sin and cos of the
  heading relative to the way ahead (the bearing from Balto to the flow field's cell 3 steps
  on; 0 and 1 when pointing straight down the way, sin > 0 when the way lies to the right);
  stamina (0..1); winded (0 or 1); vials left / vials at the start (0..1); the distance to the
  finish along the flow field as a fraction of the start's (0..4, 4 off the field); the same
  distance in hundreds of tiles (0..100).
- "grid", shape (4, 15, 15): the terrain around Balto, one cell a tile, Balto in the centre
  cell [7, 7]. `grid_frame="heading"` (default): rotated to the team's heading, row 0 the
  farthest ahead, column 0 the farthest left (each cell samples the tile under its centre);
  `grid_frame="north"`: axis-aligned, row 0 north, column 0 west.
  GRID_CHANNELS: solid (trees, rocks, buildings, and outside the map), fall (water, cliffs),
  slow (deep snow, overflow), ice (ice, thin ice); 1 where the cell is of that kind.

Reward per step: the progress along the flow field in tiles (the decrease of the nav length;
a respawn after a fall moves the team back, which counts as negative progress), minus
`vial_cost` per vial lost, plus `finish_bonus` when the team finishes.

info: "events" (the kinds of the step's events, in order), "vials", "outcome" ("", "finished"
or "lost"), "tick", "digest" (as `game.headless.simulation.Simulation.digest()`).
"""
from __future__ import annotations

import math
import os
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from game.resources import resolve_level
from game.sim import Controls, World, create_world, digest, step
from game.sim import terrain as T
from game.sim.leveldata import Level
from game.sim.navigation import NavField
from game.sim.world import TICK_HZ
from game.tiled.level import load_level

__all__ = [
    "SerumRunEnv", "DISCRETE_ACTIONS", "STATE_FIELDS", "GRID_CHANNELS", "GRID_SIZE",
    "controls_from_box",
]

DEFAULT_MAX_SECONDS = 600.0  # the CLI's limit on one run
STATE_FIELDS: tuple[str, ...] = (
    "speed", "sin_heading_to_way", "cos_heading_to_way", "stamina", "winded", "vials",
    "left_fraction", "left_tiles_100",
)
GRID_CHANNELS: tuple[str, ...] = ("solid", "fall", "slow", "ice")
GRID_SIZE = 15
_AHEAD_STEPS = 3
_STATE_LOW = np.array([0, -1, -1, 0, 0, 0, 0, 0], dtype=np.float32)
_STATE_HIGH = np.array([4, 1, 1, 1, 1, 1, 4, 100], dtype=np.float32)

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


def _channel_table() -> np.ndarray:
    """(codes + 1, channels) 0/1: each terrain code's channels; the last row is off the map."""
    table = np.zeros((len(T.KINDS) + 1, len(GRID_CHANNELS)), dtype=np.float32)
    for code, kind in enumerate(T.KINDS):
        table[code] = (kind.solid, bool(kind.fall), kind.name in ("deep_snow", "overflow"),
                       kind.name in ("ice", "thin_ice"))
    table[-1, 0] = 1.0  # outside the map: a wall
    return table


_CHANNELS = _channel_table()
_OFF_MAP = len(T.KINDS)
_HALF = GRID_SIZE // 2
# Each window cell's offset from Balto's cell centre in tiles: right (columns), forward (rows up).
_FORWARD, _RIGHT = (a.astype(np.float64) for a in np.mgrid[_HALF:-_HALF - 1:-1, -_HALF:_HALF + 1])


def controls_from_box(action: np.ndarray) -> Controls:
    """The Controls of a "box" action [steer, mush, brake, senses] (steer clamped to -1..1)."""
    a = np.asarray(action, dtype=np.float64).reshape(-1)
    return Controls(float(a[0]), bool(a[1] > 0), bool(a[2] > 0), bool(a[3] > 0)).clamped()


class SerumRunEnv(gym.Env[dict[str, Any], Any]):
    """One leg of the run: see the module docstring for the spaces and the reward."""

    metadata: dict[str, Any] = {"render_modes": []}

    def __init__(self, leg: int | str | os.PathLike[str] | Level = 1, frame_skip: int = 4,
                 action_type: str = "box", max_seconds: float = DEFAULT_MAX_SECONDS,
                 vial_cost: float = 5.0, finish_bonus: float = 50.0, grid_frame: str = "heading") -> None:
        if frame_skip < 1:
            raise ValueError("frame_skip must be at least 1")
        if action_type not in ("box", "discrete"):
            raise ValueError(f"action_type must be 'box' or 'discrete', not {action_type!r}")
        if grid_frame not in ("heading", "north"):
            raise ValueError(f"grid_frame must be 'heading' or 'north', not {grid_frame!r}")
        self.grid_frame = grid_frame
        self.level: Level = leg if isinstance(leg, Level) else load_level(resolve_level(str(leg)))
        self.frame_skip = int(frame_skip)
        self.action_type = action_type
        self.max_steps = max(1, math.ceil(max_seconds * TICK_HZ / self.frame_skip))
        self.vial_cost = float(vial_cost)
        self.finish_bonus = float(finish_bonus)
        self.action_space: spaces.Space[Any] = (
            spaces.Box(-1.0, 1.0, shape=(4,), dtype=np.float32) if action_type == "box"
            else spaces.Discrete(len(DISCRETE_ACTIONS)))
        self.observation_space = spaces.Dict({
            "state": spaces.Box(_STATE_LOW, _STATE_HIGH, dtype=np.float32),
            "grid": spaces.Box(0.0, 1.0, shape=(len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE), dtype=np.float32),
        })
        self._nav: NavField | None = None  # the flow field, built on the first reset and reused
        self._world: World | None = None
        self._steps = 0
        self._left = 0.0

    @property
    def world(self) -> World:
        """The current World (read it, don't change it); reset() first."""
        if self._world is None:
            raise RuntimeError("call reset() first")
        return self._world

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Start the leg: with `seed`, the same World as `Simulation(level, seed)`; without, a
        seed drawn from the env's generator."""
        super().reset(seed=seed)
        run_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2**31 - 1))
        world = create_world(self.level, run_seed, nav=self._nav)
        if self._nav is None:
            self._nav = world.nav
        self._world = world
        self._steps = 0
        self._left = self._nav_left(world)
        return self._observation(), self._info([])

    def step(self, action: Any) -> tuple[dict[str, np.ndarray], float, bool, bool, dict[str, Any]]:
        """Hold the action's Controls for `frame_skip` ticks (fewer if the run ends)."""
        world = self.world
        controls = self.controls(action)
        vials_before = world.vials
        kinds: list[str] = []
        for _ in range(self.frame_skip):
            if world.outcome:
                break
            step(world, controls)
            kinds.extend(e.kind for e in world.events)
        self._steps += 1
        left = self._nav_left(world)
        progress = (self._left - left) / world.level.tile_size
        self._left = left
        reward = progress if math.isfinite(progress) else 0.0
        reward -= self.vial_cost * max(0, vials_before - world.vials)
        if world.outcome == "finished":
            reward += self.finish_bonus
        terminated = bool(world.outcome)
        truncated = not terminated and self._steps >= self.max_steps
        return self._observation(), float(reward), terminated, truncated, self._info(kinds)

    def controls(self, action: Any) -> Controls:
        """The Controls an action stands for."""
        if self.action_type == "discrete":
            return DISCRETE_ACTIONS[int(action)]
        return controls_from_box(action)

    # -- observation --------------------------------------------------------------------------
    @staticmethod
    def _nav_left(world: World) -> float:
        return world.nav.length_at(world.team.x, world.team.y)

    def _observation(self) -> dict[str, np.ndarray]:
        world = self.world
        team = world.team
        tile = world.level.tile_size
        rel_sin, rel_cos = 0.0, 1.0
        ahead = world.nav.ahead(team.x, team.y, _AHEAD_STEPS)
        if ahead is not None:
            dx, dy = ahead[0] - team.x, ahead[1] - team.y
            if dx or dy:
                rel = team.heading - math.atan2(dx, -dy)  # heading: 0 = north, clockwise
                rel_sin, rel_cos = -math.sin(rel), math.cos(rel)  # > 0: the way lies to the right
        left = self._left
        frac = left / world.nav_start if math.isfinite(left) else math.inf
        state = np.array([
            team.speed / 100.0, rel_sin, rel_cos, team.stamina, float(team.winded),
            world.vials / max(1, world.vials_start), frac,
            left / tile / 100.0 if math.isfinite(left) else math.inf,
        ], dtype=np.float32)
        np.clip(state, _STATE_LOW, _STATE_HIGH, out=state)
        return {"state": state, "grid": self._grid(world)}

    def _grid(self, world: World) -> np.ndarray:
        """The (channels, 15, 15) terrain window around Balto, in the chosen frame."""
        if self.grid_frame == "north":
            return self._grid_north(world)
        team = world.team
        tile = world.level.tile_size
        w, h = world.level.width, world.level.height
        s, c = math.sin(team.heading), math.cos(team.heading)
        # forward (sin h, -cos h) and right (cos h, sin h): the window's up and right, in tiles
        px = team.x / tile + _RIGHT * c + _FORWARD * s
        py = team.y / tile + _RIGHT * s - _FORWARD * c
        cx, cy = np.floor(px).astype(np.intp), np.floor(py).astype(np.intp)
        inside = (cx >= 0) & (cx < w) & (cy >= 0) & (cy < h)
        grid = world.grid
        codes = np.array([grid[y][x] if ok else _OFF_MAP
                          for x, y, ok in zip(cx.flat, cy.flat, inside.flat)], dtype=np.intp)
        return np.ascontiguousarray(_CHANNELS[codes.reshape(GRID_SIZE, GRID_SIZE)].transpose(2, 0, 1))

    @staticmethod
    def _grid_north(world: World) -> np.ndarray:
        """The (channels, 15, 15) terrain window around Balto, axis-aligned."""
        tile = world.level.tile_size
        w, h = world.level.width, world.level.height
        r = GRID_SIZE // 2
        cx, cy = int(world.team.x // tile), int(world.team.y // tile)
        codes = np.full((GRID_SIZE, GRID_SIZE), _OFF_MAP, dtype=np.intp)
        x0, x1 = max(cx - r, 0), min(cx + r + 1, w)
        y0, y1 = max(cy - r, 0), min(cy + r + 1, h)
        if x0 < x1 and y0 < y1:
            codes[y0 - (cy - r):y1 - (cy - r), x0 - (cx - r):x1 - (cx - r)] = [
                row[x0:x1] for row in world.grid[y0:y1]]
        return np.ascontiguousarray(_CHANNELS[codes].transpose(2, 0, 1))

    def _info(self, kinds: list[str]) -> dict[str, Any]:
        world = self.world
        return {"events": kinds, "vials": world.vials, "outcome": world.outcome, "tick": world.tick,
                "digest": digest(world)}
