"""The countdown and the run: the World stepped once per tick with the player's Controls."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.input import actions as I
from game.audio.mixer import MUSIC_TRACKS, track_for_leg
from game.render.palette import PALETTE as P
from game.render.hud import Hud
from game.render.tiles import TileRenderer
from game.render.world_view import WorldView
from game.screens.base import H, W, Screen
from game.sim import create_world, step
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import TICK_HZ, World

if TYPE_CHECKING:
    from game.app.flow import Flow

COUNT_TICKS = 48       # each of 3, 2, 1 (0.8 s)
MUSH_TICKS = 50        # "MUSH!" stays this long into the run
RESULTS_DELAY = 100    # ticks between the end of a run and the results
REPLAY_END_TICKS = 180  # a replay's end stays this long, then the title
REPLAY_TAG_Y = 26       # the REPLAY tag, under the HUD's top strip


class RunSession:
    """One leg being played: the World, its view and HUD; `restart` starts it over."""

    def __init__(self, flow: "Flow", level: Level, tiles: TileRenderer, seed: int,
                 vials: int | None = None, bandanna: bool | None = None) -> None:
        from game.screens.campaign import BandannaSprites, leg_of_path, wears_bandanna

        self.flow = flow
        self.level = level
        self.tiles = tiles
        self.seed = seed
        self.replay = getattr(flow, "replay", None)  # a Replay playing back: its rules and crate
        if vials is None and self.replay is not None:
            vials = replay_crate(self.replay, level)
        self.vials = vials  # the campaign's carried crate (None: the map's full crate)
        self.context = None  # a campaign.LegContext when the leg was started from the route map
        self.slowed = False  # the game speed was below 100 % at some tick (assist)
        self.world: World = create_world(level, seed, vials=vials, assist=self._assist())
        if bandanna is None:  # Jenna's bandanna from its leg on, however the leg was opened
            bandanna = wears_bandanna(leg_of_path(level.path))
        sprites = BandannaSprites(flow.assets.sprites) if bandanna else flow.assets.sprites
        self.view = WorldView(level, sprites, tiles, (W, H), seed=seed & 0xFFFF)
        self.hud = Hud(flow.assets, self.world)
        self.view.reset(self.world)
        self.view.warm()
        self.last_events: list[Event] = []
        self._recording = False
        self._begin_recording()
        flow.audio.music(music_for(level))

    def restart(self) -> None:
        """The same leg and seed from the start."""
        self._finish_recording()  # a run given up: saved as abandoned (game.session.replay.Recorder)
        same = self.world.level is self.level  # else the leg was reloaded (play --watch)
        self.world = create_world(self.level, self.seed, nav=self.world.nav if same else None,
                                  vials=self.vials, assist=self._assist())
        self.slowed = False
        if self.view.level is not self.level:
            self.view = WorldView(self.level, self.view.sprites, self.tiles, (W, H), seed=self.seed & 0xFFFF)
        self.view.reset(self.world)
        self.hud = Hud(self.flow.assets, self.world)
        self.last_events = []
        self._begin_recording()

    def _assist(self):
        """The assist rules of the player's settings (game.saves.settings), fixed for one run;
        a replay plays back with the rules it was recorded with."""
        if self.replay is not None:
            return self.replay.assist
        settings = getattr(self.flow, "settings", None)
        return settings.assist_rules() if settings is not None else None

    @property
    def assisted(self) -> bool:
        """True when this run had any assist: its rules, or a game speed below 100 %."""
        return bool(self.world.assist.any or self.slowed)

    def result(self, bot: str = "player"):
        """The run's RunResult with `assisted` set for any assist (the sim's own result only
        knows the rules, not the game speed)."""
        from dataclasses import replace

        from game.sim import digest
        from game.sim.scoring import result

        r = result(self.world, self.level.path, bot, digest(self.world))
        return replace(r, assisted=True) if self.assisted and not r.assisted else r

    def step(self) -> list[Event]:
        """One tick of the World with the player's (or the driver's) Controls."""
        w = self.world
        settings = getattr(self.flow, "settings", None)
        if settings is not None and settings.game_speed < 100:
            self.slowed = True
        controls = self.flow.driver(w) if self.flow.driver else self.flow.controls
        if self._recording:
            self.flow.recorder.record(controls)
        step(w, controls)
        if w.done and self._recording:
            self._finish_recording()
        events = list(w.events)
        self.view.update_tick(w, events)
        self.hud.on_events(w, events)
        self.hud.update_tick()
        self.last_events = events
        audio = self.flow.audio
        audio.play_events(events)
        audio.ambience(w.weather.intensity)
        return events

    # -- replays (game/session/replay.py) and hot reload (game/session/watch.py) ----------------------
    def _begin_recording(self) -> None:
        """This run is the one being played now: the flow's Recorder starts on it (never
        while a replay plays back)."""
        prev = getattr(self.flow, "run_session", None)
        if prev is not None and prev is not self:
            prev.leave()
        self.flow.run_session = self
        rec = getattr(self.flow, "recorder", None)
        self._recording = rec is not None and self.replay is None
        if self._recording:
            rec.start(self.level, self.seed, self.world.assist)

    def _finish_recording(self) -> None:
        """Save the run's replay (finished, lost, or given up part way)."""
        if self._recording:
            self._recording = False
            rec = self.flow.recorder
            if rec.recording:
                rec.finish(self.result())

    def leave(self) -> None:
        """The player left this run (quit to the map or title, closed the window): an
        unfinished run is saved as abandoned and a replay playing back ends."""
        self._finish_recording()
        flow = self.flow
        if getattr(flow, "run_session", None) is self:
            flow.run_session = None
        if self.replay is not None and getattr(flow, "replay", None) is self.replay:
            from game.session.replay import ReplayBot

            flow.replay = None
            if isinstance(flow.driver, ReplayBot):
                flow.driver = None

    def replay_over(self) -> bool:
        """True when a replay playing back ran out of controls before its run ended."""
        return self.replay is not None and not self.world.done and self.world.tick >= self.replay.ticks

    def reload(self, level: Level) -> bool:
        """The leg's file changed (play --watch): carry the run on in the new level, keeping
        the team's place when it is still open ground. Returns True when it kept its place."""
        from game.session.watch import reload_world

        tiles = TileRenderer(level)
        tiles.warm()
        self.level, self.tiles = level, tiles
        if self._recording:  # a run across two versions of a level cannot be replayed
            self._recording = False
            self.flow.recorder.cancel()
        if self.world.done:  # the results are up: Retry starts the new level
            return False
        self.world, kept = reload_world(self.world, level, assist=self.world.assist)
        self.view = WorldView(level, self.view.sprites, tiles, (W, H), seed=self.seed & 0xFFFF)
        self.view.reset(self.world)
        self.hud = Hud(self.flow.assets, self.world)
        self.last_events = []
        return kept

    def draw(self, surface: pygame.Surface, alpha: float, hud: bool = True) -> None:
        """The world view plus the HUD (in the player's reduced-motion / high-contrast style)."""
        settings = getattr(self.flow, "settings", None)
        if settings is not None:
            self.view.reduced_motion = settings.reduced_motion
            self.hud.style(settings.reduced_motion, settings.high_contrast, getattr(self.flow, "prompts", None))
        self.view.draw(surface, self.world, alpha)
        if hud:
            self.hud.draw(surface, self.world, alpha, self.view.cam(alpha))
        if self.replay is not None:
            self._draw_replay_tag(surface)

    def _draw_replay_tag(self, surface: pygame.Surface) -> None:
        """REPLAY, the recorded run's time and a progress bar, under the HUD's top strip."""
        text = self.flow.assets.text
        total = max(self.replay.ticks, 1)
        t = min(self.world.tick, total)
        words = f"REPLAY  {t / TICK_HZ:5.1f} / {total / TICK_HZ:.1f} s"
        tw = text.size(words)[0]
        box = pygame.Rect(0, 0, tw + 26, 20)
        box.topright = (W - 6, REPLAY_TAG_Y)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 200))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["danger"], box, 1)
        if (self.view.ticks // 30) % 2 == 0 or self.world.done:
            pygame.draw.circle(surface, P["danger"], (box.left + 9, box.top + 8), 3)
        text.draw(surface, words, (box.left + 16, box.top + 4), P["snow_white"])
        bar = pygame.Rect(box.left + 3, box.bottom - 4, box.width - 6, 2)
        surface.fill(P["hud_dim"], bar)
        surface.fill(P["danger"], (bar.left, bar.top, max(1, bar.width * t // total), 2))


def replay_crate(replay, level: Level) -> int | None:
    """The crate a replayed run began with when it was not the map's (a campaign leg)."""
    n = replay.result.get("vials_start") if isinstance(replay.result, dict) else None
    return int(n) if isinstance(n, int) and not isinstance(n, bool) and n != level.vials else None


def music_for(level: Level) -> str:
    """The level's act music: map property `act` (1-3), else by its `leg` number."""
    act = level.properties.get("act")
    if isinstance(act, (int, float)) and 1 <= int(act) <= len(MUSIC_TRACKS):
        return MUSIC_TRACKS[int(act) - 1]
    return track_for_leg(level.properties.get("leg"))


_BAND: dict[int, pygame.Surface] = {}


def band(surface: pygame.Surface, y: int, h: int, alpha: int = 150) -> None:
    """A dark translucent strip across the screen (behind big words and hints)."""
    s = _BAND.get(h * 1000 + alpha)
    if s is None:
        s = _BAND[h * 1000 + alpha] = pygame.Surface((W, h), pygame.SRCALPHA)
        s.fill((*P["hud_bg"], alpha))
        s.fill((*P["ink"], alpha), (0, 0, W, 1))
        s.fill((*P["ink"], alpha), (0, h - 1, W, 1))
    surface.blit(s, (0, y))


def big_word(surface: pygame.Surface, flow: "Flow", word: str, age: float, colour: tuple[int, int, int]) -> None:
    """A big centred word on a dark band; it pops in (the scale settles from large)."""
    text = flow.assets.text
    scale = 7 if age > 6 else 9 - int(age // 3)
    while scale > 2 and text.size(word, scale)[0] > W - 40:
        scale -= 1
    th = text.size(word, 7 if scale > 7 else scale)[1]
    cy = 104  # upper third: the camera keeps the team in the middle
    y = cy - text.size(word, scale)[1] // 2
    band(surface, cy - th // 2 - 8, th + 16, 140)
    text.draw(surface, word, (W // 2, y), colour, scale, align="center", outline=True)


class CountdownScreen(Screen):
    """The run frozen while 3-2-1 counts down; then MUSH! and the run."""

    name = "countdown"

    def __init__(self, flow: "Flow", session: RunSession) -> None:
        super().__init__(flow)
        self.session = session

    def handle(self, action: str) -> None:
        if action == I.BACK:
            from game.screens.pause import PauseScreen

            self.flow.goto(PauseScreen(self.flow, self.session, self))
        elif action == I.RESTART:
            self.ticks = 0

    def update_tick(self) -> None:
        super().update_tick()
        self.session.view.idle_tick()
        self.session.hud.update_tick()
        if self.ticks >= 3 * COUNT_TICKS:
            self.flow.goto(RunScreen(self.flow, self.session))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        self.session.draw(surface, 0.0)
        n = 3 - min(self.ticks // COUNT_TICKS, 2)
        age = self.ticks % COUNT_TICKS + alpha
        big_word(surface, self.flow, str(n), age, P["snow_white"])
        text = self.flow.assets.text
        band(surface, H - 30, 22, 170)
        pr = getattr(self.flow, "prompts", None)
        if pr is None:
            hint = f"{I.HINTS['steer']}    {I.HINTS['mush']}    {I.HINTS['brake']}"
            if len(self.session.world.markers.x):
                hint += f"    {I.HINTS['senses']}"
            hint += "    ESC pause"
        else:
            items = [("steer", "steer"), ("mush", "mush"), ("brake", "brake")]
            if len(self.session.world.markers.x):
                items.append(("senses", "senses"))
            hint = pr.hint(*items, ("pause", "pause"), sep="    ")
        text.draw(surface, hint, (W // 2, H - 23), P["snow_light"], align="center")


class RunScreen(Screen):
    """The leg being played. Esc pauses, R restarts; the end of the run leads to results."""

    name = "run"

    def __init__(self, flow: "Flow", session: RunSession) -> None:
        super().__init__(flow)
        self.session = session
        self.done_ticks = 0

    def handle(self, action: str) -> None:
        if action == I.BACK:
            from game.screens.pause import PauseScreen

            self.flow.goto(PauseScreen(self.flow, self.session, self))
        elif action == I.RESTART:
            self.restart()

    def restart(self) -> None:
        self.session.restart()
        self.ticks = 0
        self.done_ticks = 0

    def update_tick(self) -> None:
        super().update_tick()
        s = self.session
        if s.world.done:
            self.done_ticks += 1
            s.view.idle_tick()
            s.hud.update_tick()
            if s.replay is not None:  # a replay playing back: nothing is recorded, then the title
                if self.done_ticks >= REPLAY_END_TICKS:
                    self.flow.title()
                return
            if self.done_ticks >= RESULTS_DELAY:
                from game.screens.results import ResultsScreen

                self.flow.goto(ResultsScreen(self.flow, s))
            return
        if s.replay_over():  # the recording stops before its run ended (it was given up)
            self.done_ticks += 1
            s.view.idle_tick()
            s.hud.update_tick()
            if self.done_ticks >= REPLAY_END_TICKS:
                self.flow.title()
            return
        s.step()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        s = self.session
        s.draw(surface, 0.0 if s.world.done else alpha)
        if self.ticks < MUSH_TICKS:
            if self.ticks < MUSH_TICKS - 12 or (self.ticks // 3) % 2:
                big_word(surface, self.flow, "MUSH!", self.ticks + alpha, P["gold"])
        if s.world.done and self.done_ticks > 20:
            word = f"{s.hud.dest.upper()}!" if s.world.outcome == "finished" else "THE CRATE IS EMPTY"
            big_word(surface, self.flow, word, 20.0, P["gold"] if s.world.outcome == "finished" else P["danger"])
        if s.replay_over() and self.done_ticks > 20:
            big_word(surface, self.flow, "END OF REPLAY", 20.0, P["snow_white"])

    @property
    def seconds(self) -> float:
        return self.session.world.tick / TICK_HZ
