"""The screen flow: the screens on a stack, the way between them, and the run being played.

No display, event queue or clock here: `game.app.window` feeds actions (`handle`), ticks
(`tick`) and the held Controls (`services.controls`), and asks for frames (`draw`). Tests
drive it the same way with a plain Surface.

The stack (as Tuxemon's StateStack, or Arcade's views): `push` an overlay (pause, settings, a
question), `back` pops it, `replace` empties the stack for a new place (title, map, card, run,
results). A screen's `enter` runs when it comes on top and `leave` when it stops being on top.
`Flow` is the screens' `Navigator` (game/screens/nav.py): the one module that knows every
screen, so screens never import each other. It also owns the run being played (`session`):
a run ends (its replay saved) when no screen on the stack belongs to it any more.

Runs a bot drives are watched, never recorded: `bot` (`balto play LEVEL --bot NAME`) drives
every run and starts the leg again on the next seed when one ends; the title's demo (after
DEMO_IDLE_SECONDS idle there) lets the autopilot drive a shipped leg until any key or button
(`any_input`, or any action) brings the title back.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pygame

from game import resources
from game.content.legs import ENDING, LEGS
from game.input import actions as I
from game.render.tiles import TileRenderer
from game.screens.base import Screen
from game.screens.error import ErrorScreen
from game.screens.pause import PauseScreen
from game.screens.results import ResultsScreen
from game.screens.route_map import RouteMapScreen
from game.screens.run import CountdownScreen, RunScreen
from game.screens.run_view import RunView
from game.screens.settings import SettingsScreen
from game.screens.story import CreditsScreen, Ending, StoryScreen
from game.screens.title import TitleScreen
from game.screens.watch_overlay import draw_watch
from game.screens.widgets import ConfirmScreen
from game.session.campaign import CAMPAIGN, LegContext, leg_of_path, wears_bandanna
from game.session.replay import Replay, ReplayBot, ReplayError, resolve_level
from game.session.run import Driver, RunSession
from game.session.services import Services
from game.session.watch import LevelWatcher
from game.sim.leveldata import Level, LevelError
from game.sim.world import TICK_HZ
from game.tiled.level import load_level

DEFAULT_LEVEL = resources.LEVELS / "01_nenana_tolovana.tmx"
MENU_SCREENS = ("title", "pause", "results", "error", "settings",
                "route_map", "story", "credits", "confirm")  # screens whose keys click and select
WATCH_NOTICE_TICKS = 150  # "Reloaded ..." stays this long
DEMO_BOT = "autopilot"
DEMO_SECONDS = 90  # a demo run goes back to the title after this long, finished or not
DEMO_TAG = "DEMO - press any key"
DEMO_GRACE_TICKS = 12  # after the demo, input is ignored this long (a pad sends one press twice)


class Flow:
    """The screens on a stack and what they share: the services, loaded legs, the seed."""

    def __init__(self, services: Services, seed: int | None = None,
                 default_level: Path | str = DEFAULT_LEVEL, driver: Driver | None = None,
                 bot: str = "") -> None:
        self.services = services
        self.seed = int(seed) if seed is not None else time.time_ns() % 1_000_000_007
        self.default_level = Path(default_level)
        self.driver = driver  # a bot instead of the keyboard (demos, tests, replays)
        self.bot = bot  # `play --bot NAME`: this bot drives every run, for watching
        self.start_at = ""  # `play --from NAME`: runs of the leg given on the command line start there
        self.demo_playing = False  # the title's demo run is on
        self.demos = 0  # demos shown so far (each shows the next leg, on its own seed)
        self.grace = 0  # ticks left in which input is swallowed (the key that ended the demo)
        self.running = True
        self.stalled = False  # set after slow work (loading): the app forgets pending time
        self.session: RunSession | None = None  # the run being played
        self.run_view: RunView | None = None  # how it looks (shared by its screens)
        self.replay: Replay | None = None  # the recorded run playing back, if any
        self.watcher: LevelWatcher | None = None  # `play --watch`: reloads its leg on a save
        self.watch_notice = ""  # "Reloaded ..." for a moment after a good save
        self.watch_notice_ticks = 0
        self._levels: dict[str, tuple[Level, TileRenderer]] = {}
        self.stack: list[Screen] = []
        self.replace(TitleScreen(self, services))

    # -- the stack -------------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        """The screen on top: it gets the actions and ticks, and draws."""
        return self.stack[-1]

    def push(self, screen: Screen) -> None:
        """Put `screen` over the current one (an overlay)."""
        if self.stack:
            self.stack[-1].leave()
        self.stack.append(screen)
        screen.enter()

    def back(self) -> None:
        """Take the overlay on top off, back to the screen below (never the last one)."""
        if len(self.stack) > 1:
            self.stack.pop().leave()
            self.stack[-1].enter()
            self._end_orphan_run()

    def replace(self, screen: Screen) -> None:
        """Empty the stack for `screen` (a new place)."""
        while self.stack:
            self.stack.pop().leave()
        self.stack.append(screen)
        self._end_orphan_run()
        screen.enter()

    def _end_orphan_run(self) -> None:
        """The run ends when no screen on the stack belongs to it (quit to the map or title)."""
        run = self.session
        if run is not None and all(s.session is not run for s in self.stack):
            self._leave_run(run)

    def _leave_run(self, run: RunSession) -> None:
        run.leave()  # an unfinished run is saved as abandoned
        self.session, self.run_view = None, None
        self.demo_playing = False
        if run.replay is not None and run.replay is self.replay:
            self.replay = None  # a replay played back ends with its run
            if isinstance(self.driver, ReplayBot):
                self.driver = None

    # -- the app's side --------------------------------------------------------------
    def handle(self, action: str) -> None:
        """One action from the player; QUIT (the window closing) ends the game anywhere."""
        if action == I.QUIT:
            self.running = False
            return
        if self.demo_playing or self.grace:  # any key or button ends the demo
            self.any_input()
            return
        menu = self.screen.name in MENU_SCREENS
        self.screen.handle(action)
        if menu:
            if action in (I.UP, I.DOWN, I.LEFT, I.RIGHT):
                self.services.audio.play("select")
            elif action in (I.CONFIRM, I.BACK):
                self.services.audio.play("click")

    def any_input(self) -> bool:
        """A key, a button or a click, whatever it is bound to: it ends the demo (True when it
        did, and the input is used up)."""
        if self.grace:
            return True
        if not self.demo_playing:
            return False
        self.end_demo()
        return True

    def tick(self) -> None:
        """One fixed tick of the current screen."""
        self.screen.update_tick()
        if self.grace:
            self.grace -= 1
        run = self.session
        if self.demo_playing and run is not None and run.world.tick >= DEMO_SECONDS * TICK_HZ:
            self.end_demo()
        if self.watcher is not None:
            self._watch_tick(self.watcher)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        """Draw the current screen."""
        self.screen.draw(surface, alpha)
        if self.watcher is not None:
            notice = self.watch_notice if self.watch_notice_ticks > 0 else ""
            draw_watch(surface, self.services.assets.text, self.watcher, notice)

    def end_run(self) -> None:
        """The game is closing: leave the run being played (its replay is saved)."""
        if self.session is not None:
            self._leave_run(self.session)

    def _watch_tick(self, watcher: LevelWatcher) -> None:
        """`play --watch`: reload the watched leg when its files change (game/session/watch.py)."""
        if self.watch_notice_ticks > 0:
            self.watch_notice_ticks -= 1
        change = watcher.poll()
        if change is None or isinstance(change, LevelError):
            return  # a broken save: `watcher.error` is drawn and the last good level runs on
        key = str(watcher.path)
        session = self.session
        name = watcher.path.name
        if session is not None and watcher.watches(session.level.where):
            kept = session.reload(change)
            self._levels[key] = (change, self._warm_tiles(change))
            where = "the team keeps its place" if kept else "the team is back at its respawn point"
            self.watch_notice = f"Reloaded {name}: {where}"
        else:
            self._levels.pop(key, None)  # the next start loads it fresh
            self.watch_notice = f"Reloaded {name}"
            if self.screen.name == "error":  # it did not load before: play it now
                self.play(watcher.path)
        self.watch_notice_ticks = WATCH_NOTICE_TICKS
        self.stalled = True

    def quit(self) -> None:
        self.running = False

    # -- legs ------------------------------------------------------------------------
    @staticmethod
    def _warm_tiles(level: Level) -> TileRenderer:
        tiles = TileRenderer(level)
        tiles.warm()
        return tiles

    def load(self, path: Path | str) -> tuple[Level, TileRenderer]:
        """Load a leg once (cached); raises LevelError."""
        key = str(Path(path).resolve())
        hit = self._levels.get(key)
        if hit is None:
            level = load_level(path)
            hit = self._levels[key] = (level, self._warm_tiles(level))
            self.stalled = True
        return hit

    def tiles_for(self, level: Level) -> TileRenderer:
        """The tile renderer of a loaded level (built when it is not the cached one)."""
        hit = self._levels.get(str(Path(level.where).resolve()))
        if hit is not None and hit[0] is level:
            return hit[1]
        return self._warm_tiles(level)

    def _start(self, level: Level, vials: int | None = None, bandanna: bool | None = None,
               context: Callable[[RunSession], LegContext] | None = None, bot: str = "",
               start_at: str = "") -> RunView:
        """A new run of `level` (the run before it ends); its view for the screens. A `bot`
        (else the flow's own, when no replay plays) drives it for watching."""
        if self.session is not None:
            self._leave_run(self.session)
        bot = bot or (self.bot if self.replay is None else "")
        session = RunSession(level, self.seed, self.services, vials=vials, replay=self.replay,
                             driver=self.driver, bot=bot, start_at=start_at)
        if context is not None:
            session.context = context(session)
        self.session = session
        if bandanna is None:  # Jenna's bandanna from its leg on, however the leg was opened
            bandanna = wears_bandanna(leg_of_path(level.path))
        self.run_view = RunView(session, self.tiles_for, bandanna)
        if bot:
            self.run_view.tag = f"BOT: {bot}"
        return self.run_view

    def play(self, path: Path | str | None = None, countdown: bool = True) -> bool:
        """Start a leg: its countdown (or straight into the run). A bad level shows the error
        screen instead. Returns True when the run started."""
        try:
            level, _ = self.load(path if path is not None else self.default_level)
            run = self._start(level, start_at=self.start_at if path is not None else "")
        except LevelError as exc:
            self.error(str(exc))
            return False
        self.replace(CountdownScreen(self, self.services, run) if countdown else RunScreen(self, self.services, run))
        return True

    def play_replay(self, replay: Replay) -> bool:
        """Play a recorded run back: its seed, its rules, its controls; nothing is recorded."""
        self.seed = int(replay.seed)
        self.replay = replay
        self.driver = ReplayBot(replay)
        try:
            path = resolve_level(replay)
        except ReplayError as exc:
            self.replay, self.driver = None, None
            self.error(str(exc))
            return False
        if not self.play(path):
            self.replay, self.driver = None, None
            return False
        return True

    # -- the Navigator (game/screens/nav.py) -------------------------------------------
    def title(self) -> None:
        self.replace(TitleScreen(self, self.services))

    def error(self, message: str) -> None:
        self.replace(ErrorScreen(self, self.services, message))

    def open_settings(self) -> None:
        self.push(SettingsScreen(self, self.services, self.screen))

    def credits(self) -> None:
        self.replace(CreditsScreen(self, self.services, self.title))

    def confirm(self, question: str, detail: str, on_yes: Callable[[], None],
                yes: str = "Yes", no: str = "No") -> None:
        self.push(ConfirmScreen(self, self.services, self.screen, question, detail, on_yes, yes, no))

    def open_map(self, mode: str, select: int | None = None, notice: str | None = None) -> None:
        self.replace(RouteMapScreen(self, self.services, mode, select, notice))

    def show_card(self, index: int) -> None:
        leg = LEGS[index]
        self.replace(StoryScreen(self, self.services, leg.card, lambda: self.start_leg(index, CAMPAIGN),
                                 leg_index=index))

    def _show_ending(self) -> None:
        """The ENDING card with the vials that reached Nome; then the credits."""
        campaign = self.services.campaign
        c = campaign.progress.campaign
        self.replace(StoryScreen(self, self.services, ENDING, self.credits,
                                 ending=Ending(c.vials, c.vials_start, campaign.best_before, c.assisted,
                                               campaign.progress.best_campaign_name)))

    def new_campaign(self) -> None:
        self.services.campaign.new_campaign()
        self.show_card(0)

    def continue_campaign(self) -> None:
        i = self.services.campaign.current_index()
        if i is None:
            self.new_campaign()
        else:
            self.show_card(i)

    def start_leg(self, index: int, mode: str) -> bool:
        """Load a leg and go to its countdown: the campaign's crate or (practice) a full one."""
        vials = self.services.campaign.crate_for(index, mode)
        try:
            level, _ = self.load(LEGS[index].path)
            run = self._start(level, vials, wears_bandanna(index),
                              lambda s: LegContext(mode, index, s.world.vials_start))
        except (LevelError, OSError) as exc:
            self.error(str(exc))
            return False
        self.replace(CountdownScreen(self, self.services, run))
        return True

    def after_results(self, context: LegContext) -> None:
        c = self.services.campaign.progress.campaign
        if c.finished:
            self._show_ending()
        elif c.active:
            self.show_card(self.services.campaign.current_index() or 0)
        else:
            self.open_map(CAMPAIGN)

    def pause(self, run: RunView) -> None:
        self.push(PauseScreen(self, self.services, run, self.screen))

    def countdown(self, run: RunView) -> None:
        self.replace(CountdownScreen(self, self.services, run))

    def resume_run(self, run: RunView) -> None:
        self.replace(RunScreen(self, self.services, run))

    def results(self, run: RunView) -> None:
        self.replace(ResultsScreen(self, self.services, run))

    def quit_run(self, run: RunView) -> None:
        """To the route map in the leg's mode, the leg selected."""
        self.services.audio.ambience(0.0)
        ctx = run.session.context
        self.open_map(ctx.mode if ctx is not None else "practice", ctx.index if ctx is not None else None)

    # -- runs a bot drives: play --bot, the title's demo --------------------------------
    def bot_run_over(self, run: RunView) -> None:
        if self.demo_playing:
            self.end_demo()
            return
        self.seed = run.session.seed + 1  # the same leg, the next seed: another line to watch
        run.session.restart(self.seed)
        run.sync()
        self.countdown(run)

    def demo(self) -> None:
        """The autopilot drives a shipped leg (the next one each time, on its own seed) with
        the DEMO tag; nothing is recorded."""
        index = self.demos % len(LEGS)
        self.demos += 1
        saved = self.seed
        self.seed = 1925 + index
        try:
            level, _ = self.load(LEGS[index].path)
            run = self._start(level, bandanna=wears_bandanna(index), bot=DEMO_BOT)
        except (LevelError, OSError):
            return  # no demo; the title stays
        finally:
            self.seed = saved
        run.tag = DEMO_TAG
        self.replace(RunScreen(self, self.services, run))
        self.demo_playing = True

    def end_demo(self) -> None:
        """Back to the title from the demo."""
        self.demo_playing = False
        self.grace = DEMO_GRACE_TICKS
        self.title()
