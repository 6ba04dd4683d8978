"""What the Tiled adapter honours that pytmx alone does not: each with a small map in tests/maps."""
from pathlib import Path

import pytest
from mapmaker import make_map

from game.sim import LevelError
from game.sim import terrain as T
from game.tiled.level import level_sources, load_level, read_level, sources_stamp

MAPS = Path(__file__).resolve().parent / "maps"
REPO = MAPS.parent.parent


def _layers(lvl):
    return {layer.name: layer for layer in lvl.layers}


def test_group_layers_pass_visibility_offset_opacity_and_parallax_to_their_children():
    lvl = load_level(MAPS / "features_groups.tmx")
    assert [layer.name for layer in lvl.layers] == ["ground", "trees", "rocks", "clouds", "overhead"]
    L = _layers(lvl)
    assert L["trees"].offset == (16.0, 0.0) and L["trees"].visible
    assert not L["rocks"].visible  # its group is hidden
    assert L["clouds"].parallax == (0.25, 0.25) and L["clouds"].opacity == 0.5
    assert L["overhead"].opacity == 0.5 and L["overhead"].parallax == (1.0, 1.0)


def test_terrain_follows_what_tiled_shows():
    t = load_level(MAPS / "features_groups.tmx").terrain
    assert t[1, 6] == T.CODE["tree"] and t[1, 5] == T.CODE["snow"]  # moved one cell by the group offset
    assert t[3, 6] == T.CODE["trail"]  # rocks in a hidden group change nothing
    assert t[3, 8] == T.CODE["trail"]  # a parallax layer is scenery, not ground
    assert t[0, 0] == T.CODE["tree"]  # the half-transparent overhead layer still counts
    assert t[4, 2] == T.CODE["trail"]  # a flipped tile keeps its terrain


def test_hidden_objects_and_hidden_object_layers_are_not_in_the_level():
    lvl = load_level(MAPS / "features_groups.tmx")
    assert lvl.of_kind("bear") == ()
    assert sorted(lvl.objects) == ["finish", "start"]


def test_flipped_tiles_keep_their_picture_and_get_their_flags():
    lvl = load_level(MAPS / "features_groups.tmx")
    g = int(lvl.layers[0].gids[4, 2])
    plain = int(lvl.layers[0].gids[4, 3])
    assert g != plain and lvl.tiles[g].flags == (True, False, False)
    assert lvl.tiles[g].rect == lvl.tiles[plain].rect


def test_tile_animations_come_through_with_their_frames():
    lvl = load_level(MAPS / "features_groups.tmx")
    water = int(lvl.layers[0].gids[6, 9])
    assert [d for _, d in lvl.tiles[water].animation] == [250, 250, 250]
    assert all(f in lvl.tiles for f, _ in lvl.tiles[water].animation)


def test_templates_give_class_shape_and_properties_and_the_instance_overrides_them():
    lvl = load_level(MAPS / "features_templates.tmx")
    bear = lvl.of_kind("bear")[0]
    assert (bear.name, bear.x, bear.y) == ("den", 100.0, 24.0)
    assert bear.properties["aggro_radius"] == 200.0 and bear.properties["speed"] == 120.0
    assert bear.properties["patrol"] == 4
    patrol = lvl.of_kind("patrol")[0]
    assert len(patrol.points) == 3 and patrol.points[0] == (80.0, 16.0)
    fin = lvl.of_kind("finish")[0]
    assert (fin.name, fin.width, fin.height) == ("Tolovana", 16.0, 32.0)
    steele, plain = lvl.of_kind("marker")
    assert steele.properties["false"] is True and plain.properties["false"] is False
    assert lvl.of_kind("start")[0].properties["heading"] == 90.0


def test_tile_collision_shapes_never_become_map_objects():
    lvl = load_level(MAPS / "features_collision.tmx")
    assert sorted(lvl.objects) == ["finish", "start"]
    assert [o.id for o in lvl.of_kind("start")] == [7]
    assert lvl.terrain[1, 5] == T.CODE["tree"]


def test_embedded_and_external_tilesets_draw_the_same_tiles():
    ext = load_level(MAPS / "class_attr.tmx")
    emb = load_level(MAPS / "embedded_tileset.tmx")
    for a, b in zip(ext.layers, emb.layers):
        for ga, gb in zip(a.gids.ravel().tolist(), b.gids.ravel().tolist()):
            assert (ga in ext.tiles) == (gb in emb.tiles)
            if ga in ext.tiles:
                assert ext.tiles[ga].rect == emb.tiles[gb].rect
                assert Path(ext.tiles[ga].source).resolve() == Path(emb.tiles[gb].source).resolve()


PIC = """
TTTTTTTT
TS====FT
TTTTTTTT
"""


@pytest.mark.parametrize("change,message", [
    (lambda s: s.replace('infinite="0"', 'infinite="1"'), "Infinite"),
    (lambda s: s.replace('<data encoding="base64" compression="zlib">', '<data encoding="base64" compression="zstd">'),
     "Tile Layer Format"),
    (lambda s: s.replace('<data encoding="base64" compression="zlib">',
                         '<data encoding="base64" compression="zlib">'
                         '<chunk x="0" y="0" width="8" height="3">AAAA</chunk>'),
     "Infinite"),
    (lambda s: s.replace('tileheight="16" infinite', 'tileheight="8" infinite'), "square tiles"),
])
def test_what_the_game_cannot_read_says_what_to_change_in_tiled(tmp_path, change, message):
    p = tmp_path / "bad.tmx"
    p.write_text(change(make_map(PIC, encoding="zlib")))
    with pytest.raises(LevelError, match=message) as err:
        load_level(p)
    assert str(err.value).startswith(str(p)) or "bad.tmx" in str(err.value)


def test_a_json_map_gets_told_to_save_as_tmx(tmp_path):
    p = tmp_path / "leg.tmj"
    p.write_text("{}")
    with pytest.raises(LevelError, match=r"File > Save As.*\.tmx"):
        load_level(p)


def test_read_level_lists_every_problem_and_load_level_raises_the_first(tmp_path):
    text = make_map(PIC, properties={"vials": "many"}).replace('class="finish"', 'class="finsh"')
    p = tmp_path / "two.tmx"
    p.write_text(text)
    lvl, problems = read_level(p)
    assert any("map property 'vials'" in x for x in problems)
    assert any("no object of class 'finish'" in x for x in problems)
    with pytest.raises(LevelError, match="vials"):
        load_level(p)


def test_level_sources_lists_the_map_its_tileset_templates_and_images():
    srcs = level_sources(MAPS / "features_templates.tmx")
    names = [p.name for p in srcs]
    assert names[0] == "features_templates.tmx"
    assert {"terrain.tsx", "terrain.png", "start.tx", "bear.tx", "steele.tx"} <= set(names)
    assert len(names) == len(set(srcs))
    stamp = sources_stamp(srcs)
    assert stamp == sources_stamp(srcs) and all(s[1] > 0 for s in stamp)
    assert sources_stamp([MAPS / "nope.tx"])[0][1:] == (-1, -1)


def test_a_template_edit_changes_the_level_hash(tmp_path):
    (tmp_path / "t.tx").write_text('<?xml version="1.0"?><template><object class="marker"><point/></object></template>')
    text = make_map(PIC, objects='<object id="90" template="t.tx" x="40" y="24"/>')
    (tmp_path / "m.tmx").write_text(text)
    a = load_level(tmp_path / "m.tmx")
    assert a.of_kind("marker")[0].properties["false"] is False
    (tmp_path / "t.tx").write_text('<?xml version="1.0"?><template><object class="marker"><properties>'
                                   '<property name="false" type="bool" value="true"/></properties>'
                                   '<point/></object></template>')
    b = load_level(tmp_path / "m.tmx")
    assert b.of_kind("marker")[0].properties["false"] is True and a.source_hash != b.source_hash
