"""game.rl: the run as a Gymnasium environment (skipped without the `rl` extra)."""
import numpy as np
import pytest

gymnasium = pytest.importorskip("gymnasium")

from gymnasium.utils.env_checker import check_env

from game.headless.simulation import Simulation
from game.resources import legs, resolve_level
from game.rl import ENV_ID
from game.rl.env import DISCRETE_ACTIONS, GRID_CHANNELS, GRID_SIZE, STATE_FIELDS, SerumRunEnv, controls_from_box
from game.sim import terrain as T
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
        action = rng.uniform(-1, 1, size=4).astype(np.float32)
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
        _, _, terminated, _, info = env.step(rng.uniform(-1, 1, size=4).astype(np.float32))
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
    """The vectorised window = a cell-by-cell look-up of the world's grid, at odd headings."""
    env = SerumRunEnv(leg=leg1)
    env.reset(seed=1)
    world, observer = env.world, env.episode.observer
    tile = leg1.tile_size
    for heading in (0.3, 1.9, -2.4, 3.1):
        world.team.heading = heading
        got = observer.grid()
        s, c = np.sin(heading), np.cos(heading)
        for row in range(GRID_SIZE):
            for col in range(GRID_SIZE):
                fwd, right = 7 - row, col - 7
                x = int(np.floor(world.team.x / tile + right * c + fwd * s))
                y = int(np.floor(world.team.y / tile + right * s - fwd * c))
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
