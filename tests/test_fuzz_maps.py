"""Mutated maps either load or raise LevelError: never another exception, never a hang.

The mutants come from the committed maps (mostly the small ones in tests/maps, some legs):
XML structure (drop, duplicate, move, truncate), attributes, property values, layer data and
raw bytes. A fixed seed makes every run the same; 1,000 cases by default, 10,000 under `slow`.
"""
import random
import signal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from game.sim import LevelError
from game.tiled.level import read_level

REPO = Path(__file__).resolve().parent.parent
SMALL = sorted(p for p in (REPO / "tests" / "maps").glob("*.tmx"))
LEGS = sorted((REPO / "levels").glob("*.tmx"))
VALUES = ["", "0", "-1", "1", "16", "1.5", "-0.0", "nan", "inf", "1e999", "99999999999", "4097", "abc",
          "true", "false", "../../x.tsx", "/etc/passwd", "zstd", "gzip", "csv", "base64", "\u00e9\u00e9",
          "0x10", " 3 ", "2147483652", "4294967295", "start", "bear", "marker"]


def _absolute(path: Path) -> str:
    """The map's text with its relative links made absolute (so a mutant can live anywhere)."""
    text = path.read_text(encoding="utf-8")
    for rel in ('source="', 'template="'):
        out, i = [], 0
        while (j := text.find(rel, i)) >= 0:
            k = text.index('"', j + len(rel))
            ref = text[j + len(rel):k]
            out.append(text[i:j + len(rel)])
            out.append(str((path.parent / ref).resolve()) if ref and not ref.startswith("/") else ref)
            i = k
        out.append(text[i:])
        text = "".join(out)
    return text


SEEDS = {p: _absolute(p) for p in SMALL + LEGS}


def _mutate(rng: random.Random, text: str) -> bytes:
    op = rng.randrange(9)
    if op == 0:  # raw bytes
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if op == 1:  # truncate
        return text[: rng.randrange(len(text))].encode()
    if op == 2:  # layer data
        i = text.find("<data")
        j = text.find(">", i) + 1
        k = text.find("</data>", j)
        if i >= 0 and 0 < j <= k:
            body = list(text[j:k])
            for _ in range(rng.randint(1, 3)):
                pos = rng.randrange(max(1, len(body)))
                body[pos:pos + rng.randint(0, 3)] = rng.choice(
                    ["", ",", "9", "-", "4294967296", "x", ",,", "536870913"])
            return (text[:j] + "".join(body) + text[k:]).encode()
    root = ET.fromstring(text)
    elements = list(root.iter())
    el = rng.choice(elements)
    if op in (3, 4):  # attributes
        if el.attrib and rng.random() < 0.3:
            del el.attrib[rng.choice(sorted(el.attrib))]
        else:
            key = rng.choice(sorted(el.attrib) or ["id"]) if rng.random() < 0.8 else rng.choice(
                ["visible", "offsetx", "parallaxx", "opacity", "encoding", "compression", "template", "gid",
                 "firstgid", "infinite", "class", "type", "width", "source"])
            el.set(key, rng.choice(VALUES))
    elif op == 5:  # property values and types
        props = [e for e in elements if e.tag == "property"] or elements
        p = rng.choice(props)
        p.set(rng.choice(["value", "type", "name"]), rng.choice(VALUES + ["int", "float", "bool", "object", "class"]))
    elif op == 6:  # drop an element
        parents = [e for e in elements if len(e)]
        parent = rng.choice(parents)
        parent.remove(rng.choice(list(parent)))
    elif op == 7:  # duplicate or move an element
        parents = [e for e in elements if len(e)]
        src, dst = rng.choice(parents), rng.choice(parents)
        child = rng.choice(list(src))
        if any(dst is e for e in child.iter()):
            dst = root  # never into itself: that would make a cycle
        if rng.random() < 0.5:
            src.remove(child)
        dst.insert(rng.randrange(len(dst) + 1), child)
    else:  # a new element where it does not belong
        rng.choice(elements).append(ET.Element(rng.choice(["layer", "group", "objectgroup", "tileset", "data", "chunk",
                                                           "object", "properties", "template", "image"]),
                                               {"name": "x", "source": rng.choice(VALUES)}))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` can swallow it."""


def _alarm(signum, frame):
    raise Hang("a mutant took more than 10 s: a hang")


def _fuzz(tmp_path: Path, cases: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    seeds = list(SEEDS.items())
    small = [s for s in seeds if s[0] in SMALL]
    legs = [s for s in seeds if s[0] in LEGS]
    loaded = refused = 0
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for case in range(cases):
            path, text = rng.choice(legs) if legs and rng.random() < 0.03 else rng.choice(small)
            data = _mutate(rng, text)
            for _ in range(rng.randint(0, 2)):
                try:
                    data = _mutate(rng, data.decode())
                except (UnicodeDecodeError, ET.ParseError, ValueError):
                    break
            out = tmp_path / f"mutant{case % 4}.tmx"
            out.write_bytes(data)
            signal.alarm(10)
            try:
                read_level(out)
                loaded += 1
            except LevelError:
                refused += 1
            except (Exception, Hang) as exc:  # noqa: BLE001 - the point of the test
                (tmp_path / "failing.tmx").write_bytes(data)
                pytest.fail(f"case {case} (from {path.name}) raised {type(exc).__name__}: {exc}; "
                            f"the mutant is in {tmp_path / 'failing.tmx'}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, old)
    return loaded, refused


def test_mutated_maps_load_or_raise_level_error(tmp_path):
    loaded, refused = _fuzz(tmp_path, 1000, seed=5)
    assert loaded > 100 and refused > 100  # the mutants exercise both paths


@pytest.mark.slow
def test_ten_thousand_mutated_maps(tmp_path):
    _fuzz(tmp_path, 10_000, seed=6)
