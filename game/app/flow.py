"""The screen state machine: which screen is up, loading legs, and the way between screens.

No display, event queue or clock here: `game.app.window` feeds actions (`handle`), ticks (`tick`)
and the held-key Controls (`controls`), and asks for frames (`draw`). Tests drive it the same
way with a plain Surface.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame

from game import resources
from game.input import actions as I
from game.audio.mixer import Audio
from game.render import Assets
from game.render.tiles import TileRenderer
from game.screens.base import Screen
from game.sim.controls import NEUTRAL, Controls
from game.sim.leveldata import Level, LevelError
from game.sim.world import World

if TYPE_CHECKING:
    from game.saves.storage import Store

DEFAULT_LEVEL = resources.LEVELS / "01_nenana_tolovana.tmx"

Driver = Callable[[World], Controls]
MENU_SCREENS = ("title", "pause", "results", "error", "settings",
                "route_map", "story", "credits", "confirm")  # screens whose keys click and select


class Flow:
    """Holds the current screen and what screens share (assets, loaded legs, the seed)."""

    def __init__(self, assets: Assets | None = None, seed: int | None = None,
                 default_level: Path | str = DEFAULT_LEVEL, driver: Driver | None = None,
                 audio: Audio | None = None, store: "Store | None" = None) -> None:
        self.assets = assets if assets is not None else Assets()
        self.audio = audio if audio is not None else Audio(enabled=False)  # silent unless the app gives one
        self.seed = int(seed) if seed is not None else time.time_ns() % 1_000_000_007
        self.default_level = Path(default_level)
        self.driver = driver  # a bot instead of the keyboard (demos, tests)
        self.controls: Controls = NEUTRAL  # the held keys of the current frame, set by the app
        self.running = True
        self.stalled = False  # set after slow work (loading): the app forgets pending time
        self._levels: dict[str, tuple[Level, TileRenderer]] = {}
        # Replays and hot reload (set by the app): `recorder` records every run played
        # (game.session.replay.Recorder), `replay` is the Replay playing back (its ReplayBot drives),
        # `watcher` reloads the leg of `play --watch` (game.session.watch.LevelWatcher);
        # `run_session` is the RunSession being played, until the player leaves it.
        self.recorder = None
        self.replay = None
        self.watcher = None
        self.run_session = None
        self.watch_notice = ""  # "reloaded ..." for a moment after a good save
        self.watch_notice_ticks = 0
        # The player's settings (the app loads them; see game.screens.settings.apply_settings),
        # button prompts for the device used last, and one-time notices for the title.
        from game.input.prompts import Prompts
        from game.saves.settings import Settings

        self.settings: Settings = Settings()
        self.prompts = Prompts(self.settings.bindings)
        self.notices: list[str] = []
        # Progress, high scores and the way between route map, story cards and legs
        # (game/screens/campaign.py); saves go to `store` (default: the user's folders).
        from game.screens.campaign import CampaignController

        self.campaign = CampaignController(self, store)
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
        if self.watcher is not None:
            self._watch_tick()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        """Draw the current screen."""
        self.screen.draw(surface, alpha)
        if self.watcher is not None:
            from game.session.watch import draw_watch

            draw_watch(surface, self)

    # -- the screens' side ---------------------------------------------------------
    def goto(self, screen: Screen) -> None:
        self.screen = screen
        run = self.run_session
        if run is not None and not _holds(screen, run):
            run.leave()  # quit to the map or title: an unfinished run is saved, a replay ends

    def end_run(self) -> None:
        """The game is closing: leave the run being played (its replay is saved)."""
        if self.run_session is not None:
            self.run_session.leave()

    def _watch_tick(self) -> None:
        """`play --watch`: reload the watched leg when its files change (game/session/watch.py)."""
        if self.watch_notice_ticks > 0:
            self.watch_notice_ticks -= 1
        change = self.watcher.poll()
        if change is None or isinstance(change, LevelError):
            return  # a broken save: `watcher.error` is drawn and the last good level runs on
        key = str(self.watcher.path)
        session = self.run_session
        name = self.watcher.path.name
        if session is not None and self.watcher.watches(session.level.path):
            kept = session.reload(change)
            self._levels[key] = (session.level, session.tiles)
            where = "the team keeps its place" if kept else "the team is back at its respawn point"
            self.watch_notice = f"Reloaded {name}: {where}"
        else:
            self._levels.pop(key, None)  # the next start loads it fresh
            self.watch_notice = f"Reloaded {name}"
            if getattr(self.screen, "name", "") == "error":  # it did not load before: play it now
                self.play(self.watcher.path)
        self.watch_notice_ticks = 150
        self.stalled = True

    def quit(self) -> None:
        self.running = False

    def title(self) -> None:
        """Back to the title menu."""
        from game.screens.title import TitleScreen

        self.audio.ambience(0.0)
        self.audio.music(None)
        self.goto(TitleScreen(self))

    def open_settings(self) -> None:
        """The settings screen over the current one; Back returns to it."""
        from game.screens.settings import SettingsScreen

        self.goto(SettingsScreen(self, self.screen))

    def error(self, message: str) -> None:
        """Show a problem to the player; Enter goes back to the title."""
        from game.screens.error import ErrorScreen

        self.goto(ErrorScreen(self, message))

    def load(self, path: Path | str) -> tuple[Level, TileRenderer]:
        """Load a leg once (cached); raises LevelError."""
        from game.tiled.level import load_level

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


def _holds(screen: object, session: object, depth: int = 6) -> bool:
    """True when `screen` (or a screen it returns to: settings over the pause, a question
    over the results) belongs to the run `session`."""
    while screen is not None and depth > 0:
        if getattr(screen, "session", None) is session:
            return True
        screen = getattr(screen, "back", None)
        depth -= 1
    return False
