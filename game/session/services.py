"""The services screens and runs share, built once by the app (or a test) and passed in.

One typed object instead of attributes hung on the screen flow: the assets, the sound, the
save store, the player's settings and button prompts, the campaign, the replay recorder, the
input router and the one-time notices for the title. Changing the settings goes through
`apply_settings`, which hands them to every service that keeps a copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from game.audio.mixer import Audio
from game.input.prompts import Prompts
from game.input.router import InputRouter
from game.render import Assets
from game.saves import storage
from game.saves.settings import Settings, save_settings
from game.session.campaign import Campaign
from game.session.replay import Recorder
from game.sim.controls import NEUTRAL, Controls


@dataclass(slots=True)
class Services:
    """What the shell shares. `controls` are the held keys of the current frame (the app
    sets them); `input` is None without a window (tests, the bench)."""

    assets: Assets
    audio: Audio
    store: storage.Store
    campaign: Campaign
    settings: Settings = field(default_factory=Settings)
    prompts: Prompts = field(default_factory=Prompts)
    recorder: Recorder | None = None
    input: InputRouter | None = None
    notices: list[str] = field(default_factory=list)
    controls: Controls = NEUTRAL

    @classmethod
    def create(cls, assets: Assets | None = None, store: storage.Store | None = None,
               audio: Audio | None = None, settings: Settings | None = None,
               recorder: Recorder | None = None) -> Services:
        """Services with defaults: silent audio, the user's store, default settings."""
        store = store if store is not None else storage.default_store()
        settings = settings if settings is not None else Settings()
        return cls(assets=assets if assets is not None else Assets(),
                   audio=audio if audio is not None else Audio(enabled=False),
                   store=store, campaign=Campaign(store), settings=settings,
                   prompts=Prompts(settings.bindings), recorder=recorder)

    def apply_settings(self, settings: Settings, save: bool = True) -> bool:
        """Make `settings` the game's: the volumes to the audio at once, the bindings to the
        prompts and the input router (the app reads the display settings every frame).
        Saved atomically unless `save` is False; returns False when the save failed (the
        store then holds a notice for the player)."""
        self.settings = settings
        self.prompts.bindings = settings.bindings
        if self.input is not None:
            self.input.bindings = settings.bindings
        self.audio.set_volumes(master=settings.master_volume, music=settings.music_volume,
                               effects=settings.effects_volume)
        return save_settings(settings, self.store) if save else True
