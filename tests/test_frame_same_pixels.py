"""The frame's faster drawing shows a player exactly what the plain drawing showed: the snow
written group by group, the HUD's bar composed once per change, the numpy screen fill and the
team's stamped shadows, each against the straightforward way, pixel for pixel."""
import numpy as np
import pygame
import pytest
from test_hud_bar import _old_stamina, _old_vials, _strip

from game import resources
from game.render.fog import fill_screen
from game.render.hud import Hud, clock_text
from game.render.palette import PALETTE as P
from game.render.weather import SnowStorm
from game.render.world_view import WorldView
from game.sim import create_world, step
from game.sim.bots import autopilot
from game.sim.constants import DT
from game.tiled.level import load_level

pytestmark = pytest.mark.usefixtures("pygame_display")


def _frame() -> pygame.Surface:
    return pygame.Surface((640, 360), 0, 32)


def _pixels(s: pygame.Surface) -> bytes:
    return pygame.image.tobytes(s, "RGB")


def _snow_one_by_one(snow: SnowStorm, surface: pygame.Surface, alpha: float) -> None:
    """Every flake's pixels written one flake at a time, in the storm's drawing order: the
    streaks' tails, their heads, the far flakes, the mid ones, the near flakes' 2x2 squares."""
    n = max(1, min(snow.cap, int(snow.count)))
    w, h = surface.get_size()
    cols = [surface.map_rgb(c) for c in snow._colours()]
    xy = (snow.vel[:, :n] * np.float32(DT * alpha) + snow.pos[:, :n]).astype(np.intp)
    length = int(snow.streak)
    edge = length + 1
    flat = pygame.surfarray.pixels2d(surface).T.reshape(-1)
    ux, uy = snow.dir
    trail = [int(round(-ux * k)) + int(round(-uy * k)) * w for k in range(1, length + 1)]
    inside = [edge <= x < w - edge and edge <= y < h - edge for x, y in xy.T.tolist()]
    at = [int(y) * w + int(x) for x, y in xy.T.tolist()]
    near, far = snow.near[:n], snow.far[:n]
    streaky = near & snow.streaky[:n]
    groups = []
    if length >= 2:
        groups += [(streaky, trail[length // 2:], cols[4]), (streaky, trail[:length // 2], cols[3])]
    groups += [(far, [0], cols[2]), (~near & ~far, [0], cols[1]), (near, [0, 1, w, w + 1], cols[0])]
    for kind, offsets, colour in groups:
        for i in np.flatnonzero(kind).tolist():
            if inside[i]:
                for o in offsets:
                    flat[at[i] + o] = colour
    del flat


def _draw_both(snow: SnowStorm, ours: pygame.Surface, ref: pygame.Surface, background, alpha: float) -> None:
    """Both frames filled with `background`, then the storm's flakes drawn on `ours` and the
    same flakes one at a time on `ref`."""
    ours.fill(background)
    ref.fill(background)
    snow.draw(ours, alpha)
    _snow_one_by_one(snow, ref, alpha)


@pytest.mark.parametrize("darkness", [0.0, 0.8])
def test_the_snow_writes_the_same_pixels_as_one_flake_at_a_time(darkness):
    snow = SnowStorm((640, 360), seed=9)
    ours, ref = _frame(), _frame()
    for i in range(240):
        gust = 1.6 if i % 70 == 0 else 1.0
        snow.update_tick(1.0 if i < 160 else 0.1, (60.0 - i * 0.7, 15.0), (i * 2.0, i * -1.0), gust, darkness)
        if i % 3:
            continue
        alpha = (i % 4) / 4
        _draw_both(snow, ours, ref, P["snow_white"] if darkness < 0.3 else P["night"], alpha)
        assert _pixels(ours) == _pixels(ref), i


def test_a_storm_with_no_flakes_draws_nothing():
    """A storm made with room for no flakes (a caller turning the snow off that way) leaves
    the frame as it was, as it always did."""
    snow = SnowStorm((160, 90), seed=2, capacity=0)
    frame = _frame()
    frame.fill(P["snow_white"])
    before = _pixels(frame)
    for i in range(5):
        snow.update_tick(1.0, (40.0, 10.0), (i * 3.0, 0.0), 1.6)
        snow.draw(frame, 0.5)
    assert _pixels(frame) == before


def test_the_snow_takes_each_frames_own_colours_when_the_frame_changes():
    """Frames of other pixel formats one after another (a new window, a screenshot surface):
    each gets the flakes in its own colours, as one flake at a time would draw them."""
    snow = SnowStorm((160, 90), seed=5)
    for _ in range(40):
        snow.update_tick(1.0, (50.0, 10.0), (0.0, 0.0), 1.0, 0.0)
    for depth, masks in ((32, None), (16, None), (32, (0xFF, 0xFF00, 0xFF0000, 0)), (16, None), (32, None)):
        ours = pygame.Surface((160, 90), 0, depth, masks) if masks else pygame.Surface((160, 90), 0, depth)
        ref = ours.copy()
        _draw_both(snow, ours, ref, P["night"], 0.5)
        assert _pixels(ours) == _pixels(ref), (depth, masks)


def test_the_snow_takes_the_night_colours_when_night_falls_on_the_same_frame():
    """Day and night alternate on one frame surface: the flakes change colour with the dark
    (the kept mapped colours follow the colour set, not only the surface)."""
    snow = SnowStorm((160, 90), seed=6)
    ours, ref = pygame.Surface((160, 90), 0, 32), pygame.Surface((160, 90), 0, 32)
    for i in range(60):
        darkness = 0.8 if (i // 6) % 2 else 0.0
        snow.update_tick(1.0, (50.0, 10.0), (0.0, 0.0), 1.0, darkness)
        if i < 20 or i % 3:
            continue
        _draw_both(snow, ours, ref, P["slate"], 0.5)
        assert _pixels(ours) == _pixels(ref), (i, darkness)


def test_snow_and_the_fill_draw_on_a_frame_with_alpha_as_on_one_without():
    """A frame with per-pixel alpha (an offscreen picture of a run) gets the same colours as
    the plain frame: the fill and the flakes are opaque pixels there."""
    snow = SnowStorm((160, 90), seed=4)
    plain, with_alpha = pygame.Surface((160, 90), 0, 32), pygame.Surface((160, 90), pygame.SRCALPHA, 32)
    for i in range(40):
        snow.update_tick(1.0, (50.0, 10.0), (0.0, 0.0), 1.6 if i == 30 else 1.0)
    assert snow.streak >= 2
    for s in (plain, with_alpha):
        fill_screen(s, P["snow_white"])
        snow.draw(s, 0.5)
    assert _pixels(with_alpha) == _pixels(plain)
    assert set(pygame.image.tobytes(with_alpha, "RGBA")[3::4]) == {255}


@pytest.mark.parametrize("w, h", [(64, 48), (23, 21), (12, 13), (5, 4)])
def test_flakes_at_the_screen_edges_leave_the_picture_around_them_as_it_was(w, h):
    """Flakes just inside and just outside every edge, streaks of every length pointing every
    way (also straight at the corners and just either side of a rounding step), on frames from
    roomy to too small for a streak, over a noisy picture: the same pixels as one by one."""
    snow = SnowStorm((w, h), seed=4, capacity=600)
    rng = np.random.default_rng(11)
    noise = rng.integers(0, 256, (w, h, 3), dtype=np.uint8)
    spots = [(x, y) for x in (-3, -1, 0, 1, 2, 3, 6, 11, 12, 13, w - 14, w - 12, w - 3, w - 2, w - 1, w + 1)
             for y in (-1, 0, 1, 2, 3, 11, 12, h - 13, h - 3, h - 2, h - 1, h)]
    snow.count = snow.cap
    snow.vel[:] = 0.0
    for k in range(snow.cap):
        x, y = spots[(k * 7) % len(spots)]
        snow.pos[0, k], snow.pos[1, k] = x + 0.5, y + 0.25
    steps = [a + d for a in np.linspace(0.0, 2 * np.pi, 16, endpoint=False).tolist() for d in (0.0, 0.07)]
    angles = steps + [np.arcsin(0.5 / k) + q for k in (1, 2, 3, 5) for q in (0.0, 1e-7, -1e-7)]
    for length in (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 10.0):
        for angle in angles:
            snow.streak = length
            snow.dir = (float(np.cos(angle)), float(np.sin(angle)))
            ours, ref = pygame.Surface((w, h), 0, 32), pygame.Surface((w, h), 0, 32)
            pygame.surfarray.blit_array(ours, noise)
            pygame.surfarray.blit_array(ref, noise)
            snow.draw(ours, 0.5)
            _snow_one_by_one(snow, ref, 0.5)
            assert _pixels(ours) == _pixels(ref), (length, angle)


def test_the_screen_fill_matches_pygame_fill():
    for size in ((640, 360), (37, 11)):
        ours, ref = pygame.Surface(size, 0, 32), pygame.Surface(size, 0, 32)
        ours.fill((1, 2, 3))
        fill_screen(ours, (250, 240, 230))
        ref.fill((250, 240, 230))
        assert _pixels(ours) == _pixels(ref)
    clipped = _frame()  # a clip set: only inside it, as surface.fill does
    clipped.fill((0, 0, 0))
    clipped.set_clip((10, 10, 20, 20))
    fill_screen(clipped, (200, 0, 0))
    assert clipped.get_at((15, 15))[:3] == (200, 0, 0) and clipped.get_at((5, 5))[:3] == (0, 0, 0)


def _bar_the_plain_way(hud: Hud, surface: pygame.Surface, world, alpha: float) -> None:
    """The top bar drawn piece by piece straight onto the frame (before the bar was cached)."""
    surface.blit(_strip(hud.high_contrast), (0, 0))
    x = _old_vials(hud, surface, world, 6)
    _old_stamina(hud, surface, world, x + 12)
    txt = hud.assets.text
    secs = (world.finish_tick if world.outcome else world.tick + alpha) / 60
    txt.draw(surface, clock_text(secs), (364, 7), P["hud_text"], align="center")
    txt.draw(surface, f"{world.miles_left:4.1f} mi to {hud.dest}", (634, 7), P["hud_text"], align="right")


def test_the_hud_bar_shows_what_drawing_it_piece_by_piece_shows(assets):
    level = load_level(resources.LEVELS / "02_tolovana_manley.tmx")
    world = create_world(level, 3)
    hud = Hud(assets, world)
    backdrop = _frame()
    rng = np.random.default_rng(2)
    pygame.surfarray.blit_array(backdrop, rng.integers(0, 2**24, (640, 360), dtype=np.uint32))
    changes, before = 0, b""
    for i in range(400):
        step(world, autopilot(world))
        hud.on_events(world, list(world.events))
        hud.update_tick()
        if i % 37 == 0:  # the states the bar shows: low, winded, mushing, a lost vial, the styles
            world.team.stamina = float(rng.uniform(0.0, 1.0))
            world.team.winded = bool(rng.integers(0, 2))
            hud.lost_flash = int(rng.integers(0, 60))
            world.vials = int(rng.integers(0, world.vials_start + 1))
            hud.style(reduced_motion=bool(rng.integers(0, 2)), high_contrast=bool(rng.integers(0, 2)))
        for alpha in (0.0, 0.5):
            ours, ref = backdrop.copy(), backdrop.copy()
            ours.blit(hud._bar(world, alpha), (0, 0))
            _bar_the_plain_way(hud, ref, world, alpha)
            assert _pixels(ours) == _pixels(ref), (i, alpha)
        now = pygame.image.tobytes(hud._bar(world, 0.0), "RGBA")
        changes += now != before
        before = now
    assert 20 < changes < 400  # redrawn when something changed, not every frame


def test_the_team_shadows_are_the_ellipses_they_stand_for(assets):
    level = load_level(resources.LEVELS / "01_nenana_tolovana.tmx")
    view = WorldView(level, assets.sprites, seed=1)
    shadow = view.team_view.shadow()
    for x, y in ((100.0, 80.0), (-3.4, 5.9), (637.2, 358.7)):
        ours, ref = _frame(), _frame()
        ours.fill((9, 9, 9))
        ref.fill((9, 9, 9))
        ours.fblits([(shadow, (int(x) - 5, int(y) - 2))])
        pygame.draw.ellipse(ref, P["snow_shadow"], (int(x) - 5, int(y) - 2, 11, 6))
        assert _pixels(ours) == _pixels(ref)
