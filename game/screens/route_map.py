"""The route map of Alaska as the level select: the legs as nodes at their end towns along the
trail from Nenana to Nome, locked ones with a padlock, best stars per leg, and a cursor.

Two modes (see game/session/campaign.py): the campaign (Enter continues the campaign at its
next leg; R, or Enter on the first leg, starts a new one after asking) and practice (Enter
runs any unlocked leg with a full crate). Left/Right follow the trail west/east on screen,
Up/Down step to the previous/next leg; Esc goes back to the title.
"""
from __future__ import annotations

import math

import pygame

from game.content.legs import LEGS
from game.input import actions as I
from game.render.palette import PALETTE as P
from game.render.route_geometry import START_TOWN, geometry
from game.screens.backdrops import ui_image
from game.screens.base import H, Screen, W, draw_star, panel
from game.screens.nav import Navigator
from game.screens.widgets import Toast, key
from game.session.campaign import CAMPAIGN, PRACTICE, Campaign, leg_info, track_for_act
from game.session.services import Services

PLATE_ABOVE_Y, PLATE_BELOW_Y = 56, 180
INFO_TOP = 256


def map_image() -> pygame.Surface | None:
    """The route map picture (assets/ui/route_map.png), or None when it is missing."""
    return ui_image("route_map")


def draw_lock(surface: pygame.Surface, cx: int, cy: int, colour: tuple[int, int, int] = P["rock_light"],
              size: int = 1) -> None:
    """A padlock (shackle over a body with a keyhole): locked is a shape, not a colour."""
    s = size
    body = pygame.Rect(0, 0, 9 * s, 7 * s)
    body.midtop = (cx, cy - 1 * s)
    shackle = pygame.Rect(0, 0, 7 * s, 8 * s)
    shackle.midbottom = (cx, body.top + 3 * s)
    pygame.draw.rect(surface, P["ink"], shackle.inflate(2, 2), 1 + s, border_radius=3 * s)
    pygame.draw.rect(surface, colour, shackle, s + 1 if s > 1 else 2, border_radius=3 * s)
    pygame.draw.rect(surface, P["ink"], body.inflate(2, 2))
    pygame.draw.rect(surface, colour, body)
    pygame.draw.rect(surface, P["ink"], (cx - s // 2 - 1 + (s == 1), body.top + 2 * s, max(1, s), 3 * s))


def leg_stars(campaign: Campaign, index: int) -> int:
    return campaign.progress.record(LEGS[index].id).best_stars


class RouteMapScreen(Screen):
    """The level select over the map of Alaska (see the module docstring)."""

    name = "route_map"

    def __init__(self, nav: Navigator, services: Services, mode: str = PRACTICE, select: int | None = None,
                 notice: str | None = None) -> None:
        super().__init__(nav, services)
        self.mode = mode
        self.ctl = services.campaign
        self.geo = geometry()
        self.toast = Toast()
        self.shake = 0  # ticks the selected lock still shakes (Enter on a locked leg)
        cur = self.ctl.current_index()
        if select is None:
            if mode == CAMPAIGN:
                select = cur if cur is not None else 0
            else:
                unlocked = [i for i in range(len(LEGS)) if self.ctl.is_unlocked(i)]
                select = unlocked[-1] if unlocked else 0
        self.index = max(0, min(select, len(LEGS) - 1))
        act = LEGS[cur].act if (mode == CAMPAIGN and cur is not None) else LEGS[self.index].act
        services.audio.music(track_for_act(act))
        if notice:
            self.toast.show(notice, P["gold"], 240)

    # input -------------------------------------------------------------------------
    def handle(self, action: str) -> None:
        if action == I.BACK:
            self.nav.title()
        elif action in (I.LEFT, I.DOWN):
            self.index = min(self.index + 1, len(LEGS) - 1)
            self.shake = 0
        elif action in (I.RIGHT, I.UP):
            self.index = max(self.index - 1, 0)
            self.shake = 0
        elif action == I.CONFIRM:
            self._confirm()
        elif action == I.RESTART and self.mode == CAMPAIGN:
            self._ask_new_campaign()

    def _confirm(self) -> None:
        i = self.index
        if not self.ctl.is_unlocked(i) and not (self.mode == CAMPAIGN and self.ctl.current_index() == i):
            self.shake = 24
            prev = LEGS[i - 1]
            self.toast.show(f"Locked. Finish leg {i} ({leg_info(prev.id).title}) to open it.", P["warning"])
            return
        if self.mode == PRACTICE:
            self.nav.start_leg(i, PRACTICE)
            return
        cur = self.ctl.current_index()
        if cur is None:
            self.nav.new_campaign()
        elif i == cur:
            self.nav.continue_campaign()
        elif i == 0:
            self._ask_new_campaign()
        else:
            self.toast.show(f"The campaign goes on with leg {cur + 1}, to {LEGS[cur].place}. "
                            "Other legs: Practice, on the title screen.", P["snow_white"])

    def _ask_new_campaign(self) -> None:
        if not self.ctl.in_progress():
            self.nav.new_campaign()
            return
        c = self.ctl.progress.campaign
        cur = self.ctl.current_index() or 0
        detail = (f"The campaign is on leg {cur + 1} of {len(LEGS)} with {c.vials} of {c.vials_start} vials. "
                  f"A new one starts again from Nenana with a full crate of {c.vials_start}.")
        self.nav.confirm("Start a new campaign?", detail, self.nav.new_campaign,
                         yes="Yes, start over", no="No, keep going")

    def update_tick(self) -> None:
        super().update_tick()
        self.toast.update_tick()
        if self.shake:
            self.shake -= 1

    # drawing -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        img = map_image()
        if img is not None:
            surface.blit(img, (0, 0))
        else:
            surface.fill(P["snow_mid"])
        t = self.ticks + alpha
        self._draw_trail(surface)
        plates = self._plates()
        for i, rect in enumerate(plates):
            self._draw_leader(surface, i, rect)
        self._draw_start(surface)
        for i in range(len(LEGS)):
            self._draw_node(surface, i, t)
        for i, rect in enumerate(plates):
            self._draw_plate(surface, i, rect)
        self._draw_header(surface)
        self._draw_info(surface)
        self.toast.draw(surface, self.services.assets.text, INFO_TOP - 44)

    def _state(self, i: int) -> str:
        rec = self.ctl.progress.record(LEGS[i].id)
        if rec.finished:
            return "done"
        if self.ctl.is_unlocked(i) or (self.mode == CAMPAIGN and self.ctl.current_index() == i):
            return "open"
        return "locked"

    def _draw_trail(self, surface: pygame.Surface) -> None:
        cur = self.ctl.current_index() if self.mode == CAMPAIGN else None
        for i, path in enumerate(self.geo.paths):
            pts = [(int(round(x)), int(round(y))) for x, y in path]
            if len(pts) < 2:
                continue
            state = self._state(i)
            ran = cur is not None and i < cur
            pygame.draw.lines(surface, P["ink"], False, [(x, y + 1) for x, y in pts], 4)
            if state == "locked":
                pygame.draw.lines(surface, P["rock"], False, pts, 3)
                _dashes(surface, pts, P["snow_shadow"])
            else:
                pygame.draw.lines(surface, P["red_dark"] if state == "open" else P["wood"], False, pts, 3)
                pygame.draw.lines(surface, P["gold"] if (ran or state == "done") else P["orange"], False, pts, 1)

    def _draw_start(self, surface: pygame.Surface) -> None:
        x, y = (int(v) for v in self.geo.start)
        pygame.draw.line(surface, P["ink"], (x + 1, y + 1), (x + 1, y - 11), 2)
        pygame.draw.line(surface, P["wood_dark"], (x, y), (x, y - 12), 2)
        pygame.draw.polygon(surface, P["red"], [(x + 1, y - 12), (x + 9, y - 9), (x + 1, y - 6)])
        pygame.draw.circle(surface, P["ink"], (x, y), 3)
        pygame.draw.circle(surface, P["snow_white"], (x, y), 2)
        self.services.assets.text.draw(surface, START_TOWN, (x + 8, y + 4), P["snow_white"], outline=True)

    def _draw_node(self, surface: pygame.Surface, i: int, t: float) -> None:
        x, y = (int(round(v)) for v in self.geo.nodes[i])
        state = self._state(i)
        sel = i == self.index
        if sel:
            r = 9 + int(round(math.sin(t * 0.15)))
            pygame.draw.circle(surface, P["ink"], (x, y), r + 1, 3)
            pygame.draw.circle(surface, P["gold"], (x, y), r, 2)
        if state == "locked":
            dx = int(round(math.sin(self.shake * 1.3) * 2)) if sel and self.shake else 0
            draw_lock(surface, x + dx, y - 2)
            return
        pygame.draw.circle(surface, P["ink"], (x, y), 6)
        if state == "done":
            pygame.draw.circle(surface, P["gold"], (x, y), 5)
            pygame.draw.circle(surface, P["orange"], (x, y), 5, 1)
            pygame.draw.lines(surface, P["ink"], False, [(x - 2, y), (x - 1, y + 2), (x + 3, y - 2)], 2)
        else:
            pygame.draw.circle(surface, P["snow_white"], (x, y), 5)
            pygame.draw.circle(surface, P["night"], (x, y), 2)
        if self.mode == CAMPAIGN and self.ctl.current_index() == i:
            # The crate is on its way here: a small sled flag that bobs.
            by = y - 16 + int(round(math.sin(t * 0.1) * 1.5))
            pygame.draw.polygon(surface, P["ink"], [(x - 4, by - 1), (x + 5, by - 1), (x, by + 6)])
            pygame.draw.polygon(surface, P["gold"], [(x - 3, by), (x + 4, by), (x, by + 4)])

    def _plate_size(self, i: int) -> tuple[int, int]:
        text = self.services.assets.text
        return max(text.size(f"{i + 1}  {LEGS[i].place}")[0], 20 + text.size("locked")[0], 36) + 14, 27

    def _plates(self) -> list[pygame.Rect]:
        """Label plates above (legs 1, 3, 5, 7) and below (2, 4, 6, 8) the trail, pushed
        apart so none overlap, each tied to its node by a leader line."""
        rects: list[pygame.Rect] = [pygame.Rect(0, 0, 0, 0)] * len(LEGS)
        for row in (0, 1):
            idx = [i for i in range(len(LEGS)) if i % 2 == row]
            idx.sort(key=lambda i: self.geo.nodes[i][0])
            placed: list[pygame.Rect] = []
            for i in idx:
                w, h = self._plate_size(i)
                r = pygame.Rect(0, 0, w, h)
                r.centerx = int(self.geo.nodes[i][0])
                r.top = PLATE_ABOVE_Y if row == 0 else PLATE_BELOW_Y
                r.left = max(4, r.left)
                if placed and r.left < placed[-1].right + 6:
                    r.left = placed[-1].right + 6
                placed.append(r)
                rects[i] = r
            overflow = placed[-1].right - (W - 4) if placed else 0
            if overflow > 0:  # push back from the right edge
                for k in range(len(placed) - 1, -1, -1):
                    placed[k].x -= overflow
                    if k and placed[k - 1].right + 6 > placed[k].left:
                        overflow = placed[k - 1].right + 6 - placed[k].left
                    else:
                        break
        return rects

    def _draw_leader(self, surface: pygame.Surface, i: int, rect: pygame.Rect) -> None:
        x, y = self.geo.nodes[i]
        end = (rect.centerx, rect.bottom if i % 2 == 0 else rect.top)
        col = P["gold"] if i == self.index else P["snow_white"]
        pygame.draw.line(surface, P["ink"], (int(x) + 1, int(y)), (end[0] + 1, end[1]), 1)
        pygame.draw.line(surface, col, (int(x), int(y)), end, 1)

    def _draw_plate(self, surface: pygame.Surface, i: int, rect: pygame.Rect) -> None:
        text = self.services.assets.text
        sel = i == self.index
        state = self._state(i)
        panel(surface, rect, P["hud_bg"], 225, P["gold"] if sel else P["snow_shadow"])
        name_col = P["rock_light"] if state == "locked" else (P["gold"] if sel else P["snow_white"])
        text.draw(surface, f"{i + 1}", (rect.left + 6, rect.top + 3), P["hud_dim"])
        text.draw(surface, LEGS[i].place, (rect.left + 6 + text.size(f"{i + 1}  ")[0], rect.top + 3), name_col)
        cy = rect.top + 19
        if state == "locked":
            draw_lock(surface, rect.left + 11, cy - 3)
            text.draw(surface, "locked", (rect.left + 20, cy - 4), P["rock_light"])
        else:
            stars = leg_stars(self.ctl, i)
            for k in range(3):
                draw_star(surface, rect.left + 11 + k * 11, cy, 4.5, k < stars)

    def _draw_header(self, surface: pygame.Surface) -> None:
        text = self.services.assets.text
        bar = pygame.Rect(0, 0, W, 28)
        panel(surface, bar, P["hud_bg"], 215, None)
        text.draw(surface, "THE TRAIL TO NOME", (10, 6), P["snow_white"], 2)
        mode = "CAMPAIGN" if self.mode == CAMPAIGN else "PRACTICE"
        tag_w = text.size(mode)[0] + 12
        tag = pygame.Rect(0, 0, tag_w, 15)
        tag.topleft = (10 + text.size("THE TRAIL TO NOME", 2)[0] + 10, 7)
        panel(surface, tag, P["red_dark"] if self.mode == CAMPAIGN else P["spruce"], 255, P["gold"])
        text.draw(surface, mode, (tag.centerx, tag.top + 3), P["snow_white"], align="center")
        prog = self.ctl.progress
        if self.mode == CAMPAIGN:
            c = prog.campaign
            sp = self.services.assets.sprites
            if c.active:
                words = f"Crate: {c.vials} of {c.vials_start} vials"
            elif c.finished:
                words = f"Last campaign: {c.vials} vials reached Nome"
            else:
                words = "A new crate of 20 vials waits at Nenana"
            r = text.draw(surface, words, (W - 10, 9), P["gold"], align="right")
            surface.blit(sp.frame("vial"), (r.left - 12, 7))
        else:
            total = prog.total_stars
            r = text.draw(surface, f"{total} of {3 * len(LEGS)}", (W - 10, 9), P["gold"], align="right")
            draw_star(surface, r.left - 9, 13, 6, True)
            text.draw(surface, "Full crate every leg", (r.left - 20, 9), P["snow_light"], align="right")

    def _draw_info(self, surface: pygame.Surface) -> None:
        text = self.services.assets.text
        i = self.index
        leg = LEGS[i]
        info = leg_info(leg.id)
        state = self._state(i)
        box = pygame.Rect(8, INFO_TOP, W - 16, H - INFO_TOP - 22)
        panel(surface, box, P["hud_bg"], 235, P["gold"])
        frm = LEGS[i - 1].place if i else START_TOWN
        text.draw(surface, f"LEG {i + 1} OF {len(LEGS)}   {frm.upper()} TO {leg.place.upper()}",
                  (box.left + 10, box.top + 7), P["gold"])
        text.draw(surface, info.title, (box.left + 10, box.top + 20), P["snow_white"], 2)
        bits = [f"{info.miles:g} miles"] if info.miles else []
        if info.musher:
            bits.append(f"musher {info.musher}")
        text.draw(surface, "   ".join(bits), (box.left + 10, box.top + 42), P["snow_light"])
        rec = self.ctl.progress.record(leg.id)
        best = self.ctl.scores.best(leg.id)
        rx = box.right - 10
        if state == "locked":
            draw_lock(surface, rx - 140, box.top + 12, size=2)
            text.draw(surface, "LOCKED", (rx, box.top + 8), P["rock_light"], 2, align="right")
            text.draw(surface, f"Finish leg {i} first", (rx, box.top + 30), P["snow_light"], align="right")
        else:
            score = max(rec.best_score, best.score if best else 0)
            if rec.finished or score:
                text.draw(surface, "BEST", (rx - 118, box.top + 8), P["hud_dim"])
                if best is not None and best.score >= score:  # whose it is (the table's top)
                    text.draw(surface, f"by {best.name}", (rx, box.top + 45), P["snow_light"], align="right")
                text.draw(surface, f"{score:,}", (rx, box.top + 6), P["snow_white"], 2, align="right")
                for k in range(3):
                    draw_star(surface, rx - 108 + k * 20, box.top + 36, 7, k < rec.best_stars)
                words = ["no stars", "1 star", "2 stars", "3 stars"][rec.best_stars]
                mark = "  (assist)" if (rec.stars_assisted or rec.score_assisted) else ""
                text.draw(surface, words + mark, (rx, box.top + 32), P["snow_light"], align="right")
            else:
                text.draw(surface, "Not run yet", (rx, box.top + 8), P["snow_light"], 2, align="right")
        text.draw(surface, self._status(i, state), (box.left + 10, box.bottom - 17), P["hud_dim"])
        hint = self._hint(state)
        text.draw(surface, hint, (W // 2, H - 16), P["snow_light"], align="center", outline=True)

    def _status(self, i: int, state: str) -> str:
        """One line on what Enter would do here, in words."""
        if self.mode == PRACTICE:
            if state == "locked":
                return "Practice opens each leg once the leg before it is finished."
            return f"Practice: a full crate of {leg_info(LEGS[i].id).vials} vials; stars and scores count."
        c = self.ctl.progress.campaign
        cur = self.ctl.current_index()
        if cur is None:
            return "The campaign carries one crate of 20 vials from Nenana to Nome."
        if i == cur:
            frm = LEGS[i - 1].place if i else START_TOWN
            return f"The crate leaves {frm} with {c.vials} vials. What breaks here is gone for good."
        if i < cur:
            done = next((x for x in c.legs if x.leg == LEGS[i].id), None)
            if done is not None:
                return f"In this campaign: {done.vials_before} vials in, {done.vials_after} delivered."
        return f"The campaign runs the legs in order; leg {cur + 1} is next."

    def _hint(self, state: str) -> str:
        f = self.services.prompts
        move = f"{key(f, 'leftright', 'ARROWS')} choose leg"
        ok, back = key(f, "confirm", "ENTER"), f"{key(f, 'back', 'ESC')} back"
        if self.mode == PRACTICE:
            act = f"{ok} run this leg" if state != "locked" else "locked"
            return f"{move}    {act}    {back}"
        cur = self.ctl.current_index()
        if cur is None:
            return f"{move}    {ok} start the campaign at Nenana    {back}"
        if self.index == cur:
            go = f"{ok} continue leg {cur + 1}"
        elif self.index == 0:
            go = f"{ok} new campaign"
        else:
            go = f"leg {cur + 1} is next (leg 1: new campaign)"
        return f"{move}    {go}    {back}"


def _dashes(surface: pygame.Surface, pts: list[tuple[int, int]], colour: tuple[int, int, int]) -> None:
    """Short gaps along a polyline: a trail not yet open reads as dashed, not just grey."""
    carry = 0.0
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        L = math.hypot(bx - ax, by - ay)
        d = carry
        while d < L:
            t0, t1 = d / L, min(d + 3, L) / L
            pygame.draw.line(surface, colour, (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                             (ax + (bx - ax) * t1, ay + (by - ay) * t1), 1)
            d += 7
        carry = d - L
