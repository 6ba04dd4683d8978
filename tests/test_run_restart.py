"""A restarted run is the run a fresh start gives: after a bear broke thin ice (the world's
flow field repaired around the hole), a restart plays on the level's own field again, the ice
whole, digest for digest the same as a new session on the same seed."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import resources  # noqa: E402
from game.session.replay import Recorder  # noqa: E402
from game.session.run import RunSession  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.sim import digest, step  # noqa: E402
from game.sim import terrain as T  # noqa: E402
from game.sim.bots import autopilot  # noqa: E402
from game.sim.ice import break_open  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

pytestmark = pytest.mark.usefixtures("pygame_display")


def _drive(run: RunSession, ticks: int) -> str:
    for _ in range(ticks):
        if run.world.done:
            break
        step(run.world, autopilot(run.world))
    return digest(run.world)


def test_a_restart_after_the_ice_broke_plays_on_the_level_s_own_field(assets, store, tmp_path):
    level = load_level(resources.LEVELS / "05_kaltag_portage.tmx")
    services = Services.create(assets, store=store, recorder=Recorder(tmp_path / "replays"))
    run = RunSession(level, 4, services, bot="autopilot")
    start_nav = run.world.nav
    grid = np.array(run.world.grid).ravel()  # thin ice is marked on the world's grid (rectangles)
    way = start_nav.way(start_nav.cell(run.world.team.x, run.world.team.y)).tolist()
    thin = [c for c in way if grid[c] == T.CODE["thin_ice"]]  # thin ice on the autopilot's way
    assert len(thin) >= 3
    _drive(run, 120)
    break_open(run.world, thin[:3])  # as a bear's weight would
    assert run.world.nav is not start_nav  # repaired around the new water
    run.restart()
    assert run.world.nav is start_nav
    assert all(run.world.grid[c // level.width][c % level.width] == T.CODE["thin_ice"] for c in thin[:3])
    fresh = RunSession(level, 4, services, bot="autopilot")
    assert _drive(run, 3000) == _drive(fresh, 3000)
