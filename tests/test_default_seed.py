"""One default seed (1) everywhere a seed may be left out: Simulation, run(), bots, the `balto`
pytest fixture and the CLI itself (run, not only its parser)."""
import argparse
import json
import subprocess
import sys
from pathlib import Path

from game.cli.simulate import add_arguments
from game.headless.simulation import Simulation, make_bot, run
from game.sim.bots import autopilot

LEG = "levels/01_nenana_tolovana.tmx"
REPO = Path(__file__).resolve().parents[1]


def test_a_simulation_without_a_seed_is_the_run_without_one():
    """Simulation.from_file(path) driven by the autopilot = run(path): the same digest."""
    sim = Simulation.from_file(LEG)
    assert sim.seed == 1
    result = sim.run(autopilot, 5.0)
    assert result.digest == run(LEG, max_seconds=5.0).digest
    assert result.digest == Simulation.from_file(LEG, seed=1).run(autopilot, 5.0).digest


def test_the_cli_and_the_bots_default_to_the_same_seed():
    p = argparse.ArgumentParser()
    add_arguments(p)
    assert p.parse_args([LEG]).seed == 1
    a, b = Simulation.from_file(LEG), Simulation.from_file(LEG)
    assert a.run(make_bot("random"), 5.0).digest == b.run(make_bot("random", 1), 5.0).digest


def test_the_fixture_defaults_to_the_same_seed(balto):
    """The `balto` fixture's simulation and run, without a seed, are seed 1's."""
    assert balto.simulation(LEG).seed == 1
    for bot in ("autopilot", "random"):
        assert balto.run(LEG, bot=bot, max_seconds=5.0).digest == run(LEG, bot, 1, max_seconds=5.0).digest
    assert balto.run(LEG, max_seconds=5.0).digest != run(LEG, seed=2, max_seconds=5.0).digest


def test_the_cli_run_without_a_seed_is_seed_1():
    """`balto simulate LEG --json` (a real run of the command) reports seed 1 and its digest."""
    for bot in ("autopilot", "random"):
        out = subprocess.run([sys.executable, "main.py", "simulate", LEG, "--bot", bot, "--max-seconds", "5",
                              "--json"], cwd=REPO, capture_output=True, text=True, check=True)
        got = json.loads(out.stdout)
        assert got["seed"] == 1
        assert got["digest"] == run(LEG, bot, 1, max_seconds=5.0).digest
