"""A flow field's lengths (px to the finish: the HUD's miles, a run's progress) come from its
`next` links when read: one cell's by walking its links, the whole table by a tree Dijkstra.
Both are the heap Dijkstra's own sums, bit for bit, in any order of asking; a run reads only
the cells under its team and never pays for the table, not even when a bear breaks thin ice
(a repair keeps its window's lengths and asks the old field for the rest)."""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nav_fast import _level

from game import resources
from game.sim import create_world, step
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.nav_build import build_nav
from game.sim.nav_heap import MAX_PATCHES, build_nav_reference, repair_nav
from game.sim.navigation import LengthPatch, NavField
from game.tiled.level import load_level

LEGS = sorted(resources.LEVELS.glob("0*.tmx"))


def _walked(nav: NavField, cells) -> np.ndarray:
    """Each cell's length asked one by one, at its centre."""
    return np.array([nav.length_at(*nav.centre(int(i))) for i in cells])


@pytest.mark.parametrize("path", LEGS, ids=lambda p: p.stem)
def test_every_cell_asked_one_by_one_is_the_heap_dijkstras_length(path):
    """In random order: the first cells walk far, later ones stop at cells already known, and
    past an eighth of the map the table answers (all three ways, the same bits)."""
    level = load_level(path)
    want = build_nav_reference(level).length.ravel()
    order = np.random.default_rng(7).permutation(level.width * level.height)
    fast = build_nav(level)
    first = order[:50]
    assert _walked(fast, first).tobytes() == want[first].tobytes()
    assert not fast._table, "a few cells asked: walked, no table yet"
    assert _walked(fast, order).tobytes() == want[order].tobytes()
    assert fast._table, "most cells asked: the table took over"
    assert build_nav(level).length.ravel().tobytes() == want.tobytes()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.sampled_from([1, 8, 16, 32]), st.data())
def test_walks_in_any_order_and_the_table_agree_on_random_grids(w, h, tile, data):
    kinds = [T.CODE[k] for k in ("snow", "trail", "ice", "thin_ice", "overflow", "deep_snow",
                                 "tree", "water")]
    grid = np.array(data.draw(st.lists(st.sampled_from(kinds), min_size=w * h, max_size=w * h)),
                    dtype=np.uint8).reshape(h, w)
    finishes = []
    for _ in range(data.draw(st.integers(0, 3))):  # none, or areas of one cell or several
        fx, fy = data.draw(st.integers(0, w - 1)), data.draw(st.integers(0, h - 1))
        fw, fh = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
        grid[fy, fx] = T.CODE["trail"]
        finishes.append((float(tile * fx), float(tile * fy), float(tile * fw), float(tile * fh)))
    level = _level(grid, finishes, tile)
    want = build_nav_reference(level).length.ravel()
    order = data.draw(st.permutations(range(w * h)))
    assert _walked(build_nav(level), order).tobytes() == want[order].tobytes()
    table_first = build_nav(level)
    assert table_first.length.ravel().tobytes() == want.tobytes()
    assert _walked(table_first, order).tobytes() == want[order].tobytes()


def test_a_run_never_builds_the_whole_table(monkeypatch):
    """What a new run on a level pays: its costs and links, and the lengths under its team."""
    level = load_level(LEGS[4])
    nav = build_nav(level)

    def refuse(*_args: object) -> np.ndarray:
        raise AssertionError("a run built the whole length table")

    monkeypatch.setattr("game.sim.navigation.tree_lengths", refuse)
    world = create_world(level, 3, nav=nav)
    for _ in range(600):
        step(world, autopilot(world))
        assert 0.0 <= world.progress <= 1.0 and math.isfinite(world.miles_left)
    assert world.progress > 0.0


def test_the_table_read_after_walks_is_the_same_and_read_only():
    level = load_level(LEGS[2])
    nav = build_nav(level)
    start = level.of_kind("start")[0].center
    walked = nav.length_at(*start)
    assert walked > 0.0 and math.isfinite(walked)
    assert nav.length.flat[nav.cell(*start)] == walked
    assert nav.length_at(*start) == walked
    with pytest.raises(ValueError):
        nav.length[0, 0] = 1.0


def test_a_loop_of_links_is_unreachable_not_a_hang():
    """Never made by a build; a hand-made field with a cycle still answers, in bounded time."""
    nxt = np.array([1, 2, 0, -1], dtype=np.int64)
    cost = np.array([[3.0, 2.0], [1.0, 0.0]])
    nav = NavField(cost=cost, next=nxt, width=2, height=2, tile=16)
    assert nav.length_at(1.0, 1.0) == math.inf
    assert nav.length_at(17.0, 17.0) == 0.0


def test_threads_asking_at_once_agree_and_share_one_table():
    """A sweep's thread pool shares one field: walks in several threads give the same sums,
    and threads reading the whole table at once all get the one table kept."""
    level = load_level(LEGS[0])
    want = build_nav_reference(level).length.ravel()
    nav = build_nav(level)
    cells = np.random.default_rng(3).permutation(level.width * level.height)[:4000]
    parts = np.array_split(cells, 8)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda part: _walked(nav, part), parts))
    for part, lengths in zip(parts, got):
        assert lengths.tobytes() == want[part].tobytes()
    fresh = build_nav(level)
    with ThreadPoolExecutor(max_workers=8) as pool:
        tables = list(pool.map(lambda _: fresh.length, range(16)))
    assert all(t is tables[0] for t in tables) and fresh.length is tables[0]


def _broken(level, nav: NavField, at: float, grid: list[list[int]]) -> list[int]:
    """Three cells of the way from the start, `at` of the way along, turned to water in `grid`."""
    way = nav.way(nav.cell(*level.of_kind("start")[0].center))
    k = int(len(way) * at)
    cells = [int(c) for c in way[k:k + 3]]
    for c in cells:
        grid[c // level.width][c % level.width] = T.CODE["water"]
    return cells


def test_a_thin_ice_repair_never_builds_the_old_fields_table(monkeypatch):
    """A bear breaking the ice repairs the field in a window: the new field's lengths are the
    repair's in the window and the old field's (walked on demand) elsewhere, the same bits as
    the repair of the reference field, without the whole table being built."""
    level = load_level(LEGS[3])
    grid = level.terrain.tolist()
    fast, ref = build_nav(level), build_nav_reference(level)
    cells = _broken(level, fast, 0.5, grid)
    want = repair_nav(ref, grid, cells).length.ravel()

    def refuse(*_args: object) -> np.ndarray:
        raise AssertionError("a repair built the whole length table")

    monkeypatch.setattr("game.sim.navigation.tree_lengths", refuse)
    repaired = repair_nav(fast, grid, cells)
    assert isinstance(repaired.given_length, LengthPatch)
    w = level.width
    window = [y * w + x for y in range(cells[0] // w - 20, cells[0] // w + 21)
              for x in range(cells[0] % w - 20, cells[0] % w + 21) if 0 <= y < level.height and 0 <= x < w]
    sample = np.concatenate([window, np.random.default_rng(5).permutation(w * level.height)[:150]])
    assert _walked(repaired, sample).tobytes() == want[sample].tobytes()
    assert not fast._table and not repaired._table
    monkeypatch.undo()
    assert repaired.length.ravel().tobytes() == want.tobytes()


def test_a_stack_of_repairs_is_the_stack_of_the_references_and_stays_shallow():
    """Against two oracles: the same stack on the reference field, and repairs each made on a
    field holding its whole table (as repairs were made before they stacked patches)."""
    level = load_level(LEGS[3])
    grid = level.terrain.tolist()
    fast, ref = build_nav(level), build_nav_reference(level)
    whole = build_nav(level)
    sample = np.random.default_rng(9).permutation(level.width * level.height)[:400]
    for k in range(MAX_PATCHES + 3):
        cells = _broken(level, fast, 0.1 + 0.07 * k, grid)
        fast, ref = repair_nav(fast, grid, cells), repair_nav(ref, grid, cells)
        once = repair_nav(whole, grid, cells)
        whole = NavField(cost=once.cost, next=once.next, width=once.width, height=once.height,
                         tile=once.tile, given_length=once.length)
        given = fast.given_length
        assert (given.depth if isinstance(given, LengthPatch) else 0) <= MAX_PATCHES
        want = whole.length.ravel()[sample]
        assert _walked(fast, sample).tobytes() == want.tobytes()
        assert _walked(ref, sample).tobytes() == want.tobytes()
    assert fast.length.tobytes() == ref.length.tobytes() == whole.length.tobytes()
    assert fast.cost.tobytes() == ref.cost.tobytes() and np.array_equal(fast.next, ref.next)
