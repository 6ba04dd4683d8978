"""What Tiled should offer designers, built from `game.sim.schema`: the custom property types
of `levels/balto.tiled-project`, its commands (Tiled's *Commands* menu) and the object
templates of `levels/templates/`.

Each command runs `sh -c SCRIPT balto-command %mapfile [%objectid]`: the script calls the
installed `balto` (a venv's or a wheel's, whichever is on PATH when Tiled starts) and, when
there is none, prints what to do instead of Tiled's bare "cannot start" (exit 127). `$1` is
the map, `$2` the selected object's id (the literal `%objectid` when nothing is selected: the
command then asks for a selection, exit 2); IFS is emptied so a path with spaces stays one word."""
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


NOT_FOUND = ("balto was not found on PATH. Start Tiled from a shell where the game is installed "
             "(a venv: . .venv/bin/activate, then tiled; or pip install the wheel) and run the command again.")
# With no object selected, Tiled 1.8 leaves %objectid as it is: the command says what to do.
# (Its pattern is written %object[i]d: Tiled replaces %objectid wherever it stands.)
NO_OBJECT = ("select a checkpoint object first (in the map, or in the Objects view), "
             "then run Play from the selected checkpoint again.")
# name, shortcut, what the shell runs (after the not-found guard), whether it needs %objectid
COMMANDS: tuple[tuple[str, str, str, bool], ...] = (
    ("Play this map", "F5", "exec balto play $1 --watch", False),
    ("Play from the selected checkpoint", "Shift+F5", f"case $2 in %object[i]d|'') echo '{NO_OBJECT}' >&2; exit 2;; "
     "esac; exec balto play $1 --watch --from $2", True),
    ("Check this map", "F7", "balto check $1 && echo the map has no problems", False),
    ("Render overview", "F8", "out=${1%.tmx}-overview.png; balto render $1 $out && echo open $out", False),
    ("Heat map (autopilot)", "F9", "out=${1%.tmx}-heatmap-autopilot.png; "
     "balto heatmap $1 $out --runs 10 --bot autopilot && echo open $out", False),
    ("Heat map (human model)", "Shift+F9", "out=${1%.tmx}-heatmap-human.png; "
     "balto heatmap $1 $out --runs 10 --bot human && echo open $out", False),
)


def command_script(body: str) -> str:
    """The shell script of one command: find `balto` or say what to do, then run `body`."""
    return (f"set -f; IFS=; command -v balto >/dev/null 2>&1 || {{ echo '{NOT_FOUND}' >&2; exit 127; }}; {body}")


def project_commands() -> list[dict[str, Any]]:
    """The `commands` of the project file, in Tiled 1.8's format. The script is one double-quoted
    argument (Tiled splits the line like a shell, by double quotes); Tiled puts %mapfile in quotes."""
    out = []
    for name, shortcut, body, needs_object in COMMANDS:
        script = command_script(body)
        if '"' in script:
            raise ValueError(f"{name}: Tiled's command line splitting cannot take a double quote here")
        args = f'-c "{script}" balto-command %mapfile' + (" %objectid" if needs_object else "")
        out.append({"arguments": args, "command": "sh", "enabled": True, "name": name,
                    "saveBeforeExecute": True, "shortcut": shortcut, "showOutput": True,
                    "workingDirectory": ""})
    return out


ZERO: dict[str, Any] = {"float": 0.0, "int": 0, "bool": False, "string": "", "object": 0}


def _member(p: schema.Prop) -> dict[str, Any]:
    """One member of a class. A property without a default (a checkpoint's `heading`: the team's
    heading on arrival) is offered at its type's zero; Tiled writes it only once set."""
    value: Any = ZERO[p.type] if p.default is None else p.default
    if p.type == "float":
        value = float(value)
    m: dict[str, Any] = {"name": p.name, "type": p.type, "value": value}
    return m


def project_property_types() -> list[dict[str, Any]]:
    """The `propertyTypes` of levels/balto.tiled-project: one class per object class (its
    properties with their types and defaults; a property without a default is
    offered at zero, written only once set), a `leg` class for the map, and the enums."""
    types: list[dict[str, Any]] = []
    tid = 0
    for name in sorted(schema.CLASSES):
        spec = schema.CLASSES[name]
        tid += 1
        members = [_member(p) for p in spec.props]
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
    return {"automappingRulesFile": "", "commands": project_commands(), "extensionsPath": "extensions",
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
