"""The hazard registry holds together: every registered hazard has its schema entry, its
presentation (HUD messages, sounds, colours), its docs; the tick order and the digest order
are pinned; and game.sim has no import cycles (TYPE_CHECKING and late imports count)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from game.render.hazard_views import (
    CAUSE_COLOURS,
    OBJECT_COLOURS,
    PRESENTATIONS,
    SOUNDS,
)
from game.sim import schema
from game.sim.causes import CAUSES, cause_words
from game.sim.events import EVENT_TYPES
from game.sim.hazards import HAZARDS
from game.sim.step import SYSTEMS

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "game" / "sim"


def sim_imports() -> dict[str, set[str]]:
    """game.sim module -> the game.sim modules it imports, anywhere in the file (a name taken
    from the package itself, `from game.sim import step`, imports `__init__`)."""
    names = {p.stem for p in SIM.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name in names:
        deps: set[str] = set()
        for node in ast.walk(ast.parse((SIM / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "game.sim":
                    deps.update(a.name if a.name in names else "__init__" for a in node.names)
                elif node.module.startswith("game.sim."):
                    deps.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                deps.update(a.name.split(".")[2] for a in node.names if a.name.startswith("game.sim."))
        graph[name] = deps - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first = last), or [] when the graph is acyclic."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str]:
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return []

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return []


def test_game_sim_has_no_import_cycles():
    cycle = find_cycle(sim_imports())
    assert not cycle, "import cycle in game.sim: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_hazard_names_and_classes_are_unique():
    names = [hz.name for hz in HAZARDS]
    classes = [c for hz in HAZARDS for c in hz.classes]
    assert len(set(names)) == len(names) and len(set(classes)) == len(classes)


def test_the_tick_runs_the_systems_in_the_order_of_the_rules():
    assert [s.__name__ for s in SYSTEMS] == [
        "steering_system", "senses_system", "blizzard_system", "speed_system", "motion_system",
        "fall_system", "ice_system", "gangline_system", "bear_system", "guides_system",
        "course_system"]


def test_the_digest_and_creation_orders_are_pinned():
    assert [hz.name for hz in HAZARDS] == ["weather", "bears", "markers", "ice", "guides"]
    assert [hz.name for hz in HAZARDS if hz.marks_grid] == ["ice"]


def test_every_registered_hazard_has_its_schema_entry():
    for hz in HAZARDS:
        missing = [c for c in hz.classes if c not in schema.CLASSES]
        assert not missing, f"{hz.name}: no schema entry (game/sim/schema.py) for {missing}"


def test_every_registered_hazard_has_its_presentation_view_and_sounds():
    shown = {p.hazard: p for p in PRESENTATIONS}
    assert set(shown) == {hz.name for hz in HAZARDS}, "one Presentation per hazard"
    for hz in HAZARDS:
        p = shown[hz.name]
        assert hz.events, f"{hz.name}: declares no events"
        for ev in hz.events:
            assert ev.kind in p.sounds, f"{hz.name}: no sound for {ev.kind} in its Presentation"
        for c in hz.classes:
            assert c in p.object_colours, f"{hz.name}: no level-image colour for class {c}"
        for cause in hz.causes:
            assert cause.name in p.cause_colours, f"{hz.name}: no colour for cause {cause.name}"


def test_every_event_kind_has_a_type_and_a_sound():
    assert set(SOUNDS) == set(EVENT_TYPES)
    for kind, cls in EVENT_TYPES.items():
        assert cls.kind == kind


def test_every_registered_hazard_is_documented():
    doc = (ROOT / "docs" / "level-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.MULTILINE))
    for hz in HAZARDS:
        missing = [c for c in hz.classes if c not in documented]
        assert not missing, f"{hz.name}: docs/level-format.md does not document {missing}"
        for cause in hz.causes:
            assert cause.name in documented, f"{hz.name}: cause {cause.name} not in docs/level-format.md"


def test_every_loss_cause_has_words_and_a_colour_and_nothing_else_does():
    assert set(CAUSES) == {"impact", "water", "cliff", "bear", "thin_ice"}
    assert set(CAUSE_COLOURS) == set(CAUSES)
    assert cause_words("thin_ice") == "through the ice" and cause_words("odd_thing") == "odd thing"
    assert set(OBJECT_COLOURS) >= {c for hz in HAZARDS for c in hz.classes}
