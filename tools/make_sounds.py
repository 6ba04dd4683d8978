#!/usr/bin/env python3
"""Synthesize every sound and music loop for "Balto: The Serum Run".

    python tools/make_sounds.py [--out DIR] [--only NAME ...] [--no-music]

Writes ``DIR/<name>.wav`` (default DIR: the repo's ``assets/sounds/``): 16-bit mono
WAV, 22050 Hz (the wind loop 16000 Hz to stay small), peak normalized to -3 dBFS,
no DC offset, short fades on one-shots. Loops (``wind_loop``, ``music_act1..3``) are
rendered circularly -- every filter, note tail and reverb wraps around the end -- so
they repeat without a click.

Sources: small DSP building blocks in this file (numpy only: FFT filters, additive,
FM and Karplus-Strong voices) and the music scores in ``tools/sound/act*.txt``
(format described in ``docs/sound.md``). Every sound draws its randomness from
``numpy.random.default_rng(crc32(name))``, so the output is byte-identical on
every run and adding a sound never changes another. See ``docs/sound.md``.

This file is long on purpose: one self-contained synthesizer, one function per sound.
"""

from __future__ import annotations

import argparse
import re
import sys
import wave
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCORES = Path(__file__).resolve().parent / "sound"
SR = 22050            # effects and music
WIND_SR = 16000       # the wind loop: 4.6 s of noise stays under 150 KB
PEAK = 10 ** (-3 / 20)  # -3 dBFS
TAU = 2 * np.pi

Array = np.ndarray

# --------------------------------------------------------------------------- basics


def n_of(seconds: float, sr: int = SR) -> int:
    return int(round(seconds * sr))


def times(n: int, sr: int = SR) -> Array:
    return np.arange(n) / sr


def place(dst: Array, src: Array, at: float, gain: float = 1.0, sr: int = SR) -> None:
    """Mix ``src`` into ``dst`` starting at ``at`` seconds (clipped to dst)."""
    i = n_of(at, sr)
    if i >= len(dst):
        return
    m = min(len(src), len(dst) - i)
    dst[i:i + m] += gain * src[:m]


def env(n: int, points: list[tuple[float, float]], sr: int = SR) -> Array:
    """Piecewise-linear envelope through (time s, level) points."""
    ts, vs = zip(*points)
    return np.interp(times(n, sr), ts, vs)


def taper(n: int, seconds: float = 0.01, sr: int = SR) -> Array:
    """1.0 except a linear fade to 0 over the last ``seconds``: no click where a note is cut."""
    return np.minimum(1.0, np.arange(n)[::-1] / max(seconds * sr, 1.0))


def decay(n: int, tau: float, attack: float = 0.002, sr: int = SR) -> Array:
    """Linear attack then exponential decay with time constant ``tau`` (tapered end)."""
    t = times(n, sr)
    e = np.minimum(1.0, t / max(attack, 1e-6)) * np.exp(-np.maximum(t - attack, 0) / tau)
    return e * taper(n, min(0.03, n / sr / 4), sr)


def osc(freq: Array | float, n: int, phase: float = 0.0, sr: int = SR) -> Array:
    """Phase of a (possibly gliding) oscillator, in radians."""
    f = np.broadcast_to(np.asarray(freq, dtype=float), (n,))
    return phase + TAU * np.cumsum(f) / sr


def periodic(t: Array, period: float, rng: np.random.Generator, harmonics: int = 4,
             tilt: float = 1.0) -> Array:
    """Smooth random function of time that repeats every ``period`` s, in [-1, 1]."""
    out = np.zeros_like(t)
    for k in range(1, harmonics + 1):
        out += np.sin(TAU * k * t / period + rng.uniform(0, TAU)) / k ** tilt
    return out / max(np.max(np.abs(out)), 1e-9)


def wobble(n: int, rate: float, rng: np.random.Generator, sr: int = SR) -> Array:
    """Smooth random signal: random values every 1/rate s, cosine-interpolated."""
    pts = rng.uniform(-1, 1, int(n / sr * rate) + 3)
    x = times(n, sr) * rate
    i = x.astype(int)
    fr = (1 - np.cos(np.pi * (x - i))) / 2
    return pts[i] * (1 - fr) + pts[i + 1] * fr


# --------------------------------------------------------------------------- filters
# Magnitude responses as functions of frequency; applied in the FFT domain.


def lowpass(fc: float, order: int = 2) -> Callable[[Array], Array]:
    return lambda f: 1 / np.sqrt(1 + (f / fc) ** (2 * order))


def highpass(fc: float, order: int = 2) -> Callable[[Array], Array]:
    return lambda f: 1 / np.sqrt(1 + (fc / np.maximum(f, 1e-3)) ** (2 * order))


def bandpass(fc: Array | float, q: float) -> Callable[[Array], Array]:
    """Resonance peak (two-pole band-pass shape), 1.0 at ``fc``."""
    return lambda f: 1 / np.sqrt(1 + q * q * (f / fc - fc / np.maximum(f, 1e-3)) ** 2)


def band(lo: float, hi: float, order: int = 2) -> Callable[[Array], Array]:
    """Flat pass band between ``lo`` and ``hi`` with ``order``*6 dB/octave skirts."""
    return lambda f: highpass(lo, order)(f) * lowpass(hi, order)(f)


def formants(peaks: list[tuple[float, float, float]]) -> Callable[[Array], Array]:
    """Sum of resonances given as (centre Hz, q, gain)."""
    return lambda f: sum(g * bandpass(fc, q)(f) for fc, q, g in peaks)


def filt(x: Array, gain: Callable[[Array], Array], circular: bool = False,
         sr: int = SR) -> Array:
    """Apply a zero-phase magnitude response; pads so one-shots do not wrap."""
    n = len(x)
    pad = 0 if circular else min(n, sr)
    spec = np.fft.rfft(np.concatenate([x, np.zeros(pad)]))
    spec *= gain(np.fft.rfftfreq(n + pad, 1 / sr))
    return np.fft.irfft(spec, n + pad)[:n]


def noise(n: int, rng: np.random.Generator) -> Array:
    return rng.uniform(-1, 1, n)


def stft_filter(x: Array, shape: Callable[[Array, Array], Array], circular: bool = False,
                frame: int = 1024, hop: int = 256, sr: int = SR) -> Array:
    """Time-varying filter: ``shape(t[:, None], f[None, :])`` gives each frame's gains.

    Sine-windowed overlap-add; circular mode wraps frames around the end (loops)."""
    n = len(x)
    win = np.sin(np.pi * (np.arange(frame) + 0.5) / frame)
    if circular:
        assert n % hop == 0, "a circular signal must be a whole number of hops"
        starts = np.arange(0, n, hop)
        idx = (starts[:, None] + np.arange(frame)) % n
        src, pad = x, 0
    else:
        pad = frame
        src = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
        starts = np.arange(0, len(src) - frame + 1, hop)
        idx = starts[:, None] + np.arange(frame)
    spec = np.fft.rfft(src[idx] * win, axis=1)
    t = ((starts + frame / 2 - pad) % (n if circular else 1 << 60)) / sr
    spec *= shape(t[:, None], np.fft.rfftfreq(frame, 1 / sr)[None, :])
    frames = np.fft.irfft(spec, frame, axis=1) * win
    out = np.zeros(len(src))
    wsum = np.zeros(len(src))
    np.add.at(out, idx.ravel(), frames.ravel())
    np.add.at(wsum, idx.ravel(), np.broadcast_to(win * win, idx.shape).ravel())
    out /= np.maximum(wsum, 1e-3)
    return out if circular else out[pad:pad + n]


def reverb(x: Array, rng: np.random.Generator, t60: float = 2.0, wet: float = 0.25,
           circular: bool = False, tail: float = 0.0, sr: int = SR) -> Array:
    """Convolve with a soft, darkening tail of exponentially decaying noise."""
    n_ir = n_of(min(t60, 4.0), sr)
    t = times(n_ir, sr)
    ir = noise(n_ir, rng) * np.exp(-6.9 * t / t60) * np.minimum(1, t / 0.02)
    ir = filt(ir, lowpass(3500, 1), sr=sr)
    ir[: n_of(0.015, sr)] = 0  # pre-delay
    ir /= np.sqrt(np.sum(ir ** 2))
    if circular:
        size = len(x)
        wet_sig = np.fft.irfft(np.fft.rfft(x) * np.fft.rfft(ir, size), size)
        return x + wet * wet_sig
    x = np.concatenate([x, np.zeros(n_of(tail, sr))])
    size = len(x) + n_ir
    wet_sig = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(ir, size), size)[:len(x)]
    return x + wet * wet_sig


# --------------------------------------------------------------------------- voices


def partials(freq: float, ratios: list[float], amps: list[float], taus: list[float],
             dur: float, attack: float = 0.002, sr: int = SR) -> Array:
    """Inharmonic struck-object tone (bells, chimes, glass): decaying sine partials."""
    n = n_of(dur, sr)
    out = np.zeros(n)
    t = times(n, sr)
    for r, a, tau in zip(ratios, amps, taus):
        f = freq * r
        if f < 0.45 * sr:
            out += a * np.sin(TAU * f * t) * decay(n, tau, attack, sr)
    return out


BELL_RATIOS = [0.5, 1.0, 1.19, 1.5, 2.0, 2.5, 2.98, 4.07]
BELL_AMPS = [0.35, 1.0, 0.45, 0.3, 0.45, 0.18, 0.12, 0.06]
BELL_TAUS = [2.2, 1.4, 1.0, 0.8, 0.6, 0.35, 0.25, 0.15]


def bell(freq: float, dur: float = 2.5, bright: float = 1.0) -> Array:
    """Warm church/hand-bell: hum, prime, minor third, fifth, octave..."""
    amps = [a * (bright ** i if i > 3 else 1.0) for i, a in enumerate(BELL_AMPS)]
    taus = [t * min(dur / 2.5, 1.5) for t in BELL_TAUS]
    return partials(freq, BELL_RATIOS, amps, taus, dur, attack=0.003)


def chime(freq: float, dur: float = 2.0) -> Array:
    """Tubular wind-chime: free-bar partial ratios."""
    return partials(freq, [1.0, 2.756, 5.404, 8.933], [1.0, 0.5, 0.18, 0.06],
                    [1.1, 0.5, 0.2, 0.1], dur, attack=0.004)


def tinkle(freq: float, dur: float, rng: np.random.Generator) -> Array:
    """One glass shard: bright, quickly-decaying inharmonic partials."""
    ratios = [1.0, 2.32 + rng.uniform(-0.05, 0.05), 4.25 + rng.uniform(-0.1, 0.1), 6.6]
    tau = rng.uniform(0.04, 0.16)
    return partials(freq, ratios, [1.0, 0.5, 0.25, 0.1], [tau, tau * 0.7, tau * 0.5, tau * 0.3],
                    dur, attack=0.0005)


def pluck(freq: float, dur: float, rng: np.random.Generator, t60: float = 2.0,
          bright: float = 0.5, release: float = 0.25) -> Array:
    """Karplus-Strong plucked string, tuned exactly by resampling.

    The note rings ``dur`` s and is then damped over ``release`` s."""
    period = int(SR / freq - 0.5)
    natural = SR / (period + 0.5)          # pitch of the integer delay plus the averager
    total = dur + release * 3
    m = int(total * SR * freq / natural) + period + 4
    g = 10 ** (-3 / (t60 * natural))       # loss per period
    y = np.zeros(m)
    burst = noise(period + 1, rng)
    soft = np.convolve(burst, np.ones(5) / 5, mode="same")
    y[:period + 1] = bright * burst + (1 - bright) * soft
    y[:period + 1] -= y[:period + 1].mean()
    for s in range(period + 1, m, period):
        e = min(s + period, m)
        y[s:e] = g * 0.5 * (y[s - period:e - period] + y[s - period - 1:e - period - 1])
    n = n_of(total)
    out = np.interp(np.arange(n) * freq / natural, np.arange(m), y)
    t = times(n)
    out *= np.minimum(1, t / 0.003) * np.where(t < dur, 1.0, np.exp(-(t - dur) / release))
    return out * taper(n, release)


def harmonic(f0: Array, amp: Callable[[Array, int], Array], kmax: int = 40) -> Array:
    """Sum of harmonics of a gliding f0; ``amp(freqs, k)`` shapes each (formants, tilt)."""
    n = len(f0)
    ph = osc(f0, n)
    out = np.zeros(n)
    for k in range(1, kmax + 1):
        fk = k * f0
        if np.min(fk) > 0.45 * SR:
            break
        out += amp(fk, k) * (fk < 0.45 * SR) * np.sin(k * ph)
    return out


# --------------------------------------------------------------------------- building blocks


def thump(f_start: float, f_end: float, dur: float, tau: float) -> Array:
    """Low body thud: a sine sliding down in pitch under a fast decay."""
    n = n_of(dur)
    f = f_end + (f_start - f_end) * np.exp(-times(n) / 0.04)
    return np.sin(osc(f, n)) * decay(n, tau, 0.001)


def burst(n: int, rng: np.random.Generator, gain: Callable[[Array], Array], tau: float,
          attack: float = 0.001) -> Array:
    """Filtered noise under a decay envelope."""
    return filt(noise(n, rng), gain) * decay(n, tau, attack)


def whoosh(dur: float, f_lo: float, f_hi: float, rng: np.random.Generator, q: float = 2.0,
           peak_at: float = 0.5) -> Array:
    """Noise through a band-pass that sweeps up then down, loudest at ``peak_at``."""
    n = n_of(dur)

    def shape(t: Array, f: Array) -> Array:
        u = np.clip(t / dur, 0, 1)
        bump = np.where(u < peak_at, u / peak_at, (1 - u) / (1 - peak_at))
        fc = f_lo * (f_hi / f_lo) ** bump
        return bandpass(fc, q)(f) * np.sin(np.pi / 2 * bump) ** 2

    return stft_filter(noise(n, rng), shape, frame=512, hop=128)


def crackle(dur: float, rng: np.random.Generator, rate: float, sharp: float = 1.0,
            bright: float = 2500) -> Array:
    """Random clicks whose density falls off (stick-slip of ice or wood)."""
    n = n_of(dur)
    out = np.zeros(n)
    t = 0.0
    while t < dur:
        click = noise(n_of(0.004), rng) * decay(n_of(0.004), 0.0008 * sharp, 0.0001)
        place(out, click, t, rng.uniform(0.3, 1.0) * np.exp(-t / (dur / 2)))
        t += rng.exponential(1 / rate) * (1 + 3 * t / dur)
    return filt(out, lambda f: highpass(300)(f) * lowpass(bright * 3, 1)(f))


def bubbles(dur: float, rng: np.random.Generator, count: int, lo: float = 400,
            hi: float = 1400) -> Array:
    """Rising sine chirps: bubbles in water."""
    out = np.zeros(n_of(dur))
    for _ in range(count):
        d = rng.uniform(0.02, 0.06)
        n = n_of(d)
        f0 = rng.uniform(lo, hi)
        f = f0 * np.exp(times(n) / d * rng.uniform(0.3, 0.9))
        place(out, np.sin(osc(f, n)) * decay(n, d / 3, 0.002),
              rng.uniform(0, dur * 0.85) ** 1.4 / dur ** 0.4, rng.uniform(0.2, 0.6))
    return out


def splash_body(dur: float, rng: np.random.Generator, size: float = 1.0) -> Array:
    """Water: a broad noisy slap, a hiss of spray and bubbles."""
    n = n_of(dur)
    slap = burst(n, rng, lambda f: band(250 / size, 1500 / size)(f) + 0.25 * band(2000, 4500)(f),
                 0.12 * size, 0.004)
    spray = filt(noise(n, rng), band(2000, 5000)) * env(n, [(0, 0), (0.05, 0.2), (0.4, 0.06), (dur, 0)])
    plop = thump(260 / size, 110 / size, dur, 0.09) * 0.6
    return slap + spray + plop + bubbles(dur, rng, int(14 * size), 300 / size, 1200 / size) * 0.5


# --------------------------------------------------------------------------- effects


def s_mush(rng: np.random.Generator) -> Array:
    """Whip swish + crack, jingling harness, paws that quicken."""
    dur = 1.6
    out = np.zeros(n_of(dur))
    place(out, whoosh(0.16, 500, 3000, rng, q=1.5, peak_at=0.9), 0.0, 0.5)
    crack = burst(n_of(0.05), rng, highpass(1500, 1), 0.006, 0.0002)
    crack += np.sin(osc(2200, n_of(0.05))) * decay(n_of(0.05), 0.004) * 0.5
    place(out, crack, 0.16, 1.0)
    for i in range(11):  # harness bells, jostled
        tt = 0.2 + i * 0.11 + rng.uniform(-0.02, 0.02)
        place(out, partials(rng.uniform(2600, 3600), [1, 1.52, 2.74], [1, 0.4, 0.15],
                            [0.09, 0.06, 0.03], 0.3), tt, 0.16 * (1 - i / 14))
    t, gap = 0.25, 0.19
    while t < dur - 0.1:  # paws: soft thump + snow crunch, quickening
        paw = thump(130, 70, 0.08, 0.02) * 0.8 + burst(n_of(0.08), rng, band(600, 2500), 0.015) * 0.6
        place(out, paw, t, 0.55)
        t += gap
        gap = max(0.085, gap * 0.9)
    return out


def s_bark(rng: np.random.Generator) -> Array:
    """A dog's "ruff": harmonic source with a pitch glide through formants, plus breath."""
    dur = 0.42
    n = n_of(dur)
    t = times(n)
    f0 = 470 + 230 * np.sin(np.pi * np.minimum(t / 0.16, 1)) * np.exp(-t / 0.25) - 120 * (t / dur)
    f0 *= 1 + 0.02 * wobble(n, 60, rng)
    form = formants([(900, 4, 1.0), (1700, 5, 0.6), (2900, 6, 0.3)])
    voiced = harmonic(f0, lambda fk, k: form(fk) / k ** 0.4)
    breath = filt(noise(n, rng), form) * 0.35
    e = env(n, [(0, 0), (0.008, 1.0), (0.07, 0.85), (0.2, 0.35), (dur, 0)])
    return reverb((voiced + breath) * e, rng, t60=0.4, wet=0.12)[:n]


def panting(rng: np.random.Generator, breaths: int, rate: float, dur: float,
            depth: float) -> Array:
    """Alternating in/out breaths: formant-shaped noise bumps."""
    out = np.zeros(n_of(dur))
    for i in range(breaths):
        inward = i % 2 == 1
        d = 0.5 / rate * (0.8 if inward else 1.0)
        n = n_of(d)
        centre = (2100 if inward else 1300) * rng.uniform(0.92, 1.08)
        shape = formants([(centre, 2.5, 1.0), (centre * 2.2, 3, 0.4), (500, 1.5, 0.3 * depth)])
        puff = filt(noise(n, rng), lambda f, shape=shape: shape(f) * lowpass(3000, 2)(f))
        puff *= np.sin(np.pi * times(n) / d) ** 1.5
        place(out, puff, i * 0.5 / rate, 0.5 if inward else 1.0)
    return out


def s_pant(rng: np.random.Generator) -> Array:
    return panting(rng, 8, 3.6, 1.2, 0.5)


def s_tired(rng: np.random.Generator) -> Array:
    """Slow heavy panting that ends in a small whine."""
    out = panting(rng, 6, 2.4, 1.9, 1.0)
    n = n_of(0.55)
    t = times(n)
    f = 950 - 250 * t / 0.55 + 15 * np.sin(TAU * 6 * t)
    whine = np.sin(osc(f, n)) + 0.25 * np.sin(2 * osc(f, n))
    place(out, whine * env(n, [(0, 0), (0.08, 1), (0.35, 0.7), (0.55, 0)]), 1.3, 0.22)
    return out


def s_impact(rng: np.random.Generator) -> Array:
    """Sled into a tree: low thump, a wooden creak, a puff of snow."""
    dur = 0.9
    n = n_of(dur)
    out = thump(120, 45, dur, 0.12) * 1.0
    out += burst(n, rng, lowpass(400, 2), 0.03) * 0.7
    creak = np.zeros(n_of(0.35))  # stick-slip pulses through wooden resonances
    t, rate = 0.0, 90.0
    while t < 0.33:
        creak[n_of(t)] += rng.uniform(0.5, 1.0)
        t += 1 / rate
        rate *= 1.025
    creak = filt(creak, formants([(420, 8, 1.0), (950, 9, 0.7), (1750, 10, 0.4)]))
    creak *= env(len(creak), [(0, 0), (0.05, 1), (0.35, 0)])
    place(out, creak, 0.06, 0.8 / max(np.max(np.abs(creak)), 1e-9))
    snow = filt(noise(n, rng), band(250, 2000)) * env(n, [(0, 0), (0.04, 0.4), (0.6, 0.05), (dur, 0)])
    return out + snow * 0.5


def s_glass(rng: np.random.Generator) -> Array:
    """A vial breaks: a short bright burst, then tinkling shards."""
    dur = 1.0
    out = np.zeros(n_of(dur))
    out += burst(len(out), rng, bandpass(5000, 0.8), 0.012, 0.0003) * 0.8
    for i in range(22):
        at = rng.exponential(0.12) if i else 0.0
        if at < dur - 0.2:
            place(out, tinkle(rng.uniform(2200, 5200), 0.3, rng), at, rng.uniform(0.25, 0.6) * np.exp(-at / 0.5))
    return out


def s_splash(rng: np.random.Generator) -> Array:
    return splash_body(1.1, rng, 1.0)


BEAR_VOWEL = [(450, 3, 1.0), (900, 4, 0.8), (1900, 5, 0.35), (2800, 6, 0.15)]  # "aaar"


def bear_voice(f0: Array, rng: np.random.Generator, breath: float = 0.5) -> Array:
    """Harmonic growl through the bear's vowel with rough ~30 Hz amplitude modulation."""
    n = len(f0)
    form = formants(BEAR_VOWEL)
    voiced = harmonic(f0, lambda fk, k: form(fk) / k ** 0.3, kmax=60)
    rough = 1 + 0.55 * np.sin(osc(30 + 6 * wobble(n, 8, rng), n)) * (0.6 + 0.4 * wobble(n, 5, rng))
    return voiced * rough + filt(noise(n, rng), form) * breath


def growl(dur: float, rng: np.random.Generator, f_from: float, f_to: float,
          loud: float = 1.0) -> Array:
    """A short growl gliding from ``f_from`` to ``f_to`` Hz."""
    n = n_of(dur)
    f0 = np.geomspace(f_from, f_to, n) * (1 + 0.03 * wobble(n, 12, rng))
    e = env(n, [(0, 0), (0.1, 1), (dur * 0.6, 0.8), (dur, 0)])
    return bear_voice(f0, rng) * e * loud


def s_roar(rng: np.random.Generator) -> Array:
    """The bear: a low growl, rough and rising, through an open "aaar" vowel."""
    dur = 1.8
    n = n_of(dur)
    t = times(n)
    f0 = 72 * (1 + 0.7 * np.clip(t / 1.3, 0, 1) ** 1.5) * (1 + 0.03 * wobble(n, 12, rng))
    e = env(n, [(0, 0), (0.12, 0.45), (0.9, 0.85), (1.35, 1.0), (1.65, 0.4), (dur, 0)])
    return reverb(bear_voice(f0, rng) * e, rng, t60=0.8, wet=0.15)[:n]


def s_bear_swipe(rng: np.random.Generator) -> Array:
    """A paw through the air, then a heavy thud."""
    out = np.zeros(n_of(0.75))
    place(out, whoosh(0.32, 350, 2200, rng, q=1.6, peak_at=0.75), 0.0, 0.9)
    place(out, thump(110, 50, 0.45, 0.09), 0.3, 0.9)
    place(out, burst(n_of(0.4), rng, bandpass(1300, 0.7), 0.08, 0.003), 0.3, 0.4)
    return out


def ice_ring(dur: float, rng: np.random.Generator, f_hi: float, f_lo: float) -> Array:
    """The ringing 'pew' of stressed lake ice: a fast falling, dispersive chirp."""
    n = n_of(dur)
    t = times(n)
    f = f_lo + (f_hi - f_lo) * np.exp(-t / (dur / 4))
    return (np.sin(osc(f, n)) + 0.3 * np.sin(osc(f * 1.5, n))) * decay(n, dur / 3, 0.001)


def s_ice_crack(rng: np.random.Generator) -> Array:
    dur = 0.9
    out = np.zeros(n_of(dur))
    out += crackle(dur, rng, 120, sharp=1.0) * 1.2
    place(out, ice_ring(0.6, rng, 3200, 420), 0.01, 0.35)
    place(out, np.sin(osc(190, n_of(0.7))) * decay(n_of(0.7), 0.2), 0.0, 0.25)
    return out


def s_ice_break(rng: np.random.Generator) -> Array:
    """Ice gives way: a big low crack, shards, and the water."""
    dur = 1.8
    out = np.zeros(n_of(dur))
    c = crackle(0.9, rng, 220, sharp=2.0, bright=1500)
    place(out, c, 0.0, 1.3)
    place(out, thump(90, 40, 0.6, 0.15), 0.02, 0.8)
    place(out, ice_ring(0.7, rng, 2400, 260), 0.0, 0.3)
    for _ in range(10):
        at = 0.05 + rng.exponential(0.15)
        place(out, tinkle(rng.uniform(1400, 3000), 0.25, rng), at, 0.18)
    place(out, splash_body(1.3, rng, 1.25), 0.35, 0.9)
    return out


def s_breakup(rng: np.random.Generator) -> Array:
    """Sea ice breaking up behind the team: a deep groan, cracks rolling away, the sea moving."""
    dur = 2.6
    out = np.zeros(n_of(dur))
    place(out, ice_ring(1.6, rng, 900, 70), 0.0, 0.5)
    place(out, thump(70, 30, 1.2, 0.4), 0.0, 0.7)
    for k in range(5):
        at = 0.1 + 0.35 * k + rng.uniform(0, 0.1)
        place(out, crackle(0.35, rng, 160, sharp=1.5, bright=1100), at, 0.9 - 0.13 * k)
    place(out, splash_body(1.6, rng, 1.5), 0.8, 0.6)
    return out


def wind_shape(gust: Callable[[Array], Array], howl: Callable[[Array], Array]):
    """Spectral shape of wind: a pinkish rush plus two howling resonances."""

    def shape(t: Array, f: Array) -> Array:
        g = gust(t)
        h = howl(t)
        rush = lowpass(350 + 900 * g, 2)(f) * highpass(70)(f) * (0.45 + 0.55 * g)
        rush = rush + 0.08 * band(2500, 6000)(f) * g  # the hiss of blown snow
        whistle = bandpass(h, 16)(f) * 4.0 + bandpass(h * 1.63, 20)(f) * 1.5
        return rush + whistle * g ** 1.5
    return shape


def s_wind_loop(rng: np.random.Generator) -> Array:
    """Howling wind with slow gusts; exactly periodic (4.608 s at 16 kHz)."""
    n = 288 * 256
    period = n / WIND_SR

    def gust(t: Array) -> Array:
        return 0.55 + 0.45 * periodic(t, period, np.random.default_rng(7), 3)

    def howl(t: Array) -> Array:
        return 470 * 1.25 ** periodic(t, period, np.random.default_rng(8), 3)

    return stft_filter(noise(n, rng), wind_shape(gust, howl), circular=True, sr=WIND_SR)


def gust_sound(rng: np.random.Generator, dur: float, rise: float, f0: float,
               fall: float = 0.4) -> Array:
    n = n_of(dur)

    def amount(t: Array) -> Array:
        u = np.clip(t / dur, 0, 1)
        return np.where(u < rise, np.sin(np.pi / 2 * u / rise) ** 2, fall + (1 - fall) * ((1 - u) / (1 - rise)) ** 1.5)

    def howl(t: Array) -> Array:
        return f0 * (0.8 + 0.5 * amount(t))

    out = stft_filter(noise(n, rng), wind_shape(amount, howl))
    return out * env(n, [(0, 0), (0.05, 1), (dur - 0.3, 1), (dur, 0)])


def s_wind_start(rng: np.random.Generator) -> Array:
    """A blizzard arrives: the wind swells up and settles into its howl."""
    return gust_sound(rng, 2.6, 0.55, 460, fall=0.55)


def s_gust(rng: np.random.Generator) -> Array:
    return gust_sound(rng, 1.5, 0.4, 560, fall=0.0)


def s_slush(rng: np.random.Generator) -> Array:
    """Wet overflow: squelching steps with drips."""
    out = np.zeros(n_of(1.1))
    d = 0.14  # every step the same length
    n = n_of(d)

    def shape(t: Array, f: Array) -> Array:
        return bandpass(250 * 4.5 ** np.clip(t / d, 0, 1), 3)(f)

    for i in range(5):
        squish = stft_filter(noise(n, rng), shape, frame=256, hop=64)
        squish *= env(n, [(0, 0), (0.015, 1), (d, 0)])
        place(out, squish, 0.05 + i * 0.2 + rng.uniform(-0.02, 0.02), 1.0)
    out += bubbles(1.1, rng, 12, 600, 1600) * 0.12
    return out


def s_checkpoint(rng: np.random.Generator) -> Array:
    """A roadhouse: two warm bell strokes, a fourth apart."""
    out = np.zeros(n_of(2.2))
    place(out, bell(523.25, 2.2, 0.8), 0.0, 0.8)
    place(out, bell(698.46, 2.0, 0.8), 0.18, 0.7)
    return reverb(out, rng, t60=1.6, wet=0.2)[:len(out)]


def brass(freq: float, dur: float, vel: float = 1.0, release: float = 0.2) -> Array:
    """FM brass: 1:1 ratio with the index following the loudness."""
    n = n_of(dur + release * 3)
    t = times(n)
    a = np.minimum(1, t / 0.06) * (0.85 + 0.15 * np.exp(-t / 0.1))
    a *= np.where(t < dur, 1.0, np.exp(-(t - dur) / release)) * taper(n, release)
    vib = 1 + 0.004 * np.sin(TAU * 5.2 * t) * np.minimum(1, t / 0.4)
    ph = osc(freq * vib, n)
    index = (1.2 + 1.8 * vel) * a
    return np.sin(ph + index * np.sin(ph)) * a


def s_finish(rng: np.random.Generator) -> Array:
    """Nome! A short brass fanfare over bells: G-G-G C... E G C."""
    out = np.zeros(n_of(3.2))
    C4, E4, G4, C5, E5, G5 = 261.63, 329.63, 392.0, 523.25, 659.25, 783.99
    notes = [(0.0, G4, 0.11), (0.14, G4, 0.11), (0.28, G4, 0.11), (0.42, C5, 0.5),
             (0.98, G4, 0.16), (1.16, C5, 1.5)]
    for at, f, d in notes:
        place(out, brass(f, d), at, 0.35)
        place(out, brass(f / 2, d, 0.5), at, 0.2)
    for f in (C4, E4, G4):  # the held chord
        place(out, brass(f, 1.5, 0.6), 1.16, 0.18)
    for i, f in enumerate((C5, E5, G5, C5 * 2)):
        place(out, bell(f, 2.0, 0.7), 1.16 + 0.09 * i, 0.22)
    return reverb(out, rng, t60=1.8, wet=0.25)[:len(out)]


def s_click(rng: np.random.Generator) -> Array:
    n = n_of(0.06)
    tick = np.sin(osc(1900, n)) * decay(n, 0.006, 0.0005)
    return tick + burst(n, rng, bandpass(4000, 1.0), 0.003, 0.0003) * 0.3


def s_select(rng: np.random.Generator) -> Array:
    """Two soft rising blips (a few harmonics of a square)."""
    out = np.zeros(n_of(0.26))
    for at, f in ((0.0, 880.0), (0.07, 1318.5)):
        n = n_of(0.18)
        ph = osc(f, n)
        tone = np.sin(ph) + np.sin(3 * ph) / 5 + np.sin(5 * ph) / 14
        place(out, tone * decay(n, 0.045, 0.003), at, 0.5)
    return out


def s_senses(rng: np.random.Generator) -> Array:
    """Balto's nose: a low beating drone and a high shimmer that breathe in and out."""
    dur = 2.4
    n = n_of(dur)
    t = times(n)
    out = np.zeros(n)
    for f, a in ((110.0, 1.0), (110.6, 0.8), (164.8, 0.5), (165.5, 0.4), (220.3, 0.25)):
        out += a * np.sin(osc(f, n, rng.uniform(0, TAU)))
    sh = np.zeros(n)
    for f in (1318.5, 1760.0, 1975.5, 2637.0, 2960.0):
        trem = 0.5 + 0.5 * np.sin(TAU * rng.uniform(5, 9) * t + rng.uniform(0, TAU))
        sh += np.sin(osc(f * (1 + 0.003 * np.sin(TAU * 0.7 * t)), n)) * trem
    out = out * 0.5 + sh * 0.2
    out *= env(n, [(0, 0), (0.7, 1), (1.6, 0.8), (dur, 0)])
    return reverb(out, rng, t60=2.0, wet=0.35)[:n]


def s_reveal(rng: np.random.Generator) -> Array:
    """Found it: a quick rising sparkle of bells plus glitter."""
    out = np.zeros(n_of(1.2))
    for i, f in enumerate((1046.5, 1318.5, 1568.0, 2093.0)):
        place(out, bell(f, 0.9, 0.6), i * 0.06, 0.35)
    for _ in range(14):
        place(out, tinkle(rng.uniform(3000, 6500), 0.2, rng), rng.uniform(0.05, 0.6), 0.07)
    return reverb(out, rng, t60=1.0, wet=0.2)[:len(out)]


def s_wolf_howl(rng: np.random.Generator) -> Array:
    """The white wolf: a rising, wavering howl with a long echo."""
    dur = 2.8
    n = n_of(dur)
    t = times(n)
    f0 = np.interp(t, [0, 0.45, 0.9, 1.8, 2.3, dur], [330, 560, 610, 590, 470, 390])
    f0 *= 1 + 0.012 * np.sin(TAU * 5.5 * t) * np.minimum(1, t / 0.8)
    form = formants([(650, 2, 1.0), (1150, 3, 0.4)])
    voice = harmonic(f0, lambda fk, k: form(fk) / k ** 1.6, kmax=8)
    breath = filt(noise(n, rng), bandpass(1400, 1.5)) * 0.08
    e = env(n, [(0, 0), (0.35, 0.8), (0.9, 1.0), (1.9, 0.9), (2.4, 0.4), (dur, 0)])
    return reverb((voice + breath) * e, rng, t60=2.0, wet=0.45, tail=0.5)


def s_story(rng: np.random.Generator) -> Array:
    """A line of the story: a page-soft swish and a few wind chimes."""
    out = np.zeros(n_of(2.0))
    place(out, whoosh(0.3, 1500, 5000, rng, q=1.0, peak_at=0.4), 0.0, 0.18)
    penta = [784.0, 880.0, 1046.5, 1174.7, 1318.5, 1568.0]
    at = 0.08
    for _ in range(5):
        place(out, chime(penta[int(rng.integers(len(penta)))], 1.7), at, 0.3)
        at += rng.uniform(0.07, 0.17)
    return reverb(out, rng, t60=1.5, wet=0.3)[:len(out)]


def s_respawn(rng: np.random.Generator) -> Array:
    """Back at the roadhouse: a soft rising whoosh that settles on a low chime."""
    out = np.zeros(n_of(1.0))
    place(out, whoosh(0.55, 300, 1600, rng, q=1.2, peak_at=0.8), 0.0, 0.7)
    place(out, chime(392.0, 0.6), 0.42, 0.25)
    return out


def s_bump(rng: np.random.Generator) -> Array:
    """A gentle knock: touched a tree or rock too slowly to hurt."""
    n = n_of(0.35)
    return thump(110, 65, 0.35, 0.05) + burst(n, rng, band(200, 1800), 0.04, 0.003) * 0.35


def s_tumble(rng: np.random.Generator) -> Array:
    """Over a cliff edge: a falling whoosh, then tumbling thuds in the snow."""
    out = np.zeros(n_of(1.5))
    place(out, whoosh(0.5, 1800, 300, rng, q=1.2, peak_at=0.6), 0.0, 0.6)
    for i, at in enumerate((0.45, 0.7, 0.86, 1.0)):
        place(out, thump(120 - 12 * i, 50, 0.4, 0.08), at, 0.9 - 0.15 * i)
        place(out, burst(n_of(0.3), rng, band(250, 2200), 0.06, 0.004), at, 0.35)
    return out


def s_wind_end(rng: np.random.Generator) -> Array:
    """The blizzard lets go: the howl sinks and dies away."""
    n = n_of(2.2)
    dur = 2.2

    def amount(t: Array) -> Array:
        return np.clip(1 - t / dur, 0, 1) ** 1.5

    def howl(t: Array) -> Array:
        return 430 * (0.75 + 0.35 * amount(t))

    out = stft_filter(noise(n, rng), wind_shape(amount, howl))
    return out * env(n, [(0, 0), (0.15, 1), (dur, 1)])


def s_saved(rng: np.random.Generator) -> Array:
    """Assist mode: a vial knocks but holds -- a glassy tink, then a reassuring chime."""
    out = np.zeros(n_of(1.0))
    place(out, tinkle(3100, 0.3, rng), 0.0, 0.5)
    place(out, chime(784.0, 0.8), 0.12, 0.3)
    place(out, chime(1046.5, 0.8), 0.24, 0.3)
    return out


def s_lost(rng: np.random.Generator) -> Array:
    """No vials left: a slow falling minor line on the flute over a low bell."""
    out = np.zeros(n_of(3.0))
    from_flute = [(0.0, 659.25, 0.45), (0.45, 587.33, 0.45), (0.9, 523.25, 0.45), (1.35, 493.88, 1.1)]
    for at, f, d in from_flute:
        place(out, v_flute(f, d, 1.0, rng), at, 0.5)  # defined with the music voices
    place(out, bell(164.81, 2.6, 0.5), 1.35, 0.35)
    return reverb(out, rng, t60=2.0, wet=0.3)[:len(out)]


def s_bear_charge(rng: np.random.Generator) -> Array:
    """Heavy paws pounding closer under a short snarl."""
    out = np.zeros(n_of(1.3))
    t, gap, level = 0.0, 0.22, 0.5
    while t < 1.1:
        place(out, thump(90, 40, 0.25, 0.06) + burst(n_of(0.25), rng, band(150, 900), 0.04) * 0.5,
              t, level)
        t += gap
        gap, level = max(0.12, gap * 0.9), min(1.0, level * 1.12)
    place(out, growl(0.8, rng, 95, 130, loud=0.6), 0.3, 0.45)
    return out


def s_bear_grumble(rng: np.random.Generator) -> Array:
    """The bear gives up: a low grumble falling away."""
    return growl(1.3, rng, 85, 55, loud=0.35)


def s_bear_splash(rng: np.random.Generator) -> Array:
    """A bear breaks through the ice: crack, a heavy splash, a bubbling growl going under."""
    out = np.zeros(n_of(2.0))
    place(out, crackle(0.6, rng, 200, sharp=2.0, bright=1500), 0.0, 1.1)
    place(out, thump(70, 35, 0.7, 0.2), 0.05, 0.9)
    place(out, splash_body(1.6, rng, 1.5), 0.15, 1.0)
    place(out, growl(0.7, rng, 80, 50, loud=0.3), 0.1, 0.35)
    return out


def s_senses_off(rng: np.random.Generator) -> Array:
    """Senses fade: the shimmer sinks and closes."""
    n = n_of(0.9)
    t = times(n)
    out = np.zeros(n)
    for f in (1760.0, 1318.5, 987.8, 659.3):
        out += np.sin(osc(f * (1 - 0.25 * t / 0.9), n, rng.uniform(0, TAU)))
    out = out * 0.2 + 0.5 * np.sin(osc(110 * (1 - 0.1 * t), n))
    return reverb(out * env(n, [(0, 0), (0.05, 1), (0.9, 0)]), rng, t60=1.2, wet=0.3)[:n]


def s_wolf_fade(rng: np.random.Generator) -> Array:
    """The white wolf goes: a short far-off howl, falling, swallowed by the wind."""
    dur = 1.6
    n = n_of(dur)
    t = times(n)
    f0 = np.interp(t, [0, 0.3, 0.8, dur], [520, 560, 470, 360])
    f0 *= 1 + 0.01 * np.sin(TAU * 5.0 * t)
    voice = harmonic(f0, lambda fk, k: 1 / k ** 2.2, kmax=5)
    e = env(n, [(0, 0), (0.25, 0.7), (0.6, 0.6), (dur, 0)])
    return reverb(voice * e, rng, t60=2.5, wet=0.8, tail=0.6)


EFFECTS: dict[str, Callable[[np.random.Generator], Array]] = {
    "mush": s_mush, "bark": s_bark, "pant": s_pant, "tired": s_tired,
    "impact": s_impact, "glass": s_glass, "splash": s_splash,
    "roar": s_roar, "bear_swipe": s_bear_swipe,
    "ice_crack": s_ice_crack, "ice_break": s_ice_break, "breakup": s_breakup,
    "wind_loop": s_wind_loop, "wind_start": s_wind_start, "gust": s_gust, "slush": s_slush,
    "checkpoint": s_checkpoint, "finish": s_finish, "click": s_click, "select": s_select,
    "senses": s_senses, "reveal": s_reveal, "wolf_howl": s_wolf_howl, "story": s_story,
    "respawn": s_respawn,
    # distinct variants game/audio/mixer.py asks for (it falls back to a related sound without them)
    "bump": s_bump, "tumble": s_tumble, "wind_end": s_wind_end, "saved": s_saved, "lost": s_lost,
    "bear_charge": s_bear_charge, "bear_grumble": s_bear_grumble, "bear_splash": s_bear_splash,
    "senses_off": s_senses_off, "wolf_fade": s_wolf_fade,
}
LOOPS = {"wind_loop"}
RATES = {"wind_loop": WIND_SR}

# --------------------------------------------------------------------------- music voices
# Each voice: (freq Hz, seconds held, velocity 0..1, rng, **params from the score) -> array.


def v_pluck(f: float, dur: float, vel: float, rng: np.random.Generator, t60: float = 2.0,
            bright: float = 0.5) -> Array:
    """Folk guitar/mandolin: Karplus-Strong."""
    return pluck(f, dur, rng, t60, bright * (0.6 + 0.4 * vel)) * vel


def v_bass(f: float, dur: float, vel: float, rng: np.random.Generator, t60: float = 1.5) -> Array:
    """Upright-bass pluck: a dark string plus a sine for weight."""
    s = pluck(f, dur, rng, t60, 0.15, release=0.12)
    n = len(s)
    body = np.sin(osc(f, n)) * decay(n, 0.5, 0.01) * np.where(times(n) < dur, 1.0, np.exp(-(times(n) - dur) / 0.12))
    return (s * 0.8 + body * 0.5) * vel


def additive(f: float, n: int, rng: np.random.Generator, kmax: int, tilt: float, cutoff: float,
             detune: float, voices: int, vib: float = 0.0) -> Array:
    """Band-limited sawtooth-like tone, chorused: the base of drones and strings."""
    out = np.zeros(n)
    t = times(n)
    for v in range(voices):
        cents = detune * (v - (voices - 1) / 2)
        fv = f * 2 ** (cents / 1200) * (1 + vib * np.sin(TAU * rng.uniform(4.6, 5.6) * t + rng.uniform(0, TAU)))
        ph = osc(fv, n, rng.uniform(0, TAU))
        c2, prev, cur = 2 * np.cos(ph), np.zeros(n), np.sin(ph)
        for k in range(1, kmax + 1):  # sin(k ph) by the Chebyshev recurrence: no sin() per k
            a = 1 / k ** tilt / np.sqrt(1 + (k * f / cutoff) ** 4)
            if k * f > 0.4 * SR or a < 0.004:
                break
            out += a * cur
            prev, cur = cur, c2 * cur - prev
    return out / voices


def sustain(n: int, dur: float, attack: float, release: float) -> Array:
    t = times(n)
    a = np.minimum(1, t / attack) ** 2
    return a * np.where(t < dur, 1.0, np.exp(-(t - dur) / release)) * taper(n, release)


def v_drone(f: float, dur: float, vel: float, rng: np.random.Generator, attack: float = 1.2,
            release: float = 1.5) -> Array:
    """Harmonium/bowed drone: soft, slowly beating."""
    n = n_of(dur + release * 3)
    tone = additive(f, n, rng, 10, 1.6, 900, 6, 2)
    swell = 1 + 0.15 * np.sin(TAU * 0.21 * times(n) + rng.uniform(0, TAU))
    return tone * sustain(n, dur, attack, release) * swell * vel


def v_strings(f: float, dur: float, vel: float, rng: np.random.Generator, attack: float = 0.3,
              release: float = 0.6, trem: float = 0.0, cutoff: float = 1600) -> Array:
    """Section strings: chorused saw through a soft low-pass, vibrato, optional tremolo."""
    n = n_of(dur + release * 3)
    tone = additive(f, n, rng, 24, 1.0, cutoff, 9, 3, vib=0.0025)
    e = sustain(n, dur, attack, release)
    if trem:
        e *= 0.55 + 0.45 * np.cos(TAU * trem * times(n)) ** 2
    return tone * e * vel


def v_flute(f: float, dur: float, vel: float, rng: np.random.Generator, breath: float = 0.08) -> Array:
    """Wooden flute / tin whistle: near-sine with delayed vibrato and breath."""
    n = n_of(dur + 0.5)
    t = times(n)
    vib = 1 + 0.006 * np.sin(TAU * 5.0 * t) * np.clip((t - 0.25) / 0.3, 0, 1)
    ph = osc(f * vib, n)
    tone = np.sin(ph) + 0.22 * np.sin(2 * ph) + 0.06 * np.sin(3 * ph)
    air = filt(noise(n, rng), bandpass(f * 2, 3)) * breath * 4
    e = sustain(n, dur, 0.06, 0.12) * (0.9 + 0.1 * np.exp(-t / 0.15))
    return (tone + air) * e * vel


def v_chip(f: float, dur: float, vel: float, rng: np.random.Generator, duty: float = 0.25,
           cutoff: float = 3500) -> Array:
    """Soft chiptune pulse: band-limited 25 % pulse with a decay to sustain."""
    n = n_of(dur + 0.4)
    t = times(n)
    ph = osc(f * (1 + 0.004 * np.sin(TAU * 6 * t) * np.clip(t / 0.3 - 0.5, 0, 1)), n)
    tone = np.zeros(n)
    for k in range(1, 40):
        if k * f > min(cutoff * 2, 0.4 * SR):
            break
        tone += np.sin(np.pi * k * duty) / k * np.sin(k * ph) / np.sqrt(1 + (k * f / cutoff) ** 4)
    e = sustain(n, dur * 0.9, 0.008, 0.08) * (0.65 + 0.35 * np.exp(-t / 0.12))
    return tone * e * vel


def v_bell(f: float, dur: float, vel: float, rng: np.random.Generator, bright: float = 0.7) -> Array:
    return bell(f, max(dur + 1.0, 2.0), bright) * vel


def v_brass(f: float, dur: float, vel: float, rng: np.random.Generator) -> Array:
    return (brass(f, dur, vel) + 0.6 * brass(f * 1.003, dur, vel)) * vel


def v_timp(f: float, dur: float, vel: float, rng: np.random.Generator) -> Array:
    """Timpani: membrane partials plus a felt-mallet thump."""
    n = n_of(1.4)
    tone = partials(f, [1.0, 1.5, 1.98, 2.44, 2.9], [1, 0.5, 0.35, 0.2, 0.1],
                    [0.7, 0.45, 0.35, 0.25, 0.2], 1.4, attack=0.003)
    hit = burst(n, rng, lowpass(500, 2), 0.03) * 0.6
    return (tone + hit) * vel


def perc(kind: str, vel: float, rng: np.random.Generator) -> Array:
    """Unpitched hits: paw (soft thump), snow (brushy crunch), jingle (harness bells), tom."""
    if kind == "paw":
        n = n_of(0.12)
        return (thump(140, 70, 0.12, 0.03) + burst(n, rng, lowpass(350, 2), 0.02) * 0.8) * vel
    if kind == "snow":
        n = n_of(0.12)
        return burst(n, rng, bandpass(2800, 0.8), 0.03, 0.008) * 0.6 * vel
    if kind == "jingle":
        out = np.zeros(n_of(0.5))
        for i in range(4):
            place(out, partials(rng.uniform(2500, 3400), [1, 1.52, 2.74], [1, 0.4, 0.15],
                                [0.12, 0.08, 0.04], 0.4), i * 0.025 + rng.uniform(0, 0.01), 0.3)
        return out * vel
    if kind == "tom":
        return (thump(120, 80, 0.6, 0.18) + burst(n_of(0.6), rng, lowpass(700, 2), 0.02) * 0.5) * vel
    raise ValueError(f"unknown percussion hit {kind!r}")


VOICES: dict[str, Callable[..., Array]] = {
    "pluck": v_pluck, "bass": v_bass, "drone": v_drone, "strings": v_strings, "flute": v_flute,
    "chip": v_chip, "bell": v_bell, "brass": v_brass, "timp": v_timp,
}

# --------------------------------------------------------------------------- scores

NOTE = re.compile(r"^([A-G])([#b]?)(-?\d)$")
SEMITONE = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def note_freq(name: str) -> float:
    m = NOTE.match(name)
    if not m:
        raise ValueError(f"bad note {name!r} (write e.g. C4, F#3, Bb2)")
    semis = SEMITONE[m[1]] + {"#": 1, "b": -1, "": 0}[m[2]] + 12 * (int(m[3]) + 1)
    return 440.0 * 2 ** ((semis - 69) / 12)


def parse_beats(tok: str) -> float:
    if "/" in tok:
        a, b = tok.split("/")
        return float(a) / float(b)
    return float(tok)


class Track:
    def __init__(self, name: str, voice: str, params: dict[str, float]):
        if voice != "perc" and voice not in VOICES:
            raise ValueError(f"track {name}: unknown voice {voice!r}")
        self.name, self.voice = name, voice
        self.gain = params.pop("gain", 1.0)
        self.rev = params.pop("rev", 0.2)
        self.params = params
        self.notes: list[tuple[float, float, str, float]] = []  # (beat, beats, pitch, velocity)
        self.beat = 0.0
        self.vel = 0.8


def parse_score(text: str, where: str = "score") -> tuple[dict[str, float], list[Track]]:
    """Read a score: ``tempo``/``meter`` lines, then ``[track] voice=...`` sections whose
    bodies are ``PITCH BEATS`` pairs (``-`` rests, ``A3+E4`` chords, ``paw`` hits),
    ``v=0.6`` velocity changes, ``|`` bar lines (checked) and ``*N`` line repeats."""
    head: dict[str, float] = {"tempo": 100.0, "meter": 4.0}
    tracks: list[Track] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()  # "#" comments; F# stays
        if not line:
            continue
        try:
            if line.startswith("["):
                name, _, rest = line[1:].partition("]")
                kv = dict(p.split("=", 1) for p in rest.split())
                voice = kv.pop("voice")
                tracks.append(Track(name.strip(), voice, {k: float(v) for k, v in kv.items()}))
                continue
            if not tracks:
                key, value = line.split()
                head[key] = float(value)
                continue
            toks = line.split()
            if toks[-1].startswith("*"):
                toks = toks[:-1] * int(toks[-1][1:])
            tr = tracks[-1]
            i = 0
            while i < len(toks):
                tok = toks[i]
                if tok == "|":
                    if abs(tr.beat / head["meter"] - round(tr.beat / head["meter"])) > 1e-6:
                        raise ValueError(f"bar line at beat {tr.beat:g} is not on a bar")
                    i += 1
                elif tok.startswith("v="):
                    tr.vel = float(tok[2:])
                    i += 1
                else:
                    beats = parse_beats(toks[i + 1])
                    if tok != "-":
                        tr.notes.append((tr.beat, beats, tok, tr.vel))
                    tr.beat += beats
                    i += 2
        except (ValueError, IndexError, KeyError) as e:
            raise ValueError(f"{where}:{lineno}: {e}") from None
    lengths = {round(t.beat, 6) for t in tracks}
    if len(lengths) != 1:
        raise ValueError(f"{where}: tracks differ in length: "
                         + ", ".join(f"{t.name}={t.beat:g}" for t in tracks))
    return head, tracks


def render_score(text: str, rng: np.random.Generator, where: str = "score") -> Array:
    """Render a score as an exactly periodic loop (tails and reverb wrap to the start)."""
    head, tracks = parse_score(text, where)
    spb = 60.0 / head["tempo"]
    total = n_of(tracks[0].beat * spb)
    dry = np.zeros(total + n_of(8.0))
    send = np.zeros_like(dry)
    for tr in tracks:
        for beat, beats, pitch, vel in tr.notes:
            at = max(0.0, beat * spb + rng.normal(0, 0.004))
            v = vel * (1 + rng.normal(0, 0.04))
            if tr.voice == "perc":
                sig = perc(pitch, v, rng)
            else:
                sig = sum(VOICES[tr.voice](note_freq(p), beats * spb, v, rng, **tr.params)
                          for p in pitch.split("+"))
            place(dry, sig, at, tr.gain)
            place(send, sig, at, tr.gain * tr.rev)
    send = fold(send, total)
    wet = reverb(send, rng, t60=2.4, wet=1.0, circular=True) - send
    return fold(dry, total) + wet


def fold(x: Array, period: int) -> Array:
    """Wrap everything past ``period`` samples back onto the start."""
    out = np.zeros(period)
    for s in range(0, len(x), period):
        chunk = x[s:s + period]
        out[:len(chunk)] += chunk
    return out


MUSIC = {"music_act1": "act1.txt", "music_act2": "act2.txt", "music_act3": "act3.txt"}
for _name in MUSIC:
    LOOPS.add(_name)

# --------------------------------------------------------------------------- output


def finalize(x: Array, loop: bool, sr: int = SR) -> Array:
    """High-pass away DC and rumble, fade one-shots, normalize to -3 dBFS, to int16."""
    x = filt(x, highpass(25), circular=loop, sr=sr)
    if not loop:
        x = x - x.mean()
        x *= np.minimum(1, np.arange(len(x)) / (0.002 * sr))
        x *= np.minimum(1, np.arange(len(x))[::-1] / (0.02 * sr))
    x = x * (PEAK / np.max(np.abs(x)))
    return np.round(x * 32767).astype("<i2")


def write_wav(path: Path, samples: Array, sr: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(samples.astype("<i2").tobytes())


def seed(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def render(name: str) -> tuple[Array, int]:
    """One sound by name: (int16 samples, sample rate)."""
    sr = RATES.get(name, SR)
    if name in MUSIC:
        text = (SCORES / MUSIC[name]).read_text(encoding="utf-8")
        raw = render_score(text, seed(name), MUSIC[name])
    else:
        raw = EFFECTS[name](seed(name))
    return finalize(raw, name in LOOPS, sr), sr


ALL = list(EFFECTS) + list(MUSIC)


def generate(out: Path, names: list[str] | None = None, music: bool = True) -> list[Path]:
    """Write the named sounds (default: all, or all effects when ``music`` is False)."""
    out = Path(out)
    if names is None:
        names = [n for n in ALL if music or n not in MUSIC]
    written = []
    for name in names:
        if name not in EFFECTS and name not in MUSIC:
            raise ValueError(f"unknown sound {name!r}; known: {', '.join(ALL)}")
        samples, sr = render(name)
        path = out / f"{name}.wav"
        write_wav(path, samples, sr)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--out", type=Path, default=ROOT / "assets" / "sounds", help="output directory")
    ap.add_argument("--only", nargs="+", metavar="NAME", help=f"just these: {', '.join(ALL)}")
    ap.add_argument("--no-music", action="store_true", help="skip the (slow) music loops")
    args = ap.parse_args(argv)
    try:
        paths = generate(args.out, args.only, not args.no_music)
    except ValueError as e:
        print(f"make_sounds: {e}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
