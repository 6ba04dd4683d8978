"""The Tiled adapter: both class spellings, every layer encoding, clear errors."""
import numpy as np
import pytest
from mapmaker import make_map, write_map

from game.sim import LevelError
from game.sim import terrain as T
from game.tiled.level import load_level

PIC = """
TTTTTTTTTTTT
T....~~....T
T.S===K===FT
T..iiWWoo..T
TTTTTTTTTTTT
"""


def _same(a, b):
    assert np.array_equal(a.terrain, b.terrain)
    def strip(lvl):
        return {k: [(o.id, o.name, o.x, o.y, o.width, o.height, dict(o.properties)) for o in v]
                for k, v in lvl.objects.items()}

    assert strip(a) == strip(b)


@pytest.mark.parametrize("encoding", ["base64", "zlib", "gzip"])
def test_every_tile_encoding_loads_the_same_level(tmp_path, encoding):
    csv = load_level(write_map(tmp_path / "csv.tmx", PIC))
    other = load_level(write_map(tmp_path / f"{encoding}.tmx", PIC, encoding=encoding))
    _same(csv, other)


def test_type_attribute_of_tiled_1_8_works_like_class(tmp_path):
    new = load_level(write_map(tmp_path / "class.tmx", PIC, class_attr="class"))
    old = load_level(write_map(tmp_path / "type.tmx", PIC, class_attr="type"))
    _same(new, old)
    assert set(new.objects) == {"start", "finish", "checkpoint"}


def test_terrain_grid_and_properties(tmp_path):
    lvl = load_level(write_map(tmp_path / "m.tmx", PIC, properties={"title": "Tiny", "miles": 7.5}))
    assert lvl.terrain.shape == (5, 12)
    assert lvl.terrain[2, 3] == T.CODE["trail"]
    assert lvl.terrain[1, 5] == T.CODE["deep_snow"]
    assert lvl.terrain[3, 5] == T.CODE["water"]
    assert lvl.terrain[0, 0] == T.CODE["tree"]
    assert (lvl.title, lvl.miles, lvl.vials, lvl.par_seconds) == ("Tiny", 7.5, 20, 60.0)
    assert lvl.of_kind("start")[0].properties["heading"] == 90.0


def test_topmost_tile_with_terrain_wins_and_empty_cells_are_snow(tmp_path):
    text = make_map(PIC)
    w, h = 12, 5
    top = ["0"] * (w * h)
    top[2 * w + 4] = str(16 + 1)  # a tree on the upper layer, over the trail
    layer = (f'<layer id="9" name="obstacles" width="{w}" height="{h}"><data encoding="csv">'
             + ",".join(top) + "</data></layer>")
    text = text.replace('<objectgroup', layer + "\n <objectgroup")
    p = tmp_path / "layers.tmx"
    p.write_text(text)
    lvl = load_level(p)
    assert lvl.terrain[2, 4] == T.CODE["tree"]
    assert lvl.terrain[2, 3] == T.CODE["trail"]
    assert [layer.name for layer in lvl.layers] == ["ground", "obstacles"]


@pytest.mark.parametrize("change,message", [
    (lambda s: s.replace('class="start"', 'class="nothing"'), "no object of class 'start'"),
    (lambda s: s.replace('class="finish"', 'class="nothing"'), "no object of class 'finish'"),
    (lambda s: s.replace('name="vials" type="int" value="20"', 'name="vials" type="string" value="lots"'),
     "map property 'vials'"),
    (lambda s: s.replace('name="heading" type="float" value="90.0"', 'name="heading" value="east"'), "heading"),
    (lambda s: s.replace('value="trail"', 'value="lava"'), "terrain 'lava'"),
    (lambda s: s.replace('orientation="orthogonal"', 'orientation="isometric"'), "orthogonal"),
    (lambda s: s[: len(s) // 2], "cannot read the map"),
])
def test_broken_maps_raise_one_clear_error_naming_the_file(tmp_path, change, message):
    p = tmp_path / "broken.tmx"
    p.write_text(change(make_map(PIC)))
    with pytest.raises(LevelError) as err:
        load_level(p)
    assert message in str(err.value)
    assert "broken.tmx" in str(err.value)


def test_missing_file_and_wrong_format(tmp_path):
    with pytest.raises(LevelError, match="no such level file"):
        load_level(tmp_path / "nope.tmx")
    j = tmp_path / "x.tmj"
    j.write_text("{}")
    with pytest.raises(LevelError, match="TMX"):
        load_level(j)


def test_start_inside_a_tree_is_refused(tmp_path):
    pic = PIC.replace("T.S=", "TTS=").replace("S", "S")
    text = make_map(pic)
    p = tmp_path / "tree_start.tmx"
    # Move the start point onto the tree at (1, 2).
    p.write_text(text.replace('x="40" y="40"', 'x="8" y="40"'))
    with pytest.raises(LevelError, match="stands on tree"):
        load_level(p)
