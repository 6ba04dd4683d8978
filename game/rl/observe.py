"""The observation arrays of one World (numpy only, no gymnasium): `Observer` builds them.

Why a class: the terrain channels live in a padded numpy copy of the world's grid, made once per
episode and kept in step with the only two changes the rules make to a grid (thin ice broken open,
`ice.holes`; sea ice broken up, `breakup.broken`; both only ever append), so a step reads its
4x15x15 window with one `take` (precomputed flat indices per 5-degree turn, all four channels)
instead of 225 Python look-ups. The observation must cost well under half the four ticks it
covers (issue #14; `balto bench` measures it), so a step also does no per-step allocation it can
avoid: the state and hazard arrays are fresh views cut from blocks made 64 observations at a
time, written with `struct.pack_into`; the hazards' states, marker coordinates and Balto's tile
(from the reward's look-up) are looked up once.

Every array is float32. Offsets are in the grid's frame ("up" towards row 0, "right" towards the
last column) in tens of tiles; the channels are listed in docs/simulation.md, "Observation".
"""
from __future__ import annotations

import math
import struct

import numpy as np

from game.sim import World
from game.sim import bear as B
from game.sim import terrain as T
from game.sim.markers import SENSES_RADIUS
from game.sim.navigation import NavField

__all__ = [
    "Observer", "Tables", "TURNS", "STATE_FIELDS", "GRID_CHANNELS", "GRID_SIZE", "SLOTS", "BEAR_FIELDS",
    "MARKER_FIELDS", "CRACK_FIELDS", "BREAKUP_FIELDS", "STATE_LOW", "STATE_HIGH", "HAZARD_LIMIT",
    "BEAR_RANGE", "CRACK_RANGE",
]

STATE_FIELDS: tuple[str, ...] = (
    "speed", "sin_heading_to_way", "cos_heading_to_way", "stamina", "winded", "vials",
    "left_fraction", "left_tiles_100",
)
GRID_CHANNELS: tuple[str, ...] = ("solid", "fall", "slow", "ice")
GRID_SIZE = 15
SLOTS = 4  # the nearest this many of each hazard; the mask says which slots are filled
BEAR_FIELDS: tuple[str, ...] = ("up", "right", "distance", "awake", "charging")
MARKER_FIELDS: tuple[str, ...] = ("up", "right", "distance", "revealed_false")
CRACK_FIELDS: tuple[str, ...] = ("up", "right", "distance", "crack")
BREAKUP_FIELDS: tuple[str, ...] = ("active", "gap")
BEAR_RANGE = 480.0  # px: bears this near are seen (30 tiles)
CRACK_RANGE = 128.0  # px: cracked thin-ice cells this near (8 tiles)
HAZARD_LIMIT = 4.0  # offsets and distances are clipped to +-40 tiles (4.0)
STATE_LOW = np.array([0, -1, -1, 0, 0, 0, 0, 0], dtype=np.float32)
STATE_HIGH = np.array([4, 1, 1, 1, 1, 1, 4, 100], dtype=np.float32)
_AHEAD_STEPS = 3
_HALF = GRID_SIZE // 2
_PAD = 12  # > 7 * sqrt(2): a rotated window around a team on the map never leaves the padding
_SHAPES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("bears", (SLOTS, len(BEAR_FIELDS))), ("bears_mask", (SLOTS,)),
    ("markers", (SLOTS, len(MARKER_FIELDS))), ("markers_mask", (SLOTS,)),
    ("cracks", (SLOTS, len(CRACK_FIELDS))), ("cracks_mask", (SLOTS,)),
    ("breakup", (len(BREAKUP_FIELDS),)),
)
_PACK_STATE = struct.Struct(f"={len(STATE_FIELDS)}f").pack_into
_PACKS = {n: struct.Struct(f"={n}f").pack_into for n in range(1 + SLOTS * len(BEAR_FIELDS))}
_ONES = (1.0,) * SLOTS
_BATCH = 64  # observations' worth of fresh state and hazard arrays made at once
_THREAT = tuple(s in (B.NOTICE, B.CHARGE, B.SWIPE) for s in range(len(B.STATE_NAMES)))
_WATER = T.CODE["water"]


def _channel_table() -> np.ndarray:
    """(codes + 1, channels) 0/1: each terrain code's channels; the last row is off the map."""
    table = np.zeros((len(T.KINDS) + 1, len(GRID_CHANNELS)), dtype=np.float32)
    for code, kind in enumerate(T.KINDS):
        table[code] = (kind.solid, bool(kind.fall), kind.name in ("deep_snow", "overflow"),
                       kind.name in ("ice", "thin_ice"))
    table[-1, 0] = 1.0  # outside the map: a wall
    return table


CHANNELS = _channel_table()
_OFF_MAP = len(T.KINDS)
TURNS = 72  # the heading frame turns in steps of 5 degrees
_TURN = 2 * math.pi / TURNS


def _turn_offsets(padded_width: int) -> np.ndarray:
    """(TURNS, 225): for each turn of the window, the flat offset (in a padded grid of that
    width) from Balto's tile to the tile under each window cell's centre, row by row (row 0
    the farthest ahead, column 0 the farthest left)."""
    fwd, right = np.mgrid[_HALF:-_HALF - 1:-1, -_HALF:_HALF + 1].astype(np.float64)
    a = np.arange(TURNS)[:, None, None] * _TURN
    s, c = np.sin(a), np.cos(a)
    # right (cos h, sin h) and forward (sin h, -cos h), from the centre of Balto's tile
    dx = np.floor(0.5 + right * c + fwd * s).astype(np.intp)
    dy = np.floor(0.5 + right * s - fwd * c).astype(np.intp)
    return (dy * padded_width + dx).reshape(TURNS, GRID_SIZE * GRID_SIZE)


def _gather_indices(turns: np.ndarray, plane: int) -> tuple[np.ndarray, int]:
    """(TURNS, channels, 15, 15) flat indices into the channels stack raveled, shifted by `lead`
    (so all are >= 0): index 0 is `lead` cells before Balto's tile in channel 0. One `take` on
    the raveled stack, sliced to start there, reads the whole window in its shape."""
    lead = int(-turns.min())
    chans = np.arange(len(GRID_CHANNELS), dtype=np.intp)[:, None] * plane
    idx = (turns + lead)[:, None, :] + chans[None, :, :]
    return np.ascontiguousarray(idx.reshape(TURNS, len(GRID_CHANNELS), GRID_SIZE, GRID_SIZE)), lead


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
    takes its nine arrays with one `pop` instead of nine allocations; no view is handed out
    twice or written after it is handed out, so observations stay independent and unchanged."""
    kinds = [list(np.zeros((_BATCH, len(STATE_FIELDS)), dtype=np.float32))]
    kinds += [list(np.zeros((_BATCH, *shape), dtype=np.float32)) for _, shape in _SHAPES]
    return list(zip(*kinds))


def _fill(rows: np.ndarray, mask: np.ndarray, flat: list[float], n: int) -> None:
    """Write `n` hazard rows, `flat` (each clipped, so finite), into fresh `rows` and mark them
    in `mask`: two packs into the float32 buffers, no numpy assignment."""
    # ndarray is a buffer; numpy's stubs do not say so on Python 3.11 (no memoryview: a hot path)
    _PACKS[len(flat)](rows, 0, *flat)  # type: ignore[arg-type]
    _PACKS[n](mask, 0, *_ONES[:n])  # type: ignore[arg-type]


class Way:
    """A flow field's distances to the finish and the cell `_AHEAD_STEPS` on, per cell, as
    Python lists (what the state reads every step; -1 ahead: off the field)."""

    def __init__(self, nav: NavField) -> None:
        self.nav = nav
        self.left: list[float] = nav.length.ravel().tolist()
        nxt = nav.next.ravel()
        cur = np.arange(len(nxt))
        for _ in range(_AHEAD_STEPS):
            step = nxt[cur]
            cur = np.where(step >= 0, step, cur)
        off = (nxt < 0) & ~np.isfinite(nav.cost.ravel())
        self.ahead: list[int] = np.where(off, -1, cur).tolist()


class Tables:
    """What every World of one level shares for its observations: the padded terrain channels
    of a fresh World (the grid at the start does not depend on the seed) and, per 64 px block
    of the map, the markers that may lie within senses range of a point in it."""

    BLOCK = 64.0

    def __init__(self, world: World) -> None:
        lvl = world.level
        codes = np.full((lvl.height + 2 * _PAD, lvl.width + 2 * _PAD), _OFF_MAP, dtype=np.intp)
        codes[_PAD:-_PAD, _PAD:-_PAD] = np.asarray(world.grid, dtype=np.intp)
        self.padded_width = codes.shape[1]
        self.turns = _turn_offsets(self.padded_width)
        self.stack = np.ascontiguousarray(CHANNELS[codes].transpose(2, 0, 1))  # (4, H+2P, W+2P)
        self.gather, self.lead = _gather_indices(self.turns, codes.size)
        m = world.markers
        self.markers: list[tuple[float, float]] = list(zip(m.x.tolist(), m.y.tolist()))
        reach = SENSES_RADIUS + self.BLOCK  # > the radius plus half a block's diagonal
        blocks: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(self.markers):
            for bx in range(int((x - reach) // self.BLOCK), int((x + reach) // self.BLOCK) + 1):
                for by in range(int((y - reach) // self.BLOCK), int((y + reach) // self.BLOCK) + 1):
                    blocks.setdefault((bx, by), []).append(i)
        self.marker_blocks = {k: tuple(v) for k, v in blocks.items()}
        self.way = Way(world.nav)


class Observer:
    """The observation arrays of one World, in the frame "heading" (egocentric) or "north"."""

    def __init__(self, world: World, frame: str = "heading", tables: Tables | None = None) -> None:
        self.world = world
        self.frame = frame
        self.tables = tables = tables if tables is not None else Tables(world)
        lvl = world.level
        self.tile = float(lvl.tile_size)
        self.width, self.height = lvl.width, lvl.height
        self.padded_width = tables.padded_width
        self._gather, self._lead = tables.gather, tables.lead
        self._way = tables.way
        self.stack = tables.stack.copy()  # this World's own: its grid changes
        self._flat = self.stack.reshape(-1)  # a view: sync() writes through it
        self._holes = self._broken = 0
        self._fresh: list[tuple[np.ndarray, ...]] = []
        self._place = (math.nan, math.nan, 0, 0)  # Balto's px and tile at the last nav_left()
        # the hazards' states, looked up once (World's properties cost a call and a dict look-up
        # each); only a hot reload (game.sim.reload, never done to an env's World) swaps them
        self._bears, self._markers = world.bears, world.markers
        self._ice, self._breakup = world.ice, world.breakup
        self._any_bears = len(self._bears) > 0  # a level's bears are all made with the World
        self._pts_x, self._pts_y = [x for x, _ in tables.markers], [y for _, y in tables.markers]
        self.sync()

    def sync(self) -> None:
        """Copy the cells turned to water since the last call into the padded channels."""
        holes, broken = self._ice.holes, self._breakup.broken
        if len(holes) == self._holes and len(broken) == self._broken:
            return
        for cell in (*holes[self._holes:], *broken[self._broken:]):
            cy, cx = divmod(cell, self.width)
            self.stack[:, cy + _PAD, cx + _PAD] = CHANNELS[_WATER]
        self._holes, self._broken = len(holes), len(broken)

    def frame_sin_cos(self) -> tuple[float, float]:
        """sin and cos of the frame's "up" direction (the heading, or north)."""
        if self.frame == "north":
            return 0.0, 1.0
        h = self.world.team.heading
        return math.sin(h), math.cos(h)

    def grid(self) -> np.ndarray:
        """The (channels, 15, 15) terrain window around Balto's tile: each cell is the tile under
        its centre, the window turned about the tile's centre to the heading (in TURNS steps)."""
        team = self.world.team
        cx = min(max(int(team.x // self.tile), 0), self.width - 1)
        cy = min(max(int(team.y // self.tile), 0), self.height - 1)
        return self._window(cx, cy, 0 if self.frame == "north" else round(team.heading / _TURN) % TURNS)

    def _window(self, cx: int, cy: int, turn: int) -> np.ndarray:
        """grid() for Balto's tile (cx, cy) (on the map) and the window's turn: one gather."""
        if len(self._ice.holes) != self._holes or len(self._breakup.broken) != self._broken:
            self.sync()
        start = (cy + _PAD) * self.padded_width + cx + _PAD - self._lead
        return self._flat[start:].take(self._gather[turn])

    def cell(self) -> int:
        """The flat index of the cell under Balto (clamped into the map, as NavField.cell)."""
        team = self.world.team
        cx = min(max(int(team.x // self.tile), 0), self.width - 1)
        cy = min(max(int(team.y // self.tile), 0), self.height - 1)
        return cy * self.width + cx

    def way(self) -> Way:
        """The Way of the world's flow field now (a repair after broken ice makes a new one)."""
        nav = self.world.nav
        if self._way.nav is not nav:
            self._way = self.tables.way if self.tables.way.nav is nav else Way(nav)
        return self._way

    def nav_left(self) -> float:
        """Pixels to the finish along the flow field from Balto's cell (inf off the field).
        Remembers Balto's place and tile for the observe() that follows."""
        team = self.world.team
        tx, ty = team.x, team.y
        cx = min(max(int(tx // self.tile), 0), self.width - 1)
        cy = min(max(int(ty // self.tile), 0), self.height - 1)
        self._place = (tx, ty, cx, cy)
        return self.way().left[cy * self.width + cx]

    def observe(self, left: float) -> dict[str, np.ndarray]:
        """Every array of the observation (`left`: px to the finish along the flow field, as
        nav_left() gives it), Balto's tile and the frame's turn worked out once for all."""
        team = self.world.team
        tx, ty, heading = team.x, team.y, team.heading
        px, py, cx, cy = self._place
        if px != tx or py != ty:  # moved since nav_left()
            cx = min(max(int(tx // self.tile), 0), self.width - 1)
            cy = min(max(int(ty // self.tile), 0), self.height - 1)
        if self.frame == "north":
            s, c, turn = 0.0, 1.0, 0
        else:
            s, c, turn = math.sin(heading), math.cos(heading), round(heading / _TURN) % TURNS
        arrays = self._fresh.pop() if self._fresh else self._arrays()
        out = self._hazards(arrays, tx, ty, s, c)
        out["state"] = self._state(arrays[0], left, cy * self.width + cx, tx, ty, heading)
        out["grid"] = self._window(cx, cy, turn)
        return out

    def _arrays(self) -> tuple[np.ndarray, ...]:
        """Fresh zero arrays for one observation: the state, then one per _SHAPES entry."""
        if not self._fresh:
            self._fresh = _fresh_batch()
        return self._fresh.pop()

    def state(self, left: float) -> np.ndarray:
        """The team's state (STATE_FIELDS); `left`: px to the finish along the flow field."""
        team = self.world.team
        return self._state(self._arrays()[0], left, self.cell(), team.x, team.y, team.heading)

    def _state(self, out: np.ndarray, left: float, cell: int, tx: float, ty: float,
               heading: float) -> np.ndarray:
        """state() written into fresh `out`, for Balto at (tx, ty) px in flat cell `cell`."""
        world = self.world
        team = world.team
        rel_sin, rel_cos = 0.0, 1.0
        ahead = self.way().ahead[cell]
        if ahead >= 0:
            w, ts = self.width, self.tile
            dx = (ahead % w + 0.5) * ts - tx
            dy = (ahead // w + 0.5) * ts - ty
            if dx or dy:
                rel = heading - math.atan2(dx, -dy)  # heading: 0 = north, clockwise
                rel_sin, rel_cos = -math.sin(rel), math.cos(rel)  # > 0: the way lies to the right
        if left < math.inf:
            frac, tiles = min(left / world.nav_start, 4.0), min(left / self.tile / 100.0, 100.0)
        else:
            frac, tiles = 4.0, 100.0
        # straight into the float32 buffer, cheaper than a numpy assignment (type: as in _fill)
        _PACK_STATE(
            out, 0,  # type: ignore[arg-type]
            min(team.speed / 100.0, 4.0), rel_sin, rel_cos, min(max(team.stamina, 0.0), 1.0),
            float(team.winded), min(world.vials / max(1, world.vials_start), 1.0), max(frac, 0.0),
            max(tiles, 0.0))
        return out

    def hazards(self) -> dict[str, np.ndarray]:
        """The nearest bears, markers in senses range and cracks (SLOTS rows each, with a
        mask), and the sea-ice breakup front."""
        team = self.world.team
        s, c = self.frame_sin_cos()
        return self._hazards(self._arrays(), team.x, team.y, s, c)

    def _hazards(self, arrays: tuple[np.ndarray, ...], tx: float, ty: float, s: float,
                 c: float) -> dict[str, np.ndarray]:
        """hazards() written into fresh `arrays` (as _arrays), for Balto at (tx, ty) px and the
        frame whose up is (s, -c) and right (c, s)."""
        scale = 1.0 / (10.0 * self.tile)
        _, bears, bears_mask, markers, markers_mask, cracks, cracks_mask, breakup = arrays

        if self._any_bears:
            b = self._bears
            r2 = BEAR_RANGE * BEAR_RANGE
            states = b.state.tolist()
            near = [(d2, dx, dy, i) for i, (bx, by) in enumerate(zip(b.x.tolist(), b.y.tolist()))
                    if states[i] != B.GONE and (d2 := (dx := bx - tx) ** 2 + (dy := by - ty) ** 2) <= r2]
            if near:
                flat: list[float] = []
                picked = _nearest(near, s, c, scale)
                for i, up, right, dist in picked:
                    flat += (up, right, dist, float(states[i] != B.SLEEP), float(_THREAT[states[i]]))
                _fill(bears, bears_mask, flat, len(picked))

        tb = self.tables
        block = tb.marker_blocks.get((int(tx // tb.BLOCK), int(ty // tb.BLOCK)))
        if block:
            r2 = SENSES_RADIUS * SENSES_RADIUS
            xs, ys = self._pts_x, self._pts_y
            near = [(d2, dx, dy, i) for i in block
                    if (d2 := (dx := xs[i] - tx) ** 2 + (dy := ys[i] - ty) ** 2) <= r2]
            if near:
                until, tick = self._markers.revealed_until, self.world.tick
                flat = []
                picked = _nearest(near, s, c, scale)
                for i, up, right, dist in picked:
                    flat += (up, right, dist, 1.0 if until.item(i) > tick else 0.0)
                _fill(markers, markers_mask, flat, len(picked))

        levels = self._ice.cracks
        if levels:
            r2 = CRACK_RANGE * CRACK_RANGE
            w, ts = self.width, self.tile
            near = []
            for cell, level in levels.items():
                if level < 1.0:
                    dx, dy = (cell % w + 0.5) * ts - tx, (cell // w + 0.5) * ts - ty
                    if (d2 := dx * dx + dy * dy) <= r2:
                        near.append((d2, dx, dy, cell))
            if near:
                flat = []
                picked = _nearest(near, s, c, scale)
                for cell, up, right, dist in picked:
                    flat += (up, right, dist, levels[cell])
                _fill(cracks, cracks_mask, flat, len(picked))

        zones = self._breakup.zones
        if zones:
            ts, gaps = self.tile, []
            for z in zones:
                if z.started and z.y0 * ts <= ty < z.y1 * ts:
                    gaps.append(min(max(0.0, tx - z.front) * scale, HAZARD_LIMIT))
            if gaps:
                breakup[:] = (1.0, min(gaps))
        return {"bears": bears, "bears_mask": bears_mask, "markers": markers, "markers_mask": markers_mask,
                "cracks": cracks, "cracks_mask": cracks_mask, "breakup": breakup}
