"""The HUD's top bar, repainted only where it changed, shows exactly what drawing the whole bar
afresh every frame showed (the way it was drawn before), through the states a player sees:
stamina draining and coming back, low and blinking, winded, mushing, a lost vial's flash, the
styles switched, the clock passing 10:00, the miles going from 10.0 to 9.9 and the vial count
widening ("9/9" to "10/10")."""
import math

import numpy as np
import pygame
import pytest

from game import resources
from game.render.hud import Hud, clock_text
from game.render.hud_bar import BAR_H, LOW_STAMINA
from game.render.palette import PALETTE as P
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.sim.team import WINDED_UNTIL
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


def _strip(hc: bool) -> pygame.Surface:
    if hc:
        s = pygame.Surface((640, BAR_H))
        s.fill(P["ink"])
        s.fill(P["snow_white"], (0, BAR_H - 1, 640, 1))
        return s
    s = pygame.Surface((640, BAR_H), pygame.SRCALPHA)
    s.fill((*P["hud_bg"], 215))
    s.fill((*P["ink"], 255), (0, BAR_H - 1, 640, 1))
    return s


def _old_vials(hud: Hud, surface: pygame.Surface, world, x: int) -> int:
    sp = hud.assets.sprites
    total = max(world.vials_start, 1)
    ok, broken = sp.frame("vial"), sp.frame("vial_broken")
    per = 20 if total <= 20 else 10
    unit = max(1, math.ceil(total / per))
    icons, full = math.ceil(total / unit), math.ceil(world.vials / unit)
    y = (BAR_H - 1 - ok.get_height()) // 2
    step_ = ok.get_width() + 1
    if hud.lost_flash and (hud.reduced_motion or (hud.lost_flash // 6) % 2):
        pygame.draw.rect(surface, P["danger"], (x - 2, y - 2, icons * step_ + 3, ok.get_height() + 4), 1)
    row = pygame.Surface((max(1, icons * step_), ok.get_height()), pygame.SRCALPHA)
    for i in range(icons):
        row.blit(ok if i < full else broken, (i * step_, 0))
    surface.blit(row, (x, y))
    x += icons * step_ + 4
    col = P["danger"] if hud.lost_flash else P["hud_text"]
    return hud.assets.text.draw(surface, f"{world.vials}/{world.vials_start}", (x, 7), col).right


def _old_stamina(hud: Hud, surface: pygame.Surface, world, x: int) -> None:
    sp, txt, hc, rm = hud.assets.sprites, hud.assets.text, hud.high_contrast, hud.reduced_motion
    st = max(0.0, min(1.0, world.team.stamina))
    low = st < LOW_STAMINA
    blink = low and not rm and (hud.ticks // 8) % 2 == 0
    icon = sp.frame(sp.first("paw", "stamina_icon"))
    if not blink:
        surface.blit(icon, (x, (BAR_H - 1 - icon.get_height()) // 2))
    bx, bw, bh = x + icon.get_width() + 4, 72, 7
    by = (BAR_H - 1 - bh) // 2
    pygame.draw.rect(surface, P["snow_white"] if hc else P["ink"], (bx - 1, by - 1, bw + 2, bh + 2))
    surface.fill(P["ink"] if hc else P["night"], (bx, by, bw, bh))
    fill = int(round(bw * st))
    if fill:
        surface.fill((P["danger"] if blink else P["warning"]) if low else P["stamina"], (bx, by, fill, bh))
        surface.fill(P["snow_white"] if not low else P["gold"], (bx, by, fill, 1))
    for q in (0.25, 0.5, 0.75):
        surface.fill(P["ink"], (bx + int(bw * q), by + bh - 2, 1, 2))
    if world.team.winded:
        surface.fill(P["snow_white"], (bx + int(bw * WINDED_UNTIL), by - 2, 1, bh + 4))
        col = P["gold"] if hc else P["danger"] if (rm or (hud.ticks // 10) % 2) else P["warning"]
        txt.draw(surface, "WINDED", (bx + bw + 6, 7), col)
    elif world.team.mushing:
        txt.draw(surface, "MUSH", (bx + bw + 6, 7), P["gold"])
    elif low:
        txt.draw(surface, "LOW", (bx + bw + 6, 7), P["gold"] if hc else P["danger"] if blink else P["warning"])


def _old_bar(hud: Hud, world, alpha: float) -> pygame.Surface:
    """The whole bar drawn afresh, piece after piece (the way every redraw used to go)."""
    bar = pygame.Surface((640, BAR_H), pygame.SRCALPHA)
    bar.fill((0, 0, 0, 0))
    bar.blit(_strip(hud.high_contrast), (0, 0))
    _old_stamina(hud, bar, world, _old_vials(hud, bar, world, 6) + 12)
    txt = hud.assets.text
    secs = (world.finish_tick if world.outcome else world.tick + alpha) / 60
    txt.draw(bar, clock_text(secs), (364, 7), P["hud_text"], align="center")
    txt.draw(bar, f"{world.miles_left:4.1f} mi to {hud.dest}", (634, 7), P["hud_text"], align="right")
    return bar


def _rgba(s: pygame.Surface) -> bytes:
    return pygame.image.tobytes(s, "RGBA")


def _run(assets, dest: str | None = None, ticks: int = 700) -> tuple[int, int]:
    """Drives a run through changing bar states; every frame's bar against the old full
    redraw. Returns (frames whose bar changed, frames where only part of it was repainted)."""
    level = load_level(resources.LEVELS / "02_tolovana_manley.tmx")
    world = create_world(level, 3)
    hud = Hud(assets, world)
    if dest is not None:
        hud.dest = dest
    rng = np.random.default_rng(5)
    changed = partial = 0
    previous = b""
    for i in range(ticks):
        if i == 150:  # the clock just short of 10:00, a crate of 9 that grows to 10
            world.tick = 10 * 60 * 60 - 40
            world.vials_start = world.vials = 9
        if i == 250:
            world.vials_start, world.vials = 10, 10
        if i == 320:
            world.vials_start, world.vials = 40, 37  # more than 20: an icon stands for several
        if 400 <= i < 480:  # the miles from above 10.0 to below it (the text narrows)
            left = world.nav.length_at(world.team.x, world.team.y)
            world.nav_start = left * level.miles / (10.2 - (i - 400) * 0.005)
        step(world, autopilot(world))
        hud.on_events(world, list(world.events))
        hud.update_tick()
        if i % 23 == 0:
            world.team.stamina = float(rng.choice([rng.uniform(0, 1), rng.uniform(0, LOW_STAMINA), 0.0, 1.0]))
            world.team.winded = bool(rng.integers(0, 3) == 0)
            world.team.mushing = bool(rng.integers(0, 2))
        if i % 61 == 0:
            hud.lost_flash = int(rng.integers(0, 60))
            world.vials = int(rng.integers(0, world.vials_start + 1))
        if i % 97 == 0:
            hud.style(reduced_motion=bool(rng.integers(0, 2)), high_contrast=bool(rng.integers(0, 2)))
        world.team.stamina += float(rng.uniform(-0.02, 0.02))  # drifting: the fill moves a pixel now and then
        if i == 600:
            world.outcome, world.finish_tick = "finished", world.tick
        for alpha in (0.0, 0.5):
            rects = list(hud.bar._rects)
            got = _rgba(hud._bar(world, alpha))
            assert got == _rgba(_old_bar(hud, world, alpha)), (i, alpha)
            if got != previous:
                changed += 1
                partial += sum(a != b for a, b in zip(rects, hud.bar._rects)) < 4
            previous = got
    return changed, partial


def test_the_bar_repainted_in_part_is_the_bar_drawn_afresh(assets):
    changed, partial = _run(assets)
    assert changed > 150 and partial > 100  # it changed often, and mostly in one or two places


def test_pieces_that_touch_still_give_the_bar_drawn_afresh(assets):
    """A destination so long its miles run into the clock: the pieces overlap."""
    _run(assets, "the far side of the long frozen river where the serum waits", 260)
