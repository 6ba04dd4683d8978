"""The campaign controller: the two ways to play the route (campaign and practice), the crate
carried from leg to leg, and where progress and high scores are recorded and saved.

`Flow.campaign` is one of these. The screens ask it to open the route map, show a leg's
story card, start a leg and record a run; it knows no drawing. Rules (issue #4, and
game/saves/progress.py, which keeps the numbers):

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

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.saves import storage
from game.session.legs import BANDANNA_FROM_LEG, ENDING, LEGS, Leg
from game.saves.progress import (HighScores, Placement, Progress, Recorded, load_high_scores,
                           load_progress, save_high_scores, save_progress)

if TYPE_CHECKING:
    from game.app.flow import Flow
    from game.screens.run import RunSession
    from game.sim.scoring import RunResult

CAMPAIGN, PRACTICE = "campaign", "practice"
CAMPAIGN_CRATE = 20  # vials in the crate at Nenana
PLAYER_NAME = "Balto"  # the high-score name until the game asks for one


# ---------------------------------------------------------------------------- leg facts

@dataclass(frozen=True, slots=True)
class LegInfo:
    """What the route map says about a leg, read from its map properties."""

    title: str
    musher: str
    miles: float
    vials: int
    par_seconds: float


@lru_cache(maxsize=None)
def leg_info(leg_id: str) -> LegInfo:
    """The leg's title, musher and miles from its .tmx map properties (only the properties
    are read, so the route map opens at once). A missing or broken file gives placeholders."""
    props: dict[str, str] = {}
    try:
        root = ET.parse(LEGS[leg_number(leg_id) - 1].path).getroot()
        for p in root.findall("./properties/property"):
            props[p.get("name", "")] = p.get("value", p.text or "")
    except (OSError, ET.ParseError, ValueError):
        pass

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


# ---------------------------------------------------------------------------- the bandanna

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


# ---------------------------------------------------------------------------- a run's place

@dataclass(slots=True)
class LegContext:
    """Why a leg is being run: its mode, its place on the route and the crate it began with.
    Set on the RunSession (`session.context`); the results screen reads it."""

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


def flow_assisted(flow: Any) -> bool:
    """Assist from the app's settings (a slower game speed is assist the sim cannot see).
    Reads `flow.assisted` (bool) or a settings object with `.assisted` when the app has one."""
    v = getattr(flow, "assisted", None)
    if isinstance(v, bool):
        return v
    for name in ("settings", "user_settings", "prefs", "config"):
        obj = getattr(flow, name, None)
        if obj is not None and not callable(obj):
            a = getattr(obj, "assisted", None)
            if isinstance(a, bool):
                return a
    return False


# ---------------------------------------------------------------------------- the controller

class CampaignController:
    """Progress, high scores and the way between map, cards, legs and results."""

    def __init__(self, flow: "Flow", store: storage.Store | None = None) -> None:
        self.flow = flow
        self._store = store
        self._progress: Progress | None = None
        self._scores: HighScores | None = None
        self.best_before = 0  # the best campaign before the last leg was recorded (for NEW BEST)

    # saves -------------------------------------------------------------------------
    @property
    def store(self) -> storage.Store:
        if self._store is None:
            self._store = storage.default_store()
        return self._store

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

    def save(self) -> None:
        save_progress(self.progress, self.store)
        save_high_scores(self.scores, self.store)

    # what the screens ask ----------------------------------------------------------
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

    # the way between screens -------------------------------------------------------
    def open_map(self, mode: str, select: int | None = None, notice: str | None = None) -> None:
        from game.screens.route_map import RouteMapScreen

        self.flow.goto(RouteMapScreen(self.flow, mode, select, notice))

    def new_campaign(self) -> None:
        """A fresh crate at Nenana, saved at once; then the first card."""
        self.progress.start_campaign(CAMPAIGN_CRATE)
        self.save()
        self.show_card(0)

    def continue_campaign(self) -> None:
        """The card of the leg the campaign runs next (a new campaign when none is under way)."""
        i = self.current_index()
        if i is None:
            self.new_campaign()
        else:
            self.show_card(i)

    def show_card(self, index: int) -> None:
        """The story card before a campaign leg; Enter (or Esc) starts the leg."""
        from game.screens.story import StoryScreen

        leg = LEGS[index]
        self.flow.goto(StoryScreen(self.flow, leg.card, lambda: self.start_leg(index, CAMPAIGN),
                                   leg_index=index))

    def show_ending(self) -> None:
        """The ENDING card with the vials that reached Nome; then the credits."""
        from game.screens.story import StoryScreen

        c = self.progress.campaign
        self.flow.goto(StoryScreen(self.flow, ENDING, self.credits_then_title,
                                   ending=(c.vials, c.vials_start, self.best_before, c.assisted)))

    def credits_then_title(self) -> None:
        from game.screens.story import CreditsScreen

        self.flow.goto(CreditsScreen(self.flow, self.flow.title))

    def start_leg(self, index: int, mode: str) -> bool:
        """Load a leg and go to its countdown: the campaign's crate or (practice) a full one."""
        from game.screens.run import CountdownScreen, RunSession
        from game.sim.leveldata import LevelError

        leg = LEGS[index]
        campaign = mode == CAMPAIGN
        if campaign and self.current_index() != index:
            raise ValueError(f"the campaign runs leg {self.current_index()} next, not {index}")
        vials = self.progress.starting_vials(CAMPAIGN_CRATE, True) if campaign else None
        try:
            level, tiles = self.flow.load(leg.path)
            session = RunSession(self.flow, level, tiles, self.flow.seed, vials=vials,
                                 bandanna=wears_bandanna(index))
        except (LevelError, OSError) as exc:
            self.flow.error(str(exc))
            return False
        session.context = LegContext(mode, index, session.world.vials_start)
        self.flow.goto(CountdownScreen(self.flow, session))
        return True

    def after_results(self, context: LegContext) -> None:
        """Continue from a campaign leg's results: the next card, or the ending at Nome."""
        c = self.progress.campaign
        if c.finished:
            self.show_ending()
        elif c.active:
            self.show_card(self.current_index() or 0)
        else:
            self.open_map(CAMPAIGN)

    # recording ---------------------------------------------------------------------
    def record(self, session: "RunSession", result: "RunResult") -> Outcome:
        """Enter a finished (or lost) run into progress and the leg's high scores; save."""
        ctx: LegContext | None = getattr(session, "context", None)
        key = Path(str(session.level.path)).stem
        assisted = bool(result.assisted or flow_assisted(self.flow))
        placement = self.scores.add_result(key, result, PLAYER_NAME, assisted=assisted)
        recorded: Recorded | None = None
        lost = False
        index = ctx.index if ctx is not None else leg_of_path(key)
        self.best_before = self.progress.best_campaign
        if index is not None:
            campaign = ctx is not None and ctx.campaign and result.finished
            lost = ctx is not None and ctx.campaign and result.outcome == "lost"
            try:
                recorded = self.progress.record_leg(LEGS[index].id, result, campaign=campaign,
                                                    assisted=assisted)
            except ValueError:  # the campaign moved on meanwhile: count it as practice
                recorded = self.progress.record_leg(LEGS[index].id, result, assisted=assisted)
        self.save()
        return Outcome(key, recorded, placement, assisted, lost)

