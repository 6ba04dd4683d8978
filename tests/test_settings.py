"""Settings: validated, saved as JSON in the config folder, never a crash on a bad file."""
import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from game.app.loop import FixedStepClock
from game.input.bindings import Bindings
from game.input.names import GAMEPAD
from game.saves import storage
from game.saves.settings import Settings, SettingsError, load_settings, save_settings
from game.sim import Assist


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def store(home):
    return storage.Store()


def test_defaults():
    s = Settings()
    assert 0 <= s.master_volume <= 1 and s.window_scale == 2 and s.vsync and not s.fullscreen
    assert s.game_speed == 100 and not s.assisted
    assert s.assist_rules() == Assist() and s.bindings == Bindings()


def test_numbers_are_clamped():
    s = Settings.make(master_volume=3, music_volume=-0.5, effects_volume=0.333,
                      window_scale=9, game_speed=20)
    assert (s.master_volume, s.music_volume, s.effects_volume) == (1.0, 0.0, 0.33)
    assert s.window_scale == 4 and s.game_speed == 50
    assert s.replace(window_scale=0).window_scale == 1
    assert [s.replace(game_speed=v).game_speed for v in (54, 55, 76, 99, 100, 130)] == \
        [50, 60, 80, 100, 100, 100]


@pytest.mark.parametrize("name, value, words", [
    ("master_volume", "loud", "master volume must be a number"),
    ("master_volume", float("nan"), "must be a number"),
    ("fullscreen", 1, "fullscreen must be on or off"),
    ("window_scale", 2.5, "window scale must be a whole number"),
    ("vsync", None, "vsync must be on or off"),
    ("bindings", {}, "bindings"),
    ("colour", "red", "no setting called 'colour'"),
])
def test_bad_values_are_refused_with_a_message(name, value, words):
    with pytest.raises(SettingsError, match=words):
        Settings().replace(**{name: value})


def test_assist_mode():
    s = Settings.make(game_speed=70, unbreakable_vials=True)
    assert s.assist_rules() == Assist(unbreakable_vials=True, infinite_stamina=False)
    assert s.assisted and s.game_speed_percent == 70
    clock = FixedStepClock(speed_percent=s.game_speed_percent)
    assert clock.wall_tick_ns > FixedStepClock().wall_tick_ns  # slower wall time, same tick
    assert Settings.make(game_speed=90).assisted  # slower speed alone marks the run
    assert Settings.make(infinite_stamina=True).assist_rules().any


def test_save_and_load_round_trip(store, home):
    s = Settings.make(master_volume=0.25, fullscreen=True, window_scale=3, vsync=False,
                      reduced_motion=True, high_contrast=True, game_speed=60,
                      infinite_stamina=True,
                      bindings=Bindings().rebind("mush", "k").rebind("senses", "y", GAMEPAD))
    assert save_settings(s, store)
    path = home / "config" / "settings.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["assist"]["game_speed"] == 60
    assert data["bindings"]["keyboard"]["mush"][0] == "k"
    assert load_settings(store) == s
    assert store.take_notices() == []


def test_the_default_store_is_used_when_none_is_given(home):
    assert save_settings(Settings.make(window_scale=1))
    assert (home / "config" / "settings.json").exists()
    assert load_settings().window_scale == 1


def test_no_file_means_defaults_and_no_notice(store):
    assert load_settings(store) == Settings()
    assert store.take_notices() == []


@pytest.mark.parametrize("payload", [b"\x89PNG\r\n\x1a\n\x00\x00", b'{"schema": 1, "audio": {',
                                     b'"just a string"', b'{"schema": 2}', b'{"schema": 1, "audio": 5'])
def test_a_corrupt_file_gives_defaults_a_bak_and_one_notice(store, home, payload):
    path = home / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(payload)
    assert load_settings(store) == Settings()
    notices = store.take_notices()
    assert len(notices) == 1 and "settings.json.bak" in notices[0]
    assert (home / "config" / "settings.json.bak").read_bytes() == payload
    assert load_settings(store) == Settings() and store.take_notices() == []


def test_wrong_types_keep_the_good_values(store, home):
    path = home / "config" / "settings.json"
    good = Settings.make(music_volume=0.1, window_scale=3).to_dict()
    good["audio"]["master"] = "loud"
    good["display"]["fullscreen"] = "yes"
    good["assist"]["game_speed"] = 500
    good["accessibility"] = ["not", "an", "object"]
    good["bindings"]["keyboard"]["brake"] = ["space"]
    storage.atomic_write_json(path, good)
    s = load_settings(store)
    assert s.master_volume == Settings().master_volume and not s.fullscreen
    assert s.music_volume == 0.1 and s.window_scale == 3 and s.game_speed == 100
    assert s.bindings.inputs("brake") == ("down", "s")  # space is mush's: defaults came back
    notices = store.take_notices()
    assert len(notices) == 1
    assert "master volume" in notices[0] and "settings.json.bak" in notices[0]
    assert json.loads((home / "config" / "settings.json.bak").read_text(encoding="utf-8")) == good
    assert load_settings(store) == s and store.take_notices() == []  # repaired: told once


def test_unknown_and_missing_values_are_quietly_defaulted(store, home):
    path = home / "config" / "settings.json"
    storage.atomic_write_json(path, {"schema": 1, "audio": {"music": 0.5}, "future": {"x": 1}})
    s = load_settings(store)
    assert s == Settings.make(music_volume=0.5)
    assert store.take_notices() == []


volume = st.floats(0, 1, allow_nan=False)


@hsettings(max_examples=60, deadline=None)
@given(master=volume, music=volume, effects=volume, flags=st.lists(st.booleans(), min_size=7,
       max_size=7), scale=st.integers(-5, 10), speed=st.integers(0, 200),
       mush=st.sampled_from(["k", "space", "return", "left ctrl", "f5"]))
def test_any_valid_settings_round_trip(master, music, effects, flags, scale, speed, mush):
    bindings = Bindings().rebind("mush", mush)
    s = Settings.make(master_volume=master, music_volume=music, effects_volume=effects,
                      fullscreen=flags[0], vsync=flags[1], reduced_motion=flags[2],
                      high_contrast=flags[3], unbreakable_vials=flags[4],
                      infinite_stamina=flags[5], window_scale=scale, game_speed=speed,
                      bindings=bindings)
    data = json.loads(json.dumps(s.to_dict()))
    again, problems = Settings.from_dict(data)
    assert again == s and problems == []
    assert 1 <= s.window_scale <= 4 and 50 <= s.game_speed <= 100 and s.game_speed % 10 == 0


def test_docs_describe_every_setting_and_action():
    from pathlib import Path

    from game.input.bindings import ACTIONS

    doc = (Path(__file__).resolve().parent.parent / "docs" / "saves.md").read_text(encoding="utf-8")
    data = Settings().to_dict()
    for group, values in data.items():
        assert f'"{group}"' in doc, group
        if group != "bindings" and isinstance(values, dict):
            for key in values:
                assert f'"{key}"' in doc, key
    for action in ACTIONS:
        assert f"`{action}`" in doc, action
    assert storage.HOME_ENV in doc


def test_a_settings_value_is_always_valid_however_built():
    assert Settings(master_volume=4, game_speed=12).master_volume == 1.0
    with pytest.raises(SettingsError):
        Settings(vsync="no")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().master_volume = 0.5  # frozen: change it with replace


def test_the_ghost_settings_persist_and_default_to_practice_only(store, home):
    assert Settings().ghost_practice and not Settings().ghost_campaign
    save_settings(Settings.make(ghost_practice=False, ghost_campaign=True), store)
    raw = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert raw["ghost"] == {"practice": False, "campaign": True}
    s = load_settings(store)
    assert not s.ghost_practice and s.ghost_campaign and store.take_notices() == []


def test_a_settings_file_from_before_the_ghost_loads_quietly(store, home):
    old = Settings.make(music_volume=0.3).to_dict()
    del old["ghost"]
    storage.atomic_write_json(home / "config" / "settings.json", old)
    s = load_settings(store)
    assert s == Settings.make(music_volume=0.3) and s.ghost_practice and not s.ghost_campaign
    assert store.take_notices() == []


def test_a_wrong_ghost_value_keeps_the_rest_and_is_told_once(store, home):
    path = home / "config" / "settings.json"
    bad = Settings.make(music_volume=0.3, ghost_practice=False).to_dict()
    bad["ghost"]["campaign"] = "sometimes"
    storage.atomic_write_json(path, bad)
    s = load_settings(store)
    assert s.music_volume == 0.3 and not s.ghost_practice and not s.ghost_campaign
    notices = store.take_notices()
    assert len(notices) == 1 and "ghost in the campaign" in notices[0] and "settings.json.bak" in notices[0]
    assert load_settings(store) == s and store.take_notices() == []
