"""The screens of the game: each draws itself and routes the player's actions.

Each screen has `handle(action)`, `update_tick()` and `draw(surface, alpha)`; none of them
touches the display, the event queue or the clock. The app's `Flow` (game.app.flow) keeps them
on a stack.
"""
