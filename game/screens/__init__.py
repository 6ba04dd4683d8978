"""The screens of the game and the state machine between them (see `flow.Flow`).

Each screen has `handle(action)`, `update_tick()` and `draw(surface, alpha)`; none of them
touches the display, the event queue or the clock.
"""
from game.screens.flow import DEFAULT_LEVEL, Flow

__all__ = ["DEFAULT_LEVEL", "Flow"]
