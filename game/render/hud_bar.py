"""The HUD's top bar (vials, stamina, clock, miles left) kept on one translucent surface.

Why: the bar is drawn every frame but changes a few times a second, and then mostly in one
place (the clock's tenth, the stamina meter's fill). So each frame compares one tuple of
cheap inputs (the clock and the miles formatted only when their text may change), and a
change repaints only the pieces it changed, each in its own rectangle: the strip put back
there, the piece drawn again. The pixels are those of drawing the whole bar afresh (as a
change of style does); were two pieces' rectangles to meet, the whole bar is drawn afresh.
"""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.render import Assets
from game.render.palette import PALETTE as P
from game.sim.team import WINDED_UNTIL
from game.sim.world import TICK_HZ, World

BAR_H = 22
LOW_STAMINA = 0.25  # the bar flashes below this (display only)
METER_W, METER_H = 72, 7  # the stamina meter, px
VIALS, ICON, METER, WORD, CLOCK, MILES = range(6)  # the pieces, in drawing order
NOTHING = pygame.Rect(0, 0, 0, 0)


def clock_text(seconds: float) -> str:
    """mm:ss.t"""
    seconds = max(0.0, seconds)
    m = int(seconds // 60)
    s = seconds - m * 60
    return f"{m:02d}:{s:04.1f}"


_SECONDS = [f"{k // 10:02d}.{k % 10}" for k in range(601)]  # "00.0" ... "60.0": the clock's tenths


class Clock:
    """`clock_text` for a clock that runs on: formatted again only when the text may change.
    The same minute and seconds within 0.05 (less a hair) of the tenth shown round to the
    same text; formatting a float is one of the dearest steps of a HUD frame, so a new tenth
    is worked out in integers and looked up."""

    def __init__(self) -> None:
        self._minute = -1
        self._shown = 0.0  # the seconds the text shows
        self._text = ""

    def text(self, seconds: float) -> str:
        """The same string as clock_text(seconds)."""
        seconds = max(0.0, seconds)
        m = int(seconds // 60)
        s = seconds - m * 60
        if m != self._minute or abs(s - self._shown) >= 0.05 - 1e-9:
            # The tenths as the float format rounds them: s exactly (p / q), half to even.
            p, q = s.as_integer_ratio()
            k, r = divmod(10 * p, q)
            if 2 * r > q or (2 * r == q and k % 2):
                k += 1
            if s > 0.0 and k <= 600:  # (float("12.3") == 123 / 10)
                self._text, self._shown = f"{m:02d}:{_SECONDS[k]}", k / 10
            else:
                self._text = clock_text(seconds)
                self._shown = float(self._text.rsplit(":", 1)[1])
            self._minute = m
        return self._text


def _fill(surface: pygame.Surface, colour: tuple[int, int, int], rect: tuple[int, int, int, int]) -> pygame.Rect:
    """surface.fill(colour, rect) on the bar (RGBA), exactly: zeroed by a multiply, then the
    opaque colour added. SDL's plain fill of a rect 32 px wide or wider costs ~0.4 us a row
    here (about 3 us for the meter), these blend fills a tenth of that."""
    surface.fill((0, 0, 0, 0), rect, pygame.BLEND_RGBA_MULT)
    return surface.fill((*colour, 255), rect, pygame.BLEND_RGBA_ADD)


class TopBar:
    """The bar's surface for one run's HUD, repainted piece by piece as its pieces change."""

    def __init__(self, assets: Assets) -> None:
        self.assets = assets
        self.surface = pygame.Surface((640, BAR_H), pygame.SRCALPHA)
        self._bases = {hc: self._base(hc) for hc in (False, True)}  # the strip alone, as drawn
        self._hc: bool | None = None  # the style the surface shows (None: nothing drawn yet)
        self._state: tuple = ()  # the inputs the bar was last drawn from
        self._keys: list[tuple | str | None] = [None] * 6  # per piece: what it shows
        self._rects = [NOTHING] * 6  # per piece: where it drew
        self._apart = False  # no two pieces' rectangles met when the whole bar was last drawn
        self._label_right = 0  # the vial count's right edge: the stamina piece starts after it
        self._vial_row: tuple[tuple[int, int, int, int], pygame.Surface] | None = None  # (key, icons)
        self._clock = Clock()
        # (nav, cell, nav_start, level, dest, miles shown, text): the miles' text for a cell
        self._miles: tuple = (None, -1, 0.0, None, None, 0.0, "")

    @staticmethod
    def _base(hc: bool) -> pygame.Surface:
        """The empty bar: the translucent strip (solid black with high contrast) and its edge."""
        if hc:
            strip = pygame.Surface((640, BAR_H))
            strip.fill(P["ink"])
            strip.fill(P["snow_white"], (0, BAR_H - 1, 640, 1))
        else:
            strip = pygame.Surface((640, BAR_H), pygame.SRCALPHA)
            strip.fill((*P["hud_bg"], 215))
            strip.fill((*P["ink"], 255), (0, BAR_H - 1, 640, 1))
        base = pygame.Surface((640, BAR_H), pygame.SRCALPHA)
        base.fill((0, 0, 0, 0))
        base.blit(strip, (0, 0))
        return base

    def _restore(self, rect: pygame.Rect) -> None:
        """The empty bar's pixels put back inside `rect`, exactly (added onto zero)."""
        if rect.w and rect.h:
            self.surface.fill((0, 0, 0, 0), rect, pygame.BLEND_RGBA_MULT)
            self.surface.blit(self._bases[bool(self._hc)], rect.topleft, rect, pygame.BLEND_RGBA_ADD)

    # -- what each piece shows -----------------------------------------------------------
    def _miles_text(self, world: World, dest: str) -> str:
        """'12.3 mi to Nenana': formatted again only when the team's cell changed and the
        miles moved off the tenth shown (the miles depend on the cell alone)."""
        nav, team = world.nav, world.team
        cell = nav.cell(team.x, team.y)
        m = self._miles
        if m[0] is nav and m[1] == cell and m[2] == world.nav_start and m[3] is world.level and m[4] is dest:
            return m[6]
        miles = world.miles_left
        text, shown = m[6], m[5]
        if m[4] is not dest or miles < 0.05 or abs(miles - shown) >= 0.05 - 1e-9:  # (as Clock)
            num = f"{miles:4.1f}"
            text, shown = f"{num} mi to {dest}", float(num)
        self._miles = (nav, cell, world.nav_start, world.level, dest, shown, text)
        return text

    def get(self, world: World, alpha: float, ticks: int, flash: int, rm: bool, hc: bool,
            dest: str) -> pygame.Surface:
        """The bar for this frame (`ticks`: the HUD's tick count, `flash`: ticks left of the
        lost-vial highlight, `rm`/`hc`: reduced motion, high contrast). Drawn again only
        where it changed; a change of style draws it all afresh."""
        team = world.team
        st = team.stamina
        secs = (world.finish_tick if world.outcome else world.tick + alpha) / TICK_HZ
        # The meter's fill from the stamina unclamped: it changes whenever the clamped one does
        # (a blizzard drains stamina every tick, the fill moves a pixel every few seconds).
        state = (self._clock.text(secs), self._miles_text(world, dest), round(METER_W * st), st < LOW_STAMINA,
                 team.winded, team.mushing, world.vials, world.vials_start, flash, hc, rm,
                 (ticks // 8) % 2 if st < LOW_STAMINA else 0, (ticks // 10) % 2 if team.winded else 0)
        last = self._state
        if state != last:  # (everything the pieces show follows from these)
            self._state = state
            if state[1:] == last[1:] and hc == self._hc:  # the clock alone (most changes)
                old = self._rects[CLOCK]
                self._paint(CLOCK, state[0], world, flash, rm)
                if (self._rects[CLOCK] != old or not self._apart) and \
                        self._overlap([*self._rects[:CLOCK], old, self._rects[MILES]], [CLOCK]):
                    self._hc = None
                    self._update(world, ticks, flash, rm, hc, state[0], state[1])
            else:
                self._update(world, ticks, flash, rm, hc, state[0], state[1])
        return self.surface

    def _update(self, world: World, ticks: int, flash: int, rm: bool, hc: bool, clock: str, miles: str) -> None:
        """Each piece's look worked out and compared with what it shows; the changed ones
        repainted (or the whole bar, after a change of style or when pieces would touch)."""
        team = world.team
        st = max(0.0, min(1.0, team.stamina))
        low = st < LOW_STAMINA
        blink = low and not rm and (ticks // 8) % 2 == 0
        if team.winded:
            word = "WINDED"
            col = P["gold"] if hc else P["danger"] if (rm or (ticks // 10) % 2) else P["warning"]
        elif team.mushing:
            word, col = "MUSH", P["gold"]
        elif low:
            word, col = "LOW", P["gold"] if hc else P["danger"] if blink else P["warning"]
        else:
            word, col = "", P["gold"]
        vials = (world.vials, world.vials_start, flash > 0, bool(flash) and (rm or (flash // 6) % 2 == 1))
        full = hc != self._hc
        if full:
            self._hc = hc
            self._restore(self.surface.get_rect())
            self._rects = [NOTHING] * 6
            self._keys = [None] * 6
        keys, old, changed = self._keys, list(self._rects), []
        if vials != keys[VIALS]:
            self._paint(VIALS, vials, world, flash, rm)
            changed.append(VIALS)
        x = self._label_right + 12
        for i, key in ((ICON, (x, blink)), (METER, (x, int(round(METER_W * st)), low, blink, team.winded)),
                       (WORD, (x, word, col)), (CLOCK, clock), (MILES, miles)):
            if key != keys[i]:
                self._paint(i, key, world, flash, rm)
                changed.append(i)
        if changed and not full and self._overlap(old, changed):  # two pieces touch: the whole bar afresh
            self._hc = None
            self._update(world, ticks, flash, rm, hc, clock, miles)
        elif full:  # whether no two pieces meet (else every repaint checks, and redraws all)
            self._apart = not self._overlap([NOTHING] * 6, list(range(6)))

    def _overlap(self, old: list[pygame.Rect], changed: list[int]) -> bool:
        """Whether a repainted piece's old or new rectangle meets another piece's, old or new."""
        rects = self._rects
        for i in changed:
            others = [r for j, r in enumerate(rects) if j != i] + [old[j] for j in changed if j != i]
            if old[i].collidelist(others) >= 0 or rects[i].collidelist(others) >= 0:
                return True
        return False

    def _paint(self, i: int, key: Any, world: World, flash: int, rm: bool) -> None:
        """Piece i repainted to show `key` (a tuple, or the clock's or the miles' text): the
        strip put back where it was, then drawn."""
        s = self.surface
        self._restore(self._rects[i])
        if i == VIALS:
            r = self._draw_vials(s, world, 6, flash, rm)
            self._label_right = r.right
        elif i == ICON:
            r = self._draw_icon(s, key[0], key[1])
        elif i == METER:
            r = self._draw_meter(s, *key)
        elif i == WORD:
            r = self.assets.text.draw(s, key[1], (self._meter_x(key[0]) + METER_W + 6, 7), key[2]) \
                if key[1] else NOTHING
        elif i == CLOCK:  # the tenths apart: the rest changes once a second
            r = self.assets.text.draw_cut(s, key, len(key) - 1, (364, 7), align="center")
        else:  # the miles apart from the words after them
            r = self.assets.text.draw_cut(s, key, key.find(" mi to "), (634, 7), align="right")
        self._rects[i] = r
        self._keys[i] = key

    # -- the pieces ----------------------------------------------------------------------
    def _draw_vials(self, surface: pygame.Surface, world: World, x: int, flash: int, rm: bool) -> pygame.Rect:
        """The vial icons (a box round them while a loss flashes) and 'left/start'; returns
        the rectangle drawn (the count's right edge is its right)."""
        sp = self.assets.sprites
        total = max(world.vials_start, 1)
        ok, broken = sp.frame("vial"), sp.frame("vial_broken")
        w = ok.get_width()
        per = 20 if total <= 20 else 10  # more than 20 vials: each icon stands for several
        unit = max(1, math.ceil(total / per))
        icons = math.ceil(total / unit)
        full = math.ceil(world.vials / unit)
        y = (BAR_H - 1 - ok.get_height()) // 2
        step = w + 1
        drawn = []
        if flash and (rm or (flash // 6) % 2):
            box = (x - 2, y - 2, icons * step + 3, ok.get_height() + 4)
            drawn.append(pygame.draw.rect(surface, P["danger"], box, 1))
        key = (icons, full, id(ok), id(broken))
        if self._vial_row is None or self._vial_row[0] != key:  # redrawn only when a vial breaks
            row = pygame.Surface((max(1, icons * step), ok.get_height()), pygame.SRCALPHA)
            for i in range(icons):
                row.blit(ok if i < full else broken, (i * step, 0))
            self._vial_row = (key, row)
        drawn.append(surface.blit(self._vial_row[1], (x, y)))
        x += icons * step + 4
        label = f"{world.vials}/{world.vials_start}"
        r = self.assets.text.draw(surface, label, (x, 7), P["danger"] if flash else P["hud_text"])
        return r.unionall(drawn)

    def _paw(self) -> pygame.Surface:
        sp = self.assets.sprites
        return sp.frame(sp.first("paw", "stamina_icon"))

    def _meter_x(self, x: int) -> int:
        return x + self._paw().get_width() + 4

    def _draw_icon(self, surface: pygame.Surface, x: int, blink: bool) -> pygame.Rect:
        """The paw before the meter (hidden on the off beat of a low-stamina blink)."""
        icon = self._paw()
        if blink:
            return NOTHING
        return surface.blit(icon, (x, (BAR_H - 1 - icon.get_height()) // 2))

    def _draw_meter(self, surface: pygame.Surface, x: int, fill: int, low: bool, blink: bool,
                    winded: bool) -> pygame.Rect:
        """The stamina meter at `x` (the paw's left): its fill, quarter ticks, and while winded
        the mark stamina must come back to."""
        hc = bool(self._hc)
        bx, bw, bh = self._meter_x(x), METER_W, METER_H
        by = (BAR_H - 1 - bh) // 2
        r = _fill(surface, P["snow_white"] if hc else P["ink"], (bx - 1, by - 1, bw + 2, bh + 2))
        _fill(surface, P["ink"] if hc else P["night"], (bx, by, bw, bh))
        col = (P["danger"] if blink else P["warning"]) if low else P["stamina"]
        if fill:
            _fill(surface, col, (bx, by, fill, bh))
            _fill(surface, P["snow_white"] if not low else P["gold"], (bx, by, fill, 1))
        for q in (0.25, 0.5, 0.75):  # ticks so the level reads without colour
            surface.fill(P["ink"], (bx + int(bw * q), by + bh - 2, 1, 2))
        if winded:  # no mushing until stamina is back: mark where
            r = r.union(surface.fill(P["snow_white"], (bx + int(bw * WINDED_UNTIL), by - 2, 1, bh + 4)))
        return r
