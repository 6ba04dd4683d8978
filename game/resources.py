"""Where the game's content lives: the art, sound and font (`assets/`) and the legs (`levels/`).

This is the one module that knows. In a checkout they are the top-level folders beside
`game/`; in an installed wheel they are mapped into the package at build time.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
LEVELS = ROOT / "levels"
