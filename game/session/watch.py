"""Hot reload for `balto play LEVEL --watch`: notice when a level's files change on disk.

`LevelWatcher(path)` polls `sources_stamp(level_sources(path))` (a few `stat` calls) at most
every `interval` seconds; when the stamp changed it loads the level again and `poll` returns
the new `Level`, or the `LevelError` of a broken save (its message stays in `watcher.error`
until the next good load). No threads: the run screen polls once per tick and the clock is
injectable, so tests are deterministic.

`reload_world(old, level)` builds a World of the new level that keeps the team where it was
(position, heading, speed, stamina, vials, tick, checkpoints) when Balto's cell is still open
ground there; otherwise the team goes back to its respawn point (the last checkpoint still in
the level) or the start, keeping its vials, tick and stamina.
"""
from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Callable

from game.tiled.level import LevelError, level_sources, load_level, sources_stamp
from game.sim import terrain as T
from game.sim.leveldata import Level
from game.sim.world import Respawn, World, create_world, line_behind

POLL_SECONDS = 0.25  # at most 4 stat rounds a second


class LevelWatcher:
    """Watches one .tmx and every tileset, template and image it names."""

    def __init__(self, path: str | os.PathLike[str], interval: float = POLL_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 loader: Callable[[Path], Level] = load_level) -> None:
        self.path = Path(path).resolve()
        self.interval = float(interval)
        self.clock = clock
        self.loader = loader
        self.error = ""  # the last broken save's message; "" once a save loads again
        self.reloads = 0  # good reloads so far
        self._sources = level_sources(self.path)
        self._stamp = sources_stamp(self._sources)
        self._last = clock()  # when the files were last looked at

    def watches(self, path: str | os.PathLike[str] | None) -> bool:
        """True when `path` is the watched level."""
        if not path:
            return False
        try:
            return Path(path).resolve() == self.path
        except (OSError, RuntimeError, ValueError):
            return False

    def changed(self) -> bool:
        """True when a watched file changed since the last load (rate limited by the clock)."""
        now = self.clock()
        if now - self._last < self.interval:
            return False
        self._last = now
        return sources_stamp(self._sources) != self._stamp

    def poll(self) -> Level | LevelError | None:
        """None when nothing changed; else the freshly loaded Level, or the LevelError of a
        file that does not load (the last good level keeps running)."""
        if not self.changed():
            return None
        return self.reload()

    def reload(self) -> Level | LevelError:
        """Load the level now (whatever the stamp says)."""
        self._sources = level_sources(self.path)  # a save may name other tilesets now
        self._stamp = sources_stamp(self._sources)  # before loading: a save meanwhile is seen next poll
        try:
            level = self.loader(self.path)
        except LevelError as exc:
            self.error = str(exc) or f"{self.path.name}: the level does not load"
            return exc
        except (OSError, ValueError) as exc:  # a file caught half-written, an odd encoding
            err = LevelError(f"{self.path.name}: {exc}")
            self.error = str(err)
            return err
        self.error = ""
        self.reloads += 1
        return level


def open_cell(level: Level, x: float, y: float) -> bool:
    """True when (x, y) lies on the map on ground the team can stand on (not solid, not a fall)."""
    ts = level.tile_size
    cx, cy = int(x // ts), int(y // ts)
    if not (math.isfinite(x) and math.isfinite(y)) or cx < 0 or cy < 0 or cx >= level.width or cy >= level.height:
        return False
    code = int(level.terrain[cy, cx])
    return not (T.SOLID[code] or T.FALL[code])


def reload_world(old: World, level: Level, assist=None) -> tuple[World, bool]:
    """A World of `level` carrying on `old`'s run; returns (world, kept) where `kept` says the
    team kept its place (False: it was put back at its respawn point or the start)."""
    world = create_world(level, old.seed, assist=assist if assist is not None else old.assist,
                         vials=old.vials_start)  # the crate the run began with (the map's at restart)
    checkpoints = level.of_kind("checkpoint")
    world.tick = old.tick
    world.rng = old.rng
    world.vials = old.vials
    world.losses = dict(old.losses)
    world.checkpoints_reached = [i for i in old.checkpoints_reached if i < len(checkpoints)]
    world.outcome, world.finish_tick = old.outcome, old.finish_tick
    r = old.respawn
    if r.name != "start" and open_cell(level, r.x, r.y):
        world.respawn = Respawn(r.x, r.y, r.heading, r.name)
    t, nt = old.team, world.team
    nt.stamina, nt.winded = t.stamina, t.winded
    if open_cell(level, t.x, t.y):
        for name in ("x", "y", "heading", "vx", "vy", "speed", "mushing", "braking", "steer",
                     "stun", "slow", "push_x", "push_y", "sensing"):
            setattr(nt, name, getattr(t, name))
        world.nodes = old.nodes.copy()
        world.prev_nodes = old.prev_nodes.copy()
        world.prev_heading = old.prev_heading
        kept = True
    else:
        sp = world.respawn
        nt.x, nt.y, nt.heading = sp.x, sp.y, sp.heading
        world.nodes = line_behind(sp.x, sp.y, sp.heading)
        world.prev_nodes = world.nodes.copy()
        world.prev_heading = sp.heading
        kept = False
    cx, cy = int(nt.x // level.tile_size), int(nt.y // level.tile_size)
    if 0 <= cx < level.width and 0 <= cy < level.height:
        nt.terrain = int(world.grid[cy][cx])
    return world, kept
