"""The fast flow field (scipy) is the plain heap Dijkstra's field, cell for cell and bit for bit:
the autopilot and the HUD's miles read exactly what they read before the speed-up."""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import resources
from game.sim import nav_build
from game.sim import terrain as T
from game.sim.leveldata import MapObject
from game.sim.nav_build import build_nav
from game.sim.nav_heap import build_nav_reference, repair_nav
from game.sim.navigation import MAX_STEP, cell_costs
from game.tiled.level import load_level

LEGS = sorted(resources.LEVELS.glob("0*.tmx"))


def assert_same(a, b) -> None:
    assert a.cost.tobytes() == b.cost.tobytes(), f"cost differs in {np.sum(a.cost != b.cost)} cells"
    assert a.length.tobytes() == b.length.tobytes(), f"length differs in {np.sum(a.length != b.length)} cells"
    assert np.array_equal(a.next, b.next), f"next differs in {np.sum(a.next != b.next)} cells"
    assert a.next.dtype == b.next.dtype and a.cost.shape == b.cost.shape


@pytest.mark.parametrize("path", LEGS, ids=lambda p: p.stem)
def test_every_shipped_leg_gets_the_same_field(path):
    level = load_level(path)
    assert_same(build_nav(level), build_nav_reference(level))


def _level(grid: np.ndarray, finishes: list[tuple[float, float, float, float]], tile: int = 16):
    """A stand-in Level: what build_nav reads (size, tile, terrain, finish objects)."""
    h, w = grid.shape
    objs = tuple(MapObject(id=k + 1, name="", kind="finish", x=x, y=y, width=fw, height=fh)
                 for k, (x, y, fw, fh) in enumerate(finishes))
    return SimpleNamespace(width=w, height=h, tile_size=tile, terrain=grid.astype(np.uint8),
                           of_kind=lambda kind: objs if kind == "finish" else ())


# Few kinds, so equal costs (ties between neighbours) are common: the hard case for `next`.
KINDS = [T.CODE[name] for name in ("snow", "trail", "trail", "ice", "deep_snow", "water", "tree")
         if name in T.CODE]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.data())
def test_random_grids_with_ties_get_the_same_field(w, h, data):
    cells = data.draw(st.lists(st.sampled_from(KINDS), min_size=w * h, max_size=w * h))
    grid = np.array(cells).reshape(h, w)
    n = data.draw(st.integers(0, 3))
    finishes = [(data.draw(st.integers(-1, w)) * 16.0, data.draw(st.integers(-1, h)) * 16.0,
                 data.draw(st.sampled_from([8.0, 16.0, 40.0])), data.draw(st.sampled_from([16.0, 33.0])))
                for _ in range(n)]
    level = _level(grid, finishes)
    assert_same(build_nav(level), build_nav_reference(level))


def test_an_open_field_full_of_ties():
    level = _level(np.full((30, 40), T.CODE["trail"]), [(16.0 * 20, 16.0 * 10, 16.0, 16.0)])
    fast = build_nav(level)
    assert_same(fast, build_nav_reference(level))
    assert math.isfinite(fast.cost.max())


def test_a_wide_map_and_a_tall_one_built_in_turn_each_get_their_own_field():
    """A wide map is stored transposed, a tall one is not, and the two shapes keep arrays of one
    size: built in turn, each must still get the reference's field (not fail, nor read the
    other's moves)."""
    rng = np.random.default_rng(3)
    wide = _level(rng.choice(KINDS, size=(4, 9)), [(16.0 * 7, 16.0, 16.0, 16.0)])
    tall = _level(rng.choice(KINDS, size=(9, 4)), [(16.0, 16.0 * 7, 16.0, 16.0)])
    for level in (wide, tall, wide, tall):
        assert_same(build_nav(level), build_nav_reference(level))


def test_no_finish_leaves_everything_unreachable():
    level = _level(np.full((5, 6), T.CODE["snow"]), [])
    fast = build_nav(level)
    assert_same(fast, build_nav_reference(level))
    assert np.isinf(fast.cost).all() and (fast.next == -1).all()


def test_a_repair_of_the_fast_field_is_the_repair_of_the_reference():
    level = load_level(LEGS[3])
    grid = level.terrain.tolist()
    fast, ref = build_nav(level), build_nav_reference(level)
    way = fast.way(fast.cell(*level.of_kind("start")[0].center))
    cells = [int(c) for c in way[len(way) // 2: len(way) // 2 + 3]]
    for c in cells:
        grid[c // level.width][c % level.width] = T.CODE["water"]
    assert_same(repair_nav(fast, grid, cells), repair_nav(ref, grid, cells))


def test_fields_built_in_several_threads_at_once_are_each_their_own():
    """A sweep's thread pool (and thin ice) build fields at once: per-thread work arrays, so no
    build ever reads another's half-written numbers."""
    legs = [load_level(path) for path in (LEGS[0], LEGS[4])]  # two maps of one size
    assert (legs[0].width, legs[0].height) == (legs[1].width, legs[1].height)
    alone = [build_nav(level) for level in legs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(build_nav, legs * 8))
    for got, want in zip(together, alone * 8):
        assert_same(got, want)


def test_a_map_too_big_to_compact_gets_every_edge_and_the_same_field(monkeypatch):
    """Above COMPACT_CELLS scipy gets every edge, infinite ones too (compacting would keep
    13 bytes an edge per shape): the same field as the compacted graph gives, and no kept
    arrays for it."""
    level = load_level(LEGS[4])
    compact = build_nav(level)
    monkeypatch.setattr(nav_build, "COMPACT_CELLS", 0)
    monkeypatch.setattr(nav_build, "_SCRATCH", nav_build._Scratch())
    whole = build_nav(level)
    assert_same(whole, compact)
    (kept,) = nav_build._SCRATCH.by_shape.values()
    assert len(kept) == 9  # the build's own work arrays, no compaction arrays


def test_the_kept_layouts_are_bounded():
    """Each map shape's index arrays are kept for the next build of that shape, but no more
    than LAYOUTS_KEPT shapes: a tool building fields for many map sizes does not grow."""
    rng = np.random.default_rng(5)
    for w in range(2, 2 + 3 * nav_build.LAYOUTS_KEPT):
        level = _level(rng.choice(KINDS, size=(3, w)), [(0.0, 0.0, 16.0, 16.0)])
        assert_same(build_nav(level), build_nav_reference(level))
        assert len(nav_build._LAYOUTS) <= nav_build.LAYOUTS_KEPT


def test_no_finite_step_is_dearer_than_max_step():
    """The corner cut takes MAX_STEP from the cells beside a diagonal: that is only exact while
    no cell's finite step (its terrain's, plus near danger) is dearer."""
    grid = np.array([list(range(len(T.NAMES)))] * 3, dtype=np.uint8)
    steps = cell_costs(grid)
    assert steps[np.isfinite(steps)].max() <= MAX_STEP
