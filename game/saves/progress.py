"""The player's progress along the trail and the campaign's crate.

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

It saves through `game.saves.storage` (docs/saves.md); loading never raises. The high-score
tables are game.saves.scores.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.content.legs import LEGS
from game.saves import fields as F
from game.saves import storage
from game.saves.scores import clean_name

SCHEMA = 1
PROGRESS_FILE = "progress.json"


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
        legs = F.obj(data, "legs", problems)
        for leg, raw in legs.items():
            try:
                p.legs[str(leg)] = _leg_record(raw)
            except F.Bad as exc:
                problems.append(f"leg {leg}: {exc}")
        unlocked = data.get("unlocked", [])
        if isinstance(unlocked, list) and all(isinstance(x, str) for x in unlocked):
            p.unlocked = set(unlocked)
        else:
            problems.append("unlocked: not a list of leg names")
        if "campaign" in data:
            try:
                p.campaign = _campaign(data["campaign"], len(p.route))
            except F.Bad as exc:
                problems.append(f"campaign: {exc}; it was reset")
        best = F.obj(data, "best_campaign", problems)
        try:
            p.best_campaign = F.whole(best, "vials", 0)
            p.best_campaign_assisted = F.flag(best, "assisted", False)
            p.campaigns_finished = F.whole(data, "campaigns_finished", 0)
        except F.Bad as exc:
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


# Schema n -> n + 1 converters (none yet: schema 1 is the first of both files).
PROGRESS_MIGRATIONS: dict[int, Callable[[dict], dict]] = {}



# ---------------------------------------------------------------------------- validation

def _leg_record(raw: Any) -> LegRecord:
    if not isinstance(raw, Mapping):
        raise F.Bad("not an object")
    stars = F.whole(raw, "best_stars", 0)
    if stars > 3:
        raise F.Bad("best_stars must be 0 to 3")
    return LegRecord(F.flag(raw, "finished", False), stars, F.whole(raw, "best_score", 0),
                     F.number(raw, "best_seconds", None, optional=True),
                     F.flag(raw, "stars_assisted", False), F.flag(raw, "score_assisted", False),
                     F.whole(raw, "finishes", 0))


def _campaign(raw: Any, route_len: int) -> Campaign:
    if not isinstance(raw, Mapping):
        raise F.Bad("not an object")
    c = Campaign(F.flag(raw, "started", False), F.whole(raw, "leg_index", 0),
                 F.whole(raw, "vials_start", 0), F.whole(raw, "vials", 0), [],
                 F.flag(raw, "finished", False), F.flag(raw, "failed", False))
    legs = raw.get("legs", [])
    if not isinstance(legs, list):
        raise F.Bad("legs must be a list")
    for x in legs:
        if not isinstance(x, Mapping):
            raise F.Bad("a leg is not an object")
        c.legs.append(CampaignLeg(F.text(x, "leg"), F.whole(x, "vials_before", 0),
                                  F.whole(x, "vials_after", 0), F.whole(x, "score", 0),
                                  F.whole(x, "stars", 0), F.number(x, "seconds", 0.0) or 0.0,
                                  F.flag(x, "assisted", False)))
    if c.vials > c.vials_start or c.leg_index > route_len or (c.active and c.vials == 0):
        raise F.Bad("its crate or leg does not add up")
    return c
