"""The player's input for one tick, as one frozen value."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Controls:
    """What the musher asks of the team during one tick.

    steer: -1 (full left) .. +1 (full right); analog sticks give values in between.
    mush: spend stamina for a burst of speed.  brake: dig the brake in.
    senses: Balto's senses (used by the false-marker hazard).
    """

    steer: float = 0.0
    mush: bool = False
    brake: bool = False
    senses: bool = False

    def clamped(self) -> Controls:
        """The same controls with steer forced into [-1, 1] (NaN counts as 0)."""
        s = self.steer
        if s != s:  # NaN
            s = 0.0
        s = -1.0 if s < -1.0 else 1.0 if s > 1.0 else float(s)
        if s == self.steer:
            return self
        return Controls(s, self.mush, self.brake, self.senses)


NEUTRAL = Controls()
