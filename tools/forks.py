#!/usr/bin/env python3
"""The forks of legs 3-8 measured: which branch each bot takes, and the vials a team loses
inside the fork's stretch on the short way and on the long way.

    python tools/forks.py [3 4 ...] [--seeds 1-20] [--workers 2]

Each fork (FORKS, tiles) has a stretch (x0..x1: the split to the join), a probe column where
the two branches lie apart (the branch a run took is the one nearer to where it crossed the
probe), and for each branch a rectangle that cuts it (and nothing else). A `forced` run closes
the other branch's rectangle to the driver: the autopilot gets a flow field with it walled off,
the human model is told to keep out of it (HumanBot(closed=...)); the ground is unchanged.
tests/test_forks.py asserts with this that the short way costs more than the long way.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from game.content.legs import LEGS  # noqa: E402
from game.headless.simulation import DEFAULT_MAX_SECONDS, make_bot  # noqa: E402
from game.sim import events as E  # noqa: E402
from game.sim import step  # noqa: E402
from game.sim import terrain as T  # noqa: E402
from game.sim.constants import TICK_HZ  # noqa: E402
from game.sim.human import HumanBot  # noqa: E402
from game.sim.nav_build import build_nav  # noqa: E402
from game.sim.world import World, create_world  # noqa: E402
from game.tiled.level import load_level  # noqa: E402

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 tiles, inclusive


@dataclass(frozen=True)
class Fork:
    """One fork: its stretch, the probe column, the branches' y there, what cuts each branch."""

    leg: int
    danger: str
    x0: int
    x1: int
    probe: int
    short_y: float
    long_y: float
    cut_short: Rect
    cut_long: Rect

    def branch(self, y: float) -> str:
        """The branch nearer to a row (tiles)."""
        return "short" if abs(y - self.short_y) <= abs(y - self.long_y) else "long"


FORKS: dict[int, Fork] = {f.leg: f for f in (
    Fork(3, "thin ice over the river", 213, 301, 258, 27, 47, (255, 0, 260, 40), (255, 41, 260, 63)),
    Fork(4, "a bear's den beside the trail", 214, 286, 250, 36, 52, (248, 26, 252, 44), (248, 45, 252, 60)),
    Fork(5, "a bank over a drop", 121, 233, 180, 30, 59, (178, 0, 182, 40), (178, 41, 182, 71)),
    Fork(6, "shore ice beside the open sea", 331, 490, 405, 27, 11.5, (336, 21, 466, 71), (403, 0, 407, 19)),
    Fork(7, "the cliff's edge", 188, 352, 270, 13, 5, (268, 9, 272, 16), (268, 0, 272, 8)),
    Fork(8, "thin ice at the creek mouth", 206, 282, 241, 24.5, 12, (238, 17, 244, 59), (238, 0, 244, 16)),
)}


@dataclass(frozen=True)
class ForkRun:
    """One run through a fork: the branch it took ('short', 'long' or '' if it never got
    there), vials lost inside the stretch and elsewhere, and whether it finished."""

    leg: int
    bot: str
    seed: int
    forced: str
    branch: str
    lost_here: int
    lost_elsewhere: int
    finished: bool


def _cells(rect: Rect, w: int, h: int) -> list[int]:
    x0, y0, x1, y1 = rect
    return [y * w + x for y in range(max(y0, 0), min(y1, h - 1) + 1) for x in range(max(x0, 0), min(x1, w - 1) + 1)]


def fork_run(leg: int, bot: str, seed: int, forced: str = "") -> ForkRun:
    """Run one bot through a leg (forced down `forced`, 'short' or 'long', if given)."""
    fork = FORKS[leg]
    level = load_level(LEGS[leg - 1].path)
    closed: list[int] = []
    if forced:
        closed = _cells(fork.cut_long if forced == "short" else fork.cut_short, level.width, level.height)
    world = create_world(level, seed)
    if closed and bot == "autopilot":
        grid = np.asarray(world.grid, dtype=np.uint8)
        grid.flat[closed] = T.CODE["rock"]
        world = create_world(level, seed, nav=build_nav(level, grid))
    driver = HumanBot(seed, closed=closed) if bot == "human" else make_bot(bot, seed)
    return _drive(world, driver, fork, bot, seed, forced)


def _drive(world: World, driver: object, fork: Fork, bot: str, seed: int, forced: str) -> ForkRun:
    ts = world.level.tile_size
    here = elsewhere = 0
    branch = ""
    last_x = world.team.x
    limit = int(DEFAULT_MAX_SECONDS * TICK_HZ)
    while not world.outcome and world.tick < limit:
        step(world, driver(world))  # type: ignore[operator]
        t = world.team
        if not branch and last_x < fork.probe * ts <= t.x:
            branch = fork.branch(t.y / ts)
        last_x = t.x
        for e in world.events:
            if isinstance(e, E.VialsLost):
                if fork.x0 * ts <= e.x <= fork.x1 * ts:
                    here += e.vials
                    branch = branch or fork.branch(e.y / ts)  # it never got past the danger
                else:
                    elsewhere += e.vials
    return ForkRun(fork.leg, bot, seed, forced, branch, here, elsewhere, world.outcome == "finished")


def _job(args: tuple[int, str, int, str]) -> ForkRun:
    return fork_run(*args)


def measure(legs: list[int], seeds: list[int], bots: tuple[str, ...] = ("autopilot", "human"),
            workers: int = 2, forced: tuple[str, ...] = ("", "short", "long")) -> list[ForkRun]:
    """Every fork with every bot on every seed: free runs, and runs forced down each branch."""
    jobs = [(leg, bot, s, f) for leg in legs for bot in bots for f in forced for s in seeds]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(_job, jobs, chunksize=4))
    return [_job(j) for j in jobs]


def per_run(runs: list[ForkRun], leg: int, bot: str, forced: str, branch: str | None = None) -> float:
    """Vials lost inside the stretch per run (of those on `branch` if given); nan if none."""
    mine = [r.lost_here for r in runs if r.leg == leg and r.bot == bot and r.forced == forced
            and (branch is None or r.branch == branch)]
    return statistics.fmean(mine) if mine else math.nan


def table(runs: list[ForkRun]) -> str:
    """A plain-text table: per fork and bot, the free runs' branches and losses, the forced ones."""
    out = ["leg  bot        free: short/long runs  lost per run (short, long)   forced: short  long   finished"]
    for leg in sorted({r.leg for r in runs}):
        for bot in sorted({r.bot for r in runs if r.leg == leg}):
            free = [r for r in runs if r.leg == leg and r.bot == bot and not r.forced]
            ns = sum(r.branch == "short" for r in free)
            nl = sum(r.branch == "long" for r in free)
            fin = sum(r.finished for r in runs if r.leg == leg and r.bot == bot)
            tot = sum(1 for r in runs if r.leg == leg and r.bot == bot)
            free_s, free_l = per_run(runs, leg, bot, "", "short"), per_run(runs, leg, bot, "", "long")
            forced_s, forced_l = per_run(runs, leg, bot, "short"), per_run(runs, leg, bot, "long")
            out.append(f"{leg:<4} {bot:<10} {ns:>5}/{nl:<5}              {free_s:5.2f} {free_l:5.2f}"
                       f"                  {forced_s:5.2f}  {forced_l:5.2f}  {fin}/{tot}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("legs", nargs="*", type=int)
    ap.add_argument("--seeds", default="1-20")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bots", default="autopilot,human")
    ap.add_argument("--free", action="store_true", help="free runs only")
    args = ap.parse_args(argv)
    a, _, b = args.seeds.partition("-")
    seeds = list(range(int(a), int(b or a) + 1))
    runs = measure(args.legs or sorted(FORKS), seeds, tuple(args.bots.split(",")), args.workers,
                   ("",) if args.free else ("", "short", "long"))
    print(table(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
