"""The fixed-timestep clock: wall time in, whole simulation ticks and a render alpha out.

Time is kept in integer nanoseconds so nothing drifts. A frame longer than `clamp_ns` counts
as `clamp_ns` (a stall or a breakpoint must not fast-forward the game), at most
`max_ticks_per_frame` ticks run per frame, and what is left over carries to the next frame.
Game speed (assist mode) stretches the wall time per tick; the tick itself never changes.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.sim.world import TICK_HZ

NS_PER_S = 1_000_000_000
TICK_NS = NS_PER_S // TICK_HZ  # 16_666_666 ns at 60 Hz
CLAMP_NS = 250_000_000
MAX_TICKS_PER_FRAME = 16  # 16 ticks = 267 ms, more than one clamped frame


@dataclass(slots=True)
class FixedStepClock:
    """Accumulates frame time and hands out ticks; see module docstring."""

    tick_ns: int = TICK_NS
    clamp_ns: int = CLAMP_NS
    max_ticks_per_frame: int = MAX_TICKS_PER_FRAME
    speed_percent: int = 100  # assist mode: 50..100
    accumulator_ns: int = 0

    @property
    def wall_tick_ns(self) -> int:
        """Wall-clock nanoseconds one tick takes at the current game speed."""
        return self.tick_ns * 100 // max(1, self.speed_percent)

    def advance(self, frame_ns: int) -> int:
        """Add one frame's wall time; returns how many ticks to run now."""
        frame_ns = max(0, min(int(frame_ns), self.clamp_ns))
        self.accumulator_ns += frame_ns
        per = self.wall_tick_ns
        ticks = min(self.accumulator_ns // per, self.max_ticks_per_frame)
        self.accumulator_ns -= ticks * per
        # Never let a backlog grow past one clamped frame: beyond that, time is dropped.
        limit = self.clamp_ns + per - 1
        if self.accumulator_ns > limit:
            self.accumulator_ns = limit
        return int(ticks)

    @property
    def alpha(self) -> float:
        """How far the next tick has come, 0 <= alpha < 1, for interpolated drawing."""
        a = self.accumulator_ns / self.wall_tick_ns
        return a if a < 1.0 else 0.999999

    def reset(self) -> None:
        """Forget pending time (after a pause or a loading screen)."""
        self.accumulator_ns = 0
