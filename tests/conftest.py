"""Test setup: everything runs headless, with no window and no sound card."""
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# Saves (progress, high scores, settings) go to a scratch folder, never the real user dirs:
# any Flow a test builds records its runs there.
if not os.environ.get("BALTO_HOME"):
    import tempfile

    os.environ["BALTO_HOME"] = tempfile.mkdtemp(prefix="balto-tests-")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
for p in (str(REPO), str(TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)

import pytest  # noqa: E402


@pytest.fixture
def make_world(tmp_path):
    """Build a World from an ASCII picture (see tests/mapmaker.py)."""
    from mapmaker import write_map

    from game.sim import create_world
    from game.tiled.level import load_level

    counter = iter(range(10_000))

    def build(picture: str, seed: int = 1, **kw):
        path = write_map(tmp_path / f"map{next(counter)}.tmx", picture, **kw)
        return create_world(load_level(path), seed)

    return build


def run_ticks(world, controls, n):
    """Step a world n ticks with fixed controls; returns all events."""
    from game.sim import step

    events = []
    for _ in range(n):
        step(world, controls)
        events.extend(world.events)
    return events


@pytest.fixture(scope="session")
def pygame_display():
    """pygame's display module, initialised once (the dummy driver: no window opens)."""
    import pygame

    pygame.display.init()
    yield pygame


@pytest.fixture(scope="session")
def assets(pygame_display):
    """The game's art, loaded once for every rendering test."""
    from game.render import Assets

    return Assets()


@pytest.fixture
def as_campaign_leg(monkeypatch):
    """Runs of a test's tiny map are recorded as if it were a shipped campaign leg (only those
    enter high scores, stars and replays; tests/test_play_from.py checks the real rule)."""
    import game.session.run as run_mod

    monkeypatch.setattr(run_mod, "is_campaign_leg", lambda path: True)


@pytest.fixture(scope="session")
def autopilot_table():
    """The autopilot on every leg, seeds 1-20 (game.headless.difficulty), computed once for the
    slow tests that judge the legs (tests/test_legs.py, tests/test_human.py)."""
    from game.headless.difficulty import leg_table

    return leg_table("autopilot", range(1, 21), workers=2)


TINY_LEG = """
TTTTTTTTTTTTTTTTTTTT
T..................T
T.S=============FF.T
T...............FF.T
TTTTTTTTTTTTTTTTTTTT
"""


@pytest.fixture
def legs(tmp_path, monkeypatch):
    """Tiny stand-ins for the eight campaign legs, under their real file names: a leg takes a
    few hundred ticks (the real legs' cards, positions and first seconds are tested elsewhere)."""
    from mapmaker import write_map

    import game.content.legs as campaign_data
    from game.session import campaign as ctl_mod

    folder = tmp_path / "levels"
    folder.mkdir()
    for i, leg in enumerate(campaign_data.LEGS):
        write_map(folder / f"{leg.id}.tmx", TINY_LEG, properties={
            "title": f"Tiny leg {i + 1}", "leg": i + 1, "musher": "Test Musher", "miles": 3.0,
            "par_seconds": 30.0, "vials": 20})
    monkeypatch.setattr(campaign_data, "LEVELS_DIR", folder)
    ctl_mod.leg_info.cache_clear()
    yield folder
    ctl_mod.leg_info.cache_clear()


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The player's saves in a scratch home (BALTO_HOME points there too)."""
    from game.saves import storage

    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    return storage.Store(tmp_path / "home" / "config", tmp_path / "home" / "data")
