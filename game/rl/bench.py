"""Throughput of the Gymnasium env, for `balto bench` (issue #14).

It lives in game.rl, not game.devtools: only game.rl may import gymnasium, even indirectly
(an import-linter contract), and these measure gymnasium envs. The CLI layer (above both) can
call `run_rl` next to `game.devtools.bench.run_all` and print `format_rl`.

Measured, all on one leg with the same seeded random agent (mush held, steer and brake random):
- env steps per second of one `SerumRunEnv` at frame_skip 1 and 4;
- the batched vector env with 16 worlds: batch steps and world steps per second;
- the cost of the observation and the reward, on every leg: one env step at frame_skip 4 against
  the four bare `Simulation.step` ticks it covers, the same ticks (one seed played bare and
  through the env in lock-step), each action timed both ways back to back, pairs disturbed by
  other processes dropped. Target: at most 50 % extra on the worst leg (`balto bench` lists it
  with its other targets: game.devtools.bench.report, "rl_overhead_frame_skip_4").
Resets are not timed. `info` carries no per-step digest here (`digest_every_step=False`, the
way to train); the digest's own cost is reported beside.
"""
from __future__ import annotations

import gc
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.headless.simulation import Simulation
from game.resources import legs as shipped_legs
from game.rl.env import SerumRunEnv, controls_from_box, load_leg
from game.rl.vector import BatchedSerumRunEnv
from game.sim.leveldata import Level

__all__ = ["bench_env", "bench_overhead", "bench_batched", "run_rl", "format_rl", "OVERHEAD_TARGET"]

OVERHEAD_TARGET = 0.5  # observation + reward: at most 50 % on top of the ticks they cover
_ACTIONS = 2048


def _agent(n: int = _ACTIONS, seed: int = 0) -> np.ndarray:
    """(n, 4) box actions of a seeded random agent that holds mush (so the team travels)."""
    acts = np.random.default_rng(seed).uniform(-1, 1, size=(n, 4))
    acts[:, 1] = 1.0
    acts[:, 3] = -1.0
    return acts


def _timed_env_block(env: SerumRunEnv, acts: np.ndarray, start: int, steps: int) -> tuple[float, int]:
    """Seconds for `steps` env steps (resets not counted), and the next action's index."""
    spent = 0.0
    perf = time.perf_counter
    i = start
    for _ in range(steps):
        t = perf()
        _, _, terminated, truncated, _ = env.step(acts[i % len(acts)])
        spent += perf() - t
        i += 1
        if terminated or truncated:
            env.reset(seed=i)
    return spent, i


def bench_env(level: Level, frame_skip: int, seconds: float, blocks: int = 5) -> dict[str, Any]:
    """Env steps (and game ticks) per second of one env: the best of `blocks` blocks."""
    env = SerumRunEnv(leg=level, frame_skip=frame_skip, digest_every_step=False)
    env.reset(seed=1)
    acts = _agent()
    _, i = _timed_env_block(env, acts, 0, 50)  # warm-up
    rates = []
    gc.collect()
    for _ in range(blocks):
        steps, spent = 0, 0.0
        while spent < seconds / blocks:
            dt, i = _timed_env_block(env, acts, i, 100)
            spent += dt
            steps += 100
        rates.append(steps / spent)
    best = max(rates)
    return {"frame_skip": frame_skip, "steps_per_second": round(best),
            "ticks_per_second": round(best * frame_skip)}


def bench_overhead(level: Level, seconds: float, frame_skip: int = 4, rounds: int = 6) -> dict[str, Any]:
    """One env step against its `frame_skip` bare Simulation.step ticks. Each round plays one
    seed twice in lock-step, a bare Simulation and the env, with the same actions (so the very
    same ticks: the rules are deterministic), timing the bare ticks and the env step of each
    action back to back. Pairs where either side took over twice its median (another process
    got the core) are dropped; the rest are summed. The difference is what the observation,
    the reward and the action's conversion cost."""
    acts = _agent()
    controls = [controls_from_box(a) for a in acts]
    env = SerumRunEnv(leg=level, frame_skip=frame_skip, digest_every_step=False)
    env.reset(seed=1)
    nav = env.world.nav
    perf = time.perf_counter
    steps = max(25, int(seconds / rounds / 2 * 5000 / frame_skip))  # about `seconds` in all
    _timed_env_block(env, acts, 0, 50)  # warm-up
    bare: list[float] = []
    stepped: list[float] = []
    digest_best = float("inf")
    gc.collect()
    for r in range(rounds):
        sim = Simulation(level, r + 1, nav=nav)
        env.reset(seed=r + 1)
        for k in range(steps):
            i = (r * steps + k) % len(acts)
            c, a = controls[i], acts[i]
            t0 = perf()
            for _ in range(frame_skip):
                sim.step(c)
            t1 = perf()
            env.step(a)
            t2 = perf()
            bare.append(t1 - t0)
            stepped.append(t2 - t1)
            if sim.done:
                break
        if env.world.tick != sim.tick:
            raise RuntimeError("the env and the bare loop played different ticks")
        t = perf()
        for _ in range(50):
            sim.digest()
        digest_best = min(digest_best, (perf() - t) / 50)
    b, e = np.array(bare), np.array(stepped)
    calm = (b <= 2 * np.median(b)) & (e <= 2 * np.median(e))
    tick = float(b[calm].sum()) / int(calm.sum()) / frame_skip
    step = float(e[calm].sum()) / int(calm.sum())
    extra = step / (tick * frame_skip) - 1.0
    return {
        "frame_skip": frame_skip, "bare_ticks_per_second": round(1.0 / tick),
        "env_steps_per_second": round(1.0 / step), "tick_us": round(tick * 1e6, 2),
        "env_step_us": round(step * 1e6, 2), "extra": round(extra, 3),
        "pairs": len(b), "pairs_kept": int(calm.sum()),
        "digest_us": round(digest_best * 1e6, 2), "target": OVERHEAD_TARGET,
        "met": extra <= OVERHEAD_TARGET,
    }


def bench_batched(level: Level, seconds: float, num_envs: int = 16, frame_skip: int = 4,
                  blocks: int = 5) -> dict[str, Any]:
    """The native batched env: batch steps and world steps per second (autoresets included),
    the best of `blocks` blocks."""
    env = BatchedSerumRunEnv(num_envs=num_envs, leg=level, frame_skip=frame_skip, digest_every_step=False)
    env.reset(seed=1)
    acts = _agent(_ACTIONS // 8 * num_envs).reshape(-1, num_envs, 4)
    for k in range(5):  # warm-up
        env.step(acts[k])
    gc.collect()
    rates, n = [], 0
    for _ in range(blocks):  # the best block, as bench_env
        start, done = time.perf_counter(), 0
        while time.perf_counter() - start < seconds / blocks:
            env.step(acts[n % len(acts)])
            n += 1
            done += 1
        rates.append(done / (time.perf_counter() - start))
    best = max(rates)
    return {"num_envs": num_envs, "frame_skip": frame_skip, "batch_steps_per_second": round(best),
            "world_steps_per_second": round(best * num_envs)}


def run_rl(quick: bool = False, leg: int | str | Level = 1,
           legs: Sequence[int | str | os.PathLike[str] | Level] | None = None) -> dict[str, Any]:
    """Every measurement above: the throughputs on `leg`, the observation's cost on each of
    `legs` (default every shipped leg; the worst is the figure the target judges). `quick`
    takes short samples (proves it works)."""
    level = load_leg(leg)
    secs = 0.5 if quick else 4.0
    every = [load_leg(x) for x in (legs if legs is not None else shipped_legs())]
    by_leg = []
    for lvl in every:
        o = bench_overhead(lvl, 0.6 if quick else 2.0)
        by_leg.append({"level": str(lvl.path), **o})
    return {
        "level": str(level.path),
        "single": [bench_env(level, fs, secs) for fs in (1, 4)],
        "batched": bench_batched(level, secs),
        "overhead": max(by_leg, key=lambda o: o["extra"]),
        "overhead_by_leg": by_leg,
    }


def format_rl(rep: dict[str, Any]) -> str:
    """The report as lines of text."""
    lines = [f"Gymnasium env ({rep['level']}, random agent, no per-step digest):"]
    for s in rep["single"]:
        lines.append(f"  single env, frame_skip {s['frame_skip']}: {s['steps_per_second']:,} steps/s "
                     f"({s['ticks_per_second']:,} ticks/s)")
    b = rep["batched"]
    lines.append(f"  batched env, {b['num_envs']} worlds, frame_skip {b['frame_skip']}: "
                 f"{b['batch_steps_per_second']:,} batch steps/s = {b['world_steps_per_second']:,} world steps/s")
    o = rep["overhead"]
    verdict = "met" if o["met"] else "NOT met"
    lines.append(f"  observation + reward at frame_skip {o['frame_skip']}, the worst leg ({o['level']}): "
                 f"+{o['extra']:.0%} over the {o['frame_skip']} bare ticks (target at most +{o['target']:.0%}: "
                 f"{verdict}); a digest costs {o['digest_us']} us")
    for x in rep.get("overhead_by_leg", []):
        lines.append(f"    {Path(x['level']).stem}: +{x['extra']:.1%} ({x['env_step_us']} us a step, "
                     f"{x['tick_us']} us a tick)")
    return "\n".join(lines)
