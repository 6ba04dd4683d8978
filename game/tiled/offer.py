"""What Tiled should offer designers, built from `game.sim.schema`: the custom property types
of `levels/balto.tiled-project` and the object templates of `levels/templates/`."""
from __future__ import annotations

from typing import Any

from game.sim import schema
from game.sim import terrain as T

TERRAIN_ENUM = "terrain"
WEATHER_ENUM = "weather"
COLORS = {"start": "#ff3c8c3c", "finish": "#ffe8c04a", "checkpoint": "#ff4aa0e8", "marker": "#ffe88838",
          "blizzard": "#ffb0c0e0", "bear": "#ff8a4a2a", "patrol": "#ffa0603a", "thin_ice": "#ff70d0f0",
          "story": "#ffc080e0", "breakup": "#ff2f6f9f", "lights": "#fffad05c", "wolf": "#fff0f0f0"}
TEMPLATE_SIZE = {"rectangle": (32.0, 32.0)}


def _member(p: schema.Prop) -> dict[str, Any]:
    value: Any = p.default
    if p.type == "float":
        value = float(value)
    m: dict[str, Any] = {"name": p.name, "type": p.type, "value": value}
    return m


def project_property_types() -> list[dict[str, Any]]:
    """The `propertyTypes` of levels/balto.tiled-project: one class per object class (its
    properties with their types and defaults; properties without a default are left out, a
    designer adds them by hand), a `leg` class for the map, and the enums."""
    types: list[dict[str, Any]] = []
    tid = 0
    for name in sorted(schema.CLASSES):
        spec = schema.CLASSES[name]
        tid += 1
        members = [_member(p) for p in spec.props if p.default is not None]
        types.append({"id": tid, "name": name, "type": "class", "useAs": ["object"],
                      "color": COLORS.get(name, "#ffa0a0a4"), "drawFill": True, "members": members})
    tid += 1
    leg = []
    for p in schema.MAP_PROPERTIES:
        m = _member(p)
        if p.name == "weather":
            m = {"name": p.name, "type": "string", "propertyType": WEATHER_ENUM, "value": p.default}
        leg.append(m)
    types.append({"id": tid, "name": "leg", "type": "class", "useAs": ["map"], "color": "#ffa0a0a4",
                  "drawFill": True, "members": leg})
    for ename, values in ((TERRAIN_ENUM, list(T.NAMES)), (WEATHER_ENUM, list(schema.WEATHERS))):
        tid += 1
        types.append({"id": tid, "name": ename, "type": "enum", "storageType": "string",
                      "values": values, "valuesAsFlags": False})
    return types


def project_file() -> dict[str, Any]:
    """The whole levels/balto.tiled-project (JSON)."""
    return {"automappingRulesFile": "", "commands": [], "extensionsPath": "extensions",
            "folders": [".", "../assets/tiles"], "propertyTypes": project_property_types()}


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def template_text(kind: str) -> str:
    """The .tx template of one object class: its shape, a size for rectangles, and its
    properties at their defaults (both `class` and `type`, so Tiled 1.8 sees the class too)."""
    spec = schema.CLASSES[kind]
    attrs = f'name="{kind}" type="{kind}" class="{kind}"'
    if spec.shape == "rectangle":
        w, h = TEMPLATE_SIZE["rectangle"]
        attrs += f' width="{w:g}" height="{h:g}"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<template>", f" <object {attrs}>"]
    props = [p for p in spec.props if p.default is not None]
    if props:
        lines.append("  <properties>")
        for p in props:
            lines.append(f'   <property name="{p.name}" type="{p.type}" value="{_fmt(p.default)}"/>')
        lines.append("  </properties>")
    if spec.shape == "point":
        lines.append("  <point/>")
    elif spec.shape == "polyline":
        lines.append('  <polyline points="0,0 64,0 64,48"/>')
    lines += [" </object>", "</template>", ""]
    return "\n".join(lines)
