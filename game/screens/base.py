"""The screen base class, the shared menu widget and small drawing helpers."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from game.input import actions as I
from game.render import Text
from game.render.palette import PALETTE as P
from game.screens.layout import H, W
from game.screens.nav import Navigator
from game.session.services import Services

if TYPE_CHECKING:
    from game.session.run import RunSession

__all__ = ["H", "W", "Screen", "Menu", "panel", "dim", "draw_star"]


class Screen:
    """One state of the game on the flow's stack. Gets actions, advances per fixed tick,
    draws onto a surface; `enter` runs when it comes on top, `leave` when it stops being
    on top (covered or taken off). `session` is the run it belongs to, if any: the flow
    ends a run when no screen on the stack belongs to it any more."""

    name = "screen"
    session: RunSession | None = None

    def __init__(self, nav: Navigator, services: Services) -> None:
        self.nav = nav
        self.services = services
        self.ticks = 0

    def enter(self) -> None:
        """Came on top of the stack (pushed, or uncovered)."""

    def leave(self) -> None:
        """Stopped being on top (covered by an overlay, or taken off)."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """A raw event for screens that read input directly (a remap capture); True when
        used up. Most screens only take actions."""
        return False

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

    def draw(self, surface: pygame.Surface, text: Text, cx: int, y: int, ticks: int,
             scale: int = 2, gap: int = 22) -> pygame.Rect:
        """Draw the items centred on cx from y; the selected one gets arrows and a plate."""
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
