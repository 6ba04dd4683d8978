"""The hostile-input fuzzer: many seeded cases (game/devtools/fuzz_cases.py) run through the
command line, each under a wall-clock and a memory limit.

Worker processes each run many cases, so the limits cost little. Each case runs its steps
(`check`, a few hundred ticks of `simulate`, `render`; or a replay, an inputs file, the saves)
and must end in a result or a clean refusal. A case fails on:

- a traceback (any exception the command line did not turn into its one line, exit 2);
- a hang: no answer within `timeout` seconds (the worker is killed and a new one started);
- memory: the worker's address space is capped at its size at start plus `memory` bytes;
- slowness: more CPU time than the same steps on the unmutated case plus `slow` seconds.

The same seed makes the same case, so a failure is reproduced from its seed; `save_case`
writes a failing case's files to a folder. `balto fuzz` runs fresh seeds (game/cli/fuzz.py).
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing as mp
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from game.devtools.fuzz_cases import TARGETS, Case, make_case, open_saves, valid_case

Main = Callable[[list[str]], int]  # the command line: argv -> exit code (game.cli.main)
GIB = 1 << 30


@dataclass(frozen=True)
class Failure:
    """A case that failed, and how."""

    seed: int
    target: str
    mutation: str
    kind: str  # traceback, hang, memory, slow
    detail: str

    def line(self) -> str:
        what = self.mutation if len(self.mutation) <= 80 else self.mutation[:77] + "..."
        return f"seed {self.seed} ({self.target}: {what}): {self.kind}: {self.detail}"


def run_steps(case: Case, main: Main) -> None:
    """Run a case's steps in this process; raises whatever the game raised."""
    for step in case.steps:
        if step.saves:
            open_saves(Path(step.saves))
            continue
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(step.argv)
        if code not in (0, 1, 2, 141):
            raise RuntimeError(f"{' '.join(step.argv[:1])} exited {code}")
        if "Traceback" in err.getvalue():
            raise RuntimeError(f"{step.argv[0]} printed a traceback")


def _cpu() -> float:
    return time.process_time()


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus `extra` bytes (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        size = pages * os.sysconf("SC_PAGE_SIZE") + extra
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, OSError, ValueError):
        pass  # no such limit here: the parent's timeout still bounds a runaway case


def _baselines(main: Main, scratch: str) -> dict[str, float]:
    """CPU seconds of each kind of case on valid files, in a warm process (run twice: the
    first run pays for imports and caches)."""
    times: dict[str, float] = {}
    for _ in range(2):
        for target in sorted(set(TARGETS)):
            folder = Path(tempfile.mkdtemp(prefix="base-", dir=scratch))
            try:
                case = valid_case(target, folder)
                t0 = _cpu()
                run_steps(case, main)
                times[target] = _cpu() - t0
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    return times


def _worker(conn: Connection, main: Main, memory: int, slow: float, scratch: str) -> None:
    """Run the seeds the parent sends; answer each with None (fine) or (kind, detail)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    baseline = _baselines(main, scratch)
    _limit_memory(memory)
    while True:
        seed = conn.recv()
        if seed is None:
            return
        folder = Path(tempfile.mkdtemp(prefix=f"case{seed}-", dir=scratch))
        answer: tuple[str, str] | None = None
        try:
            case = make_case(seed, folder)
            t0 = _cpu()
            run_steps(case, main)
            spent = _cpu() - t0
            if spent > baseline[case.target] + slow:
                answer = ("slow", f"{spent:.2f} s of CPU, {baseline[case.target]:.2f} s for the valid case")
        except MemoryError:
            answer = ("memory", "MemoryError")
        except BaseException as exc:  # every other escape is the failure being looked for
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"
            answer = ("traceback", f"{type(exc).__name__} at {where}: {str(exc)[:200]}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        conn.send(answer)


class _Pool:
    """Worker processes, restarted when one hangs or dies."""

    def __init__(self, size: int, main: Main, memory: int, slow: float, scratch: str) -> None:
        self.args = (main, memory, slow, scratch)
        self.ctx = mp.get_context("fork")
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> tuple[mp.process.BaseProcess, Connection]:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, *self.args), daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def replace(self, i: int) -> None:
        proc, conn = self.workers[i]
        proc.kill()
        proc.join(5)
        conn.close()
        self.workers[i] = self._start()

    def close(self) -> None:
        for proc, conn in self.workers:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            proc.join(2)
            if proc.is_alive():
                proc.kill()


def fuzz(seeds: Iterable[int], main: Main, workers: int = 2, timeout: float = 20.0, memory: int = GIB,
         slow: float = 1.0, progress: Callable[[int], None] | None = None) -> list[Failure]:
    """Run the cases of `seeds`; returns the failures (empty when every case held)."""
    failures: list[Failure] = []
    todo: Iterator[int] = iter(seeds)
    scratch = tempfile.mkdtemp(prefix="balto-fuzz-")
    pool = _Pool(max(1, workers), main, memory, slow, scratch)
    busy: dict[int, tuple[int, float]] = {}  # worker index -> (seed, started)
    done = 0
    try:
        while True:
            for i in range(len(pool.workers)):
                if i not in busy:
                    seed = next(todo, None)
                    if seed is not None:
                        pool.workers[i][1].send(seed)
                        busy[i] = (seed, time.monotonic())
            if not busy:
                break
            # Sleep until any busy worker answers (or 50 ms pass, to look for hangs and deaths):
            # a worker that is done gets its next seed at once, not after polling the others.
            ready = set(wait([pool.workers[i][1] for i in busy], 0.05))
            for i, (seed, started) in list(busy.items()):
                proc, conn = pool.workers[i]
                answer: tuple[str, str] | None = None
                finished = False
                if conn in ready:
                    try:
                        answer, finished = conn.recv(), True
                    except (EOFError, OSError):
                        answer, finished = ("memory", "the worker died (out of memory or crashed)"), True
                        pool.replace(i)
                elif not proc.is_alive():
                    answer, finished = ("memory", f"the worker died (exit {proc.exitcode})"), True
                    pool.replace(i)
                elif time.monotonic() - started > timeout:
                    answer, finished = ("hang", f"no answer in {timeout:.0f} s"), True
                    pool.replace(i)
                if finished:
                    del busy[i]
                    done += 1
                    if answer is not None:
                        failures.append(_failure(seed, *answer))
                    if progress is not None:
                        progress(done)
    finally:
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return sorted(failures, key=lambda f: f.seed)


def _failure(seed: int, kind: str, detail: str) -> Failure:
    """The failure, described by regenerating its case (the same seed makes the same case)."""
    folder = Path(tempfile.mkdtemp(prefix="balto-fuzz-desc-"))
    try:
        case = make_case(seed, folder)
        return Failure(seed, case.target, case.mutation, kind, detail)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def save_case(failure: Failure, out: Path) -> Path:
    """Write a failing case's files (and what failed) into `out/seed-N`; returns the folder."""
    folder = out / f"seed-{failure.seed}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    case = make_case(failure.seed, folder)
    steps = "\n".join(f"balto {' '.join(s.argv)}" if s.argv else f"(the game opens the saves in {s.saves})"
                      for s in case.steps)
    (folder / "FAILURE.txt").write_text(f"{failure.line()}\n\nsteps:\n{steps}\n", encoding="utf-8")
    return folder
