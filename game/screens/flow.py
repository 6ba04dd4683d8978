"""The screen state machine: which screen is up, loading legs, and the way between screens.

No display, event queue or clock here: `game.app` feeds actions (`handle`), ticks (`tick`)
and the held-key Controls (`controls`), and asks for frames (`draw`). Tests drive it the same
way with a plain Surface.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pygame

from game import input as I
from game.audio import Audio
from game.render import Assets
from game.render.tiles import TileRenderer
from game.screens.base import Screen
from game.sim.controls import NEUTRAL, Controls
from game.sim.leveldata import Level, LevelError
from game.sim.world import World

REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_LEVEL = REPO / "levels" / "01_nenana_tolovana.tmx"

Driver = Callable[[World], Controls]
MENU_SCREENS = ("title", "pause", "results", "error")  # screens whose keys click and select


class Flow:
    """Holds the current screen and what screens share (assets, loaded legs, the seed)."""

    def __init__(self, assets: Assets | None = None, seed: int | None = None,
                 default_level: Path | str = DEFAULT_LEVEL, driver: Driver | None = None,
                 audio: Audio | None = None) -> None:
        self.assets = assets if assets is not None else Assets()
        self.audio = audio if audio is not None else Audio(enabled=False)  # silent unless the app gives one
        self.seed = int(seed) if seed is not None else time.time_ns() % 1_000_000_007
        self.default_level = Path(default_level)
        self.driver = driver  # a bot instead of the keyboard (demos, tests)
        self.controls: Controls = NEUTRAL  # the held keys of the current frame, set by the app
        self.running = True
        self.stalled = False  # set after slow work (loading): the app forgets pending time
        self._levels: dict[str, tuple[Level, TileRenderer]] = {}
        from game.screens.title import TitleScreen

        self.screen: Screen = TitleScreen(self)

    # -- the app's side ------------------------------------------------------------
    def handle(self, action: str) -> None:
        """One action from the player; QUIT (the window closing) ends the game anywhere."""
        if action == I.QUIT:
            self.running = False
            return
        menu = getattr(self.screen, "name", "") in MENU_SCREENS
        self.screen.handle(action)
        if menu:
            if action in (I.UP, I.DOWN, I.LEFT, I.RIGHT):
                self.audio.play("select")
            elif action in (I.CONFIRM, I.BACK):
                self.audio.play("click")

    def tick(self) -> None:
        """One fixed tick of the current screen."""
        self.screen.update_tick()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        """Draw the current screen."""
        self.screen.draw(surface, alpha)

    # -- the screens' side ---------------------------------------------------------
    def goto(self, screen: Screen) -> None:
        self.screen = screen

    def quit(self) -> None:
        self.running = False

    def title(self) -> None:
        """Back to the title menu."""
        from game.screens.title import TitleScreen

        self.audio.ambience(0.0)
        self.audio.music(None)
        self.goto(TitleScreen(self))

    def error(self, message: str) -> None:
        """Show a problem to the player; Enter goes back to the title."""
        from game.screens.error import ErrorScreen

        self.goto(ErrorScreen(self, message))

    def load(self, path: Path | str) -> tuple[Level, TileRenderer]:
        """Load a leg once (cached); raises LevelError."""
        from game.level import load_level

        key = str(Path(path).resolve())
        hit = self._levels.get(key)
        if hit is None:
            level = load_level(path)
            tiles = TileRenderer(level)
            tiles.warm()
            hit = self._levels[key] = (level, tiles)
            self.stalled = True
        return hit

    def play(self, path: Path | str | None = None, countdown: bool = True) -> bool:
        """Start a leg: its countdown (or straight into the run). A bad level shows the error
        screen instead. Returns True when the run started."""
        from game.screens.run import CountdownScreen, RunScreen, RunSession

        try:
            level, tiles = self.load(path if path is not None else self.default_level)
            session = RunSession(self, level, tiles, self.seed)
        except LevelError as exc:
            self.error(str(exc))
            return False
        self.goto(CountdownScreen(self, session) if countdown else RunScreen(self, session))
        return True
