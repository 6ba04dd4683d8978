"""Balto: The Serum Run — a 2D sled-run game on a deterministic simulation."""
import os

# pytmx imports pygame when it can; keep pygame's banner off stdout (the CLI prints JSON there).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__version__ = "0.1.0"
