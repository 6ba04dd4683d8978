"""The countdown and the run: the World stepped once per tick with the player's Controls."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game import input as I
from game.audio import MUSIC_TRACKS, track_for_leg
from game.palette import PALETTE as P
from game.render.hud import Hud
from game.render.tiles import TileRenderer
from game.render.world_view import WorldView
from game.screens.base import H, W, Screen
from game.sim import create_world, step
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import TICK_HZ, World

if TYPE_CHECKING:
    from game.screens.flow import Flow

COUNT_TICKS = 48       # each of 3, 2, 1 (0.8 s)
MUSH_TICKS = 50        # "MUSH!" stays this long into the run
RESULTS_DELAY = 100    # ticks between the end of a run and the results


class RunSession:
    """One leg being played: the World, its view and HUD; `restart` starts it over."""

    def __init__(self, flow: "Flow", level: Level, tiles: TileRenderer, seed: int) -> None:
        self.flow = flow
        self.level = level
        self.tiles = tiles
        self.seed = seed
        self.world: World = create_world(level, seed)
        self.view = WorldView(level, flow.assets.sprites, tiles, (W, H), seed=seed & 0xFFFF)
        self.hud = Hud(flow.assets, self.world)
        self.view.reset(self.world)
        self.view.warm()
        self.last_events: list[Event] = []
        flow.audio.music(music_for(level))

    def restart(self) -> None:
        """The same leg and seed from the start."""
        self.world = create_world(self.level, self.seed, nav=self.world.nav)
        self.view.reset(self.world)
        self.hud = Hud(self.flow.assets, self.world)
        self.last_events = []

    def step(self) -> list[Event]:
        """One tick of the World with the player's (or the driver's) Controls."""
        w = self.world
        controls = self.flow.driver(w) if self.flow.driver else self.flow.controls
        step(w, controls)
        events = list(w.events)
        self.view.update_tick(w, events)
        self.hud.on_events(w, events)
        self.hud.update_tick()
        self.last_events = events
        audio = self.flow.audio
        audio.play_events(events)
        audio.ambience(w.weather.intensity)
        return events

    def draw(self, surface: pygame.Surface, alpha: float, hud: bool = True) -> None:
        """The world view plus the HUD."""
        self.view.draw(surface, self.world, alpha)
        if hud:
            self.hud.draw(surface, self.world, alpha, self.view.cam(alpha))


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
        hint = f"{I.HINTS['steer']}    {I.HINTS['mush']}    {I.HINTS['brake']}"
        if len(self.session.world.markers.x):
            hint += f"    {I.HINTS['senses']}"
        text.draw(surface, f"{hint}    ESC pause", (W // 2, H - 23), P["snow_light"], align="center")


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
            if self.done_ticks >= RESULTS_DELAY:
                from game.screens.results import ResultsScreen

                self.flow.goto(ResultsScreen(self.flow, s))
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

    @property
    def seconds(self) -> float:
        return self.session.world.tick / TICK_HZ
