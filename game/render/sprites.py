"""The sprite sheet: named animations cut from assets/sprites/sprites.png + sprites.json,
with rotation caches. Missing files or names fall back to small drawn shapes, so drawing
never fails.

sprites.json: name -> {"frames": [[x, y, w, h], ...], "fps": n, "anchor": [ax, ay]}.
Creatures are drawn facing up; `rotated` turns them to a heading (0 = up, clockwise).
"""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pygame

from game import resources
from game.render.palette import PALETTE as P

ASSETS = resources.ASSETS
ANGLES = 32  # rotation steps per full turn
TWO_PI = 2 * math.pi


def heading_step(heading: float) -> int:
    """The rotation step (of ANGLES) a heading (radians, 0 = up, clockwise) is drawn at."""
    return round(heading / TWO_PI * ANGLES) % ANGLES


class Anim:
    """One named animation: frames, frames per second and the anchor (pivot) pixel."""

    __slots__ = ("frames", "fps", "anchor")

    def __init__(self, frames: list[pygame.Surface], fps: float, anchor: tuple[float, float]) -> None:
        self.frames = frames
        self.fps = fps
        self.anchor = anchor

    def index(self, t: float) -> int:
        """Frame index at time t seconds."""
        if len(self.frames) <= 1 or self.fps <= 0:
            return 0
        return int(t * self.fps) % len(self.frames)


def _surf(w: int, h: int) -> pygame.Surface:
    return pygame.Surface((w, h), pygame.SRCALPHA)


def _dog(coat: tuple[int, int, int], light: tuple[int, int, int], phase: int, hurt: bool = False,
         big: bool = False) -> pygame.Surface:
    """A top-down dog facing up, 4 running phases."""
    w, h = (9, 15) if big else (7, 13)
    s = _surf(w, h)
    ink = P["ink"]
    cx = w // 2
    legs = ((0, 1), (1, 0), (0, -1), (-1, 0))[phase % 4]
    # legs: front and back pairs swing in opposite phase
    for side_x, off in ((0, legs[0]), (w - 1, legs[1])):
        s.fill(ink, (side_x, 4 + off, 1, 2))
        s.fill(ink, (side_x, h - 5 - off, 1, 2))
    # body
    pygame.draw.ellipse(s, ink, (1, 3, w - 2, h - 5))
    pygame.draw.ellipse(s, coat, (2, 4, w - 4, h - 7))
    s.fill(light, (cx, 5, 1, h - 9))
    # head + ears + snout
    pygame.draw.circle(s, ink, (cx, 3), 3 if big else 2)
    pygame.draw.circle(s, coat, (cx, 3), 2 if big else 1)
    s.fill(light, (cx, 0, 1, 2))
    s.fill(ink, (cx - 2, 1, 1, 1))
    s.fill(ink, (cx + 2, 1, 1, 1))
    # tail
    s.fill(coat, (cx + (phase % 2), h - 2, 1, 2))
    if hurt:
        s.fill(P["red"], (cx - 1, 6, 3, 1))
    return s


def _sled(hurt: bool = False) -> pygame.Surface:
    s = _surf(11, 17)
    pygame.draw.rect(s, P["ink"], (0, 1, 11, 15))
    s.fill(P["wood_light"], (1, 2, 9, 13))
    s.fill(P["wood"], (2, 3, 7, 6))
    s.fill(P["red"], (4, 4, 3, 3))  # the serum crate
    s.fill(P["snow_white"], (5, 4, 1, 3))
    s.fill(P["snow_white"], (4, 5, 3, 1))
    s.fill(P["fur_dark"], (3, 10, 5, 5))  # the musher
    s.fill(P["tan"], (4, 11, 3, 2))
    s.fill(P["ink"], (0, 15, 11, 2))
    return s


def _marker(phase: int) -> pygame.Surface:
    s = _surf(9, 16)
    s.fill(P["ink"], (1, 1, 2, 15))
    s.fill(P["wood_light"], (1, 1, 1, 14))
    dx = (0, 1, 0, -1)[phase % 4]
    pygame.draw.polygon(s, P["ink"], [(2, 1), (8 + dx, 3), (2, 6)])
    pygame.draw.polygon(s, P["orange"], [(2, 2), (7 + dx, 3), (2, 5)])
    return s


def _flag(phase: int, reached: bool) -> pygame.Surface:
    s = _surf(14, 22)
    s.fill(P["ink"], (2, 0, 2, 22))
    s.fill(P["wood_light"], (2, 1, 1, 20))
    col = P["aurora_green"] if reached else P["red"]
    dx = (0, 1, 2, 1)[phase % 4]
    pygame.draw.polygon(s, P["ink"], [(3, 0), (13, 3 + dx // 2), (3, 9)])
    pygame.draw.polygon(s, col, [(4, 1), (12 - dx // 2, 3 + dx // 2), (4, 8)])
    if reached:
        s.fill(P["snow_white"], (5, 4, 2, 1))
        s.fill(P["snow_white"], (6, 5, 1, 1))
    return s


def _vial(broken: bool) -> pygame.Surface:
    s = _surf(5, 9)
    if broken:
        pygame.draw.rect(s, P["ink"], (0, 3, 5, 6))
        s.fill(P["snow_shadow"], (1, 4, 3, 4))
        s.fill(P["ink"], (2, 3, 1, 3))
        s.fill(P["red_dark"], (1, 7, 3, 1))
        return s
    pygame.draw.rect(s, P["ink"], (0, 1, 5, 8))
    s.fill(P["snow_light"], (1, 2, 3, 6))
    s.fill(P["gold"], (1, 4, 3, 4))
    s.fill(P["snow_white"], (1, 4, 1, 2))
    s.fill(P["red"], (1, 0, 3, 2))
    return s


def _paw() -> pygame.Surface:
    s = _surf(9, 9)
    c = P["snow_white"]
    pygame.draw.ellipse(s, c, (2, 4, 5, 5))
    for x, y in ((0, 2), (2, 0), (5, 0), (7, 2)):
        s.fill(c, (x, y, 2, 2))
    return s


def _banner() -> pygame.Surface:
    s = _surf(64, 28)
    for x in (2, 59):
        s.fill(P["ink"], (x, 4, 3, 24))
        s.fill(P["wood"], (x + 1, 5, 1, 22))
    s.fill(P["ink"], (0, 2, 64, 12))
    s.fill(P["red"], (1, 3, 62, 10))
    for x in range(4, 60, 8):
        s.fill(P["snow_white"], (x, 7, 4, 2))
    return s


def _fallback(name: str) -> Anim | None:
    """Drawn stand-ins for the sprites the game uses."""
    coat, light = P["balto"], P["tan"]
    dogs = {"dog_a": (P["fur_dark"], P["snow_light"]), "dog_b": (P["rock"], P["snow_white"]),
            "dog_c": (P["wood"], P["tan"])}
    if name == "balto":
        return Anim([_dog(coat, light, i, big=True) for i in range(4)], 10, (4.5, 7.5))
    if name == "balto_hurt":
        return Anim([_dog(coat, light, 0, hurt=True, big=True)], 1, (4.5, 7.5))
    if name in dogs or name == "dog":
        c, lt = dogs.get(name, dogs["dog_a"])
        return Anim([_dog(c, lt, i) for i in range(4)], 10, (3.5, 6.5))
    if name.endswith("_hurt") and name[:-5] in dogs:
        c, lt = dogs[name[:-5]]
        return Anim([_dog(c, lt, 0, hurt=True)], 1, (3.5, 6.5))
    if name == "dog_hurt":
        return Anim([_dog(*dogs["dog_a"], 0, hurt=True)], 1, (3.5, 6.5))
    if name in ("sled", "sled_hurt"):
        return Anim([_sled()], 1, (5.5, 8.0))
    if name == "marker":
        return Anim([_marker(i) for i in range(4)], 6, (1.5, 15.0))
    if name in ("flag", "flag_reached"):
        return Anim([_flag(i, name == "flag_reached") for i in range(4)], 6, (3.0, 21.0))
    if name == "vial":
        return Anim([_vial(False)], 1, (2.5, 4.5))
    if name == "vial_broken":
        return Anim([_vial(True)], 1, (2.5, 4.5))
    if name == "paw":
        return Anim([_paw()], 1, (4.5, 4.5))
    if name == "banner":
        return Anim([_banner()], 1, (32.0, 27.0))
    return None


def rotsprite(src: pygame.Surface, degrees: float) -> pygame.Surface:
    """Rotate pixel art cleanly: scale2x three times (8x), rotate, sample back down.

    Right angles are exact; other angles keep outlines whole instead of nearest-neighbour
    jaggies. Counter-clockwise for positive degrees, like pygame.transform.rotate."""
    if degrees % 90 == 0:
        return pygame.transform.rotate(src, degrees)
    big = src
    for _ in range(3):
        big = pygame.transform.scale2x(big)
    big = pygame.transform.rotate(big, degrees)
    w, h = big.get_size()
    return pygame.transform.scale(big, (max(1, round(w / 8)), max(1, round(h / 8))))


class SpriteSheet:
    """Named animations with rotation caches; see the module docstring."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else ASSETS / "sprites"
        self.anims: dict[str, Anim] = {}
        self.defined: set[str] = set()  # names the sheet itself has (not fallbacks)
        self.loaded = False
        self._rot: dict[tuple[str, int, int], tuple[pygame.Surface, float, float]] = {}
        self.alias: dict[str, str] = {}  # name asked for -> name drawn (see `dressed`)
        self._load()

    def dressed(self, swap: dict[str, str]) -> SpriteSheet:
        """This sheet with some names drawn as others (Balto in Jenna's bandanna): a view
        that shares the animations and caches; swaps to names the sheet lacks are dropped."""
        view = copy.copy(self)
        view.alias = {k: v for k, v in swap.items() if v in self.defined}
        return view

    def _load(self) -> None:
        png, meta = self.directory / "sprites.png", self.directory / "sprites.json"
        if not (png.is_file() and meta.is_file()):
            return
        try:
            sheet = pygame.image.load(str(png))
            if pygame.display.get_surface() is not None:
                sheet = sheet.convert_alpha()
            data: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
            if isinstance(data.get("sprites"), dict):
                data = data["sprites"]
            for name, spec in data.items():
                if not isinstance(spec, dict) or not spec.get("frames"):
                    continue
                frames = [sheet.subsurface(pygame.Rect(*map(int, f))).copy() for f in spec["frames"]]
                w, h = frames[0].get_size()
                ax, ay = spec.get("anchor", [w / 2.0, h / 2.0])
                self.anims[name] = Anim(frames, float(spec.get("fps", 0) or 0), (float(ax), float(ay)))
            self.defined = set(self.anims)
            self.loaded = True
        except (pygame.error, OSError, ValueError, TypeError, KeyError):
            self.anims.clear()
            self.defined = set()

    def has(self, name: str) -> bool:
        """True when the sheet itself defines `name` (not a fallback)."""
        name = self.alias.get(name, name)
        return name in self.defined

    def anim(self, name: str) -> Anim:
        """The animation `name`, a drawn fallback, or a placeholder box."""
        name = self.alias.get(name, name)
        a = self.anims.get(name)
        if a is None:
            a = _fallback(name)
            if a is None:
                s = _surf(6, 6)
                s.fill(P["red"])
                a = Anim([s], 0, (3.0, 3.0))
            self.anims[name] = a
        return a

    def first(self, *names: str) -> str:
        """The first of `names` the sheet defines (else the first name, drawn as fallback)."""
        names = tuple(self.alias.get(n, n) for n in names)
        for n in names:
            if n in self.defined:
                return n
        return names[0]

    def recolour(self, name: str, new_name: str, mapping: dict[tuple[int, int, int], tuple[int, int, int]]) -> str:
        """Make `new_name`: `name` with exact colours swapped (palette to palette), e.g. a
        grey husky from a black one. Returns new_name (a sheet-defined name when `name` is)."""
        name = self.alias.get(name, name)
        if new_name in self.anims:
            return new_name
        a = self.anim(name)
        frames = []
        for f in a.frames:
            g = f.copy()
            px = pygame.PixelArray(g)
            for old, new in mapping.items():
                px.replace(old, new)
            px.close()
            frames.append(g)
        self.anims[new_name] = Anim(frames, a.fps, a.anchor)
        if name in self.defined:
            self.defined.add(new_name)
        return new_name

    def frame(self, name: str, t: float = 0.0) -> pygame.Surface:
        """The frame of `name` at time t seconds."""
        name = self.alias.get(name, name)
        a = self.anim(name)
        return a.frames[a.index(t)]

    def rotated(self, name: str, index: int, heading: float) -> tuple[pygame.Surface, float, float]:
        """Frame `index` of `name` turned to `heading` (radians, 0 = up, clockwise), quantised
        to ANGLES steps. Returns (surface, dx, dy): blit at (x - dx, y - dy) so the anchor
        lands on (x, y)."""
        name = self.alias.get(name, name)
        a = self.anims.get(name) or self.anim(name)
        index %= len(a.frames)
        step = heading_step(heading)
        key = (name, index, step)
        hit = self._rot.get(key)
        if hit is not None:
            return hit
        src = a.frames[index]
        deg = step * 360.0 / ANGLES
        surf = rotsprite(src, -deg) if step else src
        w, h = src.get_size()
        ox, oy = a.anchor[0] - w / 2.0, a.anchor[1] - h / 2.0
        rad = math.radians(deg)
        c, s = math.cos(rad), math.sin(rad)
        rx, ry = ox * c - oy * s, ox * s + oy * c  # clockwise on screen (y down)
        rw, rh = surf.get_size()
        hit = (surf, rw / 2.0 + rx, rh / 2.0 + ry)
        self._rot[key] = hit
        return hit

    def draw(self, surface: pygame.Surface, name: str, x: float, y: float, t: float = 0.0,
             heading: float | None = None, index: int | None = None) -> None:
        """Blit `name` with its anchor at (x, y) screen px, upright or turned to `heading`."""
        if heading is not None and index is not None:  # (the team, every frame: one lookup)
            surf, dx, dy = self.rotated(name, index, heading)
            surface.blit(surf, (round(x - dx), round(y - dy)))
            return
        a = self.anim(name)
        i = a.index(t) if index is None else index % len(a.frames)
        if heading is None:
            surface.blit(a.frames[i], (int(round(x - a.anchor[0])), int(round(y - a.anchor[1]))))
        else:
            surf, dx, dy = self.rotated(name, i, heading)
            surface.blit(surf, (int(round(x - dx)), int(round(y - dy))))


DogCoat = tuple[str, str, str, str]  # a pair's sprite names: run, hurt, turn left, turn right


def dog_coats(sp: SpriteSheet) -> tuple[DogCoat, ...]:
    """The sprite names of each pair of dogs: black, grey and red huskies, so pairs read
    apart, each with its hurt and turn frames (recoloured from the black husky's)."""
    if not sp.has("dog"):
        return tuple((f"dog_{c}", f"dog_{c}_hurt", f"dog_{c}", f"dog_{c}") for c in "abc")
    hurt = sp.first("dog_hurt", "dog")
    left, right = (n if sp.has(n) else "dog" for n in ("dog_turn_left", "dog_turn_right"))
    out: list[DogCoat] = [("dog", hurt, left, right)]
    for coat in ("rock", "wood"):
        m = {P["fur_dark"]: P[coat]}
        r = [sp.recolour(n, f"{n}_{coat}", m) for n in out[0]]
        out.append((r[0], r[1], r[2], r[3]))
    return tuple(out)
