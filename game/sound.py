"""Short UI and spike sounds generated with numpy; silent without a device.

No audio files are shipped: each sound is a few ms of synthesised samples
turned into a ``pygame.mixer.Sound`` with ``pygame.sndarray``. When the
mixer cannot start (no audio device, ``SDL_AUDIODRIVER=dummy`` on some
systems), every call is a no-op.
"""

from __future__ import annotations

import numpy as np
import pygame

RATE_HZ = 22050


def _tone(freq_hz: float, dur_s: float, decay_s: float, shape: str = "sine") -> np.ndarray:
    t = np.arange(int(RATE_HZ * dur_s)) / RATE_HZ
    if shape == "click":
        wave = np.random.default_rng(7).standard_normal(t.size) * 0.5 + np.sin(2 * np.pi * freq_hz * t)
    else:
        wave = np.sin(2 * np.pi * freq_hz * t) + 0.3 * np.sin(4 * np.pi * freq_hz * t)
    env = np.exp(-t / decay_s) * np.minimum(1.0, t / 0.002)
    return (wave * env / 1.3).astype(np.float32)


SOUNDS = {
    "click": lambda: _tone(1400, 0.03, 0.006, "click"),
    "spike": lambda: _tone(2200, 0.012, 0.003, "click"),
    "star": lambda: np.concatenate([_tone(880, 0.09, 0.05), _tone(1320, 0.14, 0.06)]),
    "win": lambda: np.concatenate([_tone(660, 0.08, 0.05), _tone(880, 0.08, 0.05), _tone(1320, 0.2, 0.08)]),
    "error": lambda: _tone(220, 0.18, 0.08),
}


class Sound:
    """Plays named sounds at the current volume; never raises."""

    def __init__(self, enabled: bool = True, volume: float = 0.6) -> None:
        self.enabled = enabled
        self.volume = volume
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.available = False
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE_HZ, size=-16, channels=1)
            self.available = pygame.mixer.get_init() is not None
        except pygame.error:
            self.available = False

    def _get(self, name: str):
        snd = self._sounds.get(name)
        if snd is None and self.available:
            freq, size, channels = pygame.mixer.get_init()
            samples = SOUNDS[name]()
            if freq != RATE_HZ:
                idx = np.linspace(0, samples.size - 1, int(samples.size * freq / RATE_HZ))
                samples = np.interp(idx, np.arange(samples.size), samples)
            pcm = (np.clip(samples, -1, 1) * 32000).astype(np.int16)
            if channels > 1:
                pcm = np.repeat(pcm[:, None], channels, axis=1)
            snd = pygame.sndarray.make_sound(np.ascontiguousarray(pcm))
            self._sounds[name] = snd
        return snd

    def play(self, name: str) -> None:
        if not (self.enabled and self.available and self.volume > 0):
            return
        try:
            snd = self._get(name)
            if snd is not None:
                snd.set_volume(self.volume)
                snd.play()
        except (pygame.error, ValueError, KeyError):
            self.available = False
