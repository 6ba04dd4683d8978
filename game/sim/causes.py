"""Every loss cause the rules emit, with the words a player reads for it: the team's own
(impact, water, cliff) and each registered hazard's. The HUD, the results screen, the CLI and
the level image read this one table (render adds colours in game.render.hazard_views)."""
from __future__ import annotations

from game.sim.hazards import HAZARDS
from game.sim.scoring import TEAM_CAUSES, Cause

CAUSES: dict[str, Cause] = {c.name: c for c in TEAM_CAUSES + tuple(
    cause for hz in HAZARDS for cause in hz.causes)}


def cause_words(name: str) -> str:
    """A loss cause as the player reads it (an unknown name, from an old save, spelt out)."""
    cause = CAUSES.get(name)
    return cause.words if cause is not None else name.replace("_", " ")
