"""The debug overlay (F3): frames per second, frame and tick times, entity counts, the seed.

Costs nothing while off: the app only calls `frame()` (a few additions) and never draws it.
While on, the text is rebuilt four times a second, not every frame.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path

import pygame

from game.app.flow import Flow
from game.app.loop import FixedStepClock
from game.render import Text
from game.render.palette import PALETTE as P

WINDOW = 120  # frames averaged
REFRESH_NS = 250_000_000


class DebugOverlay:
    """Timing of the last frames and a snapshot of what the game holds."""

    def __init__(self) -> None:
        self.visible = False
        self.frame_ns: deque[int] = deque(maxlen=WINDOW)
        self.draw_ns: deque[int] = deque(maxlen=WINDOW)
        self.tick_ns: deque[int] = deque(maxlen=WINDOW)  # per tick, not per frame
        self._lines: list[str] = []
        self._last_refresh = 0
        self._plate: pygame.Surface | None = None

    def toggle(self) -> bool:
        self.visible = not self.visible
        self._last_refresh = 0
        return self.visible

    def frame(self, frame_ns: int, draw_ns: int, ticks: int, ticks_ns: int) -> None:
        """Record one frame: its whole wall time, its drawing, and the ticks it ran."""
        if not self.visible:
            return
        self.frame_ns.append(frame_ns)
        self.draw_ns.append(draw_ns)
        if ticks:
            self.tick_ns.append(ticks_ns // ticks)

    @staticmethod
    def _ms(values: Iterable[int]) -> float:
        v = list(values)
        return (sum(v) / len(v) / 1e6) if v else 0.0

    def lines(self, flow: Flow, clock: FixedStepClock | None = None) -> list[str]:
        """The overlay's text for the current state."""
        fms = self._ms(self.frame_ns)
        fps = 1000.0 / fms if fms > 0 else 0.0
        out = [f"{fps:5.1f} fps   frame {fms:5.2f} ms   draw {self._ms(self.draw_ns):5.2f} ms",
               f"tick {self._ms(self.tick_ns):5.3f} ms"
               + (f"   speed {clock.speed_percent} %" if clock is not None else "")]
        out.append(f"screen {flow.screen.name}   seed {flow.seed}")
        session, run = flow.session, flow.run_view
        if session is not None and run is not None:
            w = session.world
            view = run.view
            live = int((view.particles.life > 0).sum())
            out.append(f"tick {w.tick}   bears {len(w.bears)}   markers {len(w.markers.x)}   "
                       f"wolves {len(w.guides.wolves)}")
            out.append(f"particles {live}   flakes {view.snow.active}   vis {w.weather.visibility:4.0f}"
                       f"   {'assisted' if session.assisted else ''}")
            out.append(f"level {Path(session.level.path).name}")
        return out

    def draw(self, surface: pygame.Surface, flow: Flow, text: Text, now_ns: int,
             clock: FixedStepClock | None = None) -> None:
        if not self.visible:
            return
        if now_ns - self._last_refresh >= REFRESH_NS or self._plate is None:
            self._last_refresh = now_ns
            self._lines = self.lines(flow, clock)
            w = max(text.size(line)[0] for line in self._lines) + 10
            h = 11 * len(self._lines) + 6
            plate = pygame.Surface((w, h), pygame.SRCALPHA)
            plate.fill((*P["ink"], 200))
            for i, line in enumerate(self._lines):
                text.draw(plate, line, (5, 3 + 11 * i), P["aurora_green"], shadow=None)
            self._plate = plate
        surface.blit(self._plate, (4, surface.get_height() - self._plate.get_height() - 20))
