"""Jenna's bandanna on Balto: the sprite sheet with Balto's frames swapped for the dressed ones."""
from __future__ import annotations

from game.render.sprites import SpriteSheet

SWAP = {"balto": "balto_bandanna", "balto_hurt": "balto_bandanna_hurt",
        "balto_turn_left": "balto_bandanna_turn_left",
        "balto_turn_right": "balto_bandanna_turn_right"}


def with_bandanna(sheet: SpriteSheet) -> SpriteSheet:
    """`sheet` seen through the bandanna: asks for 'balto' get 'balto_bandanna' (and the hurt
    and turning frames likewise); everything else, and the caches, are the sheet's own."""
    return sheet.dressed(SWAP)
