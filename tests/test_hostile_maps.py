"""Hostile and broken maps fail fast, with a clear message and no large allocation."""
import base64
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from mapmaker import make_map

from game.sim import LevelError
from game.tiled.level import load_level, read_level

REPO = Path(__file__).resolve().parent.parent
PIC = """
TTTTTTTT
TS====FT
TTTTTTTT
"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE map [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<map version="1.10" orientation="orthogonal" width="8" height="3" tilewidth="16" tileheight="16">
 <properties><property name="title" value="&e;&e;&e;&e;"/></properties>
</map>
"""


def _map(**kw) -> str:
    return make_map(PIC, **kw)


def _zlib_bomb() -> str:
    big = base64.b64encode(zlib.compress(b"\0" * 40_000_000, 9)).decode()
    text = _map(encoding="zlib")
    start = text.index('compression="zlib">') + len('compression="zlib">')
    return text[:start] + big + text[text.index("</data>", start):]


def _groups(depth: int) -> str:
    text = _map()
    i = text.index(' <layer id="1"')
    j = text.index("</layer>") + len("</layer>")
    return text[:i] + '<group name="g">' * depth + text[i:j] + "</group>" * depth + text[j:]


CASES = {
    "absolute tileset path": (lambda tmp: _map(tileset='<tileset firstgid="1" source="/etc/terrain.tsx"/>'),
                              "outside the project"),
    "tileset up and out": (lambda tmp: _map(tileset='<tileset firstgid="1" source="../../../../../../etc/x.tsx"/>'),
                           "outside the project"),
    "image outside": (lambda tmp: _map().replace(str(REPO / "assets" / "tiles" / "terrain.png"), "/etc/passwd"),
                      "outside the project"),
    "template outside": (lambda tmp: _map(objects='<object id="70" template="/etc/x.tx" x="1" y="1"/>'),
                         "outside the project"),
    "entity bomb": (lambda tmp: BOMB, "DOCTYPE or ENTITY"),
    "external entity": (lambda tmp: _map().replace('<?xml version="1.0" encoding="UTF-8"?>',
                                                  '<?xml version="1.0"?><!DOCTYPE map [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
                        "DOCTYPE or ENTITY"),
    "huge map": (lambda tmp: _map().replace('width="8" height="3" tilewidth',
                                            'width="100000" height="100000" tilewidth'),
                 "100000x100000 tiles"),
    "zlib bomb": (lambda tmp: _zlib_bomb(), "holds"),
    "deep groups": (lambda tmp: _groups(200), "nest more than"),
    "empty file": (lambda tmp: "", "empty"),
    "not a map": (lambda tmp: '<?xml version="1.0"?><tileset name="x"/>', "not a Tiled <map>"),
    "truncated": (lambda tmp: _map()[:300], "cannot read the map"),
    "unknown encoding": (lambda tmp: _map().replace('encoding="UTF-8"', 'encoding="utD-8"', 1), "unknown encoding"),
    "huge tilecount": (lambda tmp: _map().replace('tilecount="32"', 'tilecount="2000000000"')
                       .replace('columns="16"', 'columns="100000"'), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_map_fails_fast_with_a_clear_message(tmp_path, name):
    make, message = CASES[name]
    p = tmp_path / "hostile.tmx"
    p.write_text(make(tmp_path), encoding="utf-8")
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        if message is None:
            read_level(p)  # loads, and quickly: the tileset claims tiles it does not have
        else:
            with pytest.raises(LevelError, match=message) as err:
                load_level(p)
            assert str(err.value).startswith(str(p)) or "hostile.tmx" in str(err.value)
            assert "\n" not in str(err.value)
    finally:
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    assert peak < 64 * 1024 * 1024, f"{name}: {peak / 1e6:.0f} MB"


def test_bytes_that_are_not_utf8_are_named(tmp_path):
    p = tmp_path / "latin.tmx"
    p.write_bytes(_map().replace("Test map", "T\xe9st").encode("latin-1"))
    with pytest.raises(LevelError, match=r"byte 0xe9 at offset \d+ is not UTF-8"):
        load_level(p)


def test_a_hostile_external_tileset_is_refused_before_pytmx_reads_it(tmp_path):
    (tmp_path / "bomb.tsx").write_text(BOMB.replace("<map", "<tileset").replace("</map>", "</tileset>"))
    p = tmp_path / "m.tmx"
    p.write_text(_map(tileset='<tileset firstgid="1" source="bomb.tsx"/>'))
    with pytest.raises(LevelError, match=r"bomb.tsx: .*DOCTYPE"):
        load_level(p)
