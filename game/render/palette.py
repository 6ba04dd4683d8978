"""The one colour palette of "Balto: The Serum Run".

Pure data, no pygame import. Every pixel of every generated asset uses one of
the 32 colours in ``BASE`` (see ``tools/make_art.py``). The look is a cold
Alaskan winter night: blue-grey snow, cyan river ice, dark teal water, spruce
greens, warm lantern light and an aurora.

``PALETTE`` holds the 32 base colours under descriptive names *plus* a few
role aliases for the HUD and gameplay code ('hud_bg', 'hud_text', 'danger',
'stamina', 'gold', ...). Aliases repeat a base colour, so the number of
distinct colours stays at most 32 (``len(COLOURS)``), while ``len(PALETTE)``
is a little larger.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

# Base colours, darkest neutrals first, then by family. Order matters only for
# ``COLOURS`` (index order used by the art tool).
BASE: dict[str, RGB] = {
    # night / neutrals
    "ink": (13, 15, 28),  # outlines, deepest shadow
    "hud_bg": (24, 30, 56),  # dark navy (HUD panels, night sky top)
    "night": (36, 50, 90),  # night sky, deep shade on snow
    "slate": (60, 82, 124),  # horizon sky, far mountains
    # snow
    "snow_shadow": (118, 142, 184),
    "snow_mid": (164, 186, 216),
    "snow_light": (208, 222, 240),
    "snow_white": (244, 248, 255),
    # packed sled trail (warm grey, never used for plain snow)
    "trail": (172, 158, 152),
    # ice and water
    "ice_dark": (62, 122, 158),
    "ice": (112, 182, 212),
    "ice_light": (176, 228, 240),
    "water_deep": (14, 42, 70),
    "water": (24, 82, 108),
    # spruce
    "spruce_dark": (18, 48, 46),
    "spruce": (34, 84, 64),
    "spruce_light": (72, 126, 88),
    # rock
    "rock_dark": (56, 58, 72),
    "rock": (98, 100, 116),
    "rock_light": (148, 150, 164),
    # wood
    "wood_dark": (70, 42, 34),
    "wood": (118, 76, 48),
    "wood_light": (170, 120, 74),
    # dogs
    "balto": (120, 102, 90),  # Balto's grey-brown wolfdog coat
    "tan": (200, 164, 116),  # Balto's muzzle/chest, dry grass, rope
    "fur_dark": (40, 38, 46),  # husky black
    # accents
    "red": (200, 48, 56),  # serum cross, danger
    "red_dark": (120, 26, 42),
    "gold": (250, 208, 92),  # lantern light, vial liquid
    "orange": (232, 134, 56),  # lantern glow, trail ribbons
    "aurora_green": (90, 228, 156),
    "aurora_violet": (148, 98, 204),
}

# Role names for HUD / gameplay code. Each value must be a base colour name.
ALIASES: dict[str, str] = {
    "hud_panel": "night",
    "hud_text": "snow_white",
    "hud_dim": "snow_shadow",
    "hud_outline": "ink",
    "danger": "red",
    "warning": "orange",
    "stamina": "aurora_green",
    "serum": "gold",
    "good": "aurora_green",
    "white": "snow_white",
    "black": "ink",
}

PALETTE: dict[str, RGB] = {**BASE, **{k: BASE[v] for k, v in ALIASES.items()}}

# Distinct colours in index order (the art tool indexes into this).
COLOURS: tuple[RGB, ...] = tuple(BASE.values())
BASE_NAMES: tuple[str, ...] = tuple(BASE.keys())

assert len(set(COLOURS)) == len(COLOURS) <= 32
