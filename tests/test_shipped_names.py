"""A shipped leg is named `levels/NAME.tmx` in everything the game prints (JSON, messages,
replays); that name loads again from any folder, as a wheel user's game is started from
anywhere. A file of that name in the working folder (a designer's copy) is the one loaded."""
import json

from mapmaker import write_map

from game.cli import main
from game.content.legs import LEGS
from game.headless.simulation import Simulation, run
from game.tiled.level import load_level

PIC = """
TTTTTTTT
T.S==FFT
TTTTTTTT
"""


def test_the_printed_name_of_a_shipped_leg_loads_from_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    name = f"levels/{LEGS[0].path.name}"
    sim = Simulation.from_file(name, seed=1)
    assert sim.level.path == name and sim.level.file == str(LEGS[0].path.resolve())
    assert run(name, "autopilot", seed=1, max_seconds=2.0).level == name
    assert main(["simulate", name, "--max-seconds", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == name


def test_a_copy_in_the_working_folder_is_the_one_loaded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "levels").mkdir()
    write_map(tmp_path / "levels" / LEGS[0].path.name, PIC)
    level = load_level(f"levels/{LEGS[0].path.name}")
    assert level.width == 8 and level.file == str((tmp_path / "levels" / LEGS[0].path.name).resolve())


def test_a_missing_level_is_still_named_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "levels/99_nowhere.tmx"]) == 2
    assert "levels/99_nowhere.tmx: no such level file" in capsys.readouterr().err


def test_check_takes_the_printed_name_from_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", f"levels/{LEGS[3].path.name}"]) == 0
    assert "1 clean" in capsys.readouterr().err
