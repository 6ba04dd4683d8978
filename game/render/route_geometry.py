"""Where the legs lie on the route map picture: the trail from assets/ui/route_map.json, each
leg's end town snapped onto it, and each leg's stretch of trail (for the level select)."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from game import resources
from game.content.legs import LEGS

W, H = 640, 360  # the route map picture's size on screen
START_TOWN = "Nenana"
# Places on the route that route_map.json has no pixel for: (latitude N, longitude W).
PLACE_LATLON = {"Bishop Mountain": (64.73, 157.45), "Old Woman Shelter": (64.05, 159.8),
                "Solomon": (64.56, 164.44)}

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class RouteGeometry:
    """Pixel positions: the start town, each leg's end node and each leg's stretch of trail."""

    start: Point
    nodes: tuple[Point, ...]
    paths: tuple[tuple[Point, ...], ...]


def _project(data: dict, lat: float, lon_w: float) -> Point:
    """Equirectangular lat/lon (degrees N, degrees W) to map pixels, per route_map.json."""
    lon0, lon1 = data["projection"]["lon"]
    lat0, lat1 = data["projection"]["lat"]
    w, h = data.get("size", (W, H))
    return ((-lon_w - lon0) / (lon1 - lon0) * w, (lat1 - lat) / (lat1 - lat0) * h)


def _closest_on(route: list[Point], p: Point) -> tuple[float, Point]:
    """The route position (segment index + fraction) nearest p, and that point."""
    best = (math.inf, 0.0, route[0])
    for i in range(len(route) - 1):
        (ax, ay), (bx, by) = route[i], route[i + 1]
        dx, dy = bx - ax, by - ay
        L = dx * dx + dy * dy
        t = 0.0 if L == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L))
        q = (ax + dx * t, ay + dy * t)
        d = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2
        if d < best[0]:
            best = (d, i + t, q)
    return best[1], best[2]


def _slice(route: list[Point], a: float, b: float) -> tuple[Point, ...]:
    """The polyline between route positions a < b."""
    def at(s: float) -> Point:
        i = min(int(s), len(route) - 2)
        t = s - i
        (ax, ay), (bx, by) = route[i], route[i + 1]
        return (ax + (bx - ax) * t, ay + (by - ay) * t)

    pts = [at(a)] + [route[k] for k in range(int(a) + 1, int(math.ceil(b)))] + [at(b)]
    return tuple(pts)


@lru_cache(maxsize=1)
def geometry() -> RouteGeometry:
    """Node and trail positions from assets/ui/route_map.json (snapped onto the route line).
    A missing file gives a straight line across the screen."""
    try:
        data = json.loads((resources.ASSETS / "ui" / "route_map.json").read_text(encoding="utf-8"))
        route = [(float(x), float(y)) for x, y in data["route"]]
        towns = {k: (float(v[0]), float(v[1])) for k, v in data["towns"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        n = len(LEGS)
        return RouteGeometry((W - 60, 140), tuple((W - 60 - (i + 1) * (W - 120) / n, 140) for i in range(n)),
                             tuple(((W - 60 - i * (W - 120) / n, 140), (W - 60 - (i + 1) * (W - 120) / n, 140))
                                   for i in range(n)))
    spots = []
    for leg in LEGS:
        p = towns.get(leg.place)
        if p is None and leg.place in PLACE_LATLON:
            p = _project(data, *PLACE_LATLON[leg.place])
        spots.append(p)
    start_s, start = _closest_on(route, towns.get(START_TOWN, route[0]))
    positions = [start_s]
    nodes = []
    for i, p in enumerate(spots):
        if p is None:  # unknown place: part-way along the route
            s = start_s + (len(route) - 1 - start_s) * (i + 1) / len(LEGS)
            q = _slice(route, s, s)[0]
        else:
            s, q = _closest_on(route, p)
        s = max(s, positions[-1])
        positions.append(s)
        nodes.append(q)
    paths = tuple(_slice(route, positions[i], positions[i + 1]) for i in range(len(LEGS)))
    return RouteGeometry(start, tuple(nodes), paths)
