"""The world view: camera-relative drawing of the level, the team and every hazard, plus
world effects.

It only reads the World (interpolating between ticks with alpha) and the events of each
tick; it knows no rules. Each hazard's view is registered in game.render.hazard_views and
drawn in the layers of game.render.view_api. Drawing order: ground (tiles, then the GROUND
layer: thin ice, holes, cracks), course, MARKS and CREATURES, FOLLOWERS, the team, particles,
canopy; then the fog (whiteout or night) with the OVER_FOG layer (guides, charging bears) and
the team drawn over it; then what no fog may hide (CUES: senses; the shared rings; WARNINGS:
a bear's '!'), the snow storm and the loss flash.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import pygame

from game.render.bear_view import BearView
from game.render.camera import Camera
from game.render.course_view import CourseView
from game.render.effects import Flash, Particles, Shake, age_rings, draw_rings
from game.render.fall_warning import FallWarning
from game.render.fog import Fog, fill_screen, fog_colour
from game.render.guides_view import GuidesView
from game.render.hazard_views import PRESENTATIONS
from game.render.palette import PALETTE as P
from game.render.sprites import ANGLES, SpriteSheet
from game.render.team_view import TeamView, heading_to, lerp_points
from game.render.tiles import TileRenderer
from game.render.view_api import (
    CREATURES,
    CUES,
    FOLLOWERS,
    GROUND,
    LAYER_ORDER,
    MARKS,
    OVER_FOG,
    WARNINGS,
    Fade,
    Frame,
    Fx,
    HazardView,
)
from game.render.weather import SnowStorm
from game.sim import events as E
from game.sim.blizzard import Weather
from game.sim.events import Event
from game.sim.leveldata import Level
from game.sim.world import World

VIEW = (640, 360)
UnderTeam = Callable[[pygame.Surface, tuple[int, int]], object]
WATER = [P["water"], P["ice"], P["ice_light"], P["snow_white"]]
SPRAY = [P["snow_white"], P["snow_light"], P["snow_mid"]]
DUST = [P["snow_white"], P["snow_light"], P["rock_light"], P["snow_shadow"]]


def _guide_fade(balto: tuple[float, float], visibility: float) -> Fade:
    """The guides' fade over the fog, Balto at `balto` (world px)."""
    return Fade(balto[0], balto[1], max(1.0, visibility))


class WorldView:
    """Draws one World; owns the camera and all world-space effects of a run."""

    def __init__(self, level: Level, sprites: SpriteSheet, tiles: TileRenderer | None = None,
                 size: tuple[int, int] = VIEW, seed: int = 0) -> None:
        self.level = level
        self.sprites = sprites
        self.tiles = tiles if tiles is not None else TileRenderer(level)
        self.size = size
        mw, mh = level.pixel_size
        self.camera = Camera(size[0], size[1], mw, mh)
        self.particles = Particles(seed=seed + 1)
        self.shake = Shake(seed=seed + 2)
        self.flash = Flash(size)
        self.snow = SnowStorm(size, seed=seed + 3)
        self.fog = Fog(size)
        self.fall = FallWarning()  # the edge ahead: cells outlined here, the plate by the screen
        self.course = CourseView(level, sprites, size)  # checkpoint gates and the finish line
        # Every registered hazard view, by hazard name, in registry order.
        self.views: dict[str, HazardView] = {p.hazard: p.view(level, sprites) for p in PRESENTATIONS
                                             if p.view is not None}
        self.fx = Fx(self.particles, self.shake)
        # Per drawing layer, its views in their order there, those with nothing to draw in
        # this run left out (HazardView.shows); set by reset.
        self._layer_views: dict[str, list[HazardView]] = {layer: [] for layer in LAYER_ORDER}
        self._weather: Weather | None = None  # the World's Weather, for ticks without a world (countdown)
        self.ticks = 0  # presentation ticks (drives flutter, tile animation)
        self.hurt_blink = 0
        self.above = tuple(i for i, layer in enumerate(level.layers) if layer.drawn_above_team())
        self.below = tuple(i for i in range(len(level.layers)) if i not in self.above)
        self._rng = np.random.default_rng(seed + 4)
        self._spray_acc = 0.0
        self._started = False
        self._reduced = False
        self.team_view = TeamView(sprites)  # the gangline, the dogs, the sled and Balto

    @property
    def reduced_motion(self) -> bool:
        """The player's reduced-motion setting: no shake or flashes, fewer particles and
        flakes, a steady lantern."""
        return self._reduced

    @reduced_motion.setter
    def reduced_motion(self, on: bool) -> None:
        on = bool(on)
        if on == self._reduced:
            return
        self._reduced = on
        self.particles.density = 1 / 3 if on else 1.0
        self.snow.density = 0.5 if on else 1.0
        self.shake.enabled = self.flash.enabled = not on
        if on:
            self.shake.strength, self.shake.off = 0.0, (0, 0)
            self.flash.level = self.flash.white = 0.0

    def warm(self) -> None:
        """Build every rotation of the team's sprites now, not mid-run (about 80 ms once)."""
        sp = self.sprites
        names = self.team_view.sprite_names()
        for view in self.views.values():
            names.update(view.sprite_names(self.level))
        for name in names:
            for i in range(len(sp.anim(name).frames)):
                for k in range(ANGLES):
                    sp.rotated(name, i, k * 2 * math.pi / ANGLES)

    # -- per tick ------------------------------------------------------------------
    def reset(self, world: World) -> None:
        """Start of a run (or a restart): snap the camera, clear effects."""
        self.camera.snap(world)
        self.particles.clear()
        self.shake.strength = 0.0
        self.flash.level = self.flash.white = 0.0
        self.team_view.reset()
        self.fall.reset()
        self._started = True
        self._weather = world.weather
        self.fx.rings.clear()
        for view in self.views.values():
            view.reset(world, self.tiles)
        shown = [v for v in self.views.values() if v.shows(world)]
        self._layer_views = {layer: sorted((v for v in shown if layer in v.LAYERS), key=lambda v: v.LAYERS[layer])
                             for layer in LAYER_ORDER}

    def idle_tick(self) -> None:
        """A tick in which the world does not move (countdown): only ambient animation."""
        self.ticks += 1
        wx = self._weather
        if wx is None:
            self.snow.update_tick(cam=(self.camera.x, self.camera.y))
        else:
            self.snow.update_tick(wx.intensity, (wx.wind_x, wx.wind_y), (self.camera.x, self.camera.y),
                                  wx.gust, wx.darkness)
        self.particles.update_tick()
        self.shake.update_tick()
        self.flash.update_tick()

    def update_tick(self, world: World, events: Iterable[Event] = ()) -> None:
        """Follow one world tick: camera, animation phase, and effects for its events."""
        if not self._started:
            self.reset(world)
        self.camera.update_tick(world)
        self.fall.update_tick(world)
        self.team_view.update_tick(world)
        self._weather = world.weather
        for ev in events:
            self._on_event(world, ev)
        self._spray(world)
        age_rings(self.fx.rings)
        self.fx.ticks = self.ticks
        for view in self.views.values():
            view.update_tick(world, self.fx)
        self.idle_tick()

    # Typed shortcuts to the registered views (tests and debugging look inside them).
    @property
    def bears(self) -> BearView:
        view = self.views["bears"]
        assert isinstance(view, BearView)
        return view

    @property
    def guides(self) -> GuidesView:
        view = self.views["guides"]
        assert isinstance(view, GuidesView)
        return view

    def _on_event(self, world: World, ev: Event) -> None:
        if isinstance(ev, E.Impact):
            self.particles.emit(ev.x, ev.y, 34, 90.0, DUST, life=0.6, size=(1, 3))
            self.shake.kick(3.0 + 1.5 * min(ev.vials, 4))
            self.flash.trigger(0.0, white=0.6)
        elif ev.kind == E.BUMP:
            self.particles.emit(ev.x, ev.y, 8, 40.0, SPRAY, life=0.35)
            self.shake.kick(1.2)
        elif isinstance(ev, E.Fall):
            cols = WATER if ev.cause == "water" else DUST
            self.particles.emit(ev.x, ev.y, 60, 110.0, cols, life=0.9, size=(1, 3))
            self.particles.emit(ev.x, ev.y, 20, 30.0, [P["snow_white"]], life=1.2, size=(2, 3))
            self.shake.kick(5.0)
        elif isinstance(ev, E.VialsLost):
            self.flash.trigger(min(1.0, 0.55 + 0.12 * ev.vials))
        elif ev.kind == E.RESPAWN:
            self.camera.snap(world)
            self.particles.emit(ev.x, ev.y, 24, 50.0, SPRAY, life=0.7)
        elif ev.kind == E.MUSH:
            n = world.nodes
            self.particles.emit(n[0, 0], n[0, 1], 10, 45.0, SPRAY, life=0.4)
        elif ev.kind == E.CHECKPOINT:
            self.particles.emit(ev.x, ev.y, 30, 70.0, [P["aurora_green"], P["gold"], P["snow_white"]],
                                life=0.9, size=(1, 2))
        elif ev.kind == E.FINISH:
            self.particles.emit(ev.x, ev.y, 60, 120.0, [P["gold"], P["orange"], P["red"], P["snow_white"]],
                                life=1.4, size=(1, 3))
        elif ev.kind == E.GUST:  # the weather is the world view's own (fog, snow)
            self.snow.burst()
        else:
            for view in self.views.values():  # the hazards' own events
                view.on_event(world, ev, self.fx)

    def _spray(self, world: World) -> None:
        """Snow kicked up by the runners and the paws when mushing or carving hard."""
        t = world.team
        if t.speed < 25.0:
            return
        rate = 0.0
        if t.mushing:
            rate += 0.9
        if abs(t.steer) > 0.5:
            rate += 0.7 * min(t.speed / 90.0, 1.5)
        vel = math.hypot(t.vx, t.vy)
        slide = abs(t.vx * math.cos(t.heading) + t.vy * math.sin(t.heading))  # sideways speed
        if vel > 1.0 and slide > 25.0:
            rate += slide / 40.0
        self._spray_acc += rate
        n = int(self._spray_acc)
        if n <= 0:
            return
        self._spray_acc -= n
        sx, sy = world.nodes[-1]
        back = heading_to(0, 0, -t.vx, -t.vy) if vel > 1.0 else t.heading + math.pi
        ang = back - math.pi / 2  # heading -> screen angle
        for side in (-1, 1):
            ox = math.cos(t.heading) * 4 * side
            oy = math.sin(t.heading) * 4 * side
            self.particles.emit(sx + ox, sy + oy, n, 40.0 + t.speed * 0.3, SPRAY, life=0.45,
                                direction=ang, spread=0.7, size=(1, 2))

    # -- drawing -------------------------------------------------------------------
    def cam(self, alpha: float) -> tuple[int, int]:
        """Camera top-left with shake, in world px."""
        x, y = self.camera.offset(alpha)
        return x + self.shake.off[0], y + self.shake.off[1]

    def ms(self, alpha: float) -> int:
        return int((self.ticks + alpha) * 1000.0 / 60.0)

    def draw(self, surface: pygame.Surface, world: World, alpha: float, snow: bool = True,
             under_team: UnderTeam | None = None) -> None:
        """Draw the whole world view for render alpha in [0, 1); `under_team(surface, cam)` draws
        just before the team (the ghost team of game.render.ghost_view)."""
        if not self._started:
            self.reset(world)
        cam = self.cam(alpha)
        ms = self.ms(alpha)
        if self.camera.map_w < self.size[0] or self.camera.map_h < self.size[1]:
            fill_screen(surface, P["night"])
        t = (self.ticks + alpha) / 60.0
        wx = world.weather
        vis = wx.visibility
        fog = Fog.active(vis)
        nodes = lerp_points(world, alpha)  # world px; the same floats lerp_points gives less cam
        cx, cy = float(cam[0]), float(cam[1])
        pts = [(x - cx, y - cy) for x, y in nodes]
        bx, by = pts[0]
        clip = self.fog.clear(bx, by, vis, surface.get_size()) if fog else None
        if clip is not None:  # the fog hides everything outside this square: draw only inside
            fill_screen(surface, fog_colour(wx.darkness, wx.intensity))
            surface.set_clip(clip)
        frame = Frame(cam, ms, alpha, t, bx, by, wx.darkness)
        layers = self._layer_views  # each layer's views, written out below in drawing order
        self.tiles.draw(surface, cam, ms, self.below)
        for view in layers[GROUND]:
            view.draw(GROUND, surface, world, frame)
        self.course.draw(surface, world, cam, t)
        if not fog:
            for view in layers[MARKS]:
                view.draw(MARKS, surface, world, frame)
        for view in layers[CREATURES]:
            view.draw(CREATURES, surface, world, frame)
        if not fog:
            for view in layers[FOLLOWERS]:
                view.draw(FOLLOWERS, surface, world, frame)
            if under_team is not None:
                under_team(surface, cam)
            self.team_view.draw(surface, world, alpha, cam, self.ticks, pts)
        self.particles.draw(surface, cam)
        if self.above:
            self.tiles.draw(surface, cam, ms, self.above)
        if clip is not None:
            surface.set_clip(None)
        if fog:
            # The whiteout (or the night) closes in at exactly the visibility; the guides
            # show farther, and the team is always the player's to see.
            self.fog.draw(surface, bx, by, vis, wx.darkness, wx.intensity, prefilled=clip is not None)
            self.fog.lantern(surface, bx, by, vis, wx.darkness, 0.0 if self._reduced else t)
            if layers[OVER_FOG]:
                over = Frame(cam, ms, alpha, t, bx, by, wx.darkness, _guide_fade(nodes[0], wx.guide_visibility))
                for view in layers[OVER_FOG]:
                    view.draw(OVER_FOG, surface, world, over)
            if under_team is not None:
                under_team(surface, cam)
            self.team_view.draw(surface, world, alpha, cam, self.ticks, pts)
        for view in layers[CUES]:
            view.draw(CUES, surface, world, frame)
        draw_rings(surface, self.fx.rings, cam)
        for view in layers[WARNINGS]:
            view.draw(WARNINGS, surface, world, frame)
        self.fall.draw_cells(surface, world, cam, self._reduced)
        if snow:
            self.snow.draw(surface, alpha)
        self.flash.draw(surface)

    def draw_team(self, surface: pygame.Surface, world: World, alpha: float, cam: tuple[int, int]) -> None:
        """The team of `world` alone (a ghost's team, onto its own surface)."""
        self.team_view.draw(surface, world, alpha, cam, self.ticks)
