"""`FrameRenderer`: the game's own picture of a World as an (H, W, 3) uint8 array, headless.

The run screen's drawing (the world view and the HUD, as the bench and the screenshot tools
draw them) onto an off-screen 640x360 surface: no display is opened, so it works under the SDL
dummy driver and on machines without a screen. The views are fed every tick (their effects and
the HUD's messages follow the events), and a frame is drawn only when asked for.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.render import Assets
from game.render.hud import Hud
from game.render.tiles import TileRenderer
from game.render.world_view import WorldView
from game.sim import World

__all__ = ["FrameRenderer", "FRAME_SIZE"]

FRAME_SIZE = (640, 360)  # the game's logical screen: (width, height)


class FrameRenderer:
    """Draws one level's worlds; `reset(world)` at each episode start, `tick(world)` after each
    game tick, `frame(world)` for the picture."""

    def __init__(self, world: World) -> None:
        self.assets = Assets()
        self.tiles = TileRenderer(world.level)
        self.surface = pygame.Surface(FRAME_SIZE)
        self.view = WorldView(world.level, self.assets.sprites, self.tiles, FRAME_SIZE, seed=1)
        self.hud = Hud(self.assets, world)
        self.reset(world)

    def reset(self, world: World) -> None:
        """A new episode: the camera on the team, the HUD fresh."""
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
        self.view.draw(self.surface, world, 1.0)
        self.hud.draw(self.surface, world, 1.0, self.view.cam(1.0))
        return np.ascontiguousarray(pygame.surfarray.array3d(self.surface).transpose(1, 0, 2))
