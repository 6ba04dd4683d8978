"""One frame of a run: the world view, the HUD and the fall warning's plate, in the player's
style. The run screen (game.screens.run_view) and the Gymnasium env's frames (game.rl.frames)
both draw through `draw_run`, so an agent's `render()` is the picture a player sees."""
from __future__ import annotations

import pygame

from game.input.prompts import Prompts
from game.render import Text
from game.render.hud import Hud
from game.render.world_view import UnderTeam, WorldView
from game.sim.world import World

__all__ = ["draw_run"]


def draw_run(surface: pygame.Surface, view: WorldView, hud: Hud, world: World, alpha: float, text: Text,
             *, reduced_motion: bool = False, high_contrast: bool = False, prompts: Prompts | None = None,
             with_hud: bool = True, under_team: UnderTeam | None = None) -> None:
    """The world view (with `under_team` drawn just before the team), then the HUD and the
    plate warning of an edge ahead, in the reduced-motion / high-contrast style given."""
    view.reduced_motion = reduced_motion
    hud.style(reduced_motion, high_contrast, prompts)
    view.draw(surface, world, alpha, under_team=under_team)
    if with_hud:
        cam = view.cam(alpha)
        hud.draw(surface, world, alpha, cam)
        view.fall.draw_plate(surface, world, cam, text, reduced_motion)
