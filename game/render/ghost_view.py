"""The ghost team: the player's best run of the leg, drawn as a pale, see-through team.

The team is drawn by the world view's team view (game.render.team_view) onto a
small transparent surface around the ghost's gangline, tinted ice blue and blitted
at about 45 % opacity just before the player's team, so the player's team is always on top
and the two read apart by colour and by opacity. It reads the ghost's World only.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.render.fog import Fog
from game.render.palette import PALETTE as P
from game.render.team_view import lerp_nodes
from game.render.world_view import WorldView
from game.sim.world import World

OPACITY = 0.5  # of a solid team
TINT = (120, 175, 255)  # every colour multiplied by this, then LIGHTEN added: an icy blue team
LIGHTEN = (80, 115, 150)
OUTLINE = P["night"]
MARGIN = 26  # px around the gangline for the sprites and their shadows


class GhostView:
    """Draws a ghost World's team through a world view; `opacity` fades it (0..1)."""

    def __init__(self, view: WorldView) -> None:
        self.view = view

    def draw(self, surface: pygame.Surface, cam: tuple[int, int], world: World, alpha: float,
             opacity: float = 1.0, player: World | None = None) -> pygame.Rect | None:
        """Draw the ghost's team; returns the screen box it used (None when hidden). In a
        whiteout or the night (the `player`'s weather) it shows only inside the player's sight."""
        nodes = lerp_nodes(world, alpha)
        if player is not None and Fog.active(player.weather.visibility):
            gap = float(np.hypot(*(nodes[0] - lerp_nodes(player, alpha)[0])))
            opacity = min(opacity, (player.weather.visibility - gap) / 24.0)
        if opacity <= 0.0:
            return None
        x0, y0 = nodes.min(axis=0).tolist()
        x1, y1 = nodes.max(axis=0).tolist()
        box = pygame.Rect(int(x0) - MARGIN - int(cam[0]), int(y0) - MARGIN - int(cam[1]),
                          int(x1 - x0) + 2 * MARGIN, int(y1 - y0) + 2 * MARGIN)
        if not box.colliderect(surface.get_rect()):
            return None
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        self.view.draw_team(layer, world, alpha, (int(cam[0]) + box.x, int(cam[1]) + box.y))
        layer.fill((*TINT, 255), special_flags=pygame.BLEND_RGBA_MULT)
        layer.fill((*LIGHTEN, 0), special_flags=pygame.BLEND_RGBA_ADD)
        ghost = pygame.Surface(box.size, pygame.SRCALPHA)  # a dark rim: it reads on snow and ice
        rim = pygame.mask.from_surface(layer, 60).to_surface(setcolor=(*OUTLINE, 255), unsetcolor=(0, 0, 0, 0))
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            ghost.blit(rim, (dx, dy))
        ghost.blit(layer, (0, 0))
        ghost.set_alpha(int(255 * OPACITY * min(1.0, opacity)))
        surface.blit(ghost, box.topleft)
        return box
