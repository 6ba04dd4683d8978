"""How a frame reaches the window (game.app.present), headless: SDL's dummy driver has no
accelerated renderer, so the game opens a plain window and upscales itself; with a fast
renderer it keeps pygame's SCALED display. Both paths, the window scale, fullscreen and mouse
positions in logical 640x360 coordinates."""
import warnings

import numpy as np
import pygame
import pytest

from game.app import present
from game.app.flow import Flow
from game.app.present import LOGICAL, Presenter, SoftwarePresenter, open_display
from game.app.window import App, Display
from game.audio.mixer import Audio
from game.saves.settings import Settings
from game.saves.storage import Store
from game.session.services import Services

ev = pygame.event.Event


@pytest.fixture(autouse=True)
def _restore_display(pygame_display):
    """Each test opens its own window; the display the other tests use comes back after."""
    before = pygame.display.get_surface()
    size = before.get_size() if before is not None else None
    yield
    if size is not None:
        pygame.display.set_mode(size)


@pytest.fixture
def big_desktop(monkeypatch):
    """A 4K desktop (the dummy driver's is 1024x768, too small for a 2x window)."""
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [(3840, 2160)])


def _pattern(surface: pygame.Surface) -> None:
    rng = np.random.default_rng(7)
    pygame.surfarray.blit_array(surface, rng.integers(0, 2**24, LOGICAL, dtype=np.uint32))


def _window_pixels() -> bytes:
    return pygame.image.tobytes(pygame.display.get_surface(), "RGB")


def test_without_a_fast_renderer_the_game_upscales_into_a_plain_window():
    p = open_display((1280, 720))
    assert isinstance(p, SoftwarePresenter) and p.path == "software"
    assert p.screen.get_size() == LOGICAL  # the screens still draw 640x360
    assert pygame.display.get_surface().get_size() == (1280, 720)
    assert not pygame.display.get_surface().get_flags() & pygame.SCALED
    _pattern(p.screen)
    p.present()
    want = pygame.transform.scale(p.screen, (1280, 720))  # whole pixels, nearest neighbour
    assert _window_pixels() == pygame.image.tobytes(want, "RGB")


def test_with_a_fast_renderer_the_scaled_display_stays(monkeypatch):
    real = pygame.display.set_mode

    def accelerated(*args, **kwargs):  # as on a GPU: pygame-ce does not warn
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return real(*args, **kwargs)

    monkeypatch.setattr(pygame.display, "set_mode", accelerated)
    p = open_display((1280, 720))
    assert type(p) is Presenter and p.path == "scaled"
    assert p.screen is pygame.display.get_surface()  # drawn on directly, SDL scales
    p.set_window_size((1280, 720))  # the window scale: the window grows, the screen does not
    assert pygame.display.get_window_size() == (1280, 720) and p.screen.get_size() == LOGICAL
    click = ev(pygame.MOUSEBUTTONDOWN, pos=(100, 50), button=1)
    assert p.event(click) is click  # SDL already maps the mouse for SCALED windows


@pytest.mark.parametrize("scale", [1, 2, 3, 4])
def test_the_window_scale_sizes_the_plain_window(big_desktop, scale):
    p = open_display((1280, 720))
    Display(p).apply(Settings(window_scale=scale))
    size = (LOGICAL[0] * scale, LOGICAL[1] * scale)
    assert pygame.display.get_surface().get_size() == size
    _pattern(p.screen)
    p.present()
    assert _window_pixels() == pygame.image.tobytes(pygame.transform.scale(p.screen, size), "RGB")


def test_a_small_desktop_gets_a_smaller_window():
    p = open_display((1280, 720))
    Display(p).apply(Settings(window_scale=4))  # 2560x1440 does not fit 1024x768
    w, h = pygame.display.get_surface().get_size()
    assert w <= 1024 and h + 60 <= 768 and (w, h) == (640, 360)


def test_fullscreen_fills_the_desktop_with_black_bars_and_comes_back():
    desktop = pygame.display.get_desktop_sizes()[0]  # the dummy driver's: 1024x768
    p = open_display((1280, 720))
    d = Display(p)
    d.apply(Settings(window_scale=1))
    d.apply(Settings(window_scale=1, fullscreen=True))
    full = pygame.display.get_surface()
    fw, fh = full.get_size()
    assert (fw, fh) == desktop
    rect = p.place((fw, fh))
    assert rect.w / rect.h == pytest.approx(16 / 9, abs=0.01) and rect.center == (fw // 2, fh // 2)
    p.screen.fill((200, 30, 30))
    p.present()
    assert full.get_at(rect.center)[:3] == (200, 30, 30)
    if rect.top > 0:
        assert full.get_at((fw // 2, 0))[:3] == (0, 0, 0)  # the bars
    d.apply(Settings(window_scale=1, fullscreen=False))
    assert pygame.display.get_surface().get_size() == (640, 360)


def test_mouse_positions_reach_the_screens_in_logical_coordinates(assets, big_desktop):
    p = open_display((1280, 720))
    d = Display(p)
    d.apply(Settings(window_scale=3))  # 1920x1080: 3 window pixels a logical pixel
    assert p.to_logical((0, 0)) == (0, 0)
    assert p.to_logical((1919, 1079)) == (639, 359)
    assert p.to_logical((961, 542)) == (320, 180)
    moved = p.event(ev(pygame.MOUSEMOTION, pos=(300, 600), rel=(9, -6), buttons=(0, 0, 0)))
    assert moved.pos == (100, 200) and moved.rel == (3, -2) and moved.buttons == (0, 0, 0)
    keys = ev(pygame.KEYDOWN, key=pygame.K_a)
    assert p.event(keys) is keys
    app = App(Flow(Services.create(assets, store=Store(), audio=Audio(enabled=False)), seed=1), p.screen, d)
    seen = []
    app.flow.screen.handle_event = lambda e: seen.append(e) or True
    app.event(ev(pygame.MOUSEBUTTONDOWN, pos=(1800, 90), button=1))
    assert [e.pos for e in seen] == [(600, 30)]


def test_positions_in_the_bars_stay_on_the_screen(big_desktop):
    p = open_display((1280, 720))
    Display(p).apply(Settings(window_scale=2, fullscreen=True))
    w, h = pygame.display.get_surface().get_size()
    assert p.to_logical((w - 1, h - 1)) == (639, 359)
    assert p.to_logical((0, 0)) == (0, 0)


def test_the_app_presents_through_its_presenter(assets, monkeypatch):
    p = open_display((1280, 720))
    flow = Flow(Services.create(assets, store=Store(), audio=Audio(enabled=False)), seed=1)
    app = App(flow, p.screen, Display(p))
    shown = []
    monkeypatch.setattr(present.SoftwarePresenter, "present", lambda self: shown.append(self))
    app.run(max_frames=3)
    assert shown == [p, p, p]
