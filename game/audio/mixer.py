"""Sound hooks: every simulation event, menu sound, the wind ambience and the act music.

`SOUND_FOR_EVENT` names one distinct sound per event kind of `game.sim.events`; the artist's
files live in assets/sounds/<name>.wav (or .ogg), music in assets/music/<track>.ogg or
assets/sounds/music_<track>.wav. A missing file is silent. `Audio` becomes a silent no-op when there is no
audio device: it never raises, so the game runs the same with or without sound.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pygame

from game import resources
from game.render.hazard_views import SOUNDS
from game.render.presentation import SoundRule, pick_sound, sound_names
from game.sim.events import Event

ASSETS = resources.ASSETS

# One distinct sound per event kind (a test checks every kind in game.sim.events is here); the
# table lives with the hazards' presentation (game.render.hazard_views), where a hazard adds
# its own. A rule is a sound name or a function of the event's payload (a cliff fall tumbles).
SOUND_FOR_EVENT: dict[str, SoundRule] = SOUNDS
# While a distinct sound has no file yet, a related one stands in (still silent if missing).
FALLBACK: dict[str, str] = {
    "bear_splash": "splash", "tumble": "impact", "bump": "impact", "bear_charge": "roar",
    "bear_grumble": "roar", "wolf_fade": "wolf_howl", "senses_off": "senses", "wind_end": "gust",
    "saved": "reveal", "lost": "glass", "breakup": "ice_break",
}
UI_SOUNDS = ("click", "select")
AMBIENCE = "wind_loop"  # looped; its volume follows the blizzard's intensity
MUSIC_TRACKS = ("act1", "act2", "act3")
# Every sound file the game may ask for (for the sound designer).

SOUND_NAMES: tuple[str, ...] = tuple(sorted(
    {n for rule in SOUND_FOR_EVENT.values() for n in sound_names(rule)} | set(UI_SOUNDS) | {AMBIENCE}))
SOUND_EXTS = (".wav", ".ogg")
MUSIC_EXTS = (".ogg", ".wav")


def clamp01(v: Any) -> float:
    """A volume in [0, 1] (NaN and junk count as 0)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    if f != f:
        return 0.0
    return 0.0 if f < 0.0 else 1.0 if f > 1.0 else f


def sound_for(event: Event) -> str | None:
    """The sound name of one event (by kind; a few kinds choose by payload), or None."""
    rule = SOUND_FOR_EVENT.get(event.kind)
    return None if rule is None else pick_sound(rule, event)


def track_for_leg(leg: Any) -> str:
    """The music of a campaign leg: act 1 for legs 1-3, act 2 for 4-6, act 3 after."""
    try:
        n = int(leg)
    except (TypeError, ValueError):
        return MUSIC_TRACKS[0]
    return MUSIC_TRACKS[min(2, max(0, (n - 1) // 3))]


class Audio:
    """Plays the game's sounds; silent (and harmless) without a device or without files.

    Volumes are 0..1: `master` scales everything, `music` the tracks, `effects` the sounds
    and the ambience."""

    def __init__(self, directory: Path | str | None = None, enabled: bool = True,
                 master: float = 1.0, music: float = 0.6, effects: float = 0.9) -> None:
        self.directory = Path(directory) if directory is not None else ASSETS
        self.master = clamp01(master)
        self.music_volume = clamp01(music)
        self.effects = clamp01(effects)
        self.available = False
        self.track: str | None = None
        self.ambience_level = 0.0
        self._sounds: dict[str, Any] = {}
        self._ambience_channel: Any = None
        if enabled:
            self._init()

    # -- set-up ----------------------------------------------------------------------
    def _init(self) -> None:
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init()
            self.available = bool(pygame.mixer.get_init())
            if self.available:
                pygame.mixer.set_num_channels(24)
                pygame.mixer.set_reserved(1)
                self._ambience_channel = pygame.mixer.Channel(0)
        except Exception:  # no device, no driver, a broken SDL: play nothing
            self.available = False
            self._ambience_channel = None

    def _find(self, name: str, folders: tuple[str, ...], exts: tuple[str, ...]) -> Path | None:
        for folder in folders:
            for ext in exts:
                p = self.directory / folder / f"{name}{ext}"
                if p.is_file():
                    return p
        return None

    def sound(self, name: str) -> Any:
        """The loaded Sound `name` (lazily, cached), or None when silent or missing."""
        if not self.available:
            return None
        if name in self._sounds:
            return self._sounds[name]
        snd = None
        path = self._find(name, ("sounds",), SOUND_EXTS)
        if path is not None:
            try:
                snd = pygame.mixer.Sound(str(path))
            except Exception:
                snd = None
        if snd is None and name in FALLBACK:
            snd = self.sound(FALLBACK[name])
        self._sounds[name] = snd
        return snd

    # -- volumes ---------------------------------------------------------------------
    def set_volumes(self, master: float | None = None, music: float | None = None,
                    effects: float | None = None) -> None:
        """Change any of the three volumes (clamped to 0..1) at once, while playing."""
        if master is not None:
            self.master = clamp01(master)
        if music is not None:
            self.music_volume = clamp01(music)
        if effects is not None:
            self.effects = clamp01(effects)
        self._apply_music_volume()
        self.ambience(self.ambience_level)

    def _apply_music_volume(self) -> None:
        if not self.available:
            return
        try:
            pygame.mixer.music.set_volume(self.master * self.music_volume)
        except Exception:
            pass

    # -- playing ---------------------------------------------------------------------
    def play(self, name: str, volume: float = 1.0) -> bool:
        """Play one sound once; True when something actually played."""
        snd = self.sound(name)
        if snd is None:
            return False
        try:
            ch = snd.play()
            if ch is None:
                return False
            ch.set_volume(clamp01(volume) * self.master * self.effects)
            return True
        except Exception:
            return False

    def play_events(self, events: Iterable[Any]) -> list[str]:
        """Play the sound of each event of a tick (each sound at most once per call).
        Returns the names asked for, played or not (handy for tests)."""
        names: list[str] = []
        for ev in events:
            name = sound_for(ev)
            if name and name not in names:
                names.append(name)
        for name in names:
            self.play(name)
        return names

    def music(self, track: str | None) -> None:
        """Loop a music track (None stops the music). The same track keeps playing."""
        if track == self.track:
            return
        self.track = track
        if not self.available:
            return
        try:
            if track is None:
                pygame.mixer.music.fadeout(400)
                return
            path = (self._find(track, ("music", "sounds"), MUSIC_EXTS)
                    or self._find(f"music_{track}", ("music", "sounds"), MUSIC_EXTS))
            if path is None:
                pygame.mixer.music.stop()
                return
            pygame.mixer.music.load(str(path))
            self._apply_music_volume()
            pygame.mixer.music.play(-1, fade_ms=600)
        except Exception:
            pass

    def ambience(self, intensity: float) -> None:
        """The looping wind, as loud as the blizzard is strong (0 stops it)."""
        level = clamp01(intensity)
        self.ambience_level = level
        ch = self._ambience_channel
        if ch is None:
            return
        snd = self.sound(AMBIENCE)
        if snd is None:
            return
        try:
            if level <= 0.02:
                if ch.get_busy():
                    ch.fadeout(300)
                return
            if not ch.get_busy():
                ch.play(snd, loops=-1, fade_ms=300)
            ch.set_volume(level * 0.8 * self.master * self.effects)
        except Exception:
            pass

    def stop(self) -> None:
        """Silence everything (leaving a run, quitting)."""
        self.track = None
        self.ambience_level = 0.0
        if not self.available:
            return
        try:
            pygame.mixer.stop()
            pygame.mixer.music.stop()
        except Exception:
            pass
