"""game.rl: episodes end as the game ends them, the time limit is Gymnasium's, scripted inputs
give the CLI's digest, and a frame is the run screen's (skipped without the `rl` extra)."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

gymnasium = pytest.importorskip("gymnasium")

from mapmaker import write_map

from game.headless.simulation import load_inputs
from game.render.tiles import TileRenderer
from game.resources import legs
from game.rl import ENV_ID
from game.rl.env import SerumRunEnv, box_from_controls
from game.saves.storage import Store
from game.screens.run_view import RunView
from game.session.campaign import PRACTICE, LegContext
from game.session.replay import Recorder
from game.session.run import RunSession
from game.session.services import Services
from game.sim import Controls, digest
from game.tiled.level import load_level

REPO = Path(__file__).resolve().parents[1]
INPUTS = sorted((REPO / "tests" / "inputs").glob("*.txt"))
MAKE_ID = f"game.rl:{ENV_ID}"
MUSH = np.array([0.0, 1.0, -1.0, -1.0])


def leg_of(inputs: Path) -> Path:
    """The leg an inputs file is for: the one whose name (without its number) starts the file's."""
    found = [p for p in legs() if inputs.stem.startswith(p.stem.split("_", 1)[1])]
    assert len(found) == 1, f"{inputs.name}: name it after its leg (e.g. frozen_lake_start.txt)"
    return found[0]


def wet_map(folder: Path, vials: int) -> Path:
    """A short trail into open water, with a crate of `vials`."""
    return write_map(folder / "wet.tmx", """
        TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
        T................................T
        TS===========WWWWWWWWW..........FT
        T................................T
        TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
        """, properties={"title": "Wet", "vials": vials})


@pytest.mark.parametrize("inputs", INPUTS, ids=lambda p: p.stem)
def test_scripted_inputs_as_box_actions_give_the_clis_digest(inputs):
    """Every inputs file, played as Box actions (one a tick), ends on the digest of
    `balto simulate LEG --inputs FILE --json`: steer=0.35 stays 0.35 (the space is float64)."""
    leg = leg_of(inputs)
    cli = subprocess.run([sys.executable, "main.py", "simulate", str(leg), "--inputs", str(inputs), "--json"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    want = json.loads(cli.stdout)
    bot = load_inputs(inputs)
    env = SerumRunEnv(leg=leg, frame_skip=1, digest_every_step=False)
    env.reset(seed=want["seed"])
    while True:
        action = box_from_controls(bot(env.world))
        assert env.action_space.contains(action)
        _, _, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    assert info["tick"] == want["ticks"] and info["digest"] == want["digest"]


def test_the_fractions_file_really_tests_fractions():
    """The float32 rounding the test above guards against would change this file's run."""
    table = load_inputs(INPUTS[[p.stem for p in INPUTS].index("nenana_tolovana_fractions")]).table
    assert any(float(np.float32(c.steer)) != c.steer for c in table)


def test_max_episode_steps_is_the_limit_and_in_the_spec():
    """The time limit in env steps (after frame_skip), default 600 s of game time; libraries
    that read env.spec.max_episode_steps see it, whether the env made it or a TimeLimit did."""
    assert gymnasium.make(MAKE_ID, leg=1).spec.max_episode_steps == 9000  # 600 s at frame_skip 4
    assert gymnasium.make(MAKE_ID, leg=1, frame_skip=1).spec.max_episode_steps == 36000
    assert gymnasium.make(MAKE_ID, leg=1, max_seconds=60.0).spec.max_episode_steps == 900
    env = SerumRunEnv(leg=1, max_episode_steps=7)
    assert env.max_episode_steps == 7
    env.reset(seed=1)
    for n in range(1, 8):
        _, _, terminated, truncated, info = env.step(MUSH)
        assert truncated == (n == 7) and not terminated
    assert info["tick"] == 28 and "digest" in info
    made = gymnasium.make(MAKE_ID, leg=1, max_episode_steps=5)  # gymnasium's own TimeLimit
    assert made.spec.max_episode_steps == 5
    made.reset(seed=1)
    assert [made.step(MUSH)[3] for _ in range(5)] == [False] * 4 + [True]
    with pytest.raises(ValueError):
        SerumRunEnv(leg=1, max_episode_steps=10, max_seconds=60.0)
    with pytest.raises(ValueError):
        SerumRunEnv(leg=1, max_episode_steps=0)


def test_a_lost_crate_ends_the_episode(tmp_path):
    """Two vials and open water ahead: the fall empties the crate, the step is terminated with
    the outcome "lost" and costs the vials."""
    env = SerumRunEnv(leg=load_level(wet_map(tmp_path, 2)))
    env.reset(seed=1)
    for _ in range(300):
        left = env.episode.left
        _, reward, terminated, truncated, info = env.step(MUSH)
        if terminated or truncated:
            break
    assert terminated and not truncated
    assert info["outcome"] == "lost" and info["vials"] == 0 and "vials_lost" in info["events"]
    progress = (left - env.episode.left) / env.level.tile_size
    assert reward == pytest.approx(progress - 5.0 * 2)


@pytest.mark.parametrize("bonus", [50.0, 0.0, 7.5])
def test_finishing_earns_the_bonus(tmp_path, bonus):
    """The step that finishes: its progress plus finish_bonus; every step before, progress only."""
    path = write_map(tmp_path / "short.tmx", """
        TTTTTTTTTTTT
        T..........T
        TS=======F.T
        T..........T
        TTTTTTTTTTTT
        """, properties={"title": "Short"})
    env = SerumRunEnv(leg=load_level(path), finish_bonus=bonus)
    env.reset(seed=1)
    for _ in range(300):
        left = env.episode.left
        _, reward, terminated, truncated, info = env.step(MUSH)
        progress = (left - env.episode.left) / env.level.tile_size
        if terminated or truncated:
            break
        assert reward == pytest.approx(progress)
    assert terminated and info["outcome"] == "finished"
    assert reward == pytest.approx(progress + bonus)


@pytest.fixture
def services(assets, tmp_path):
    return Services.create(assets, store=Store(tmp_path / "config", tmp_path / "data"),
                           recorder=Recorder(tmp_path / "replays"))


@pytest.mark.usefixtures("pygame_display", "as_campaign_leg")
@pytest.mark.parametrize("leg", ["1", "8", "wet"])
def test_the_envs_frame_is_the_run_screens(services, tmp_path, leg):
    """The same run (seed 5, the same controls) on the run screen (RunSession + RunView, as the
    screen ticks and draws them) and in the env: the frames equal pixel for pixel, leg 8's
    blizzard and the fall warning's plate (open water ahead) included."""
    level = load_level(legs()[int(leg) - 1] if leg.isdigit() else wet_map(tmp_path, 20))
    session = RunSession(level, 5, services)
    session.context = LegContext(PRACTICE, 0, session.world.vials_start)
    view = RunView(session, TileRenderer, bandanna=False)
    screen = pygame.Surface((640, 360))
    env = SerumRunEnv(leg=level, frame_skip=1, render_mode="rgb_array")
    env.reset(seed=5)
    rng = np.random.default_rng(5)
    plates = 0
    for n in range(200):
        action = np.array([rng.uniform(-0.2, 0.2), 1.0, -1.0, -1.0])
        view.update_tick(session.step(Controls(float(action[0]), True)))
        env.step(action)
        assert digest(session.world) == digest(env.world)
        if n % 10 == 9:
            view.draw(screen, 1.0)
            ours = pygame.surfarray.array3d(screen).transpose(1, 0, 2)
            assert np.array_equal(env.render(), ours), n
            plates += view.view.fall.edge is not None
    assert leg != "wet" or plates  # the plate was drawn, and matched


def test_box_actions_out_of_range_are_clamped_and_repeats_reuse_their_controls():
    """NaN steers straight on, beyond +-1 is full lock; a repeated action (the same values)
    plays the same as a fresh one: the digest of Simulation driven by the clamped Controls."""
    from game.headless.simulation import Simulation

    env = SerumRunEnv(leg=1, frame_skip=2)
    env.reset(seed=3)
    sim = Simulation(env.level, 3)
    plan = [([np.nan, 1, -1, -1], Controls(0.0, True)), ([7.0, 1, -1, 1], Controls(1.0, True, senses=True)),
            ([7.0, 1, -1, 1], Controls(1.0, True, senses=True)), ([-3.0, -1, 1, -1], Controls(-1.0, brake=True)),
            ([0.35, 1, -1, -1], Controls(0.35, True))]
    for values, controls in plan * 3:
        info = env.step(np.array(values, dtype=np.float64))[4]
        for _ in range(2):
            sim.step(controls)
        assert env.controls(np.array(values)) == controls and info["digest"] == sim.digest()
