"""More sprites for the atlas: Balto with Jenna's bandanna, turn leans, glows, the sleeping
bear, the roadhouse and the buildings of Nome, a splash and ice cracks.

Loaded by ``tools/make_art.py`` (``build_sprites`` calls ``add_more``). Creatures face
up (north), seen from above; buildings stand in the 3/4 view of the building tiles
(roof above, front wall below) with the anchor at the middle of the wall's foot.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import make_art as M
import numpy as np
from make_art import BAYER8, C, T, blank, outline, paste, put

Add = Callable[..., None]


# ---------------------------------------------------------------- creatures

def bandanna(frame: np.ndarray) -> np.ndarray:
    """Jenna's red bandanna knotted round Balto's neck, the point lying on his back."""
    a = frame.copy()
    h, w = a.shape
    cx = w // 2
    for y, half, ch in ((6, 6, "X"), (7, 3, "X"), (8, 2, "x"), (9, 1, "x")):
        for x in range(cx - half, cx + half):
            if a[y, x] not in (T, C("K")):
                a[y, x] = C(ch)
    a[6, cx - 3] = C("W")  # a white dot of the print
    a[7, cx + 1] = C("W")
    return a


def lean(frame: np.ndarray, direction: int) -> np.ndarray:
    """A slight turn: head one pixel toward the turn, hindquarters one pixel away."""
    h, w = frame.shape
    a = blank(w + 2, h)
    for y in range(h):
        dx = direction if y < h * 0.38 else -direction if y > h * 0.68 else 0
        row = frame[y]
        dst = a[y, 1 + dx:1 + dx + w]
        m = row != T
        dst[m] = row[m]
    return a


def halo(w: int, h: int, rx: float, ry: float, chars: str, strength: float, hole: float = 0.0) -> np.ndarray:
    """A soft elliptical glow, ordered-dithered (no alpha): dense near the middle."""
    a = blank(w, h)
    cx, cy = (w - 1) / 2, (h - 1) / 2
    for y in range(h):
        for x in range(w):
            d = math.hypot((x - cx) / rx, (y - cy) / ry)
            if d >= 1 or d < hole:
                continue
            v = (1 - d) ** 1.4 * strength
            if v > BAYER8[y % 8, x % 8]:
                k = min(len(chars) - 1, int(v * len(chars) * 1.3))
                a[y, x] = C(chars[k])
    return a


def bear_sleep(breath: int) -> np.ndarray:
    """The grizzly curled nose to tail, seen from above; ``breath`` swells the flank."""
    w, h = 26, 24
    a = blank(w, h)
    cx, cy = 12.5, 12.0
    rx, ry = 10.5 + breath * 0.6, 9.5 + breath * 0.5
    for y in range(h):
        for x in range(w):
            dx, dy = (x - cx) / rx, (y - cy) / ry
            d = dx * dx + dy * dy
            if d <= 1:
                lit = -dx * 0.7 - dy * 0.7
                ch = "o" if lit > 0.55 else "b" if lit > -0.35 else "B"
                if d > 0.8 and lit < 0:
                    ch = "B"
                a[y, x] = C(ch)
    # grizzled hump streaks
    for x, y in ((9, 6), (11, 5), (13, 5), (15, 6), (10, 8), (14, 7)):
        a[y, x] = C("T")
    # the head tucked in on the lower left, ears, snout on the hind paws
    for x, y, ch in ((5, 13, "b"), (6, 13, "b"), (5, 14, "b"), (6, 14, "o"), (7, 14, "b"),
                     (5, 15, "T"), (6, 15, "T"), (7, 15, "b"), (6, 16, "k"), (4, 12, "B"),
                     (7, 12, "B"), (4, 11, "K"), (7, 11, "K"), (5, 17, "B"), (6, 17, "B")):
        a[y, x] = C(ch)
    # curve of the head against the body
    for x, y in ((8, 13), (8, 14), (8, 15), (7, 16)):
        a[y, x] = C("B")
    # hind paws with pale claws
    for px, py in ((15, 17), (18, 15)):
        a[py, px] = a[py, px + 1] = C("B")
        a[py + 1, px] = a[py + 1, px + 1] = C("b")
        a[py + 2, px] = C("q")
        a[py + 2, px + 1] = C("q")
    return outline(a)


# ---------------------------------------------------------------- buildings (3/4 view)

def logs(a: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    """A log wall: light/dark courses with ink chinks and log ends."""
    for y in range(y0, y1):
        k = (y - y0) % 3
        ch = "o" if k == 0 else "b" if k == 1 else "B"
        a[y, x0:x1] = C(ch)
        if k == 2:
            for x in range(x0 + 2 + (y // 3) % 4, x1 - 1, 7):
                a[y, x] = C("K")
    for y in range(y0, y1, 3):
        for x in (x0, x1 - 1):
            a[y, x] = C("T")
            if y + 1 < y1:
                a[y + 1, x] = C("B")


def boards(a: np.ndarray, x0: int, y0: int, x1: int, y1: int, body: str, dark: str) -> None:
    """Clapboard siding: horizontal boards with a shadow line every other row."""
    for y in range(y0, y1):
        a[y, x0:x1] = C(dark if (y - y0) % 2 else body)


def window(a: np.ndarray, x: int, y: int, w: int = 4, h: int = 4, lit: bool = True) -> None:
    a[y - 1, x - 1:x + w + 1] = C("K")
    a[y + h, x - 1:x + w + 1] = C("K")
    a[y:y + h, x - 1] = C("K")
    a[y:y + h, x + w] = C("K")
    if lit:
        a[y:y + h, x:x + w] = C("Y")
        a[y:y + h, x + w - 1] = C("O")
        a[y + h // 2, x:x + w] = C("O")
        a[y, x] = C("W")
    else:
        a[y:y + h, x:x + w] = C("n")
        a[y, x] = C("s")
    a[y + h, x - 1:x + w + 1] = C("W")  # snow on the sill


def gable_roof(a: np.ndarray, x0: int, x1: int, top: int, eave: int) -> None:
    """A snow-covered roof seen from the front-above: pale slope, blue-shadowed lower rows."""
    for y in range(top, eave):
        for x in range(x0, x1):
            t = (y - top) / max(1, eave - top - 1)
            ch = "W" if t < 0.35 else "l" if t < 0.75 else "m"
            if (x + y) % 7 == 0 and t > 0.3:
                ch = "m" if ch == "l" else "l"
            a[y, x] = C(ch)
    a[eave, x0:x1] = C("S")  # the overhang's shadow
    for x in range(x0 + 1, x1 - 1, 3):  # icicles
        a[eave + 1, x] = C("c")


def smoke(a: np.ndarray, x: int, y: int, phase: int) -> None:
    """Puffs rising and drifting east, cycling with ``phase``."""
    for i in range(4):
        t = (i + phase / 3) / 4
        py = int(round(y - t * 14))
        px = int(round(x + t * 7 + math.sin(t * 5) * 1.5))
        r = 1 + int(t * 2.2)
        for yy in range(py - r, py + r + 1):
            for xx in range(px - r, px + r + 1):
                if (xx - px) ** 2 + (yy - py) ** 2 <= r * r + 0.5 and 0 <= yy < a.shape[0] and 0 <= xx < a.shape[1]:
                    if a[yy, xx] == T and (xx + yy + i) % 3:
                        a[yy, xx] = C("q" if t < 0.5 else "S")


def roadhouse(phase: int) -> np.ndarray:
    """A log roadhouse on the trail: snowy roof, stovepipe smoke, lit windows, a door."""
    w, h = 50, 44
    a = blank(w, h)
    gable_roof(a, 1, 49, 10, 23)
    for y in range(10, 24):  # ink outline of the roof
        a[y, 0] = a[y, 49] = C("K")
    a[9, 1:49] = C("K")
    logs(a, 3, 24, 47, 42)
    a[24:42, 2] = a[24:42, 47] = C("K")
    window(a, 7, 29)
    window(a, 37, 29)
    # the door, half open on a warm room
    a[28:42, 21:29] = C("K")
    a[29:42, 22:28] = C("B")
    a[29:42, 22:25] = C("O")
    a[30:41, 22] = C("Y")
    a[35, 27] = C("Y")
    # the sign board over the door
    a[25:28, 18:32] = C("K")
    a[26, 19:31] = C("o")
    for x in range(20, 30, 2):
        a[26, x] = C("B")
    # stovepipe and smoke
    a[3:12, 36:39] = C("K")
    a[4:12, 37] = C("R")
    a[3, 35:40] = C("K")
    out = blank(w, h + 12)
    paste(out, a, 0, 12)
    a = out
    smoke(a, 37, 14, phase)
    # (snow drift along the foot, warm light on it: drawn after the smoke headroom)
    a[54, 1:49] = C("l")
    a[55, 3:47] = C("m")
    a[54, 21:29] = C("Y")
    a[55, 22:28] = C("O")
    return a


def false_front(body: str, dark: str, trim: str, sign: str, lit: int, w: int = 34, h: int = 44) -> np.ndarray:
    """A Front Street shop: a tall square false front hiding a gable roof, sign and awning."""
    a = blank(w, h)
    front_top = 4
    # the roof peeking out behind the false front
    gable_roof(a, 3, w - 3, 0, 4)
    a[front_top:h - 2, 1:w - 1] = C("K")
    boards(a, 2, front_top + 1, w - 2, h - 2, body, dark)
    a[front_top + 1, 1:w - 1] = C("W")  # snow on the cornice
    a[front_top + 2, 2:w - 2] = C(trim)
    # sign board
    a[front_top + 4:front_top + 10, 5:w - 5] = C("K")
    a[front_top + 5:front_top + 9, 6:w - 6] = C(sign)
    for x in range(8, w - 8, 3):  # lettering, unreadable at this size on purpose
        a[front_top + 6, x:x + 2] = C("K")
        a[front_top + 7, x] = C("K")
    # upper windows
    for x in (6, w - 10):
        window(a, x, front_top + 14, 4, 5, lit=bool(lit & 1))
    # awning and shop window + door
    aw = front_top + 22
    a[aw:aw + 2, 1:w - 1] = C("W")
    a[aw + 2, 1:w - 1] = C("S")
    window(a, 4, aw + 5, 12, 8, lit=bool(lit & 2))
    a[aw + 4:h - 2, w - 13:w - 5] = C("K")
    a[aw + 5:h - 2, w - 12:w - 6] = C("b")
    a[aw + 10, w - 8] = C("Y")
    # boardwalk and drift
    a[h - 2, 0:w] = C("o")
    a[h - 1, 0:w] = C("m")
    return a


def church(lit: bool) -> np.ndarray:
    """Nome's church: white clapboard, a steeple with a cross, tall lit windows."""
    w, h = 34, 60
    a = blank(w, h)
    # steeple
    cx = w // 2
    a[0:5, cx] = C("Y")
    a[1, cx - 1:cx + 2] = C("Y")
    for y in range(5, 17):
        half = (y - 5) // 3 + 1
        a[y, cx - half:cx + half + 1] = C("W" if y < 12 else "l")
        a[y, cx - half] = C("K")
        a[y, cx + half] = C("S")
    a[17:27, cx - 5:cx + 6] = C("K")
    boards(a, cx - 4, 17, cx + 5, 27, "l", "m")
    a[19:24, cx - 1:cx + 2] = C("N")  # belfry
    a[19, cx - 1:cx + 2] = C("K")
    # nave roof and walls
    gable_roof(a, 1, w - 1, 27, 34)
    a[26, 1:w - 1] = C("K")
    a[35:h - 2, 1:w - 1] = C("K")
    boards(a, 2, 35, w - 2, h - 2, "l", "m")
    for x in (5, w - 9):
        window(a, x, 40, 4, 9, lit=lit)
        a[39, x:x + 4] = C("K")  # pointed arch
        a[38, x + 1:x + 3] = C("K")
    a[45:h - 2, cx - 3:cx + 3] = C("K")
    a[46:h - 2, cx - 2:cx + 2] = C("b")
    a[44, cx - 3:cx + 3] = C("K")
    a[h - 2, 0:w] = C("l")
    a[h - 1, 0:w] = C("m")
    return a


def house(lit: bool) -> np.ndarray:
    """A small frame house: steep snowy roof, chimney, one window."""
    w, h = 30, 30
    a = blank(w, h)
    a[0:6, 20:23] = C("K")
    a[1:6, 21] = C("r")
    a[0, 19:24] = C("K")
    a[5, 0:w] = T
    for y in range(4, 16):
        inset = max(0, 15 - y) // 3
        a[y, 1 + inset:w - 1 - inset] = C("K")
    gable_roof(a, 2, w - 2, 5, 15)
    for y in range(5, 8):
        inset = (8 - y)
        a[y, 2:2 + inset] = T
        a[y, w - 2 - inset:w - 2] = T
    a[16:h - 2, 2:w - 2] = C("K")
    boards(a, 3, 16, w - 3, h - 2, "s", "n")
    window(a, 6, 19, 5, 4, lit=lit)
    a[19:h - 2, 18:24] = C("K")
    a[20:h - 2, 19:23] = C("B")
    a[24, 22] = C("Y")
    a[h - 2, 0:w] = C("l")
    a[h - 1, 0:w] = C("m")
    return a


# ---------------------------------------------------------------- effects

def splash(f: int) -> np.ndarray:
    """Falling through: a dark hole, a ring of foam widening, droplets flung out."""
    w = h = 20
    a = blank(w, h)
    cx = cy = 9.5
    r = (3.0, 5.0, 7.0, 8.5)[f]
    for y in range(h):
        for x in range(w):
            d = math.hypot(x - cx, y - cy)
            if d < r - 1.8 and f < 3:
                a[y, x] = C("D" if d < r - 3 else "w")
            elif d < r - 0.6 and (f < 3 or (d > r - 2.2 and (x + y) % 2)):
                a[y, x] = C("W" if f < 2 or (x + y) % 4 else "c")
            elif d < r + 0.4 and f < 3:
                a[y, x] = C("c")
    for k in range(6):
        ang = k * math.pi / 3 + 0.4
        dd = r + 1.5 + f * 0.8
        x, y = int(round(cx + math.cos(ang) * dd)), int(round(cy + math.sin(ang) * dd))
        if f < 3:
            put(a, x, y, C("W"))
            put(a, x, y + 1, C("c"))
    return a


CRACK_PATHS = (((8, 8), (4, 4), (2, 5)), ((8, 8), (12, 3), (14, 1)), ((8, 8), (13, 11), (15, 14)),
               ((8, 8), (5, 13), (2, 15)), ((4, 4), (5, 1)), ((13, 11), (10, 15)))


def crack(stage: int) -> np.ndarray:
    """Cracks spreading through ice from the middle: three stages."""
    a = blank(16, 16)
    n = (2, 4, 6)[stage]
    for path in CRACK_PATHS[:n]:
        for (x0, y0), (x1, y1) in zip(path, path[1:]):
            steps = max(abs(x1 - x0), abs(y1 - y0))
            for i in range(steps + 1):
                x = round(x0 + (x1 - x0) * i / steps)
                y = round(y0 + (y1 - y0) * i / steps)
                a[y, x] = C("K") if stage == 2 and (x + y) % 3 == 0 else C("w")
                if 0 <= y - 1 and a[y - 1, x] == T:
                    a[y - 1, x] = C("c")
    a[8, 8] = C("D")
    return a


# ---------------------------------------------------------------- entry point

def add_more(add: Add, S: dict, g: dict[str, np.ndarray], white_flash: dict[str, str]) -> None:
    """Append the new sprites (existing names and frames are untouched)."""
    balto = [f for f in S["balto"]["frames"]]
    band = [bandanna(f) for f in balto]
    add("balto_bandanna", band, 10)
    splay = bandanna(M.dog_frames(g["balto"], 2, 7, 12, "a", "K", [("mid", "mid")])[0])
    add("balto_bandanna_hurt", M.hurt_frames(splay, 6, white_flash), 8)
    for name, frames in (("balto", balto), ("balto_bandanna", band), ("dog", S["dog"]["frames"])):
        for side, d in (("left", -1), ("right", 1)):
            add(f"{name}_turn_{side}", [lean(f, d) for f in frames], 10)

    wolf = S["wolf"]["frames"][0]
    wh, ww = wolf.shape
    frames = []
    for s in (0.85, 1.0, 0.9):
        frames.append(halo(ww + 16, wh + 16, (ww + 14) / 2, (wh + 14) / 2, "SclW", s))
    add("wolf_glow", frames, 4)

    frames = [halo(40, 28, 19.5, 13.5, "bOoYW", s) for s in (0.9, 1.05, 0.95, 1.1)]
    add("lights_glow", frames, 6)

    add("bear_sleep", [bear_sleep(0), bear_sleep(1)], 1)
    rh = [roadhouse(p) for p in range(3)]
    add("roadhouse", rh, 4, (25, 55))
    add("nome_shop", [false_front("o", "b", "X", "W", 3)], 1, (17, 43))
    add("nome_saloon", [false_front("x", "B", "Y", "Y", 2, w=40, h=48)], 1, (20, 47))
    add("nome_store", [false_front("r", "R", "A", "l", 1)], 1, (17, 43))
    add("nome_church", [church(True)], 1, (17, 59))
    add("nome_house", [house(True), house(False)], 1, (15, 29))
    add("splash", [splash(f) for f in range(4)], 10)
    add("crack", [crack(s) for s in range(3)], 1)
