"""The campaign: the two ways to play the route (campaign and practice), the crate carried
from leg to leg, and where progress and high scores are recorded and saved.

No screens here: the app's flow asks the `Campaign` what to show next and which crate a leg
starts with; a run records its result here when it ends (game.session.run). Rules (issue #4,
and game/saves/progress.py, which keeps the numbers):

- Campaign: one crate from Nenana to Nome. A new campaign starts with CAMPAIGN_CRATE vials;
  every leg starts with the vials the last one delivered. Each leg is preceded by its story
  card; reaching Nome shows the ENDING card with the vials that arrived.
- A campaign leg whose crate empties ends that attempt: the campaign stays where the leg
  began, with the crate it began with. The results offer to run the leg again with that
  crate, or to start a new campaign from Nenana. (The crate never refills: a retry cannot
  score more than the vials that were in it.)
- Practice: any unlocked leg from the route map, with a full crate; it never touches the
  campaign, but counts for best stars, best score, unlocks and high scores.
- Balto wears Jenna's bandanna from leg BANDANNA_FROM_LEG on, in both modes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game.content.legs import BANDANNA_FROM_LEG, LEGS, Leg
from game.saves import storage
from game.saves.progress import Progress, Recorded, load_progress, save_progress
from game.saves.scores import HighScores, Placement, clean_name, load_high_scores, save_high_scores
from game.sim.leveldata import LevelError
from game.sim.scoring import RunResult
from game.tiled.level import map_properties

CAMPAIGN, PRACTICE = "campaign", "practice"
CAMPAIGN_CRATE = 20  # vials in the crate at Nenana
PLAYER_NAME = "Balto"  # the high-score name until the player gives one


# ---------------------------------------------------------------------------- leg facts

@dataclass(frozen=True, slots=True)
class LegInfo:
    """What the route map says about a leg, read from its map properties."""

    title: str
    musher: str
    miles: float
    vials: int
    par_seconds: float


@cache
def leg_info(leg_id: str) -> LegInfo:
    """The leg's title, musher and miles from its .tmx map properties (only the properties
    are read, so the route map opens at once). A missing or broken file gives placeholders."""
    try:
        props = map_properties(LEGS[leg_number(leg_id) - 1].path)
    except (LevelError, ValueError):
        props = {}

    def num(key: str, default: float) -> float:
        try:
            return float(props.get(key, default))
        except ValueError:
            return default

    return LegInfo(props.get("title", leg_id.replace("_", " ")), props.get("musher", ""),
                   num("miles", 0.0), int(num("vials", CAMPAIGN_CRATE)), num("par_seconds", 120.0))


def leg_number(leg_id: str) -> int:
    """1-based position of a leg on the route (ValueError if it is not a campaign leg)."""
    for i, leg in enumerate(LEGS):
        if leg.id == leg_id:
            return i + 1
    raise ValueError(leg_id)


def is_campaign_leg(path: str | Path) -> bool:
    """True for a file of the shipped campaign: one of the legs, at its own place (a copy of a
    leg elsewhere, or a designer's map, is not: its runs are never recorded)."""
    i = leg_of_path(path)
    try:
        return i is not None and Path(path).resolve() == LEGS[i].path.resolve()
    except OSError:
        return False


def leg_of_path(path: str | Path | None) -> int | None:
    """0-based route index of a level file that is one of the campaign's legs, else None."""
    if path is None:
        return None
    stem = Path(str(path)).stem
    for i, leg in enumerate(LEGS):
        if leg.id == stem:
            return i
    return None


def wears_bandanna(index: int | None) -> bool:
    """Balto wears Jenna's bandanna from BANDANNA_FROM_LEG on (index is 0-based)."""
    return index is not None and index + 1 >= BANDANNA_FROM_LEG


def track_for_act(act: int) -> str:
    return f"act{min(3, max(1, int(act)))}"


# ---------------------------------------------------------------------------- a run's place

@dataclass(slots=True)
class LegContext:
    """Why a leg is being run: its mode, its place on the route and the crate it began with.
    Set on the RunSession (`session.context`); the results read it."""

    mode: str
    index: int
    vials_before: int

    @property
    def leg(self) -> Leg:
        return LEGS[self.index]

    @property
    def campaign(self) -> bool:
        return self.mode == CAMPAIGN


@dataclass(frozen=True, slots=True)
class Outcome:
    """What recording a run changed: progress (`recorded`) and the table (`placement`)."""

    key: str  # the high-score table's key (the level file's stem)
    recorded: Recorded | None
    placement: Placement
    assisted: bool
    campaign_lost: bool = False  # a campaign leg whose crate emptied
    campaign_best: bool = False  # the campaign reached Nome with more vials than ever

    @property
    def asks_name(self) -> bool:
        """A new best for the leg (or the campaign): the results ask whose it is."""
        return self.placement.new_best or self.campaign_best


# ---------------------------------------------------------------------------- the campaign

class Campaign:
    """Progress and high scores (loaded on first use, saved after every change)."""

    def __init__(self, store: storage.Store) -> None:
        self.store = store
        self._progress: Progress | None = None
        self._scores: HighScores | None = None
        self.best_before = 0  # the best campaign before the last leg was recorded (for NEW BEST)

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = load_progress(self.store)
        return self._progress

    @property
    def scores(self) -> HighScores:
        if self._scores is None:
            self._scores = load_high_scores(self.store)
        return self._scores

    def load(self) -> None:
        """Read progress and high scores now (a damaged file becomes a notice, never an error)."""
        self._progress, self._scores = load_progress(self.store), load_high_scores(self.store)

    def save(self) -> None:
        save_progress(self.progress, self.store)
        save_high_scores(self.scores, self.store)

    def current_index(self) -> int | None:
        """0-based index of the leg the campaign runs next, or None (no campaign under way)."""
        leg = self.progress.campaign_leg()
        return leg_of_path(leg) if leg else None

    def in_progress(self) -> bool:
        """A campaign past its first leg (starting over would throw a crate away)."""
        c = self.progress.campaign
        return c.active and (c.leg_index > 0 or c.vials < c.vials_start)

    def is_unlocked(self, index: int) -> bool:
        return self.progress.is_unlocked(LEGS[index].id)

    def new_campaign(self) -> None:
        """A fresh crate at Nenana, saved at once."""
        self.progress.start_campaign(CAMPAIGN_CRATE)
        self.save()

    def crate_for(self, index: int, mode: str) -> int | None:
        """The vials a leg starts with: the campaign's carried crate, or None (practice: the
        map's full crate). Raises ValueError for a campaign leg that is not the next one."""
        if mode != CAMPAIGN:
            return None
        if self.current_index() != index:
            raise ValueError(f"the campaign runs leg {self.current_index()} next, not {index}")
        return self.progress.starting_vials(CAMPAIGN_CRATE, True)

    def record(self, level_path: str | Path, context: LegContext | None, result: RunResult,
               assisted: bool) -> Outcome:
        """Enter a finished (or lost) run into progress and the leg's high scores; save."""
        key = Path(str(level_path)).stem
        assisted = bool(result.assisted or assisted)
        placement = self.scores.add_result(key, result, self.player_name, assisted=assisted)
        recorded: Recorded | None = None
        lost = False
        index = context.index if context is not None else leg_of_path(key)
        self.best_before = self.progress.best_campaign
        best_was = (self.progress.best_campaign, self.progress.best_campaign_assisted)
        if index is not None:
            campaign = context is not None and context.campaign and result.finished
            lost = context is not None and context.campaign and result.outcome == "lost"
            try:
                recorded = self.progress.record_leg(LEGS[index].id, result, campaign=campaign,
                                                    assisted=assisted)
            except ValueError:  # the campaign moved on meanwhile: count it as practice
                recorded = self.progress.record_leg(LEGS[index].id, result, assisted=assisted)
        best = (self.progress.best_campaign, self.progress.best_campaign_assisted) != best_was
        if best:
            self.progress.best_campaign_name = self.player_name
        self.save()
        return Outcome(key, recorded, placement, assisted, lost, best)

    @property
    def player_name(self) -> str:
        """The name the last high score was given (the game's default before any)."""
        return self.progress.player_name or PLAYER_NAME

    def name_run(self, outcome: Outcome, name: str) -> str:
        """Put `name` on the run `outcome` recorded (its row in the leg's table, and the
        campaign's best when it set one), remember it for the next entry, and save. Returns
        the name as kept (printable, at most NAME_MAX characters)."""
        name = clean_name(name)
        if outcome.placement.rank is not None:
            self.scores.rename(outcome.key, outcome.placement.rank, name)
        if outcome.campaign_best:
            self.progress.best_campaign_name = name
        self.progress.player_name = name
        self.save()
        return name
