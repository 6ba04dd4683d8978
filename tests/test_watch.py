"""`play LEVEL --watch`: the leg reloads when its file or tileset changes; the team keeps its
place when it can; a broken save is shown on screen while the last good level runs on."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app.flow import Flow  # noqa: E402
from game.app.window import start_play  # noqa: E402
from game.cli import main  # noqa: E402
from game.session.services import Services  # noqa: E402
from game.session.watch import LevelWatcher  # noqa: E402
from game.sim import terrain as T  # noqa: E402
from game.sim.controls import Controls  # noqa: E402

MAP = """
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
T........................................T
T..S==========KK====================FF...T
T...................................FF...T
T.........TT.............................T
TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT
"""
# The same leg with the trees moved and a new title.
MOVED = MAP.replace("T.........TT.............................T",
                    "T.......................TT...............T")
BROKEN = MAP.replace("S", "=")  # no start: does not load


pytestmark = pytest.mark.usefixtures("pygame_display")


def write(path: Path, picture: str, **kw) -> Path:
    """Write a map and move its mtime on, as an editor's save would."""
    from mapmaker import write_map

    before = path.stat().st_mtime_ns if path.exists() else 0
    write_map(path, picture, **kw)
    bump(path, before)
    return path


def bump(path: Path, before: int = 0) -> None:
    t = max(path.stat().st_mtime_ns, before) + 2_000_000_000
    os.utime(path, ns=(t, t))


def mush(world):
    return Controls(mush=True)


def running(assets, path: Path) -> Flow:
    """A headless game opened as `play PATH --watch`, in the run, 60 ticks in."""
    flow = Flow(Services.create(assets), seed=3, driver=mush)
    start_play(flow, path, watch=True)
    flow.watcher.interval = 0.0  # poll every tick (the app polls a few times a second)
    while flow.screen.name != "run":
        flow.tick()
    for _ in range(60):
        flow.tick()
    return flow


def test_a_save_reloads_the_leg_and_the_team_keeps_its_place(assets, tmp_path):
    path = write(tmp_path / "leg.tmx", MAP, properties={"title": "Old title"})
    flow = running(assets, path)
    s = flow.session
    w = s.world
    x, y, tick, speed = w.team.x, w.team.y, w.tick, w.team.speed
    assert speed > 0 and s.level.title == "Old title"

    write(path, MOVED, properties={"title": "New title"})
    flow.tick()  # one tick of the old level, then the reload

    assert s.level.title == "New title" and s.world is not w
    nw = s.world
    assert nw.tick == tick + 1 and abs(nw.team.x - x) < 4 and abs(nw.team.y - y) < 1
    assert nw.team.speed == pytest.approx(w.team.speed) and nw.vials == w.vials
    assert nw.grid[4][24] == T.CODE["tree"] and nw.grid[4][10] == T.CODE["snow"]
    view = flow.run_view
    view.draw(pygame.Surface((640, 360)), 0.5)
    assert view.view.tiles.level is s.level and view.view.level is s.level  # the renderer draws the new tiles
    assert "keeps its place" in flow.watch_notice and not flow.watcher.error
    for _ in range(30):
        flow.tick()
    assert s.world.tick == tick + 31  # runs on


def test_a_spot_that_is_no_longer_open_ground_puts_the_team_back(assets, tmp_path):
    path = write(tmp_path / "leg.tmx", MAP)
    flow = running(assets, path)
    s = flow.session
    cx, cy = int(s.world.team.x // 16), int(s.world.team.y // 16)
    rows = [list(r) for r in MAP.strip("\n").splitlines()]
    for dx in range(-2, 3):
        rows[cy][cx + dx] = "W"  # the team now stands in open water
    write(path, "\n".join("".join(r) for r in rows))
    vials = s.world.vials
    flow.tick()
    nw = s.world
    start = s.level.of_kind("start")[0]
    assert (nw.team.x, nw.team.y) == (start.x, start.y) and nw.team.speed == 0
    assert nw.vials == vials and nw.tick > 60  # the run goes on, from the start
    assert "respawn" in flow.watch_notice


def test_a_broken_save_is_shown_and_the_last_good_level_runs_on(assets, tmp_path):
    path = write(tmp_path / "leg.tmx", MAP)
    flow = running(assets, path)
    s = flow.session
    good = s.level

    write(path, BROKEN)
    flow.tick()
    assert "start" in flow.watcher.error and s.level is good
    tick = s.world.tick
    for _ in range(20):
        flow.tick()
    assert s.world.tick == tick + 20 and s.level is good  # still playing the old version

    surf = pygame.Surface((640, 360))
    flow.draw(surf, 0.0)
    band = pygame.surfarray.array3d(surf)[:, 250:330]
    assert ((band[..., 0] == 200) & (band[..., 1] == 48) & (band[..., 2] == 56)).sum() > 400  # the red frame

    path.write_text("<map", encoding="utf-8")  # half a file
    bump(path)
    flow.tick()
    assert flow.watcher.error and s.level is good

    write(path, MAP, properties={"title": "Fixed"})
    flow.tick()
    assert not flow.watcher.error and s.level.title == "Fixed" and s.level is not good


def test_a_tileset_change_reloads_the_leg(assets, tmp_path):
    from mapmaker import TERRAIN_OF_ID, TILESET_IMAGE

    def tsx(first_terrain: str) -> str:
        names = {**TERRAIN_OF_ID, 0: first_terrain}
        tiles = "".join(f'<tile id="{i}"><properties><property name="terrain" value="{n}"/></properties></tile>'
                        for i, n in sorted(names.items()))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<tileset version="1.10" name="terrain" '
                'tilewidth="16" tileheight="16" tilecount="32" columns="16">'
                f'<image source="{TILESET_IMAGE.as_posix()}" width="256" height="32"/>{tiles}</tileset>')

    ts = tmp_path / "terrain.tsx"
    ts.write_text(tsx("snow"), encoding="utf-8")
    path = write(tmp_path / "leg.tmx", MAP, tileset='<tileset firstgid="1" source="terrain.tsx"/>')
    flow = running(assets, path)
    s = flow.session
    assert s.world.grid[1][5] == T.CODE["snow"]
    ts.write_text(tsx("deep_snow"), encoding="utf-8")
    bump(ts)
    flow.tick()
    assert s.world.grid[1][5] == T.CODE["deep_snow"]


def test_the_watcher_polls_a_few_times_a_second(tmp_path):
    path = write(tmp_path / "leg.tmx", MAP)
    now = [100.0]
    w = LevelWatcher(path, interval=0.25, clock=lambda: now[0])
    assert w.poll() is None
    write(path, MOVED)
    now[0] += 0.1
    assert w.poll() is None  # not yet: at most every 0.25 s
    now[0] += 0.2
    level = w.poll()
    assert level is not None and level.terrain[4, 24] == T.CODE["tree"]
    now[0] += 1.0
    assert w.poll() is None  # nothing changed since


def test_a_leg_that_did_not_load_starts_once_it_is_fixed(assets, tmp_path):
    path = write(tmp_path / "leg.tmx", BROKEN)
    flow = Flow(Services.create(assets), seed=3, driver=mush)
    start_play(flow, path, watch=True)
    flow.watcher.interval = 0.0
    assert flow.screen.name == "error"
    write(path, MAP)
    flow.tick()
    assert flow.screen.name == "countdown" and flow.session is not None


def test_watch_needs_a_level(capsys):
    assert main(["play", "--watch"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--watch needs a LEVEL" in err and "\n" not in err
