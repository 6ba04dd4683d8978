"""Every hazard is visible: the whiteout closes in at the visibility, the night is dark, false
markers only differ once revealed, cracks grow, bears get a pointer, story lines show, and
none of it touches the World's randomness."""
import math
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402
from mapmaker import cell, obj  # noqa: E402

from game.render.fog import Fog, fog_colour  # noqa: E402
from game.render.hud import Hud  # noqa: E402
from game.render.palette import PALETTE as P  # noqa: E402
from game.render.team_view import lerp_nodes  # noqa: E402
from game.render.world_view import WorldView  # noqa: E402
from game.sim import Controls, digest, step  # noqa: E402
from game.sim import bear as B  # noqa: E402
from game.sim import events as E  # noqa: E402
from game.sim.bots import autopilot  # noqa: E402


def field(w: int = 70, h: int = 30, row: int = 15) -> str:
    """Open snow with a trail across, a few trees for contrast."""
    rows = []
    for y in range(h):
        r = []
        for x in range(w):
            if x in (0, w - 1) or y in (0, h - 1):
                r.append("T")
            elif y == row and 2 <= x < w - 3:
                r.append("S" if x == 4 else "F" if x >= w - 5 else "=")
            elif (x * 7 + y * 13) % 23 == 0 and abs(y - row) > 2:
                r.append("T")
            else:
                r.append(".")
        rows.append("".join(r))
    return "\n".join(rows)


MAP = field()


pytestmark = pytest.mark.usefixtures("pygame_display")


class Run:
    """A world with its view and HUD, stepped like the run screen does."""

    def __init__(self, world, assets):
        self.world = world
        self.view = WorldView(world.level, assets.sprites, seed=1)
        self.hud = Hud(assets, world)
        self.view.reset(world)
        self.surf = pygame.Surface((640, 360))

    def tick(self, controls=None, n: int = 1):
        for _ in range(n):
            w = self.world
            step(w, controls(w) if callable(controls) else (controls or Controls()))
            self.view.update_tick(w, w.events)
            self.hud.on_events(w, w.events)
            self.hud.update_tick()
        return self

    def frame(self, hud: bool = False, snow: bool = False, alpha: float = 0.0) -> np.ndarray:
        self.surf.fill((0, 0, 0))
        self.view.draw(self.surf, self.world, alpha, snow=snow)
        if hud:
            self.hud.draw(self.surf, self.world, alpha, self.view.cam(alpha))
        return pygame.surfarray.array3d(self.surf).astype(np.int32)

    def balto(self, alpha: float = 0.0) -> tuple[float, float]:
        x, y = lerp_nodes(self.world, alpha)[0] - np.array(self.view.cam(alpha))
        return float(x), float(y)


def _dist(shape, cx, cy):
    xx, yy = np.mgrid[0:shape[0], 0:shape[1]]
    return np.hypot(xx - cx, yy - cy)


# ---------------------------------------------------------------- blizzard and night

def test_whiteout_closes_in_at_exactly_the_visibility(make_world, assets):
    clear = Run(make_world(MAP), assets).tick(autopilot, 40)
    storm = Run(make_world(MAP, properties={"weather": "blizzard", "intensity": 0.8, "wind_x": 30.0}),
                assets).tick(autopilot, 40)
    vis = storm.world.weather.visibility
    assert 100 < vis < 200
    a, b = clear.frame(), storm.frame()
    d = _dist(b.shape, *storm.balto())
    far = d > vis + 3
    fog = np.array(fog_colour(0.0, 0.8))
    # Beyond the visibility: nothing but the fog colour.
    assert (np.abs(b[far] - fog).max(axis=1) <= 1).mean() > 0.99
    # Close by: the world still shows.
    near = d < vis * 0.4
    assert (np.abs(b[near] - fog).max(axis=1) > 8).mean() > 0.3
    # More white and less contrast than the clear frame beyond the radius.
    assert b[far].mean() > a[far].mean()
    assert b[far].std() < a[far].std()


def test_fog_masks_are_cached_not_rebuilt_every_frame(make_world, assets):
    run = Run(make_world(MAP, properties={"weather": "blizzard", "intensity": 1.0}), assets).tick(autopilot, 30)
    run.frame()
    built = run.view.fog.builds
    for _ in range(20):
        run.tick(autopilot)
        run.frame(snow=True)
    assert run.view.fog.builds == built


def test_night_is_dark_beyond_the_lantern_and_lights_shine_through(make_world, assets):
    lx, ly = cell(22, 12)
    run = Run(make_world(MAP, properties={"darkness": 0.9}, objects=obj(80, "lights", lx, ly)), assets)
    run.tick(autopilot, 30)
    wx = run.world.weather
    img = run.frame()
    d = _dist(img.shape, *run.balto())
    dark = np.array(fog_colour(0.9, 0.0))
    assert wx.visibility < wx.guide_visibility
    assert (np.abs(img[d > wx.visibility + 3] - dark).max(axis=1) <= 24).mean() > 0.95
    # A light beyond the lantern's reach but within the guide visibility is still drawn.
    cam = run.view.cam(0.0)
    sx, sy = int(lx - cam[0]), int(ly - cam[1])
    dl = math.hypot(lx - run.world.team.x, ly - run.world.team.y)
    assert wx.visibility < dl < wx.guide_visibility
    patch = img[sx - 6:sx + 7, sy - 8:sy + 5]
    assert (np.abs(patch - dark).max(axis=2) > 40).sum() > 10


def test_blizzard_snow_is_dense_and_moves(make_world, assets):
    calm = Run(make_world(MAP), assets).tick(autopilot, 60)
    storm = Run(make_world(MAP, properties={"weather": "blizzard", "intensity": 1.0, "wind_x": 40.0}),
                assets).tick(autopilot, 120)
    assert storm.view.snow.active > 2000 > calm.view.snow.active
    assert storm.view.snow.streak >= 2
    before = storm.view.snow.x.copy()
    storm.tick(autopilot)
    assert np.abs(storm.view.snow.x - before).mean() > 0.5


# ---------------------------------------------------------------- false markers

def _marker_world(make_world, false: bool):
    x, y = cell(14, 13)
    return make_world(MAP, objects=obj(70, "marker", x, y, props={"false": false}))


def test_unrevealed_false_marker_looks_exactly_like_a_true_one(make_world, assets):
    true_run = Run(_marker_world(make_world, False), assets).tick(autopilot, 20)
    false_run = Run(_marker_world(make_world, True), assets).tick(autopilot, 20)
    assert not false_run.world.markers.revealed(false_run.world.tick).any()
    assert np.array_equal(true_run.frame(), false_run.frame())


def test_revealed_false_marker_draws_differently_and_fades_back(make_world, assets):
    run = Run(_marker_world(make_world, True), assets).tick(autopilot, 20)
    plain = run.frame()
    run.tick(Controls(senses=True), 10)
    assert run.world.markers.revealed(run.world.tick).all()
    assert run.world.team.sensing
    revealed = run.frame()
    cam = run.view.cam(0.0)
    mx, my = int(run.world.markers.x[0] - cam[0]), int(run.world.markers.y[0] - cam[1])
    box = (slice(mx - 8, mx + 9), slice(my - 18, my + 2))
    assert (plain[box] != revealed[box]).any(axis=2).sum() > 15
    # Once the reveal is over it is a plain marker again.
    run.tick(Controls(), 5 * 60)
    assert not run.world.markers.revealed(run.world.tick).any()
    again = run.frame()
    assert np.array_equal(again[box], _same_camera_frame(make_world, assets, run)[box])


def _same_camera_frame(make_world, assets, run):
    """A true marker drawn with the same camera as `run` (for comparing the marker only)."""
    other = Run(_marker_world(make_world, False), assets)
    other.view.camera = run.view.camera
    other.world.tick = run.world.tick
    other.world.nodes[:] = run.world.nodes
    other.world.prev_nodes[:] = run.world.prev_nodes
    other.view.ticks = run.view.ticks
    return other.frame()


def test_senses_ring_shows_while_sensing_and_hud_shows_the_state(make_world, assets):
    run = Run(_marker_world(make_world, False), assets).tick(autopilot, 10)
    off = run.frame(hud=True)
    run.tick(Controls(senses=True), 5)
    on = run.frame(hud=True)
    d = _dist(on.shape, *run.balto())
    ring = (d > 176) & (d < 184)
    assert (off[ring] != on[ring]).any(axis=1).mean() > 0.3
    corner = (slice(640 - 124, 640), slice(360 - 36, 360))
    assert (off[corner] != on[corner]).any()
    run.tick(Controls(), 3)
    assert run.world.markers.cooldown > 0
    resting = run.frame(hud=True)
    assert (resting[corner] != on[corner]).any()


# ---------------------------------------------------------------- thin ice

def test_cracks_change_more_pixels_as_they_grow(make_world, assets):
    thin = obj(60, "thin_ice", 16 * 6, 16 * 13, 16 * 20, 16 * 5)
    run = Run(make_world(MAP, objects=thin), assets).tick(Controls(), 2)
    w = run.world
    cx, cy = 12, 16
    c = cy * w.level.width + cx
    base = run.frame()
    changed = []
    for level in (0.15, 0.5, 0.95):
        w.ice.cracks[c] = level
        changed.append(int((run.frame() != base).any(axis=2).sum()))
    assert 0 < changed[0] < changed[1] < changed[2]


def test_thin_ice_rectangles_are_drawn_as_ice(make_world, assets):
    plain = Run(make_world(MAP), assets).tick(Controls(), 2).frame()
    thin = obj(60, "thin_ice", 16 * 6, 16 * 17, 16 * 10, 16 * 4)
    icy = Run(make_world(MAP, objects=thin), assets).tick(Controls(), 2).frame()
    assert (plain != icy).any(axis=2).sum() > 16 * 16 * 10


def test_crack_meter_appears_on_thin_ice_and_holes_are_open_water(make_world, assets):
    thin = obj(60, "thin_ice", 16 * 2, 16 * 13, 16 * 12, 16 * 5)
    run = Run(make_world(MAP, objects=thin), assets).tick(Controls(), 30)
    assert run.world.ice.under_team > 0
    meter = (slice(320 - 100, 320 + 100), slice(24, 46))
    with_meter = run.frame(hud=True)
    saved = run.world.ice.under_team
    run.world.ice.under_team = 0.0
    without = run.frame(hud=True)
    run.world.ice.under_team = saved
    assert (with_meter[meter] != without[meter]).any(axis=2).sum() > 200
    # A hole (as a bear leaves it) shows dark water.
    from game.sim.ice import break_open

    w = run.world
    cx, cy = 10, 14
    break_open(w, [cy * w.level.width + cx])
    img = run.frame()
    cam = run.view.cam(0.0)
    x0, y0 = cx * 16 - cam[0], cy * 16 - cam[1]
    patch = img[x0 + 5:x0 + 11, y0 + 5:y0 + 11].reshape(-1, 3)
    water = {P["water"], P["water_deep"], P["ice_dark"]}
    assert sum(tuple(p) in water for p in patch.tolist()) > len(patch) // 2


# ---------------------------------------------------------------- bears

def test_bear_pointer_appears_when_a_bear_notices_from_off_screen(make_world, assets):
    bx, by = cell(30, 28)  # below the trail, off the bottom of the screen at first
    run = Run(make_world(MAP, objects=obj(90, "bear", bx, by, props={"aggro_radius": 260.0})), assets)
    run.tick(Controls(), 1)
    hh = run.hud.hazards
    assert hh.pointers(run.world, 0.0, run.view.cam(0.0)) == []
    events = []
    for _ in range(400):
        run.tick(autopilot)
        events.extend(e.kind for e in run.world.events)
        if run.world.bears.state[0] == B.NOTICE:
            break
    assert E.BEAR_NOTICE in events
    ptrs = hh.pointers(run.world, 0.0, run.view.cam(0.0))
    assert len(ptrs) == 1
    px, py, ang, state = ptrs[0]
    assert state == B.NOTICE
    sx = run.world.bears.x[0] - run.view.cam(0.0)[0]
    sy = run.world.bears.y[0] - run.view.cam(0.0)[1]
    assert not (60 <= sx <= 580 and 82 <= sy <= 300)  # off screen or near its edge
    assert 16 <= px <= 640 - 16 and 22 + 16 <= py <= 360 - 16  # the pointer stays on screen
    # The pointer is drawn: the HUD differs from the same frame with the bear asleep.
    img = run.frame(hud=True)
    run.world.bears.state[0] = B.SLEEP
    calm = run.frame(hud=True)
    run.world.bears.state[0] = B.NOTICE
    box = (slice(max(0, int(px) - 20), int(px) + 20), slice(max(0, int(py) - 20), int(py) + 20))
    assert (img[box] != calm[box]).any(axis=2).sum() > 50


def test_noticing_bear_shows_its_telegraph_and_charging_bear_moves(make_world, assets):
    bx, by = cell(8, 12)
    run = Run(make_world(MAP, objects=obj(90, "bear", bx, by)), assets)
    saw = set()
    frames = {B.SLEEP: run.frame()}
    for _ in range(600):
        run.tick(Controls(brake=True))
        s = int(run.world.bears.state[0])
        if s not in frames:
            frames[s] = run.frame()
        saw.add(s)
        if {B.NOTICE, B.CHARGE, B.SWIPE, B.RECOVER} <= saw:
            break
    assert {B.NOTICE, B.CHARGE, B.SWIPE} <= saw
    # The roar ring, the '!' and the closing ring put plenty of pixels around the bear.
    assert (frames[B.NOTICE] != frames[B.SLEEP]).any(axis=2).sum() > 400
    # The paw came down: a claw slash is on screen.
    assert B.RECOVER in saw and run.view.bears.slashes


# ---------------------------------------------------------------- story, wolf

def test_story_lines_become_subtitles_in_order(make_world, assets):
    x, _ = cell(5, 0)
    stories = (obj(50, "story", 16 * 3, 16 * 12, 16 * 4, 16 * 6, props={"speaker": "Boris", "text": "Go, Balto!"})
               + obj(51, "story", 16 * 5, 16 * 12, 16 * 4, 16 * 6, props={"speaker": "Jenna", "text": "Be careful."}))
    run = Run(make_world(MAP, objects=stories), assets)
    before = run.frame(hud=True)
    run.tick(autopilot, 40)
    subs = run.hud.hazards.subtitles
    assert subs.showing and subs.current.speaker == "Boris"
    assert [s for s, _ in subs.queue] == ["Jenna"]
    img = run.frame(hud=True)
    bottom = (slice(100, 540), slice(300, 360))
    assert (img[bottom] != before[bottom]).any(axis=2).sum() > 500
    for _ in range(60 * 20):
        run.hud.update_tick()
        if subs.current is not None and subs.current.speaker == "Jenna":
            break
    assert subs.current.speaker == "Jenna"


def test_white_wolf_fades_in_when_it_appears(make_world, assets):
    wx, wy = cell(34, 13)
    run = Run(make_world(MAP, objects=obj(40, "wolf", wx, wy)), assets)
    run.tick(autopilot, 1)
    assert run.view.guides.wolf_alpha.get(40, 0.0) == 0.0
    for _ in range(600):
        run.tick(autopilot)
        if run.world.guides.wolves[0].state == "guiding":
            break
    run.tick(autopilot, 40)
    assert run.view.guides.wolf_alpha[40] == 1.0
    img = run.frame()
    w = run.world.guides.wolves[0]
    cam = run.view.cam(0.0)
    sx, sy = int(w.x - cam[0]), int(w.y - cam[1])
    saved = run.view.guides.wolf_alpha[40]
    run.view.guides.wolf_alpha[40] = 0.0
    without = run.frame()
    run.view.guides.wolf_alpha[40] = saved
    box = (slice(sx - 12, sx + 12), slice(sy - 12, sy + 12))
    assert (img[box] != without[box]).any(axis=2).sum() > 30


# ---------------------------------------------------------------- determinism

def test_rendering_never_touches_the_worlds_randomness(make_world, assets):
    objects = (obj(90, "bear", *cell(20, 11)) + obj(91, "marker", *cell(18, 13), props={"false": True})
               + obj(92, "thin_ice", 16 * 24, 16 * 12, 16 * 6, 16 * 6) + obj(93, "wolf", *cell(26, 14)))
    props = {"weather": "blizzard", "intensity": 0.9, "wind_x": 30.0, "gusts": True}
    drawn = make_world(MAP, seed=7, objects=objects, properties=props)
    bare = make_world(MAP, seed=7, objects=objects, properties=props)
    run = Run(drawn, assets)
    ctl = lambda w: Controls(steer=autopilot(w).steer, mush=True, senses=(w.tick // 60) % 2 == 0)  # noqa: E731
    for i in range(360):
        run.tick(ctl)
        step(bare, ctl(bare))
        if i % 6 == 0:
            run.frame(hud=True, snow=True, alpha=0.5)
    assert digest(drawn) == digest(bare)
    assert drawn.rng.bit_generator.state == bare.rng.bit_generator.state


def test_fog_is_off_in_clear_weather():
    assert not Fog.active(420.0)
    assert Fog.active(200.0)
    surf = pygame.Surface((64, 64))
    surf.fill((1, 2, 3))
    Fog((64, 64)).draw(surf, 32, 32, 420.0)
    assert surf.get_at((0, 0))[:3] == (1, 2, 3)


def test_wind_dial_shows_in_weather_and_winded_is_spelled_out(make_world, assets):
    calm = Run(make_world(MAP), assets).tick(autopilot, 20)
    windy = Run(make_world(MAP, properties={"weather": "blizzard", "intensity": 0.6, "wind_x": 50.0}),
                assets).tick(autopilot, 20)
    dial = (slice(640 - 110, 640 - 6), slice(26, 64))
    a, b = calm.frame(hud=True), windy.frame(hud=True)
    assert (a[dial] != b[dial]).any(axis=2).sum() > 300
    from game.render.hazard_hud import wind_word

    assert [wind_word(v) for v in (0, 10, 40, 90)] == ["calm", "breeze", "strong", "gale"]
    # Winded: the word, not only a colour, next to the stamina bar.
    label = (slice(200, 300), slice(2, 20))
    before = calm.frame(hud=True)
    calm.world.team.winded = True
    after = calm.frame(hud=True)
    assert (before[label] != after[label]).any(axis=2).sum() > 30
