"""Hostile numbers never hang, crash or eat memory (#11): every number of the level format has
a range, the loader and `check` name the object and the range, loops are bounded by the map,
and `render` draws any level with bounded time and memory or says which --scale fits."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from mapmaker import make_map, obj, write_map

from game.sim import LevelError, create_world, schema
from game.sim.bear import WAKE_CELL
from game.tiled.level import load_level

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTT
TS====FT
TTTTTTTT
"""
TIMEOUT = 120  # s: only a hang reaches it


def _cli(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def _one_clear_line(proc: subprocess.CompletedProcess) -> str:
    """The one line that says why (besides a render's warnings and check's summary)."""
    err = proc.stderr.strip()
    lines = [ln for ln in err.splitlines() if not ln.startswith(("warning: ", "checked "))]
    assert "Traceback" not in err and len(lines) == 1, err[-2000:]
    return lines[0]


# -- 1. every number has a range -------------------------------------------------------------

def test_every_number_in_the_schema_has_a_documented_upper_bound():
    props = [p for c in schema.CLASSES.values() for p in c.props] + list(schema.MAP_PROPERTIES)
    unbounded = [p.name for p in props if p.type in ("int", "float", "object") and p.high is None]
    assert unbounded == []
    doc = (REPO / "docs" / "level-format.md").read_text(encoding="utf-8")
    for p in props:
        if p.type in ("int", "float") and p.high is not None:
            assert f"{p.high:g}" in doc, f"{p.name}: its range ({p.allowed()}) is not in docs/level-format.md"


HUGE = {
    "bear aggro_radius 1e5": (obj(70, "bear", 40, 24, name="den", props={"aggro_radius": 1e5}), {},
                              "object 70 'den' (bear): aggro_radius must be a number > 0 and at most 4096"),
    "bear aggro_radius 1e308": (obj(70, "bear", 40, 24, name="den", props={"aggro_radius": 1e308}), {},
                                "aggro_radius must be a number > 0 and at most 4096"),
    "bear speed": (obj(70, "bear", 40, 24, props={"speed": 1e308}), {}, "speed must be a number > 0 and at most 600"),
    "wolf appear_radius": (obj(70, "wolf", 40, 24, name="w", props={"appear_radius": 1e308}), {},
                           "object 70 'w' (wolf): appear_radius must be a number > 0 and at most 4096"),
    "wolf duration": (obj(70, "wolf", 40, 24, props={"duration": 1e308}), {},
                      "duration must be a number > 0 and at most 3600"),
    "start heading": ("", {}, None),
    "par_seconds": ("", {"par_seconds": 1e308}, "map property 'par_seconds' must be a number > 0 and at most 3600"),
    "vials": ("", {"vials": "1e308"}, "map property 'vials' must be a whole number from 1 to 999"),
    "wind": ("", {"wind_x": 1e300}, "map property 'wind_x' must be a number from -200 to 200"),
    "patrol id": (obj(70, "bear", 40, 24, props={"patrol": 10 ** 30}), {}, "patrol must be a reference"),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_a_huge_number_is_refused_naming_the_object_and_the_range(tmp_path, name):
    extra, props, message = HUGE[name]
    heading = 1e308 if name == "start heading" else 90.0
    message = message or "object 1 'start' (start): heading must be a number from -360 to 360"
    p = write_map(tmp_path / "m.tmx", PIC, objects=extra, properties=props, heading=heading)
    with pytest.raises(LevelError) as err:
        load_level(p)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_check_names_the_object_and_the_range(tmp_path):
    p = write_map(tmp_path / "m.tmx", PIC, objects=obj(70, "bear", 40, 24, name="den", props={"aggro_radius": 1e5}))
    proc = _cli("check", str(p))
    assert proc.returncode == 1
    want = "object 70 'den' (bear): aggro_radius must be a number > 0 and at most 4096, got"
    assert want in proc.stdout + proc.stderr


def test_simulate_with_an_endless_aggro_radius_exits_2_at_once(tmp_path):
    """Before: the wake grid visited every 64 px cell within 1e308 px, and never ended."""
    p = write_map(tmp_path / "m.tmx", PIC, objects=obj(70, "bear", 40, 24, props={"aggro_radius": 1e308}))
    proc = _cli("simulate", str(p), "--max-seconds", "1")
    assert proc.returncode == 2
    assert "aggro_radius must be a number > 0 and at most 4096" in _one_clear_line(proc)


def test_the_wake_grid_covers_only_the_map_even_for_the_largest_legal_radius(tmp_path):
    p = write_map(tmp_path / "m.tmx", PIC, objects=obj(70, "bear", 40, 24, props={"aggro_radius": 4096}))
    world = create_world(load_level(p), seed=1)
    w, h = world.level.pixel_size
    assert len(world.bears.wake_grid) <= (w // WAKE_CELL + 3) * (h // WAKE_CELL + 3)


# -- 2. a gid beyond 32 bits ------------------------------------------------------------------

def _huge_gid_map() -> str:
    text = make_map(PIC)
    i = text.index('<data encoding="csv">\n') + len('<data encoding="csv">\n')
    return text[:i] + str(10 ** 30) + text[i + 2:]


def test_a_gid_of_ten_to_the_thirty_is_one_clear_line(tmp_path):
    p = tmp_path / "m.tmx"
    p.write_text(_huge_gid_map(), encoding="utf-8")
    with pytest.raises(LevelError, match="tile number outside 0 to 4294967295") as err:
        load_level(p)
    assert "\n" not in str(err.value) and "m.tmx" in str(err.value)
    proc = _cli("check", str(p))
    assert proc.returncode == 2 and "tile number" in _one_clear_line(proc)


# -- 3. render ---------------------------------------------------------------------------------

def _render(p: Path, out: Path, *more: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    return _cli("render", str(p), str(out), *more, timeout=timeout)


def test_render_refuses_a_picture_too_large_and_names_the_scale_that_fits(tmp_path):
    """The largest legal map (1024x1024 tiles) at --scale 8 would be 131072 px a side."""
    p = write_map(tmp_path / "big.tmx", "TS" + "=" * 1020 + "FT\n" + ("." * 1024 + "\n") * 1023)
    proc = _render(p, tmp_path / "o.png", "--scale", "8")
    assert proc.returncode == 2
    err = _one_clear_line(proc)
    assert "16384 px a side" in err and "use --scale 0.6 or less" in err
    small = _render(p, tmp_path / "s.png", "--scale", "0.1")  # drawn a block at a time
    assert small.returncode == 0, small.stderr[-2000:]
    assert "1638x" in small.stdout


def test_render_refuses_tiles_of_100000_px(tmp_path):
    p = tmp_path / "m.tmx"
    p.write_text(make_map(PIC).replace('tilewidth="16" tileheight="16" infinite',
                                       'tilewidth="100000" tileheight="100000" infinite'), encoding="utf-8")
    proc = _render(p, tmp_path / "o.png", "--scale", "0.05")
    assert proc.returncode == 2 and "more than the 64 px" in _one_clear_line(proc)


def test_render_draws_huge_radii_and_coordinates_at_once(tmp_path):
    objects = (obj(70, "bear", 40, 24, props={"aggro_radius": 1e12, "leash": 1e300})
               + obj(71, "wolf", 1e15, -1e15, props={"appear_radius": 4000.0})
               + obj(72, "blizzard", -1e15, 0, 1e16, 1e16)
               + obj(73, "patrol", 1e14, 1e14, polyline="0,0 1e15,1e15")
               + obj(74, "lights", 3e9, 3e9, name="x" * 100_000))
    p = write_map(tmp_path / "m.tmx", PIC, objects=objects)
    proc = _render(p, tmp_path / "o.png", "--scale", "8")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "aggro_radius must be" in proc.stderr


def test_render_cuts_a_huge_title(tmp_path, monkeypatch):
    """An 8 MB title: the header draws only what fits (before: the whole title was measured
    and drawn, glyph by glyph, for over 10 s)."""
    from game.render import level_image as li

    p = write_map(tmp_path / "m.tmx", PIC, properties={"title": "Nome " * 1_600_000})
    drawn: list[int] = []
    real = li.PixelFont.draw
    monkeypatch.setattr(li.PixelFont, "draw", lambda self, surf, text, *a, **k: drawn.append(len(text))
                        or real(self, surf, text, *a, **k))
    pic = li.level_image(load_level(p))
    assert drawn and max(drawn) <= pic.get_width()


def test_render_of_512x512_distinct_gids_takes_linear_time(tmp_path):
    """Every cell a gid of its own that no tileset holds: drawn as plain tiles, looked up once."""
    text = make_map("TS==FT\n......")
    gids = np.arange(1, 512 * 512 + 1).reshape(512, 512) + 100
    gids[1, 1:5] = [4, 4, 4, 4]  # start ... finish on trail
    csv = ",\n".join(",".join(map(str, row)) for row in gids.tolist())
    i, j = text.index('<data encoding="csv">') + len('<data encoding="csv">'), text.index("</data>")
    text = (text[:i] + "\n" + csv + "\n" + text[j:]).replace('width="6" height="2"', 'width="512" height="512"')
    p = tmp_path / "m.tmx"
    p.write_text(text, encoding="utf-8")
    proc = _render(p, tmp_path / "o.png", "--scale", "0.25", "--no-labels", timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_render_never_decodes_an_image_larger_than_its_tileset_says(tmp_path, monkeypatch):
    import pygame

    from game.render.level_image import level_image

    big = tmp_path / "terrain.png"
    pygame.image.save(pygame.Surface((2048, 2048)), str(big))  # the tileset says 256x32
    p = write_map(tmp_path / "m.tmx", PIC)
    p.write_text(p.read_text().replace(str(REPO / "assets" / "tiles" / "terrain.png"), "terrain.png"))
    loaded = []
    real = pygame.image.load
    monkeypatch.setattr(pygame.image, "load", lambda f, *a: loaded.append(str(f)) or real(f, *a))
    problems: list[str] = []
    pic = level_image(load_level(p), problems=problems)
    assert not any(f.endswith("terrain.png") for f in loaded)
    assert any("2048x2048 px but its tileset says 256x32" in line for line in problems)
    assert pic.get_width() >= 128


def test_tiles_larger_than_the_game_draws_are_refused_when_the_map_loads(tmp_path):
    """Tiles of 100,000 px would make the game's tile chunks enormous: one line, at once."""
    import pytest
    from mapmaker import make_map

    from game.sim.leveldata import LevelError
    from game.tiled.level import load_level

    text = make_map("T.S==FF.T").replace('tilewidth="16" tileheight="16" infinite',
                                          'tilewidth="100000" tileheight="100000" infinite', 1)
    path = tmp_path / "huge_tiles.tmx"
    path.write_text(text)
    with pytest.raises(LevelError, match="more than the 64 px"):
        load_level(path)
