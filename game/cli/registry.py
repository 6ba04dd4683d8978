"""CLI subcommands, one module each. Each module has `NAME`, `HELP`, `add_arguments(parser)`
and `run(args) -> int`. `game.cli` builds the parser from COMMANDS in this order."""
from __future__ import annotations

import importlib
from types import ModuleType

COMMANDS: tuple[str, ...] = ("play", "simulate", "sweep", "replay", "bench", "check", "render_map", "heatmap",
                            "project", "fuzz")


def load(name: str) -> ModuleType:
    """The module of one command."""
    return importlib.import_module(f"game.cli.{name}")
