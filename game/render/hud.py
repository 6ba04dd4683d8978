"""The HUD: vials, stamina, time, miles left, the leg title, short messages and the hazard
widgets (game.render.hazard_hud: bear pointers, wind, thin ice, senses, subtitles).

It reads the World and reacts to each tick's events; it decides nothing about the rules.
Every cue has a shape or words as well as a colour. `style(...)` switches the player's
accessibility settings: reduced motion (nothing blinks or flickers) and high contrast (solid
black panels, white words and outlined bars).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pygame

from game.render import Assets
from game.render.floating import place
from game.render.hazard_hud import HazardHud
from game.render.hazard_views import MESSAGES
from game.render.hud_bar import BAR_H, LOW_STAMINA, Clock, TopBar, clock_text
from game.render.palette import PALETTE as P
from game.render.presentation import Message
from game.sim import events as E
from game.sim.causes import cause_words
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import TICK_HZ, World

SPLIT_TICKS = 4 * TICK_HZ  # a split at a checkpoint stays this long
TITLE_PAD = 1  # the outline's margin around a scale-1 text picture (game.render.Text)
# cause_words: game.sim.causes
__all__ = ["BAR_H", "LOW_STAMINA", "Clock", "Hud", "Toast", "cause_words", "clock_text", "destination", "split_words"]


def destination(world: World) -> str:
    """Where the leg ends, for 'mi to ...': the finish object's name, or the title's end."""
    for fin in world.level.of_kind("finish"):
        if fin.name and fin.name.lower() not in ("finish", "end"):
            return fin.name
    title = world.level.title
    for sep in (" to ", " - ", "-", "->"):
        if sep in title:
            return title.rsplit(sep, 1)[1].strip() or "the finish"
    return "the finish"


def split_words(seconds: float) -> str:
    """A split against the ghost: '+1.2 s' (behind it), '-0.8 s' (ahead), '+0.0 s' (level)."""
    tenths = round(seconds * 10)
    sign = "-" if tenths < 0 else "+"
    return f"{sign}{abs(tenths) // 10}.{abs(tenths) % 10} s"


@dataclass
class Split:
    """The split at the last checkpoint against the ghost (seconds; + is behind)."""

    seconds: float
    place: str
    ticks: int = SPLIT_TICKS


@dataclass
class Toast:
    """A message: centred under the bar (floating=False) or rising from a world point."""

    text: str
    colour: tuple[int, int, int]
    ticks: int
    total: int
    icon: str = ""
    x: float = 0.0
    y: float = 0.0
    floating: bool = False


class Hud:
    """Draws the top bar and messages for one run."""

    def __init__(self, assets: Assets, world: World) -> None:
        self.assets = assets
        self.toasts: list[Toast] = []
        self.ticks = 0
        self.vials_shown = world.vials
        self.lost_flash = 0  # ticks the vial row stays highlighted after a loss
        self.dest = destination(world)
        self.bar = TopBar(assets)  # the top bar, repainted where it changes
        self._title_of: tuple[Level, str, pygame.Surface] | None = None  # (level, title, picture)
        self.hazards = HazardHud(assets, world)
        self._said: set[str] = set()  # one-time hints already shown this run
        self.reduced_motion = False
        self.high_contrast = False
        self.split: Split | None = None
        self.toast(world.level.title, P["hud_text"], 3.0)

    def style(self, reduced_motion: bool = False, high_contrast: bool = False, prompts=None) -> None:
        """The player's accessibility settings (and the button prompts for hints)."""
        self.reduced_motion = reduced_motion
        self.high_contrast = high_contrast
        self.hazards.style(reduced_motion, high_contrast, prompts)

    def hint(self, key: str, text: str, colour: tuple[int, int, int], seconds: float = 2.5, icon: str = "") -> None:
        """A toast shown only the first time in a run (hazard hints)."""
        if key not in self._said:
            self._said.add(key)
            self.toast(text, colour, seconds, icon)

    def toast(self, text: str, colour: tuple[int, int, int], seconds: float = 2.5, icon: str = "") -> None:
        """A centred message under the bar; a newer one pushes the older ones down."""
        n = int(seconds * TICK_HZ)
        self.toasts = [t for t in self.toasts if t.floating or t.text != text]
        self.toasts.append(Toast(text, colour, n, n, icon))

    def on_events(self, world: World, events: Iterable[Event]) -> None:
        """React to one tick's events."""
        events = list(events)
        for ev in events:
            if isinstance(ev, E.Checkpoint):
                self.toast(f"{ev.name or 'Checkpoint'} reached", P["good"], 3.0, "flag_reached")
            elif isinstance(ev, E.VialsLost):
                n = ev.vials
                text = f"-{n} vial{'s' if n != 1 else ''}: {cause_words(ev.cause)}"
                self.toasts.append(Toast(text, P["danger"], 100, 100, "vial_broken",
                                         world.team.x, world.team.y - 34, True))
                self.lost_flash = 60
            elif isinstance(ev, E.Tired):
                self.toast("The dogs are tired - ease off!", P["warning"], 2.0, "paw")
            elif isinstance(ev, E.Respawn):
                self.toast(f"Back on the trail at {ev.place}", P["hud_text"], 2.0)
            else:
                rule = MESSAGES.get(ev.kind)  # the hazards' messages (game.render.hazard_views)
                msg = rule(ev) if rule is not None else None
                if msg is not None:
                    self.show(msg, ev)
        self.hazards.on_events(world, events)

    def show(self, msg: Message, ev: Event) -> None:
        """A hazard's message for `ev`: a floating word at its place, a one-time hint or a toast."""
        if msg.floating:
            n = round(msg.seconds * TICK_HZ)
            self.toasts.append(Toast(msg.text, msg.colour, n, n, msg.icon, ev.x, ev.y - msg.dy, True))
        elif msg.hint:
            self.hint(msg.hint, msg.text, msg.colour, msg.seconds, msg.icon)
        else:
            self.toast(msg.text, msg.colour, msg.seconds, msg.icon)

    def show_split(self, seconds: float, place: str = "") -> None:
        """The split against the ghost at a checkpoint, held for a few seconds."""
        self.split = Split(seconds, place)

    def update_tick(self) -> None:
        """Age the messages by one tick."""
        self.ticks += 1
        if self.split is not None:
            self.split.ticks -= 1
            if self.split.ticks <= 0:
                self.split = None
        for t in self.toasts:
            t.ticks -= 1
        self.toasts = [t for t in self.toasts if t.ticks > 0]
        if self.lost_flash:
            self.lost_flash -= 1
        self.hazards.update_tick()

    # -- drawing -------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, world: World, alpha: float = 0.0,
             cam: tuple[int, int] = (0, 0)) -> None:
        """Draw the bar and messages; `cam` places the floating texts."""
        surface.blit(self._bar(world, alpha), (0, 0))
        if not self.hazards.subtitles.showing:
            title, pic = self._title(world)
            sh = surface.get_height()
            if self.high_contrast:
                w, h = self.assets.text.size(title)
                surface.fill(P["ink"], (2, sh - 17, w + 8, h + 5))
            surface.blit(pic, (6 - TITLE_PAD, sh - 14 - TITLE_PAD))
        self.hazards.draw(surface, world, alpha, cam)
        if self.split is not None:
            self._draw_split(surface, self.split)
        self._draw_toasts(surface, alpha, cam, BAR_H + 8 + (22 if self.hazards.ice_showing(world) else 0))

    def _title(self, world: World) -> tuple[str, pygame.Surface]:
        """The leg's title and its outlined picture (kept per level: drawn every frame)."""
        if self._title_of is None or self._title_of[0] is not world.level:
            leg = world.level.properties.get("leg")
            title = f"Leg {leg}: {world.level.title}" if leg else world.level.title
            self._title_of = (world.level, title, self.assets.text.render(title, P["hud_text"], outline=True))
        return self._title_of[1], self._title_of[2]

    def _bar(self, world: World, alpha: float) -> pygame.Surface:
        """The top bar (vials, stamina, clock, miles) on its own translucent surface
        (game.render.hud_bar), so a frame costs one blit. Everything on the bar is opaque
        over the strip, so the pixels are the same as drawing each piece over the world."""
        return self.bar.get(world, alpha, self.ticks, self.lost_flash, self.reduced_motion,
                            self.high_contrast, self.dest)

    def _draw_toasts(self, surface: pygame.Surface, alpha: float, cam: tuple[int, int],
                     top: int = BAR_H + 8) -> None:
        txt = self.assets.text
        sp = self.assets.sprites
        y = top
        for t in self.toasts:
            age = t.total - t.ticks + alpha
            if t.floating:
                rise = age * 0.35
                sx, sy = place(txt.size(t.text), t.x - cam[0] + 6, t.y - cam[1] - rise, surface, top - 8)
                if t.ticks > 12 or self.reduced_motion or (t.ticks // 3) % 2:
                    if self.high_contrast:
                        self._plate(surface, t.text, sx, sy)
                    r = txt.draw(surface, t.text, (sx, sy), t.colour, align="center", outline=True)
                    if t.icon:
                        sp.draw(surface, t.icon, r.left - 6, r.centery + 1, index=0)
                continue
            if t.ticks < 20 and not self.reduced_motion and (t.ticks // 3) % 2 == 0:
                y += 14
                continue
            if self.high_contrast:
                self._plate(surface, t.text, 320, y)
            r = txt.draw(surface, t.text, (320, y), t.colour, align="center", outline=True)
            if t.icon:
                sp.draw(surface, t.icon, r.left - 8, r.centery + 3, index=0)
            y += 14

    def _draw_split(self, surface: pygame.Surface, split: Split) -> None:
        """Under the bar at the left: the split in big figures, red and 'behind' when slower,
        green and 'ahead' when faster (words as well as colour), and where it was taken."""
        txt = self.assets.text
        behind = round(split.seconds * 10) > 0
        col = P["danger"] if behind else P["good"]
        words = split_words(split.seconds)
        label = f"{'behind' if behind else 'ahead of'} your best"
        place = (split.place or "checkpoint")[:22]
        w = max(txt.size(words, 2)[0], txt.size(label)[0], txt.size(place)[0]) + 14
        box = pygame.Rect(6, BAR_H + 6, w, 46)
        plate = pygame.Surface(box.size, pygame.SRCALPHA)
        plate.fill((*P["ink"], 255) if self.high_contrast else (*P["hud_bg"], 220))
        surface.blit(plate, box.topleft)
        pygame.draw.rect(surface, col, box, 1)
        txt.draw(surface, place, (box.left + 7, box.top + 4), P["hud_dim"] if not self.high_contrast
                 else P["snow_white"])
        txt.draw(surface, words, (box.left + 7, box.top + 15), col, 2, outline=True)
        txt.draw(surface, label, (box.left + 7, box.top + 34), P["snow_light"])

    def _plate(self, surface: pygame.Surface, text: str, cx: float, y: float) -> None:
        """A solid black plate behind a message (high contrast)."""
        w, h = self.assets.text.size(text)
        r = pygame.Rect(0, 0, w + 10, h + 4)
        r.midtop = (int(cx), int(y) - 2)
        surface.fill(P["ink"], r)
        pygame.draw.rect(surface, P["snow_white"], r, 1)
