"""Asset pipeline checks: tools/make_art.py regenerates the committed art
exactly, everything uses the 32-colour palette, and the metadata is sane."""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import make_art  # noqa: E402

from game.render.palette import COLOURS, PALETTE  # noqa: E402

ASSETS = ROOT / "assets"
OUTPUTS = [
    "tiles/terrain.png",
    "tiles/terrain.tsx",
    "sprites/sprites.png",
    "sprites/sprites.json",
    "ui/title.png",
    "ui/font.png",
    "ui/font.json",
    "ui/sky_aurora.png",
    "ui/sky_night.png",
    "ui/route_map.png",
    "ui/route_map.json",
    "ui/card_nome.png",
    "ui/card_trail.png",
    "ui/card_lake.png",
    "ui/card_cliff.png",
    "ui/card_lights.png",
]
PNGS = [p for p in OUTPUTS if p.endswith(".png")]

EXPECTED_TERRAIN = {
    0: "snow", 1: "snow", 2: "snow",
    3: "trail", 4: "trail",
    5: "deep_snow", 6: "deep_snow",
    7: "ice", 8: "ice",
    9: "thin_ice",
    10: "overflow",
    11: "water", 12: "water", 13: "water",
    14: "cliff", 15: "cliff",
    16: "tree", 17: "tree", 22: "tree",
    18: "rock", 19: "rock",
    20: "building", 21: "building",
    26: "trail",
    27: "deep_snow",
}
DECORATIONS = (23, 24, 25)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("art")
    make_art.generate(out)
    return out


def _pixels(path: Path) -> tuple[tuple[int, int], bytes]:
    surf = pygame.image.load(str(path))
    return surf.get_size(), pygame.image.tobytes(surf, "RGBA")


@pytest.mark.parametrize("rel", OUTPUTS)
def test_committed_output_matches_regeneration(regenerated: Path, rel: str) -> None:
    committed = ASSETS / rel
    assert committed.exists(), f"missing {rel}: run python tools/make_art.py"
    fresh = regenerated / rel
    if rel.endswith(".png"):
        assert _pixels(committed) == _pixels(fresh), f"{rel} is stale: rerun tools/make_art.py"
    else:
        assert committed.read_bytes() == fresh.read_bytes(), f"{rel} is stale"


def test_palette_size_and_format() -> None:
    assert len(set(COLOURS)) == len(COLOURS) <= 32
    assert len(set(PALETTE.values())) <= 32
    for name in ("hud_bg", "hud_text", "danger", "stamina", "gold"):
        assert name in PALETTE
    for rgb in PALETTE.values():
        assert len(rgb) == 3 and all(isinstance(c, int) and 0 <= c <= 255 for c in rgb)


@pytest.mark.parametrize("rel", PNGS)
def test_pngs_use_only_palette_colours(rel: str) -> None:
    (w, h), data = _pixels(ASSETS / rel)
    allowed = set(COLOURS)
    seen = set()
    for i in range(0, len(data), 4):
        a = data[i + 3]
        if a == 0:
            continue
        assert a == 255, f"{rel}: semi-transparent pixel"
        seen.add((data[i], data[i + 1], data[i + 2]))
    assert seen <= allowed, f"{rel}: off-palette colours {sorted(seen - allowed)[:5]}"


def test_tileset() -> None:
    root = ET.parse(ASSETS / "tiles" / "terrain.tsx").getroot()
    assert root.tag == "tileset"
    assert root.get("version") == "1.8"
    assert (root.get("tilewidth"), root.get("tileheight"), root.get("columns")) == ("16", "16", "16")
    img = root.find("image")
    assert img is not None and img.get("source") == "terrain.png"
    sheet = pygame.image.load(str(ASSETS / "tiles" / "terrain.png"))
    assert sheet.get_size() == (int(img.get("width")), int(img.get("height")))
    count = int(root.get("tilecount"))
    assert count == (sheet.get_width() // 16) * (sheet.get_height() // 16)
    terrain = {}
    anim = {}
    for t in root.findall("tile"):
        tid = int(t.get("id"))
        for p in t.iter("property"):
            if p.get("name") == "terrain":
                terrain[tid] = p.get("value")
        a = t.find("animation")
        if a is not None:
            anim[tid] = [(int(f.get("tileid")), int(f.get("duration"))) for f in a.findall("frame")]
    for tid, value in EXPECTED_TERRAIN.items():
        assert terrain.get(tid) == value, f"tile {tid}"
    for tid in DECORATIONS:
        assert tid not in terrain
    assert anim[11] == [(11, 250), (12, 250), (13, 250)]
    for tid, frames in anim.items():  # animated water edges: frames share the tile's terrain
        assert all(terrain.get(f) == terrain.get(tid) for f, _ in frames), tid

    def alpha_at(tid: int) -> list[int]:
        sub = sheet.subsurface(((tid % 16) * 16, (tid // 16) * 16, 16, 16))
        raw = pygame.image.tobytes(sub, "RGBA")
        return list(raw[3::4])

    for tid in list(range(16)) + [20, 21, 26, 27]:
        assert min(alpha_at(tid)) == 255, f"ground tile {tid} must be opaque"
    for tid in (16, 17, 18, 19, 22, 23, 24, 25):
        al = alpha_at(tid)
        assert 0 in al and 255 in al, f"overlay tile {tid} needs a transparent background"


def test_sprite_atlas() -> None:
    meta = json.loads((ASSETS / "sprites" / "sprites.json").read_text())
    w, h = pygame.image.load(str(ASSETS / "sprites" / "sprites.png")).get_size()
    needed = {"balto", "balto_hurt", "dog", "dog_hurt", "sled", "marker", "marker_false_revealed",
              "checkpoint", "finish", "vial", "vial_broken", "snowflake", "spray", "bear",
              "bear_swipe", "wolf", "lights", "stamina_icon",
              "balto_bandanna", "balto_bandanna_hurt", "balto_turn_left", "balto_turn_right",
              "dog_turn_left", "dog_turn_right", "wolf_glow", "lights_glow", "bear_sleep", "roadhouse",
              "nome_shop", "nome_saloon", "nome_store", "nome_church", "nome_house", "splash", "crack"}
    assert needed <= set(meta)
    for name, sp in meta.items():
        assert sp["frames"] and sp["fps"] > 0, name
        for fx, fy, fw, fh in sp["frames"]:
            assert fx >= 0 and fy >= 0 and fw > 0 and fh > 0 and fx + fw <= w and fy + fh <= h, name
        ax, ay = sp["anchor"]
        fw, fh = sp["frames"][0][2:]
        assert 0 <= ax < fw and 0 <= ay < fh, name
    assert len(meta["balto"]["frames"]) == 4 and len(meta["dog"]["frames"]) == 4
    assert len(meta["balto_bandanna"]["frames"]) == 4


def test_ui_backdrops() -> None:
    for name, size in (("sky_aurora", (640, 120)), ("sky_night", (640, 360)), ("route_map", (640, 360)),
                       ("card_nome", (640, 360)), ("card_lights", (640, 360))):
        assert pygame.image.load(str(ASSETS / "ui" / f"{name}.png")).get_size() == size, name
    # the sky band tiles left to right: its two edge columns are neighbours on the same sky
    route = json.loads((ASSETS / "ui" / "route_map.json").read_text())
    for town in ("Nenana", "Tanana", "Nulato", "Unalakleet", "Nome"):
        x, y = route["towns"][town]
        assert 0 <= x < 640 and 0 <= y < 360
    assert route["towns"]["Nome"][0] < route["towns"]["Nenana"][0]  # Nome lies west
    assert len(route["route"]) >= len(route["towns"])


def test_pixel_font_renders() -> None:
    pygame.init()
    from game.render.text import PixelFont

    font = PixelFont(ASSETS / "ui" / "font.png")
    text = "Nenana -> Nome"
    surf = font.render(text, (255, 200, 0))
    w, h = surf.get_size()
    assert (w, h) == font.size(text)
    assert 4 * len(text) <= w <= 6 * len(text)
    assert 7 <= h <= 12
    assert surf.get_bounding_rect().width > 0
    assert font.render(text, (255, 200, 0), scale=2).get_size() == (w * 2, h * 2)
    assert font.size("a\nb")[1] > h
    target = pygame.Surface((200, 40), pygame.SRCALPHA)
    r = font.draw(target, "47°F ↑", (100, 5), (240, 240, 240), align="center", shadow=(0, 0, 0))
    assert r.width > 0 and target.get_bounding_rect().width > 0


def _wangsets() -> tuple[ET.Element, dict[int, str]]:
    root = ET.parse(ASSETS / "tiles" / "terrain.tsx").getroot()
    terrain = {int(t.get("id")): p.get("value") for t in root.findall("tile")
               for p in t.iter("property") if p.get("name") == "terrain"}
    return root, terrain


def test_wang_sets_cover_every_transition() -> None:
    """Each corner set of two colours has all 16 corner combinations; plain tiles carry their
    colour's terrain and transition tiles the *under* terrain (never the one lapping over)."""
    root, terrain = _wangsets()
    count = int(root.get("tilecount"))
    sets = root.find("wangsets").findall("wangset")
    names = {ws.get("name") for ws in sets}
    for need in ("snow / trail", "snow / ice", "ice / water", "snow / deep_snow", "ice / trail"):
        assert need in names
    for ws in sets:
        assert ws.get("type") == "corner"
        colours = [c.get("name") for c in ws.findall("wangcolor")]
        assert len(colours) == 2 and all(re.fullmatch(r"#[0-9a-f]{6}", c.get("color"))
                                         for c in ws.findall("wangcolor"))
        under, over = colours
        seen = set()
        for wt in ws.findall("wangtile"):
            tid = int(wt.get("tileid"))
            assert 0 <= tid < count
            w = [int(v) for v in wt.get("wangid").split(",")]
            assert len(w) == 8 and w[0::2] == [0, 0, 0, 0] and all(v in (1, 2) for v in w[1::2])
            corners = tuple(w[1::2])
            seen.add(corners)
            want = over if corners == (2, 2, 2, 2) else under
            assert terrain.get(tid) == want, (ws.get("name"), tid, corners)
        assert len(seen) == 16, ws.get("name")


def test_transition_tiles_meet_seamlessly() -> None:
    """Where two tiles of a set share an edge, the over/under boundary crosses it at the
    same place in both (checked on the geometry the tiles are drawn from)."""
    wang = make_art.art_module("wang")

    def over(mask: int) -> np.ndarray:
        return np.full((16, 16), mask == 15) if mask in (0, 15) else wang.field(mask)[0] < 0

    for m1 in range(16):
        for m2 in range(16):
            # left/right: m1's right corners (TR 2, BR 4) are m2's left ones (TL 1, BL 8)
            if ((m1 >> 1) & 1, (m1 >> 2) & 1) == (m2 & 1, (m2 >> 3) & 1):
                assert np.sum(over(m1)[:, -1] != over(m2)[:, 0]) <= 1, (m1, m2)
            # top/bottom: m1's bottom corners (BL 8, BR 4) are m2's top ones (TL 1, TR 2)
            if ((m1 >> 3) & 1, (m1 >> 2) & 1) == (m2 & 1, (m2 >> 1) & 1):
                assert np.sum(over(m1)[-1, :] != over(m2)[0, :]) <= 1, (m1, m2)
