"""`FrameRenderer`: the game's own picture of a World as an (H, W, 3) uint8 array, headless.

The run screen's picture: a `WorldView` seeded as the run screen seeds it (the run's seed), its
sprites' turns built up front (`warm`), the HUD, and one frame drawn by
`game.render.run_frame.draw_run`, the function the run screen (`game.screens.run_view`) draws
with: the world view, the HUD and the fall warning's plate, in the default settings' style
(no reduced motion, no high contrast, the keyboard's prompts). Drawn onto an off-screen 640x360
surface: no display is opened, so it works under the SDL dummy driver and on machines without a
screen. The views are fed every tick (their effects and the HUD's messages follow the events),
and a frame is drawn only when asked for.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.input.prompts import Prompts
from game.render import Assets
from game.render.hud import Hud
from game.render.run_frame import draw_run
from game.render.tiles import TileRenderer
from game.render.world_view import WorldView
from game.sim import World

__all__ = ["FrameRenderer", "FRAME_SIZE", "view_seed"]

FRAME_SIZE = (640, 360)  # the game's logical screen: (width, height)


def view_seed(run_seed: int) -> int:
    """The seed of a run's world view (its snow and particles), as the run screen takes it."""
    return run_seed & 0xFFFF


class FrameRenderer:
    """Draws one level's worlds; `reset(world, seed)` at each episode start, `tick(world)` after
    each game tick, `frame(world)` for the picture."""

    def __init__(self, world: World, seed: int = 1) -> None:
        self.assets = Assets()
        self.tiles = TileRenderer(world.level)
        self.surface = pygame.Surface(FRAME_SIZE)
        self.prompts = Prompts()
        self.seed = view_seed(seed)
        self.view = self._view(world)
        self.view.warm()
        self.hud = Hud(self.assets, world)
        self.reset(world, seed)

    def _view(self, world: World) -> WorldView:
        return WorldView(world.level, self.assets.sprites, self.tiles, FRAME_SIZE, seed=self.seed)

    def reset(self, world: World, seed: int = 1) -> None:
        """A new episode: a view seeded by its seed (a new one when the seed changed), the camera
        on the team, the HUD fresh."""
        if view_seed(seed) != self.seed:
            self.seed = view_seed(seed)
            self.view = self._view(world)
        self.view.reset(world)
        self.hud = Hud(self.assets, world)

    def tick(self, world: World) -> None:
        """Feed one game tick's events to the view and the HUD."""
        events = list(world.events)
        self.view.update_tick(world, events)
        self.hud.on_events(world, events)
        self.hud.update_tick()

    def frame(self, world: World) -> np.ndarray:
        """The current picture, (360, 640, 3) uint8 (rows, columns, RGB)."""
        draw_run(self.surface, self.view, self.hud, world, 1.0, self.assets.text, prompts=self.prompts)
        return np.ascontiguousarray(pygame.surfarray.array3d(self.surface).transpose(1, 0, 2))
