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

import os
import time
from pathlib import Path
from typing import Callable

from game.tiled.level import LevelError, level_sources, load_level, sources_stamp
from game.sim.leveldata import Level
from game.sim.reload import reload_world as _reload_world
from game.sim.world import Assist, World

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


def reload_world(old: World, level: Level, assist: Assist | None = None) -> tuple[World, bool]:
    """A World of `level` carrying on `old`'s run (game.sim.reload.reload_world); returns
    (world, kept) where `kept` says the team kept its place."""
    return _reload_world(old, level, assist)


# -- on screen ---------------------------------------------------------------------------------

ERROR_LINES = 6  # wrapped lines of a broken save's message at most


def draw_watch(surface, flow) -> None:
    """Over every frame of `play --watch`: a broken save's message (wrapped, until the next
    good save) at the bottom, or for a moment after a good save "Reloaded ...". """
    import pygame

    from game.render.palette import PALETTE as P

    watcher = getattr(flow, "watcher", None)
    if watcher is None:
        return
    text = flow.assets.text
    w, h = surface.get_size()
    if watcher.error:
        head = "LEVEL NOT RELOADED - the last good version keeps running"
        lines = text.wrap(watcher.error, w - 36)
        if len(lines) > ERROR_LINES:
            lines = lines[:ERROR_LINES - 1] + [lines[ERROR_LINES - 1][:-3].rstrip() + "..."]
        box = pygame.Rect(6, 0, w - 12, 22 + 11 * len(lines))
        box.bottom = h - 34  # above the run's bottom hints
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 230))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["danger"], box, 1)
        text.draw(surface, head, (box.left + 8, box.top + 5), P["danger"])
        for i, line in enumerate(lines):
            text.draw(surface, line, (box.left + 12, box.top + 18 + 11 * i), P["snow_white"])
    elif getattr(flow, "watch_notice_ticks", 0) > 0 and getattr(flow, "watch_notice", ""):
        msg = flow.watch_notice
        box = pygame.Rect(0, 0, min(w - 20, text.size(msg)[0] + 20), 18)
        box.midbottom = (w // 2, h - 34)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 210))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, P["gold"], box, 1)
        text.draw(surface, msg, (box.centerx, box.top + 5), P["snow_white"], align="center")
