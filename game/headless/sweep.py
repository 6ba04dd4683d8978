"""Sweeps: many seeds of one or more levels, run in parallel, summarised per level.

    report = sweep(["levels/01_nenana_tolovana.tmx"], range(1, 1001), bot="autopilot", workers=2)
    for s in report.levels:
        print(s.title, s.finish_rate, s.vials_mean, s.losses)

The work is written against `concurrent.futures.Executor`: by default a ProcessPoolExecutor
with `workers` processes (or no pool at all for workers=1), but any executor whose `submit`
returns concurrent.futures.Future objects works, e.g. a Dask cluster's
`distributed.Client(...).get_executor()`. Workers receive the loaded Level (no level files are
needed where they run) and chunks of seeds, and return RunResults.
"""
from __future__ import annotations

import concurrent.futures as cf
import csv
import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from game.headless.simulation import BOT_NAMES, TICK_HZ, Simulation, make_bot
from game.sim import Level
from game.sim import events as E
from game.sim.causes import CAUSES
from game.sim.human import reaction_ticks
from game.sim.navigation import NavField
from game.sim.scoring import RunResult
from game.tiled.level import load_level

Progress = Callable[[int, int], None]  # (runs done, runs in all)
MAX_CHUNK = 25


# -- seeds ------------------------------------------------------------------------------------

def parse_seeds(text: str) -> list[int]:
    """Seeds from `1-1000`, `7`, or a comma list of both (`1-10,42`); raises ValueError."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise ValueError(f"empty seed in {text!r}")
        a, dash, b = part.partition("-")
        try:
            lo = int(a)
            hi = int(b) if dash else lo
        except ValueError:
            raise ValueError(f"{part!r} is not a seed or a range like 1-1000") from None
        if lo < 0:
            raise ValueError(f"seeds are whole numbers >= 0, got {part!r}")
        if hi < lo:
            raise ValueError(f"seed range {part} runs backwards; write {hi}-{lo}")
        if hi - lo >= 10_000_000:
            raise ValueError(f"seed range {part} is too long (at most 10,000,000 seeds)")
        seeds.extend(range(lo, hi + 1))
    return seeds


def seeds_label(seeds: Sequence[int]) -> str:
    """`1-1000` for a contiguous run, else the count."""
    if not seeds:
        return "none"
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return str(seeds[0]) if len(seeds) == 1 else f"{seeds[0]}-{seeds[-1]}"
    return f"{len(seeds)} seeds"


# -- the work a worker does -------------------------------------------------------------------

_NAVS: dict[tuple[str, str, int], NavField] = {}
LossRow = tuple[float, float, str, int]  # where vials broke: x, y, cause, vials


def _simulation(level: Level) -> Simulation:
    """A Simulation of `level` for one chunk of seeds: each run a `reset` (under 1 ms). The flow
    field is built once per process and shared (it never changes); the Simulation is not, so
    a thread pool's workers never reset each other's runs."""
    key = (level.path, level.source_hash, id(level) if not level.source_hash else 0)
    nav = _NAVS.get(key)
    sim = Simulation(level, 0, nav=nav)
    if nav is None:
        if len(_NAVS) > 16:
            _NAVS.clear()
        _NAVS[key] = sim.nav
    return sim


def run_chunk(level: Level, seeds: Sequence[int], bot: str, max_seconds: float,
              reaction_ms: float = 200) -> list[RunResult]:
    """Run one level on some seeds (in a worker); the flow field is built once per process."""
    sim = _simulation(level)
    out = []
    for seed in seeds:
        sim.reset(seed)
        out.append(sim.run(make_bot(bot, seed, reaction_ms=reaction_ms), max_seconds, bot))
    return out


def run_chunk_losses(level: Level, seeds: Sequence[int], bot: str, max_seconds: float,
                     reaction_ms: float = 200) -> list[tuple[RunResult, list[LossRow]]]:
    """Like run_chunk, with every vial lost in each run (for `balto heatmap`)."""
    sim = _simulation(level)
    max_ticks = int(round(max_seconds * TICK_HZ))
    out = []
    for seed in seeds:
        world = sim.reset(seed)
        drive = make_bot(bot, seed, reaction_ms=reaction_ms)
        losses: list[LossRow] = []
        while not world.outcome and world.tick < max_ticks:
            for ev in sim.step(drive(world)):
                if isinstance(ev, E.VialsLost):
                    losses.append((ev.x, ev.y, ev.cause, ev.vials))
        out.append((sim.result(bot), losses))
    return out


def loss_runs(level: Level, seeds: Sequence[int], bot: str = "autopilot", workers: int | None = None,
              max_seconds: float = 600.0, progress: Progress | None = None,
              reaction_ms: float = 200) -> list[tuple[RunResult, list[LossRow]]]:
    """Every seed's result and losses, in seed order, over `workers` processes (default:
    the CPU count; 1 runs in this process), reporting progress like `sweep`."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    n_workers = workers or os.cpu_count() or 1
    rows = _map_chunks(run_chunk_losses, [level], list(seeds), (bot, max_seconds, reaction_ms),
                       n_workers, None, progress)[0]
    rows.sort(key=lambda r: r[0].seed)
    return rows


def _map_chunks(work: Callable[..., list[Any]], lvls: Sequence[Level], seeds: Sequence[int],
                args: tuple[Any, ...], n_workers: int, executor: cf.Executor | None,
                progress: Progress | None) -> list[list[Any]]:
    """`work(level, chunk, *args)` over every level and chunk of seeds, in this process or on
    an executor (the default: a process pool of n_workers); one list of rows per level."""
    size = chunk_size(len(seeds), n_workers)
    jobs = [(i, chunk) for i in range(len(lvls)) for chunk in _chunks(seeds, size)]
    total = len(lvls) * len(seeds)
    by_level: list[list[Any]] = [[] for _ in lvls]
    done = 0
    if progress:
        progress(0, total)

    def collect(i: int, rows: list[Any]) -> None:
        nonlocal done
        by_level[i].extend(rows)
        done += len(rows)
        if progress:
            progress(done, total)

    if executor is None and n_workers == 1:
        for i, chunk in jobs:
            collect(i, work(lvls[i], chunk, *args))
        return by_level
    own = executor is None
    ex = executor if executor is not None else cf.ProcessPoolExecutor(max_workers=n_workers)
    futures: dict[cf.Future[list[Any]], int] = {}
    try:
        for i, chunk in jobs:
            futures[ex.submit(work, lvls[i], chunk, *args)] = i
        for fut in cf.as_completed(futures):
            collect(futures[fut], fut.result())
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    finally:
        if own:
            ex.shutdown(wait=True, cancel_futures=True)
    return by_level


# -- summaries --------------------------------------------------------------------------------

@dataclass
class LevelSummary:
    """One level's runs, summarised: what `sweep` prints as a table."""

    level: str
    title: str
    bot: str
    runs: int
    outcomes: dict[str, int]
    finish_rate: float
    vials_start: int
    vials_mean: float
    vials_min: int
    seconds_mean: float  # finished runs only (nan when none finished)
    seconds_min: float
    seconds_max: float
    score_mean: float
    losses: dict[str, int]  # vials lost by cause, all runs together
    unfinished_seeds: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def num(v: float) -> float | None:
            return None if math.isnan(v) else round(v, 4)

        return {
            "level": self.level, "title": self.title, "bot": self.bot, "runs": self.runs,
            "outcomes": dict(sorted(self.outcomes.items())), "finish_rate": round(self.finish_rate, 4),
            "vials_start": self.vials_start, "vials_mean": round(self.vials_mean, 4),
            "vials_min": self.vials_min, "seconds_mean": num(self.seconds_mean),
            "seconds_min": num(self.seconds_min), "seconds_max": num(self.seconds_max),
            "score_mean": round(self.score_mean, 2), "losses": dict(sorted(self.losses.items())),
            "losses_per_run": {k: round(v / max(self.runs, 1), 4) for k, v in sorted(self.losses.items())},
            "unfinished_seeds": self.unfinished_seeds,
        }


def summarise(results: Sequence[RunResult], level: str = "", title: str = "", bot: str = "") -> LevelSummary:
    """The summary of one level's results."""
    n = len(results)
    outcomes: dict[str, int] = {}
    losses: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
        for k, v in r.losses.items():
            losses[k] = losses.get(k, 0) + v
    fin = [r.seconds for r in results if r.finished]
    first = results[0] if results else None
    return LevelSummary(
        level=level or (first.level if first else ""), title=title or (first.title if first else ""),
        bot=bot or (first.bot if first else ""), runs=n, outcomes=outcomes,
        finish_rate=outcomes.get("finished", 0) / n if n else 0.0,
        vials_start=first.vials_start if first else 0,
        vials_mean=sum(r.vials for r in results) / n if n else 0.0,
        vials_min=min((r.vials for r in results), default=0),
        seconds_mean=sum(fin) / len(fin) if fin else math.nan,
        seconds_min=min(fin) if fin else math.nan, seconds_max=max(fin) if fin else math.nan,
        score_mean=sum(r.score for r in results) / n if n else 0.0,
        losses=losses, unfinished_seeds=sorted(r.seed for r in results if not r.finished),
    )


@dataclass
class SweepReport:
    """Every run of a sweep and the per-level summaries, in the order the levels were given."""

    bot: str
    seeds: list[int]
    workers: int
    wall_seconds: float
    levels: list[LevelSummary]
    results: list[RunResult]  # by level, then seed

    def as_dict(self) -> dict[str, Any]:
        return {"bot": self.bot, "seeds": seeds_label(self.seeds), "seed_list": list(self.seeds),
                "runs": len(self.results),
                "workers": self.workers, "wall_seconds": round(self.wall_seconds, 3),
                "levels": [s.as_dict() for s in self.levels]}


# -- the sweep --------------------------------------------------------------------------------

def _chunks(seeds: Sequence[int], size: int) -> Iterable[tuple[int, ...]]:
    for i in range(0, len(seeds), size):
        yield tuple(seeds[i:i + size])


def chunk_size(n_seeds: int, workers: int) -> int:
    """Seeds per task: about four tasks per worker per level, at most MAX_CHUNK (for progress)."""
    return max(1, min(MAX_CHUNK, math.ceil(n_seeds / max(1, workers * 4))))


def executor_workers(ex: cf.Executor) -> int | None:
    """How many workers an executor has, when it can tell: a Dask `ClientExecutor` (or
    `Client`) counts its cluster's workers; a process or thread pool its `max_workers`."""
    client = getattr(ex, "_client", ex)
    nthreads = getattr(client, "nthreads", None)
    if callable(nthreads):
        try:
            n = len(nthreads())
        except Exception:  # a cluster that cannot answer: say nothing rather than fail the sweep
            return None
        return n or None
    most = getattr(ex, "_max_workers", None)
    return most if isinstance(most, int) and most > 0 else None


def sweep(levels: Sequence[Level | str | os.PathLike[str]], seeds: Sequence[int], bot: str = "autopilot",
          workers: int | None = None, executor: cf.Executor | None = None,
          max_seconds: float = 600.0, progress: Progress | None = None,
          names: Sequence[str] | None = None, reaction_ms: float = 200) -> SweepReport:
    """Run every level on every seed with a named bot; see the module docstring for executors.

    workers: processes of the default pool (default: the CPU count; 1 runs in this process).
    With an executor, the report's workers is what the executor says (a Dask cluster's worker
    count), else `workers`. names: how the report names each level (default: its path as the
    loader shows it), e.g. the paths as the user typed them. reaction_ms: the human model's
    reaction time (0..1000 ms).
    Raises LevelError for a bad level before any work starts.
    """
    if bot not in BOT_NAMES or bot == "script":
        raise ValueError(f"sweeps drive with autopilot, none, random or human, not {bot!r}")
    reaction_ticks(reaction_ms)  # a bad reaction time: ValueError before any work
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    seeds = list(seeds)
    lvls = [lv if isinstance(lv, Level) else load_level(Path(lv)) for lv in levels]
    if names is not None and len(names) != len(lvls):
        raise ValueError(f"names: {len(names)} for {len(lvls)} levels")
    n_workers = workers or os.cpu_count() or 1
    start = time.perf_counter()
    by_level: list[list[RunResult]] = _map_chunks(run_chunk, lvls, seeds, (bot, max_seconds, reaction_ms),
                                                  n_workers, executor, progress)
    wall = time.perf_counter() - start
    results: list[RunResult] = []
    summaries = []
    for i, (lv, rows) in enumerate(zip(lvls, by_level)):
        rows.sort(key=lambda r: r.seed)
        if names is not None:
            rows = [replace(r, level=names[i]) for r in rows]
        results.extend(rows)
        summaries.append(summarise(rows, names[i] if names is not None else lv.path, lv.title, bot))
    if executor is not None:
        n_workers = executor_workers(executor) or n_workers
    return SweepReport(bot, seeds, n_workers, wall, summaries, results)


# -- output -----------------------------------------------------------------------------------

def format_table(s: LevelSummary, seeds: str = "") -> str:
    """One level's summary as a small text table."""
    o = s.outcomes
    fin = o.get("finished", 0)
    others = "   ".join(f"{k} {v}" for k, v in sorted(o.items()) if k != "finished")
    lines = [f"{s.title} ({s.level}): {s.bot}, seeds {seeds or '?'}, {s.runs} runs",
             f"  finished  {fin}/{s.runs} ({s.finish_rate * 100:.1f} %)" + (f"   {others}" if others else "")]
    lines.append(f"  vials     mean {s.vials_mean:.2f}   min {s.vials_min}   (of {s.vials_start})")
    if math.isnan(s.seconds_mean):
        lines.append("  time      no run finished")
    else:
        lines.append(f"  time      mean {s.seconds_mean:.1f} s   min {s.seconds_min:.1f} s   "
                     f"max {s.seconds_max:.1f} s   (finished runs)")
    lines.append(f"  score     mean {s.score_mean:.0f}")
    if s.losses:
        parts = [f"{k} {v} ({v / max(s.runs, 1):.2f}/run)" for k, v in sorted(s.losses.items(), key=lambda kv: -kv[1])]
        lines.append("  losses    " + ", ".join(parts))
    else:
        lines.append("  losses    none")
    if s.unfinished_seeds:
        shown = s.unfinished_seeds[:12]
        more = f" and {len(s.unfinished_seeds) - len(shown)} more" if len(s.unfinished_seeds) > len(shown) else ""
        lines.append("  unfinished seeds " + ", ".join(map(str, shown)) + more)
    return "\n".join(lines)


def write_csv(report: SweepReport, out: str | os.PathLike[str] | TextIO) -> None:
    """One row per run: level, seed, outcome, ticks, seconds, vials, score, stars, digest and a
    `loss_<cause>` column for every loss cause the game has (game.sim.causes, in its order;
    0 when none), so every sweep has the same columns. `out` is a path or an open text stream."""
    if not isinstance(out, (str, os.PathLike)):
        _write_rows(report, out)
        return
    with open(out, "w", newline="", encoding="utf-8") as f:
        _write_rows(report, f)


def _write_rows(report: SweepReport, stream: TextIO) -> None:
    causes = list(CAUSES)
    w = csv.writer(stream)
    w.writerow(["level", "title", "seed", "bot", "outcome", "ticks", "seconds", "vials_start",
                "vials", "score", "stars", "digest", *(f"loss_{c}" for c in causes)])
    for r in report.results:
        w.writerow([r.level, r.title, r.seed, r.bot, r.outcome, r.ticks, r.seconds, r.vials_start,
                    r.vials, r.score, r.stars, r.digest, *(r.losses.get(c, 0) for c in causes)])


class ProgressBar:
    """A progress bar on a terminal (redrawn in place), plain lines every 10 % otherwise."""

    def __init__(self, stream: Any, tty: bool | None = None, width: int = 30, label: str = "sweep") -> None:
        self.stream = stream
        self.label = label
        self.tty = bool(tty if tty is not None else getattr(stream, "isatty", lambda: False)())
        self.width = width
        self.start = time.perf_counter()
        self.last_step = -1
        self.last_draw = 0.0

    def __call__(self, done: int, total: int) -> None:
        frac = done / total if total else 1.0
        elapsed = time.perf_counter() - self.start
        if self.tty:
            now = time.perf_counter()
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            fill = int(frac * self.width)
            eta = f"  eta {elapsed / frac - elapsed:.0f} s" if 0 < frac < 1 else ""
            self.stream.write(f"\r[{'#' * fill}{'.' * (self.width - fill)}] {done}/{total} runs "
                              f"{frac * 100:3.0f} %  {elapsed:.1f} s{eta}   ")
            if done >= total:
                self.stream.write("\n")
        else:
            step = int(frac * 10)
            if step == self.last_step:
                return
            self.last_step = step
            self.stream.write(f"{self.label}: {done}/{total} runs ({frac * 100:.0f} %) {elapsed:.1f} s\n")
        self.stream.flush()
