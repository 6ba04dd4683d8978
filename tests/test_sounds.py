"""Sound pipeline checks: tools/make_sounds.py regenerates the committed sounds exactly,
every file is a small, clean, mono 16-bit WAV that pygame can load, loops loop without a
click, and docs/sound.md names every sound and every event kind."""

from __future__ import annotations

import os
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import make_sounds  # noqa: E402

from game.sim import events  # noqa: E402

SOUNDS = ROOT / "assets" / "sounds"
DOC = ROOT / "docs" / "sound.md"

# name -> (shortest, longest) seconds
EFFECTS = {
    "mush": (0.8, 2.0), "bark": (0.2, 0.7), "pant": (0.8, 2.0), "tired": (0.8, 2.5),
    "impact": (0.4, 1.2), "glass": (0.5, 1.5), "splash": (0.6, 1.6), "roar": (1.0, 2.5),
    "bear_swipe": (0.4, 1.0), "ice_crack": (0.5, 1.2), "ice_break": (1.0, 2.5), "breakup": (1.5, 3.5),
    "wind_loop": (4.0, 8.0), "wind_start": (1.5, 3.5), "gust": (0.8, 2.0), "slush": (0.6, 1.6),
    "checkpoint": (1.0, 3.0), "finish": (2.0, 4.0), "click": (0.02, 0.15), "select": (0.1, 0.4),
    "senses": (1.0, 3.0), "reveal": (0.5, 1.5), "wolf_howl": (2.0, 4.0), "story": (1.0, 2.5),
    "respawn": (0.5, 1.5),
    "bump": (0.2, 0.6), "tumble": (1.0, 2.0), "wind_end": (1.5, 3.0), "saved": (0.5, 1.5),
    "lost": (2.0, 4.0), "bear_charge": (0.8, 2.0), "bear_grumble": (0.8, 2.0),
    "bear_splash": (1.2, 2.5), "senses_off": (0.5, 1.5), "wolf_fade": (1.2, 3.0),
}
MUSIC = {"music_act1": (30.0, 60.0), "music_act2": (30.0, 60.0), "music_act3": (30.0, 60.0)}
EXPECTED = {**EFFECTS, **MUSIC}
LOOPS = ["wind_loop", *MUSIC]
EFFECT_BYTES, MUSIC_BYTES, TOTAL_BYTES = 150_000, 2_500_000, 9_000_000


def read(path: Path) -> tuple[np.ndarray, int, int, int]:
    """(samples as floats in [-1, 1), rate, channels, sample width)."""
    with wave.open(str(path), "rb") as w:
        raw = w.readframes(w.getnframes())
        rate, ch, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
    return np.frombuffer(raw, "<i2") / 32768.0, rate, ch, width


@pytest.fixture(scope="module")
def fresh_effects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sounds")
    make_sounds.generate(out, music=False)
    return out


def test_the_script_knows_exactly_the_expected_sounds() -> None:
    assert set(make_sounds.ALL) == set(EXPECTED)
    assert set(make_sounds.LOOPS) == set(LOOPS)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_committed_effect_matches_regeneration(fresh_effects: Path, name: str) -> None:
    committed = SOUNDS / f"{name}.wav"
    assert committed.exists(), f"missing {name}.wav: run python tools/make_sounds.py"
    assert committed.read_bytes() == (fresh_effects / f"{name}.wav").read_bytes(), (
        f"{name}.wav is stale: rerun python tools/make_sounds.py")


@pytest.mark.slow
def test_full_regeneration_including_music_matches(tmp_path: Path) -> None:
    make_sounds.generate(tmp_path)
    for name in EXPECTED:
        assert (SOUNDS / f"{name}.wav").read_bytes() == (tmp_path / f"{name}.wav").read_bytes(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_is_clean_mono_16_bit(name: str) -> None:
    x, rate, channels, width = read(SOUNDS / f"{name}.wav")
    assert (channels, width) == (1, 2)
    assert rate in (16000, 22050)
    lo, hi = EXPECTED[name]
    assert lo <= len(x) / rate <= hi, f"{name}: {len(x) / rate:.2f} s"
    peak_db = 20 * np.log10(np.max(np.abs(x)))
    assert -12 < peak_db < -0.5, f"{name}: peak {peak_db:.1f} dBFS"
    assert abs(x.mean()) < 0.002, f"{name}: DC offset {x.mean():.4f}"
    if name not in LOOPS:  # one-shots start and end in silence: no click
        assert abs(x[0]) < 0.01 and abs(x[-1]) < 0.01, name


@pytest.mark.parametrize("name", LOOPS)
def test_loops_are_seamless(name: str) -> None:
    x, _, _, _ = read(SOUNDS / f"{name}.wav")
    steps = np.abs(np.diff(x))
    jump = abs(x[0] - x[-1])
    assert jump <= np.percentile(steps, 99), f"{name}: wrap jump {jump:.4f} is a click"
    # and no level change across the seam: the end is as loud as the start
    def rms(part: np.ndarray) -> float:
        return float(np.sqrt(np.mean(part ** 2)))

    assert 0.5 < rms(x[-2000:]) / rms(x[:2000]) < 2.0, name


def test_sizes_stay_in_budget() -> None:
    total = 0
    for path in SOUNDS.iterdir():
        size = path.stat().st_size
        total += size
        budget = MUSIC_BYTES if path.stem in MUSIC else EFFECT_BYTES
        assert size < budget, f"{path.name}: {size} bytes"
    assert total < TOTAL_BYTES, total


def test_pygame_mixer_loads_every_file() -> None:
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    try:
        pygame.mixer.init(frequency=22050, size=-16, channels=2)
    except pygame.error:
        pytest.skip("no audio driver at all, not even the dummy one")
    try:
        for name in EXPECTED:
            sound = pygame.mixer.Sound(str(SOUNDS / f"{name}.wav"))
            assert sound.get_length() == pytest.approx(read(SOUNDS / f"{name}.wav")[0].size
                                                       / read(SOUNDS / f"{name}.wav")[1], abs=0.05)
    finally:
        pygame.mixer.quit()


def test_scores_parse_and_bad_scores_name_the_line() -> None:
    for name, fname in make_sounds.MUSIC.items():
        head, tracks = make_sounds.parse_score((make_sounds.SCORES / fname).read_text(), fname)
        seconds = tracks[0].beat * 60 / head["tempo"]
        assert 30 <= seconds <= 60, name
    with pytest.raises(ValueError, match=r"x\.txt:3: bar line"):
        make_sounds.parse_score("tempo 90\n[a] voice=pluck\n| C4 3 | D4 1 |\n", "x.txt")
    with pytest.raises(ValueError, match="differ in length"):
        make_sounds.parse_score("[a] voice=pluck\nC4 4\n[b] voice=bass\nC2 2\n", "x.txt")
    with pytest.raises(ValueError, match="unknown voice"):
        make_sounds.parse_score("[a] voice=kazoo\nC4 4\n", "x.txt")


def test_loop_rendering_wraps_tails_to_the_start() -> None:
    """A note held over the end of a score is heard at the start of the loop."""
    rng = np.random.default_rng(0)
    x = make_sounds.render_score("tempo 120\n[a] voice=flute rev=0\n- 3 A4 1\n", rng)
    quarter = len(x) // 4
    assert np.max(np.abs(x[:quarter // 4])) > 0.1 * np.max(np.abs(x))


def test_every_sound_the_game_asks_for_exists() -> None:
    audio = pytest.importorskip("game.audio.mixer")
    wanted = set(getattr(audio, "SOUND_NAMES", ()))
    wanted |= {f"music_{t}" for t in getattr(audio, "MUSIC_TRACKS", ())}
    missing = sorted(n for n in wanted if not (SOUNDS / f"{n}.wav").exists())
    assert missing == [], f"game/audio/mixer.py plays {missing}: add them to tools/make_sounds.py"


def test_docs_name_every_sound_and_event() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f"`{name}`" in doc, name
    kinds = [v for k, v in vars(events).items() if k.isupper() and isinstance(v, str)]
    assert len(kinds) > 20
    for kind in kinds:
        assert f"`{kind}`" in doc, f"docs/sound.md: which sound plays for event {kind!r}?"
