"""The level format's classes and properties, with types, ranges and defaults.

One table serves the loader (which fills in defaults and refuses bad values), the `check`
command and the docs. Pure data and small pure functions; no file access.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from game.sim.leveldata import MapObject

# Ranges. The schema does not know the map's size, so distances have fixed caps: the largest
# map is 1024x1024 tiles of 16 px (16384 px a side, a diagonal of 23170 px).
MAX_RADIUS_PX = 4096.0  # how near the team must come to wake a bear or call the wolf
MAX_DISTANCE_PX = 24000.0  # more than any map's diagonal
MAX_SPEED = 600.0  # px/s: 10 px a tick at 60 Hz, less than a tile, so nothing tunnels
MAX_WIND = 200.0  # px/s, each way (the team's top speed is 150 px/s)
MAX_HEADING = 360.0  # degrees, each way
MAX_SECONDS = 3600.0  # a leg's par, a wolf's guiding
MAX_VIALS = 999
MAX_MILES = 1000.0  # the whole serum run was 674 miles
MAX_LEG = 99
MAX_STRENGTH = 100.0
MAX_OBJECT_ID = 2 ** 31 - 1  # Tiled's object ids are 32-bit


@dataclass(frozen=True, slots=True)
class Prop:
    """One property: its Tiled type, default and allowed range."""

    name: str
    type: str  # float | int | bool | string | object
    default: Any = None
    low: float | None = None  # inclusive lower bound
    high: float | None = None  # inclusive upper bound
    above: float | None = None  # exclusive lower bound ("> 0")
    doc: str = ""

    def allowed(self) -> str:
        """The allowed values, in words, for messages."""
        if self.type == "bool":
            return "true or false"
        if self.type == "object":
            return f"a reference to another object (an id from 0 to {MAX_OBJECT_ID})"
        if self.type == "string":
            return "text"
        kind = "a whole number" if self.type == "int" else "a number"
        if self.above is not None and self.high is not None:
            return f"{kind} > {self.above:g} and at most {self.high:g}"
        if self.above is not None:
            return f"{kind} > {self.above:g}"
        if self.low is not None and self.high is not None:
            return f"{kind} from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{kind} >= {self.low:g}"
        return kind

    def coerce(self, value: Any) -> Any:
        """The value in this property's type, or raise ValueError."""
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower() == "true"
            raise ValueError
        if self.type == "string":
            return str(value)
        if self.type == "object":
            ref = int(value)
            if ref < 0 or ref > (self.high if self.high is not None else MAX_OBJECT_ID):
                raise ValueError
            return ref
        if isinstance(value, bool):
            raise ValueError
        v: float = float(value)
        if not math.isfinite(v):
            raise ValueError
        if self.type == "int":
            if v != int(v):
                raise ValueError
            v = int(v)
        if self.above is not None and not v > self.above:
            raise ValueError
        if self.low is not None and v < self.low:
            raise ValueError
        if self.high is not None and v > self.high:
            raise ValueError
        return v


@dataclass(frozen=True, slots=True)
class ClassSpec:
    """An object class: the shape it must have and its properties."""

    name: str
    shape: str  # point | rectangle | polyline
    props: tuple[Prop, ...] = ()
    doc: str = ""


CLASSES: dict[str, ClassSpec] = {c.name: c for c in (
    ClassSpec("start", "point", (Prop("heading", "float", 0.0, low=-MAX_HEADING, high=MAX_HEADING,
                                            doc="degrees, 0 = up, clockwise"),),
              "where Balto starts; exactly one"),
    ClassSpec("finish", "rectangle", (), "reaching it ends the leg; at least one"),
    ClassSpec("checkpoint", "rectangle", (Prop("heading", "float", None, low=-MAX_HEADING, high=MAX_HEADING,
                                                      doc="degrees; facing after a respawn"),),
              "a roadhouse: the respawn point once reached; its name shows in the HUD"),
    ClassSpec("marker", "point", (Prop("false", "bool", False, doc="true: one of Steele's false markers"),),
              "a trail marker"),
    ClassSpec("blizzard", "rectangle", (
        Prop("intensity", "float", 0.8, low=0.0, high=1.0, doc="0 calm .. 1 whiteout"),
        Prop("wind_x", "float", 0.0, low=-MAX_WIND, high=MAX_WIND, doc="px/s, + is east"),
        Prop("wind_y", "float", 0.0, low=-MAX_WIND, high=MAX_WIND, doc="px/s, + is south"),
        Prop("gusts", "bool", False, doc="wind comes in gusts"),
    ), "a zone of blizzard; it ramps up over the zone's edge"),
    ClassSpec("bear", "point", (
        Prop("aggro_radius", "float", 120.0, above=0.0, high=MAX_RADIUS_PX,
             doc="px: how near the team must come to wake it"),
        Prop("speed", "float", 120.0, above=0.0, high=MAX_SPEED, doc="px/s when charging"),
        Prop("leash", "float", 360.0, above=0.0, high=MAX_DISTANCE_PX, doc="px from home before it gives up"),
        Prop("patrol", "object", 0, low=0, high=MAX_OBJECT_ID,
             doc="a polyline object it walks along while awake and calm"),
    ), "a grizzly"),
    ClassSpec("patrol", "polyline", (), "a path for a bear to walk"),
    ClassSpec("thin_ice", "rectangle", (
        Prop("strength", "float", 1.0, above=0.0, high=MAX_STRENGTH, doc="how long it holds: 2 = twice as long"),
    ), "ice that cracks under the team"),
    ClassSpec("breakup", "rectangle", (
        Prop("lag", "float", 360.0, low=0.0, high=MAX_DISTANCE_PX,
             doc="px behind the farthest point the team reached that the ice breaks while it moves on"),
        Prop("speed", "float", 90.0, above=0.0, high=MAX_SPEED,
             doc="px/s: how fast the break front closes in to lag behind the team"),
        Prop("creep", "float", 30.0, low=0.0, high=MAX_SPEED,
             doc="px/s: how fast it creeps on from there (0: a stopped team is never caught)"),
    ), "sea ice that breaks up into open water behind the team"),
    ClassSpec("story", "rectangle", (
        Prop("speaker", "string", "", doc="who says it (empty: a narrator's line)"),
        Prop("text", "string", "", doc="the line shown as a subtitle"),
    ), "a subtitle shown once when the team enters"),
    ClassSpec("lights", "point", (), "Jenna's bottle-glass lights: seen from far off, even in a whiteout"),
    ClassSpec("wolf", "point", (
        Prop("appear_radius", "float", 220.0, above=0.0, high=MAX_RADIUS_PX,
             doc="px: shows itself when the team is this near"),
        Prop("duration", "float", 10.0, above=0.0, high=MAX_SECONDS, doc="seconds it guides before it vanishes"),
    ), "the white wolf: appears and runs ahead along the true way"),
)}

MAP_PROPERTIES: tuple[Prop, ...] = (
    Prop("title", "string", "Untitled leg"),
    Prop("vials", "int", 20, low=1, high=MAX_VIALS),
    Prop("par_seconds", "float", 120.0, above=0.0, high=MAX_SECONDS),
    Prop("miles", "float", 0.0, low=0.0, high=MAX_MILES),
    Prop("musher", "string", ""),
    Prop("leg", "int", 0, low=0, high=MAX_LEG),
    Prop("weather", "string", "clear", doc="clear or blizzard (the whole map)"),
    Prop("intensity", "float", 0.8, low=0.0, high=1.0, doc="with weather = blizzard"),
    Prop("wind_x", "float", 0.0, low=-MAX_WIND, high=MAX_WIND, doc="with weather = blizzard"),
    Prop("wind_y", "float", 0.0, low=-MAX_WIND, high=MAX_WIND, doc="with weather = blizzard"),
    Prop("gusts", "bool", False, doc="with weather = blizzard"),
    Prop("darkness", "float", 0.0, low=0.0, high=1.0, doc="night: 1 = only a lantern's light"),
)
WEATHERS = ("clear", "blizzard")


def shape_of(obj: MapObject) -> str:
    """point, rectangle or polyline, as Tiled draws it."""
    if obj.points:
        return "polyline"
    if obj.width > 0 and obj.height > 0:
        return "rectangle"
    return "point"


def normalize_object(obj: MapObject) -> tuple[MapObject, list[str]]:
    """The object with typed properties and defaults filled in, and its problems (if any)."""
    spec = CLASSES.get(obj.kind)
    if spec is None:
        return obj, []
    problems: list[str] = []
    shape = shape_of(obj)
    if shape != spec.shape and not (spec.shape == "polyline" and obj.points):
        problems.append(f"{obj.label()}: must be a {spec.shape}, got a {shape}")
    props = dict(obj.properties)
    for p in spec.props:
        if p.name not in props or props[p.name] is None or props[p.name] == "":
            props[p.name] = p.default
            continue
        try:
            props[p.name] = p.coerce(props[p.name])
        except (TypeError, ValueError, OverflowError):
            problems.append(f"{obj.label()}: {p.name} must be {p.allowed()}, got {props[p.name]!r}")
            props[p.name] = p.default
    return replace(obj, properties=props), problems


def normalize_map_properties(props: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Map properties typed and defaulted, and their problems."""
    out = dict(props)
    problems: list[str] = []
    for p in MAP_PROPERTIES:
        if p.name not in props or props[p.name] is None:
            out[p.name] = p.default
            continue
        try:
            out[p.name] = p.coerce(props[p.name])
        except (TypeError, ValueError, OverflowError):
            problems.append(f"map property '{p.name}' must be {p.allowed()}, got {props[p.name]!r}")
            out[p.name] = p.default
    if out["weather"] not in WEATHERS:
        problems.append(f"map property 'weather' must be one of {', '.join(WEATHERS)}, got {out['weather']!r}")
        out["weather"] = "clear"
    return out, problems
