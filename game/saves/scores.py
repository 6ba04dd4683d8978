"""Local high scores: each leg's top 10 (and the campaign's), best first, with the names the
players gave. `HighScores.add` returns the rank and whether it is a new best; the table saves
through `game.saves.storage` (docs/saves.md) and loading never raises."""
from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game.saves import fields as F
from game.saves import storage

SCORES_FILE = "highscores.json"
SCORES_SCHEMA = 1
TOP = 10
NAME_MAX = 12
DEFAULT_NAME = "Balto"


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
        for leg, raw in F.obj(data, "legs", problems).items():
            if not isinstance(raw, list):
                problems.append(f"{leg}: not a list")
                continue
            entries = []
            for item in raw:
                try:
                    entries.append(_entry(item))
                except F.Bad as exc:
                    problems.append(f"{leg}: {exc}")
            entries.sort(key=ScoreEntry.sort_key)  # stable: equal runs keep their order
            if len(entries) > TOP:
                problems.append(f"{leg}: more than {TOP} entries")
            if entries:
                out.tables[str(leg)] = entries[:TOP]
        return out, problems


def load_high_scores(store: storage.Store | None = None) -> HighScores:
    store = store or storage.default_store()
    return store.load(store.data_path(SCORES_FILE), SCORES_SCHEMA, HighScores.from_dict,
                      HighScores, serialise=HighScores.to_dict, migrations=SCORES_MIGRATIONS)


def save_high_scores(scores: HighScores, store: storage.Store | None = None) -> bool:
    store = store or storage.default_store()
    return store.save_json(store.data_path(SCORES_FILE), scores.to_dict())



# Schema n -> n + 1 converters (none yet: schema 1 is the first).
SCORES_MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _entry(raw: Any) -> ScoreEntry:
    if not isinstance(raw, Mapping):
        raise F.Bad("an entry is not an object")
    date = raw.get("date", "")
    if not isinstance(date, str):
        raise F.Bad("date must be text")
    name = raw.get("name", DEFAULT_NAME)
    if not isinstance(name, str):
        raise F.Bad("name must be text")
    score = F.whole(raw, "score", 0)
    if score <= 0:
        raise F.Bad("score must be above 0")
    return ScoreEntry(clean_name(name), score, F.whole(raw, "vials", 0),
                      F.number(raw, "seconds", 0.0) or 0.0, date[:10], F.flag(raw, "assisted", False))
