"""Sound hooks: every event has a distinct sound, missing files and missing devices are silent,
volumes clamp, and the screens ask for the right sounds."""
import os
import struct
import wave

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.audio import mixer as A  # noqa: E402
from game.input import actions as I  # noqa: E402
from game.sim import events as E  # noqa: E402

EVENT_KINDS = sorted(v for k, v in vars(E).items() if k.isupper() and isinstance(v, str))


@pytest.fixture(autouse=True)
def _no_mixer_left_behind():
    yield
    try:
        pygame.mixer.quit()
    except pygame.error:
        pass


def _wav(path, seconds: float = 0.05) -> None:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(22050)
        n = int(22050 * seconds)
        f.writeframes(b"".join(struct.pack("<h", (i % 40 - 20) * 500) for i in range(n)))


def test_every_event_kind_has_its_own_sound():
    assert len(EVENT_KINDS) >= 25
    missing = [k for k in EVENT_KINDS if k not in A.SOUND_FOR_EVENT]
    assert not missing
    names = [A.sound_for(E.EVENT_TYPES[k]()) for k in EVENT_KINDS]
    assert len(set(names)) == len(names)
    for kind, name in {E.IMPACT: "impact", E.VIALS_LOST: "glass", E.BEAR_NOTICE: "roar",
                       E.ICE_CRACK: "ice_crack", E.ICE_BREAK: "ice_break", E.FALL: "splash",
                       E.GUST: "gust", E.BLIZZARD: "wind_start", E.MUSH: "mush",
                       E.CHECKPOINT: "checkpoint", E.FINISH: "finish", E.SENSES_ON: "senses",
                       E.MARKER_REVEALED: "reveal", E.BEAR_SWIPE: "bear_swipe", E.WOLF: "wolf_howl",
                       E.STORY: "story", E.TIRED: "pant", E.OVERFLOW: "slush"}.items():
        assert A.sound_for(E.EVENT_TYPES[kind]()) == name
    assert {"click", "select", "wind_loop"} <= set(A.SOUND_NAMES)
    assert A.MUSIC_TRACKS == ("act1", "act2", "act3")
    assert A.sound_for(E.Fall(cause="cliff")) != A.sound_for(E.Fall(cause="water"))
    assert A.sound_for(E.Wolf(appears=False)) == "wolf_fade"


def test_dummy_driver_initialises_or_degrades_and_missing_files_are_silent(tmp_path):
    audio = A.Audio(directory=tmp_path)
    assert audio.play("roar") is False
    assert audio.play_events([E.BearNotice(), E.BearNotice(), E.Gust()]) == ["roar", "gust"]
    audio.music("act1")
    audio.ambience(0.7)
    audio.ambience(0.0)
    audio.stop()


def test_a_present_file_loads_lazily_and_plays(tmp_path):
    (tmp_path / "sounds").mkdir()
    _wav(tmp_path / "sounds" / "roar.wav")
    _wav(tmp_path / "sounds" / "wind_loop.wav", 0.3)
    audio = A.Audio(directory=tmp_path)
    if not audio.available:
        pytest.skip("no mixer even with the dummy driver")
    assert "roar" not in audio._sounds  # lazy
    assert audio.play("roar") is True
    assert audio.sound("roar") is audio.sound("roar")
    assert audio.play("bear_splash") is False  # neither it nor its stand-in exists here
    audio.ambience(0.8)
    assert audio.ambience_level == pytest.approx(0.8)
    audio.stop()


def test_stand_in_sounds_play_until_their_own_file_exists(tmp_path):
    (tmp_path / "sounds").mkdir()
    _wav(tmp_path / "sounds" / "splash.wav")
    audio = A.Audio(directory=tmp_path)
    if not audio.available:
        pytest.skip("no mixer even with the dummy driver")
    assert audio.play("bear_splash") is True


def test_volumes_clamp_and_change_at_runtime(tmp_path):
    audio = A.Audio(directory=tmp_path, master=3.0, music=-1.0, effects=float("nan"))
    assert (audio.master, audio.music_volume, audio.effects) == (1.0, 0.0, 0.0)
    audio.set_volumes(master=0.5, music=0.25, effects=2)
    assert (audio.master, audio.music_volume, audio.effects) == (0.5, 0.25, 1.0)
    audio.set_volumes(effects="loud")
    assert audio.effects == 0.0
    assert A.clamp01(0.3) == 0.3


def test_no_sound_device_is_silent_and_never_raises(monkeypatch, tmp_path):
    def no_device(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    (tmp_path / "sounds").mkdir()
    _wav(tmp_path / "sounds" / "roar.wav")
    audio = A.Audio(directory=tmp_path)
    assert not audio.available
    assert audio.play("roar") is False
    assert audio.play_events([E.EVENT_TYPES[kind]() for kind in EVENT_KINDS])
    audio.music("act2")
    audio.ambience(1.0)
    audio.set_volumes(0.2, 0.2, 0.2)
    audio.stop()


def test_music_follows_the_leg():
    assert A.track_for_leg(1) == "act1"
    assert A.track_for_leg(4) == "act2"
    assert A.track_for_leg(9) == "act3"
    assert A.track_for_leg(None) == "act1"


class Recorder:
    """Stands in for Audio and remembers what was asked for."""

    def __init__(self):
        self.played: list[str] = []
        self.tracks: list[str | None] = []
        self.levels: list[float] = []
        self.event_calls = 0

    def play(self, name, volume=1.0):
        self.played.append(name)
        return False

    def play_events(self, events):
        self.event_calls += 1
        names = [A.sound_for(e) for e in events]
        self.played.extend(n for n in names if n)
        return names

    def music(self, track):
        self.tracks.append(track)

    def ambience(self, level):
        self.levels.append(level)


def test_menus_click_and_select_and_the_run_plays_its_events(tmp_path):
    from mapmaker import write_map

    from game.app.flow import Flow
    from game.render import Assets
    from game.session.services import Services
    from game.sim.bots import autopilot

    pygame.display.init()
    level = write_map(tmp_path / "leg.tmx", """
TTTTTTTTTTTTTTTTTTTTTTTTTT
T........................T
T..S=================FF..T
T........................T
TTTTTTTTTTTTTTTTTTTTTTTTTT
""", properties={"leg": 5})
    rec = Recorder()
    flow = Flow(Services.create(Assets(), audio=rec), seed=3, default_level=level, driver=autopilot)
    flow.handle(I.DOWN)
    flow.handle(I.UP)
    assert rec.played == ["select", "select"]
    flow.handle(I.CONFIRM)  # Campaign: the route map
    assert rec.played[-1] == "click"
    flow.play()  # the leg itself (the way through the route map: tests/test_campaign_screens.py)
    assert rec.tracks[-1] == "act2"
    for _ in range(3 * 48 + 5):
        flow.tick()
    assert flow.screen.name == "run"
    rec.played.clear()
    calls = rec.event_calls
    for _ in range(60):
        flow.tick()
    assert rec.event_calls - calls == 60  # every tick's events go to the sound
    assert len(rec.levels) >= 60  # and the wind follows the weather
    from game.sim import Controls

    flow.session.driver = lambda w: Controls(brake=True)
    flow.tick()
    flow.session.driver = lambda w: Controls(mush=True)
    flow.tick()
    assert "mush" in rec.played
