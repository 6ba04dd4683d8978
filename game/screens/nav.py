"""The way between screens, as the screens see it.

Screens never import each other: they ask the navigator (the app's `Flow`, game/app/flow.py,
which keeps the screens on a stack) to go somewhere. Overlays (pause, settings, a question)
are pushed over the screen they came from and `back` pops them; every other move replaces
the stack. A run's screens share one `RunView` (its session, world view and HUD).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from game.screens.run_view import RunView
    from game.session.campaign import LegContext


class Navigator(Protocol):
    """What a screen may ask for."""

    def back(self) -> None:
        """Close the overlay on top (pause, settings, a question) and return below it."""

    def title(self) -> None:
        """The title menu."""

    def quit(self) -> None:
        """Leave the game."""

    def error(self, message: str) -> None:
        """Show a problem; Enter goes back to the title."""

    def open_settings(self) -> None:
        """The settings pages over the current screen."""

    def credits(self) -> None:
        """The credits; then the title."""

    def open_map(self, mode: str, select: int | None = None, notice: str | None = None) -> None:
        """The route map in `mode` (campaign or practice), with a leg selected."""

    def show_card(self, index: int) -> None:
        """The story card before campaign leg `index`; then the leg."""

    def new_campaign(self) -> None:
        """A fresh crate at Nenana; then the first card."""

    def continue_campaign(self) -> None:
        """The card of the leg the campaign runs next (a new campaign when none is under way)."""

    def start_leg(self, index: int, mode: str) -> bool:
        """Load leg `index` and go to its countdown; False when it could not start."""

    def after_results(self, context: LegContext) -> None:
        """From a campaign leg's results: the next card, or the ending at Nome."""

    def confirm(self, question: str, detail: str, on_yes: Callable[[], None],
                yes: str = "Yes", no: str = "No") -> None:
        """A yes/no question over the current screen."""

    def pause(self, run: RunView) -> None:
        """The pause menu over the run."""

    def countdown(self, run: RunView) -> None:
        """The run's 3-2-1, then the run."""

    def resume_run(self, run: RunView) -> None:
        """Straight into the run (after the countdown, or a restart from the pause)."""

    def results(self, run: RunView) -> None:
        """How the run went and what next."""

    def quit_run(self, run: RunView) -> None:
        """Leave a run: to the route map in the leg's mode (the title when that fails)."""

    def bot_run_over(self, run: RunView) -> None:
        """A run a bot drove has ended: the title after the demo, else the same leg again on
        the next seed (play --bot)."""

    def demo(self) -> None:
        """The title was left idle: the autopilot drives a leg until any key or button."""
