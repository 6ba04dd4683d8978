"""game.rl: the observation shows what the weather lets one see (skipped without the `rl` extra).
Leg 8 (Bonanza to Nome) runs in a blizzard from the first tick: about 82 px of sight."""
import numpy as np
import pytest

pytest.importorskip("gymnasium")

from game.rl.env import GRID_CHANNELS, GRID_SIZE, SerumRunEnv
from game.rl.observe import STATE_FIELDS, Observer
from game.rl.tables import window_distances
from game.sim.blizzard import CLEAR_VISIBILITY
from game.sim.human import HumanBot

SEEN = GRID_CHANNELS.index("seen")
VIS = STATE_FIELDS.index("visibility")


@pytest.fixture
def leg8():
    env = SerumRunEnv(leg=8)
    env.reset(seed=1)
    env.step(np.zeros(4))  # the first ticks: the blizzard's visibility is sampled
    return env


def _at(env, vis, guide=None):
    wx = env.world.weather
    wx.visibility = vis
    wx.guide_visibility = min(CLEAR_VISIBILITY, vis * 2.6) if guide is None else guide
    return env.episode.observation()


def test_the_grid_is_cut_to_the_visibility(leg8):
    """Cells beyond the visibility are unknown (every channel 0, "seen" 0), those within it
    show their terrain; the state carries the visibility (as a share of a clear day's)."""
    wx = leg8.world.weather
    assert wx.visibility < 100  # the blizzard of leg 8
    obs = leg8.episode.observation()
    dist = window_distances(leg8.level.tile_size)
    clear = _at(leg8, CLEAR_VISIBILITY)
    assert clear["grid"][SEEN].all() and clear["state"][VIS] == 1.0
    for vis in (1.0, wx.visibility, 60.0, 130.0, 400.0):
        got = _at(leg8, vis)
        seen = dist <= vis
        assert (got["grid"][SEEN] == seen).all(), vis
        assert (got["grid"][:, ~seen] == 0).all()  # fog, not open snow: nothing at all
        assert (got["grid"][:, seen] == clear["grid"][:, seen]).all()
        assert got["state"][VIS] == pytest.approx(vis / CLEAR_VISIBILITY)
    assert _at(leg8, 1.0)["grid"][SEEN].sum() == 1  # only Balto's own tile
    assert 0 < obs["grid"][SEEN].sum() < GRID_SIZE * GRID_SIZE  # the blizzard as it is
    # forcing the visibility changes what the agent sees (it used to change nothing)
    assert not np.array_equal(_at(leg8, 1.0)["grid"], _at(leg8, 82.0)["grid"])


def test_hazards_are_cut_to_the_visibility_as_a_person_sees_them(leg8):
    """A bear 150 px away shows in clear air, not in the blizzard; the same circle the human
    model's sight uses (HumanBot.in_view, its screen box aside)."""
    env, world = leg8, leg8.world
    b = world.bears
    world.team.x, world.team.y = float(b.x[0]) - 150.0, float(b.y[0])
    assert _at(env, CLEAR_VISIBILITY)["bears_mask"][0] == 1
    for vis in (82.0, 149.0, 151.0, 300.0):
        shown = _at(env, vis)["bears_mask"][0] == 1
        assert shown == HumanBot.in_view(world, float(b.x[0]), float(b.y[0])) == (vis >= 150.0), vis
    # nothing past a clear day's sight either (bears were seen to 480 px)
    world.team.x = float(b.x[0]) + 450.0  # (bear 3 is 414 px west of the other side)
    assert _at(env, CLEAR_VISIBILITY)["bears_mask"].sum() == 0
    # thin-ice cracks: to the visibility
    tile = world.level.tile_size
    cx, cy = int(world.team.x // tile), int(world.team.y // tile)
    world.ice.cracks[cy * world.level.width + cx + 4] = 0.5  # 4 tiles east: about 64 px
    assert _at(env, 82.0)["cracks_mask"][0] == 1 and _at(env, 40.0)["cracks_mask"][0] == 0


def test_markers_are_cut_to_the_guide_visibility(leg8):
    """Trail markers carry farther than terrain (guide_visibility), but not past it."""
    env, world = leg8, leg8.world
    m = world.markers
    world.team.x, world.team.y = float(m.x[0]) - 120.0, float(m.y[0])
    assert _at(env, 82.0)["markers_mask"][0] == 1  # guide visibility 213 px: seen
    assert _at(env, 82.0, guide=100.0)["markers_mask"][0] == 0
    assert _at(env, 82.0, guide=121.0)["markers_mask"][0] == 1


def test_a_night_or_a_blizzard_shows_in_every_step(leg8):
    """Stepping on through leg 8's blizzard: every observation's seen cells are the circle of
    that moment's visibility, and the state says how far it reaches."""
    dist = window_distances(leg8.level.tile_size)
    acts = np.random.default_rng(8).uniform(-1, 1, size=(60, 4))
    acts[:, 1] = 1.0
    for a in acts:
        obs, *_ = leg8.step(a)
        vis = leg8.world.weather.visibility
        assert (obs["grid"][SEEN] == (dist <= vis)).all()
        assert obs["state"][VIS] == pytest.approx(vis / CLEAR_VISIBILITY)


@pytest.mark.parametrize("leg", [4, 8])
def test_skipping_the_bear_scan_never_misses_a_bear(leg):
    """The observer skips the bears while none can have come within sight since its last scan
    (a bound from the team's and the fastest bear's moves): every step of the autopilot's run
    shows exactly what a scan from scratch shows, and bears do come into sight."""
    from game.sim.bots import autopilot

    env = SerumRunEnv(leg=leg, digest_every_step=False)
    env.reset(seed=1)
    observer = env.episode.observer
    seen = 0
    for _ in range(3000):
        obs, _, terminated, truncated, _ = env.step(autopilot(env.world))
        if terminated or truncated:
            break
        fresh = Observer(env.world, observer.frame, observer.tables).observe()  # a scan from scratch
        assert np.array_equal(obs["bears"], fresh["bears"]) and np.array_equal(obs["bears_mask"], fresh["bears_mask"])
        seen += int(obs["bears_mask"][0])
    assert seen > 0
