"""Blizzard and night: zones of snow and wind, and the map's darkness. Visibility shrinks with intensity
(one number that the renderer and the autopilot both obey), the wind pushes the team, stamina drains faster.

The wind is a force on the sled (team.motion_system): runners on snow and trail hold against it,
so a stopped team there barely drifts, while on ice a gust slides the team sideways at about
two thirds of the wind's speed. The autopilot crabs into it (bots.steer_to).

Tiled: `blizzard` rectangles (intensity 0..1, wind_x, wind_y px/s, gusts), or the map
property `weather` = `blizzard` with the same properties on the map for the whole leg.
Intensity ramps up over a zone's edge instead of switching on.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.sim import events as E
from game.sim.constants import DT
from game.sim.controls import Controls
from game.sim.core import Core
from game.sim.hazard import Hazard, Setup

CLEAR_VISIBILITY = 420.0  # px: beyond the screen's half-diagonal, so no fog at all
WHITEOUT_VISIBILITY = 44.0  # px at intensity 1
GUIDE_FACTOR = 2.6  # trail markers and lights stay visible this much farther than terrain
RAMP_PX = 96.0  # a zone's intensity builds over this far inside its edge
STAMINA_DRAIN = 0.05  # extra stamina per second at intensity 1
NAME = "weather"  # the key of this hazard's state in world.hazards
ENTER_AT = 0.25  # intensity that counts as being in the blizzard (event, HUD)


@dataclass(frozen=True, slots=True)
class Zone:
    """One blizzard rectangle (the whole map when weather = blizzard)."""

    x0: float
    y0: float
    x1: float
    y1: float
    intensity: float
    wind_x: float
    wind_y: float
    gusts: bool
    ramp: float

    def strength_at(self, x: float, y: float) -> float:
        """0 outside, rising smoothly to 1 a ramp's width inside the edge."""
        d = min(x - self.x0, self.x1 - x, y - self.y0, self.y1 - y)
        if d <= 0.0:
            return 0.0
        if d >= self.ramp:
            return 1.0
        f = d / self.ramp
        return f * f * (3.0 - 2.0 * f)


@dataclass(slots=True)
class Weather:
    """The weather where Balto is, recomputed every tick. `darkness` (map property, 0..1)
    is night: a lantern's circle of light, however calm the air."""

    zones: tuple[Zone, ...]
    darkness: float = 0.0
    intensity: float = 0.0
    wind_x: float = 0.0
    wind_y: float = 0.0
    gust: float = 1.0
    gust_target: float = 1.0
    gust_ticks: int = 0
    visibility: float = CLEAR_VISIBILITY
    guide_visibility: float = CLEAR_VISIBILITY
    inside: bool = False

    def digest_bytes(self) -> bytes:
        return repr((self.intensity, self.wind_x, self.wind_y, self.gust, self.gust_target,
                     self.gust_ticks, self.inside)).encode()


NIGHT_VISIBILITY = 110.0  # px at darkness 1: the lantern's reach


def visibility_for(intensity: float, darkness: float = 0.0) -> float:
    """How far (px) anyone can see terrain at this intensity and darkness."""
    snow = CLEAR_VISIBILITY - (CLEAR_VISIBILITY - WHITEOUT_VISIBILITY) * intensity
    night = CLEAR_VISIBILITY - (CLEAR_VISIBILITY - NIGHT_VISIBILITY) * darkness
    return min(snow, night)


def create(setup: Setup) -> Weather:
    """The level's blizzard zones and its darkness."""
    level = setup.level
    zones = []
    w, h = level.pixel_size
    props = level.properties
    if props.get("weather") == "blizzard":
        zones.append(Zone(-1e9, -1e9, 1e9, 1e9, float(props.get("intensity", 0.8)),
                          float(props.get("wind_x", 0.0)), float(props.get("wind_y", 0.0)),
                          bool(props.get("gusts", False)), 1.0))
    for z in level.of_kind("blizzard"):
        p = z.properties
        ramp = max(1.0, min(RAMP_PX, z.width / 2.0, z.height / 2.0))
        zones.append(Zone(z.x, z.y, z.x + z.width, z.y + z.height, float(p["intensity"]),
                          float(p["wind_x"]), float(p["wind_y"]), bool(p["gusts"]), ramp))
    darkness = float(props.get("darkness", 0.0))
    vis = visibility_for(0.0, darkness)
    return Weather(zones=tuple(zones), darkness=darkness, visibility=vis,
                   guide_visibility=min(CLEAR_VISIBILITY, vis * GUIDE_FACTOR))


def blizzard_system(world: Core, c: Controls) -> None:
    """Sample the weather at Balto: visibility, the wind on the team (with gusts), stamina drain."""
    wx: Weather = world.hazards[NAME]  # type: ignore[assignment]  # HAZARD.state, inlined
    t = world.team
    if not wx.zones:
        return
    intensity = wind_x = wind_y = 0.0
    gusty = False
    for z in wx.zones:
        s = z.strength_at(t.x, t.y)
        if s > 0.0:
            intensity = max(intensity, z.intensity * s)
            wind_x += z.wind_x * s
            wind_y += z.wind_y * s
            gusty = gusty or z.gusts
    if gusty:
        if wx.gust_ticks <= 0:
            r = world.rng.random(2)
            wx.gust_target = 0.3 + 1.5 * float(r[0])
            wx.gust_ticks = 45 + int(120 * float(r[1]))
            if wx.gust_target > 1.4:
                world.emit(E.Gust(x=t.x, y=t.y))
        wx.gust_ticks -= 1
        wx.gust += (wx.gust_target - wx.gust) * 0.05
    else:
        wx.gust += (1.0 - wx.gust) * 0.05
    wx.intensity = intensity
    wx.wind_x, wx.wind_y = wind_x * wx.gust, wind_y * wx.gust
    wx.visibility = visibility_for(intensity, wx.darkness)
    wx.guide_visibility = min(CLEAR_VISIBILITY, wx.visibility * GUIDE_FACTOR)
    t.push_x, t.push_y = wx.wind_x, wx.wind_y
    if intensity > 0.0:
        t.stamina = max(0.0, t.stamina - STAMINA_DRAIN * intensity * DT)
    inside = intensity >= ENTER_AT
    if inside != wx.inside:
        wx.inside = inside
        pct = int(intensity * 100)
        world.emit(E.Blizzard(intensity_pct=pct, x=t.x, y=t.y) if inside
                   else E.Calm(intensity_pct=pct, x=t.x, y=t.y))


def calm(wx: Weather) -> bool:
    """No blizzard anywhere on the map: the system never has anything to do."""
    return not wx.zones


HAZARD: Hazard[Weather] = Hazard(
    name=NAME, classes=("blizzard",), create=create, system=blizzard_system,
    after="senses_system", digest=Weather.digest_bytes,
    events=(E.Blizzard, E.Calm, E.Gust), idle=calm)
