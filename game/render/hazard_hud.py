"""HUD widgets for the hazards: the bear pointer at the screen edge, the wind dial, the thin
ice crack meter, Balto's senses with their key and cooldown, and the story subtitles
(subtitles.py).

Every widget has a shape and words besides its colour: a pointer with a bear and an '!',
an arrow whose length is the wind, a bar with notches and a label, an open or closed eye.
`style(...)`: reduced motion (nothing blinks or pulses), high contrast (solid black panels
with white borders and white words) and the button prompts for the senses hint.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable

import pygame

from game.render import Assets
from game.render.bear_view import ALERT, bear_pos, warning_sign
from game.render.palette import PALETTE as P
from game.render.subtitles import Subtitles, panel
from game.sim import bear as B
from game.sim import events as E
from game.sim.blizzard import Weather
from game.sim.events import Event
from game.sim.ice import WARN_LEVELS
from game.sim.markers import SENSES_COOLDOWN
from game.sim.world import World

BAR_H = 22
EDGE = 16  # px: the bear pointer stays this far inside the screen
NEAR_EDGE = 44  # a bear closer than this to the edge still gets a pointer
SENSES_KEYS = "SHIFT/E"  # the hint without prompts (tests, tools)
ALERT_LO, ALERT_HI = min(ALERT), max(ALERT)  # the bear states a pointer may show (a range)
WIND, ICE, SENSES = (104, 38), (196, 18), (118, 30)  # the widgets' panels


def wind_word(speed: float) -> str:
    """The wind's strength in words."""
    if speed < 5:
        return "calm"
    if speed < 25:
        return "breeze"
    if speed < 55:
        return "strong"
    return "gale"


class HazardHud:
    """The hazard widgets of one run's HUD."""

    def __init__(self, assets: Assets, world: World) -> None:
        self.assets = assets
        self.ticks = 0
        self.gust_flash = 0
        self.subtitles = Subtitles()
        self.has_markers = len(world.markers.x) > 0
        self._panels = {hc: (panel(WIND, 200, hc), panel(ICE, 215, hc), panel(SENSES, 200, hc))
                        for hc in (False, True)}
        self._wind_panel, self._ice_panel, self._senses_panel = self._panels[False]
        self._bear_icon: pygame.Surface | None = None
        self._widgets: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._recent: dict[str, tuple[tuple, pygame.Surface]] = {}  # per widget kind: the last (key, picture)
        self.reduced_motion = False
        self.high_contrast = False
        self.prompts = None

    def style(self, reduced_motion: bool = False, high_contrast: bool = False, prompts=None) -> None:
        """The player's accessibility settings and the prompts for the senses hint."""
        self.reduced_motion = reduced_motion
        if high_contrast != self.high_contrast:
            self.high_contrast = high_contrast
            self._wind_panel, self._ice_panel, self._senses_panel = self._panels[high_contrast]
        self.prompts = prompts

    @property
    def _dim(self) -> tuple[int, int, int]:
        return P["snow_white"] if self.high_contrast else P["hud_dim"]

    def senses_keys(self) -> str:
        """The senses key(s) on the device used last: "SHIFT / E", or "X" on a gamepad."""
        pr = self.prompts
        if pr is None:
            return SENSES_KEYS
        return pr.label("senses", limit=1 if pr.gamepad else 2)

    def _widget(self, key: tuple, size: tuple[int, int], paint, *args) -> pygame.Surface:
        """A widget picture for one visible state, `paint(picture, *args)` (cached: the HUD
        redraws nothing unchanged)."""
        recent = self._recent.get(key[0])
        if recent is not None and recent[0] == key:  # as last frame: no reordering needed
            return recent[1]
        hit = self._widgets.get(key)
        if hit is None:
            hit = pygame.Surface(size, pygame.SRCALPHA)
            paint(hit, *args)
            self._widgets[key] = hit
            if len(self._widgets) > 96:
                self._widgets.popitem(last=False)
        else:
            self._widgets.move_to_end(key)
        self._recent[key[0]] = (key, hit)
        return hit

    def on_events(self, world: World, events: Iterable[Event]) -> None:
        for ev in events:
            if isinstance(ev, E.Story):
                self.subtitles.push(ev.speaker, ev.line)
            elif isinstance(ev, E.Gust):
                self.gust_flash = 50

    def update_tick(self) -> None:
        self.ticks += 1
        if self.gust_flash:
            self.gust_flash -= 1
        self.subtitles.update_tick()

    def ice_showing(self, world: World) -> bool:
        return world.ice.under_team > 0.0

    def draw(self, surface: pygame.Surface, world: World, alpha: float, cam: tuple[int, int]) -> None:
        wx = world.weather
        if wx.intensity > 0.0 or wx.darkness > 0.0:
            self._draw_wind(surface, wx)
        ice = world.ice.under_team
        if ice > 0.0:  # (as ice_showing)
            self._draw_ice(surface, ice)
        sensing = world.team.sensing
        if self.has_markers or sensing:
            self._draw_senses(surface, sensing, world.markers.cooldown)
        self._draw_bear_pointers(surface, world, alpha, cam)
        self.subtitles.draw(surface, self.assets)

    # -- wind --------------------------------------------------------------------------
    def _draw_wind(self, surface: pygame.Surface, wx: Weather) -> None:
        gusting = self.gust_flash > 0 or wx.gust > 1.35
        blink = gusting and (self.reduced_motion or (self.ticks // 5) % 2 == 0)
        speed = math.hypot(wx.wind_x, wx.wind_y)
        if gusting:
            word = "GUST!" if blink else ""
        elif wx.darkness >= 0.3:
            word = "night"
        elif wx.visibility < 100:
            word = "whiteout"
        elif wx.intensity >= 0.25:
            word = "blizzard"
        else:
            word = "snow"
        ang = int(round(math.atan2(wx.wind_y, wx.wind_x) / (2 * math.pi) * 32)) % 32 if speed >= 5 else -1
        length = int(min(1.0, speed / 80.0) * 6)
        strength = wind_word(speed)
        pic = self._widget(("wind", ang, length, strength, word, blink, self.high_contrast), WIND,
                           self._paint_wind, ang, length, strength, word, blink)
        surface.blit(pic, (surface.get_width() - 110, BAR_H + 4))

    def _paint_wind(self, s: pygame.Surface, ang: int, length: int, strength: str, word: str, blink: bool) -> None:
        txt = self.assets.text
        s.blit(self._wind_panel, (0, 0))
        cx, cy, r = 19, 19, 14
        pygame.draw.circle(s, P["night"], (cx, cy), r)
        pygame.draw.circle(s, P["gold"] if blink else P["snow_shadow"], (cx, cy), r, 2 if blink else 1)
        for k in range(4):  # compass ticks, north marked
            a = k * math.pi / 2
            px, py = cx + math.sin(a) * (r - 2), cy - math.cos(a) * (r - 2)
            s.fill(P["snow_white"] if k == 0 else P["snow_shadow"], (int(px), int(py), 1, 1))
        if ang >= 0:  # an arrow downwind, longer the stronger it blows
            a = ang * 2 * math.pi / 32
            ux, uy = math.cos(a), math.sin(a)
            ln = 4 + length / 6 * (r - 5)
            tail = (cx - ux * ln, cy - uy * ln)
            tip = (cx + ux * ln, cy + uy * ln)
            pygame.draw.line(s, P["snow_white"], tail, tip, 2)
            head = [(tip[0] + ux * 3, tip[1] + uy * 3),
                    (tip[0] - ux * 3 - uy * 4, tip[1] - uy * 3 + ux * 4),
                    (tip[0] - ux * 3 + uy * 4, tip[1] - uy * 3 - ux * 4)]
            pygame.draw.polygon(s, P["snow_white"], head)
            pygame.draw.polygon(s, P["ink"], head, 1)
        else:
            pygame.draw.circle(s, P["snow_white"], (cx, cy), 2)
        txt.draw(s, "WIND", (38, 5), self._dim)
        txt.draw(s, strength, (68, 5), P["snow_white"])
        if word:
            txt.draw(s, word, (38, 20), P["gold"] if word == "GUST!" else P["snow_light"])

    # -- thin ice ----------------------------------------------------------------------
    @staticmethod
    def crack_words(level: float) -> str:
        if level >= WARN_LEVELS[1]:
            return "BREAKING!"
        if level >= WARN_LEVELS[0]:
            return "CRACKING"
        return "THIN ICE"

    def _draw_ice(self, surface: pygame.Surface, level: float) -> None:
        level = max(0.0, min(1.0, level))
        w = self._ice_panel.get_width()
        danger = level >= WARN_LEVELS[1]
        blink = danger and (self.reduced_motion or (self.ticks // 4) % 2 == 0)
        fill = int(round(90 * level))
        pic = self._widget(("ice", fill, blink, self.high_contrast), (w + 2, 20), self._paint_ice, level, fill, blink)
        surface.blit(pic, (surface.get_width() // 2 - w // 2 - 1, BAR_H + 3))

    def _paint_ice(self, s: pygame.Surface, level: float, fill: int, blink: bool) -> None:
        txt = self.assets.text
        danger = level >= WARN_LEVELS[1]
        x0, y0 = 1, 1
        s.blit(self._ice_panel, (x0, y0))
        if blink:
            pygame.draw.rect(s, P["danger"], s.get_rect(), 1)
        # The icon: a crack that branches more as the level rises.
        ix, iy = x0 + 5, y0 + 3
        s.fill(P["ice_light"], (ix, iy, 12, 12))
        pygame.draw.lines(s, P["ink"], False, [(ix + 2, iy), (ix + 5, iy + 4), (ix + 3, iy + 7), (ix + 7, iy + 11)], 1)
        if level >= WARN_LEVELS[0]:
            pygame.draw.lines(s, P["ink"], False, [(ix + 5, iy + 4), (ix + 10, iy + 3), (ix + 11, iy + 6)], 1)
        if danger:
            pygame.draw.lines(s, P["ink"], False, [(ix + 3, iy + 7), (ix, iy + 9)], 1)
            s.fill(P["water"], (ix + 4, iy + 5, 2, 2))
        bx, by, bw, bh = x0 + 22, y0 + 5, 90, 8
        pygame.draw.rect(s, P["ink"], (bx - 1, by - 1, bw + 2, bh + 2))
        s.fill(P["night"], (bx, by, bw, bh))
        col = P["danger"] if danger else P["warning"] if level >= WARN_LEVELS[0] else P["ice_light"]
        if fill:
            s.fill(col, (bx, by, fill, bh))
            s.fill(P["snow_white"], (bx, by, fill, 1))
        for q in WARN_LEVELS:  # notches where the warnings come
            s.fill(P["snow_white"], (bx + int(bw * q), by - 2, 1, bh + 4))
        word = self.crack_words(level)
        txt.draw(s, word, (bx + bw + 8, y0 + 5), (P["gold"] if blink else P["danger"]) if danger else P["snow_white"])

    # -- senses ------------------------------------------------------------------------
    def _draw_senses(self, surface: pygame.Surface, sensing: bool, cooldown: int) -> None:
        if sensing:
            state, value = "on", 3 if self.reduced_motion else 2 + int(1.5 * (1 + math.sin(self.ticks * 0.25)))
        elif cooldown > 0:
            state, value = "rest", int(84 * (1.0 - cooldown / SENSES_COOLDOWN))
        else:
            state, value = "ready", 0
        keys = self.senses_keys()
        pic = self._widget(("senses", state, value, self.high_contrast, keys), SENSES,
                           self._paint_senses, state, value, keys)
        sw, sh = surface.get_size()
        surface.blit(pic, (sw - 124, sh - 36))

    def _paint_senses(self, s: pygame.Surface, state: str, value: int, keys: str = SENSES_KEYS) -> None:
        txt = self.assets.text
        s.blit(self._senses_panel, (0, 0))
        ex, ey = 12, 15
        if state == "on":  # an open eye, pupil pulsing
            pygame.draw.ellipse(s, P["aurora_violet"], (ex - 8, ey - 5, 17, 11))
            pygame.draw.ellipse(s, P["snow_white"], (ex - 8, ey - 5, 17, 11), 1)
            pygame.draw.circle(s, P["ink"], (ex, ey), value)
            txt.draw(s, "SENSING", (26, 4), P["aurora_violet"])
            txt.draw(s, "slow, tiring", (26, 16), self._dim)
        elif state == "rest":  # a closed eye and a bar refilling
            pygame.draw.arc(s, P["snow_shadow"], (ex - 8, ey - 7, 17, 11), math.pi + 0.3, 2 * math.pi - 0.3, 1)
            for k in (-5, 0, 5):
                s.fill(P["snow_shadow"], (ex + k, ey + 3, 1, 2))
            txt.draw(s, "resting", (26, 4), self._dim)
            bx, by, bw = 26, 19, 84
            pygame.draw.rect(s, P["ink"], (bx - 1, by - 1, bw + 2, 5))
            s.fill(P["night"], (bx, by, bw, 3))
            s.fill(P["snow_shadow"], (bx, by, value, 3))
        else:  # an open eye, outline only: ready
            pygame.draw.ellipse(s, P["snow_light"], (ex - 8, ey - 5, 17, 11), 1)
            pygame.draw.circle(s, P["snow_light"], (ex, ey), 2)
            txt.draw(s, "SENSES", (26, 4), P["snow_white"])
            txt.draw(s, f"hold {keys}", (26, 16), P["gold"])

    # -- bear pointers -----------------------------------------------------------------
    def _icon(self) -> pygame.Surface:
        if self._bear_icon is None:
            sp = self.assets.sprites
            f = sp.frame(sp.first("bear"))
            self._bear_icon = pygame.transform.scale(f, (max(1, f.get_width() // 2), max(1, f.get_height() // 2)))
        return self._bear_icon

    def pointers(self, world: World, alpha: float, cam: tuple[int, int],
                 size: tuple[int, int] = (640, 360)) -> list[tuple[float, float, float, int]]:
        """(x, y, screen angle toward the bear, state) for every alert bear that needs a
        pointer: off screen or near the edge. (On screen its own warning is drawn above any
        fog, so it needs no second one.)"""
        b = world.bears
        if not len(b):
            return []
        alert = [i for i, s in enumerate(b.state.tolist()) if ALERT_LO <= s <= ALERT_HI]  # (a few bears)
        if not alert:
            return []
        sw, sh = size
        bx, by = (world.prev_nodes[0] + (world.nodes[0] - world.prev_nodes[0]) * alpha).tolist()
        bsx, bsy = bx - cam[0], by - cam[1]
        left, right, top, bottom = EDGE, sw - EDGE, BAR_H + EDGE, sh - EDGE
        out = []
        for i in alert:
            wx, wy = bear_pos(world, i, alpha)
            x, y = wx - cam[0], wy - cam[1]
            if left + NEAR_EDGE <= x <= right - NEAR_EDGE and top + NEAR_EDGE <= y <= bottom - NEAR_EDGE:
                continue
            dx, dy = x - bsx, y - bsy
            d = math.hypot(dx, dy) or 1.0
            if left <= x <= right and top <= y <= bottom:
                # On screen: sit just short of the bear, pointing at it.
                px, py = x - dx / d * 22, y - dy / d * 22
            else:  # off screen: where the line from Balto leaves the inner rectangle
                tx = ((right if dx > 0 else left) - bsx) / dx if abs(dx) > 1e-6 else math.inf
                ty = ((bottom if dy > 0 else top) - bsy) / dy if abs(dy) > 1e-6 else math.inf
                k = min(tx, ty)
                px, py = bsx + dx * k, bsy + dy * k
            px = min(max(px, left), right)
            py = min(max(py, top), bottom)
            out.append((px, py, math.atan2(y - py, x - px) if (x, y) != (px, py) else math.atan2(dy, dx),
                        int(b.state[i])))
        return out

    def _draw_bear_pointers(self, surface: pygame.Surface, world: World, alpha: float, cam: tuple[int, int]) -> None:
        icon = self._icon()
        for px, py, ang, state in self.pointers(world, alpha, cam, surface.get_size()):
            rate = 0.5 if state != B.NOTICE else 0.3
            pulse = 1.0 if self.reduced_motion else 1.0 + 0.15 * math.sin(self.ticks * rate)
            r = 11 * pulse
            ca, sa = math.cos(ang), math.sin(ang)
            # The pointer: one chevron, two while it charges or swipes.
            for k in range(1 if state == B.NOTICE else 2):
                off = r + 2 + k * 6
                tip = (px + ca * (off + 8), py + sa * (off + 8))
                base1 = (px + ca * off - sa * 6, py + sa * off + ca * 6)
                base2 = (px + ca * off + sa * 6, py + sa * off - ca * 6)
                pygame.draw.polygon(surface, P["ink"], [(tip[0] + 1, tip[1] + 1), base1, base2])
                pygame.draw.polygon(surface, P["red"], [tip, base1, base2])
                pygame.draw.polygon(surface, P["ink"], [tip, base1, base2], 1)
            pygame.draw.circle(surface, P["ink"], (int(px) + 1, int(py) + 1), int(r) + 1)
            pygame.draw.circle(surface, P["snow_white"], (int(px), int(py)), int(r))
            pygame.draw.circle(surface, P["red"], (int(px), int(py)), int(r), 2)
            surface.blit(icon, (int(px - icon.get_width() / 2), int(py - icon.get_height() / 2)))
            if state == B.NOTICE:
                warning_sign(surface, px - ca * (r + 10), py - sa * (r + 10) - 2, 0.6)
