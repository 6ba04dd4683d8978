"""How the 640x360 frame reaches the window: SDL's scaling renderer when it is a fast one, our
own upscale into a plain window when it is not.

The game draws every frame onto a 640x360 logical surface. With a GPU, `pygame.SCALED` is the
cheapest way to show it: SDL uploads the frame and the GPU stretches it. Without one (a machine
with no acceleration, SDL's dummy driver), SDL's software renderer does the stretch through its
general scaling blit, about five times the cost of copying the window once. pygame-ce says which
renderer it got: opening a SCALED display on a renderer without `SDL_RENDERER_ACCELERATED`
warns "no fast renderer available" (display.c, `set_mode`). On that warning `open_display`
opens a plain window of the window-scale size instead and `SoftwarePresenter` upscales the frame
itself (`game.render.upscale.Doubler` for 2x, nearest-neighbour `transform.scale` for any other
size, centred with black bars), then flips. The player sees the same whole pixels either way;
mouse positions are mapped back to logical coordinates as SCALED does for its windows.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence

import pygame

from game.render.upscale import Doubler

LOGICAL = (640, 360)
NO_FAST_RENDERER = "no fast renderer available"  # pygame-ce's warning for a non-accelerated renderer
MOUSE_EVENTS = (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
BLACK = (0, 0, 0)


def _window() -> pygame.Window:
    """The display module's window (pygame-ce 2.5 calls this deprecated, yet it is its way)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pygame.Window.from_display_module()


class Presenter:
    """The SCALED window: the game draws straight onto the display surface, SDL scales it on
    `present` (and already gives mouse events in logical coordinates)."""

    path = "scaled"

    def __init__(self, screen: pygame.Surface) -> None:
        self.screen = screen  # where the game draws each frame, 640x360

    def present(self) -> None:
        """Show the frame drawn on `screen`."""
        pygame.display.flip()

    def to_logical(self, pos: Sequence[float]) -> tuple[int, int]:
        """A window position as a position on the logical screen."""
        return int(pos[0]), int(pos[1])

    def event(self, event: pygame.event.Event) -> pygame.event.Event:
        """`event` with any mouse position in logical coordinates."""
        return event

    def set_fullscreen(self, on: bool) -> None:
        """Enter or leave fullscreen (the desktop's size; SDL letterboxes the scaled frame)."""
        pygame.display.toggle_fullscreen()

    def set_window_size(self, size: tuple[int, int]) -> None:
        """Resize the window (not fullscreen) and centre it."""
        window = _window()
        window.size = size
        window.position = pygame.WINDOWPOS_CENTERED


class SoftwarePresenter(Presenter):
    """A plain window of the window's real size; each frame is upscaled into it by us."""

    path = "software"

    def __init__(self, window_size: tuple[int, int], fullscreen: bool = False) -> None:
        self.fullscreen = fullscreen
        self.window_size = window_size
        display = self._open()
        super().__init__(pygame.Surface(LOGICAL, 0, display))  # the display's pixel format: no conversion
        self.double = Doubler()
        self._layout: tuple[int, int, int, int, int, int] = (0, 0, 0, 0, 0, 0)  # window w, h; frame x, y, w, h

    def _open(self) -> pygame.Surface:
        if self.fullscreen:  # (0, 0): the desktop's size, borderless, no change of video mode
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(self.window_size, pygame.RESIZABLE)

    def _display(self) -> pygame.Surface:
        """The window's surface (a new one after each set_mode; reopened if it was closed)."""
        display = pygame.display.get_surface()
        return display if display is not None else self._open()

    def place(self, window: tuple[int, int]) -> pygame.Rect:
        """Where the frame goes in a window of this size: the largest whole multiple of 640x360
        that fits, centred (fullscreen: the largest size of the same shape, as SCALED does)."""
        w, h = window
        if self.fullscreen:
            k = min(w / LOGICAL[0], h / LOGICAL[1])
            fw, fh = max(1, round(LOGICAL[0] * k)), max(1, round(LOGICAL[1] * k))
        else:
            n = max(1, min(w // LOGICAL[0], h // LOGICAL[1]))
            fw, fh = LOGICAL[0] * n, LOGICAL[1] * n
        return pygame.Rect((w - fw) // 2, (h - fh) // 2, fw, fh)

    def present(self) -> None:
        display = self._display()
        size = display.get_size()
        if size == (2 * LOGICAL[0], 2 * LOGICAL[1]):
            self.double(self.screen, display)  # the usual window: one numpy pass
        else:
            rect = self.place(size)
            if rect.size == LOGICAL and size == LOGICAL:
                display.blit(self.screen, (0, 0))
            elif rect.size == size:
                pygame.transform.scale(self.screen, size, display)
            else:
                display.fill(BLACK)  # the bars (cheap next to the scale; the window may have been uncovered)
                pygame.transform.scale(self.screen, rect.size, display.subsurface(rect))
        pygame.display.flip()

    def to_logical(self, pos: Sequence[float]) -> tuple[int, int]:
        rect = self.place(self._display().get_size())
        x = (pos[0] - rect.x) * LOGICAL[0] // rect.w
        y = (pos[1] - rect.y) * LOGICAL[1] // rect.h
        return int(min(max(x, 0), LOGICAL[0] - 1)), int(min(max(y, 0), LOGICAL[1] - 1))

    def event(self, event: pygame.event.Event) -> pygame.event.Event:
        if event.type not in MOUSE_EVENTS:
            return event
        attrs = dict(event.dict)
        attrs["pos"] = self.to_logical(event.pos)
        if event.type == pygame.MOUSEMOTION:
            rect = self.place(self._display().get_size())
            attrs["rel"] = (int(event.rel[0] * LOGICAL[0] // rect.w), int(event.rel[1] * LOGICAL[1] // rect.h))
        return pygame.event.Event(event.type, attrs)

    def set_fullscreen(self, on: bool) -> None:
        self.fullscreen = on
        self._open()

    def set_window_size(self, size: tuple[int, int]) -> None:
        self.window_size = size
        if not self.fullscreen:
            self._open()
            try:
                _window().position = pygame.WINDOWPOS_CENTERED
            except (AttributeError, pygame.error):
                pass  # older pygame: the window stays where it was


def open_display(window_size: tuple[int, int], vsync: bool = True, fullscreen: bool = False) -> Presenter:
    """The game's window: SCALED when SDL's renderer is accelerated (vsync when asked for and
    the driver allows it), else a plain window of `window_size` (or the desktop, fullscreen)
    presented by `SoftwarePresenter`. The SCALED window starts at 640x360 (`Display.apply`
    sizes it); the plain window opens at its size."""
    flags = pygame.SCALED | pygame.RESIZABLE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            screen = pygame.display.set_mode(LOGICAL, flags, vsync=1 if vsync else 0)
        except pygame.error:  # "could not enable vsync"
            screen = pygame.display.set_mode(LOGICAL, flags)
    if any(NO_FAST_RENDERER in str(w.message) for w in caught):
        return SoftwarePresenter(window_size, fullscreen)
    return Presenter(screen)
