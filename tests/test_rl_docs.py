"""The RL section of docs/simulation.md runs as written, and the autopilot driving the env ends
every leg with the CLI's digest (skipped without the `rl` extra)."""
import re
from pathlib import Path

import pytest

pytest.importorskip("gymnasium")

from game.headless.simulation import run
from game.resources import legs, resolve_level
from game.rl.env import SerumRunEnv
from game.sim.bots import autopilot
from game.tiled.level import load_level

DOC = Path(__file__).resolve().parents[1] / "docs" / "simulation.md"


def rl_blocks() -> list[str]:
    """The python code blocks of the RL section, in order."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Reinforcement learning"):]
    section = section[:section.index("\n## ", 3)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_random_agent_example_runs(capsys):
    code = rl_blocks()[0]
    assert "action_space.sample()" in code and len(code.strip().splitlines()) <= 10
    exec(compile(code, "docs/simulation.md", "exec"), {})
    outcome, vials, digest = capsys.readouterr().out.split()
    assert outcome in ("finished", "lost", "timeout") and vials.isdigit()
    assert len(digest) == 32


def test_the_vector_example_runs():
    scope: dict = {}
    exec("import gymnasium\n" + rl_blocks()[1], scope)
    assert scope["obs"]["grid"].shape == (16, 5, 15, 15) and scope["rewards"].shape == (16,)
    scope["envs"].close()


def _evaluate(seeds: range, capsys, every: int = 1) -> dict:
    code = rl_blocks()[2]
    assert "range(1, 101)" in code
    scope: dict = {}
    exec(compile(code.replace("range(1, 101)", f"range({seeds.start}, {seeds.stop})"),
                 "docs/simulation.md", "exec"), scope)
    results = scope["results"]
    assert list(results) == list(seeds)
    finished = sum(r[0] == "finished" for r in results.values())
    assert capsys.readouterr().out.strip() == f"{finished} of {len(seeds)} finished"
    level = load_level(resolve_level("1"))  # parsed once, and the env's flow field reused: a
    nav = scope["env"].unwrapped.world.nav  # headless run is then a fraction of a second
    for seed in seeds[::every]:  # the policy's runs are the headless runs, digest for digest
        want = run(level, "autopilot", seed, nav=nav)
        assert results[seed][:2] == (want.outcome, want.vials) and results[seed][2] == want.digest, seed
    return results


def test_the_autopilot_policy_example_on_three_seeds(capsys):
    results = _evaluate(range(1, 4), capsys)
    assert all(r[0] == "finished" for r in results.values())


@pytest.mark.slow
def test_the_autopilot_policy_example_on_100_seeds(capsys):
    results = _evaluate(range(1, 101), capsys, every=4)  # a quarter compared: CI's time budget
    assert sum(r[0] == "finished" for r in results.values()) >= 95


@pytest.mark.parametrize("path", legs(), ids=lambda p: p.stem)
def test_the_autopilot_through_the_env_gets_the_clis_digest(path):
    """Every leg to its end, the autopilot's Controls as actions at frame_skip 1: the digest of
    `balto simulate LEG` (run() with the autopilot and the default seed)."""
    env = SerumRunEnv(leg=path, frame_skip=1, digest_every_step=False)
    env.reset(seed=1)
    while True:
        _, _, terminated, truncated, info = env.step(autopilot(env.world))
        if terminated or truncated:
            break
    result = run(path, "autopilot")
    assert info["outcome"] == result.outcome and info["digest"] == result.digest
