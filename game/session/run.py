"""One leg being played, from its first tick to its result: the run's lifecycle.

A `RunSession` steps the World with the player's (or a driver's) Controls, records the replay,
plays the sound cues of each tick's events, carries the run over a hot reload of its level,
and when the run ends records the result into progress and high scores and saves them. A run
a named bot drives (`play --bot`, the title's demo) is only watched: the player's controls are
ignored and nothing is recorded, neither a replay nor a score. Neither is a run of a level outside
the shipped campaign (a designer's map, a copy of a leg elsewhere) nor one started at a
checkpoint (`play --from`): those never enter high scores, stars or the replays list. It
knows no drawing and needs no window: the screens show it (game.screens.run_view), the app's
flow starts and leaves it.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from game.audio.mixer import MUSIC_TRACKS, track_for_leg
from game.saves.scores import Placement
from game.session.campaign import LegContext, Outcome, is_campaign_leg
from game.session.ghost import keep_ghost
from game.session.replay import Replay
from game.session.services import Services
from game.sim import Assist, create_world, digest, step
from game.sim.bots import make_bot
from game.sim.controls import Controls
from game.sim.core import Respawn, line_behind
from game.sim.events import Event
from game.sim.leveldata import Level, LevelError, MapObject
from game.sim.navigation import NavField
from game.sim.reload import reload_world
from game.sim.scoring import RunResult, result
from game.sim.world import World

Driver = Callable[[World], Controls]


class RunSession:
    """One leg being played; `restart` starts it over, `leave` ends it."""

    def __init__(self, level: Level, seed: int, services: Services, *, vials: int | None = None,
                 replay: Replay | None = None, driver: Driver | None = None, bot: str = "",
                 start_at: str = "") -> None:
        self.level = level
        self.start_at = start_at  # a checkpoint's name or id (play --from): runs start there
        self.seed = seed
        self.services = services
        self.replay = replay  # a Replay playing back: its rules and crate; nothing is recorded
        self.bot = bot  # a bot by name (game.sim.bots) drives a watched run: nothing is recorded
        # A bot (or the replay's) instead of the player's controls; a named bot is made afresh
        # for each start, on the run's seed, so a restart drives the same way again.
        self.driver = make_bot(bot, seed) if bot else driver
        if vials is None and replay is not None:
            vials = replay_crate(replay, level)
        self.vials = vials  # the campaign's carried crate (None: the map's full crate)
        self.context: LegContext | None = None  # set when the leg was started from the route map
        self.slowed = False  # the game speed was below 100 % at some tick (assist)
        self.world: World = self._new_world()
        # The level's own flow field as a run starts, and the level it is of: a bear breaking
        # thin ice gives the world a repaired field, which a restart (the ice whole) must not use.
        self._start_nav: tuple[Level, NavField] = (level, self.world.nav)
        self.last_events: list[Event] = []
        self.final: RunResult | None = None  # the result, once the run ended
        self.outcome: Outcome | None = None  # what recording it changed (None for a replay)
        self._recording = False
        self.saved_replay: Path | None = None  # the file the last run was saved to
        self._begin_recording()
        services.audio.music(music_for(level))

    def restart(self, seed: int | None = None) -> None:
        """The same leg from the start, on the same seed (or on `seed`)."""
        self._finish_recording()  # a run given up: saved as abandoned (game.session.replay.Recorder)
        if seed is not None:
            self.seed = int(seed)
        if self.bot:
            self.driver = make_bot(self.bot, self.seed)
        of, nav = self._start_nav  # another level: the leg was reloaded (play --watch)
        self.world = self._new_world(nav if of is self.level else None)
        self._start_nav = (self.level, self.world.nav)
        self.slowed = False
        self.last_events = []
        self.final, self.outcome = None, None
        self._begin_recording()

    def _new_world(self, nav: NavField | None = None) -> World:
        """A fresh World of the leg, its team at the `start_at` checkpoint when there is one."""
        world = create_world(self.level, self.seed, nav=nav, vials=self.vials, assist=self._assist())
        if self.start_at:
            cp = find_checkpoint(self.level, self.start_at)
            if cp is None:
                raise LevelError(f"{self.level.path}: no checkpoint '{self.start_at}'; "
                                 f"it has: {', '.join(checkpoint_names(self.level)) or 'none'}")
            start_at_checkpoint(world, cp)
        return world

    @property
    def counts(self) -> bool:
        """True when this run may enter high scores, stars and the replays list: the player
        drives a shipped campaign leg from its start (no bot, no replay, no --from)."""
        return not self.bot and self.replay is None and not self.start_at and is_campaign_leg(self.level.where)

    def _assist(self) -> Assist:
        """The assist rules of the player's settings, fixed for one run; a replay plays back
        with the rules it was recorded with."""
        if self.replay is not None:
            return self.replay.assist
        return self.services.settings.assist_rules()

    @property
    def watched(self) -> bool:
        """True when a bot drives this run for watching (play --bot, the demo)."""
        return bool(self.bot)

    @property
    def assisted(self) -> bool:
        """True when this run had any assist: its rules, or a game speed below 100 %."""
        return bool(self.world.assist.any or self.slowed)

    def result(self, bot: str = "player") -> RunResult:
        """The run's RunResult with `assisted` set for any assist (the sim's own result only
        knows the rules, not the game speed)."""
        r = result(self.world, self.level.path, bot, digest(self.world))
        return replace(r, assisted=True) if self.assisted and not r.assisted else r

    def step(self, held: Controls) -> list[Event]:
        """One tick of the World with the held controls (or the driver's); returns its events."""
        w = self.world
        if self.services.settings.game_speed < 100:
            self.slowed = True
        controls = self.driver(w) if self.driver is not None else held
        recorder = self.services.recorder
        if self._recording and recorder is not None:
            recorder.record(controls)
        step(w, controls)
        if w.done:
            self.end()
        events = list(w.events)
        self.last_events = events
        audio = self.services.audio
        audio.play_events(events)
        audio.ambience(w.weather.intensity)
        return events

    def end(self) -> None:
        """The run ended (the World is done): save its replay and record the result into
        progress and high scores. Once per run; a step that ends the run calls it."""
        self._finish_recording()
        if self.final is not None or self.replay is not None:
            return
        if self.bot:  # a watched bot's run: its result is shown, never recorded
            self.final = self.result(self.bot)
            return
        self.final = self.result()
        if not self.counts:  # a designer's map, a run from a checkpoint: shown, never recorded
            self.outcome = Outcome(Path(self.level.path).stem, None, Placement(None, False), self.assisted)
            return
        self.outcome = self.services.campaign.record(self.level.path, self.context, self.final,
                                                     self.services.settings.assisted)
        if self.outcome.placement.new_best and self.saved_replay is not None:  # the leg's new ghost
            keep_ghost(self.saved_replay, self.outcome.key)

    # -- replays (game/session/replay.py) and hot reload (game/session/watch.py) --------
    def _begin_recording(self) -> None:
        """Start recording this run (never while a replay plays back)."""
        recorder = self.services.recorder
        self._recording = recorder is not None and self.counts
        self.saved_replay = None
        if recorder is not None and self._recording:
            recorder.start(self.level, self.seed, self.world.assist)

    def _finish_recording(self) -> None:
        """Save the run's replay (finished, lost, or given up part way)."""
        recorder = self.services.recorder
        if self._recording and recorder is not None:
            self._recording = False
            if recorder.recording:
                r = self.result()  # a run not over was given up: said so in the replays list
                self.saved_replay = recorder.finish(r if self.world.done else replace(r, outcome="abandoned"))

    def leave(self) -> None:
        """The player left this run (quit to the map or title, closed the window): an
        unfinished run is saved as abandoned."""
        self._finish_recording()

    def replay_over(self) -> bool:
        """True when a replay playing back ran out of controls before its run ended."""
        return self.replay is not None and not self.world.done and self.world.tick >= self.replay.ticks

    def reload(self, level: Level) -> bool:
        """The leg's file changed (play --watch): carry the run on in the new level, keeping
        the team's place when it is still open ground. Returns True when it kept its place."""
        self.level = level
        recorder = self.services.recorder
        if self._recording and recorder is not None:  # a run across two versions cannot be replayed
            self._recording = False
            recorder.cancel()
        if self.world.done:  # the results are up: Retry starts the new level
            return False
        self.world, kept = reload_world(self.world, level, assist=self.world.assist)
        self.last_events = []
        return kept


def checkpoint_names(level: Level) -> list[str]:
    """The names of the level's checkpoints (an unnamed one by its id), in the file's order."""
    return [cp.name or str(cp.id) for cp in level.of_kind("checkpoint")]


def find_checkpoint(level: Level, name: str) -> MapObject | None:
    """The checkpoint called `name`, or whose object id it is (Tiled's %objectid)."""
    cps = level.of_kind("checkpoint")
    return next((cp for cp in cps if cp.name == name), None) or next(
        (cp for cp in cps if name.strip().isdigit() and cp.id == int(name)), None)


def start_at_checkpoint(world: World, cp: MapObject) -> None:
    """Put the team at rest on `cp` as if it had respawned there (the checkpoint reached, the
    respawn point set), facing its `heading`, else the way on to the finish; no stun."""
    cx, cy = cp.center
    heading = cp.properties.get("heading")
    h = math.radians(float(heading)) if heading is not None else way_on(world, cx, cy)
    world.checkpoints_reached.append(world.level.of_kind("checkpoint").index(cp))
    world.respawn = Respawn(cx, cy, h, cp.name or f"checkpoint {cp.id}")
    t = world.team
    t.x, t.y, t.heading = cx, cy, h
    t.terrain = world.terrain_at(cx, cy)
    world.nodes[:] = line_behind(cx, cy, h)
    world.prev_nodes[:] = world.nodes
    world.prev_heading = h


def way_on(world: World, x: float, y: float) -> float:
    """The heading from (x, y) along the cheapest way to the finish (the team's own heading
    where there is no way on)."""
    nav = world.nav
    i = nav.cell(x, y)
    j = int(nav.next[i])
    if j < 0:
        return world.team.heading
    ts = world.level.tile_size
    (r0, c0), (r1, c1) = divmod(i, world.level.width), divmod(j, world.level.width)
    return math.atan2((c1 - c0) * ts, -(r1 - r0) * ts)


def replay_crate(replay: Replay, level: Level) -> int | None:
    """The crate a replayed run began with when it was not the map's (a campaign leg)."""
    n = replay.result.get("vials_start") if isinstance(replay.result, dict) else None
    return int(n) if isinstance(n, int) and not isinstance(n, bool) and n != level.vials else None


def music_for(level: Level) -> str:
    """The level's act music: map property `act` (1-3), else by its `leg` number."""
    act = level.properties.get("act")
    if isinstance(act, (int, float)) and 1 <= int(act) <= len(MUSIC_TRACKS):
        return MUSIC_TRACKS[int(act) - 1]
    return track_for_leg(level.properties.get("leg"))
