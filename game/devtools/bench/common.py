"""What every part of the bench shares: the plan (how long each part runs), the legs, the
view sizes, percentiles and a headless display."""
from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game import resources

LEVELS = resources.LEVELS
LOGICAL = (640, 360)
WINDOW = (1280, 720)


@dataclasses.dataclass(frozen=True)
class Plan:
    """How long each part runs: `quick` (CI: proves it works) or the full measurement."""

    sim_seconds: float
    render_warmup: int
    render_frames: int
    render_blocks: int  # the render measured this many times over; the median block is judged
    load_repeats: int
    title_repeats: int
    rss_ticks: int  # 0 = the whole leg
    quick: bool = False

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(sim_seconds=0.3, render_warmup=30, render_frames=120, render_blocks=1,
                       load_repeats=2, title_repeats=1, rss_ticks=600, quick=True)
        return cls(sim_seconds=3.0, render_warmup=180, render_frames=1500, render_blocks=5,
                   load_repeats=9, title_repeats=5, rss_ticks=0)


def legs(directory: Path = LEVELS) -> list[Path]:
    """Every leg: levels/*.tmx in order."""
    return sorted(directory.glob("*.tmx"))


def ratio(d: dict[str, Any], num: str, den: str) -> float | None:
    """d[num] / d[den] to 3 places, or None when either is missing or the denominator is 0."""
    a, b = d.get(num), d.get(den)
    return round(a / b, 3) if a is not None and b else None


def median_block(blocks: Sequence[dict[str, Any]], num: str, den: str, name: str) -> dict[str, Any]:
    """The block whose num / den is the median of the blocks that have both (the lower of the
    middle two for an even count; the first block when none has), with every block's ratio in
    the order measured under `name` (None where a block has no ratio) and the chosen block's
    index under `name` + "_judged". One block's ratio moves by several per cent within a run
    on a shared machine; the median block does not let one or two disturbed blocks decide a
    target, and every block is still reported."""
    if not blocks:
        raise ValueError("no blocks measured")

    ratios = [ratio(b, num, den) for b in blocks]
    ranked = sorted((r, k) for k, r in enumerate(ratios) if r is not None and not math.isnan(r))
    k = ranked[(len(ranked) - 1) // 2][1] if ranked else 0
    chosen = dict(blocks[k])
    chosen[name] = ratios
    chosen[name + "_judged"] = k
    return chosen


def pct(samples: Sequence[float], q: float) -> float:
    """The q-quantile of the samples (nearest rank), NaN for none."""
    s = sorted(samples)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))
    return s[k]


def init_display() -> Any:
    """pygame with a headless display of the logical size (the dummy driver unless one is set)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(LOGICAL)
    return pygame
