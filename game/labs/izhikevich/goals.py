"""Pure scoring functions of the izhikevich lab's goal types.

Each takes spike times (ms) of one run and returns one number; the level's
thresholds turn it into stars (``game.scoring``). ``MISS`` is the score of
an attempt that does not count at all on a "lower is better" goal (e.g. a
rheobase guess at which the neuron stays silent). No pygame here, so every
function is tested at and around its star thresholds.

The spike-train measures (bursts, classes, Gamma) are those of
``game.sim.izhikevich``, so a score always agrees with what the view names.
"""

from __future__ import annotations

import math

import numpy as np

from game.sim import izhikevich as izh

#: Score of an attempt that does not count on a "lower is better" goal.
MISS = math.inf


def _spikes(spikes) -> np.ndarray:
    s = np.asarray(spikes, dtype=float).ravel()
    return np.sort(s[np.isfinite(s)])


def rate_error(spikes, t_ms: float, target_hz: float, from_ms: float = 0.0) -> float:
    """|firing rate - target| (Hz), the rate counted from ``from_ms`` to ``t_ms``.

    Returns ``MISS`` when the window is empty (``from_ms >= t_ms``).
    """
    if from_ms >= t_ms:
        return MISS
    return abs(izh.firing_rate(_spikes(spikes), t_ms, from_ms) - float(target_hz))


def burst_size(spikes, t_ms: float, max_isi_ms: float = izh.BURST_ISI_MS) -> float:
    """Mean spikes per burst, counted only when the train is classed as tonic bursting.

    A continuous fast train is one long "burst" by grouping alone, and an
    initial burst followed by single spikes is mixed mode: both score 0, so
    the goal rewards repeated bursts, not merely close spikes.
    """
    s = _spikes(spikes)
    if izh.classify_firing(s, t_ms, max_isi_ms) != "tonic_bursting":
        return 0.0
    return izh.spikes_per_burst(s, max_isi_ms)


def burst_rate(spikes, t_ms: float, min_spikes: float = 3.0,
               max_isi_ms: float = izh.BURST_ISI_MS) -> float:
    """Bursts per second of a tonic-bursting train whose bursts hold >= ``min_spikes`` on average.

    Chattering (fast rhythmic bursting) is bursts of several spikes repeating
    at 20-80 Hz; a train that is not tonic bursting, or whose "bursts" are
    mostly doublets, scores 0.
    """
    s = _spikes(spikes)
    if izh.classify_firing(s, t_ms, max_isi_ms) != "tonic_bursting":
        return 0.0
    if izh.spikes_per_burst(s, max_isi_ms) < min_spikes:
        return 0.0
    return 1000.0 * len(izh.bursts(s, max_isi_ms)) / float(t_ms)


def isi_lengthening(spikes, t_ms: float, min_rate_hz: float = 0.0) -> float:
    """Steady inter-spike interval minus the first one (ms): how much the train adapts.

    The steady interval is the mean of the last third of the intervals (as in
    ``classify_firing``). ``MISS`` when the rate is below ``min_rate_hz`` or
    there are fewer than three spikes; can be negative for a train that
    speeds up.
    """
    s = _spikes(spikes)
    if s.size < 3 or izh.firing_rate(s, t_ms) < min_rate_hz:
        return MISS
    isi = np.diff(s)
    n = max(1, isi.size // 3)
    return float(isi[-n:].mean() - isi[0])


def rheobase_gap(I: float, fired: bool, rheobase: float) -> float:
    """How far above the rheobase a firing input is (``I - rheobase``); ``MISS`` if silent.

    Only inputs that make the neuron fire count, so the best score is the
    smallest firing input: the rheobase itself, approached from above.
    """
    if not fired or not math.isfinite(rheobase):
        return MISS
    return max(0.0, float(I) - float(rheobase))


def spike_count(spikes, from_ms: float = 0.0, to_ms: float | None = None) -> float:
    """Number of spikes with ``from_ms <= t < to_ms`` (``to_ms`` None: to the end)."""
    s = _spikes(spikes)
    hi = math.inf if to_ms is None else float(to_ms)
    return float(np.count_nonzero((s >= from_ms) & (s < hi)))


def phasic_extra(spikes, onset_ms: float, latency_ms: float) -> float:
    """Spikes after the first, when the first comes within ``latency_ms`` after the onset.

    0 is phasic spiking: one spike at the onset, then silence. ``MISS`` when
    nothing fires in time, or the neuron fires before the input starts.
    """
    s = _spikes(spikes)
    if s.size == 0 or s[0] < onset_ms or s[0] > onset_ms + latency_ms:
        return MISS
    return float(s.size - 1)


def rebound_latency(spikes, offset_ms: float) -> float:
    """ms from the release of inhibition to the first spike after it.

    ``MISS`` when the neuron fires before the release (the spike would not be
    a rebound) or never after it.
    """
    s = _spikes(spikes)
    if s.size == 0 or s[0] < offset_ms:
        return MISS
    return float(s[0] - offset_ms)


def match_gamma(spikes, target, t_ms: float, window_ms: float = 2.0) -> float:
    """Coincidence factor Gamma (Kistler et al. 1997) of the run against the recording."""
    return izh.coincidence_factor(_spikes(spikes), _spikes(target), t_ms, window_ms)


def persistent_firing(spikes, onset_ms: float) -> float:
    """ms from a kick at ``onset_ms`` to the last spike, if the neuron was silent before the kick.

    A bistable neuron at rest keeps firing to the end of the run after a kick
    (a large score); a monostable one fires once and returns to rest (a few
    ms); one without a stable rest fires before the kick (0).
    """
    s = _spikes(spikes)
    if s.size == 0 or s[0] < onset_ms:
        return 0.0
    return float(s[-1] - onset_ms)


def onset_rate(spikes) -> float:
    """Rate of the first interval (Hz), ``1000 / (t2 - t1)``; ``MISS`` with fewer than two spikes.

    On a slow ramp a class 1 neuron starts firing at a low rate, a class 2
    neuron at a finite one.
    """
    s = _spikes(spikes)
    if s.size < 2 or s[1] <= s[0]:
        return MISS
    return 1000.0 / float(s[1] - s[0])


def weakest_pair(spikes, I: float, onset_ms: float, interval_ms: float) -> float:
    """The pulses' amplitude ``I`` when a pair fires the neuron only after its second pulse; else ``MISS``.

    Nothing may fire before the second pulse starts (the first pulse alone is
    subthreshold) and something must fire after it, so the best score is the
    smallest amplitude at which the pair's effects add up: at any interval
    for an integrator's close pulses, at its own period for a resonator.
    """
    s = _spikes(spikes)
    if s.size == 0 or s[0] < onset_ms + interval_ms:
        return MISS
    return float(I)


def switch_off(spikes, onset_ms: float, interval_ms: float, width_ms: float, min_spikes: float = 2.0) -> float:
    """Spikes after the second of two pulses; ``MISS`` unless the first switched firing on.

    The first pulse must start firing (``min_spikes`` between the pulses'
    onsets); the score counts the spikes after the end of the second pulse,
    so 0 means that pulse switched the neuron back to rest.
    """
    s = _spikes(spikes)
    second = onset_ms + interval_ms
    if np.count_nonzero((s >= onset_ms) & (s < second)) < min_spikes:
        return MISS
    return float(np.count_nonzero(s >= second + width_ms))
