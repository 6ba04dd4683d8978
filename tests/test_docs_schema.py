"""What a designer reads must be what the game does: the class and map-property tables of
docs/level-format.md, the schema (game/sim/schema.py) and the Tiled project's classes name the
same classes, shapes and properties, both ways."""
import json
import re
from pathlib import Path

from game.sim import schema

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "level-format.md").read_text(encoding="utf-8")
PROJECT = json.loads((REPO / "levels" / "balto.tiled-project").read_text(encoding="utf-8"))


def _table(header: str) -> list[list[str]]:
    """The rows (cells) of the markdown table whose header line starts with `header`."""
    lines = DOC.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def _names(cell: str) -> set[str]:
    """The property names a cell documents: each backticked word that opens the cell or
    follows a comma (`wind_x`, `wind_y` (...)), not values inside parentheses."""
    depth, names = 0, set()
    for part in re.split(r"(\(|\)|`[^`]*`)", cell):
        if part == "(":
            depth += 1
        elif part == ")":
            depth -= 1
        elif part.startswith("`") and depth == 0:
            names.add(part.strip("`"))
    return names


def test_the_class_table_documents_exactly_the_schema():
    rows = {r[0].strip("`"): r for r in _table("| class | shape | properties |")}
    assert set(rows) == set(schema.CLASSES)
    for name, spec in schema.CLASSES.items():
        _, shape, props, _ = rows[name]
        assert shape == spec.shape, name
        assert _names(props) == {p.name for p in spec.props}, name


def test_the_map_property_table_documents_exactly_the_schema():
    documented = set()
    for row in _table("| property | type | default |"):
        documented |= _names(row[0])
    assert documented == {p.name for p in schema.MAP_PROPERTIES}


def test_the_tiled_project_offers_every_schema_property():
    types = {t["name"]: t for t in PROJECT["propertyTypes"]}
    for name, spec in schema.CLASSES.items():
        members = {m["name"]: m["type"] for m in types[name]["members"]}
        assert members == {p.name: p.type for p in spec.props}, name
    assert types["checkpoint"]["members"] == [{"name": "heading", "type": "float", "value": 0.0}]
    leg = {m["name"] for m in types["leg"]["members"]}
    assert leg == {p.name for p in schema.MAP_PROPERTIES}
