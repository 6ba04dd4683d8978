"""The simulation's fixed tick."""

TICK_HZ = 60
DT = 1.0 / TICK_HZ
