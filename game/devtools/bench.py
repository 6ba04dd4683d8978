"""`balto bench`: how fast the game is on this machine, in one run, against what a developer
would otherwise use. Benchmarks are never timed tests; see docs/performance.md.

Measured: headless ticks/s on every leg (autopilot); frame render time p50/p99 (world,
entities, a full blizzard, HUD) at 640x360 and scaled to the 1280x720 window; the same views
drawn by pyscroll's BufferedRenderer (tile layers only); level load time against a bare
pytmx parse; process start to the first title frame; peak RSS while playing the largest leg.

Each measurement warms up first and takes many samples; the machine's load average is
reported, since a busy machine makes every figure slower and noisier.
"""
from __future__ import annotations

import dataclasses
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from game import resources

LEVELS = resources.LEVELS
LOGICAL = (640, 360)
WINDOW = (1280, 720)
SIM_BLOCKS = 3  # the simulation is timed in blocks; the best one is reported
RSS_MAX_TICKS = 20_000  # the memory probe plays at most this much of the leg (5.5 game minutes)

# name -> (target, "max" | "min"): a figure must stay at or under (max) / at or over (min) it.
TARGETS: dict[str, tuple[float, str]] = {
    "sim_ticks_per_second_hardest": (20_000.0, "min"),
    "render_640_p50_ms": (1.5, "max"),
    "render_640_p99_ms": (3.0, "max"),
    "render_vs_pyscroll": (1.0, "max"),
    "load_vs_bare_parse": (1.5, "max"),
    "first_title_frame_s": (1.0, "max"),
    "peak_rss_mb": (200.0, "max"),
}


@dataclasses.dataclass(frozen=True)
class Plan:
    """How long each part runs: `quick` (CI: proves it works) or the full measurement."""

    sim_seconds: float
    render_warmup: int
    render_frames: int
    load_repeats: int
    title_repeats: int
    rss_ticks: int  # 0 = the whole leg

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(sim_seconds=0.3, render_warmup=30, render_frames=120, load_repeats=2,
                       title_repeats=1, rss_ticks=600)
        return cls(sim_seconds=3.0, render_warmup=180, render_frames=1500, load_repeats=9,
                   title_repeats=5, rss_ticks=0)


def legs(directory: Path = LEVELS) -> list[Path]:
    """Every leg: levels/*.tmx in order."""
    return sorted(directory.glob("*.tmx"))


def _pct(samples: Sequence[float], q: float) -> float:
    s = sorted(samples)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))
    return s[k]


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- the machine ------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import numpy

    cpu = platform.processor() or platform.machine()
    mem_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        load = [round(v, 2) for v in os.getloadavg()]
    except (OSError, AttributeError):
        load = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib, "os": platform.platform(),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "pygame_ce": package_version("pygame-ce") or "?", "pyscroll": package_version("pyscroll"),
            "load_average": load}


def package_version(dist: str) -> str | None:
    """The installed version of a distribution (`pyscroll`), or None when it is not installed."""
    try:
        return importlib.metadata.version(dist)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


# -- headless simulation ----------------------------------------------------------------------

def bench_sim(paths: Sequence[Path], seconds: float) -> list[dict[str, Any]]:
    """Ticks per second with the autopilot on each leg, restarting runs that end: the best of
    SIM_BLOCKS equal blocks (and the mean over all of them)."""
    from game.sim import create_world, step
    from game.sim.bots import autopilot
    from game.tiled.level import load_level

    out = []
    for path in paths:
        level = load_level(path)
        world = create_world(level, 1)
        nav = world.nav
        for _ in range(300):  # warm-up
            step(world, autopilot(world))
        world = create_world(level, 1, nav=nav)
        ticks = runs = 0
        rates = []
        gc.collect()
        start = time.perf_counter()
        for _block in range(SIM_BLOCKS):  # the best block: least disturbed by other processes
            b_ticks = 0
            b_start = time.perf_counter()
            deadline = b_start + seconds / SIM_BLOCKS
            while True:
                for _ in range(250):
                    if world.outcome:
                        runs += 1
                        world = create_world(level, 1 + runs, nav=nav)
                    step(world, autopilot(world))
                b_ticks += 250
                if time.perf_counter() >= deadline:
                    break
            rates.append(b_ticks / (time.perf_counter() - b_start))
            ticks += b_ticks
        elapsed = time.perf_counter() - start
        out.append({"level": _rel(path), "ticks": ticks, "seconds": round(elapsed, 3),
                    "ticks_per_second": round(max(rates)), "ticks_per_second_mean": round(ticks / elapsed)})
    return out


# -- rendering --------------------------------------------------------------------------------

def _init_display() -> Any:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    pygame.display.init()
    pygame.font.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode(LOGICAL)
    return pygame


def blizzard_level(level: Any) -> Any:
    """A copy of a level under a full-intensity blizzard over the whole map, with gusts."""
    props = dict(level.properties)
    props.update({"weather": "blizzard", "intensity": 1.0, "wind_x": 60.0, "wind_y": 15.0, "gusts": True})
    return dataclasses.replace(level, properties=props)


def bench_render(path: Path, warmup: int, frames: int) -> dict[str, Any]:
    """Frame times of the run screen's drawing (world view + HUD, as RunSession draws it)
    under a full blizzard, at 640x360 and scaled 2x to the 1280x720 window; also returns
    the camera positions, for drawing the same views with pyscroll."""
    pygame = _init_display()
    from game.render import Assets
    from game.render.hud import Hud
    from game.render.tiles import TileRenderer
    from game.render.world_view import WorldView
    from game.sim import create_world, step
    from game.sim.bots import autopilot
    from game.tiled.level import load_level

    level = blizzard_level(load_level(path))
    assets = Assets()
    tiles = TileRenderer(level)
    tiles.warm()
    world = create_world(level, 1)
    view = WorldView(level, assets.sprites, tiles, LOGICAL, seed=1)
    hud = Hud(assets, world)
    view.reset(world)
    view.warm()
    screen = pygame.display.get_surface()
    frame = pygame.Surface(LOGICAL).convert(screen) if screen is not None else pygame.Surface(LOGICAL)
    big = pygame.Surface(WINDOW).convert(frame)
    t640: list[float] = []
    t1280: list[float] = []
    cams: list[tuple[int, int]] = []
    alphas = (0.0, 0.25, 0.5, 0.75)
    perf = time.perf_counter_ns
    gc.collect()
    for i in range(warmup + frames):
        if world.outcome:
            world = create_world(level, 2 + i, nav=world.nav)
            view.reset(world)
            hud = Hud(assets, world)
        step(world, autopilot(world))
        events = list(world.events)
        view.update_tick(world, events)
        hud.on_events(world, events)
        hud.update_tick()
        alpha = alphas[i % 4]
        a = perf()
        view.draw(frame, world, alpha)
        cam = view.cam(alpha)
        hud.draw(frame, world, alpha, cam)
        b = perf()
        pygame.transform.scale(frame, WINDOW, big)
        c = perf()
        if i >= warmup:
            t640.append((b - a) / 1e6)
            t1280.append((c - a) / 1e6)
            cams.append(cam)
    return {
        "level": _rel(path), "frames": frames, "weather": "blizzard, intensity 1.0",
        "p50_640_ms": round(_pct(t640, 0.5), 3), "p99_640_ms": round(_pct(t640, 0.99), 3),
        "p50_1280_ms": round(_pct(t1280, 0.5), 3), "p99_1280_ms": round(_pct(t1280, 0.99), 3),
        "_cams": cams, "_tiles": tiles,
    }


def bench_tiles_vs_pyscroll(path: Path, cams: Sequence[tuple[int, int]], tiles: Any) -> dict[str, Any]:
    """Our tile layers and pyscroll's BufferedRenderer drawing the same views of the level."""
    pygame = _init_display()
    screen = pygame.display.get_surface()
    frame = pygame.Surface(LOGICAL).convert(screen)
    perf = time.perf_counter_ns
    ours: list[float] = []
    for i, cam in enumerate(cams):
        a = perf()
        tiles.draw(frame, cam, i * 16)
        ours.append((perf() - a) / 1e6)
    out: dict[str, Any] = {"ours_tiles_p50_ms": round(_pct(ours, 0.5), 3),
                           "ours_tiles_p99_ms": round(_pct(ours, 0.99), 3)}
    try:
        pyscroll = importlib.import_module("pyscroll")
        util_pygame = importlib.import_module("pytmx.util_pygame")
    except ImportError:
        out["pyscroll"] = "not installed (pip install -e \".[bench]\")"
        return out
    try:
        tmx = util_pygame.load_pygame(str(path))
        renderer = pyscroll.BufferedRenderer(pyscroll.TiledMapData(tmx), LOGICAL)
    except Exception as exc:  # pyscroll versions differ; report rather than fail the bench
        out["pyscroll"] = f"failed to set up ({type(exc).__name__}: {exc})"
        return out
    half = (LOGICAL[0] // 2, LOGICAL[1] // 2)
    theirs: list[float] = []
    rect = frame.get_rect()
    for k, cam in enumerate(list(cams[:30]) + list(cams)):  # the first 30 warm it up
        a = perf()
        renderer.center((cam[0] + half[0], cam[1] + half[1]))
        renderer.draw(frame, rect)
        if k >= 30:
            theirs.append((perf() - a) / 1e6)
    ver = package_version("pyscroll") or getattr(pyscroll, "__version__", "installed")
    if isinstance(ver, tuple):
        ver = ".".join(map(str, ver))
    out.update({"pyscroll": str(ver),
                "pyscroll_p50_ms": round(_pct(theirs, 0.5), 3),
                "pyscroll_p99_ms": round(_pct(theirs, 0.99), 3)})
    return out


# -- loading ----------------------------------------------------------------------------------

def bench_load(paths: Sequence[Path], repeats: int) -> list[dict[str, Any]]:
    """load_level (parse, terrain, objects, validation, hash) against a bare pytmx.TiledMap
    parse of the same file, medians of `repeats` (after one warm-up each)."""
    from game.sim import create_world
    from game.tiled.level import load_level

    pytmx = importlib.import_module("pytmx")  # the bare parser we compare against
    out = []
    for path in paths:
        load_level(path)
        pytmx.TiledMap(str(path))
        ours, bare = [], []
        for _ in range(max(1, repeats)):
            a = time.perf_counter()
            level = load_level(path)
            b = time.perf_counter()
            pytmx.TiledMap(str(path))
            c = time.perf_counter()
            ours.append(b - a)
            bare.append(c - b)
        a = time.perf_counter()
        create_world(level, 1)
        world_ms = (time.perf_counter() - a) * 1000
        o, p = statistics.median(ours), statistics.median(bare)
        out.append({"level": _rel(path), "load_ms": round(o * 1000, 2), "bare_parse_ms": round(p * 1000, 2),
                    "ratio": round(o / p, 3), "world_ms": round(world_ms, 1)})
    return out


# -- start-up and memory, in fresh processes --------------------------------------------------

_FIRST_FRAME = """
import sys, time
import pygame
_flip = pygame.display.flip
def _first_flip():
    _flip()
    sys.stderr.write("BALTO_FIRST_FRAME %r\\n" % time.time())
    sys.stderr.flush()
    pygame.display.flip = _flip
pygame.display.flip = _first_flip
import runpy
sys.argv = ["balto"]
runpy.run_module("game", run_name="__main__", alter_sys=True)
"""


_SCRATCH: list[Any] = []


def _child_env(**extra: str) -> dict[str, str]:
    """A headless child's environment: default settings, and anything it saves (settings,
    replays) goes to a scratch folder, never the user's."""
    import tempfile

    if not _SCRATCH:
        _SCRATCH.append(tempfile.TemporaryDirectory(prefix="balto-bench-"))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               BALTO_REPLAY_DIR=_SCRATCH[0].name, BALTO_HOME=_SCRATCH[0].name)
    env.update(extra)
    return env


def bench_title_frame(repeats: int) -> dict[str, Any]:
    """Seconds from starting `python -m game` (the same as `python main.py`) to the first
    title frame on the display, and to the process's exit after that one frame."""
    env = _child_env(BALTO_MAX_FRAMES="1")
    first, total = [], []
    for k in range(repeats + (1 if repeats > 1 else 0)):  # one untimed start warms the disk cache
        t0 = time.time()
        p = subprocess.run([sys.executable, "-c", _FIRST_FRAME], cwd=resources.IMPORT_ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        t2 = time.time()
        stamp = [ln for ln in p.stderr.splitlines() if ln.startswith("BALTO_FIRST_FRAME ")]
        if p.returncode != 0 or not stamp:
            tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
            return {"error": f"the game did not draw a frame (exit {p.returncode}: {tail})"}
        if repeats > 1 and k == 0:
            continue
        first.append(float(stamp[0].split()[1]) - t0)
        total.append(t2 - t0)
    return {"first_title_frame_s": round(statistics.median(first), 3),
            "first_title_frame_min_s": round(min(first), 3),
            "process_exit_s": round(statistics.median(total), 3), "starts": len(first)}


def _rss_probe(path: str, ticks: int) -> None:
    """(In a child process) play a leg in the window's flow with the autopilot, drawing every
    tick at full speed, and print the peak RSS."""
    pygame = _init_display()
    import resource

    from game.app.flow import Flow
    from game.render import Assets
    from game.session.services import Services
    from game.sim.bots import autopilot

    screen = pygame.display.get_surface()
    flow = Flow(Services.create(Assets()), seed=1, driver=autopilot)
    flow.play(Path(path), countdown=False)
    n = 0
    limit = min(ticks or RSS_MAX_TICKS, RSS_MAX_TICKS)
    while flow.running and n < limit:
        flow.tick()
        flow.draw(screen, 0.5)
        pygame.display.flip()
        n += 1
        if flow.screen.name not in ("run", "countdown"):
            break  # the results screen: the leg is over
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kib = rss / 1024 if sys.platform == "darwin" else rss
    print(json.dumps({"peak_rss_mb": round(kib / 1024, 1), "ticks": n}))


def bench_rss(path: Path, ticks: int) -> dict[str, Any]:
    """Peak resident memory of a fresh process playing the leg (drawing every tick)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return {"error": "not measured on this OS (no resource module)"}
    code = f"from game.devtools.bench import _rss_probe; _rss_probe({str(path)!r}, {int(ticks)})"
    p = subprocess.run([sys.executable, "-c", code], cwd=resources.IMPORT_ROOT, env=_child_env(),
                       capture_output=True, text=True, timeout=900)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"the probe failed (exit {p.returncode}: {tail})"}
    out = json.loads(lines[-1])
    out["level"] = _rel(path)
    return out


# -- all of it --------------------------------------------------------------------------------

def run_all(quick: bool = False, paths: Sequence[Path] | None = None,
            log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Every measurement; returns the figures, the targets and the machine."""
    from game.tiled.level import load_level

    plan = Plan.make(quick)
    paths = list(paths) if paths is not None else legs()
    if not paths:
        raise ValueError(f"no levels to measure in {LEVELS}")
    say = log or (lambda s: None)
    t0 = time.perf_counter()
    report: dict[str, Any] = {"quick": quick, "machine": machine()}
    sizes = {p: load_level(p).pixel_size for p in paths}
    largest = max(paths, key=lambda p: sizes[p][0] * sizes[p][1])

    say("simulation: ticks per second on every leg ...")
    report["simulation"] = bench_sim(paths, plan.sim_seconds)
    say("render: frames under a full blizzard ...")
    render = bench_render(largest, plan.render_warmup, plan.render_frames)
    cams, tiles = render.pop("_cams"), render.pop("_tiles")
    say("render: the same views with pyscroll ...")
    render.update(bench_tiles_vs_pyscroll(largest, cams, tiles))
    report["render"] = render
    say("load: load_level against a bare pytmx parse ...")
    report["load"] = bench_load(paths, plan.load_repeats)
    say("start-up: to the first title frame ...")
    report["startup"] = bench_title_frame(plan.title_repeats)
    say("memory: peak RSS playing the largest leg ...")
    report["memory"] = bench_rss(largest, plan.rss_ticks)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    report["targets"] = check_targets(report)
    return report


def check_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the measured figure and whether it is met (None: not measured)."""
    r = report.get("render", {})
    sims = report.get("simulation", [])
    loads = report.get("load", [])
    figures: dict[str, float | None] = {
        "sim_ticks_per_second_hardest": min((s["ticks_per_second"] for s in sims), default=None),
        "render_640_p50_ms": r.get("p50_640_ms"),
        "render_640_p99_ms": r.get("p99_640_ms"),
        "render_vs_pyscroll": (round(r["p50_640_ms"] / r["pyscroll_p50_ms"], 3)
                               if r.get("pyscroll_p50_ms") else None),
        "load_vs_bare_parse": max((x["ratio"] for x in loads), default=None),
        "first_title_frame_s": report.get("startup", {}).get("first_title_frame_s"),
        "peak_rss_mb": report.get("memory", {}).get("peak_rss_mb"),
    }
    out = []
    for name, (target, kind) in TARGETS.items():
        v = figures[name]
        ok = None if v is None else (v <= target if kind == "max" else v >= target)
        out.append({"name": name, "measured": v, "target": target, "kind": kind, "ok": ok})
    return out


def format_report(rep: dict[str, Any]) -> str:
    """The figures as text."""
    m = rep["machine"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, "
             f"numpy {m['numpy']}, pygame-ce {m['pygame_ce']}, pyscroll {m.get('pyscroll') or 'not installed'}; "
             f"load average {m['load_average']}"]
    if m.get("load_average") and m.get("cores") and m["load_average"][0] > 0.5 * m["cores"]:
        lines.append("  note: the machine is busy; figures are slower and noisier than on an idle machine")
    if rep.get("quick"):
        lines.append("  (--quick: short samples, to prove the bench works; not figures to record)")
    lines.append("simulation (autopilot; best block, mean over all):")
    for s in rep["simulation"]:
        lines.append(f"  {s['level']}: {s['ticks_per_second']:,} ticks/s  (mean {s.get('ticks_per_second_mean', 0):,})")
    r = rep["render"]
    lines.append(f"render ({r['level']}, {r['weather']}, {r['frames']} frames):")
    lines.append(f"  640x360:            p50 {r['p50_640_ms']:.3f} ms   p99 {r['p99_640_ms']:.3f} ms")
    lines.append(f"  1280x720 (scaled):  p50 {r['p50_1280_ms']:.3f} ms   p99 {r['p99_1280_ms']:.3f} ms")
    lines.append(f"  our tile layers:    p50 {r['ours_tiles_p50_ms']:.3f} ms   p99 {r['ours_tiles_p99_ms']:.3f} ms")
    if "pyscroll_p50_ms" in r:
        lines.append(f"  pyscroll {r['pyscroll']} (tiles only): p50 {r['pyscroll_p50_ms']:.3f} ms   "
                     f"p99 {r['pyscroll_p99_ms']:.3f} ms;  our full frame / pyscroll = "
                     f"{r['p50_640_ms'] / r['pyscroll_p50_ms']:.2f}, our tiles / pyscroll = "
                     f"{r['ours_tiles_p50_ms'] / r['pyscroll_p50_ms']:.2f}")
    else:
        lines.append(f"  pyscroll: {r['pyscroll']}")
    lines.append("load (median):")
    for x in rep["load"]:
        lines.append(f"  {x['level']}: {x['load_ms']:.1f} ms vs bare pytmx parse {x['bare_parse_ms']:.1f} ms "
                     f"= {x['ratio']:.2f}x  (then the World with its flow field: {x['world_ms']:.0f} ms)")
    s = rep["startup"]
    if "error" in s:
        lines.append(f"start-up: {s['error']}")
    else:
        lines.append(f"start-up: first title frame {s['first_title_frame_s']:.3f} s (median of {s['starts']}; "
                     f"min {s['first_title_frame_min_s']:.3f} s), process exit {s['process_exit_s']:.3f} s")
    mem = rep["memory"]
    if "error" in mem:
        lines.append(f"memory: {mem['error']}")
    else:
        lines.append(f"memory: peak RSS {mem['peak_rss_mb']:.1f} MB playing {mem['level']} "
                     f"({mem['ticks']} ticks drawn)")
    lines.append("targets:")
    for t in rep["targets"]:
        mark = {True: "ok  ", False: "MISS", None: "n/a "}[t["ok"]]
        rel = "<=" if t["kind"] == "max" else ">="
        lines.append(f"  {mark} {t['name']}: {t['measured']} (target {rel} {t['target']:g})")
    lines.append(f"({rep['seconds']} s)")
    return "\n".join(lines)
