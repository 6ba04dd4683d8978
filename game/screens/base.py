"""The screen protocol, the shared menu widget and the backdrop drawing helpers."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from game.input import actions as I
from game.render.palette import PALETTE as P

if TYPE_CHECKING:
    from game.app.flow import Flow

W, H = 640, 360


class Screen:
    """One state of the game. Gets actions, advances per fixed tick, draws onto a surface."""

    name = "screen"

    def __init__(self, flow: "Flow") -> None:
        self.flow = flow
        self.ticks = 0

    def handle(self, action: str) -> None:
        """React to one translated action (see game.input.actions)."""

    def update_tick(self) -> None:
        """Advance one fixed tick."""
        self.ticks += 1

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        """Draw the whole screen onto `surface` (640x360)."""
        surface.fill(P["night"])


class Menu:
    """A vertical menu with a cursor; Up/Down move, Confirm picks."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.index = 0

    def handle(self, action: str) -> str | None:
        """Move on Up/Down; returns the chosen item on Confirm."""
        if action == I.UP:
            self.index = (self.index - 1) % len(self.items)
        elif action == I.DOWN:
            self.index = (self.index + 1) % len(self.items)
        elif action == I.CONFIRM:
            return self.items[self.index]
        return None

    def draw(self, surface: pygame.Surface, flow: "Flow", cx: int, y: int, ticks: int,
             scale: int = 2, gap: int = 22) -> pygame.Rect:
        """Draw the items centred on cx from y; the selected one gets arrows and a plate."""
        text = flow.assets.text
        area = pygame.Rect(cx, y, 0, 0)
        for i, item in enumerate(self.items):
            sel = i == self.index
            tw, th = text.size(item, scale)
            iy = y + i * gap
            if sel:
                plate = pygame.Rect(0, 0, tw + 44, th + 8)
                plate.midtop = (cx, iy - 4)
                panel(surface, plate, P["night"], 235, P["gold"])
                bob = int(round(math.sin(ticks * 0.15) * 1.5))
                text.draw(surface, ">", (plate.left + 8 + bob, iy), P["gold"], scale)
                text.draw(surface, "<", (plate.right - 8 - bob, iy), P["gold"], scale, align="right")
            r = text.draw(surface, item, (cx, iy), P["gold"] if sel else P["snow_light"], scale,
                          align="center", outline=True)
            area.union_ip(r)
        return area


def panel(surface: pygame.Surface, rect: pygame.Rect, colour: tuple[int, int, int] = P["hud_bg"],
          alpha: int = 220, border: tuple[int, int, int] | None = P["snow_shadow"]) -> None:
    """A translucent panel with a one-pixel border and dark outline."""
    s = pygame.Surface(rect.size, pygame.SRCALPHA)
    s.fill((*colour, alpha))
    surface.blit(s, rect.topleft)
    pygame.draw.rect(surface, P["ink"], rect.inflate(2, 2), 1)
    if border is not None:
        pygame.draw.rect(surface, border, rect, 1)


_DIM: dict[int, pygame.Surface] = {}


def dim(surface: pygame.Surface, amount: int = 150) -> None:
    """Darken the whole surface toward the night colour."""
    s = _DIM.get(amount)
    if s is None:
        s = pygame.Surface((W, H), pygame.SRCALPHA)
        s.fill((*P["hud_bg"], amount))
        _DIM[amount] = s
    surface.blit(s, (0, 0))


def draw_star(surface: pygame.Surface, cx: float, cy: float, r: float, filled: bool) -> None:
    """A five-pointed star: filled gold for earned, an outline for missing."""
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((cx + math.cos(a) * rr, cy + math.sin(a) * rr))
    if filled:
        pygame.draw.polygon(surface, P["ink"], [(x + 1, y + 2) for x, y in pts])
        pygame.draw.polygon(surface, P["gold"], pts)
        pygame.draw.polygon(surface, P["orange"], pts, 1)
    else:
        pygame.draw.polygon(surface, P["night"], pts)
        pygame.draw.polygon(surface, P["snow_shadow"], pts, 1)
