"""The rules stay pure: game.sim never pulls in pygame or pytmx."""
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_sim_imports_no_pygame_in_a_fresh_interpreter():
    code = (
        "import sys, game.sim, game.sim.bots, game.sim.scoring, game.sim.navigation, game.app.loop\n"
        "bad = [m for m in ('pygame', 'pytmx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"game.sim imported {out.stdout.strip()}"


def test_only_the_adapter_imports_pytmx():
    importers = []
    for path in (REPO / "game").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import pytmx|from pytmx\b)", text, re.MULTILINE):
            importers.append(path.relative_to(REPO).as_posix())
    assert importers == ["game/tiled/adapter.py"]


def test_sim_sources_never_import_pygame():
    for path in (REPO / "game" / "sim").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pygame" not in text and "from pygame" not in text, path
