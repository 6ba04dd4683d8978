"""The hazard registry holds together: every registered hazard has its schema entry, its
presentation (HUD messages, sounds, colours), its docs; the tick order and the digest order
are pinned; and game.sim has no import cycles (TYPE_CHECKING and late imports count)."""
from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from game.render.hazard_views import (
    CAUSE_COLOURS,
    OBJECT_COLOURS,
    PRESENTATIONS,
    SOUNDS,
)
from game.render.presentation import Presentation
from game.sim import events as E
from game.sim import schema
from game.sim.bear import bear_system
from game.sim.causes import CAUSES, cause_words
from game.sim.controls import Controls
from game.sim.core import Core
from game.sim.events import EVENT_TYPES
from game.sim.hazard import Hazard
from game.sim.hazards import HAZARDS
from game.sim.ice import ice_system
from game.sim.reload import reload_world
from game.sim.scoring import Cause
from game.sim.step import SYSTEMS, step

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
        "course_system", "breakup_system"]


def test_a_level_without_a_hazard_does_not_run_its_system(make_world):
    # The OPEN strip has no hazard objects: only the team's systems and the senses (they work
    # anywhere) run. A thin-ice cell brings the thin-ice system back; a hot reload works it out anew.
    strip = "\n".join(["T" * 30, "T" + "S" + "." * 26 + "F" + "T", "T" * 30])
    w = make_world(strip)
    step(w, Controls())
    assert [s.__name__ for s in w.systems] == [
        "steering_system", "senses_system", "speed_system", "motion_system", "fall_system",
        "gangline_system", "course_system"]
    thin = make_world(strip.replace("..F", ".tF"))
    step(thin, Controls())
    assert ice_system in thin.systems and bear_system not in thin.systems
    again, _ = reload_world(w, thin.level)
    step(again, Controls())
    assert again.systems == thin.systems


def test_the_digest_and_creation_orders_are_pinned():
    assert [hz.name for hz in HAZARDS] == ["weather", "bears", "markers", "ice", "guides", "breakup"]
    assert [hz.name for hz in HAZARDS if hz.marks_grid] == ["ice"]


def registry_problems(hazards: tuple[Hazard[Any], ...], presentations: tuple[Presentation, ...],
                      classes: Iterable[str], doc: str) -> list[str]:
    """What a registered hazard lacks: schema entry, presentation (view, sounds, colours), docs."""
    out: list[str] = []
    known = set(classes)
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.MULTILINE))
    shown = {p.hazard: p for p in presentations}
    for hz in hazards:
        out += [f"{hz.name}: no schema entry for class {c}" for c in hz.classes if c not in known]
        out += [f"{hz.name}: class {c} not in docs/level-format.md" for c in hz.classes if c not in documented]
        out += [f"{hz.name}: cause {c.name} not in docs/level-format.md" for c in hz.causes
                if c.name not in documented]
        if not hz.events:
            out.append(f"{hz.name}: declares no events")
        p = shown.get(hz.name)
        if p is None:
            out.append(f"{hz.name}: no Presentation in game/render/hazard_views.py")
            continue
        drawer = shown.get(p.drawn_by)
        if p.view is None and p.drawn_by != "world_view" and (drawer is None or drawer.view is None):
            out.append(f"{hz.name}: no view (nor a hazard whose view draws it)")
        out += [f"{hz.name}: no sound for {ev.kind}" for ev in hz.events if ev.kind not in p.sounds]
        out += [f"{hz.name}: no level-image colour for class {c}" for c in hz.classes
                if c not in p.object_colours]
        out += [f"{hz.name}: no colour for cause {c.name}" for c in hz.causes if c.name not in p.cause_colours]
    return out


LEVEL_FORMAT = (ROOT / "docs" / "level-format.md").read_text(encoding="utf-8")


def test_every_registered_hazard_has_its_schema_entry_view_sounds_and_docs():
    assert {p.hazard for p in PRESENTATIONS} == {hz.name for hz in HAZARDS}
    assert registry_problems(HAZARDS, PRESENTATIONS, schema.CLASSES, LEVEL_FORMAT) == []


def _noop(world: Core, c: Controls) -> None:
    """A system that does nothing."""


def test_a_hazard_missing_its_schema_view_sound_or_docs_is_caught():
    fog = Hazard(name="fogbank", classes=("fogbank",), create=lambda setup: 0, system=_noop,
                 after="steering_system", digest=lambda s: b"", causes=(Cause("fog", "lost in fog"),),
                 events=(E.Gust,))
    problems = registry_problems(HAZARDS + (fog,), PRESENTATIONS, schema.CLASSES, LEVEL_FORMAT)
    assert any("no schema entry for class fogbank" in p for p in problems)
    assert any("fogbank not in docs" in p for p in problems)
    assert any("cause fog not in docs" in p for p in problems)
    assert any("no Presentation" in p for p in problems)
    bare = Presentation(hazard="fogbank")
    problems = registry_problems((fog,), (bare,), ["fogbank"], "| `fogbank` |\n| `fog` |\n")
    assert sorted(problems) == sorted([
        "fogbank: no view (nor a hazard whose view draws it)", "fogbank: no sound for gust",
        "fogbank: no level-image colour for class fogbank", "fogbank: no colour for cause fog"])


def test_every_event_kind_has_a_type_and_a_sound():
    assert set(SOUNDS) == set(EVENT_TYPES)
    for kind, cls in EVENT_TYPES.items():
        assert cls.kind == kind


def test_every_loss_cause_has_words_and_a_colour_and_nothing_else_does():
    assert set(CAUSES) == {"impact", "water", "cliff", "bear", "thin_ice"}
    assert set(CAUSE_COLOURS) == set(CAUSES)
    assert cause_words("thin_ice") == "through the ice" and cause_words("odd_thing") == "odd thing"
    assert set(OBJECT_COLOURS) >= {c for hz in HAZARDS for c in hz.classes}
