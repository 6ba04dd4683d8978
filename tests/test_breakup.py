"""Sea ice breaking up behind the team: the front follows a driving team and never passes the
respawn point, a team that stops is caught by the water, the autopilot still finishes, the run
is deterministic, `check` knows the class and its ranges, and the picture shows the water."""
import math
import os
from pathlib import Path

import numpy as np
import pygame
import pytest
from mapmaker import make_map, obj

from game.sim import Controls, LevelError, digest, step
from game.sim import events as E
from game.sim import terrain as T
from game.sim.bots import autopilot
from game.sim.breakup import MARGIN, RESPAWN_NAME
from game.tiled.checks import check_level
from game.tiled.level import load_level

WATER = T.CODE["water"]
TSX = Path(__file__).resolve().parents[1] / "assets" / "tiles" / "terrain.tsx"
LENGTH = 110  # cells


def sea(length: int = LENGTH, rows: int = 7, checkpoint: int | None = None) -> str:
    """Sea ice between rocky shores, west to east: start on the left, finish on the right."""
    body = ["R" + "i" * (length - 2) + "R" for _ in range(rows)]
    mid = list(body[rows // 2])
    mid[3] = "S"
    mid[length - 3] = mid[length - 2] = "F"
    if checkpoint is not None:
        mid[checkpoint] = "K"
    body[rows // 2] = "".join(mid)
    return "\n".join(["R" * length] + body + ["R" * length])


def zone(props: dict | None = None, x0: int = 6, length: int = LENGTH, rows: int = 7) -> str:
    """A breakup rectangle over the sea from cell x0 to near the finish."""
    return obj(90, "breakup", x0 * 16, 16, (length - 10 - x0) * 16, rows * 16, name="sound", props=props)


def write(tmp_path: Path, name: str, props: dict | None) -> Path:
    """A sea map with a breakup zone, its tileset linked as Tiled links it (relative)."""
    p = tmp_path / name
    p.write_text(make_map(sea(), objects=zone(props),
                          tileset=f'<tileset firstgid="1" source="{os.path.relpath(TSX, tmp_path)}"/>'))
    return p


def water_cells(world) -> int:
    return int((np.asarray(world.grid) == WATER).sum())


def test_the_front_follows_a_driving_team_and_never_passes_the_respawn_point(make_world):
    w = make_world(sea(), objects=zone())
    z = w.breakup.zones[0]
    events = []
    fronts = []
    while not w.done and w.tick < 60 * 60:
        step(w, autopilot(w))
        events += w.events
        fronts.append(z.front)
        if z.col > z.x0:  # every broken cell lies wholly west of these:
            assert z.col * 16 <= w.respawn.x - MARGIN  # a fall never lands in or behind the water
            assert z.col * 16 <= w.team.x - 300  # the water stays well behind a driving team
    assert w.outcome == "finished" and "water" not in w.losses
    assert fronts == sorted(fronts)  # never back
    assert [e.kind for e in events].count(E.BREAKUP) == 1
    # Behind the team the ice is open water, across the whole zone.
    assert z.col > z.x0 + 40 and water_cells(w) == len(w.breakup.broken)
    col = z.col - 1
    assert all(w.grid[cy][col] == WATER for cy in range(z.y0, z.y1))
    assert w.grid[z.y0][z.col] != WATER


def test_a_team_that_stops_is_caught_and_falls_into_the_water(make_world):
    w = make_world(sea(), objects=zone())
    while w.team.x < 40 * 16:
        step(w, autopilot(w))
    stop_x = w.team.x
    events = []
    for _ in range(60 * 25):
        step(w, Controls(brake=True))
        events += w.events
        if any(e.kind == E.FALL for e in events):
            break
    falls = [e for e in events if isinstance(e, E.Fall)]
    assert falls and falls[0].cause == "water" and w.losses.get("water") == 3
    # Put back on firm ice ahead of the break, never into the water.
    back = next(e for e in events if isinstance(e, E.Respawn))
    assert back.place == RESPAWN_NAME and back.x > stop_x
    assert w.terrain_at(w.team.x, w.team.y) != WATER
    assert all(w.terrain_at(float(x), float(y)) not in (WATER, T.CODE["thin_ice"]) for x, y in w.nodes)
    assert w.breakup.zones[0].col * 16 <= back.x - MARGIN


def test_a_team_that_turns_back_meets_the_water(make_world):
    w = make_world(sea(), objects=zone())
    while w.team.x < 50 * 16:
        step(w, autopilot(w))
    for _ in range(60 * 3):  # let the front close in
        step(w, autopilot(w))
    events = []
    for _ in range(60 * 12):  # wheel round and run back west
        west = math.cos(w.team.heading + math.pi / 2) > 0.95
        step(w, Controls(steer=0.0 if west else 1.0, mush=True))
        events += w.events
        if any(e.kind == E.FALL for e in events):
            break
    assert any(isinstance(e, E.Fall) and e.cause == "water" for e in events)


def test_a_creep_of_zero_never_catches_a_stopped_team_and_the_ice_under_a_checkpoint_holds(make_world):
    w = make_world(sea(checkpoint=30), objects=zone({"creep": 0.0, "lag": 64.0}))
    while w.team.x < 45 * 16:
        step(w, autopilot(w))
    for _ in range(60 * 20):
        step(w, Controls(brake=True))
    assert "water" not in w.losses
    z = w.breakup.zones[0]
    assert z.col > 31  # the front went past the checkpoint...
    cp = w.level.of_kind("checkpoint")[0]
    assert w.terrain_at(*cp.center) != WATER  # ...but the roadhouse's ice held


def test_the_same_seed_and_inputs_give_the_same_run(make_world):
    def run(seed: int) -> tuple[str, int]:
        w = make_world(sea(), objects=zone(), seed=seed)
        for i in range(60 * 30):
            step(w, autopilot(w) if i < 60 * 8 or i > 60 * 20 else Controls(brake=True))
        return digest(w), len(w.breakup.broken)

    a, b = run(3), run(3)
    assert a == b and a[1] > 0


def test_a_level_without_a_breakup_zone_never_breaks(make_world):
    w = make_world(sea())
    for _ in range(60 * 10):
        step(w, autopilot(w))
    assert not w.breakup.zones and water_cells(w) == 0


@pytest.mark.parametrize("props,expected", [
    ({"speed": 0.0}, "object 90 'sound' (breakup): speed must be a number > 0 and at most 600, got 0.0"),
    ({"lag": -5.0}, "object 90 'sound' (breakup): lag must be a number from 0 to 24000, got -5.0"),
    ({"creep": "fast"}, "object 90 'sound' (breakup): creep must be a number from 0 to 600, got 'fast'"),
])
def test_check_rejects_bad_breakup_values_naming_the_object_and_the_range(tmp_path, props, expected):
    p = write(tmp_path, "bad.tmx", props)
    with pytest.raises(LevelError) as err:
        load_level(p)
    assert expected in str(err.value) and "bad.tmx" in str(err.value)
    problems = check_level(p)
    assert any(expected in line for line in problems)


def test_check_accepts_a_breakup_zone_and_knows_its_properties(tmp_path):
    good = write(tmp_path, "good.tmx", {"lag": 200.0, "speed": 120.0, "creep": 10.0})
    assert check_level(good) == []
    level = load_level(good)
    assert level.of_kind("breakup")[0].properties == {"lag": 200.0, "speed": 120.0, "creep": 10.0}
    odd = write(tmp_path, "odd.tmx", {"sped": 120.0})
    assert any("unknown property 'sped'" in line and "a breakup has: lag, speed, creep" in line
               for line in check_level(odd))


@pytest.mark.usefixtures("pygame_display")
def test_the_picture_shows_open_water_where_the_ice_broke(make_world, assets, tmp_path):
    from game.render.palette import PALETTE as P
    from game.render.world_view import WorldView

    w = make_world(sea(), objects=zone())
    view = WorldView(w.level, assets.sprites, seed=1)
    view.reset(w)
    for i in range(60 * 20):  # drive on, then stop and let the water close in (not yet on the team)
        step(w, autopilot(w) if w.team.x < 60 * 16 and i < 60 * 10 else Controls(brake=True))
        view.update_tick(w, w.events)
    surf = pygame.Surface((640, 360))
    view.draw(surf, w, 0.0, snow=False)
    px = pygame.surfarray.array3d(surf).astype(np.int32)
    cam = view.cam(0.0)
    z = w.breakup.zones[0]

    def share(colour, x0: int, x1: int) -> float:
        """Share of the screen columns x0..x1 (world px) inside the zone drawn in `colour`."""
        a, b = max(int(x0 - cam[0]), 0), min(int(x1 - cam[0]), 640)
        y0, y1 = max(int(z.y0 * 16 - cam[1]), 0), min(int(z.y1 * 16 - cam[1]), 360)
        region = px[a:b, y0:y1]
        return float((np.abs(region - np.array(colour)).sum(axis=2) < 12).mean())

    pygame.image.save(surf, str(tmp_path / "breakup.png"))
    assert "water" not in w.losses and z.col * 16 > cam[0] + 96
    behind = share(P["water_deep"], cam[0], (z.col - 1) * 16)
    ahead = share(P["water_deep"], (z.col + 1) * 16, w.team.x - 40)
    assert behind > 0.4 and ahead == 0.0
