"""Jenna's bandanna on Balto: a sprite sheet seen through a swap of Balto's frames."""
from __future__ import annotations

from typing import Any


class BandannaSprites:
    """The sprite sheet seen through Jenna's bandanna: asks for 'balto' get 'balto_bandanna'
    (and the hurt and turning frames likewise); everything else passes through. WorldView
    takes a sheet, so this lets a run dress Balto without a renderer option."""

    SWAP = {"balto": "balto_bandanna", "balto_hurt": "balto_bandanna_hurt",
            "balto_turn_left": "balto_bandanna_turn_left",
            "balto_turn_right": "balto_bandanna_turn_right"}

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._swap = {k: v for k, v in self.SWAP.items() if sheet.has(v)}

    def _n(self, name: str) -> str:
        return self._swap.get(name, name)

    def has(self, name: str) -> bool:
        return self._sheet.has(self._n(name))

    def anim(self, name: str) -> Any:
        return self._sheet.anim(self._n(name))

    def first(self, *names: str) -> str:
        return self._sheet.first(*(self._n(n) for n in names))

    def frame(self, name: str, t: float = 0.0) -> Any:
        return self._sheet.frame(self._n(name), t)

    def rotated(self, name: str, index: int, heading: float) -> Any:
        return self._sheet.rotated(self._n(name), index, heading)

    def draw(self, surface: Any, name: str, *args: Any, **kwargs: Any) -> None:
        self._sheet.draw(surface, self._n(name), *args, **kwargs)

    def recolour(self, name: str, new_name: str, mapping: dict) -> str:
        return self._sheet.recolour(self._n(name), new_name, mapping)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._sheet, attr)
