"""The game window: with game.app.present, the only code that touches the display, the event
queue and the clock.

`run_app` loads the player's settings (and through the campaign, progress and high scores;
a damaged file becomes a notice on the title, never a crash), opens the window on a 640x360 logical
screen (game.app.present: SDL scales it on a fast renderer, else we do; the window scale,
fullscreen and vsync come from the settings), turns
events into actions through the remappable bindings and the hot-plugged gamepads
(`game.input.actions.InputRouter`), runs fixed ticks of the current screen (`FixedStepClock`, slowed
by the assist game speed in a run) and draws each frame with the render alpha.

Every run played is recorded (`game.session.replay.Recorder`: the last 50 and each leg's best, in
the user data folder; a run given up is saved when left). `run_app(replay=...)` plays a
recorded run back instead (`balto replay FILE`); `run_app(level, watch=True)` reloads the
leg when its files change (`balto play LEVEL --watch`, game/session/watch.py). See `start_play`.

Anywhere: F11 fullscreen, F12 a screenshot (PNG, in the user's pictures folder under
`Balto/`, or `$BALTO_HOME/pictures/Balto/`), F3 the debug overlay (bindable).

Environment (for automated runs): BALTO_MAX_FRAMES=n quits after n frames;
BALTO_AUTOPILOT=1 lets the autopilot drive every run instead of the keyboard, as
`play --bot autopilot` does (watched, never recorded as the player's); BALTO_MUTE=1 plays
no sound (`game.audio.mixer.Audio` is silent anyway when there is no sound device).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import platformdirs
import pygame

from game.app.debug_overlay import DebugOverlay
from game.app.flow import Flow
from game.app.loop import FixedStepClock
from game.app.present import LOGICAL, Presenter, open_display
from game.audio.mixer import Audio
from game.input import actions as I
from game.input.router import InputRouter
from game.render import Assets
from game.render.notices import NoticeBanner
from game.saves import storage
from game.saves.settings import Settings, load_settings
from game.session.replay import Recorder, Replay
from game.session.services import Services
from game.session.watch import LevelWatcher

TITLE = "Balto: The Serum Run"
WINDOW = (1280, 720)
FPS_CAP = 120
ANY_INPUT = (pygame.KEYDOWN, pygame.JOYBUTTONDOWN, pygame.CONTROLLERBUTTONDOWN, pygame.MOUSEBUTTONDOWN)


# ---------------------------------------------------------------------------- the window

def _open_window(vsync: bool = True, scale: int = 2) -> Presenter:
    """The game's window (game.app.present): SCALED on an accelerated renderer, else a plain
    window of the window-scale size that we upscale into."""
    presenter = open_display((LOGICAL[0] * scale, LOGICAL[1] * scale), vsync)
    pygame.display.set_caption(TITLE)
    return presenter


class Display:
    """Keeps the window as the settings say: fullscreen and the window scale (vsync is
    chosen when the window opens, so a change applies at the next start)."""

    def __init__(self, presenter: Presenter | None = None) -> None:
        self.presenter = presenter if presenter is not None else Presenter(pygame.display.get_surface()
                                                                           or pygame.Surface(LOGICAL))
        self.fullscreen = False
        self.scale = 0

    def apply(self, settings: Settings) -> None:
        """Bring the window in line with `settings` (cheap when nothing changed)."""
        if bool(settings.fullscreen) != self.fullscreen:
            try:
                self.presenter.set_fullscreen(bool(settings.fullscreen))
            except pygame.error:
                pass  # do not retry every frame
            self.fullscreen = bool(settings.fullscreen)
            self.scale = 0  # re-size the window when it comes back
        if not self.fullscreen and settings.window_scale != self.scale:
            self.scale = settings.window_scale
            size = (LOGICAL[0] * self.scale, LOGICAL[1] * self.scale)
            try:
                desk = pygame.display.get_desktop_sizes()
                if desk:  # never larger than the desktop (keep room for the title bar)
                    while self.scale > 1 and (size[0] > desk[0][0] or size[1] + 60 > desk[0][1]):
                        size = (size[0] - LOGICAL[0], size[1] - LOGICAL[1])
                        if size[0] <= LOGICAL[0]:
                            break
                self.presenter.set_window_size(size)
            except (AttributeError, pygame.error):
                pass  # older pygame: SCALED picks an integer scale by itself


# ---------------------------------------------------------------------------- screenshots

def screenshot_dir() -> Path:
    """Where F12 saves: `$BALTO_HOME/pictures/Balto` when BALTO_HOME is set, else the user's
    pictures folder (platformdirs) / Balto."""
    home = os.environ.get(storage.HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser() / "pictures" / "Balto"
    return Path(platformdirs.user_pictures_dir()) / "Balto"


def save_screenshot(surface: pygame.Surface, folder: Path | None = None) -> Path:
    """Save `surface` as a PNG named by the time; returns the path. Raises OSError/pygame.error."""
    folder = folder if folder is not None else screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"balto-{stamp}.png"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"balto-{stamp}-{n}.png"
    pygame.image.save(surface, str(path))
    return path


# ---------------------------------------------------------------------------- the app

class NoDisplayError(RuntimeError):
    """There is no screen to open the window on (SDL fell back to its offscreen driver)."""


HEADLESS_DRIVERS = ("offscreen", "dummy")


def _check_display() -> None:
    """Refuse to run the game invisibly: without a display SDL picks its offscreen driver and the
    game would run forever with nobody to see it. Asking for it (SDL_VIDEODRIVER, as tests and
    CI do) is fine."""
    if not os.environ.get("SDL_VIDEODRIVER") and pygame.display.get_driver() in HEADLESS_DRIVERS:
        raise NoDisplayError("balto: there is no display to open the game window on; start it from "
                             "a desktop session (or use `balto simulate` to run a leg headless)")


def _seed(seed: int | None) -> int:
    return int(seed) if seed is not None else time.time_ns() % 1_000_000_007


class App:
    """What the loop holds besides the Flow: input, display, overlays, the clock."""

    def __init__(self, flow: Flow, screen: pygame.Surface, display: Display | None = None) -> None:
        self.flow = flow
        self.services = flow.services
        self.screen = screen  # the 640x360 frame every screen draws on
        self.display = display
        self.presenter = display.presenter if display is not None else Presenter(screen)
        self.input = InputRouter(self.services.settings.bindings, self.services.prompts)
        self.services.input = self.input  # the settings screen shows the pads and retargets bindings
        self.banner = NoticeBanner()
        self.debug = DebugOverlay()
        self.clock = FixedStepClock()
        self.screenshot_wanted = False

    def tell(self, notices: list[str]) -> None:
        """One-time notices (a save moved aside or repaired, a save that failed): the title
        shows them as a toast, one after another."""
        queue = self.services.notices
        queue.extend(n for n in notices if n not in queue)

    # -- global actions ------------------------------------------------------------------
    def global_action(self, action: str) -> None:
        if action == I.FULLSCREEN:
            s = self.services.settings
            self.services.apply_settings(s.replace(fullscreen=not s.fullscreen))
        elif action == I.SCREENSHOT:
            self.screenshot_wanted = True  # taken after the next frame is drawn
        elif action == I.DEBUG:
            self.debug.toggle()

    def screenshot(self) -> Path | None:
        try:
            path = save_screenshot(self.screen)
        except (OSError, pygame.error) as exc:
            self.banner.push(f"The screenshot could not be saved ({exc})", urgent=True)
            return None
        self.banner.push(f"Screenshot saved: {path}", urgent=True)
        return path

    def speed_for_screen(self) -> int:
        """The clock's speed: the assist game speed in a run (its ticks take longer in wall
        time; the tick itself never changes); menus always run at 100 %."""
        name = self.flow.screen.name
        return self.services.settings.game_speed if name in I.GAMEPLAY_SCREENS else 100

    # -- one event -----------------------------------------------------------------------
    def event(self, event: pygame.event.Event) -> None:
        event = self.presenter.event(event)  # mouse positions in logical coordinates
        flow = self.flow
        name = flow.screen.name
        self.input.bindings = self.services.settings.bindings  # the player's, as they are now
        if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED):
            if name in I.GAMEPLAY_SCREENS:  # losing the window's focus pauses a run
                flow.handle(I.BACK)
            return
        if event.type in ANY_INPUT and not (flow.demo_playing and self._only_global(event, name)) \
                and flow.any_input():
            return  # the demo ended: this key or button brought the title back
        if event.type != pygame.QUIT:
            # A screen that reads raw input (a remap capture, typing a name) sees it first;
            # the global keys still work unless it used the event up.
            if flow.screen.handle_event(event):
                if event.type == pygame.KEYDOWN and self.input.prompts is not None:
                    self.input.prompts.use("keyboard")
                return
        self.input.bindings = self.services.settings.bindings  # (a remap screen may have changed them)
        for action in self.input.translate(event, name):
            if action in I.GLOBAL_ACTIONS:
                self.global_action(action)
            else:
                flow.handle(action)
        for line in self.input.device_log:
            self.banner.push(line, urgent=True)
        self.input.device_log.clear()

    def _only_global(self, event: pygame.event.Event, name: str) -> bool:
        """True for a key that means only window-wide actions (fullscreen, screenshot, the
        debug overlay): they work during the title's demo without ending it."""
        if event.type != pygame.KEYDOWN:
            return False
        actions = self.input.translate(event, name)
        return bool(actions) and all(a in I.GLOBAL_ACTIONS for a in actions)

    # -- the loop ------------------------------------------------------------------------
    def run(self, max_frames: int = 0) -> None:
        """The fixed-timestep loop: events -> actions, ticks, one frame with alpha."""
        flow, clock, screen = self.flow, self.clock, self.screen
        frame_clock = pygame.time.Clock()
        last = time.perf_counter_ns()
        frames = 0
        while flow.running:
            for event in pygame.event.get():
                self.event(event)
            if not flow.running:
                break
            if self.display is not None:
                self.display.apply(self.services.settings)
            store = self.services.store
            if store.pending_notices:
                self.tell(store.take_notices())
            if flow.stalled:  # a leg was just loaded: do not fast-forward its countdown
                flow.stalled = False
                clock.reset()
                last = time.perf_counter_ns()
            self.services.controls = self.input.controls(pygame.key.get_pressed())
            clock.speed_percent = self.speed_for_screen()
            now = time.perf_counter_ns()
            frame_ns = now - last
            ticks = clock.advance(frame_ns)
            last = now
            for _ in range(ticks):
                flow.tick()
            t1 = time.perf_counter_ns()
            flow.draw(screen, clock.alpha)
            t2 = time.perf_counter_ns()
            if self.screenshot_wanted:  # the frame as drawn after every event so far, no overlays
                self.screenshot_wanted = False
                self.screenshot()
            self.banner.update(flow.screen.name)
            self.banner.draw(screen, self.services.assets.text, flow.screen.name)
            if self.debug.visible:
                self.debug.frame(frame_ns, t2 - t1, ticks, t1 - now)
                self.debug.draw(screen, flow, self.services.assets.text, t2, clock)
            self.presenter.present()
            frame_clock.tick(FPS_CAP)
            frames += 1
            if max_frames and frames >= max_frames:
                break


def start_play(flow: Flow, level: str | os.PathLike[str] | None = None, replay: Replay | None = None,
               watch: bool = False, start_at: str = "") -> None:
    """What the window opens on (tests call it with a headless Flow): `replay` plays a
    recorded run back (its seed, its rules, its ReplayBot driving, nothing recorded);
    `level` starts straight into that leg and `watch` reloads it when its files change
    (game/session/watch.py), from the checkpoint `start_at` when given; else the title."""
    if replay is not None:
        flow.play_replay(replay)
    elif level is not None:
        if watch:
            flow.watcher = LevelWatcher(level)
        flow.start_at = start_at
        flow.play(Path(level))


def run_app(level: str | None = None, seed: int | None = None, replay: Replay | None = None,
            watch: bool = False, bot: str = "", start_at: str = "") -> int:
    """Run the game until the player quits; returns the exit code (0). `replay` plays a
    recorded run back; `watch` reloads `level` when it changes; `bot` drives every run by
    that bot (game.sim.bots) for watching, nothing recorded; `start_at` names the checkpoint
    the runs of `level` start at (nothing recorded either)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame.display.init()
    try:
        _check_display()
        store = storage.default_store()
        settings = load_settings(store)  # never raises: a bad file becomes a notice
        presenter = _open_window(settings.vsync, settings.window_scale)
        if os.environ.get("BALTO_AUTOPILOT") and not bot:
            bot = "autopilot"  # a bot's runs are watched, never recorded as the player's
        audio = Audio(enabled=not os.environ.get("BALTO_MUTE"))  # silent without a sound device
        services = Services.create(Assets(), store=store, audio=audio, settings=settings,
                                   recorder=Recorder())
        services.apply_settings(settings, save=False)
        services.campaign.load()  # now, so a damaged file is told on the title
        flow = Flow(services, seed=_seed(seed), bot=bot)
        display = Display(presenter)
        display.apply(settings)
        app = App(flow, presenter.screen, display)
        app.input.init_gamepads()
        app.tell(store.take_notices())
        start_play(flow, level, replay=replay, watch=watch, start_at=start_at)
        max_frames = int(os.environ.get("BALTO_MAX_FRAMES", "0") or 0)
        try:
            app.run(max_frames)
        finally:
            flow.end_run()  # a run still being played is saved as an abandoned replay
    finally:
        try:
            pygame.mixer.quit()
        except pygame.error:
            pass
        pygame.quit()
    return 0
