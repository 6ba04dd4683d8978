"""The human model's re-plans (game.sim.nav_replan.replan) give the field a full build gives,
bit for bit, while recomputing only the cells whose way to the finish got dearer."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_nav_fast import _level, assert_same

from game import resources
from game.sim import create_world, nav_replan
from game.sim import terrain as T
from game.sim.belief import Belief
from game.sim.nav_build import build_nav
from game.sim.nav_replan import replan
from game.sim.navigation import cell_costs
from game.tiled.level import load_level

LEGS = sorted(resources.LEVELS.glob("0*.tmx"))
# What a belief learns: plain-looking ground turns out thin ice, overflow, or ice already broken.
DEARER = [T.CODE[k] for k in ("thin_ice", "overflow", "water", "thin_ice")]
KINDS = [T.CODE[k] for k in ("snow", "trail", "trail", "ice", "ice", "deep_snow", "tree")]


@pytest.fixture(scope="module")
def legs():
    return {path.stem: load_level(path) for path in (LEGS[2], LEGS[5])}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["03_yukon_to_ruby", "06_norton_sound"]), st.data())
def test_a_run_of_replans_on_a_leg_is_a_run_of_full_builds(legs, name, data):
    level = legs[name]
    grid = np.asarray(level.terrain, dtype=np.uint8).copy()
    nav, step = build_nav(level, grid), cell_costs(grid)
    route = nav.way(nav.cell(*level.of_kind("start")[0].center))
    for _ in range(data.draw(st.integers(1, 4))):  # a few plans, each after some cells are seen
        at = int(route[data.draw(st.integers(0, len(route) - 1))])
        for _ in range(data.draw(st.integers(1, 10))):  # a patch around a cell of the route
            y = min(max(at // level.width + data.draw(st.integers(-3, 3)), 0), level.height - 1)
            x = min(max(at % level.width + data.draw(st.integers(-3, 3)), 0), level.width - 1)
            if not T.BLOCKED_MASK[grid[y, x]]:
                grid[y, x] = data.draw(st.sampled_from(DEARER))
        nav, step = replan(level, nav, step, grid)
        assert_same(nav, build_nav(level, grid))
        assert step.tobytes() == cell_costs(grid).tobytes()


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 12), st.integers(3, 12), st.data())
def test_random_grids_full_of_ties_and_any_change(w, h, data):
    """Small grids of few kinds (ties everywhere), then any change at all, dearer or cheaper, on
    the finish too: a cheaper step or a moved finish is a full build, the rest a repair."""
    cells = data.draw(st.lists(st.sampled_from(KINDS), min_size=w * h, max_size=w * h))
    grid = np.array(cells, dtype=np.uint8).reshape(h, w)
    level = _level(grid, [(16.0 * data.draw(st.integers(0, w - 1)), 16.0 * data.draw(st.integers(0, h - 1)),
                           16.0, 16.0)])
    nav, step = build_nav(level, grid), cell_costs(grid)
    for _ in range(data.draw(st.integers(1, 3))):
        for _ in range(data.draw(st.integers(1, 4))):
            y, x = data.draw(st.integers(0, h - 1)), data.draw(st.integers(0, w - 1))
            grid[y, x] = data.draw(st.sampled_from(DEARER + KINDS + [T.CODE["rock"]]))
        level.terrain = grid
        nav, step = replan(level, nav, step, grid)
        assert_same(nav, build_nav(level, grid))


def test_nothing_on_any_way_changed_keeps_the_field(legs):
    """Thin ice seen in a corner no way to the finish crosses: the same field, not rebuilt."""
    level = legs["03_yukon_to_ruby"]
    grid = np.asarray(level.terrain, dtype=np.uint8).copy()
    nav, step = build_nav(level, grid), cell_costs(grid)
    unreachable = np.flatnonzero(~np.isfinite(nav.cost.ravel()) & (step.ravel() < 3.0))  # dearer as thin ice
    if not len(unreachable):
        pytest.skip("every passable cell of the leg reaches the finish")
    y, x = divmod(int(unreachable[0]), level.width)
    grid[y, x] = T.CODE["thin_ice"]
    again, _ = replan(level, nav, step, grid)
    assert again is nav
    assert_same(again, build_nav(level, grid))


def test_a_belief_plans_on_what_a_full_build_gives(legs):
    """A human model's belief, after seeing every hidden cell of the leg, steers by the field a
    full build of what it now believes gives."""
    level = legs["06_norton_sound"]
    world = create_world(level, 1)
    belief = Belief(world)
    assert belief.unseen > 0
    hidden = np.flatnonzero(belief.hidden.ravel())
    for k, cell in enumerate(hidden.tolist()):  # seen in small batches, planned after each
        y, x = divmod(cell, level.width)
        belief.grid[y, x] = world.grid[y][x]
        if k % 7 == 6 or k == len(hidden) - 1:
            belief.nav, belief.step = replan(level, belief.nav, belief.step, belief.grid)
    assert_same(belief.nav, build_nav(level, belief.grid))


def test_a_corner_closed_beside_cells_already_near_danger():
    """A tree appears beside two cells that were already next to a tree (their step costs stay
    the same): the diagonal between them now cuts past it, so the one whose way took it must
    find another way. Only the corner rule tells."""
    t, o = T.CODE["tree"], T.CODE["trail"]
    grid = np.array([[o, t, o, o, t],
                     [t, o, o, o, o],
                     [o, o, t, t, t],
                     [o, o, o, o, o],
                     [o, o, o, o, o]], dtype=np.uint8)
    level = _level(grid, [(64.0, 64.0, 16.0, 16.0)])
    nav, step = build_nav(level, grid), cell_costs(grid)
    assert nav.next[0 * 5 + 3] == 1 * 5 + 2  # (3, 0) goes diagonally to (2, 1)
    grid[0, 2] = t  # a side of that diagonal
    level.terrain = grid
    again, new_step = replan(level, nav, step, grid)
    assert new_step[0, 3] == step[0, 3] and new_step[1, 2] == step[1, 2]
    assert again.next[0 * 5 + 3] != 1 * 5 + 2
    assert_same(again, build_nav(level, grid))


def test_a_dearer_edge_by_the_finish_is_a_full_build(legs, monkeypatch):
    """Thin ice seen on the main way next to the finish changes the way of nearly every cell:
    a full build is then the cheaper way to the same field (no repair is attempted)."""
    level = legs["03_yukon_to_ruby"]
    grid = np.asarray(level.terrain, dtype=np.uint8).copy()
    nav, step = build_nav(level, grid), cell_costs(grid)
    way = nav.way(nav.cell(*level.of_kind("start")[0].center))
    for c in way[-6:-2].tolist():  # the last cells before the finish
        grid[c // level.width, c % level.width] = T.CODE["thin_ice"]

    def no_repair(*args):
        raise AssertionError("a repair of most of the map")

    monkeypatch.setattr(nav_replan, "_repair", no_repair)
    again, _ = replan(level, nav, step, grid)
    assert_same(again, build_nav(level, grid))

