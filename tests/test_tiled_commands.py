"""The Tiled project's commands (Tiled's Commands menu) run as Tiled runs them: the executable
with its argument line split like a shell's (double quotes group), %mapfile quoted and
%objectid filled in. Each runs on a small map with this checkout's `balto` on PATH; without any
`balto`, each says what to do."""
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from mapmaker import write_map
from setuptools.command.build_py import build_py
from setuptools.config.pyprojecttoml import apply_configuration
from setuptools.dist import Distribution

from game.tiled.offer import NO_OBJECT, NOT_FOUND

REPO = Path(__file__).resolve().parent.parent
PROJECT = REPO / "levels" / "balto.tiled-project"
TSX = REPO / "assets" / "tiles" / "terrain.tsx"
PIC = """
TTTTTTTTTTTTTTT
T.............T
T.S====K====FFT
T...........FFT
TTTTTTTTTTTTTTT
"""


def _commands() -> dict[str, dict]:
    return {c["name"]: c for c in json.loads(PROJECT.read_text())["commands"]}


def split_command(command: str) -> list[str]:
    """Qt's QProcess::splitCommand, which Tiled 1.8 uses on "EXECUTABLE ARGUMENTS": blanks
    split, double quotes group, three double quotes in a row make one literal quote."""
    args: list[str] = []
    tmp, quotes, in_quote = "", 0, False
    for ch in command:
        if ch == '"':
            quotes += 1
            if quotes == 3:
                quotes, tmp = 0, tmp + '"'
            continue
        if quotes:
            if quotes == 1:
                in_quote = not in_quote
            quotes = 0
        if not in_quote and ch.isspace():
            if tmp:
                args.append(tmp)
            tmp = ""
        else:
            tmp += ch
    if tmp:
        args.append(tmp)
    return args


def _argv(cmd: dict, mapfile: Path, objectid: int | None) -> list[str]:
    """What Tiled 1.8 starts: its variables replaced (%mapfile in quotes, as Tiled puts it;
    %objectid left as it is when no object is selected), the line "%1 %2" of executable and
    arguments split by Qt's rules."""
    line = cmd["arguments"].replace("%mapfile", f'"{mapfile}"')
    if objectid is not None:
        line = line.replace("%objectid", str(objectid))
    return split_command(f"{cmd['command']} {line}")


def test_the_split_is_qts():
    assert split_command('sh -c "a b; c" x "my dir/m.tmx"') == ["sh", "-c", "a b; c", "x", "my dir/m.tmx"]
    assert split_command('say """hi"""') == ["say", '"hi"']


@pytest.fixture
def world(tmp_path):
    """A map in a folder with a space in its name, a `balto` running this checkout, an env."""
    folder = tmp_path / "my legs"
    folder.mkdir()
    level = write_map(folder / "my leg.tmx", PIC,
                      tileset=f'<tileset firstgid="1" source="{os.path.relpath(TSX, folder)}"/>')
    level.write_text(level.read_text().replace('name="checkpoint"', 'name="Old Cabin"'))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    balto = bindir / "balto"
    balto.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m game "$@"\n')
    balto.chmod(balto.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "BALTO_MUTE": "1",
           "BALTO_MAX_FRAMES": "30", "BALTO_HOME": str(tmp_path / "home")}
    return level, env


def test_the_project_offers_the_designers_commands_with_shortcuts():
    cmds = _commands()
    assert list(cmds) == ["Play this map", "Play from the selected checkpoint", "Check this map",
                          "Render overview", "Heat map (autopilot)", "Heat map (human model)"]
    shortcuts = [c["shortcut"] for c in cmds.values()]
    assert all(shortcuts) and len(set(shortcuts)) == len(shortcuts)
    assert all(c["saveBeforeExecute"] and c["showOutput"] and c["enabled"] for c in cmds.values())


@pytest.mark.parametrize("name, made, says", [
    ("Play this map", None, ""),
    ("Play from the selected checkpoint", None, "object 3"),  # the object the designer selected
    ("Check this map", None, "the map has no problems"),
    ("Render overview", "my leg-overview.png", "open "),
    ("Heat map (autopilot)", "my leg-heatmap-autopilot.png", "open "),
    ("Heat map (human model)", "my leg-heatmap-human.png", "open "),
])
def test_each_command_runs_on_a_map(world, name, made, says):
    level, env = world
    cp_id = 3  # make_map numbers: start 1, finish 2, checkpoint 3
    out = subprocess.run(_argv(_commands()[name], level, cp_id), env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert says in out.stdout
    if made:
        png = level.parent / made
        assert png.is_file() and png.read_bytes()[:4] == b"\x89PNG"
        assert f"open {png}" in out.stdout


def test_without_balto_each_command_says_what_to_do(world):
    level, env = world
    env["PATH"] = "/usr/bin:/bin"  # sh is there; no balto
    for cmd in _commands().values():
        out = subprocess.run(_argv(cmd, level, 3), env=env, capture_output=True, text=True, timeout=30)
        assert out.returncode == 127 and NOT_FOUND in out.stderr


def test_play_from_with_nothing_selected_asks_for_a_checkpoint(world):
    level, env = world
    out = subprocess.run(_argv(_commands()["Play from the selected checkpoint"], level, None), env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and out.stderr.strip() == NO_OBJECT
    assert "select a checkpoint object first" in out.stderr and "%objectid" not in out.stderr


MADE_IN_LEVELS = ["levels/balto.tiled-session", "levels/my leg-overview.png", "levels/my leg-heatmap-autopilot.png",
                  "levels/my leg-heatmap-human.png", "levels/drafts/b-overview.png"]


def test_what_tiled_and_the_commands_leave_in_levels_is_not_committed():
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "check-ignore", "--no-index", *MADE_IN_LEVELS, "levels/01_nenana_tolovana.tmx"],
                         cwd=REPO, capture_output=True, text=True, timeout=30)
    assert out.stdout.splitlines() == MADE_IN_LEVELS


def test_what_tiled_and_the_commands_leave_in_levels_stays_out_of_the_wheel():
    """setuptools' own rule (build_py's exclude_data_files) over pyproject.toml's package data."""
    dist = apply_configuration(Distribution(), REPO / "pyproject.toml")
    cmd = build_py(dist)
    cmd.finalize_options()
    shipped = ["levels/01_nenana_tolovana.tmx", "levels/balto.tiled-project", "levels/templates/bear.tx",
               "levels/extensions/balto.js"]
    assert cmd.exclude_data_files("game.levels", "levels", shipped + MADE_IN_LEVELS) == shipped
