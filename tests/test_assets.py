"""Asset pipeline checks: tools/make_art.py regenerates the committed art
exactly, everything uses the 32-colour palette, and the metadata is sane."""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import make_art  # noqa: E402
from game.palette import COLOURS, PALETTE  # noqa: E402

ASSETS = ROOT / "assets"
OUTPUTS = [
    "tiles/terrain.png",
    "tiles/terrain.tsx",
    "sprites/sprites.png",
    "sprites/sprites.json",
    "ui/title.png",
    "ui/font.png",
    "ui/font.json",
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
    assert anim == {11: [(11, 250), (12, 250), (13, 250)]}

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
              "bear_swipe", "wolf", "lights", "stamina_icon"}
    assert needed <= set(meta)
    for name, sp in meta.items():
        assert sp["frames"] and sp["fps"] > 0, name
        for fx, fy, fw, fh in sp["frames"]:
            assert fx >= 0 and fy >= 0 and fw > 0 and fh > 0 and fx + fw <= w and fy + fh <= h, name
        ax, ay = sp["anchor"]
        fw, fh = sp["frames"][0][2:]
        assert 0 <= ax < fw and 0 <= ay < fh, name
    assert len(meta["balto"]["frames"]) == 4 and len(meta["dog"]["frames"]) == 4


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
