"""Scoring: the crate of vials, every loss with its cause, and the score of a run.

The score is what reaches the finish: surviving vials first, then a time bonus against the
map's `par_seconds`. Stars: 1 for finishing, 2 with at least 75 % of the vials, 3 with at
least 90 % of the vials inside par time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.sim import events as E
from game.sim.constants import TICK_HZ

if TYPE_CHECKING:
    from game.sim.core import Core

VIAL_POINTS = 1000
BONUS_PER_SECOND = 10



@dataclass(frozen=True, slots=True)
class Cause:
    """A cause of vial loss: its name (the key in `world.losses` and `simulate --json`) and
    the words a player reads for it. game.sim.causes.CAUSES lists every one the rules emit."""

    name: str
    words: str


# The team's own causes. Hazards declare theirs in their Hazard entry (game.sim.hazard).
IMPACT = "impact"
WATER = "water"
CLIFF = "cliff"
TEAM_CAUSES = (Cause(IMPACT, "crashed"), Cause(WATER, "into the water"),
               Cause(CLIFF, "over a cliff"))
FALL_LOSS = {"water": 3, "cliff": 4}  # vials broken by a fall, by cause


def break_vials(world: Core, amount: int, cause: str, x: float, y: float) -> int:
    """Break up to `amount` vials for `cause`; returns how many actually broke.

    The only way vials are lost. Emits VIALS_LOST, and LOST when the crate is empty.
    """
    amount = max(0, min(int(amount), world.vials))
    if amount == 0 or world.outcome:
        return 0
    if world.assist.unbreakable_vials:
        world.emit(E.VialsSaved(cause=cause, vials=amount, x=x, y=y))
        return 0
    world.vials -= amount
    world.losses[cause] = world.losses.get(cause, 0) + amount
    world.emit(E.VialsLost(cause=cause, vials=amount, x=x, y=y))
    if world.vials == 0:
        world.outcome = "lost"
        world.finish_tick = world.tick
        world.emit(E.Lost(cause=cause, x=x, y=y))
    return amount


def impact_loss(speed: float, threshold: float, per: float) -> int:
    """Vials an impact at `speed` px/s breaks: none below the threshold, more when faster."""
    if speed <= threshold:
        return 0
    return 1 + int((speed - threshold) / per)


def score(vials: int, seconds: float, par_seconds: float, finished: bool) -> int:
    """Points for a run: nothing unless the serum arrived."""
    if not finished or vials <= 0:
        return 0
    bonus = max(0.0, par_seconds - seconds) * BONUS_PER_SECOND
    return vials * VIAL_POINTS + int(round(bonus))


def stars(vials: int, vials_start: int, seconds: float, par_seconds: float, finished: bool) -> int:
    """0 to 3 stars."""
    if not finished or vials <= 0:
        return 0
    share = vials / max(vials_start, 1)
    if share >= 0.9 and seconds <= par_seconds:
        return 3
    if share >= 0.75:
        return 2
    return 1


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything a finished (or stopped) run reports; `simulate --json` prints it."""

    level: str
    title: str
    seed: int
    bot: str
    outcome: str  # finished | lost | timeout
    ticks: int
    tick_hz: int
    seconds: float
    vials_start: int
    vials: int
    losses: dict[str, int] = field(default_factory=dict)
    score: int = 0
    stars: int = 0
    digest: str = ""
    assisted: bool = False

    @property
    def finished(self) -> bool:
        return self.outcome == "finished"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `simulate --json` (`assisted` appears only on assisted runs)."""
        out: dict[str, Any] = {
            "level": self.level, "title": self.title, "seed": self.seed, "bot": self.bot,
            "outcome": self.outcome, "ticks": self.ticks, "tick_hz": self.tick_hz,
            "seconds": self.seconds, "vials_start": self.vials_start, "vials": self.vials,
            "losses": dict(sorted(self.losses.items())), "score": self.score,
            "stars": self.stars, "digest": self.digest,
        }
        if self.assisted:
            out["assisted"] = True
        return out


def result(world: Core, level_name: str, bot: str, digest: str) -> RunResult:
    """The result of a world as it stands now (a run not done counts as a timeout)."""
    outcome = world.outcome or "timeout"
    finished = outcome == "finished"
    ticks = world.finish_tick if world.outcome else world.tick
    seconds = round(ticks / TICK_HZ, 4)
    par = world.level.par_seconds
    return RunResult(
        level=level_name, title=world.level.title, seed=world.seed, bot=bot, outcome=outcome,
        ticks=ticks, tick_hz=TICK_HZ, seconds=seconds, vials_start=world.vials_start,
        vials=world.vials, losses=dict(world.losses),
        score=score(world.vials, seconds, par, finished),
        stars=stars(world.vials, world.vials_start, seconds, par, finished),
        digest=digest, assisted=world.assist.any,
    )
