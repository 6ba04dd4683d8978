#!/usr/bin/env python3
"""The hand edits that gave legs 3-8 their forks and their shapes, replayable with tools/paint.py.

    python tools/shape_legs.py [3 4 ...]      # default: every leg below

Every leg from 3 on gets a FORK: the old trail is the short way and gets a danger (thin ice,
a bear's den, an open lead, a steep bank over a drop); a new branch bulges away from it as the
long, safe way, with its own trail and markers, and a story line says so at the split.
Three legs get a shape of their own: the Kaltag portage (5) runs through ridges of rock and
trees with deep snow on their flanks, threading the passes; Norton Sound (6) is open sea ice
where the way is marked by stakes only; Topkok (7) climbs to a bare summit and runs beside a
cliff, behind a lip of snow banks that warns of the edge.

Coordinates are tiles of the committed maps (x east, y south). Running it again changes
nothing (painting is idempotent, `Leg.add` skips an object already in place).
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paint import Leg, line_cells  # noqa: E402  (a sibling script)

LEVELS = Path(__file__).resolve().parent.parent / "levels"
ROUND4 = [(dx, dy) for dx in range(-4, 5) for dy in range(-4, 5) if dx * dx + dy * dy <= 18]  # a disc of ~4 tiles
Pt = tuple[float, float]
# The forks' dangers, tuned with the human model (tools/forks.py, docs/difficulty.md).
LEG3_ICE = (244, 6, 272, 36, 0.7)  # thin ice across the river: x0, y0, x1, y1 tiles, strength
LEG8_ICE = (232, 15, 250, 40, 0.9)  # thin ice over the creek mouth
LEG5_EDGE = 2.0  # tiles from the short way's centre line to the bank over the drop (was 3.5)
LEG6_LEAD = (345, 455, 28, 29)  # an open lead beside the shore-ice way: x0, x1, y0, y1 tiles
LEG6_ICE = (396, 20, 404, 29, 0.8)  # rotten shore ice reaching the lead: x0, y0, x1, y1 tiles, strength
LEG6_LAND_CLEAR = 11.0  # tiles: the band along the land way kept clear of trees and rocks
LEG6_BREAKUP_LAG = 240  # ticks before the shore ice breaks away behind a team (was 360)
LEG7_DROP = (196, 345)  # x0, x1 tiles: a second drop right below the edge path
LEG7_ICE = (296, 9, 303, 17, 0.8)  # the frozen rill on the edge path
LEG5_ICE = (190, 24, 196, 40, 0.38)  # the frozen creek the short way crosses in the draw
DEN_BEAR = {"aggro_radius": 200.0, "leash": 1100.0, "speed": 160.0}  # leg 4's grizzly in the den


def bump(a: Pt, b: Pt, depth: float, n: int = 28) -> list[Pt]:
    """A smooth bulge from a to b, `depth` tiles off the straight line (+ = south)."""
    pts = []
    for i in range(n + 1):
        t = i / n
        pts.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t + depth * math.sin(math.pi * t) ** 0.8))
    return pts


def trail(leg: Leg, pts: Sequence[Pt], width: float = 3.0, shoulder: float = 7.0, keep: str = "") -> None:
    """A packed trail along pts, with a shoulder of clear snow (trees and rocks cut back)."""
    if shoulder:
        cells = [c for c in line_cells(pts, shoulder) if leg.kind_at(*c) not in ("trail", keep)]
        leg.paint(cells, "snow")
    leg.line(pts, "trail", width)


def along(pts: Sequence[Pt], every: float, skip: float = 6.0) -> list[Pt]:
    """Points every `every` tiles along a polyline, starting `skip` tiles in, ending before its end."""
    out, dist, nxt = [], 0.0, skip
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        seg = math.hypot(bx - ax, by - ay)
        while seg and nxt <= dist + seg:
            t = (nxt - dist) / seg
            out.append((ax + (bx - ax) * t, ay + (by - ay) * t))
            nxt += every
        dist += seg
    return [p for p in out if dist - skip >= 0 and math.hypot(p[0] - pts[-1][0], p[1] - pts[-1][1]) > skip * 0.8]


def markers(leg: Leg, pts: Sequence[Pt], every: float = 14.0, side: float = -1.5) -> None:
    """Markers along a branch, `side` tiles north (-) or south (+) of its line."""
    for x, y in along(pts, every):
        leg.marker(round(x), round(y + side))


def story(leg: Leg, tx: int, ty: int, speaker: str, text: str, h: int = 14) -> None:
    """A story line across the trail at tile (tx, ty) (its centre)."""
    leg.add("story", tx * 16, (ty - h // 2) * 16, 32, h * 16,
            props={"speaker": ("string", speaker), "text": ("string", text)})


def disc(cx: float, cy: float, rx: float, ry: float) -> list[tuple[int, int]]:
    """Tiles inside an ellipse."""
    return [(x, y) for y in range(int(cy - ry), int(cy + ry) + 1) for x in range(int(cx - rx), int(cx + rx) + 1)
            if ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1.0]


def thin_ice(leg: Leg, x0: int, y0: int, x1: int, y1: int, strength: float = 1.0) -> None:
    """A thin-ice rectangle over tiles x0..x1, y0..y1: the trail under it stays trail on the map
    (so its markers still count as beside the trail) but cracks like thin ice in the game."""
    leg.add("thin_ice", x0 * 16, y0 * 16, (x1 - x0 + 1) * 16, (y1 - y0 + 1) * 16, name="thin ice",
            props={"strength": ("float", f"{strength:g}")})


# -- the legs ----------------------------------------------------------------------------------
def leg3(leg: Leg) -> None:
    """The Yukon: the old trail swings round the river in a long loop (the safe way); a short
    way runs straight across the river ice, which is thin in the middle."""
    short = [(213, 23), (235, 25), (258, 27), (280, 29), (301, 31)]
    leg.paint([c for c in disc(258, 27, 17, 7) if leg.kind_at(*c) in ("snow", "deep_snow", "tree")], "ice")
    trail(leg, short, keep="ice")
    leg.remove(61)  # the first patch covered the trail alone: teams skirted it on solid ice
    thin_ice(leg, *LEG3_ICE)  # the whole width of the river where the short way crosses
    markers(leg, short, every=13, side=-2)
    fork_lights(leg, short, (217, 223, 229), side=1)
    story(leg, 204, 20, "Boris",
          "The short way cuts over the river, and the ice is thin out there. Fly across, or keep to the bank.")


def leg4(leg: Leg) -> None:
    """The lake: the short way runs right past the den; the long way swings through the trees
    to the south, out of the grizzly's reach."""
    loop = bump((214, 40), (286, 37), 14)
    trail(leg, loop)
    markers(leg, loop, side=1.5)
    for prop, value in DEN_BEAR.items():  # the den's grizzly reaches the short way ...
        leg.set_property(5, prop, value)
    slush = disc(257, 35.5, 4, 2.5)  # ... where overflow slows a team
    leg.paint([c for c in slush if leg.kind_at(*c) in ("trail", "snow", "deep_snow")], "overflow")
    story(leg, 150, 52, "Balto",
          "The trail runs right past that den. There's a longer way round, down through the trees.")


def thin_valleys(leg: Leg, ridges: Sequence[Sequence[Pt]], clear: float = 12.0) -> None:
    """Open the valley floors between ridges: three trees in four cut (the same ones every run)."""
    near: set[tuple[int, int]] = set()
    for pts in ridges:
        near.update(line_cells(pts, clear * 2))
    cells = [(x, y) for y in range(2, leg.height - 2) for x in range(2, leg.width - 2)
             if (x, y) not in near and leg.kind_at(x, y) == "tree" and (x * 31 + y * 17) % 4]
    leg.paint(cells, "clear")


def ridge(leg: Leg, pts: Sequence[Pt], passes: set[tuple[int, int]], shoulders: set[tuple[int, int]]) -> None:
    """A ridge of the hills: rock along its crest, trees on its shoulders, deep snow down its
    flanks; no trees or rock in `passes` (where the trail threads it), no deep snow on `shoulders`."""
    for kind, width in (("deep_snow", 17.0), ("tree", 8.0), ("rock", 3.0)):
        keep_out = shoulders if kind == "deep_snow" else passes
        cells = [c for c in line_cells(pts, width) if c not in keep_out and leg.kind_at(*c) not in ("trail", "cliff")]
        if kind == "deep_snow":
            cells = [c for c in cells if leg.kind_at(*c) in ("snow", "deep_snow", "tree")]
        leg.paint(cells, kind)


def near_trail(leg: Leg, r: int) -> set[tuple[int, int]]:
    """Tiles within r of a trail tile."""
    out: set[tuple[int, int]] = set()
    for y in range(leg.height):
        for x in range(leg.width):
            if leg.kind_at(x, y) == "trail":
                out.update((x + dx, y + dy) for dx in range(-r, r + 1) for dy in range(-r, r + 1))
    return out


def leg5(leg: Leg) -> None:
    """The Kaltag portage: the trail threads passes between ridges. The short way cuts across
    the draw along the lip of a steep bank; the old trail goes down and round, safe."""
    short = [(121, 23), (150, 27), (178, 30), (206, 33), (233, 36)]
    ridges = ([(52, 1), (44, 36), (58, 70)], [(139, 1), (128, 30), (140, 70)], [(226, 1), (214, 40), (222, 70)],
              [(318, 1), (330, 36), (322, 70)], [(412, 1), (420, 36), (408, 70)], [(506, 1), (512, 40), (500, 70)],
              [(590, 1), (584, 30), (594, 70)])
    trail(leg, short)
    lip = [(140, 30), (150, 30.5), (178, 33.5), (206, 36.5), (214, 37)]
    leg.line(lip, "bank", 1.2)
    leg.line([(x, y + 1.5) for x, y in lip], "cliff", 2.2)
    edge = [(x, y + LEG5_EDGE) for x, y in short[1:4]]  # the bank comes in to the trail's shoulder
    thin_ice(leg, *LEG5_ICE)
    leg.line(edge, "bank", 1.2)
    leg.line([(x, y + 1.5) for x, y in edge], "cliff", 2.2)
    markers(leg, short, every=13, side=-2)
    story(leg, 60, 26, "Balto",
          "Along the bank ahead is the short way, but the ground drops away beside it. The draw is longer, and safe.")
    thin_valleys(leg, ridges)
    passes, shoulders = near_trail(leg, 4), near_trail(leg, 2)
    for pts in ridges:
        ridge(leg, pts, passes, shoulders)


def nav_path(leg: Leg) -> list[tuple[int, int]]:
    """The cheapest way from the start to the finish on the leg as painted so far (tiles)."""
    sys.path.insert(0, str(LEVELS.parent))
    from game.sim.nav_build import build_nav  # noqa: PLC0415  (the game's own router)
    from game.tiled.level import load_level  # noqa: PLC0415

    tmp = leg.path.with_name(".shape_tmp.tmx")
    for name in leg.layers:
        leg._write(name)
    tmp.write_text(leg.text, encoding="utf-8")
    try:
        lvl = load_level(str(tmp))
    finally:
        tmp.unlink()
    nav = build_nav(lvl)
    start = lvl.of_kind("start")[0]
    i, out = nav.cell(start.x, start.y), []
    while i >= 0:
        cy, cx = divmod(int(i), nav.width)
        out.append((cx, cy))
        i = int(nav.next[i])
    return out


def leg6(leg: Leg) -> None:
    """Norton Sound: open sea ice, the way marked by stakes alone. After Isaac's Point the short
    way keeps to the shore ice beside the open sea; the long way climbs over the land behind it,
    through drifts, on a trail."""
    sea = [(x, y) for y in range(leg.height) for x in (*range(26, 298), *range(333, 466))
           if leg.kind_at(x, y) == "trail"]
    leg.paint(sea, "ice")
    # a crust of snow on the ice round every open lead: it grips, and it warns of the water
    inside = [(x, y) for y in range(leg.height) for x in (*range(26, 298), *range(333, 466))]
    x0, x1, y0, y1 = LEG6_LEAD  # the lead painted below gets no crust: nothing warns of it
    lead = {(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}
    water = {c for c in inside if leg.kind_at(*c) == "water" and c not in lead}
    crust = [(x, y) for x, y in inside if leg.kind_at(x, y) == "ice"
             and any((x + dx, y + dy) in water for dx, dy in ROUND4)]
    leg.paint(crust, "snow")
    land = [(331, 22), (340, 6), (366, 18), (392, 5), (418, 18), (444, 5), (468, 17), (490, 13)]
    trail(leg, land)
    # The land way is the safe one: trees and rocks stand well back from it, so a team that
    # swings wide at a bend between the drifts meets snow, not a trunk.
    leg.paint([c for c in line_cells(land, LEG6_LAND_CLEAR) if c[1] >= 2 and leg.kind_at(*c) in ("tree", "rock")],
              "snow")
    for cx in (353, 379, 405, 431, 456):  # drifts across the land trail
        leg.paint([c for c in disc(cx, 11.5, 4.5, 4.5) if leg.kind_at(*c) in ("trail", "snow")], "deep_snow")
    markers(leg, land, every=12, side=-2)
    land_stakes = {(round(x) * 16 + 8, round(y - 2) * 16 + 8) for x, y in along(land, 12)}
    # the shore ice breaks away behind a team on it (1925): the short way's second danger
    leg.add("breakup", 336 * 16, 22 * 16, 129 * 16, 15 * 16, name="shore ice breaking away",
            props={"lag": ("float", str(LEG6_BREAKUP_LAG)), "speed": ("float", "90"), "creep": ("float", "30")})
    story(leg, 250, 31, "Balto",
          "The shore ice is quick, but the sea is open beside it. The trail over the land is long and drifted.")
    leg.paint([c for c in sorted(lead) if leg.kind_at(*c) == "water"], "ice")  # the stakes follow the old way
    sea_way = [(x, y) for x, y in nav_path(leg) if 30 <= x < 296 or 336 <= x < 462]
    stakes = {(x * 16 + 8, (y - 1) * 16 + 8) for i, (x, y) in enumerate(sea_way) if i % 20 == 10}
    for m in leg.objects("marker"):  # the old stakes on the sea ice go, unless one stands where a new one would
        x, y = float(m["x"]), float(m["y"])
        if (26 * 16 <= x < 298 * 16 or 333 * 16 <= x < 466 * 16) and (x, y) not in stakes | land_stakes:
            leg.remove(int(m["id"]))
    for x, y in sorted(stakes):
        leg.add("marker", x, y, props={"false": ("bool", "false")})
    leg.paint(sorted(lead), "water")  # an open lead beside the way
    thin_ice(leg, *LEG6_ICE)  # rotten ice from the land's edge to the lead: the shore way crosses it


def cliff_lip(leg: Leg, x0: int, x1: int, rows: int = 2) -> None:
    """Snow banks along the top of every cliff between x0 and x1: a ridge of drift you can see
    and feel (it slows the team) before the drop."""
    lip = []
    for x in range(x0, x1 + 1):
        for y in range(1, leg.height):
            if leg.kind_at(x, y) == "cliff" and leg.kind_at(x, y - 1) != "cliff":
                lip += [(x, y - k) for k in range(1, rows + 1)
                        if leg.kind_at(x, y - k) not in ("cliff", "tree", "rock")]
    leg.paint(lip, "bank")


def leg7(leg: Leg) -> None:
    """Topkok: a climb up a gully of drifts and rock to a bare summit, then along the cliff edge.
    The short way keeps to the edge behind a lip of snow banks; the long way runs higher, well
    back from the drop."""
    climb = [(136, 47), (146, 41), (157, 30), (168, 20), (180, 15)]
    for side in (-1, 1):
        off = [(x + side * 5, y + side * 2.5) for x, y in climb]
        leg.paint([c for c in line_cells(off, 3) if leg.kind_at(*c) in ("snow", "tree", "ice")], "deep_snow")
        rocks = [(x + side * 8, y + side * 4) for x, y in climb]
        leg.paint([c for c in line_cells(rocks, 1.6) if (c[0] + c[1]) % 3 and leg.kind_at(*c) != "trail"], "rock")
    high = bump((188, 13), (352, 13), -8, n=40)
    trail(leg, high)
    markers(leg, high, every=14, side=-2)
    drop = []  # a second drop right below the edge path, its lip one row off the trail
    for x in range(LEG7_DROP[0], LEG7_DROP[1] + 1):
        rows = [y for y in range(9, 18) if leg.kind_at(x, y) == "trail"]
        if rows and not any(leg.kind_at(x, max(rows) + k) == "cliff" for k in (1, 2, 3)):
            drop += [(x, max(rows) + 2), (x, max(rows) + 3)]
    leg.paint([c for c in drop if leg.kind_at(*c) not in ("trail", "cliff")], "cliff")
    thin_ice(leg, *LEG7_ICE)  # a frozen rill the edge path crosses, thin where it spills over the drop
    cliff_lip(leg, 190, 372, rows=1)
    story(leg, 150, 38, "Balto",
          "The edge path is quicker, with nothing but air beside it. The high way is longer, and far from the drop.")


def leg8(leg: Leg) -> None:
    """Bonanza Flat: where a creek meets the shore the short way crosses its mouth on thin ice;
    the long way climbs round the creek, inland."""
    creek = [(246, 6), (244, 18), (240, 26), (236, 34)]
    leg.paint([c for c in line_cells(creek, 7) if leg.kind_at(*c) in ("snow", "deep_snow", "tree", "rock")], "ice")
    leg.remove(59)  # the first patch left solid ice to either side of the short way
    thin_ice(leg, *LEG8_ICE)  # the creek mouth, bank to bank
    loop = bump((206, 25), (282, 24), -13, n=36)
    trail(leg, loop, keep="ice")
    markers(leg, loop, every=11, side=-1.5)
    fork_lights(leg, [(200, 24.5), (240, 24.5)], (209, 214, 219), side=-1)
    story(leg, 198, 25, "Balto",
          "The creek mouth ahead is thin ice. The way round it, inland, is longer.")


def fork_lights(leg: Leg, short: Sequence[Pt], xs: Sequence[int], side: int) -> None:
    """Lanterns on stakes beside both branches just past a split, so a driver in the dark or a
    whiteout sees the two ways part (they shine far; they change nothing in the rules). `side`:
    where the long way lies from the short one (+1 south, -1 north); its rows are found on the map."""
    for x in xs:
        y = next(ay + (by - ay) * (x - ax) / (bx - ax) for (ax, ay), (bx, by) in zip(short, short[1:]) if ax <= x <= bx)
        leg.add("lights", x * 16 + 8, round(y - side * 2.5) * 16 + 8, name="lantern at the fork")
        rows = [r for r in range(leg.height) if leg.kind_at(x, r) == "trail" and (r - y) * side > 4]
        if rows:
            far = min(rows) if side > 0 else max(rows)
            leg.add("lights", x * 16 + 8, (far + side * 3) * 16 + 8, name="lantern at the fork")


def bear(leg: Leg, tx: float, ty: float, name: str) -> None:
    """A sleeping grizzly on the trail at a tile position (aggro 200 px, leash 280, speed 130)."""
    leg.add("bear", tx * 16, ty * 16, name=name,
            props={"aggro_radius": ("float", "200"), "leash": ("float", "280"), "speed": ("float", "130")})


def tune(leg: Leg, n: int) -> None:
    """Difficulty tuning with the human model (docs/difficulty.md): each leg a little harder
    than the last, mostly through grizzlies any driver meets; falls only where a warning shows."""
    if n == 2:  # the squall's open hole on the river: one row narrower, a margin below the trail
        leg.paint([(x, 34) for x in (*range(208, 214), *range(220, 226)) if leg.kind_at(x, 34) == "water"], "ice")
    elif n == 3:  # river ice round an open hole beside the trail, and stronger gusts over it
        river = [(x, y) for x in range(372, 402) for y in range(18, 36)]
        leg.paint([c for c in river if leg.kind_at(*c) in ("snow", "deep_snow")], "ice")
        leg.set_property(4, "wind_y", 30.0)
    elif n == 5:  # the grizzly at the creek sleeps up the slope, out of reach of the trail
        leg.move(9, x=486 * 16, y=5 * 16)
        leg.set_property(6, "wind_y", 30.0)  # gusts off the hills blow toward the drop
        leg.set_property(6, "gusts", True)
        leg.set_property(8, "aggro_radius", 60.0)  # the grizzly in the draw dozes: the fork is the leg's test
    elif n == 4:  # the grizzly by the drift dozes too: the den at the fork is the leg's bear
        leg.set_property(8, "aggro_radius", 60.0)
    elif n == 6:  # the tip of a pressure ridge no longer pins a team in deep snow; a grizzly inland
        tip = [(x, y) for x in range(144, 152) for y in range(32, 36)]
        leg.paint([c for c in tip if leg.kind_at(*c) in ("rock", "deep_snow")], "ice")
        bear(leg, 512, 8.5, "grizzly on Little McKinley")
    elif n == 7:  # the descent's ice chute is clear; the old grizzly waits on the Solomon road
        leg.paint([(x, y) for x in range(370, 392) for y in range(22, 36) if leg.kind_at(x, y) == "tree"], "clear")
        leg.move(54, x=452 * 16, y=48 * 16)
        for prop, value in (("aggro_radius", 200.0), ("speed", 130.0), ("leash", 280.0)):
            leg.set_property(54, prop, value)
    elif n == 8:  # the last grizzly stands on the trail, and one more in the willows
        leg.move(56, x=6496, y=424)
        bear(leg, 352, 27.5, "grizzly in the willows")


LEGS: dict[int, tuple[str, Callable[[Leg], None]]] = {
    2: ("02_tolovana_manley.tmx", lambda leg: None),
    3: ("03_yukon_to_ruby.tmx", leg3),
    4: ("04_frozen_lake.tmx", leg4),
    5: ("05_kaltag_portage.tmx", leg5),
    6: ("06_norton_sound.tmx", leg6),
    7: ("07_topkok.tmx", leg7),
    8: ("08_bonanza_to_nome.tmx", leg8),
}


def main(argv: list[str]) -> int:
    wanted = [int(a) for a in argv] or sorted(LEGS)
    for n in wanted:
        name, shape = LEGS[n]
        leg = Leg(LEVELS / name)
        tune(leg, n)
        shape(leg)
        print(f"{name}: {leg.save()} cells retiled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
