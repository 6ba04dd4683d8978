"""A new high score asks for a name: typed on the keyboard or picked on a gamepad, kept with the
score, shown in the table and offered again next time; saves from before names still load."""
import json

import pygame
import pytest

from game.app.flow import Flow
from game.app.window import App
from game.input import actions as I
from game.saves.progress import load_progress
from game.saves.scores import NAME_MAX, load_high_scores
from game.screens.name_entry import PICKER, SAVED, SKIPPED, NameEntry
from game.screens.results import ResultsScreen
from game.session.services import Services
from game.sim.controls import Controls

MAP = """
TTTTTTTTTTTTTTTTTTTT
T..................T
T.S=============FF.T
T...............FF.T
TTTTTTTTTTTTTTTTTTTT
"""

pytestmark = pytest.mark.usefixtures("pygame_display", "as_campaign_leg")


@pytest.fixture
def level_path(tmp_path):
    from mapmaker import write_map

    return write_map(tmp_path / "namedleg.tmx", MAP, properties={"title": "Named leg"})


def key(k: int, char: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=char)


def pad(button: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=button, instance_id=1)


def results(assets, store, level_path, mush_every: int = 1) -> tuple[App, ResultsScreen]:
    """A run of the leg to its results (a new process each time: everything from the saves)."""
    flow = Flow(Services.create(assets, store=store), seed=2, default_level=level_path,
                driver=lambda w: Controls(mush=w.tick % mush_every == 0))
    app = App(flow, pygame.Surface((640, 360)))
    flow.play()
    for _ in range(4000):
        flow.tick()
        if flow.screen.name == "results":
            break
    scr = flow.screen
    assert isinstance(scr, ResultsScreen)
    for _ in range(40):  # the results ignore keys still held from the run
        flow.tick()
    return app, scr


def test_a_name_typed_on_the_keyboard_is_kept_with_the_score_and_offered_next_time(assets, store, level_path):
    app, scr = results(assets, store, level_path, mush_every=3)
    assert scr.outcome.placement.new_best and scr.naming
    assert scr.entry.name == "Balto"  # no name given yet: the game's own
    for _ in range(5):
        app.event(key(pygame.K_BACKSPACE))
    for ch in "Kaasen w1":  # w and s move menus elsewhere: here they are letters
        app.event(key(ord(ch.lower()) if ch != " " else pygame.K_SPACE, ch))
    app.event(key(pygame.K_BACKSPACE))
    app.event(key(pygame.K_BACKSPACE))
    app.event(key(pygame.K_a, "a"))
    assert scr.entry.name == "Kaasen a" and scr.naming
    scr.draw(pygame.Surface((640, 360)), 0.0)
    app.event(key(pygame.K_RETURN))
    assert not scr.naming and scr.entry.done == SAVED
    assert load_high_scores(store).best("namedleg").name == "Kaasen a"
    assert load_progress(store).player_name == "Kaasen a"
    assert scr.menu.index == 0  # Enter saved the name; it did not also pick from the menu
    # The next run that beats it offers the same name at once.
    app, again = results(assets, store, level_path, mush_every=1)
    assert again.naming and again.entry.name == "Kaasen a"
    app.event(key(pygame.K_ESCAPE))  # keep it as it is
    assert again.entry.done == SKIPPED
    table = load_high_scores(store).table("namedleg")
    assert [e.name for e in table] == ["Kaasen a", "Kaasen a"]


def test_a_name_picked_on_a_gamepad_is_saved(assets, store, level_path):
    app, scr = results(assets, store, level_path)
    for _ in range(5):
        app.event(pad(pygame.CONTROLLER_BUTTON_Y))  # erase
    assert scr.entry.chars == []

    def letter(ch: str) -> None:
        for _ in range(PICKER.index(ch) + 1):  # the first Down gives A, then on through the letters
            app.event(pad(pygame.CONTROLLER_BUTTON_DPAD_DOWN))
        app.event(pad(pygame.CONTROLLER_BUTTON_DPAD_RIGHT))

    for ch in "TOGO":
        letter(ch)
    app.event(pad(pygame.CONTROLLER_BUTTON_DPAD_LEFT))
    app.event(pad(pygame.CONTROLLER_BUTTON_DPAD_UP))  # the last O becomes N
    assert scr.entry.name == "TOGN"
    app.event(pad(pygame.CONTROLLER_BUTTON_A))
    assert not scr.naming
    assert load_high_scores(store).best("namedleg").name == "TOGN"
    assert load_progress(store).player_name == "TOGN"


def test_only_printable_names_of_at_most_twelve_characters():
    e = NameEntry("")
    assert e.name == "Balto"
    for _ in range(6):
        e.handle(I.ERASE)
    assert e.chars == [] and e.name == "Balto"  # nothing typed: the name offered stands
    for ch in "\x07\t\n":
        e.handle(I.typed(ch))
    assert e.chars == []
    for ch in "Leonhard Seppala":
        e.handle(I.typed(ch))
    assert len(e.chars) == NAME_MAX and e.name == "Leonhard Sep"
    e.handle(I.RIGHT)
    e.handle(I.DOWN)  # the picker stays on the last letter when the name is full
    assert len(e.chars) == NAME_MAX
    e.handle(I.CONFIRM)
    e.handle(I.typed("x"))  # finished: nothing more changes
    assert e.done == SAVED and len(e.name) == NAME_MAX


def test_progress_and_high_scores_from_before_names_load(store):
    data = store.data_path("progress.json")
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps({"schema": 1, "legs": {"01_nenana_tolovana": {
        "finished": True, "best_stars": 2, "best_score": 1000, "best_seconds": 80.0}},
        "unlocked": [], "best_campaign": {"vials": 7, "assisted": False}, "campaigns_finished": 1}))
    store.data_path("highscores.json").write_text(json.dumps({"schema": 1, "legs": {"01_nenana_tolovana": [
        {"score": 1000, "vials": 19, "seconds": 80.0, "date": "2025-02-02"}]}}))
    p = load_progress(store)
    assert p.player_name == "" and p.best_campaign == 7 and p.best_campaign_name == ""
    assert load_high_scores(store).best("01_nenana_tolovana").name == "Balto"
    assert store.take_notices() == []
    p.player_name = "Kaasen"
    from game.saves.progress import save_progress

    save_progress(p, store)
    assert load_progress(store).player_name == "Kaasen"
