"""A flow field's lengths (px to the finish: the HUD's miles, a run's progress) come from its
`next` links when read: one cell's by walking its links, the whole table by a tree Dijkstra.
Both are the heap Dijkstra's own sums, bit for bit, in any order of asking; a run reads only
the cells under its team and never pays for the table."""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nav_fast import _level

from game import resources
from game.sim import create_world, nav_length, step
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.nav_heap import build_nav_reference
from game.sim.navigation import NavField, build_nav
from game.tiled.level import load_level

LEGS = sorted(resources.LEVELS.glob("0*.tmx"))


def _walked(nav: NavField, cells) -> np.ndarray:
    """Each cell's length asked one by one, at its centre."""
    return np.array([nav.length_at(*nav.centre(int(i))) for i in cells])


@pytest.mark.parametrize("path", LEGS, ids=lambda p: p.stem)
def test_every_cell_walked_alone_is_the_heap_dijkstras_length(path):
    level = load_level(path)
    want = build_nav_reference(level).length.ravel()
    order = np.random.default_rng(7).permutation(level.width * level.height)
    fast = build_nav(level)
    assert _walked(fast, order).tobytes() == want[order].tobytes()
    assert build_nav(level).length.ravel().tobytes() == want.tobytes()


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 14), st.integers(2, 14), st.data())
def test_walks_in_any_order_and_the_table_agree_on_random_grids(w, h, data):
    kinds = [T.CODE[k] for k in ("snow", "trail", "ice", "deep_snow", "tree", "water")]
    grid = np.array(data.draw(st.lists(st.sampled_from(kinds), min_size=w * h, max_size=w * h)),
                    dtype=np.uint8).reshape(h, w)
    fx, fy = data.draw(st.integers(0, w - 1)), data.draw(st.integers(0, h - 1))
    grid[fy, fx] = T.CODE["trail"]
    level = _level(grid, [(16.0 * fx, 16.0 * fy, 16.0, 16.0)])
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

    monkeypatch.setattr(nav_length, "tree_lengths", refuse)
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


def test_walks_from_many_threads_at_once_agree():
    """A sweep's thread pool shares one field: walks in several threads give the same sums."""
    level = load_level(LEGS[0])
    want = build_nav_reference(level).length.ravel()
    nav = build_nav(level)
    cells = np.random.default_rng(3).permutation(level.width * level.height)
    parts = np.array_split(cells, 8)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda part: _walked(nav, part), parts))
    for part, lengths in zip(parts, got):
        assert lengths.tobytes() == want[part].tobytes()
