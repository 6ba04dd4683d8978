"""The observation arrays of one World (numpy only, no gymnasium): `Observer` builds them.

What the weather lets one see: the grid's cells whose centre lies beyond `world.weather.
visibility` of the centre of Balto's tile are unknown (every channel 0, "seen" 0); bears,
thin-ice cracks and the sea-ice breakup front show only within that visibility and trail
markers within `guide_visibility` (markers and lights carry farther), the circle
game.sim.human's sight uses too (without its 640x360 screen box, which is the window's limit,
not the weather's). The state carries the visibility itself.

Why a class: the terrain channels live in a padded numpy copy of the world's grid (the per-level
`game.rl.tables.Tables`), kept in step with the only two changes the rules make to a grid (thin
ice broken open, `ice.holes`; sea ice broken up, `breakup.broken`; both only ever append), so a
step reads its 5x15x15 window with one `take` and, in fog, one multiply by a precomputed mask.
The observation must cost well under half the four ticks it covers (issue #14; `balto bench`
measures it), so `look()` works out Balto's tile once for the reward and every array, a step
allocates nothing it can avoid (the state and hazard arrays are fresh views cut from blocks made
64 observations at a time, written with `struct.pack_into`), and the bears are not scanned while
none can have come within sight (a bound from how far the team and the fastest bear can have
moved since the last scan that found none).

Every array is float32. Offsets are in the grid's frame ("up" towards row 0, "right" towards the
last column) in tens of tiles; the channels are listed in docs/simulation.md, "Observation".
"""
from __future__ import annotations

import math
import struct

import numpy as np

from game.rl.tables import GRID_CHANNELS, GRID_SIZE, PAD, TURN, TURNS, WATER_CHANNELS, Tables, Way
from game.sim import World
from game.sim import bear as B
from game.sim.blizzard import CLEAR_VISIBILITY
from game.sim.constants import DT
from game.sim.markers import SENSES_RADIUS

__all__ = [
    "Observer", "Tables", "TURNS", "STATE_FIELDS", "GRID_CHANNELS", "GRID_SIZE", "SLOTS", "BEAR_FIELDS",
    "MARKER_FIELDS", "CRACK_FIELDS", "BREAKUP_FIELDS", "STATE_LOW", "STATE_HIGH", "HAZARD_LIMIT",
    "BEAR_RANGE", "CRACK_RANGE", "HAZARD_KEYS",
]

STATE_FIELDS: tuple[str, ...] = (
    "speed", "sin_heading_to_way", "cos_heading_to_way", "stamina", "winded", "vials",
    "left_fraction", "left_tiles_100", "visibility",
)
SLOTS = 4  # the nearest this many of each hazard; the mask says which slots are filled
BEAR_FIELDS: tuple[str, ...] = ("up", "right", "distance", "awake", "charging")
MARKER_FIELDS: tuple[str, ...] = ("up", "right", "distance", "revealed_false")
CRACK_FIELDS: tuple[str, ...] = ("up", "right", "distance", "crack")
BREAKUP_FIELDS: tuple[str, ...] = ("active", "gap")
BEAR_RANGE = CLEAR_VISIBILITY  # px: bears at most this near are seen (less in fog or at night)
CRACK_RANGE = 128.0  # px: cracked thin-ice cells this near (8 tiles; less in fog or at night)
HAZARD_LIMIT = 4.0  # offsets and distances are clipped to +-40 tiles (4.0)
STATE_LOW = np.array([0, -1, -1, 0, 0, 0, 0, 0, 0], dtype=np.float32)
STATE_HIGH = np.array([4, 1, 1, 1, 1, 1, 4, 100, 1], dtype=np.float32)
_SHAPES: tuple[tuple[int, ...], ...] = (
    (SLOTS, len(BEAR_FIELDS)), (SLOTS,), (SLOTS, len(MARKER_FIELDS)), (SLOTS,),
    (SLOTS, len(CRACK_FIELDS)), (SLOTS,), (len(BREAKUP_FIELDS),),
)
_PACK_STATE = struct.Struct(f"={len(STATE_FIELDS)}f").pack_into
_PACKS = {n: struct.Struct(f"={n}f").pack_into for n in range(1 + SLOTS * len(BEAR_FIELDS))}
_ONES = (1.0,) * SLOTS
_BATCH = 64  # observations' worth of fresh state and hazard arrays made at once
_THREAT = tuple(s in (B.NOTICE, B.CHARGE, B.SWIPE) for s in range(len(B.STATE_NAMES)))
_SLEEP, _GONE = B.SLEEP, B.GONE
_INV_CLEAR = 1.0 / CLEAR_VISIBILITY
_PER_TURN = 1.0 / TURN
HAZARD_KEYS = ("bears", "bears_mask", "markers", "markers_mask", "cracks", "cracks_mask", "breakup")


def _nearest(near: list[tuple[float, float, float, int]], s: float, c: float,
             scale: float) -> list[tuple[int, float, float, float]]:
    """The nearest SLOTS of `near` (squared distance, dx, dy in px, index), nearest first: each
    index with its up, right and distance in the frame whose up is (s, -c) and right (c, s),
    scaled by `scale` and clipped to HAZARD_LIMIT."""
    if len(near) > 1:
        near.sort()
    lim = HAZARD_LIMIT
    out = []
    for d2, x, y, i in near[:SLOTS]:
        x, y = x * scale, y * scale
        up, right = x * s - y * c, x * c + y * s
        out.append((i, lim if up > lim else -lim if up < -lim else up,
                    lim if right > lim else -lim if right < -lim else right, min(math.sqrt(d2) * scale, lim)))
    return out


def _fresh_batch() -> list[tuple[np.ndarray, ...]]:
    """_BATCH tuples of fresh zero arrays, the state's then one per _SHAPES entry. Each kind is
    one allocation cut into per-observation views (`list` of an array, one C call), so a step
    takes its eight arrays with one `pop` instead of eight allocations; no view is handed out
    twice or written after it is handed out, so observations stay independent and unchanged."""
    kinds = [list(np.zeros((_BATCH, len(STATE_FIELDS)), dtype=np.float32))]
    kinds += [list(np.zeros((_BATCH, *shape), dtype=np.float32)) for shape in _SHAPES]
    return list(zip(*kinds))


def _fill(rows: np.ndarray, mask: np.ndarray, flat: list[float], n: int) -> None:
    """Write `n` hazard rows, `flat` (each clipped, so finite), into fresh `rows` and mark them
    in `mask`: two packs into the float32 buffers, no numpy assignment."""
    # ndarray is a buffer; numpy's stubs do not say so on Python 3.11 (no memoryview: a hot path)
    _PACKS[len(flat)](rows, 0, *flat)  # type: ignore[arg-type]
    _PACKS[n](mask, 0, *_ONES[:n])  # type: ignore[arg-type]


class Observer:
    """The observation arrays of one World, in the frame "heading" (egocentric) or "north"."""

    def __init__(self, world: World, frame: str = "heading", tables: Tables | None = None) -> None:
        self.world = world
        self._north = frame == "north"
        self.tables = tables = tables if tables is not None else Tables(world)
        lvl = world.level
        self.tile = float(lvl.tile_size)
        self.width, self.height = lvl.width, lvl.height
        self.padded_width = tables.padded_width
        self._gather, self._lead = tables.gather, tables.lead
        self._fog = tables.fog
        self._way = tables.way
        self.stack = tables.stack.copy()  # this World's own: its grid changes
        self._flat = self.stack.reshape(-1)  # a view: sync() writes through it
        self._holes = self._broken = 0
        self._fresh: list[tuple[np.ndarray, ...]] = []
        # the hazards' states and the weather, looked up once (World's properties cost a call and
        # a dict look-up each); only a hot reload (game.sim.reload, never done to an env's World)
        # swaps them
        self._bears, self._markers = world.bears, world.markers
        self._ice, self._breakup, self._weather = world.ice, world.breakup, world.weather
        self._any_bears = len(self._bears) > 0  # a level's bears are all made with the World
        fixed = self._bears.fixed
        self._bear_step = max((f[1] for f in fixed), default=0.0) * DT  # the fastest bear, px a tick
        self._bears_quiet = (0.0, 0.0, 0, -1.0)  # (team x, y, tick, slack) of the last empty scan
        self._marker_cells = tables.marker_cells
        self._all_markers = tuple((x, y, i) for i, (x, y) in enumerate(tables.markers))
        self._zones = self._breakup.zones
        self._fog_clear = self._fog.clear
        self._scale = 1.0 / (10.0 * self.tile)  # px to tens of tiles
        self._per_100_tiles = 1.0 / (100.0 * self.tile)
        self._vials_start = max(1, world.vials_start)
        # what look() reads every step, in one tuple: one attribute load and an unpack instead of
        # a dozen attribute loads (the objects never change; the lists change in place)
        self._hot = (self.tile, self.width, self.height, self._marker_cells, self._weather, self._fresh,
                     self._ice, self._breakup, self._zones, self._flat, self._gather, self._fog_clear,
                     PAD * self.padded_width + PAD - self._lead, self.padded_width, self._per_100_tiles,
                     self._vials_start, self._any_bears)
        self.sync()

    def sync(self) -> None:
        """Copy the cells turned to water since the last call into the padded channels."""
        holes, broken = self._ice.holes, self._breakup.broken
        if len(holes) == self._holes and len(broken) == self._broken:
            return
        for cell in (*holes[self._holes:], *broken[self._broken:]):
            cy, cx = divmod(cell, self.width)
            self.stack[:, cy + PAD, cx + PAD] = WATER_CHANNELS
        self._holes, self._broken = len(holes), len(broken)

    @property
    def frame(self) -> str:
        """"heading" (the grid and offsets turned to the team's heading) or "north"."""
        return "north" if self._north else "heading"

    @frame.setter
    def frame(self, frame: str) -> None:
        self._north = frame == "north"

    def frame_sin_cos(self) -> tuple[float, float]:
        """sin and cos of the frame's "up" direction (the heading, or north)."""
        return self._frame(self.world.team.heading)

    def _frame(self, heading: float) -> tuple[float, float]:
        if self._north:
            return 0.0, 1.0
        return math.sin(heading), math.cos(heading)

    def tile_of(self) -> tuple[int, int]:
        """Balto's tile (clamped into the map, as NavField.cell)."""
        team, tile = self.world.team, self.tile
        cx, cy = int(team.x // tile), int(team.y // tile)
        return min(max(cx, 0), self.width - 1), min(max(cy, 0), self.height - 1)

    def cell(self) -> int:
        """The flat index of the cell under Balto (clamped into the map, as NavField.cell)."""
        cx, cy = self.tile_of()
        return cy * self.width + cx

    def way(self) -> Way:
        """The Way of the world's flow field now (a repair after broken ice makes a new one)."""
        nav = self.world.nav
        if self._way.nav is not nav:
            self._way = self.tables.way if self.tables.way.nav is nav else Way(nav)
        return self._way

    def nav_left(self) -> float:
        """Pixels to the finish along the flow field from Balto's cell (inf off the field)."""
        return self.way().left[self.cell()]

    def grid(self) -> np.ndarray:
        """The (channels, 15, 15) terrain window around Balto's tile: each cell is the tile under
        its centre, the window turned about the tile's centre to the heading (in TURNS steps),
        the cells beyond the visibility blanked."""
        return self.look()[1]["grid"]

    def state(self) -> np.ndarray:
        """The team's state (STATE_FIELDS)."""
        return self.look()[1]["state"]

    def hazards(self) -> dict[str, np.ndarray]:
        """The nearest bears, markers in senses range and cracks (SLOTS rows each, with a
        mask), and the sea-ice breakup front, as far as the weather lets them be seen."""
        obs = self.look()[1]
        return {k: obs[k] for k in HAZARD_KEYS}

    def observe(self) -> dict[str, np.ndarray]:
        """Every array of the observation."""
        return self.look()[1]

    def _arrays(self) -> tuple[np.ndarray, ...]:
        """Fresh zero arrays for one observation: the state, then one per _SHAPES entry."""
        if not self._fresh:
            self._fresh.extend(_fresh_batch())
        return self._fresh.pop()

    def look(self) -> tuple[float, dict[str, np.ndarray]]:
        """px to the finish along the flow field (inf off it) and the observation. One function
        on the hot path: Balto's tile, the heading and the weather read once for the reward and
        every array; the hazards' scans run only when something may be in sight."""
        (tile, w, h, marker_cells, wx, fresh, ice, breakup_state, zones, flat, gather, fog_clear, origin,
         pw, per_100_tiles, vials_start, any_bears) = self._hot
        world = self.world
        team = world.team
        tx, ty, heading = team.x, team.y, team.heading
        cx, cy = int(tx // tile), int(ty // tile)
        if 0 <= cx < w and 0 <= cy < h:
            cell = cy * w + cx
            seen = marker_cells[cell]  # the markers that may be in senses range
        else:  # off the map (never in play): the nearest cell on it, and every marker
            cx = 0 if cx < 0 else w - 1 if cx >= w else cx
            cy = 0 if cy < 0 else h - 1 if cy >= h else cy
            cell = cy * w + cx
            seen = self._all_markers
        way = self._way
        if way.nav is not world.nav:
            way = self.way()
        ways = way.cells
        left = ways[3 * cell]
        vis = wx.visibility
        state, bears, bears_mask, markers, markers_mask, cracks, cracks_mask, breakup = (
            fresh.pop() if fresh else self._arrays())
        hs, hc = math.sin(heading), math.cos(heading)
        fs, fc = (0.0, 1.0) if self._north else (hs, hc)  # the frame's "up" (fs, -fc)

        if any_bears:
            x0, y0, t0, slack = self._bears_quiet
            m = slack - self._bear_step * (world.tick - t0)
            if m <= 0.0 or (tx - x0) ** 2 + (ty - y0) ** 2 >= m * m:
                self._scan_bears(bears, bears_mask, tx, ty, fs, fc, vis)
        if seen:
            self._scan_markers(markers, markers_mask, seen, tx, ty, fs, fc, wx.guide_visibility)
        if ice.cracks:
            self._scan_cracks(cracks, cracks_mask, tx, ty, fs, fc, vis)
        if zones:
            self._front(breakup, tx, ty, vis)

        # the state: the bearing of the way ahead relative to the heading, the distances
        rel_sin, rel_cos = 0.0, 1.0
        dx, dy = ways[3 * cell + 1] - tx, ways[3 * cell + 2] - ty
        if dx == dx and (dx or dy):  # not NaN (off the field), not on the point itself
            # the bearing b of the point (0 = north, clockwise, as the heading): sin b, cos b;
            # then -sin and cos of (heading - b), so > 0 when the way lies to the right
            inv = 1.0 / math.sqrt(dx * dx + dy * dy)
            sb, cb = dx * inv, -dy * inv
            rel_sin, rel_cos = hc * sb - hs * cb, hc * cb + hs * sb
        if left < math.inf:
            frac, tiles = left / world.nav_start, left * per_100_tiles
            frac = 4.0 if frac > 4.0 else 0.0 if frac < 0.0 else frac
            tiles = 100.0 if tiles > 100.0 else 0.0 if tiles < 0.0 else tiles
        else:
            frac, tiles = 4.0, 100.0
        speed, stamina, vials = team.speed * 0.01, team.stamina, world.vials / vials_start
        # straight into the float32 buffer, cheaper than a numpy assignment (type: as in _fill)
        _PACK_STATE(
            state, 0,  # type: ignore[arg-type]
            4.0 if speed > 4.0 else speed, rel_sin, rel_cos,
            0.0 if stamina < 0.0 else 1.0 if stamina > 1.0 else stamina, 1.0 if team.winded else 0.0,
            1.0 if vials > 1.0 else vials, frac, tiles, 1.0 if vis >= CLEAR_VISIBILITY else vis * _INV_CLEAR)

        # the grid: one gather, and in fog one multiply
        if len(ice.holes) != self._holes or len(breakup_state.broken) != self._broken:
            self.sync()
        turn = 0 if self._north else round(heading * _PER_TURN) % TURNS
        grid = flat[cy * pw + cx + origin:].take(gather[turn], mode="wrap")  # (never wraps: the padding)
        if vis < fog_clear:
            grid *= self._fog.mask(vis)
        return left, {"state": state, "grid": grid, "bears": bears, "bears_mask": bears_mask,
                      "markers": markers, "markers_mask": markers_mask, "cracks": cracks,
                      "cracks_mask": cracks_mask, "breakup": breakup}

    def _scan_bears(self, bears: np.ndarray, mask: np.ndarray, tx: float, ty: float, s: float, c: float,
                    vis: float) -> None:
        """The bears not gone within the visibility into fresh `bears` and `mask`. A scan that
        finds none remembers how far the nearest is beyond BEAR_RANGE (the farthest anyone
        sees), so the next steps skip the scan while the team and the fastest bear cannot have
        closed that gap."""
        b = self._bears
        xs, ys, states = b.views[0], b.views[1], b.views[5]
        reach = vis if vis < BEAR_RANGE else BEAR_RANGE
        r2 = reach * reach
        near = []
        best = math.inf
        for i in range(len(states)):
            if states[i] == _GONE:
                continue
            dx, dy = xs[i] - tx, ys[i] - ty
            d2 = dx * dx + dy * dy
            if d2 <= r2:
                near.append((d2, dx, dy, i))
            elif d2 < best:
                best = d2
        tick = self.world.tick
        if not near:
            self._bears_quiet = (tx, ty, tick, math.sqrt(best) - BEAR_RANGE - 1.0)
            return
        self._bears_quiet = (tx, ty, tick, -1.0)
        flat: list[float] = []
        picked = _nearest(near, s, c, self._scale)
        for i, up, right, dist in picked:
            st = states[i]
            flat += (up, right, dist, float(st != _SLEEP), float(_THREAT[st]))
        _fill(bears, mask, flat, len(picked))

    def _scan_markers(self, markers: np.ndarray, mask: np.ndarray, seen: tuple[tuple[float, float, int], ...],
                      tx: float, ty: float, s: float, c: float, guide: float) -> None:
        """The markers of `seen` within senses range and the markers' visibility (often one or
        two are: written out here without the general helpers)."""
        reach = guide if guide < SENSES_RADIUS else SENSES_RADIUS
        r2 = reach * reach
        near = []
        for x, y, i in seen:
            dx, dy = x - tx, y - ty
            d2 = dx * dx + dy * dy
            if d2 <= r2:
                near.append((d2, dx, dy, i))
        if not near:
            return
        if len(near) > 1:
            near.sort()
            del near[SLOTS:]
        scale, lim = self._scale, HAZARD_LIMIT
        until, tick = self._markers.revealed_until, self.world.tick
        flat: list[float] = []
        for d2, dx, dy, i in near:
            x, y = dx * scale, dy * scale
            up, right, dist = x * s - y * c, x * c + y * s, math.sqrt(d2) * scale
            if dist > lim:  # a tile so small that senses range is more than 40 tiles
                up, right, dist = max(-lim, min(up, lim)), max(-lim, min(right, lim)), lim
            flat += (up, right, dist, 1.0 if until.item(i) > tick else 0.0)
        _fill(markers, mask, flat, len(near))

    def _scan_cracks(self, cracks: np.ndarray, mask: np.ndarray, tx: float, ty: float, s: float, c: float,
                     vis: float) -> None:
        """The cracked thin-ice cells, not yet broken, within CRACK_RANGE and the visibility."""
        levels = self._ice.cracks
        reach = vis if vis < CRACK_RANGE else CRACK_RANGE
        r2 = reach * reach
        w, ts = self.width, self.tile
        near = []
        for cell, level in levels.items():
            if level < 1.0:
                dx, dy = (cell % w + 0.5) * ts - tx, (cell // w + 0.5) * ts - ty
                if (d2 := dx * dx + dy * dy) <= r2:
                    near.append((d2, dx, dy, cell))
        if not near:
            return
        flat: list[float] = []
        picked = _nearest(near, s, c, self._scale)
        for cell, up, right, dist in picked:
            flat += (up, right, dist, levels[cell])
        _fill(cracks, mask, flat, len(picked))

    def _front(self, breakup: np.ndarray, tx: float, ty: float, vis: float) -> None:
        """The sea-ice breakup front in a zone whose rows hold Balto, into fresh `breakup`, when
        it lies within the visibility (the front is a line across the zone's rows: its nearest
        point is the gap straight behind Balto); beyond it the fog hides it, as on screen."""
        ts, gaps = self.tile, []
        for z in self._zones:
            if z.started and z.y0 * ts <= ty < z.y1 * ts and tx - z.front <= vis:
                gaps.append(min(max(0.0, tx - z.front) * self._scale, HAZARD_LIMIT))
        if gaps:
            breakup[:] = (1.0, min(gaps))
