"""Figures measured in fresh processes: start-up to the first title frame, and peak memory
while playing the largest leg."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from game import resources
from game.devtools.bench.common import init_display
from game.tiled.common import display_path

RSS_MAX_TICKS = 20_000  # the memory probe plays at most this much of the leg (5.5 game minutes)

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


def rss_probe(path: str, ticks: int) -> None:
    """(In a child process) play a leg in the window's flow with the autopilot, drawing every
    tick at full speed, and print the peak RSS."""
    pygame = init_display()
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
    print(json.dumps({"peak_rss_mb": peak_rss_mb(), "ticks": n}))


def peak_rss_mb() -> float:
    """This process's own peak resident memory, MB. On Linux it is the memory's high-water mark
    in /proc/self/status (VmHWM): `ru_maxrss` there also holds the peak of the process that
    started this one (the kernel keeps the memory it had before exec), so a probe started by
    the bench would report the bench's own size whenever that is larger. Elsewhere, ru_maxrss."""
    try:
        with open("/proc/self/status", "rb") as f:
            status = f.read(1 << 16).decode("ascii", "replace")
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # kB
    except (OSError, ValueError, IndexError):
        pass
    import resource  # Unix only: imported where it is used (bench_rss checks it exists)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kib = rss / 1024 if sys.platform == "darwin" else rss
    return round(kib / 1024, 1)


def bench_rss(path: Path, ticks: int) -> dict[str, Any]:
    """Peak resident memory of a fresh process playing the leg (drawing every tick)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return {"error": "not measured on this OS (no resource module)"}
    code = f"from game.devtools.bench.process import rss_probe; rss_probe({str(path)!r}, {int(ticks)})"
    p = subprocess.run([sys.executable, "-c", code], cwd=resources.IMPORT_ROOT, env=_child_env(),
                       capture_output=True, text=True, timeout=900)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"the probe failed (exit {p.returncode}: {tail})"}
    out = json.loads(lines[-1])
    out["level"] = display_path(path)
    return out
