"""Fuzz cases: a small valid leg with every kind of file the game reads, and structure-aware
mutations of one of them, chosen by a seed.

`make_case(seed, folder)` writes the base files into `folder` (a map with every hazard class,
an external tileset, a template, a replay of the map, an inputs file and the three save files),
mutates one target the way an attacker would (numbers pushed to extremes, types swapped,
references pointed at special files, nesting deepened, sizes multiplied, bytes flipped) and
returns the steps to run on it. The same seed always makes the same case.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import resources
from game.saves import storage
from game.saves.progress import load_progress, save_progress
from game.saves.scores import load_high_scores, save_high_scores
from game.saves.settings import load_settings, save_settings
from game.session.replay import Recorder
from game.sim import create_world, step
from game.sim.bots import RandomBot
from game.tiled.level import load_level

TARGETS = ("map", "map", "map", "tileset", "template", "replay", "inputs", "saves")
EXTREMES = ["1e308", "-1e308", "1e5", "99999999999", "1" + "0" * 30, "-1", "0", "nan", "inf", "-inf",
            "-0", "2147483648", "4294967297", "1e-320", "0.0000001"]
SWAPS = ["far", "", "[1, 2]", "true", "{}", "null", "#ff00ff", "../../../../etc/passwd", "é" * 40]
SPECIAL = ("fifo", "zero", "folder", "missing", "/etc/passwd", "self", "../../../../../../etc/hostname")
PICTURE = [
    "TTTTTTTTTTTTTTTTTTTTTTTT",
    "T......WW.......~~.....T",
    "T.S===========t=====FF.T",
    "T.....ii..............CT",
    "TTTTTTTTTTTTTTTTTTTTTTTT",
]
TILE = {".": 1, "=": 4, "~": 6, "i": 8, "t": 10, "W": 12, "C": 15, "T": 17, "S": 4, "F": 4}


@dataclass
class Step:
    """One thing to run on the case: a CLI command (`argv`) or opening the saves (`saves`)."""

    argv: list[str] = field(default_factory=list)
    saves: str = ""  # the BALTO_HOME folder whose saves the game opens and writes back


@dataclass
class Case:
    seed: int
    target: str
    mutation: str
    steps: list[Step]


# ---------------------------------------------------------------------------- the base files

def _map_xml(template: str) -> str:
    rows = ",\n".join(",".join(str(TILE[c]) for c in row) for row in PICTURE)
    w, h = len(PICTURE[0]), len(PICTURE)
    objects = [
        '<object id="1" name="start" class="start" x="40" y="40"><properties>'
        '<property name="heading" type="float" value="90"/></properties><point/></object>',
        '<object id="2" name="finish" class="finish" x="336" y="32" width="32" height="16"/>',
        '<object id="3" name="camp" class="checkpoint" x="160" y="32" width="16" height="16"/>',
        '<object id="4" name="den" class="bear" x="200" y="24"><properties>'
        '<property name="aggro_radius" type="float" value="120"/><property name="speed" type="float" '
        'value="120"/><property name="leash" type="float" value="360"/></properties><point/></object>',
        '<object id="5" name="storm" class="blizzard" x="96" y="16" width="96" height="48"><properties>'
        '<property name="intensity" type="float" value="0.6"/><property name="wind_x" type="float" '
        'value="10"/></properties></object>',
        '<object id="6" class="marker" x="120" y="40"><properties><property name="false" type="bool" '
        'value="true"/></properties><point/></object>',
        '<object id="7" name="white wolf" class="wolf" x="260" y="40"><properties><property '
        'name="appear_radius" type="float" value="100"/><property name="duration" type="float" '
        'value="5"/></properties><point/></object>',
        '<object id="8" class="story" x="64" y="16" width="16" height="48"><properties><property '
        'name="speaker" value="Balto"/><property name="text" value="Mush!"/></properties></object>',
        '<object id="9" class="thin_ice" x="224" y="32" width="16" height="16"/>',
        f'<object id="10" template="{template}" x="300" y="24"/>',
    ]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="{w}" \
height="{h}" tilewidth="16" tileheight="16" infinite="0" nextlayerid="4" nextobjectid="20">
 <properties><property name="title" value="Fuzz leg"/><property name="vials" type="int" value="20"/>\
<property name="par_seconds" type="float" value="60"/><property name="miles" type="float" value="5"/></properties>
 <tileset firstgid="1" source="t/terrain.tsx"/>
 <layer id="1" name="ground" width="{w}" height="{h}">
  <data encoding="csv">
{rows}
</data>
 </layer>
 <objectgroup id="2" name="objects">
  {chr(10).join(objects)}
 </objectgroup>
</map>
"""


_PRISTINE: dict[str, bytes] = {}  # the base files, made once per process (relative path -> bytes)
_HERE = "\x00CASE\x00"  # the case folder inside the replay (it names its level by absolute path)


def write_base(folder: Path) -> dict[str, Path]:
    """The valid files of a case; returns them by role. Made once, then copied."""
    if not _PRISTINE:
        files = _make_base(folder)
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                data = p.read_bytes()
                if p == files["replay"]:
                    data = data.replace(json.dumps(str(folder))[1:-1].encode(), _HERE.encode())
                _PRISTINE[p.relative_to(folder).as_posix()] = data
        return files
    for rel, data in _PRISTINE.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.replace(_HERE.encode(), json.dumps(str(folder))[1:-1].encode()))
    return _roles(folder)


def _roles(folder: Path) -> dict[str, Path]:
    return {"map": folder / "leg.tmx", "tileset": folder / "t" / "terrain.tsx", "template": folder / "bear.tx",
            "replay": folder / "run.balto-replay", "inputs": folder / "inputs.txt", "home": folder / "home"}


def _small_tileset() -> str:
    """The shipped tileset without its Wang sets and comments: the same tiles and terrains,
    a quarter of the parsing (the fuzzer runs thousands of cases)."""
    text = (resources.ASSETS / "tiles" / "terrain.tsx").read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"<wangsets>.*?</wangsets>", "", text, flags=re.S)


def _make_base(folder: Path) -> dict[str, Path]:
    (folder / "t").mkdir(parents=True, exist_ok=True)
    (folder / "t" / "terrain.tsx").write_text(_small_tileset(), encoding="utf-8")
    shutil.copyfile(resources.ASSETS / "tiles" / "terrain.png", folder / "t" / "terrain.png")
    shutil.copyfile(resources.LEVELS / "templates" / "bear.tx", folder / "bear.tx")
    files = _roles(folder)
    files["map"].write_text(_map_xml("bear.tx"), encoding="utf-8")
    files["inputs"].write_text("1-60 mush\n61-90 left mush\n91- steer=0.3 mush\n", encoding="utf-8")
    level = load_level(files["map"])
    rec = Recorder(folder)
    rec.start(level, 7)
    world, bot = create_world(level, 7), RandomBot(7)
    for _ in range(90):
        c = bot(world)
        rec.record(c)
        step(world, c)
    files["replay"].write_text(json.dumps(rec.replay(world).to_json()), encoding="utf-8")
    open_saves(files["home"])  # the game's own save files, as a fresh game writes them
    return files


def open_saves(home: Path) -> None:
    """What the game does with its saves at start and after a run: load all three, save them."""
    store = storage.Store(home / "config", home / "data")
    save_settings(load_settings(store), store)
    save_progress(load_progress(store), store)
    save_high_scores(load_high_scores(store), store)


# ---------------------------------------------------------------------------- mutations

def _special(rng: random.Random, folder: Path, me: Path) -> str:
    kind = rng.choice(SPECIAL)
    if kind == "fifo":
        p = folder / f"fifo{rng.randrange(1000)}"
        if not p.exists():
            os.mkfifo(p)
        return p.name if p.parent == me.parent else str(p)
    if kind == "zero":
        p = folder / f"zero{rng.randrange(1000)}.png"
        if not p.exists():
            p.symlink_to("/dev/zero")
        return str(p)
    if kind == "folder":
        return str(folder)
    if kind == "missing":
        return "no/such/file.tsx"
    if kind == "self":
        return me.name
    return kind


def _replace_file(rng: random.Random, path: Path) -> str:
    """The file itself becomes a FIFO, a link to /dev/zero, a folder or a huge file."""
    path.unlink(missing_ok=True)
    how = rng.choice(("fifo", "zero", "folder", "huge"))
    if how == "fifo":
        os.mkfifo(path)
    elif how == "zero":
        path.symlink_to("/dev/zero")
    elif how == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"[" * (40 << 20))  # 40 MB of nesting
    return f"file:{how}"


def mutate_xml(rng: random.Random, path: Path, folder: Path) -> str:
    """One structure-aware change to a Tiled XML file (map, tileset or template)."""
    text = path.read_text(encoding="utf-8")
    op = rng.randrange(9)
    if op == 0:  # a number pushed to an extreme
        nums = list(re.finditer(r'(\b[a-z_]+)="(-?[0-9.]+)"', text))
        if not nums:
            return _bytes(rng, path, text)
        m = rng.choice(nums)
        new = rng.choice(EXTREMES)
        text = text[:m.start(2)] + new + text[m.end(2):]
        desc = f"number {m.group(1)}={new}"
    elif op == 1:  # a type swapped
        vals = list(re.finditer(r'(value|type|class|name|encoding|orientation)="([^"]*)"', text))
        if not vals:
            return _bytes(rng, path, text)
        m = rng.choice(vals)
        new = rng.choice(SWAPS + ["int", "float", "bool", "object", "class", "color", "file"])
        text = text[:m.start(2)] + new + text[m.end(2):]
        desc = f"swap {m.group(1)}={new!r}"
    elif op == 2:  # a reference pointed at a special file, or one named in a comment
        ref = _special(rng, folder, path)
        refs = list(re.finditer(r'(source|template)="([^"]*)"', text))
        if refs and rng.random() < 0.7:
            m = rng.choice(refs)
            text = text[:m.start(2)] + ref + text[m.end(2):]
        else:
            text = text.replace("?>", f'?>\n<!-- source="{ref}" template="{ref}" -->', 1)
        desc = f"reference {ref}"
    elif op == 3:  # nesting deepened
        n = rng.choice((50, 500, 5000))
        if "<objectgroup" in text:
            i, j = text.index("<objectgroup"), text.index("</objectgroup>") + len("</objectgroup>")
            text = text[:i] + '<group name="g">' * n + text[i:j] + "</group>" * n + text[j:]
        else:
            text = text.replace("<properties>", "<properties>" * n, 1)
        desc = f"nesting {n}"
    elif op == 4:  # a size multiplied
        sizes = list(re.finditer(r'\b(width|height|tilewidth|tileheight|columns|tilecount)="([0-9]+)"', text))
        if not sizes:
            return _bytes(rng, path, text)
        m = rng.choice(sizes)
        new = str(int(m.group(2)) * rng.choice((10, 100, 1000, 100000)))
        text = text[:m.start(2)] + new + text[m.end(2):]
        desc = f"size {m.group(1)}={new}"
    elif op == 5:  # many copies of an element, or a huge string
        if rng.random() < 0.5 and "<object " in text:
            i = text.index("<object ")
            j = text.index("/>", i) + 2 if text.index("/>", i) < text.index(">", i) + 1 else text.index(">", i) + 1
            n = rng.choice((100, 3000))
            text = text[:j] + text[i:j] * n + text[j:]
            desc = f"copies {n}"
        else:
            big = "x" * rng.choice((100_000, 2_000_000))
            text = re.sub(r'(name|value)="[^"]*"', lambda m: f'{m.group(1)}="{big}"', text, count=1)
            desc = f"string {len(big)}"
    elif op == 6 and "<data" in text:  # gids at the extremes
        i = text.index('encoding="csv">') + len('encoding="csv">')
        j = text.index("</data>")
        cells = text[i:j].split(",")
        for _ in range(rng.randint(1, 4)):
            cells[rng.randrange(len(cells))] = rng.choice(["1" + "0" * 30, "4294967296", "-1", "2147483653", "x"])
        text = text[:i] + ",".join(cells) + text[j:]
        desc = "gids"
    elif op == 7:
        return _replace_file(rng, path)
    else:
        return _bytes(rng, path, text)
    path.write_text(text, encoding="utf-8")
    return desc


def _bytes(rng: random.Random, path: Path, text: str) -> str:
    """Raw damage: the file truncated, or a few bytes changed."""
    data = bytearray(text.encode())
    if rng.random() < 0.5:
        path.write_bytes(bytes(data[: rng.randrange(len(data))]))
        return "truncated"
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return "bytes"


def _walk(obj: Any, rng: random.Random) -> tuple[Any, Any]:
    """A random (container, key) inside a JSON value."""
    spots: list[tuple[Any, Any]] = []

    def visit(o: Any, depth: int) -> None:
        if depth > 6:
            return
        if isinstance(o, dict):
            for k, v in o.items():
                spots.append((o, k))
                visit(v, depth + 1)
        elif isinstance(o, list):
            for i, v in enumerate(o[:20]):
                spots.append((o, i))
                visit(v, depth + 1)

    visit(obj, 0)
    return rng.choice(spots) if spots else (obj, "extra")


def mutate_json(rng: random.Random, path: Path) -> str:
    """One structure-aware change to a JSON file (a replay or a save)."""
    op = rng.randrange(6)
    if op == 5:
        return _replace_file(rng, path)
    obj = json.loads(path.read_text(encoding="utf-8"))
    if op == 0:  # a number pushed to an extreme, or a huge run-length count
        box, key = _walk(obj, rng)
        value: Any = rng.choice([1e308, -1, 10**30, 2**63, float("nan"), 99, 10**12])
        if key == "controls":
            value = f"{10**12}*0"
        box[key] = value
        desc = f"number {key}={value!r}"
    elif op == 1:  # a type swapped
        box, key = _walk(obj, rng)
        value = rng.choice(["abc", [1, 2], {}, None, True, 3.5, ""])
        box[key] = value
        desc = f"swap {key}={value!r}"
    elif op == 2:  # nesting deepened
        n = rng.choice((1000, 200_000))
        path.write_text("[" * n + "]" * n)
        return f"nesting {n}"
    elif op == 3:  # a size multiplied
        box, key = _walk(obj, rng)
        v = box[key]
        box[key] = (v * rng.choice((1000, 100_000))) if isinstance(v, (str, list)) else [v] * 100_000
        desc = f"size {key}"
    else:  # a newer schema, or a field removed
        if isinstance(obj, dict) and rng.random() < 0.5:
            obj["schema"] = 99
            desc = "schema 99"
        else:
            box, key = _walk(obj, rng)
            del box[key]
            desc = f"removed {key}"
    path.write_text(json.dumps(obj), encoding="utf-8")
    return desc


def mutate_inputs(rng: random.Random, path: Path) -> str:
    """One change to a scripted inputs file."""
    op = rng.randrange(5)
    if op == 4:
        return _replace_file(rng, path)
    line = rng.choice(["1-99999999999 mush", "99999999999 left", "* steer=1e308", "5 steer=nan",
                       "1-0 brake", "-5 mush", "7 wings", "1-" + "9" * 400 + " mush", "\x00\xff"])
    n = rng.choice((1, 1, 10_000)) if op < 3 else 200_000
    with path.open("a", encoding="utf-8", errors="surrogateescape") as f:
        f.write((line + "\n") * n)
    return f"line {line!r} x{n}"


def make_case(seed: int, folder: Path) -> Case:
    """Write case `seed` into `folder` (which must be empty) and return what to run on it."""
    rng = random.Random(seed)
    files = write_base(folder)
    target = rng.choice(TARGETS)
    if target in ("map", "tileset", "template"):
        mutation = mutate_xml(rng, files[target], folder)
    elif target == "replay":
        mutation = mutate_json(rng, files["replay"])
    elif target == "inputs":
        mutation = mutate_inputs(rng, files["inputs"])
    else:
        saved = sorted(p for p in files["home"].rglob("*.json") if p.is_file())
        name = rng.choice(saved)
        mutation = f"{name.relative_to(files['home'])}: " + mutate_json(rng, name)
    return Case(seed, target, mutation, steps_for(target, files, folder))


def steps_for(target: str, files: dict[str, Path], folder: Path) -> list[Step]:
    """What runs on a case whose `target` was mutated: the commands that read that file."""
    m, out = str(files["map"]), str(folder / "out.png")
    if target == "replay":
        return [Step(["simulate", "--replay", str(files["replay"])]), Step(["replay", "--info", str(files["replay"])])]
    if target == "inputs":
        return [Step(["simulate", m, "--inputs", str(files["inputs"]), "--max-seconds", "5"])]
    if target == "saves":
        return [Step(saves=str(files["home"]))]
    return [Step(["check", m]), Step(["simulate", m, "--bot", "random", "--max-seconds", "5"]),
            Step(["render", m, out])]


def valid_case(target: str, folder: Path) -> Case:
    """The unmutated files and the steps of a `target` case: the baseline a case is timed against."""
    return Case(-1, target, "none", steps_for(target, write_base(folder), folder))
