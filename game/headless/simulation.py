"""The headless API: load a level, step it with Controls, read the events and the result.

    sim = Simulation.from_file("levels/01_nenana_tolovana.tmx", seed=1)
    while not sim.done:
        sim.step(autopilot(sim.world))
    print(sim.result("autopilot"))

Bots are plain callables from an observation (the World, read only) to Controls:
`autopilot`, `no_input` ("none"), `RandomBot(seed)` ("random"), `HumanBot(seed, reaction_ms)`
("human", a person at the keyboard: game.sim.human) and `ScriptedBot` ("script"), which plays
an inputs file (format below and in docs/simulation.md).

Inputs file: one rule per line, `TICKS CONTROLS`, `#` starts a comment.

    # ticks are 1-based game ticks, 60 per second
    1-120     mush            # ticks 1 to 120 inclusive
    121-150   left mush
    151       steer=0.35
    152-      brake           # from tick 152 to the end of the run
    *         none            # every tick (a default; later lines override it)

TICKS is `N`, `N-M`, `N-` or `*`; CONTROLS is `none` or any of `left`, `right`,
`steer=X` (-1..1), `mush`, `brake`, `senses`. A tick no line covers gets no input; where lines
overlap, the later line wins.
"""
from __future__ import annotations

import math
import os
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

from game.files import FileProblem, read_text_capped
from game.session.replay import max_ticks
from game.sim import Assist, Controls, Event, Level, World, create_world, digest, step
from game.sim.bots import BOT_NAMES as SIM_BOT_NAMES
from game.sim.bots import Bot, RandomBot, autopilot, no_input
from game.sim.bots import make_bot as _make_sim_bot
from game.sim.controls import NEUTRAL
from game.sim.human import HumanBot
from game.sim.navigation import NavField
from game.sim.scoring import RunResult, result
from game.sim.world import TICK_HZ
from game.tiled.level import load_level

__all__ = [
    "Simulation", "run", "make_bot", "bot_name", "BOT_NAMES", "Bot", "Controls", "NEUTRAL",
    "autopilot", "no_input", "RandomBot", "HumanBot", "ScriptedBot", "InputsError", "parse_inputs",
    "load_inputs", "DEFAULT_MAX_SECONDS", "TICK_HZ",
]

DEFAULT_MAX_SECONDS = 600.0
MAX_INPUTS_BYTES = 4 * 1024 * 1024  # an inputs file (a line per tick of a 600 s run is under 1 MB)
BOT_NAMES: tuple[str, ...] = (*SIM_BOT_NAMES, "script")


class Simulation:
    """One run of one level from one seed, advanced a tick at a time."""

    def __init__(self, level: Level, seed: int = 1, assist: Assist | None = None,
                 nav: NavField | None = None, vials: int | None = None) -> None:
        self.level = level
        self.seed = int(seed)
        self.world: World = create_world(level, self.seed, nav=nav, assist=assist, vials=vials)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], seed: int = 1,
                  assist: Assist | None = None) -> Simulation:
        """Load a .tmx and start a run; raises LevelError for a bad level."""
        return cls(load_level(path), seed, assist)

    @property
    def state(self) -> World:
        """The whole gameplay state (the same object as `world`); read it, don't change it."""
        return self.world

    def step(self, controls: Controls = NEUTRAL) -> list[Event]:
        """Advance one tick; returns that tick's events. A finished run stays put."""
        step(self.world, controls)
        return self.world.events

    @property
    def events(self) -> list[Event]:
        """The events of the last tick."""
        return self.world.events

    @property
    def tick(self) -> int:
        """Ticks played so far (60 per second of game time)."""
        return self.world.tick

    @property
    def seconds(self) -> float:
        return self.world.seconds

    @property
    def done(self) -> bool:
        """True once the team finished or the crate is empty."""
        return self.world.done

    def digest(self) -> str:
        """A hash of the gameplay state: equal digests mean equal runs, tick for tick."""
        return digest(self.world)

    def result(self, bot: str = "") -> RunResult:
        """The result as the run stands (a run not done counts as a timeout)."""
        return result(self.world, self.level.path, bot, self.digest())

    def run(self, bot: Bot, max_seconds: float = DEFAULT_MAX_SECONDS, bot_name: str = "") -> RunResult:
        """Let a bot drive until the run ends or `max_seconds` of game time pass."""
        max_ticks = int(round(max_seconds * TICK_HZ))
        world = self.world
        while not world.outcome and world.tick < max_ticks:
            step(world, bot(world))
        return self.result(bot_name or bot_name_of(bot))


def bot_name_of(bot: Bot) -> str:
    """A bot's name for results: its `name` attribute, else its function name."""
    name = getattr(bot, "name", None) or getattr(bot, "__name__", None) or type(bot).__name__
    names = {"no_input": "none", "RandomBot": "random", "HumanBot": "human", "ScriptedBot": "script"}
    return names.get(str(name), str(name))


bot_name = bot_name_of


def make_bot(name: str, seed: int = 1, inputs: str | os.PathLike[str] | None = None,
             max_seconds: float = DEFAULT_MAX_SECONDS, reaction_ms: float = 200) -> Bot:
    """A fresh bot by name (see BOT_NAMES); "script" plays the inputs file `inputs`, whose
    ticks must lie within `max_seconds`; `reaction_ms` is the human model's reaction time
    (0..1000 ms, else ValueError)."""
    if name == "script":
        if inputs is None:
            raise ValueError("the script bot needs an inputs file (--inputs FILE)")
        return load_inputs(inputs, max_ticks(max_seconds))
    return _make_sim_bot(name, seed, reaction_ms)


def run(level: str | os.PathLike[str] | Level, bot: str | Bot = "autopilot", seed: int = 1,
        max_seconds: float = DEFAULT_MAX_SECONDS, inputs: str | os.PathLike[str] | None = None,
        assist: Assist | None = None, nav: NavField | None = None, reaction_ms: float = 200,
        vials: int | None = None) -> RunResult:
    """Run a level headless with a bot (a name or a callable) and return the result.

    `reaction_ms`: the human model's reaction time; `vials`: the crate to start with (as a
    campaign leg starts with what the last one delivered; default the map's)."""
    lvl = level if isinstance(level, Level) else load_level(Path(level))
    sim = Simulation(lvl, seed, assist, nav, vials)
    if isinstance(bot, str):
        if inputs is not None and bot != "script":
            bot = "script"
        return sim.run(make_bot(bot, seed, inputs, max_seconds, reaction_ms), max_seconds, bot)
    return sim.run(bot, max_seconds)


# -- inputs files and the scripted bot -------------------------------------------------------

class InputsError(ValueError):
    """A bad inputs file: the message names the file, the line and the fix."""


class ScriptedBot:
    """Plays fixed controls per tick: a table for the first ticks, then a tail value.

    `controls_for(n)` gives the controls of tick n (1-based); as a bot it returns the controls
    of the tick about to be played (`world.tick + 1`).
    """

    name = "script"

    def __init__(self, table: Sequence[Controls], tail: Controls = NEUTRAL, source: str = "") -> None:
        self.table = list(table)
        self.tail = tail
        self.source = source

    def controls_for(self, tick: int) -> Controls:
        i = tick - 1
        if 0 <= i < len(self.table):
            return self.table[i]
        return self.tail if i >= 0 else NEUTRAL

    def __call__(self, world: World) -> Controls:
        i = world.tick
        table = self.table
        return table[i] if i < len(table) else self.tail


_FLAGS = ("mush", "brake", "senses")


def _parse_controls(words: Iterable[str], where: str) -> Controls:
    steer: float | None = None
    flags = {f: False for f in _FLAGS}
    words = list(words)
    if words == ["none"]:
        return NEUTRAL
    for w in words:
        lw = w.lower()
        if lw in ("left", "right") or lw.startswith("steer="):
            if steer is not None:
                raise InputsError(f"{where}: steer given twice ({w!r}); give one of left, right, steer=X")
            if lw == "left":
                steer = -1.0
            elif lw == "right":
                steer = 1.0
            else:
                try:
                    steer = float(lw[6:])
                except ValueError:
                    raise InputsError(f"{where}: {w!r}: steer must be a number from -1 to 1") from None
                if not math.isfinite(steer) or not -1.0 <= steer <= 1.0:
                    raise InputsError(f"{where}: {w!r}: steer must be a number from -1 to 1")
        elif lw in flags:
            flags[lw] = True
        elif lw == "none":
            raise InputsError(f"{where}: 'none' must stand alone")
        else:
            raise InputsError(f"{where}: unknown control {w!r}; use none, left, right, steer=X, "
                              "mush, brake or senses")
    return Controls(steer=steer or 0.0, mush=flags["mush"], brake=flags["brake"], senses=flags["senses"])


def _parse_ticks(text: str, where: str, limit: int) -> tuple[int, int | None]:
    """(first, last) ticks, 1-based and inclusive; last None means to the end of the run.
    No tick may lie past `limit` (the longest run --max-seconds allows)."""
    if text == "*":
        return 1, None
    a, dash, b = text.partition("-")
    if len(a) > 12 or len(b) > 12:
        a = "x"  # no number that long is a tick
    try:
        first = int(a)
        last = (int(b) if b else None) if dash else first
    except ValueError:
        raise InputsError(f"{where}: {text[:40]!r} is not a tick range; write N, N-M, N- or *") from None
    if first < 1:
        raise InputsError(f"{where}: ticks start at 1, got {text!r}")
    if last is not None and last < first:
        raise InputsError(f"{where}: tick range {text!r} runs backwards; write {last}-{first}")
    if max(first, last or 0) > limit:
        raise InputsError(f"{where}: tick {max(first, last or 0):,} lies past the longest run, {limit:,} ticks "
                          f"({limit / TICK_HZ:g} s at {TICK_HZ} Hz); write '{first}-' for 'to the end of the run', "
                          "or raise --max-seconds")
    return first, last


def parse_inputs(text: str, source: str = "<inputs>", limit: int | None = None) -> ScriptedBot:
    """Parse the text of an inputs file into a ScriptedBot; raises InputsError.

    `limit` is the last tick a rule may name (default `max_ticks()`: 600 s); every line is
    checked before any table is built, and each tick is filled once (the later line wins)."""
    limit = max_ticks() if limit is None else limit
    rules: list[tuple[int, int | None, Controls]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{n}"
        parts = line.split()
        if len(parts) < 2:
            raise InputsError(f"{where}: {line[:40]!r} needs ticks and controls, e.g. '1-60 mush'")
        first, last = _parse_ticks(parts[0], where, limit)
        rules.append((first, last, _parse_controls(parts[1:], where)))
    length = 0
    for first, last, _ in rules:
        length = max(length, last if last is not None else first)
    table = [NEUTRAL] * length
    tails = [c for _, last, c in rules if last is None]
    tail = tails[-1] if tails else NEUTRAL
    after = array("q", range(length + 1))  # after[i]: the first tick index >= i no later rule filled
    for first, last, c in reversed(rules):  # the later line wins: fill from the last, each tick once
        end = length if last is None else last
        i = _unfilled(after, first - 1)
        while i < end:
            table[i] = c
            after[i] = i + 1
            i = _unfilled(after, i + 1)
    return ScriptedBot(table, tail, source)


def _unfilled(after: array[int], i: int) -> int:
    """The first index >= i not filled yet (path-halving union-find)."""
    while after[i] != i:
        after[i] = after[after[i]]
        i = after[i]
    return i


def load_inputs(path: str | os.PathLike[str], limit: int | None = None) -> ScriptedBot:
    """Read an inputs file (a regular file, at most MAX_INPUTS_BYTES of UTF-8); raises
    InputsError naming the file. `limit`: see parse_inputs."""
    try:
        text = read_text_capped(path, MAX_INPUTS_BYTES, "inputs file")
    except FileProblem as exc:
        raise InputsError(str(exc)) from None
    return parse_inputs(text, str(path), limit)


Observation = World  # what a bot sees: the World, read only
