"""One default seed (1) everywhere a seed may be left out: Simulation, run(), bots, the CLI."""
import argparse

from game.cli.simulate import add_arguments
from game.headless.simulation import Simulation, make_bot, run
from game.sim.bots import autopilot

LEG = "levels/01_nenana_tolovana.tmx"


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
