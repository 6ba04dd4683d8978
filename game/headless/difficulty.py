"""The difficulty tables: every leg with the autopilot and the human model, and the human
model played as a campaign (the crate carried from leg to leg, one seed for the whole run).

    rows = leg_table("human", range(1, 21), workers=2)
    camp = campaign(range(1, 21), workers=2)
    print(render({"autopilot": leg_table("autopilot", seeds), "human": rows}, camp, seeds))

`tools/difficulty.py` writes docs/difficulty.md with this; a slow test checks the finish rate.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from game.content.legs import LEGS
from game.headless.simulation import DEFAULT_MAX_SECONDS, run
from game.headless.sweep import sweep
from game.session.campaign import CAMPAIGN_CRATE
from game.sim.causes import CAUSES
from game.tiled.level import load_level


@dataclass(frozen=True)
class LegRow:
    """One leg's runs with one bot: finished count, vials kept, time, vials lost per cause."""

    leg: str
    runs: int
    finished: int
    vials_mean: float
    vials_min: int
    seconds_mean: float  # all runs (a lost run counts until the crate emptied)
    losses: dict[str, float] = field(default_factory=dict)  # vials per run, by cause

    @property
    def finish_rate(self) -> float:
        return self.finished / self.runs if self.runs else 0.0


@dataclass(frozen=True)
class CampaignRow:
    """The human model from Nenana to Nome, one seed per campaign: vials reaching Nome."""

    runs: int
    reached: int  # campaigns whose crate reached Nome with a vial or more
    vials: list[int]  # per seed: vials delivered at Nome (0 when the crate emptied)
    lost_on: dict[str, int]  # leg where each failed campaign's crate emptied

    @property
    def median(self) -> float:
        return float(statistics.median(self.vials)) if self.vials else 0.0


def _cause_order(losses: dict[str, float]) -> list[str]:
    """Causes in the registry's order (game.sim.causes), any unknown one after, by name."""
    return [k for k in CAUSES if k in losses] + sorted(k for k in losses if k not in CAUSES)


def leg_table(bot: str, seeds: Sequence[int], workers: int = 2, reaction_ms: float = 200) -> list[LegRow]:
    """Every leg of the campaign with one bot on the given seeds, in route order."""
    levels = [load_level(leg.path) for leg in LEGS]
    report = sweep(levels, list(seeds), bot=bot, workers=workers, reaction_ms=reaction_ms,
                   names=[leg.id for leg in LEGS])
    rows = []
    for s in report.levels:
        mine = [r for r in report.results if r.level == s.level]
        n = max(len(mine), 1)
        rows.append(LegRow(
            leg=s.level, runs=s.runs, finished=s.outcomes.get("finished", 0), vials_mean=s.vials_mean,
            vials_min=s.vials_min, seconds_mean=statistics.fmean(r.seconds for r in mine) if mine else 0.0,
            losses={k: s.losses[k] / n for k in _cause_order({k: float(v) for k, v in s.losses.items()})}))
    return rows


def campaign_run(seed: int, reaction_ms: float = 200) -> tuple[int, str]:
    """One campaign by the human model: (vials at Nome, the leg where the crate emptied or "")."""
    vials = CAMPAIGN_CRATE
    for leg in LEGS:
        r = run(leg.path, bot="human", seed=seed, vials=vials, reaction_ms=reaction_ms,
                max_seconds=DEFAULT_MAX_SECONDS)
        vials = min(vials, r.vials) if r.finished else 0  # the crate never refills
        if vials <= 0:
            return 0, leg.id
    return vials, ""


def campaign(seeds: Sequence[int], workers: int = 2, reaction_ms: float = 200) -> CampaignRow:
    """The human model's campaign on each seed (in a process pool when workers > 1)."""
    seeds = list(seeds)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            out = list(pool.map(campaign_run, seeds, [reaction_ms] * len(seeds)))
    else:
        out = [campaign_run(s, reaction_ms) for s in seeds]
    lost_on: dict[str, int] = {}
    for _, leg in out:
        if leg:
            lost_on[leg] = lost_on.get(leg, 0) + 1
    return CampaignRow(runs=len(out), reached=sum(1 for v, _ in out if v > 0), vials=[v for v, _ in out],
                       lost_on=lost_on)


def render(tables: dict[str, list[LegRow]], camp: CampaignRow | None, seeds: Sequence[int],
           reaction_ms: float = 200) -> str:
    """docs/difficulty.md: a table per bot, then the campaign row."""
    span = f"{seeds[0]}-{seeds[-1]}" if seeds else "none"
    lines = [
        "# Difficulty by leg",
        "",
        f"Seeds {span}, a full crate on every leg; made by `python tools/difficulty.py`.",
        f"`human` is the human model (game/sim/human.py) at {reaction_ms:g} ms reaction time.",
        "The aim (issue #12): the human model finishes every leg on at least 90 % of seeds, keeps",
        "19 or more vials on leg 1 falling to 10-16 on leg 8, the autopilot keeps at least as many,",
        "and a human campaign reaches Nome with a median of 6 to 12 vials.",
        "Where a bot loses its vials on a leg: `balto heatmap LEG out.png --bot human --runs 20`.",
    ]
    for bot, rows in tables.items():
        lines += ["", f"## {bot}", "",
                  "| leg | finished | vials mean | vials min | time mean (s) | losses per run |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for r in rows:
            losses = ", ".join(f"{k} {v:.2f}" for k, v in r.losses.items()) or "none"
            lines.append(f"| {r.leg} | {r.finished}/{r.runs} | {r.vials_mean:.2f} | {r.vials_min} "
                         f"| {r.seconds_mean:.1f} | {losses} |")
    if camp is not None:
        where = ", ".join(f"{k} {v}" for k, v in camp.lost_on.items()) or "none"
        lines += ["", "## human campaign", "",
                  f"The crate ({CAMPAIGN_CRATE} vials) carried from leg to leg, seed s on every leg of campaign s.",
                  "",
                  "| campaigns | reached Nome | median vials at Nome | vials at Nome by seed | crate emptied on |",
                  "| --- | --- | --- | --- | --- |",
                  f"| {camp.runs} | {camp.reached}/{camp.runs} | {camp.median:g} | "
                  f"{' '.join(map(str, camp.vials))} | {where} |"]
    return "\n".join(lines) + "\n"
