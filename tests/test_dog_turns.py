"""The dogs use their turn frames too: each pair leans with the bend of the gangline at its
own place, so a turn runs down the team from Balto to the sled."""
import pytest
from test_camera_lead import _strip
from test_team_view import drawn_sprites

from game.render import Assets
from game.render.team_lean import LEFT, RIGHT, STRAIGHT
from game.render.world_view import WorldView
from game.sim import step
from game.sim.controls import Controls

pytestmark = pytest.mark.usefixtures("pygame_display")


def _team(make_world):
    world = make_world(_strip(40), heading=90.0)
    sp = Assets().sprites
    return world, sp, WorldView(world.level, sp)


def _drawn_dogs(view, world) -> list[str]:
    return [n for n in drawn_sprites(view, world) if n.startswith("dog")]


def test_a_turn_runs_down_the_team(make_world):
    world, sp, view = _team(make_world)
    for _ in range(60):  # up to speed, straight
        step(world, Controls())
        view.update_tick(world, world.events)
    assert set(view.team_view.lean.leans) == {STRAIGHT}
    straight = _drawn_dogs(view, world)
    assert straight and not any("turn" in n for n in straight)
    history = []
    for _ in range(70):  # a hard left, then straight again
        step(world, Controls(steer=-1.0))
        view.update_tick(world, world.events)
        history.append(list(view.team_view.lean.leans))
    pairs = len(history[0])
    assert pairs >= 2
    first = [next(t for t, leans in enumerate(history) if leans[p] == LEFT) for p in range(pairs)]
    assert first == sorted(first) and first[0] < first[-1], "the front pair leans first"
    assert RIGHT not in {lean for leans in history for lean in leans}
    turning = _drawn_dogs(view, world)
    assert any(n.startswith("dog_turn_left") for n in turning)
    assert any(n.startswith("dog_turn_left_") for n in turning), "the grey and red coats lean too"
    for _ in range(150):
        step(world, Controls())
        view.update_tick(world, world.events)
    assert set(view.team_view.lean.leans) == {STRAIGHT}, "out of the turn, every pair runs straight"


def test_a_right_turn_uses_the_right_frames(make_world):
    world, sp, view = _team(make_world)
    for t in range(110):
        step(world, Controls(steer=1.0 if t >= 40 else 0.0))
        view.update_tick(world, world.events)
    assert RIGHT in view.team_view.lean.leans
    assert any(n.startswith("dog_turn_right") for n in _drawn_dogs(view, world))
