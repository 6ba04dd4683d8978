"""Which way each dog of the team leans: its turn frames follow the bend of the gangline at
its own place, so a turn runs down the team from Balto to the sled instead of every dog
leaning at once (Balto leans on the player's steering; see TeamView.draw in game.render.team_view).

Presentation state only, with a little hysteresis so a dog does not flicker between frames
on a gentle curve.
"""
from __future__ import annotations

import math

import numpy as np

LEAN_ON = 0.15   # rad of bend at a pair's node to start leaning into it
LEAN_OFF = 0.07  # rad: below this it runs straight again
LEFT, STRAIGHT, RIGHT = -1, 0, 1


def bends(nodes: np.ndarray) -> list[float]:
    """The signed turn of the gangline at each inner node (1 .. n-2), radians: positive when
    the line bends right (clockwise) there, going forward."""
    out = []
    pts = nodes.tolist()
    for i in range(1, len(pts) - 1):
        (fx, fy), (x, y), (bx, by) = pts[i - 1], pts[i], pts[i + 1]
        ahead = math.atan2(fx - x, -(fy - y))
        behind = math.atan2(x - bx, -(y - by))
        out.append((ahead - behind + math.pi) % (2 * math.pi) - math.pi)
    return out


class TeamLean:
    """One lean (LEFT, STRAIGHT or RIGHT) per dog pair, from the gangline's bend each tick."""

    def __init__(self) -> None:
        self.leans: list[int] = []

    def reset(self) -> None:
        self.leans = []

    def update(self, nodes: np.ndarray) -> None:
        """Follow one tick of the gangline."""
        b = bends(nodes)
        if len(self.leans) != len(b):
            self.leans = [STRAIGHT] * len(b)
        for i, bend in enumerate(b):
            lean = self.leans[i]
            if abs(bend) >= LEAN_ON:
                lean = RIGHT if bend > 0 else LEFT
            elif abs(bend) < LEAN_OFF or (bend > 0) != (lean > 0):
                lean = STRAIGHT
            self.leans[i] = lean

    def at(self, node: int) -> int:
        """The lean of the pair at gangline node `node` (1 .. n-2)."""
        i = node - 1
        return self.leans[i] if 0 <= i < len(self.leans) else STRAIGHT
