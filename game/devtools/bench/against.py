"""`balto bench --against REV`: the same measurements on another git revision and on this
tree, alternately, side by side with the ratio, so a change's speed-up is measured on the
same noisy machine in the same minutes.

REV is checked out into a temporary `git worktree` (removed afterwards) and measured by its
own `python main.py bench --json` in a subprocess, with that tree first on sys.path; this
tree is measured the same way. Rounds alternate which goes first; each figure is the median
over the rounds.

The tick figures of issue #13 (ticks/s without a bot, the autopilot's own µs per tick) are
taken on both trees by this tree's probe (`game/devtools/bench_sim.py --ticks`, run with the
other tree's `game` package first on the path, on this tree's hardest leg), so a revision
whose bench predates them is still measured, and their targets are judged as ratios.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game import resources
from game.devtools import bench_sim


class AgainstError(Exception):
    """Why a revision cannot be measured (not a git checkout, an unknown revision, a bench
    that failed): one line for the user."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise AgainstError("git is not installed: --against needs a git checkout of the game") from None


def checkout_root(root: Path = resources.IMPORT_ROOT) -> Path:
    """The git checkout this game runs from, or AgainstError (an installed wheel has none)."""
    p = _git(root, "rev-parse", "--show-toplevel")
    top = Path(p.stdout.strip()) if p.returncode == 0 else None
    if top is None or not (top / "main.py").is_file() or top.resolve() != root.resolve():
        raise AgainstError(f"--against needs the game run from a git checkout (this one runs from {root}, "
                           "which is not one: an installed wheel?)")
    return top


def resolve(root: Path, rev: str) -> str:
    """The full commit hash of REV, or AgainstError naming it."""
    p = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if p.returncode != 0 or not p.stdout.strip():
        raise AgainstError(f"--against: no such revision in {root}: {rev!r}")
    return p.stdout.strip()


def _bench(tree: Path, args: Sequence[str]) -> dict[str, Any]:
    """One `python main.py bench --json ARGS` run in `tree`, its own code first on sys.path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
               SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    p = subprocess.run([sys.executable, "main.py", "bench", "--json", *args], cwd=tree, env=env,
                       capture_output=True, text=True, timeout=3600)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        raise AgainstError(f"the bench failed in {tree} (exit {p.returncode}: {tail})")
    rep: dict[str, Any] = json.loads(lines[-1])
    return rep


def _probe(tree: Path, quick: bool) -> dict[str, Any]:
    """The tick figures of `tree`'s code, measured by this tree's probe on this tree's
    hardest leg (the same map and the same measurement for both revisions)."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYGAME_HIDE_SUPPORT_PROMPT="1")
    leg = resources.LEVELS / bench_sim.HARDEST
    probe = str(Path(bench_sim.__file__).resolve())
    cmd = [sys.executable, probe, "--ticks", *(["--quick"] if quick else []), str(leg)]
    p = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=3600)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        raise AgainstError(f"the tick probe failed in {tree} (exit {p.returncode}: {tail})")
    got: dict[str, Any] = json.loads(lines[-1])["ticks"]
    return got


def sim_targets(figs: dict[str, dict[str, float | None]]) -> list[dict[str, Any]]:
    """The tick targets as ratios of this tree's medians to the base's."""
    def side(which: str) -> dict[str, Any]:
        names = ("ticks_per_second_no_bot", "autopilot_us_per_tick")
        got = {n: figs.get(f"tick_probe.{n}", {}).get(which) for n in names}
        return {"ticks": got} if all(v is not None for v in got.values()) else {}

    return [t for t in bench_sim.check_sim_targets(side("this"), side("base"))
            if t["name"].endswith("_vs_baseline")]


def figures(rep: dict[str, Any]) -> dict[str, float]:
    """Every number of a report by a flat name (`render.p50_640_ms`, `load.<leg>.ratio`),
    leaving out the machine and the targets."""
    out: dict[str, float] = {}

    def walk(prefix: str, v: Any) -> None:
        if isinstance(v, bool):
            return
        if isinstance(v, (int, float)):
            out[prefix] = float(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(f"{prefix}.{k}" if prefix else str(k), x)
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, dict) and "level" in x:
                    walk(f"{prefix}.{Path(str(x['level'])).stem}", {k: y for k, y in x.items() if k != "level"})

    walk("", {k: v for k, v in rep.items() if k not in ("machine", "targets", "quick", "seconds")})
    for t in rep.get("targets", []):
        if t.get("measured") is not None:
            out[f"target.{t['name']}"] = float(t["measured"])
    return out


def compare(base: Sequence[dict[str, Any]], this: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Each figure's median over the rounds for both revisions and the ratio this / base."""
    fb = [figures(r) for r in base]
    ft = [figures(r) for r in this]
    names = [n for n in ft[0] if any(n in f for f in fb)] if ft else []
    out: dict[str, dict[str, float | None]] = {}
    for n in names:
        b = statistics.median(f[n] for f in fb if n in f)
        t = statistics.median(f[n] for f in ft if n in f)
        out[n] = {"base": round(b, 4), "this": round(t, 4), "ratio": round(t / b, 3) if b else None}
    return out


def run_against(rev: str, args: Sequence[str], rounds: int = 2,
                log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Measure REV and this tree, alternately, `rounds` times each; the temporary worktree is
    removed whatever happens."""
    say = log or (lambda s: None)
    root = checkout_root()
    commit = resolve(root, rev)
    here = _git(root, "rev-parse", "HEAD").stdout.strip()
    dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=no").stdout.strip())
    scratch = Path(tempfile.mkdtemp(prefix="balto-against-"))
    tree = scratch / "tree"
    base: list[dict[str, Any]] = []
    this: list[dict[str, Any]] = []
    try:
        p = _git(root, "worktree", "add", "--detach", "--force", str(tree), commit)
        if p.returncode != 0:
            raise AgainstError(f"--against: could not check out {rev} ({p.stderr.strip().splitlines()[-1:]})")
        for k in range(max(1, rounds)):
            order = [("base", tree), ("this", root)] if k % 2 == 0 else [("this", root), ("base", tree)]
            for name, where in order:
                say(f"round {k + 1}/{rounds}: {rev if name == 'base' else 'this tree'} ...")
                rep = _bench(where, args)
                rep["tick_probe"] = _probe(where, "--quick" in args)
                (base if name == "base" else this).append(rep)
    finally:
        _git(root, "worktree", "remove", "--force", str(tree))  # only ours: never a prune of others'
        if scratch.exists():
            for q in sorted(scratch.rglob("*"), reverse=True):
                q.unlink() if q.is_file() or q.is_symlink() else q.rmdir()
            scratch.rmdir()
    figs = compare(base, this)
    return {"against": rev, "base_commit": commit, "this_commit": here, "this_dirty": dirty, "rounds": len(this),
            "figures": figs, "targets": sim_targets(figs), "base": base, "this": this}


def format_against(rep: dict[str, Any]) -> str:
    """Each figure for both revisions with the ratio, the targets first."""
    lines = [f"--against {rep['against']} ({rep['base_commit'][:10]}) vs this tree ({rep['this_commit'][:10]}"
             f"{', with uncommitted changes' if rep['this_dirty'] else ''}); median of {rep['rounds']} "
             "alternating rounds; ratio = this / base"]
    figs = rep["figures"]
    width = max((len(n) for n in figs), default=10)
    order = sorted(figs, key=lambda n: (not n.startswith("target."), n))
    lines.append(f"  {'figure':<{width}}  {'base':>12}  {'this':>12}  ratio")
    for n in order:
        f = figs[n]
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.3f}"
        lines.append(f"  {n:<{width}}  {f['base']:>12g}  {f['this']:>12g}  {ratio}")
    if rep.get("targets"):
        lines.append("targets measured against the base (this / base):")
        for t in rep["targets"]:
            verdict = "n/a" if t["ok"] is None else "ok" if t["ok"] else "MISS"
            sign = ">=" if t["kind"] == "min" else "<="
            lines.append(f"  {t['name']:<28} {t['measured']}  (target {sign} {t['target']})  {verdict}")
    return "\n".join(lines)
