"""Whole-level pictures for designers: the tile layers, the objects with labels, and loss heatmaps.

Uses TileRenderer read-only (its public `draw`) with the camera at (0, 0), so every layer sits
at its offset (parallax does not apply to a picture of the whole map). Works without a display.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from game.render.hazard_views import CAUSE_COLOURS, OBJECT_COLOURS
from game.render.palette import PALETTE as P
from game.render.text import PixelFont
from game.render.tiles import TileRenderer
from game.sim.leveldata import Level, MapObject

RGB = tuple[int, int, int]
CLASS_COLOURS: dict[str, RGB] = OBJECT_COLOURS  # game.render.hazard_views: one table
INK = P["ink"]
MAX_SIDE = 16384  # px: the largest picture drawn, a side
MAX_PIXELS = 100_000_000  # and in all (400 MB)
BLOCK = 2048  # px of the map drawn at a time (a side) when a picture is shrunk from a large map
MAX_TILE = 64  # px: larger map tiles are not drawn (the format's tiles are 16 px)
MAX_LABEL = 96  # characters of a label or header line; longer ones are cut with "..."
_COORD = 1 << 20  # px: coordinates are clamped to this, far beyond any picture, before drawing
_font: PixelFont | None = None


class PictureTooLarge(ValueError):
    """The picture asked for would be larger than MAX_SIDE a side or MAX_PIXELS in all."""


def picture_size(level: Level, scale: float) -> tuple[int, int]:
    """The size of a level's picture (without its header) at `scale`, or raise PictureTooLarge
    naming the largest --scale that fits."""
    w, h = level.pixel_size
    if level.tile_size > MAX_TILE:
        raise PictureTooLarge(f"the map's tiles are {level.tile_size} px; pictures are drawn of maps with tiles "
                              f"of at most {MAX_TILE} px (use 16x16 tiles)")
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if size[0] > MAX_SIDE or size[1] > MAX_SIDE or size[0] * size[1] > MAX_PIXELS:
        fit = min(MAX_SIDE / w, MAX_SIDE / h, (MAX_PIXELS / (w * h)) ** 0.5) * 0.999
        hint = f"use --scale {math.floor(fit * 100) / 100:g} or less" if fit >= 0.05 else \
            "the map is too large to draw even at --scale 0.05"
        raise PictureTooLarge(f"the picture would be {size[0]}x{size[1]} px, more than {MAX_SIDE} px a side "
                              f"or {MAX_PIXELS // 1_000_000} Mpx; {hint}")
    return size


def clip_text(text: str, limit: int = MAX_LABEL) -> str:
    """Text cut to `limit` characters (with "..."), so a huge title or name draws at once."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _c(v: float) -> float:
    """A coordinate clamped to +-_COORD px (pygame's rectangles hold 32-bit ints)."""
    return min(max(float(v), -_COORD), _COORD) if v == v else 0.0


def font() -> PixelFont:
    """The game's pixel font (loaded once)."""
    global _font
    if _font is None:
        _font = PixelFont()
    return _font


def tile_image(level: Level, tiles: TileRenderer | None = None, ms: int = 0) -> pygame.Surface:
    """Every visible tile layer of the level, drawn as the game draws them, at 1 px per px."""
    w, h = level.pixel_size
    picture_size(level, 1.0)
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    (tiles or TileRenderer(level)).draw(surf, (0, 0), ms)
    return surf


def tiles_at(level: Level, scale: float, tiles: TileRenderer | None = None) -> pygame.Surface:
    """The tile layers at `scale`. A map too large to draw at 1 px per px (a picture shrunk
    from it) is drawn a block at a time, so memory stays bounded by the picture."""
    size = picture_size(level, scale)
    w, h = level.pixel_size
    if w * h <= MAX_PIXELS and w <= MAX_SIDE and h <= MAX_SIDE:
        return scaled(tile_image(level, tiles), scale)
    tiles = tiles or TileRenderer(level)
    out = pygame.Surface(size, pygame.SRCALPHA)
    block = pygame.Surface((BLOCK, BLOCK), pygame.SRCALPHA)
    for y0 in range(0, h, BLOCK):
        bh = min(BLOCK, h - y0)
        top, bottom = round(y0 * scale), min(size[1], round((y0 + bh) * scale))
        for x0 in range(0, w, BLOCK):
            bw = min(BLOCK, w - x0)
            left, right = round(x0 * scale), min(size[0], round((x0 + bw) * scale))
            if bottom > top and right > left:
                block.fill((0, 0, 0, 0))
                tiles.draw(block, (x0, y0), 0)
                part = block.subsurface((0, 0, bw, bh))
                out.blit(pygame.transform.smoothscale(part, (right - left, bottom - top)), (left, top))
    return out


def scaled(surf: pygame.Surface, scale: float) -> pygame.Surface:
    """The picture at `scale`: crisp pixels when enlarging, smooth when shrinking."""
    if scale == 1:
        return surf
    size = (max(1, round(surf.get_width() * scale)), max(1, round(surf.get_height() * scale)))
    if scale > 1:
        return pygame.transform.scale(surf, size)
    return pygame.transform.smoothscale(surf, size)


def label(surface: pygame.Surface, text: str, pos: tuple[float, float], colour: RGB, size: int = 1,
          align: str = "center") -> None:
    """A readable label: text on a dark plate, its top edge at pos."""
    draw_plate(surface, clip_text(text), _plate(surface, clip_text(text), pos, size, align), colour, size)


def _plate(surface: pygame.Surface, text: str, pos: tuple[float, float], size: int,
           align: str = "center") -> pygame.Rect:
    """The plate a label would take with its top edge at pos (kept inside the picture's width)."""
    w, h = font().size(text, size)
    x = _c(pos[0]) - w / 2 if align == "center" else _c(pos[0])
    x = min(max(x, 2), surface.get_width() - w - 4)
    return pygame.Rect(int(x) - 2, int(_c(pos[1])) - 1, w + 4, h + 2)


def draw_plate(surface: pygame.Surface, text: str, plate: pygame.Rect, colour: RGB, size: int) -> None:
    """The label's text on its dark plate."""
    bg = pygame.Surface(plate.size, pygame.SRCALPHA)
    bg.fill((*INK, 190))
    surface.blit(bg, plate)
    font().draw(surface, text, (plate.x + 2, plate.y + 1), colour, size)


def leader(plate: pygame.Rect, anchor: tuple[float, float]) -> tuple[tuple[float, float], tuple[int, int]] | None:
    """The line from a label's object to its plate when the label was moved off its place."""
    ax, ay = _c(anchor[0]), _c(anchor[1])
    if abs(plate.centery - ay) > 2 * plate.height or not plate.left <= ax <= plate.right:
        return (ax, ay), (plate.midtop if plate.top > ay else plate.midbottom)
    return None


def _crosses(rect: pygame.Rect, line: tuple[tuple[float, float], tuple[int, int]] | None) -> bool:
    return line is not None and bool(rect.inflate(-2, -2).clipline(line[0], line[1]))


def place_labels(surface: pygame.Surface, wanted: Sequence[tuple[str, tuple[float, float], RGB]],
                 size: int = 1) -> list[tuple[str, pygame.Rect, RGB, tuple[float, float]]]:
    """Where each label goes so that no two overlap: greedily, in the order given (the most
    important first), each at the first free spot of a widening search around where it wants to
    be (below or above, then sideways), preferring a spot whose leader line crosses no other
    label, which lies on no earlier leader and hides no other label's object. A label with no
    free spot near keeps its own place."""
    placed: list[tuple[str, pygame.Rect, RGB, tuple[float, float]]] = []
    taken: list[pygame.Rect] = []
    lines: list[tuple[tuple[float, float], tuple[int, int]]] = []
    anchors = [(_c(pos[0]), _c(pos[1])) for _, pos, _ in wanted]  # where the objects are: kept in sight
    area = surface.get_rect()
    for text, pos, colour in wanted:
        text = clip_text(text)
        home = _plate(surface, text, pos, size)
        step = home.height + 2
        spots = [home]
        for k in range(1, 9):
            for dx, dy in ((0, k * step), (0, -k * step), (k * home.width // 2, 0), (-k * home.width // 2, 0),
                           (home.width // 2, k * step), (-home.width // 2, k * step),
                           (home.width // 2, -k * step), (-home.width // 2, -k * step)):
                spots.append(home.move(dx, dy))
        free = [r for r in spots if area.contains(r) and r.collidelist(taken) < 0]
        others = [a for a in anchors if a != (_c(pos[0]), _c(pos[1]))]
        clean = (r for r in free if not any(_crosses(t, leader(r, pos)) for t in taken)
                 and not any(_crosses(r, line) for line in lines) and not any(r.collidepoint(a) for a in others))
        spot = next(clean, free[0] if free else home)
        taken.append(spot)
        line = leader(spot, pos)
        if line is not None:
            lines.append(line)
        placed.append((text, spot, colour, pos))
    return placed


def _rect(o: MapObject, s: float) -> pygame.Rect:
    return pygame.Rect(round(_c(o.x * s)), round(_c(o.y * s)), max(1, round(_c(o.width * s))),
                       max(1, round(_c(o.height * s))))


def _fill(surface: pygame.Surface, rect: pygame.Rect, colour: RGB, alpha: int) -> None:
    rect = rect.clip(surface.get_rect())  # only what the picture shows
    if rect.width <= 0 or rect.height <= 0:
        return
    over = pygame.Surface(rect.size, pygame.SRCALPHA)
    over.fill((*colour, alpha))
    surface.blit(over, rect)


def _ring(surface: pygame.Surface, centre: tuple[float, float], radius: float, colour: RGB, dashed: bool) -> None:
    """A circle of short segments (dashed: every other one); nothing when it misses the picture."""
    w, h = surface.get_size()
    cx, cy = centre
    near_x, near_y = min(max(cx, 0), w), min(max(cy, 0), h)  # the picture's point nearest the centre
    far = max(math.hypot(cx - x, cy - y) for x in (0, w) for y in (0, h))
    if not radius < far + 2 or math.hypot(cx - near_x, cy - near_y) > radius + 2:
        return  # the circle lies wholly outside the picture, or the picture wholly inside it
    r = max(2, round(radius))
    steps = min(max(16, int(r * 0.8)), 4 * (w + h))
    for i in range(0, steps, 2 if dashed else 1):
        a0, a1 = 2 * math.pi * i / steps, 2 * math.pi * (i + 1) / steps
        pygame.draw.line(surface, colour, (centre[0] + r * math.sin(a0), centre[1] - r * math.cos(a0)),
                         (centre[0] + r * math.sin(a1), centre[1] - r * math.cos(a1)))


def draw_objects(surface: pygame.Surface, level: Level, scale: float = 1.0, labels: bool = True,
                 text_size: int = 1) -> list[tuple[str, pygame.Rect]]:
    """Every object at its place on a picture of the map drawn at `scale`; returns the labels
    drawn and their plates (none two overlapping)."""
    s = scale
    order = ["blizzard", "story", "thin_ice", "patrol", "checkpoint", "finish", "bear", "wolf",
             "lights", "marker", "start"]
    kinds = sorted(level.objects, key=lambda k: order.index(k) if k in order else -1)
    names: list[tuple[str, tuple[float, float], RGB]] = []
    for kind in kinds:
        col = CLASS_COLOURS.get(kind, P["rock_light"])
        for o in level.objects[kind]:
            cx, cy = _c(o.center[0] * s), _c(o.center[1] * s)
            px, py = _c(o.x * s), _c(o.y * s)
            if kind in ("blizzard", "story", "thin_ice", "checkpoint", "finish"):
                rect = _rect(o, s)
                _fill(surface, rect, col, {"blizzard": 50, "story": 40}.get(kind, 90))
                pygame.draw.rect(surface, col, rect, 1 if kind in ("blizzard", "story") else 2)
                text = {"blizzard": f"blizzard {o.properties.get('intensity', 0.8):g}",
                        "story": f"story: {o.properties.get('speaker') or 'narrator'}",
                        "thin_ice": "thin ice"}.get(kind, o.name or kind)
                if kind == "finish":
                    text = f"FINISH {o.name}".strip()
                names.append((text, (rect.centerx, rect.top - 4 * text_size - 8), col))
            elif kind == "patrol" and o.points:
                pts = [(_c(x * s), _c(y * s)) for x, y in o.points]
                if len(pts) > 1:
                    pygame.draw.lines(surface, col, False, pts, 2)
            elif kind == "marker":
                if o.properties.get("false"):
                    d = max(3, round(4 * max(s, 0.5)))
                    pygame.draw.line(surface, P["red"], (cx - d, cy - d), (cx + d, cy + d), 2)
                    pygame.draw.line(surface, P["red"], (cx - d, cy + d), (cx + d, cy - d), 2)
                else:
                    pygame.draw.circle(surface, INK, (cx, cy), max(2, round(3 * max(s, 0.6))))
                    pygame.draw.circle(surface, col, (cx, cy), max(1, round(2 * max(s, 0.6))))
            elif kind in ("bear", "wolf"):
                radius = o.properties.get("aggro_radius" if kind == "bear" else "appear_radius") or 0
                _ring(surface, (px, py), float(radius) * s, col, dashed=False)
                if kind == "bear":
                    _ring(surface, (px, py), float(o.properties.get("leash") or 0) * s, P["red_dark"], dashed=True)
                r = round(4 * min(max(s, 0.75), 2))
                pygame.draw.circle(surface, INK, (px, py), r + 1)
                pygame.draw.circle(surface, col, (px, py), r)
                names.append((o.name or kind, (px, py + 8), col))
                if kind == "wolf" and radius:  # its ring: where it shows itself
                    names.append((f"wolf appears within {float(radius):g} px", (px, py - float(radius) * s - 4), col))
            elif kind == "start":
                h = math.radians(float(o.properties.get("heading") or 0.0))
                r = round(8 * min(max(s, 0.75), 2))
                tip = (px + r * 1.8 * math.sin(h), py - r * 1.8 * math.cos(h))
                pygame.draw.line(surface, INK, (px, py), tip, 4)
                pygame.draw.line(surface, col, (px, py), tip, 2)
                pygame.draw.circle(surface, INK, (px, py), r // 2 + 1)
                pygame.draw.circle(surface, col, (px, py), r // 2)
                names.append((f"START {o.name}".strip(), (px, py + r), col))
            else:  # lights and any class the game does not know
                r = round(4 * min(max(s, 0.75), 2))
                pygame.draw.circle(surface, INK, (cx, cy), r + 1)
                pygame.draw.circle(surface, col, (cx, cy), r)
                names.append((o.name or kind or "?", (cx, cy + r + 2), col))
    drawn: list[tuple[str, pygame.Rect]] = []
    if labels:
        first = ("START", "FINISH")
        names.sort(key=lambda n: 0 if n[0].startswith(first) else 1)  # stable: the rest in drawing order
        placed = place_labels(surface, names, text_size)
        for _, plate, col, anchor in placed:  # every leader first, under all the labels
            line = leader(plate, anchor)
            if line is not None:
                pygame.draw.line(surface, col, line[0], line[1])  # to a label moved off its place
        for text, plate, col, _ in placed:
            draw_plate(surface, text, plate, col, text_size)
            drawn.append((text, plate))
    return drawn


def level_image(level: Level, scale: float = 1.0, labels: bool = True, header: bool = True,
                problems: list[str] | None = None) -> pygame.Surface:
    """The whole level: tiles, objects and their labels, with a header naming the leg.
    Images the tiles could not use are added to `problems`; raises PictureTooLarge."""
    tiles = TileRenderer(level)
    pic = tiles_at(level, scale, tiles)
    if problems is not None:
        problems.extend(f"{level.path}: {p}" for p in tiles.problems)
    size = 2 if scale >= 2 else 1
    draw_objects(pic, level, scale, labels, size)
    if not header:
        return pic
    lines = [f"{level.title}  ({level.path})",
             f"{level.width}x{level.height} tiles, {level.vials} vials, par {level.par_seconds:g} s"]
    return with_band(pic, [(lines[0], P["snow_white"]), (lines[1], P["snow_mid"])], top=True)


def with_band(pic: pygame.Surface, lines: Sequence[tuple[str, RGB]], top: bool,
              extra: Iterable[tuple[str, RGB]] = (), ramp: bool = False) -> pygame.Surface:
    """The picture with a text band above (top) or below it; `extra` are swatch-and-text items
    on one more line; `ramp` adds the heatmap's colour ramp."""
    f = font()
    extra = list(extra)
    lh = f.line_height + 4
    rows = len(lines) + (1 if extra or ramp else 0)
    band_h = rows * lh + 8
    w = max(pic.get_width(), 360)
    out = pygame.Surface((w, pic.get_height() + band_h), pygame.SRCALPHA)
    out.fill((*P["hud_bg"], 255))
    y0 = 0 if top else pic.get_height()
    out.blit(pic, (0, band_h if top else 0))
    y = y0 + 4
    for text, col in lines:
        f.draw(out, clip_text(text, w // 2 + 8), (6, y), col)  # a glyph is at least 2 px: the cut is off the band
        y += lh
    x = 6
    if ramp:
        f.draw(out, "fewer", (x, y), P["snow_mid"])
        x += f.size("fewer")[0] + 4
        for i in range(48):
            pygame.draw.line(out, heat_colour(i / 47)[:3], (x + i, y + 1), (x + i, y + f.cell_h - 1))
        x += 52
        f.draw(out, "more vials lost", (x, y), P["snow_mid"])
        x += f.size("more vials lost")[0] + 16
    for text, col in extra:
        pygame.draw.circle(out, INK, (x + 4, y + f.cell_h // 2), 5)
        pygame.draw.circle(out, col, (x + 4, y + f.cell_h // 2), 4)
        f.draw(out, text, (x + 12, y), col)
        x += f.size(text)[0] + 24
    return out


# -- heatmaps ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Loss:
    """Vials lost at one place: where, why, how many (a VIALS_LOST event)."""

    x: float
    y: float
    cause: str
    amount: int


def heat_colour(t: float) -> tuple[int, int, int, int]:
    """The ramp: transparent gold for a few losses to opaque red for the most."""
    t = min(1.0, max(0.0, t))
    a, b = np.array(P["gold"], float), np.array(P["red"], float)
    rgb = a + (b - a) * min(1.0, t * 1.4)
    return (int(rgb[0]), int(rgb[1]), int(rgb[2]), int(40 + 190 * t))


def _blur(grid: np.ndarray, sigma: float) -> np.ndarray:
    """A gaussian blur (separable, zero beyond the edges)."""
    r = max(1, int(sigma * 3))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    h, w = grid.shape
    p = np.pad(grid, r)
    rows = sum(k[i] * p[:, i:i + w] for i in range(2 * r + 1))
    return sum(k[i] * rows[i:i + h, :] for i in range(2 * r + 1))


def heatmap_image(level: Level, losses: Sequence[Loss], lines: Sequence[str], scale: float = 1.0) -> pygame.Surface:
    """The level, dimmed, with where vials were lost: a heat layer (vials per place, blurred
    over a few tiles), a dot per loss coloured by cause, and a legend band below."""
    base = tiles_at(level, scale)
    dim = pygame.Surface(base.get_size(), pygame.SRCALPHA)
    dim.fill((*INK, 120))
    base.blit(dim, (0, 0))
    draw_objects(base, level, scale, labels=False)
    ts = level.tile_size
    grid = np.zeros((level.height, level.width), dtype=np.float64)
    for loss in losses:
        c, r = int(loss.x // ts), int(loss.y // ts)
        if 0 <= r < level.height and 0 <= c < level.width:
            grid[r, c] += loss.amount
    if grid.any():
        heat = _blur(grid, 1.5)
        heat /= heat.max()
        ramp = np.array([heat_colour(i / 255) for i in range(256)], dtype=np.uint8)
        rgba = ramp[(heat * 255).astype(np.int64)]
        rgba[heat < 0.08, 3] = 0
        small = pygame.image.frombuffer(np.ascontiguousarray(rgba).tobytes(), (level.width, level.height), "RGBA")
        base.blit(pygame.transform.smoothscale(small, base.get_size()), (0, 0))
    for loss in losses:
        col = CAUSE_COLOURS.get(loss.cause, P["snow_white"])
        p = (_c(loss.x * scale), _c(loss.y * scale))
        r = 1 + min(3, loss.amount)
        pygame.draw.circle(base, INK, p, r + 1)
        pygame.draw.circle(base, col, p, r)
    totals: dict[str, int] = {}
    for loss in losses:
        totals[loss.cause] = totals.get(loss.cause, 0) + loss.amount
    extra = [(f"{cause} {n}", CAUSE_COLOURS.get(cause, P["snow_white"]))
             for cause, n in sorted(totals.items(), key=lambda kv: -kv[1])] or [("no vials lost", P["aurora_green"])]
    return with_band(base, [(t, P["snow_white"] if i == 0 else P["snow_mid"]) for i, t in enumerate(lines)],
                     top=False, extra=extra, ramp=True)
