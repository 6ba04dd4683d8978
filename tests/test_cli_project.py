"""`balto project FOLDER`: a designer with a wheel install gets the game's Tiled project, its
extension, templates and tileset laid out as in a checkout, and a leg made there checks clean."""
import json

from game import resources
from game.cli import main

SHIPPED = resources.LEVELS / "balto.tiled-project"


def test_the_project_is_copied_and_a_leg_in_it_checks_clean(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["project", "my-legs", "--example"]) == 0
    kit = tmp_path / "my-legs"
    project = kit / "levels" / "balto.tiled-project"
    assert project.read_bytes() == SHIPPED.read_bytes()
    assert json.loads(project.read_text())["commands"]  # Tiled's Commands menu comes along
    assert (kit / "levels" / "extensions" / "balto.js").is_file()
    assert sorted(p.name for p in (kit / "levels" / "templates").glob("*.tx")) == \
        sorted(p.name for p in (resources.LEVELS / "templates").glob("*.tx"))
    assert (kit / "assets" / "tiles" / "terrain.tsx").is_file() and (kit / "assets" / "tiles" / "terrain.png").is_file()
    assert "open " in capsys.readouterr().err
    leg = kit / "levels" / resources.legs()[0].name
    assert main(["check", str(leg)]) == 0  # its tileset is found inside the project
    assert "1 clean" in capsys.readouterr().err


def test_nothing_is_overwritten(tmp_path, capsys):
    (tmp_path / "levels").mkdir()
    mine = tmp_path / "levels" / "balto.tiled-project"
    mine.write_text("my own project")
    assert main(["project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "already there" in err and "nothing was copied" in err and len(err.splitlines()) == 1
    assert mine.read_text() == "my own project"
    assert not (tmp_path / "assets").exists()


def test_a_file_in_the_way_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    assert main(["project", str(tmp_path / "taken")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
