"""The player's progress along the trail, the campaign's crate, and local high scores.

Legs are named by their level file's stem ("01_nenana_tolovana"); the route order comes from
`game.content.legs.LEGS`. Rules (issue #4):

- The first leg is always open; each other leg opens once the one before it is finished
  (in the campaign or in practice). Nothing earned is ever taken back: best stars, best
  score and unlocks only go up.
- The campaign carries one crate all the way: a leg starts with the vials the last one
  delivered, and the campaign's score is what reaches Nome. A leg finished in the campaign
  moves the campaign on; a leg whose crate empties ("lost") ends it; a leg stopped or
  restarted changes nothing, so it starts again with the crate it began with.
- A leg started from level select (practice) starts with a full crate and never touches the
  campaign, but its results still count for best stars, best score and unlocks.
- Assisted runs count like others and are marked: a best reached only with assist carries
  an `assisted` mark until an unassisted run equals it.

`HighScores` keeps each leg's top 10 (`add` returns the rank and whether it is a new best).
Both save through `game.saves.storage` (docs/saves.md); loading never raises.
"""
from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.content.legs import LEGS
from game.saves import storage

SCHEMA = 1
PROGRESS_FILE = "progress.json"
SCORES_FILE = "highscores.json"
SCORES_SCHEMA = 1
TOP = 10
NAME_MAX = 12
DEFAULT_NAME = "Balto"


def default_route() -> tuple[str, ...]:
    """The legs in route order, from Nenana to Nome."""
    return tuple(leg.id for leg in LEGS)


# ---------------------------------------------------------------------------- records

@dataclass(slots=True)
class LegRecord:
    """The best a player has done on one leg (finished runs only)."""

    finished: bool = False
    best_stars: int = 0
    best_score: int = 0
    best_seconds: float | None = None  # fastest finish
    stars_assisted: bool = False  # best_stars was reached only with assist on
    score_assisted: bool = False
    finishes: int = 0


@dataclass(frozen=True, slots=True)
class CampaignLeg:
    """One leg the campaign has run (finished, or lost with the crate)."""

    leg: str
    vials_before: int
    vials_after: int
    score: int
    stars: int
    seconds: float
    assisted: bool = False


@dataclass(slots=True)
class Campaign:
    """The run from Nenana to Nome with one crate."""

    started: bool = False
    leg_index: int = 0  # the next leg to run, as an index into the route
    vials_start: int = 0
    vials: int = 0  # in the crate now
    legs: list[CampaignLeg] = field(default_factory=list)
    finished: bool = False  # the serum reached Nome
    failed: bool = False  # the crate emptied on the way

    @property
    def active(self) -> bool:
        return self.started and not self.finished and not self.failed

    @property
    def score(self) -> int:
        """What reached Nome: the vials left at the end (0 until then)."""
        return self.vials if self.finished else 0

    @property
    def points(self) -> int:
        """The legs' scores added up (time bonuses included), for display."""
        return sum(leg.score for leg in self.legs)

    @property
    def assisted(self) -> bool:
        return any(leg.assisted for leg in self.legs)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `Progress.record_leg` changed, for the results screen."""

    leg: str
    finished: bool
    new_best_stars: bool = False
    new_best_score: bool = False
    unlocked: str | None = None  # the leg this result opened, if any
    campaign: bool = False
    crate: int | None = None  # vials in the campaign crate afterwards (campaign only)
    campaign_finished: bool = False
    campaign_failed: bool = False


# ---------------------------------------------------------------------------- progress

@dataclass(slots=True)
class Progress:
    """Unlocks, bests per leg and the campaign. `route` is the leg order (not saved)."""

    legs: dict[str, LegRecord] = field(default_factory=dict)
    unlocked: set[str] = field(default_factory=set)
    campaign: Campaign = field(default_factory=Campaign)
    best_campaign: int = 0  # most vials ever delivered to Nome
    best_campaign_assisted: bool = False
    best_campaign_name: str = ""  # who delivered it ("" for a save from before names)
    campaigns_finished: int = 0
    player_name: str = ""  # the last name given for a high score: the next entry starts with it
    route: tuple[str, ...] = field(default_factory=default_route, compare=False)

    # reading ---------------------------------------------------------------------------
    def record(self, leg_id: str) -> LegRecord:
        """The leg's record (an empty one for a leg never finished)."""
        return self.legs.get(leg_id) or LegRecord()

    def is_unlocked(self, leg_id: str) -> bool:
        """First leg, a leg opened before, or the leg after a finished one."""
        if leg_id in self.unlocked:
            return True
        if leg_id not in self.route:
            return False
        i = self.route.index(leg_id)
        return i == 0 or self.record(self.route[i - 1]).finished

    def unlocked_legs(self) -> tuple[str, ...]:
        return tuple(leg for leg in self.route if self.is_unlocked(leg))

    @property
    def total_stars(self) -> int:
        return sum(self.record(leg).best_stars for leg in self.route)

    def campaign_leg(self) -> str | None:
        """The leg the campaign runs next, or None when no campaign is under way."""
        c = self.campaign
        if not c.active or c.leg_index >= len(self.route):
            return None
        return self.route[c.leg_index]

    def starting_vials(self, full: int, campaign: bool) -> int:
        """The crate a leg starts with: the campaign's crate, or `full` in practice."""
        if campaign and self.campaign.active:
            return self.campaign.vials
        return int(full)

    # changing --------------------------------------------------------------------------
    def start_campaign(self, vials: int) -> Campaign:
        """A new campaign from the first leg with a crate of `vials` (any old one ends)."""
        if vials <= 0:
            raise ValueError("a campaign needs at least one vial")
        self.campaign = Campaign(started=True, vials_start=int(vials), vials=int(vials))
        return self.campaign

    def abandon_campaign(self) -> None:
        self.campaign = Campaign()

    def record_leg(self, leg_id: str, result: Any, *, campaign: bool = False,
                   assisted: bool = False) -> Recorded:
        """Record a run's result (a `RunResult`, or anything with outcome, vials, score,
        stars, seconds and assisted). `assisted` adds what the sim does not know (a slower
        game speed). In the campaign the leg must be `campaign_leg()` (ValueError if not).
        """
        assisted = bool(result.assisted or assisted)
        vials = max(0, int(result.vials))
        finished = result.outcome == "finished" and vials > 0
        if campaign and leg_id != self.campaign_leg():
            raise ValueError(f"the campaign runs {self.campaign_leg()!r} next, not {leg_id!r}")
        new_stars = new_score = False
        unlocked = None
        if finished:
            rec = self.legs.setdefault(leg_id, LegRecord())
            was_open = [self.is_unlocked(leg) for leg in self.route]
            rec.finished = True
            rec.finishes += 1
            new_stars = _better(int(result.stars), assisted, rec.best_stars, rec.stars_assisted)
            if new_stars:
                rec.best_stars, rec.stars_assisted = int(result.stars), assisted
            new_score = _better(int(result.score), assisted, rec.best_score, rec.score_assisted)
            if new_score:
                rec.best_score, rec.score_assisted = int(result.score), assisted
            seconds = float(result.seconds)
            if rec.best_seconds is None or seconds < rec.best_seconds:
                rec.best_seconds = seconds
            if leg_id in self.route:
                i = self.route.index(leg_id)
                if i + 1 < len(self.route):
                    nxt = self.route[i + 1]
                    self.unlocked.add(nxt)
                    if not was_open[i + 1]:
                        unlocked = nxt
        if not campaign:
            return Recorded(leg_id, finished, new_stars, new_score, unlocked)
        c = self.campaign
        lost = result.outcome == "lost" or (result.outcome == "finished" and vials == 0)
        if finished or lost:
            after = 0 if lost else min(vials, c.vials)  # the crate never refills
            c.legs.append(CampaignLeg(leg_id, c.vials, after, int(result.score),
                                      int(result.stars), float(result.seconds), assisted))
            c.vials = after
            if lost:
                c.failed = True
            else:
                c.leg_index += 1
                if c.leg_index >= len(self.route):
                    c.finished = True
                    self.campaigns_finished += 1
                    if _better(c.vials, c.assisted, self.best_campaign, self.best_campaign_assisted):
                        self.best_campaign, self.best_campaign_assisted = c.vials, c.assisted
        return Recorded(leg_id, finished, new_stars, new_score, unlocked, True, c.vials,
                        c.finished, c.failed)

    # saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON shape of progress.json (docs/saves.md)."""
        c = self.campaign
        return {
            storage.SCHEMA_KEY: SCHEMA,
            "legs": {leg: {"finished": r.finished, "best_stars": r.best_stars,
                           "best_score": r.best_score, "best_seconds": r.best_seconds,
                           "stars_assisted": r.stars_assisted,
                           "score_assisted": r.score_assisted, "finishes": r.finishes}
                     for leg, r in sorted(self.legs.items())},
            "unlocked": sorted(self.unlocked),
            "campaign": {
                "started": c.started, "leg_index": c.leg_index, "vials_start": c.vials_start,
                "vials": c.vials, "finished": c.finished, "failed": c.failed,
                "legs": [{"leg": x.leg, "vials_before": x.vials_before,
                          "vials_after": x.vials_after, "score": x.score, "stars": x.stars,
                          "seconds": x.seconds, "assisted": x.assisted} for x in c.legs],
            },
            "best_campaign": {"vials": self.best_campaign, "assisted": self.best_campaign_assisted,
                              "name": self.best_campaign_name},
            "campaigns_finished": self.campaigns_finished,
            "player_name": self.player_name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], route: Sequence[str] | None = None
                  ) -> tuple[Progress, list[str]]:
        """Progress from saved JSON plus the problems found; a bad entry is dropped (and
        reported), the rest is kept."""
        problems: list[str] = []
        p = cls(route=tuple(route) if route is not None else default_route())
        legs = _obj(data, "legs", problems)
        for leg, raw in legs.items():
            try:
                p.legs[str(leg)] = _leg_record(raw)
            except _Bad as exc:
                problems.append(f"leg {leg}: {exc}")
        unlocked = data.get("unlocked", [])
        if isinstance(unlocked, list) and all(isinstance(x, str) for x in unlocked):
            p.unlocked = set(unlocked)
        else:
            problems.append("unlocked: not a list of leg names")
        if "campaign" in data:
            try:
                p.campaign = _campaign(data["campaign"], len(p.route))
            except _Bad as exc:
                problems.append(f"campaign: {exc}; it was reset")
        best = _obj(data, "best_campaign", problems)
        try:
            p.best_campaign = _int(best, "vials", 0)
            p.best_campaign_assisted = _bool(best, "assisted", False)
            p.campaigns_finished = _int(data, "campaigns_finished", 0)
        except _Bad as exc:
            problems.append(str(exc))
        for where, key in ((best, "name"), (data, "player_name")):  # absent in saves from before names
            raw = where.get(key, "")
            if not isinstance(raw, str):
                problems.append(f"{key}: not text")
            elif raw.strip():
                name = clean_name(raw)
                if key == "name":
                    p.best_campaign_name = name
                else:
                    p.player_name = name
        return p, problems


def _better(value: int, assisted: bool, best: int, best_assisted: bool) -> bool:
    """Higher wins; an equal unassisted result replaces an assisted best (clears the mark)."""
    return value > best or (value == best and best_assisted and not assisted and value > 0)


# ---------------------------------------------------------------------------- high scores

@dataclass(frozen=True, slots=True)
class ScoreEntry:
    name: str
    score: int
    vials: int
    seconds: float
    date: str  # ISO date, YYYY-MM-DD
    assisted: bool = False

    def sort_key(self) -> tuple:
        return (-self.score, self.seconds, -self.vials)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where `HighScores.add` put a run: `rank` 1..10, or None when it did not make the
    table; `new_best` when it beat the leg's previous best (or the table was empty)."""

    rank: int | None
    new_best: bool
    assisted: bool = False


def clean_name(name: str) -> str:
    """A name fit for the table: printable, single-spaced, at most NAME_MAX characters."""
    text = "".join(ch for ch in str(name) if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    text = " ".join(text.split())[:NAME_MAX].strip()
    return text or DEFAULT_NAME


@dataclass(slots=True)
class HighScores:
    """Each leg's top 10 (any string key works, e.g. "campaign"), best first."""

    tables: dict[str, list[ScoreEntry]] = field(default_factory=dict)

    def table(self, leg: str) -> tuple[ScoreEntry, ...]:
        return tuple(self.tables.get(leg, ()))

    def best(self, leg: str) -> ScoreEntry | None:
        entries = self.tables.get(leg)
        return entries[0] if entries else None

    def rank_of(self, score: int, seconds: float, vials: int, leg: str) -> int | None:
        """The rank a run would get (ties go below earlier runs), or None."""
        if score <= 0:
            return None
        key = (-int(score), float(seconds), -int(vials))
        rank = 1 + sum(1 for e in self.tables.get(leg, ()) if e.sort_key() <= key)
        return rank if rank <= TOP else None

    def add(self, leg: str, name: str, score: int, vials: int, seconds: float,
            assisted: bool = False, date: str | None = None) -> Placement:
        """Enter a run; unfinished runs (score 0) never enter."""
        rank = self.rank_of(score, seconds, vials, leg)
        if rank is None:
            return Placement(None, False, assisted)
        best = self.best(leg)
        entry = ScoreEntry(clean_name(name), int(score), int(vials), float(seconds),
                           date or _dt.date.today().isoformat(), bool(assisted))
        entries = self.tables.setdefault(leg, [])
        entries.insert(rank - 1, entry)
        del entries[TOP:]
        return Placement(rank, best is None or entry.score > best.score, bool(assisted))

    def rename(self, leg: str, rank: int, name: str) -> bool:
        """Give the entry at `rank` (1..10) of a table a name; False when there is none."""
        entries = self.tables.get(leg, [])
        if not 1 <= rank <= len(entries):
            return False
        e = entries[rank - 1]
        entries[rank - 1] = ScoreEntry(clean_name(name), e.score, e.vials, e.seconds, e.date, e.assisted)
        return True

    def add_result(self, leg: str, result: Any, name: str, assisted: bool = False,
                   date: str | None = None) -> Placement:
        """`add` for a `RunResult` (marked assisted when it or `assisted` says so)."""
        if result.outcome != "finished":
            return Placement(None, False, bool(result.assisted or assisted))
        return self.add(leg, name, result.score, result.vials, result.seconds,
                        bool(result.assisted or assisted), date)

    def to_dict(self) -> dict:
        return {storage.SCHEMA_KEY: SCORES_SCHEMA, "legs": {
            leg: [{"name": e.name, "score": e.score, "vials": e.vials, "seconds": e.seconds,
                   "date": e.date, "assisted": e.assisted} for e in entries]
            for leg, entries in sorted(self.tables.items()) if entries}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[HighScores, list[str]]:
        problems: list[str] = []
        out = cls()
        for leg, raw in _obj(data, "legs", problems).items():
            if not isinstance(raw, list):
                problems.append(f"{leg}: not a list")
                continue
            entries = []
            for item in raw:
                try:
                    entries.append(_entry(item))
                except _Bad as exc:
                    problems.append(f"{leg}: {exc}")
            entries.sort(key=ScoreEntry.sort_key)  # stable: equal runs keep their order
            if len(entries) > TOP:
                problems.append(f"{leg}: more than {TOP} entries")
            if entries:
                out.tables[str(leg)] = entries[:TOP]
        return out, problems


# ---------------------------------------------------------------------------- files

def load_progress(store: storage.Store | None = None,
                  route: Sequence[str] | None = None) -> Progress:
    """The saved progress, or a fresh one; never raises (see game.saves.storage)."""
    store = store or storage.default_store()
    parse: Callable = lambda d: Progress.from_dict(d, route)  # noqa: E731
    fresh: Callable = lambda: Progress(route=tuple(route) if route is not None else default_route())  # noqa: E731
    return store.load(store.data_path(PROGRESS_FILE), SCHEMA, parse, fresh,
                      serialise=Progress.to_dict, migrations=PROGRESS_MIGRATIONS)


def save_progress(progress: Progress, store: storage.Store | None = None) -> bool:
    store = store or storage.default_store()
    return store.save_json(store.data_path(PROGRESS_FILE), progress.to_dict())


def load_high_scores(store: storage.Store | None = None) -> HighScores:
    store = store or storage.default_store()
    return store.load(store.data_path(SCORES_FILE), SCORES_SCHEMA, HighScores.from_dict,
                      HighScores, serialise=HighScores.to_dict, migrations=SCORES_MIGRATIONS)


def save_high_scores(scores: HighScores, store: storage.Store | None = None) -> bool:
    store = store or storage.default_store()
    return store.save_json(store.data_path(SCORES_FILE), scores.to_dict())


# Schema n -> n + 1 converters (none yet: schema 1 is the first of both files).
PROGRESS_MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
SCORES_MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


# ---------------------------------------------------------------------------- validation

class _Bad(Exception):
    pass


def _obj(data: Mapping, key: str, problems: list[str]) -> Mapping:
    raw = data.get(key, {})
    if isinstance(raw, Mapping):
        return raw
    problems.append(f"{key}: not an object")
    return {}


def _bool(d: Any, key: str, default: bool) -> bool:
    v = d.get(key, default)
    if not isinstance(v, bool):
        raise _Bad(f"{key} must be true or false")
    return v


def _int(d: Any, key: str, default: int) -> int:
    v = d.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise _Bad(f"{key} must be a whole number, 0 or more")
    return v


def _num(d: Any, key: str, default: float | None, optional: bool = False) -> float | None:
    v = d.get(key, default)
    if v is None and optional:
        return None
    if not storage.finite(v) or v < 0:
        raise _Bad(f"{key} must be a number, 0 or more")
    return float(v)


def _str(d: Any, key: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v:
        raise _Bad(f"{key} must be text")
    return v


def _leg_record(raw: Any) -> LegRecord:
    if not isinstance(raw, Mapping):
        raise _Bad("not an object")
    stars = _int(raw, "best_stars", 0)
    if stars > 3:
        raise _Bad("best_stars must be 0 to 3")
    return LegRecord(_bool(raw, "finished", False), stars, _int(raw, "best_score", 0),
                     _num(raw, "best_seconds", None, optional=True),
                     _bool(raw, "stars_assisted", False), _bool(raw, "score_assisted", False),
                     _int(raw, "finishes", 0))


def _campaign(raw: Any, route_len: int) -> Campaign:
    if not isinstance(raw, Mapping):
        raise _Bad("not an object")
    c = Campaign(_bool(raw, "started", False), _int(raw, "leg_index", 0),
                 _int(raw, "vials_start", 0), _int(raw, "vials", 0), [],
                 _bool(raw, "finished", False), _bool(raw, "failed", False))
    legs = raw.get("legs", [])
    if not isinstance(legs, list):
        raise _Bad("legs must be a list")
    for x in legs:
        if not isinstance(x, Mapping):
            raise _Bad("a leg is not an object")
        c.legs.append(CampaignLeg(_str(x, "leg"), _int(x, "vials_before", 0),
                                  _int(x, "vials_after", 0), _int(x, "score", 0),
                                  _int(x, "stars", 0), _num(x, "seconds", 0.0) or 0.0,
                                  _bool(x, "assisted", False)))
    if c.vials > c.vials_start or c.leg_index > route_len or (c.active and c.vials == 0):
        raise _Bad("its crate or leg does not add up")
    return c


def _entry(raw: Any) -> ScoreEntry:
    if not isinstance(raw, Mapping):
        raise _Bad("an entry is not an object")
    date = raw.get("date", "")
    if not isinstance(date, str):
        raise _Bad("date must be text")
    name = raw.get("name", DEFAULT_NAME)
    if not isinstance(name, str):
        raise _Bad("name must be text")
    score = _int(raw, "score", 0)
    if score <= 0:
        raise _Bad("score must be above 0")
    return ScoreEntry(clean_name(name), score, _int(raw, "vials", 0),
                      _num(raw, "seconds", 0.0) or 0.0, date[:10], _bool(raw, "assisted", False))
