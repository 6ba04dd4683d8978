"""What a run looks like: the world view and the HUD of one RunSession, shared by the screens
of that run (countdown, run, pause, results). They follow the session's World: a restart keeps
the view and starts a new HUD; a hot reload (a World of another Level) builds a new view."""
from __future__ import annotations

from collections.abc import Callable

import pygame

from game.render.bandanna import with_bandanna
from game.render.ghost_view import GhostView
from game.render.hud import Hud
from game.render.palette import PALETTE as P
from game.render.run_frame import draw_run
from game.render.tiles import TileRenderer
from game.render.world_view import WorldView
from game.screens.layout import H, W
from game.session.ghost import Ghost, find_ghost, ghost_wanted
from game.session.replay import replay_dir
from game.session.run import RunSession
from game.sim import events as E
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import TICK_HZ

REPLAY_TAG_Y = 26  # the REPLAY tag, under the HUD's top strip
GHOST_FADE_TICKS = 60  # the ghost fades out this long after its run ended
TilesFor = Callable[[Level], TileRenderer]


class RunView:
    """The view and HUD of `session`; `tiles_for` gives a level's (cached) tile renderer."""

    def __init__(self, session: RunSession, tiles_for: TilesFor, bandanna: bool) -> None:
        self.session = session
        self.services = session.services
        self.tiles_for = tiles_for
        assets = self.services.assets
        sprites = with_bandanna(assets.sprites) if bandanna else assets.sprites
        world = session.world
        self.view = WorldView(world.level, sprites, tiles_for(world.level), (W, H), seed=session.seed & 0xFFFF)
        self.hud = Hud(assets, world)
        self.view.reset(world)
        self.view.warm()
        self._world = world
        self.tag = ""  # who drives a watched run ("BOT: random", "DEMO - press any key")
        self.ghost_view = GhostView(self.view)
        self.ghost: Ghost | None = None
        self.ghost = self.find_ghost()

    def find_ghost(self) -> Ghost | None:
        """The ghost to race on this run (game.session.ghost): the best run of the leg, when
        the player's settings want one in this mode; never in a replay or a bot's run. The
        ghost already raced is kept (with its checkpoint times) while it is still the best."""
        s = self.session
        if s.replay is not None or s.driver is not None:
            return None
        if not ghost_wanted(self.services.settings, s.context.mode if s.context is not None else None):
            return None
        recorder = self.services.recorder
        replay = find_ghost(s.world.level, recorder.folder() if recorder is not None else replay_dir())
        if replay is None:
            return None
        old = self.ghost
        if old is not None and old.level is s.world.level and old.replay.controls == replay.controls \
                and old.replay.seed == replay.seed and old.replay.assist == replay.assist:
            old.restart()
            return old
        return Ghost(replay, s.world.level, s.world.nav)

    def sync(self) -> None:
        """Follow the session to a new World (a restart, or a reload of its level)."""
        world = self.session.world
        if world is self._world:
            return
        if self.view.level is not world.level:
            self.view = WorldView(world.level, self.view.sprites, self.tiles_for(world.level), (W, H),
                                  seed=self.session.seed & 0xFFFF)
            self.ghost_view = GhostView(self.view)
        self.ghost = self.find_ghost()  # a new best since the last start is raced at once
        self.view.reset(world)
        self.hud = Hud(self.services.assets, world)
        self._world = world

    def update_tick(self, events: list[Event]) -> None:
        """After a tick of the World: particles, camera and HUD messages from its events."""
        self.sync()
        w = self.session.world
        self.view.update_tick(w, events)
        self.hud.on_events(w, events)
        ghost = self.ghost
        if ghost is not None:
            ghost.follow(w.tick)
            ghost.scout()
            for ev in events:
                if isinstance(ev, E.Checkpoint) and w.checkpoints_reached:
                    split = ghost.split_at(w.checkpoints_reached[-1], w.tick)
                    if split is not None:
                        self.hud.show_split(split, ev.name)
        self.hud.update_tick()

    def idle_tick(self) -> None:
        """A tick with the World standing still (countdown, the end of a run)."""
        self.sync()
        self.view.idle_tick()
        if self.ghost is not None:
            self.ghost.scout()  # the ghost's checkpoint times, found during the countdown
        self.hud.update_tick()

    def draw(self, surface: pygame.Surface, alpha: float, hud: bool = True) -> None:
        """The world view plus the HUD (in the player's reduced-motion / high-contrast style)."""
        self.sync()
        settings = self.services.settings
        world = self.session.world
        ghost = self.ghost
        fade = 1.0
        if ghost is not None and ghost.finished:
            fade = 1.0 - (world.tick - ghost.world.tick) / GHOST_FADE_TICKS
        draw_run(surface, self.view, self.hud, world, alpha, self.services.assets.text,
                 reduced_motion=settings.reduced_motion, high_contrast=settings.high_contrast,
                 prompts=self.services.prompts, with_hud=hud, under_team=None if ghost is None else (
                     lambda surf, cam: self.ghost_view.draw(surf, cam, ghost.world, alpha, fade, world)))
        if self.session.replay is not None:
            self._draw_replay_tag(surface)
        elif self.tag:
            self._draw_tag(surface)

    def _draw_tag(self, surface: pygame.Surface) -> None:
        """Who drives a watched run, top left under the HUD's strip (the wind gauge has the
        right): the player is not steering."""
        text = self.services.assets.text
        tw = text.size(self.tag)[0]
        box = pygame.Rect(6, REPLAY_TAG_Y, tw + 14, 16)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 200))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["gold"], box, 1)
        text.draw(surface, self.tag, (box.left + 7, box.top + 4), P["snow_white"])

    def _draw_replay_tag(self, surface: pygame.Surface) -> None:
        """REPLAY, the recorded run's time and a progress bar, under the HUD's top strip."""
        replay = self.session.replay
        assert replay is not None
        text = self.services.assets.text
        total = max(replay.ticks, 1)
        world = self.session.world
        t = min(world.tick, total)
        words = f"REPLAY  {t / TICK_HZ:5.1f} / {total / TICK_HZ:.1f} s"
        tw = text.size(words)[0]
        box = pygame.Rect(0, 0, tw + 26, 20)
        box.topright = (W - 6, REPLAY_TAG_Y)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 200))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["danger"], box, 1)
        if (self.view.ticks // 30) % 2 == 0 or world.done:
            pygame.draw.circle(surface, P["danger"], (box.left + 9, box.top + 8), 3)
        text.draw(surface, words, (box.left + 16, box.top + 4), P["snow_white"])
        bar = pygame.Rect(box.left + 3, box.bottom - 4, box.width - 6, 2)
        surface.fill(P["hud_dim"], bar)
        surface.fill(P["danger"], (bar.left, bar.top, max(1, bar.width * t // total), 2))
