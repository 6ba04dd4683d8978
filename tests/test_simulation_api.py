"""The headless API a test writer uses: Simulation, Controls, bots, inputs files, events, digest."""
import json

import pytest
from mapmaker import write_map

from game.cli import main
from game.headless.simulation import (
    BOT_NAMES,
    InputsError,
    RandomBot,
    ScriptedBot,
    Simulation,
    autopilot,
    make_bot,
    no_input,
    parse_inputs,
    run,
)
from game.sim import NEUTRAL, Controls, World
from game.sim import events as E
from game.tiled.level import load_level

PIC = """
TTTTTTTTTTTTTTTTTTTTTTTT
T......................T
T.S==========T=======F.T
T......................T
TTTTTTTTTTTTTTTTTTTTTTTT
"""


@pytest.fixture
def level(tmp_path):
    return write_map(tmp_path / "api.tmx", PIC)


def test_a_run_tick_by_tick(level):
    sim = Simulation.from_file(level, seed=4)
    assert sim.state is sim.world and isinstance(sim.state, World)
    assert sim.tick == 0 and not sim.done
    events = sim.step(Controls(mush=True))
    assert sim.tick == 1 and events is sim.events
    assert [e.kind for e in events] == [E.MUSH]
    while not sim.done and sim.tick < 60 * 60:
        sim.step(autopilot(sim.state))
    r = sim.result("autopilot")
    assert r.finished and r.ticks == sim.tick and r.digest == sim.digest()
    assert sim.step(NEUTRAL) == [] and sim.tick == r.ticks  # a finished run stays put


def test_the_same_seed_and_controls_give_the_same_digest(level):
    a, b = run(level, "random", seed=9, max_seconds=20), run(level, "random", seed=9, max_seconds=20)
    c = run(level, "random", seed=10, max_seconds=20)
    assert a == b and a.digest != c.digest


def test_reset_starts_the_run_a_fresh_simulation_would_play(level):
    lvl = load_level(level)
    sim = Simulation(lvl, 5)
    nav = sim.nav
    for seed in (1, 2, 1):
        world = sim.reset(seed)
        assert world is sim.world and world.tick == 0 and world.nav is nav  # the field is reused
        got = sim.run(RandomBot(seed), max_seconds=5).digest
        assert got == Simulation(lvl, seed).run(RandomBot(seed), max_seconds=5).digest
    sim.reset()  # the same seed again
    assert sim.seed == 1 and sim.tick == 0


@pytest.mark.parametrize("name", ["autopilot", "none", "random"])
def test_bots_are_plain_callables_from_the_world_to_controls(level, name):
    sim = Simulation.from_file(level, seed=1)
    bot = make_bot(name, seed=1)
    c = bot(sim.state)
    assert isinstance(c, Controls)
    assert set(BOT_NAMES) >= {"autopilot", "none", "random", "script"}


def test_any_callable_drives_and_names_itself(level):
    def hard_left(world):
        return Controls(steer=-1.0)

    r = run(level, hard_left, seed=1, max_seconds=5)
    assert r.bot == "hard_left" and r.outcome == "timeout"
    assert run(level, no_input, max_seconds=5).bot == "none"
    assert run(level, RandomBot(1), max_seconds=5).bot == "random"


INPUTS = """
# warm up, then hold right
*        none
1-10     mush          # burst at the start
11-20    left mush
21       steer=0.25 brake senses
30-      right
"""


def test_an_inputs_file_says_which_controls_each_tick():
    bot = parse_inputs(INPUTS)
    assert bot.controls_for(1) == Controls(mush=True) == bot.controls_for(10)
    assert bot.controls_for(11) == Controls(steer=-1.0, mush=True)
    assert bot.controls_for(21) == Controls(steer=0.25, brake=True, senses=True)
    assert bot.controls_for(22) == NEUTRAL  # '*' none, not overridden here
    assert bot.controls_for(30) == Controls(steer=1.0) == bot.controls_for(100_000)


def test_the_scripted_bot_plays_tick_n_on_tick_n(level):
    sim = Simulation.from_file(level, seed=1)
    bot = parse_inputs("3 mush\n")
    kinds = []
    for _ in range(4):
        sim.step(bot(sim.state))
        kinds.append([e.kind for e in sim.events])
    assert kinds[2] == [E.MUSH] and not kinds[0] and not kinds[1]


@pytest.mark.parametrize("text, words", [
    ("1-5", "needs ticks and controls"),
    ("0-5 mush", "start at 1"),
    ("9-3 mush", "runs backwards"),
    ("x mush", "not a tick range"),
    ("1 jump", "unknown control"),
    ("1 steer=2", "-1 to 1"),
    ("1 left right", "steer given twice"),
    ("1 none mush", "must stand alone"),
])
def test_a_bad_inputs_line_is_named_with_its_line_number(text, words):
    with pytest.raises(InputsError, match=rf"moves.txt:2: .*{words}"):
        parse_inputs("# header\n" + text, "moves.txt")


def test_simulate_plays_an_inputs_file(level, tmp_path, capsys):
    moves = tmp_path / "moves.txt"
    moves.write_text("1- mush\n")
    assert main(["simulate", str(level), "--inputs", str(moves), "--max-seconds", "10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bot"] == "script"
    direct = run(level, "script", seed=1, max_seconds=10, inputs=moves)
    assert out["digest"] == direct.digest
    assert isinstance(make_bot("script", inputs=moves), ScriptedBot)


@pytest.mark.parametrize("argv", [
    ["simulate", "{level}", "--inputs", "{missing}"],
    ["simulate", "{level}", "--inputs", "{bad}"],
    ["simulate", "{level}", "--bot", "script"],
    ["simulate", "{level}", "--bot", "random", "--inputs", "{bad}"],
    ["simulate"],
])
def test_bad_inputs_are_one_line_and_exit_2(level, tmp_path, capsys, argv):
    bad = tmp_path / "bad.txt"
    bad.write_text("1-x mush\n")
    subs = {"{level}": str(level), "{missing}": str(tmp_path / "nope.txt"), "{bad}": str(bad)}
    assert main([subs.get(a, a) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


DESIGNER_TEST = '''
def test_leg_1(balto):
    r = balto.run("levels/01_nenana_tolovana.tmx", bot="autopilot", seed=3)
    assert r.finished and r.vials >= 15

def test_by_hand(balto, tmp_path):
    sim = balto.simulation("levels/01_nenana_tolovana.tmx", seed=2)
    sim.step()
    assert sim.tick == 1
    moves = tmp_path / "moves.txt"
    moves.write_text("1-60 mush\\n")
    assert balto.run("levels/01_nenana_tolovana.tmx", inputs=moves, max_seconds=1).bot == "script"
    assert balto.sweep("levels/01_nenana_tolovana.tmx", [1, 2], max_seconds=1).runs == 2
'''


def test_the_pytest_plugin_gives_designers_a_balto_fixture(tmp_path):
    """Installed with the game (entry point pytest11): no conftest needed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    test = tmp_path / "test_designer.py"
    test.write_text(DESIGNER_TEST)
    p = subprocess.run([sys.executable, "-m", "pytest", str(test), "-q", "-p", "no:cacheprovider",
                        "--rootdir", str(repo)], cwd=repo, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "2 passed" in p.stdout
