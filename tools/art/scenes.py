"""Full-screen backdrops: the parallax aurora sky band, the night sky, the route map of
Alaska and the story-card backdrops. Loaded by ``tools/make_art.py``.

All 640 px wide, in the one palette, ordered-dithered. Cards keep their middle band
(about y 110-250) calm and dark so white text reads over it.
"""

from __future__ import annotations

import math

import make_art as M
import numpy as np
from make_art import BAYER8, C, dither_ramp, paste, spruce_silhouette

W, H = 640, 360


def periodic(x: np.ndarray, rng: np.random.Generator, terms: list[tuple[int, float]]) -> np.ndarray:
    """Sum of sines whose periods divide the width: tiles seamlessly left to right."""
    out = np.zeros_like(x, dtype=float)
    for k, amp in terms:
        out += amp * np.sin(2 * np.pi * k * x / W + rng.random() * 6.283)
    return out


def stars(a: np.ndarray, rng: np.random.Generator, n: int, y1: int, calm: tuple[int, int] | None = None) -> None:
    h, w = a.shape
    for _ in range(n):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, y1))
        if calm and calm[0] < y < calm[1] and rng.random() < 0.75:
            continue
        r = rng.random()
        a[y, x] = C("W") if r < 0.25 else C("c") if r < 0.55 else C("S")


def aurora(a: np.ndarray, rng: np.random.Generator, base: float, amp: float, drop: float,
           strength: float, y_max: int, calm_mid: bool = False) -> None:
    """Curtains hanging from a wavy line: green body, violet fringe above, rays."""
    h, w = a.shape
    x = np.arange(w, dtype=float)
    curve = base + amp * periodic(x, rng, [(2, 0.7), (5, 0.3)])
    rays = 0.6 + 0.25 * periodic(x, rng, [(23, 0.6), (57, 0.4)]) + 0.15 * periodic(x, rng, [(9, 1.0)])
    yy = np.arange(h, dtype=float)[:, None]
    d = yy - curve[None, :]
    body = np.where(d < 0, np.exp(-((d / 5) ** 2)), np.exp(-d / drop)) * np.clip(rays, 0, 1)[None, :] * strength
    if calm_mid:
        body *= (1 - 0.75 * np.exp(-(((x - w / 2) / 140) ** 2)))[None, :]
    body[yy[:, 0] > y_max, :] = 0
    g = dither_ramp(np.clip(body * 1.2, 0, 1), "KgvA")
    on = body > 0.08
    a[on] = g[on]
    fringe = (d > -12) & (d < -4) & (body > 0.12)
    v = dither_ramp(np.clip(body * 1.5, 0, 1), "nsV")
    a[fringe] = v[fringe]


def sky(h: int, horizon: float, seed: int) -> tuple[np.ndarray, np.random.Generator]:
    rng = np.random.default_rng(seed)
    yy = np.mgrid[0:h, 0:W][0].astype(float)
    return dither_ramp(np.clip(yy / horizon, 0, 1) ** 1.3, "KNns"), rng


def build_sky_aurora() -> np.ndarray:
    """640x120 parallax band that tiles left to right: night sky, aurora curtains, stars."""
    a, rng = sky(120, 150, 77)
    stars(a, rng, 90, 120)
    aurora(a, rng, 34, 14, 26, 1.0, 119)
    return a


def hills(a: np.ndarray, rng: np.random.Generator, top: float, amp: float, body: str, rim: str) -> np.ndarray:
    x = np.arange(W, dtype=float)
    line = top + amp * periodic(x, rng, [(2, 0.6), (5, 0.3), (13, 0.1)])
    for xi in range(W):
        t = int(line[xi])
        a[t:, xi] = C(body)
        a[t, xi] = C(rim)
    return line


def build_sky_night() -> np.ndarray:
    """640x360 night sky over dark hills: for the title, route map and story cards."""
    a, rng = sky(H, 300, 1926)
    stars(a, rng, 320, 290, calm=(110, 250))
    aurora(a, rng, 40, 16, 30, 0.8, 200, calm_mid=True)
    hills(a, rng, 300, 14, "s", "S")
    line = hills(a, rng, 322, 10, "n", "s")
    for x in range(0, W, 4):
        if rng.random() < 0.7:
            spruce_silhouette(a, x, int(line[x]) + 3, int(6 + rng.integers(0, 14)), "N", "n")
    a[H - 14:, :] = dither_ramp(np.linspace(0.5, 0.2, 14)[:, None] * np.ones((1, W)), "KNn")
    return a


# ---------------------------------------------------------------- route map

LON0, LON1, LAT0, LAT1 = -169.5, -141.0, 58.6, 68.4

COAST = [  # (lon, lat): the west and south coast of Alaska, north to south-east (simplified)
    (-166.6, 68.4), (-166.8, 68.35), (-165.0, 67.9), (-163.9, 67.3), (-163.2, 67.05), (-162.6, 66.9),
    (-161.8, 66.55), (-162.4, 66.25), (-163.6, 66.5), (-164.8, 66.55), (-166.0, 66.25), (-167.3, 65.9),
    (-168.1, 65.6), (-167.2, 65.2), (-166.3, 64.75), (-165.4, 64.5), (-164.3, 64.5), (-163.3, 64.5),
    (-162.6, 64.55), (-162.0, 64.65), (-161.4, 64.95), (-160.9, 64.85), (-161.2, 64.45),
    (-161.0, 64.1), (-160.8, 63.85), (-161.4, 63.55), (-162.2, 63.45), (-162.9, 63.2),
    (-164.0, 63.05), (-164.8, 62.7), (-165.4, 62.2), (-165.8, 61.6), (-165.3, 61.05), (-164.5, 60.7),
    (-163.3, 60.1), (-162.3, 59.9), (-161.8, 59.3), (-161.0, 58.75), (-160.2, 58.6),
]
SOUTH = [  # from Bristol Bay round Cook Inlet and Prince William Sound to the east edge
    (-154.5, 58.6), (-153.8, 59.1), (-153.0, 59.7), (-152.3, 60.4), (-151.6, 60.8), (-150.3, 61.2),
    (-149.7, 61.0), (-150.8, 60.6), (-151.3, 60.0), (-151.8, 59.5), (-151.2, 59.2), (-150.0, 59.5),
    (-148.8, 59.9), (-147.8, 60.3), (-146.5, 60.85), (-145.5, 60.5), (-144.3, 60.1), (-142.5, 60.0),
    (-141.0, 59.9),
]
YUKON = [(-141.0, 65.1), (-142.5, 65.9), (-144.0, 66.4), (-145.3, 66.6), (-147.0, 66.4),
         (-149.0, 66.0), (-150.5, 65.5), (-152.1, 65.17), (-153.5, 65.0), (-154.6, 64.8),
         (-155.5, 64.74), (-156.9, 64.73), (-158.1, 64.72), (-158.7, 64.33), (-159.6, 63.6),
         (-160.2, 62.65), (-161.2, 61.9), (-162.3, 61.8), (-163.4, 62.2), (-164.3, 62.7)]
TANANA = [(-141.0, 62.9), (-143.5, 63.4), (-145.7, 64.0), (-147.0, 64.6), (-147.7, 64.8),
          (-149.1, 64.56), (-149.9, 64.8), (-150.6, 65.0), (-151.3, 65.1), (-152.1, 65.17)]
KUSKOKWIM = [(-152.5, 62.9), (-154.5, 62.3), (-156.5, 61.8), (-158.5, 61.5), (-160.3, 60.9), (-161.8, 60.1)]

# The 1925 relay, Nenana to Nome (the stops the game may label), in order.
TOWNS = [
    ("Nenana", -149.1, 64.56), ("Tolovana", -149.9, 64.86), ("Manley Hot Springs", -150.6, 65.0),
    ("Tanana", -152.1, 65.17), ("Ruby", -155.5, 64.74), ("Galena", -156.9, 64.74),
    ("Nulato", -158.1, 64.72), ("Kaltag", -158.7, 64.33), ("Unalakleet", -160.8, 63.87),
    ("Shaktoolik", -161.1, 64.35), ("Golovin", -163.0, 64.54), ("Bluff", -163.75, 64.6),
    ("Port Safety", -164.7, 64.52), ("Nome", -165.4, 64.5),
]
# Route legs between towns follow the rivers; extra bends (lon, lat) after the named town.
BENDS = {"Tanana": [(-153.5, 65.0), (-154.6, 64.8)], "Kaltag": [(-159.6, 64.1)],
         "Shaktoolik": [(-161.7, 64.45), (-162.3, 64.5)]}


def proj(lon: float, lat: float) -> tuple[float, float]:
    x = (lon - LON0) / (LON1 - LON0) * (W - 1)
    y = (LAT1 - lat) / (LAT1 - LAT0) * (H - 1)
    return x, y


def _polyline(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [proj(*p) for p in pts]


def draw_line(a: np.ndarray, pts: list[tuple[float, float]], ch: str, width: int = 1,
              dash: tuple[int, int] | None = None, wobble: float = 0.0) -> None:
    n = 0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        steps = int(max(abs(x1 - x0), abs(y1 - y0)) * 2) + 1
        for i in range(steps):
            t = i / steps
            x = x0 + (x1 - x0) * t
            y = y0 + (y1 - y0) * t + wobble * math.sin(n * 0.21)
            n += 1
            if dash and (n // 2) % (dash[0] + dash[1]) >= dash[0]:
                continue
            for dy in range(-(width // 2), width - width // 2):
                for dx in range(-(width // 2), width - width // 2):
                    M.put(a, int(round(x)) + dx, int(round(y)) + dy, C(ch))


def route_points() -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for name, lon, lat in TOWNS:
        pts.append(proj(lon, lat))
        pts += _polyline(BENDS.get(name, []))
    return pts


def build_route_map() -> tuple[np.ndarray, dict]:
    """A stylised map of Alaska: sea, land, the Yukon and Tanana, Norton Sound and the
    serum route from Nenana to Nome. Returns the image and the town/route pixel data."""
    import pygame

    rng = np.random.default_rng(1925)
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    # land mask from the coast polygon (the land lies east of the coast)
    land_poly = _polyline(COAST) + [proj(-157.0, 58.6)] + _polyline(SOUTH) + [proj(-141.0, 68.4)]
    surf = pygame.Surface((W, H))
    surf.fill((0, 0, 0))
    pygame.draw.polygon(surf, (255, 255, 255), [(round(x), round(y)) for x, y in land_poly])
    land = pygame.surfarray.array2d(surf).T != 0
    # sea: deep, with a lighter band along the shore; winter sea ice in Norton Sound
    dist = np.full((H, W), 99.0)
    edge = land & ~(np.roll(land, 1, 0) & np.roll(land, -1, 0) & np.roll(land, 1, 1) & np.roll(land, -1, 1))
    ey, ex = np.nonzero(edge)
    sea = ~land
    # cheap distance to the coast (chamfer passes)
    dist[edge] = 0
    for _ in range(2):
        for y in range(1, H):
            dist[y] = np.minimum(dist[y], dist[y - 1] + 1)
        for y in range(H - 2, -1, -1):
            dist[y] = np.minimum(dist[y], dist[y + 1] + 1)
        for x in range(1, W):
            dist[:, x] = np.minimum(dist[:, x], dist[:, x - 1] + 1)
        for x in range(W - 2, -1, -1):
            dist[:, x] = np.minimum(dist[:, x], dist[:, x + 1] + 1)
    a = dither_ramp(np.clip(1 - dist / 60, 0, 1) * 0.8, "DwI")
    # shore ice: pale fast ice near the coast, thicker in Norton Sound
    nx0, ny0 = proj(-162.5, 64.1)
    sound = np.exp(-(((xx - nx0) / 70) ** 2 + ((yy - ny0) / 40) ** 2))
    ice = dither_ramp(np.clip(1.1 - dist / (8 + 34 * sound), 0, 1), "wIic")
    icy = sea & (dist < 8 + 34 * sound)
    a[icy] = ice[icy]
    # land: snow, shaded by a soft relief (smooth hills, darker inland to the south-east)
    rel = 0.5 + 0.25 * np.sin(xx / 53 + np.sin(yy / 41) * 1.7) * np.sin(yy / 37 + 1.3) \
        + 0.15 * np.sin((xx + yy) / 23)
    shade = 0.45 + 0.3 * rel - 0.2 * (yy / H) - 0.1 * (xx / W)
    snow = dither_ramp(np.clip(shade, 0, 1), "Sml")
    a[land] = snow[land]
    # mountains: the Alaska Range south of the route, the Brooks Range in the north
    for (lon, lat, rx, ry, n) in ((-150.0, 63.1, 110, 18, 26), (-146.0, 63.5, 70, 12, 12),
                                  (-152.0, 67.8, 230, 16, 46)):
        cx, cy = proj(lon, lat)
        for _ in range(n):
            ang, rr = rng.random() * 6.283, math.sqrt(rng.random())
            px, py = int(cx + math.cos(ang) * rr * rx), int(cy + math.sin(ang) * rr * ry)
            hgt = int(rng.integers(4, 8))
            for k in range(hgt):
                for dx in (-k, k):
                    M.put(a, px + dx, py - hgt + k, C("R" if dx > 0 else "q"))
                if k < 2:
                    M.put(a, px, py - hgt + k, C("W"))
    # coastline ink
    a[edge] = C("K")
    # rivers (ice-blue, wider downstream)
    for pts, wd in ((YUKON, 2), (TANANA, 2), (KUSKOKWIM, 1)):
        draw_line(a, _polyline(pts), "I", wd)
        draw_line(a, _polyline(pts), "i", 1)
    # the route: dark casing, then dashed orange
    rp = route_points()
    draw_line(a, rp, "x", 3)
    draw_line(a, rp, "O", 1, dash=(3, 2))
    towns = {}
    for name, lon, lat in TOWNS:
        x, y = proj(lon, lat)
        xi, yi = int(round(x)), int(round(y))
        big = name in ("Nenana", "Nome")
        r = 3 if big else 2
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                if dx * dx + dy * dy <= r * r + 1:
                    M.put(a, xi + dx, yi + dy, C("K"))
        for dy in range(-r + 1, r):
            for dx in range(-r + 1, r):
                if dx * dx + dy * dy <= (r - 1) ** 2 + 1:
                    M.put(a, xi + dx, yi + dy, C("Y" if big else "W"))
        towns[name] = [xi, yi]
    # frame
    a[0, :] = a[-1, :] = C("K")
    a[:, 0] = a[:, -1] = C("K")
    a[1, 1:-1] = a[-2, 1:-1] = C("o")
    a[1:-1, 1] = a[1:-1, -2] = C("o")
    meta = {"image": "route_map.png", "size": [W, H],
            "projection": {"lon": [LON0, LON1], "lat": [LAT0, LAT1], "kind": "equirectangular"},
            "towns": towns, "route": [[int(round(x)), int(round(y))] for x, y in rp]}
    return a, meta


# ---------------------------------------------------------------- story cards

def card_base(seed: int, horizon: int = 280, aur: float = 0.0) -> tuple[np.ndarray, np.random.Generator]:
    a, rng = sky(H, horizon, seed)
    stars(a, rng, 220, horizon - 10, calm=(100, 260))
    if aur:
        aurora(a, rng, 36, 14, 24, aur, 110, calm_mid=True)
    return a, rng


def snowfield(a: np.ndarray, top: np.ndarray, chars: str = "nSml") -> None:
    yy = np.mgrid[0:H, 0:W][0].astype(float)
    g = np.clip((yy - top[None, :]) / (H - top.min()), 0, 1)
    f = dither_ramp(0.2 + g * 0.6, chars)
    m = yy >= top[None, :]
    a[m] = f[m]


def moon(a: np.ndarray, cx: int, cy: int, r: int) -> None:
    for y in range(cy - r - 6, cy + r + 7):
        for x in range(cx - r - 6, cx + r + 7):
            d = math.hypot(x - cx, y - cy)
            if d <= r:
                a[y, x] = C("W") if math.hypot(x - cx + 2, y - cy + 2) < r - 1 else C("l")
            elif d < r + 6 and BAYER8[y % 8, x % 8] < (1 - (d - r) / 6) * 0.5:
                a[y, x] = C("s")


def glow(a: np.ndarray, cx: float, cy: float, r: float, chars: str = "bOY", k: float = 0.8) -> None:
    for y in range(max(0, int(cy - r)), min(H, int(cy + r) + 1)):
        for x in range(max(0, int(cx - r)), min(W, int(cx + r) + 1)):
            d = math.hypot(x - cx, y - cy) / r
            if d < 1 and BAYER8[y % 8, x % 8] < (1 - d) ** 1.5 * k:
                a[y, x] = C(chars[min(len(chars) - 1, int((1 - d) * len(chars) * 1.2))])


def card_nome() -> np.ndarray:
    """Nome at night: Front Street's false fronts and the church, lit windows, aurora."""
    sp = M.art_module("more_sprites")
    a, rng = card_base(5, 290, aur=0.9)
    x = np.arange(W, dtype=float)
    snowfield(a, 300 + 3 * np.sin(x / 70))
    street = [sp.false_front("o", "b", "X", "W", 3), sp.house(True), sp.false_front("x", "B", "Y", "Y", 2, w=40, h=48),
              sp.church(True), sp.false_front("r", "R", "A", "l", 1), sp.house(False),
              sp.false_front("o", "b", "X", "W", 2), sp.house(True), sp.false_front("x", "B", "Y", "Y", 3, w=40, h=48),
              sp.house(True)]
    px = 8
    for b in street:
        h, w = b.shape
        big = np.kron(b, np.ones((2, 2), dtype=np.int16))
        bh, bw = big.shape
        base = 318
        paste(a, big, px, base - bh)
        if (big == C("Y")).any():
            ys, xs = np.nonzero(big == C("Y"))
            glow(a, px + xs.mean(), base + 6, 26, "bOY", 0.45)
        px += bw + int(rng.integers(2, 10))
        if px > W - 20:
            break
    return a


def card_trail() -> np.ndarray:
    """The trail in a storm: driven snow across a grey-blue gloom, markers, a dim team."""
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    fog = 0.35 + 0.25 * np.sin(xx / 90 + yy / 140) + 0.2 * (yy / H)
    a = dither_ramp(np.clip(fog, 0, 1), "Nnss")
    x = np.arange(W, dtype=float)
    snowfield(a, 270 + 6 * np.sin(x / 110), "sSm")
    for i in range(9):  # trail markers fading into the storm
        t = i / 8
        mx = int(120 + t * 420)
        base = int(330 - t * 58)
        hgt = int(26 - t * 16)
        col = "K" if t < 0.5 else "n"
        a[base - hgt:base, mx:mx + max(1, 3 - i // 3)] = C(col)
        a[base - hgt + 1:base - hgt + 3, mx + 2:mx + 6 - i // 3] = C("O" if t < 0.6 else "b")
    for cx, base, h in ((40, 300, 120), (600, 296, 110), (570, 290, 70), (80, 285, 60)):
        spruce_silhouette(a, cx, base, h, "n", "s")
    for _ in range(2600):  # wind-driven streaks (few across the text band)
        sx, sy = int(rng.integers(0, W)), int(rng.integers(0, H))
        if 110 < sy < 250 and rng.random() < 0.8:
            continue
        ln = int(rng.integers(3, 9))
        c = C("W") if rng.random() < 0.4 else C("l") if rng.random() < 0.6 else C("m")
        for k in range(ln):
            M.put(a, sx + k, sy + k // 3, c)
    calm = (yy > 130) & (yy < 230) & (BAYER8[(yy % 8).astype(int), (xx % 8).astype(int)] < 0.5)
    a[calm & (a != C("N"))] = C("n")
    return a


def card_lake() -> np.ndarray:
    """A frozen lake under the moon: glassy ice to a far shore of spruce."""
    a, rng = card_base(11, 250, aur=0.5)
    moon(a, 500, 70, 14)
    x = np.arange(W, dtype=float)
    shore = 250 + 3 * np.sin(x / 50)
    for xi in range(0, W, 3):
        spruce_silhouette(a, xi, int(shore[xi]) + 2, int(6 + rng.integers(0, 16)), "N", "n")
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    t = np.clip((yy - 252) / (H - 252), 0, 1)
    ice = dither_ramp(0.15 + t * 0.7 + 0.08 * np.sin(xx / 23 + yy / 5), "nIic")
    m = yy >= 252
    a[m] = ice[m]
    # the moon's path on the ice, and long cracks
    for y in range(254, H):
        half = 3 + (y - 254) * 0.25
        for xi in range(int(500 - half), int(500 + half)):
            if BAYER8[y % 8, xi % 8] < 0.5:
                a[y, xi] = C("c") if (xi + y) % 3 else C("W")
    for sx, sy in ((80, 300), (260, 330), (420, 290)):
        px, py = sx, sy
        for _ in range(70):
            px += 1 + int(rng.integers(0, 3))
            py += int(rng.integers(-1, 2))
            M.put(a, px, py, C("W"))
            M.put(a, px, py + 1, C("I"))
    return a


def card_cliff() -> np.ndarray:
    """A cliff edge over a dark gorge; the white wolf watches from the far rim."""
    a, rng = card_base(13, 300, aur=0.6)
    moon(a, 120, 64, 12)
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    # far rim on the right, near cliff on the left, the gorge between
    far = 250 + 10 * np.sin(xx[0] / 60)
    for xi in range(W):
        if xi < 330:
            continue
        top = int(far[xi])
        for y in range(top, H):
            d = y - top
            a[y, xi] = C("W") if d < 2 else C("l") if d < 4 else C("m") if d < 8 and (xi + y) % 3 else C("n")
    gorge = (xx >= 200) & (xx < 330) & (yy > 256)
    a[gorge] = dither_ramp(np.clip((yy - 256) / 100, 0, 1), "nNK")[gorge]
    near = 236 + 60 * np.clip((xx[0] - 110) / 180, 0, 1) ** 2
    for xi in range(0, 300):
        top = int(near[xi])
        for y in range(top, H):
            d = y - top
            face = xi > 200
            a[y, xi] = (C("W") if d < 2 else C("l") if d < 5 else C("R") if (xi + y * 2) % 9 < 2
                        else C("N") if face else C("s") if d < 40 else C("n"))
    # the wolf: a pale silhouette standing on the far rim, head up
    wolf = [
        "......WW...",
        ".....WWlW..",
        "....WWWWWWK",
        "W..WWWW....",
        ".WWWWWW....",
        "..WWWWWW...",
        "..lWWWWW...",
        "..W.l.W.W..",
        "..W.l.W.W..",
    ]
    wx, wy = 470, int(far[470]) - 18
    big = np.kron(M.grid([r.replace("W", "W") for r in wolf]), np.ones((2, 2), dtype=np.int16))
    glow(a, wx + 10, wy + 8, 30, "sSc", 0.5)
    paste(a, big, wx, wy)
    return a


def card_lights() -> np.ndarray:
    """Jenna's lights: bottle-glass shards glinting on spruce along a dark trail."""
    a, rng = card_base(17, 290)
    x = np.arange(W, dtype=float)
    snowfield(a, 292 + 4 * np.sin(x / 80), "nnS")
    for cx, base, h in ((30, 360, 230), (90, 350, 170), (600, 360, 240), (545, 352, 160)):
        spruce_silhouette(a, cx, base, h, "K", "N")
    for i in range(7):
        t = i / 6
        lx = int(150 + t * 340 + 20 * math.sin(t * 6))
        ly = int(300 - t * 30 + (i % 2) * 6)
        glow(a, lx, ly, 20 - t * 10, "bOY", 0.9)
        a[ly - 1:ly + 2, lx] = C("W")
        a[ly, lx - 1:lx + 2] = C("W")
        hue = ("A", "Y", "O", "c")[i % 4]
        M.put(a, lx + 1, ly + 1, C(hue))
    return a


CARDS = {"card_nome": card_nome, "card_trail": card_trail, "card_lake": card_lake,
         "card_cliff": card_cliff, "card_lights": card_lights}
