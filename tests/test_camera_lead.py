"""The camera leads along the team's motion: at speed most of the screen lies ahead, a
stopped team sits in the middle, and the view never jumps between frames."""
import math

import numpy as np
import pytest

from game.render.camera import Camera
from game.sim import step
from game.sim.controls import Controls

W, H = 640, 360


def _strip(start_col: int, width: int = 140, rows: int = 41) -> str:
    """A long trail through open snow with the start at `start_col`, in the middle row."""
    lines = []
    for r in range(rows):
        if r in (0, rows - 1):
            lines.append("T" * width)
        elif r == rows // 2:
            row = "T" + "=" * (width - 2) + "T"
            lines.append(row[:start_col] + "S" + row[start_col + 1:])
        elif r == 1:
            lines.append("TF" + "." * (width - 3) + "T")  # the finish, out of the way
        else:
            lines.append("T" + "." * (width - 2) + "T")
    return "\n".join(lines)


def _balto_on_screen(world, cam: Camera, alpha: float = 0.0) -> tuple[float, float]:
    ox, oy = cam.offset(alpha)
    return world.team.x - ox, world.team.y - oy


def _drive(world, cam: Camera, controls: Controls, ticks: int) -> None:
    cam.snap(world)
    for _ in range(ticks):
        step(world, controls)
        cam.update_tick(world)


@pytest.mark.parametrize("heading, start_col, ahead", [(90.0, 10, +1), (270.0, 129, -1)])
def test_at_speed_most_of_the_screen_lies_ahead(make_world, heading, start_col, ahead):
    world = make_world(_strip(start_col), heading=heading)
    mw, mh = world.level.pixel_size
    cam = Camera(W, H, mw, mh)
    _drive(world, cam, Controls(mush=True), 240)
    assert world.team.speed > 90
    bx, by = _balto_on_screen(world, cam)
    behind = bx if ahead > 0 else W - bx  # Balto's distance from the trailing edge
    assert behind < W * 0.40, bx  # well off centre, toward the trailing edge
    assert behind > W * 0.30, bx  # but never crowding it (about a third of the view)
    assert abs(by - H / 2) < 12


def test_a_stopped_team_sits_near_the_centre(make_world):
    world = make_world(_strip(10), heading=90.0)
    mw, mh = world.level.pixel_size
    cam = Camera(W, H, mw, mh)
    _drive(world, cam, Controls(mush=True), 200)
    for _ in range(400):  # brake to a stop and wait
        step(world, Controls(brake=True))
        cam.update_tick(world)
    assert world.team.speed < 1.0
    bx, by = _balto_on_screen(world, cam)
    assert abs(bx - W / 2) < 8 and abs(by - H / 2) < 8


def test_a_creeping_team_does_not_pull_the_view_around():
    """Below a walking pace the lead is nothing: tiny wobbles of the velocity do not move it."""
    cam = Camera(W, H, 10_000, 10_000)
    for vx, vy in ((5.0, 0.0), (-4.0, 3.0), (0.0, -8.0)):
        assert cam.target_lead(vx, vy) == (0.0, 0.0)
    # And the lead grows without a jump as the team speeds up.
    leads = [math.hypot(*cam.target_lead(v, 0.0)) for v in np.arange(0.0, 160.0, 0.5)]
    assert max(np.diff(leads)) < 2.0
    assert leads[-1] == pytest.approx(W / 6, abs=0.5)


def test_the_view_is_clamped_to_the_map_and_moves_smoothly(make_world):
    world = make_world(_strip(10), heading=90.0)
    mw, mh = world.level.pixel_size
    cam = Camera(W, H, mw, mh)
    cam.snap(world)
    xs = []
    for _ in range(600):  # run to the far end and into the trees
        step(world, Controls(mush=True))
        cam.update_tick(world)
        for alpha in (0.0, 0.25, 0.5, 0.75):
            x, y = cam.offset(alpha)
            assert 0 <= x <= mw - W and 0 <= y <= mh - H
            xs.append(x)
    steps = np.abs(np.diff(xs))
    assert steps.max() <= 2.0  # no jumps between drawn frames at 4 frames a tick


def test_steering_sideways_leads_vertically(make_world):
    world = make_world(_strip(10), heading=180.0)  # heading south, across the strip
    mw, mh = world.level.pixel_size
    cam = Camera(W, H, mw, mh)
    cam.snap(world)
    for _ in range(90):
        step(world, Controls())
        cam.update_tick(world)
    assert world.team.vy > 40
    _, by = _balto_on_screen(world, cam)
    assert by < H / 2 - 25  # the view looks down the way the team goes
