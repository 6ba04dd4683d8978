"""A readable warning before a fall edge: heading for open water or a cliff, the player sees
the edge outlined and a plate saying what is there, in time to turn."""
import numpy as np
import pygame
import pytest

from game.render import Assets
from game.render.fall_warning import FallWarning, edge_ahead
from game.render.world_view import WorldView
from game.sim import events as E
from game.sim import step
from game.sim.controls import Controls
from game.sim.world import TICK_HZ, digest

pytestmark = pytest.mark.usefixtures("pygame_display")


def _lane(edge: str, rows: int = 11) -> str:
    """A trail running east into a column of `edge` cells ('W' water, 'C' cliff)."""
    lines = ["T" * 44]
    for r in range(1, rows - 1):
        mid = r == rows // 2
        lane = ("S" + "=" * 27) if mid else "." * 28
        lines.append("T.." + lane + edge * 3 + "........F" + "T")
    lines.append("T" * 44)
    return "\n".join(lines)


def _run_into(world, controls: Controls, ticks: int = 600):
    """Tick by tick: (warning active?, fell this tick?) until the team falls."""
    warning = FallWarning()
    seen = []
    for _ in range(ticks):
        step(world, controls)
        warning.update_tick(world)
        fell = any(isinstance(ev, E.Fall) for ev in world.events)
        seen.append((warning.active, fell, warning.edge))
        if fell:
            break
    return seen


@pytest.mark.parametrize("edge, cause", [("W", "water"), ("C", "cliff")])
@pytest.mark.parametrize("mush", [False, True])
def test_the_warning_comes_in_time_to_turn(make_world, edge, cause, mush):
    world = make_world(_lane(edge), heading=90.0)
    seen = _run_into(world, Controls(mush=mush))
    assert seen[-1][1], "the team runs into the edge"
    first = next(i for i, (on, _, _) in enumerate(seen) if on)
    assert all(on for on, _, _ in seen[first:-1]), "it stays up until the fall"
    assert (len(seen) - 1 - first) / TICK_HZ >= 0.7
    warned = next(e for on, _, e in seen if on)
    assert warned.cause == cause
    # The edge marked is the near bank of the column (its west sides), across the trail.
    assert {(x, dx, dy) for x, _, dx, dy in warned.sides} == {(31, -1, 0)}
    assert len(warned.sides) >= 5


BANK = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T.........................................T
TWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWT
T.S====================================FF.T
T.........................................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""


def test_no_warning_running_along_a_bank(make_world):
    world = make_world(BANK, heading=90.0)  # east, the water right beside the trail
    warning = FallWarning()
    for _ in range(240):
        step(world, Controls())
        warning.update_tick(world)
        assert not warning.active
    assert world.team.speed > 60 and world.vials == world.vials_start


def test_no_warning_for_a_stopped_team_facing_the_water(make_world):
    world = make_world(BANK, heading=0.0)  # facing north, one tile from the water
    warning = FallWarning()
    for _ in range(60):
        step(world, Controls(brake=True))
        warning.update_tick(world)
        assert not warning.active
    assert edge_ahead(world) is None


def test_a_tree_in_the_way_hides_the_water_behind_it(make_world):
    pic = _lane("W").splitlines()
    pic = [row[:20] + ("TTT" if 1 <= i <= 9 else row[20:23]) + row[23:] for i, row in enumerate(pic)]
    world = make_world("\n".join(pic), heading=90.0)
    warning = FallWarning()
    for _ in range(200):
        step(world, Controls())
        warning.update_tick(world)
        assert not warning.active


def test_the_plate_and_the_outline_are_drawn_and_leave_the_world_alone(make_world):
    world = make_world(_lane("W"), heading=90.0)
    assets = Assets()
    view = WorldView(world.level, assets.sprites)
    for _ in range(600):
        step(world, Controls())
        view.update_tick(world, world.events)
        if view.fall.active and view.fall.edge.seconds < 0.9:
            break
    assert view.fall.active
    before = digest(world)
    plain = pygame.Surface((640, 360))
    view.draw(plain, world, 0.0, snow=False)
    warned = plain.copy()
    view.fall.draw_plate(warned, world, view.cam(0.0), assets.text)
    assert digest(world) == before
    diff = np.any(pygame.surfarray.array3d(plain) != pygame.surfarray.array3d(warned), axis=2)
    xs, ys = np.nonzero(diff)
    assert len(xs) > 2000, "a plate big enough to read"
    assert 200 < xs.mean() < 440
    # The outline: the edge cells carry the danger colour in the world view.
    view.fall.edge = None
    no_cells = pygame.Surface((640, 360))
    view.draw(no_cells, world, 0.0, snow=False)
    assert (pygame.surfarray.array3d(no_cells) != pygame.surfarray.array3d(plain)).any()
