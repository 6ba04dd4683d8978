"""The game window: the only module that touches the display, the event queue and the clock.

`run_app` opens a 640x360 logical screen (scaled, resizable, 1280x720 by default), turns
events into actions and held keys into Controls, runs fixed ticks of the current screen
(`game.loop.FixedStepClock`) and draws each frame with the render alpha.

Environment (for automated runs): BALTO_MAX_FRAMES=n quits after n frames;
BALTO_AUTOPILOT=1 lets the autopilot bot drive instead of the keyboard; BALTO_MUTE=1 plays
no sound (`game.audio.Audio` is silent anyway when there is no sound device).
"""
from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pygame

from game import input as I
from game.loop import FixedStepClock

TITLE = "Balto: The Serum Run"
LOGICAL = (640, 360)
WINDOW = (1280, 720)
FPS_CAP = 120


def _open_window() -> pygame.Surface:
    """The scaled display surface; vsync when the driver allows it."""
    flags = pygame.SCALED | pygame.RESIZABLE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no fast renderer available" on software drivers
        try:
            screen = pygame.display.set_mode(LOGICAL, flags, vsync=1)
        except pygame.error:
            screen = pygame.display.set_mode(LOGICAL, flags)
    pygame.display.set_caption(TITLE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            window = pygame.Window.from_display_module()
        desk = pygame.display.get_desktop_sizes()
        if not desk or (desk[0][0] >= WINDOW[0] and desk[0][1] >= WINDOW[1] + 60):
            window.size = WINDOW
            window.position = pygame.WINDOWPOS_CENTERED
    except (AttributeError, pygame.error):
        pass  # older pygame: SCALED picks an integer scale by itself
    return screen


def _seed(seed: int | None) -> int:
    return int(seed) if seed is not None else time.time_ns() % 1_000_000_007


def run_app(level: str | None = None, seed: int | None = None) -> int:
    """Run the game until the player quits; returns the exit code (0)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame.display.init()
    pygame.font.init()  # only the fallback text uses it
    try:
        screen = _open_window()
        from game.audio import Audio
        from game.render import Assets
        from game.screens.flow import Flow

        driver = None
        if os.environ.get("BALTO_AUTOPILOT"):
            from game.sim.bots import autopilot

            driver = autopilot
        audio = Audio(enabled=not os.environ.get("BALTO_MUTE"))  # silent without a sound device
        flow = Flow(Assets(), seed=_seed(seed), driver=driver, audio=audio)
        if level is not None:
            flow.play(Path(level))
        max_frames = int(os.environ.get("BALTO_MAX_FRAMES", "0") or 0)
        _loop(screen, flow, max_frames)
    finally:
        try:
            pygame.mixer.quit()
        except pygame.error:
            pass
        pygame.quit()
    return 0


def _loop(screen: pygame.Surface, flow, max_frames: int = 0) -> None:
    """The fixed-timestep loop: events -> actions, ticks, one frame with alpha."""
    clock = FixedStepClock()
    frame_clock = pygame.time.Clock()
    last = time.perf_counter_ns()
    frames = 0
    while flow.running:
        for event in pygame.event.get():
            for action in I.actions_from_event(event):
                flow.handle(action)
            if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED):
                _pause_if_running(flow)
        if not flow.running:
            break
        if flow.stalled:  # a leg was just loaded: do not fast-forward its countdown
            flow.stalled = False
            clock.reset()
            last = time.perf_counter_ns()
        flow.controls = I.controls_from_keys(pygame.key.get_pressed())
        now = time.perf_counter_ns()
        ticks = clock.advance(now - last)
        last = now
        for _ in range(ticks):
            flow.tick()
        flow.draw(screen, clock.alpha)
        pygame.display.flip()
        frame_clock.tick(FPS_CAP)
        frames += 1
        if max_frames and frames >= max_frames:
            break


def _pause_if_running(flow) -> None:
    """Losing the window's focus pauses a run (as Esc would)."""
    if getattr(flow.screen, "name", "") in ("run", "countdown"):
        flow.handle(I.BACK)
