"""The hazard registry: every hazard module's `HAZARD`, in digest order.

World creation, `digest`, the order of `step.SYSTEMS`, the hot reload, the loss causes, the
level checks and the tools iterate this tuple; a new hazard adds its module here once.
"""
from __future__ import annotations

from typing import Any

from game.sim import bear, blizzard, breakup, guides, ice, markers
from game.sim.hazard import Hazard

# The order is the digest's byte order: never reorder, only append.
HAZARDS: tuple[Hazard[Any], ...] = (
    blizzard.HAZARD,  # weather and night
    bear.HAZARD,
    markers.HAZARD,  # false markers and Balto's senses
    ice.HAZARD,  # thin ice (marks the grid before the nav field is built)
    guides.HAZARD,  # story lines, the white wolf
    breakup.HAZARD,  # sea ice breaking up behind the team
)


def hazard_classes() -> tuple[str, ...]:
    """Every Tiled object class a hazard reads, in registry order."""
    return tuple(cls for hz in HAZARDS for cls in hz.classes)
