"""game.rl: the run as a Gymnasium environment (skipped without the `rl` extra)."""
import os

import numpy as np
import pytest

gymnasium = pytest.importorskip("gymnasium")

from gymnasium.utils.env_checker import check_env

from game.headless.simulation import Simulation
from game.resources import legs, resolve_level
from game.rl import ENV_ID
from game.rl.env import (
    DISCRETE_ACTIONS,
    GRID_CHANNELS,
    GRID_SIZE,
    STATE_FIELDS,
    SerumRunEnv,
    box_from_controls,
    controls_from_box,
)
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.markers import SENSES_RADIUS
from game.tiled.level import load_level

MAKE_ID = f"game.rl:{ENV_ID}"



@pytest.fixture(scope="module")
def leg1():
    return load_level(resolve_level("1"))


def test_make_by_module_path_registers_and_checks(leg1):
    env = gymnasium.make(MAKE_ID, leg=1)
    assert isinstance(env.unwrapped, SerumRunEnv)
    check_env(env.unwrapped, skip_render_check=True)
    obs, info = env.reset(seed=3)
    assert obs["state"].shape == (len(STATE_FIELDS),)
    assert obs["grid"].shape == (len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE)
    assert env.observation_space.contains(obs)
    assert info["vials"] == leg1.vials and info["outcome"] == "" and info["events"] == []


@pytest.mark.parametrize("leg", range(1, len(legs()) + 1))
def test_check_env_passes_on_every_leg(leg):
    check_env(SerumRunEnv(leg=leg), skip_render_check=True)
    check_env(SerumRunEnv(leg=leg, action_type="discrete", grid_frame="north"), skip_render_check=True)


def test_leg_by_number_stem_or_path():
    path = legs()[2]
    for leg in (3, "3", path.stem, str(path)):
        env = SerumRunEnv(leg=leg)
        assert env.level.path == load_level(path).path


def test_same_seed_and_actions_give_the_simulations_digest(leg1):
    """reset(seed) + actions = Simulation(level, seed) + the same Controls, tick for tick;
    the flow field reused from an earlier reset with another seed changes nothing."""
    env = SerumRunEnv(leg=leg1, frame_skip=3)
    env.reset(seed=99)
    env.reset(seed=5)
    rng = np.random.default_rng(0)
    sim = Simulation(leg1, seed=5)
    for _ in range(200):
        action = rng.uniform(-1, 1, size=4)
        _, _, terminated, _, info = env.step(action)
        for _ in range(3):
            if not sim.done:
                sim.step(controls_from_box(action))
        assert info["digest"] == sim.digest() and info["tick"] == sim.tick
        if terminated:
            break
    # and again from the same seed: the same run
    env.reset(seed=5)
    rng = np.random.default_rng(0)
    for _ in range(200):
        _, _, terminated, _, info = env.step(rng.uniform(-1, 1, size=4))
        if terminated:
            break
    assert info["digest"] == sim.digest()


def test_a_random_agent_plays_an_episode_to_its_end():
    env = gymnasium.make(MAKE_ID, leg=1, max_seconds=60.0)
    env.action_space.seed(1)
    obs, _ = env.reset(seed=1)
    steps, total = 0, 0.0
    while True:
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert env.observation_space.contains(obs) and np.isfinite(reward)
        steps += 1
        total += reward
        if terminated or truncated:
            break
    assert terminated or steps == 60 * 60 // 4
    assert info["tick"] <= 3600 and info["vials"] >= 0


def test_the_discrete_variant_and_progress_reward():
    env = gymnasium.make(MAKE_ID, leg=1, action_type="discrete")
    assert env.action_space == gymnasium.spaces.Discrete(len(DISCRETE_ACTIONS))
    check_env(env.unwrapped, skip_render_check=True)
    obs, info = env.reset(seed=2)
    base = env.unwrapped
    left0 = base.world.nav.length_at(base.world.team.x, base.world.team.y)
    total = 0.0
    for _ in range(50):
        obs, reward, terminated, truncated, info = env.step(3)  # mush, straight on
        total += reward
        if terminated or truncated:
            break
    left = base.world.nav.length_at(base.world.team.x, base.world.team.y)
    lost = base.world.vials_start - base.world.vials
    assert total == pytest.approx((left0 - left) / base.level.tile_size - 5.0 * lost, abs=1e-6)


def test_bad_options_are_refused():
    with pytest.raises(ValueError):
        SerumRunEnv(leg=1, action_type="joystick")
    with pytest.raises(ValueError):
        SerumRunEnv(leg=1, frame_skip=0)


def test_the_game_never_imports_gymnasium():
    import subprocess
    import sys

    code = ("import sys, game.headless.simulation, game.cli, game.sim; "
            "assert 'gymnasium' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_grid_turns_with_the_team(leg1):
    """Facing north the heading frame is the north frame; facing east, the row farthest ahead
    is the north frame's east column and the leftmost column its north row, reversed."""
    env = SerumRunEnv(leg=leg1)
    env.reset(seed=1)
    world, observer = env.world, env.episode.observer
    world.team.heading = 0.0
    ahead = observer.grid()
    observer.frame = "north"
    north = observer.grid()
    assert (ahead == north).all()
    observer.frame = "heading"
    world.team.heading = np.pi / 2
    east = observer.grid()
    assert (east[:, 0, :] == north[:, :, -1]).all()
    assert (east[:, :, 0] == north[:, 0, ::-1]).all()
    with pytest.raises(ValueError):
        SerumRunEnv(leg=leg1, grid_frame="south")


def test_each_grid_cell_is_the_tile_under_its_centre(leg1):
    """The vectorised window = a cell-by-cell look-up of the world's grid: the window turned
    about the centre of Balto's tile to the heading rounded to 5 degrees."""
    env = SerumRunEnv(leg=leg1)
    env.reset(seed=1)
    world, observer = env.world, env.episode.observer
    tile = leg1.tile_size
    world.team.x += 5.3  # anywhere in the tile: the same window
    for heading in (0.3, 1.9, -2.4, 3.1):
        world.team.heading = heading
        got = observer.grid()
        turned = round(heading / np.radians(5)) * np.radians(5)
        s, c = np.sin(turned), np.cos(turned)
        tx, ty = world.team.x // tile + 0.5, world.team.y // tile + 0.5
        for row in range(GRID_SIZE):
            for col in range(GRID_SIZE):
                fwd, right = 7 - row, col - 7
                x = int(np.floor(tx + right * c + fwd * s))
                y = int(np.floor(ty + right * s - fwd * c))
                code = world.grid[y][x] if 0 <= x < leg1.width and 0 <= y < leg1.height else None
                solid = 1.0 if code is None else float(T.KINDS[code].solid)
                assert got[0, row, col] == solid, (heading, row, col)


def test_outside_the_map_is_solid(leg1):
    env = SerumRunEnv(leg=leg1, grid_frame="north")
    env.reset(seed=1)
    world = env.world
    world.team.x, world.team.y = 1.0, 1.0  # the top-left corner: the window's top rows are off the map
    grid = env.episode.observer.grid()
    assert (grid[0, :7, :] == 1).all() and (grid[0, :, :7] == 1).all()


def test_render_returns_the_games_frame_and_it_moves_with_the_team(leg1):
    env = gymnasium.make(MAKE_ID, leg=leg1, render_mode="rgb_array")
    env.reset(seed=1)
    first = env.render()
    assert first.shape == (360, 640, 3) and first.dtype == np.uint8
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 20  # a picture, not a blank
    for _ in range(40):
        env.step(np.array([0.0, 1.0, 0.0, 0.0]))  # mush
    later = env.render()
    assert (first != later).any(axis=2).mean() > 0.2  # the camera followed the team
    assert SerumRunEnv(leg=leg1).render() is None  # no render_mode: nothing drawn
    check_env(gymnasium.make(MAKE_ID, leg=leg1, render_mode="rgb_array").unwrapped)  # its render checks
    with pytest.raises(ValueError):
        SerumRunEnv(leg=leg1, render_mode="human")


def _obs_at(env, x, y, heading=0.0):
    world = env.world
    world.team.x, world.team.y, world.team.heading = x, y, heading
    return env.episode.observation()


def test_markers_in_senses_range_with_what_the_senses_showed(leg1):
    env = SerumRunEnv(leg=leg1)
    env.reset(seed=1)
    m = env.world.markers
    tile = leg1.tile_size
    obs = _obs_at(env, float(m.x[0]) - 48.0, float(m.y[0]))  # 3 tiles west of marker 0, facing north
    assert obs["markers_mask"][0] == 1 and obs["markers_mask"].sum() >= 1
    up, right, dist, revealed = obs["markers"][0]
    assert up == pytest.approx(0.0, abs=1e-6) and right == pytest.approx(48 / tile / 10)
    assert dist == pytest.approx(48 / tile / 10) and revealed == 0
    m.revealed_until[0] = env.world.tick + 10
    assert env.episode.observation()["markers"][0, 3] == 1
    # facing east, the same marker lies straight ahead
    obs = _obs_at(env, float(m.x[0]) - 48.0, float(m.y[0]), np.pi / 2)
    assert obs["markers"][0, 0] == pytest.approx(48 / tile / 10) and abs(obs["markers"][0, 1]) < 1e-6
    for x in range(0, leg1.width * tile, 200):  # along the map: only markers in senses range
        obs = _obs_at(env, float(x), float(m.y[0]))
        n = int(obs["markers_mask"].sum())
        assert (obs["markers_mask"][:n] == 1).all() and (obs["markers"][n:] == 0).all()
        assert (obs["markers"][:n, 2] <= SENSES_RADIUS / tile / 10 + 1e-6).all()
        assert (np.diff(obs["markers"][:n, 2]) >= 0).all()  # nearest first


def test_the_nearest_bears_and_cracks():
    env = SerumRunEnv(leg=4)
    env.reset(seed=1)
    bears = env.world.bears
    assert len(bears) == 3
    obs = _obs_at(env, float(bears.x[0]), float(bears.y[0]) - 64.0)  # 4 tiles north of bear 0
    assert obs["bears_mask"][0] == 1
    assert obs["bears"][0, 0] == pytest.approx(-0.4, abs=1e-5)  # behind (south), facing north
    assert obs["bears"][0, 2] == pytest.approx(0.4, abs=1e-5)
    asleep = obs["bears"][0, 3] == 0
    bears.state[0] = 3  # charging
    obs = env.episode.observation()
    assert asleep or obs["bears"][0, 3] == 1
    assert obs["bears"][0, 3] == 1 and obs["bears"][0, 4] == 1
    world = env.world
    tile = world.level.tile_size
    cx, cy = int(world.team.x // tile), int(world.team.y // tile)
    world.ice.cracks[cy * world.level.width + cx + 2] = 0.5  # two tiles east
    obs = env.episode.observation()
    assert obs["cracks_mask"].tolist() == [1, 0, 0, 0]
    assert obs["cracks"][0, 1] > 0 and obs["cracks"][0, 3] == 0.5


def test_the_breakup_front_behind_the_team(tmp_path):
    """On sea ice that breaks up behind the team (the map of tests/test_breakup.py), the front
    shows once it started, its gap behind Balto in tens of tiles; the broken ice is water."""
    from mapmaker import make_map
    from test_breakup import TSX, sea, zone

    path = tmp_path / "sea.tmx"
    path.write_text(make_map(sea(), objects=zone(),
                             tileset=f'<tileset firstgid="1" source="{os.path.relpath(TSX, tmp_path)}"/>'))
    env = SerumRunEnv(leg=load_level(path), grid_frame="north")
    obs, _ = env.reset(seed=1)
    assert obs["breakup"].tolist() == [0.0, 0.0]  # not started
    z = env.world.breakup.zones[0]
    while not z.col > z.x0 + 5:
        obs, _, terminated, _, _ = env.step(box_from_controls(autopilot(env.world)))
        assert not terminated
    # (the front is now about 530 px behind, beyond a clear day's sight: widen the sight to
    # read its gap; tests below show how the visibility cuts it)
    assert obs["breakup"].tolist() == [0.0, 0.0]
    env.world.weather.visibility = 1000.0
    active, gap = env.episode.observation()["breakup"]
    assert active == 1 and gap == pytest.approx((env.world.team.x - z.front) / 160, abs=1e-5)
    # the water it left (out of the 15x15 window: 300 px back) is in the env's own channels
    fall = env.episode.observer.stack[1, 12:-12, 12:-12]
    assert z.col > z.x0 and (fall == (np.asarray(env.world.grid) == T.CODE["water"])).all()


def test_broken_ice_shows_in_the_grid_as_water(leg1):
    """A cell the rules turn into water (here by hand, as thin ice breaking does) shows in the
    grid's fall channel from the next observation on."""
    env = SerumRunEnv(leg=leg1, grid_frame="north")
    env.reset(seed=1)
    world = env.world
    tile = leg1.tile_size
    cx, cy = int(world.team.x // tile), int(world.team.y // tile)
    cell = cy * leg1.width + cx + 1
    assert env.episode.observation()["grid"][1, 7, 8] == 0
    world.grid[cy][cx + 1] = T.CODE["water"]
    world.ice.holes.append(cell)
    assert env.episode.observation()["grid"][1, 7, 8] == 1


def _play(leg1, steps, scribble):
    """Observations of seed 3 under a fixed random agent (with a reset halfway), each with a
    copy taken when it was handed out; `scribble` writes over every array once copied."""
    env = SerumRunEnv(leg=leg1, digest_every_step=False)
    acts = np.random.default_rng(3).uniform(-1, 1, size=(steps, 4))
    acts[:, 1] = 1.0
    held = [env.reset(seed=3)[0]]
    for i in range(steps):
        held.append(env.reset(seed=4)[0] if i == steps // 2 else env.step(acts[i])[0])
    copies = []
    for obs in held:
        copies.append({k: v.copy() for k, v in obs.items()})
        if scribble:
            for v in obs.values():
                v[...] = 7.0
    return held, copies


def test_observations_handed_out_stay_as_they_were(leg1):
    """An agent may keep observations (a replay buffer) and change them in place (normalising):
    an observation never changes after it is handed out, and writing over one changes no other.
    (The arrays are cut from shared blocks, 64 observations at a time: 300 steps cross them.)"""
    held, copies = _play(leg1, 300, scribble=False)
    for obs, copy in zip(held, copies):
        assert all(np.array_equal(obs[k], copy[k]) for k in copy)
        assert all(v.flags.writeable and v.dtype == np.float32 for v in obs.values())
    _, scribbled = _play(leg1, 300, scribble=True)
    for a, b in zip(copies, scribbled):
        assert all(np.array_equal(a[k], b[k]) for k in a)
    assert any(m.any() for m in (c["markers_mask"] for c in copies))  # markers were seen


def test_the_reward_and_the_observation_read_the_same_place(leg1):
    """look() works Balto's tile out once for the reward's distance and every array: the same
    as asking for each alone, wherever the team is."""
    env = SerumRunEnv(leg=leg1, grid_frame="north")
    env.reset(seed=1)
    observer = env.episode.observer
    for dx in (0, 3 * leg1.tile_size, 40 * leg1.tile_size):
        env.world.team.x += dx
        left, obs = observer.look()
        assert left == observer.nav_left() == env.world.nav.length_at(env.world.team.x, env.world.team.y)
        assert np.array_equal(obs["grid"], observer.grid())
        assert np.array_equal(obs["state"], observer.state())


def test_the_heading_relative_to_the_way_ahead(leg1):
    """State 1 and 2: sin and cos of the heading relative to the bearing of the flow field's cell
    3 steps on: (0, 1) facing it, sin > 0 when it lies to the right, (0, -1) facing away."""
    env = SerumRunEnv(leg=leg1)
    env.reset(seed=1)
    world, observer = env.world, env.episode.observer
    way, cell = observer.way(), observer.cell()
    ax, ay = way.table[cell, 1:]
    bearing = np.arctan2(ax - world.team.x, -(ay - world.team.y))
    for turn, want in ((0.0, (0.0, 1.0)), (-0.5, (np.sin(0.5), np.cos(0.5))), (np.pi, (0.0, -1.0))):
        world.team.heading = bearing + turn
        assert observer.state()[1:3] == pytest.approx(want, abs=1e-6), turn


def test_the_breakup_front_hides_beyond_the_visibility(tmp_path):
    """The front shows only as far as the weather lets one see: with the visibility a pixel
    beyond its gap it shows, a pixel short of it (or half of it) it is hidden, as the fog
    hides it on screen."""
    from mapmaker import make_map
    from test_breakup import TSX, sea, zone

    path = tmp_path / "sea.tmx"
    path.write_text(make_map(sea(), objects=zone(),
                             tileset=f'<tileset firstgid="1" source="{os.path.relpath(TSX, tmp_path)}"/>'))
    env = SerumRunEnv(leg=load_level(path), grid_frame="north")
    env.reset(seed=1)
    z = env.world.breakup.zones[0]
    while not z.col > z.x0 + 5:
        env.step(box_from_controls(autopilot(env.world)))
    gap_px = env.world.team.x - z.front
    assert gap_px > 0
    wx = env.world.weather
    for vis, seen in ((gap_px + 1.0, True), (gap_px - 1.0, False), (max(1.0, gap_px / 2), False)):
        wx.visibility = vis
        active, gap = env.episode.observation()["breakup"]
        assert (active == 1.0) == seen, vis
        assert gap == (pytest.approx(gap_px / 160, abs=1e-5) if seen else 0.0)
