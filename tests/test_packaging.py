"""The game installs anywhere: the wheel carries the content, game.resources finds it in a
checkout or an installed package, shipped legs can be named by number or name, and missing
content is one clear line and exit 2 (issue #10)."""
from __future__ import annotations

import fnmatch
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from game import __version__, resources
from game.cli import main
from game.headless.testing import Balto

REPO = Path(__file__).resolve().parent.parent
LEGS = sorted((REPO / "levels").glob("*.tmx"))
CODE_ONLY = shutil.ignore_patterns("__pycache__", "*.pyc")


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.update(extra)
    return env


def _balto(args: list[str], cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGS` in cwd, importing the game from pythonpath (first on sys.path)."""
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=cwd, env=_env(PYTHONPATH=str(pythonpath)),
                          capture_output=True, text=True, timeout=120)


def _installed_layout(site: Path, content: bool = True) -> Path:
    """The wheel's layout without building one: game/ with assets/ and levels/ inside it."""
    shutil.copytree(REPO / "game", site / "game", ignore=CODE_ONLY)
    if content:
        shutil.copytree(REPO / "assets", site / "game" / "assets")
        shutil.copytree(REPO / "levels", site / "game" / "levels")
    return site


# -- naming levels -----------------------------------------------------------------------------

def test_a_leg_is_named_by_number_stem_or_path():
    assert resources.legs() == LEGS and len(LEGS) == 8
    assert resources.resolve_level("3") == REPO / "levels" / "03_yukon_to_ruby.tmx"
    assert resources.resolve_level("03_yukon_to_ruby") == REPO / "levels" / "03_yukon_to_ruby.tmx"
    assert resources.resolve_level("tests/maps/x.tmx") == Path("tests/maps/x.tmx")  # any other text: a path
    for bad in ("0", "9", "yukon"):
        with pytest.raises(resources.LevelNameError):
            resources.resolve_level(bad)


@pytest.mark.parametrize("args", [["simulate", "9"], ["check", "nowhere"], ["render", "0", "x.png"],
                                  ["sweep", "12", "--seeds", "1"], ["heatmap", "fast_leg", "x.png"], ["play", "9"]])
def test_a_bad_level_name_is_one_line_and_exit_2(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "leg" in err, err


def test_simulate_takes_a_leg_number_and_check_all_works_from_any_folder(tmp_path):
    r = _balto(["simulate", "1", "--max-seconds", "2", "--json"], tmp_path, REPO)
    assert r.returncode == 0 and '"level"' in r.stdout and "01_nenana_tolovana.tmx" in r.stdout, r.stderr
    r = _balto(["check", "--all"], tmp_path, REPO)
    assert r.returncode == 0 and "checked 8 levels: 8 clean" in r.stderr, r.stderr


def test_version_is_written_once():
    r = subprocess.run([sys.executable, "main.py", "--version"], cwd=REPO, env=_env(), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == f"Balto: The Serum Run {__version__}"
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and not re.search(r"^version\s*=\s*\"", pyproject, re.M)


def test_the_plugin_lists_the_shipped_legs_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Balto(tmp_path).legs() == LEGS


# -- the installed layout ----------------------------------------------------------------------

def test_an_installed_layout_finds_its_content_and_its_maps_resolve(tmp_path):
    site = _installed_layout(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "from game import resources; print(resources.ROOT); print(resources.legs()[0])"
    r = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=_env(PYTHONPATH=str(site)),
                       capture_output=True, text=True, timeout=60)
    assert r.stdout.splitlines() == [str(site / "game"), str(site / "game" / "levels" / LEGS[0].name)], r.stderr
    r = _balto(["check", "--all"], elsewhere, site)  # the maps' ../assets/tiles/terrain.tsx resolves
    assert r.returncode == 0 and "8 clean" in r.stderr, r.stderr + r.stdout


def test_missing_content_is_one_line_and_exit_2(tmp_path):
    site = _installed_layout(tmp_path / "site", content=False)
    for args in (["check", "--all"], ["simulate", "1"], []):  # [] starts the game
        r = _balto(args, tmp_path, site)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and "content is missing" in r.stderr, r.stderr
    r = _balto(["--version"], tmp_path, site)  # still says what it is
    assert r.returncode == 0


def test_text_has_no_stand_in_font(tmp_path, monkeypatch, pygame_display):
    from game.render import Text

    monkeypatch.setattr(resources, "ASSETS", tmp_path)
    with pytest.raises(resources.ResourceError, match="font.png"):
        Text()


# -- the wheel ---------------------------------------------------------------------------------

def _packages_in_pyproject() -> list[str]:
    tomllib = pytest.importorskip("tomllib")
    with (REPO / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]["packages"]


def test_pyproject_lists_every_package_and_content_folder():
    code = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "game").rglob("__init__.py")}
    data = {".".join(("game", *d.relative_to(REPO).parts)) for top in ("assets", "levels")
            for d in [REPO / top, *(REPO / top).rglob("*")] if d.is_dir() and d.name != "__pycache__"}
    assert sorted(_packages_in_pyproject()) == sorted(code | data)


def _setuptools_major() -> int:
    try:
        return int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        return 0


@pytest.mark.skipif(_setuptools_major() < 77, reason="needs setuptools>=77 (the test extra) to build offline")
def test_the_wheel_carries_assets_levels_and_the_license(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, src / name)
    for name in ("game", "assets", "levels"):
        shutil.copytree(REPO / name, src / name, ignore=CODE_ONLY)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                        "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tomllib = pytest.importorskip("tomllib")
    with (REPO / "pyproject.toml").open("rb") as fh:
        left_out = tomllib.load(fh)["tool"]["setuptools"]["exclude-package-data"]["game.levels"]
    for top in ("assets", "levels"):
        for f in (REPO / top).rglob("*"):
            if f.is_file():  # a designer's own files (Tiled's session, pictures) stay out
                designer = top == "levels" and any(fnmatch.fnmatch(f.name, pat) for pat in left_out)
                assert (f"game/{f.relative_to(REPO).as_posix()}" in names) != designer, f
    for f in (REPO / "game").rglob("*.py"):
        assert f.relative_to(REPO).as_posix() in names, f
    info = f"balto_serum_run-{__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    meta = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert f"Version: {__version__}\n" in meta and "License-Expression: MIT" in meta


def test_the_license_is_mit_2026():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) 2026 The Balto: The Serum Run developers" in text
