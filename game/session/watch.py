"""Hot reload for `balto play LEVEL --watch`: notice when a level's files change on disk.

`LevelWatcher(path)` polls `sources_stamp(level_sources(path))` (a few `stat` calls) at most
every `interval` seconds; when the stamp changed it loads the level again and `poll` returns
the new `Level`, or the `LevelError` of a broken save (its message stays in `watcher.error`
until the next good load). No threads: the run screen polls once per tick and the clock is
injectable, so tests are deterministic.

The run carries over into the new level through `game.sim.reload.reload_world`, a pure
function of the rules (the run session calls it).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from game.sim.leveldata import Level
from game.tiled.level import LevelError, level_sources, load_level, sources_stamp

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

