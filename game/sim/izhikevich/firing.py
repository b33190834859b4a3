r"""Spike-train measures of the Izhikevich lab: bursts, firing classes, the coincidence factor.

Trains are spike times in ms from a run that started at 0 ms.  A *burst* is a
group of spikes whose intervals are at most ``max_isi_ms`` (10 ms by default);
:func:`classify_firing` names a train with the classes of Izhikevich (2004),
Fig. 1 (tonic or phasic spiking and bursting, spike-frequency adaptation,
mixed mode), by the rules in its docstring; :func:`classify_many` does the
same for many trains with no Python loop over trains (the atlas classifies
10 000 at once).  :func:`coincidence_factor` is Kistler's Gamma, how well a
model's spikes match a recording.  The general rate and interval measures
(:func:`firing_rate`, intervals) are those of :mod:`game.sim.spikes`.

>>> bursts([10.0, 13.0, 16.0, 60.0, 63.0, 120.0])
[array([10., 13., 16.]), array([60., 63.])]
>>> classify_firing([10.0, 13.0, 16.0, 60.0, 63.0, 66.0, 110.0, 113.0, 116.0], 160.0)
'tonic_bursting'

References
----------
.. [1] E. M. Izhikevich, "Which model to use for cortical spiking neurons?"
   IEEE Trans. Neural Netw. 15(5):1063-1070, 2004.  (Fig. 1: firing classes.)
.. [2] W. M. Kistler, W. Gerstner, J. L. van Hemmen, "Reduction of the
   Hodgkin-Huxley equations to a single-variable threshold model," Neural
   Comput. 9:1015-1045, 1997.  (Coincidence factor Gamma.)
.. [3] R. Jolivet et al., "A benchmark test for a quantitative assessment of
   simple neuron models," J. Neurosci. Methods 169:417-424, 2008.
"""

from __future__ import annotations

import numpy as np

from game.sim.spikes import firing_rate
from game.sim.spikes import isi as spike_isi

__all__ = ["BURST_ISI_MS", "FIRING_CLASSES", "bursts", "spikes_per_burst", "firing_rate", "adaptation_index",
           "classify_many", "classify_firing", "coincidence_factor"]

BURST_ISI_MS = 10.0
"""Default largest interval (ms) inside a burst."""
BURST_GAP_RATIO = 3.0
"""classify_firing: a burst must be set off by gaps this many times its longest
interval (so a gradually slowing train is not called a burst)."""
BURSTING_FRACTION = 0.75
"""classify_firing: at least this share of spikes in bursts for tonic bursting."""
PHASIC_QUIET_FRACTION = 0.5
"""classify_firing: the train is phasic if it falls silent for at least this
share of the run (and for BURST_GAP_RATIO times its longest interval)."""
SFA_RATIO = 1.5
"""classify_firing: spike-frequency adaptation needs the steady interval to be at
least this many times the first one ..."""
SFA_MIN_INCREASE_MS = 5.0
"""... and longer by at least this much (ms): the few-ms stretch of a fast-
spiking cell's first intervals does not count as adaptation."""

FIRING_CLASSES = ("silent", "tonic_spiking", "phasic_spiking", "tonic_bursting",
                  "phasic_bursting", "spike_frequency_adaptation", "mixed_mode")
"""Names returned by :func:`classify_firing`; :func:`atlas` returns indices into it."""


def _as_spikes(spikes):
    s = np.asarray(spikes, dtype=float).ravel()
    if s.size > 1 and np.any(np.diff(s) < 0):
        s = np.sort(s)
    return s


def _groups(s, max_isi_ms):
    """Split sorted spike times where the interval exceeds max_isi_ms."""
    if s.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(s) > max_isi_ms) + 1
    return np.split(s, cuts)


def bursts(spikes, max_isi_ms=BURST_ISI_MS, min_spikes=2) -> list[np.ndarray]:
    """Group a spike train into bursts.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    max_isi_ms : float, optional
        Consecutive spikes at most this far apart (ms) belong to one burst.
    min_spikes : int, optional
        Smallest group reported (2: real bursts; 1: every event, isolated
        spikes included, so the groups partition the train).

    Returns
    -------
    list of ndarray
        Spike times of each burst, in time order.
    """
    return [g for g in _groups(_as_spikes(spikes), max_isi_ms) if g.size >= min_spikes]


def spikes_per_burst(spikes, max_isi_ms=BURST_ISI_MS) -> float:
    """Mean number of spikes per event (a burst or an isolated spike).

    Isolated spikes count as events of one, so a regular spiker scores 1 and
    an initial burst followed by single spikes scores little more than 1.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    max_isi_ms : float, optional
        Burst grouping interval (ms), as in :func:`bursts`.

    Returns
    -------
    float
        0.0 for an empty train.
    """
    g = bursts(spikes, max_isi_ms, min_spikes=1)
    return float(np.mean([x.size for x in g])) if g else 0.0


def adaptation_index(spikes) -> float:
    """Mean normalised change of consecutive intervals.

    ``A = mean_k (ISI[k+1] - ISI[k]) / (ISI[k+1] + ISI[k])`` (the Allen Cell
    Types / Druckmann et al. definition): > 0 when the train slows down, 0 for
    a perfectly regular train, < 0 when it accelerates.  Bursts contribute
    strongly; apply it to non-bursting trains.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).

    Returns
    -------
    float
        In (-1, 1); 0.0 with fewer than 3 spikes.
    """
    isi = spike_isi(spikes)
    if isi.size < 2:
        return 0.0
    tot = isi[1:] + isi[:-1]
    ok = tot > 0
    if not ok.any():
        return 0.0
    return float(np.mean((isi[1:][ok] - isi[:-1][ok]) / tot[ok]))


def classify_many(spike_trains, t_ms, max_isi_ms=BURST_ISI_MS) -> np.ndarray:
    """:func:`classify_firing` for many trains at once, without a loop over trains.

    Parameters
    ----------
    spike_trains : sequence of array_like
        Spike times (ms) of each neuron, each from a run starting at 0 ms.
    t_ms : float
        Run length (ms).
    max_isi_ms : float, optional
        Largest interval inside a burst (ms).

    Returns
    -------
    ndarray of int
        Indices into :data:`FIRING_CLASSES`, one per train.
    """
    trains = [_as_spikes(x) for x in spike_trains]
    counts = np.array([x.size for x in trains], dtype=np.int64)
    S = np.concatenate(trains) if trains else np.zeros(0)
    return _classify_flat(S, counts, t_ms, max_isi_ms)


def _classify_flat(S, counts, t_ms, max_isi_ms=BURST_ISI_MS) -> np.ndarray:
    """:func:`classify_many` of trains given as one array ``S`` (grouped by train, each in
    time order) and their ``counts``: no per-train Python objects at all."""
    counts = np.asarray(counts, dtype=np.int64)
    N = counts.size
    t_ms = float(t_ms)
    out = np.zeros(N, dtype=np.int64)                      # silent
    total = int(counts.sum())
    if total == 0:
        return out
    nid = np.repeat(np.arange(N), counts)
    off = np.concatenate([[0], np.cumsum(counts)[:-1]])     # first spike of each train
    has = counts > 0
    last = np.zeros(N)
    last[has] = S[off[has] + counts[has] - 1]

    # intervals; those across two trains are masked out (set to 0)
    isi = S[1:] - S[:-1]
    same = nid[1:] == nid[:-1]
    isi_v = np.where(same, isi, 0.0)
    multi_t = counts >= 2
    longest = np.zeros(N)
    first = np.zeros(N)
    if multi_t.any():
        longest[multi_t] = np.maximum.reduceat(isi_v, off[multi_t])
        first[multi_t] = isi[off[multi_t]]

    # groups of spikes closer than max_isi_ms, then bursts set off by gaps
    cut = (~same) | (isi > max_isi_ms)
    starts = np.flatnonzero(np.concatenate([[True], cut]))
    ends = np.concatenate([starts[1:], [total]])
    sizes = ends - starts
    m = sizes >= 2
    n_bursts = np.zeros(N)
    in_bursts = np.zeros(N)
    any_group = np.zeros(N, dtype=bool)
    if m.any():
        gs, ge, gsz = starts[m], ends[m], sizes[m]
        gid = nid[gs]
        any_group[gid] = True
        inner = np.where(cut, 0.0, isi)
        need = BURST_GAP_RATIO * np.maximum.reduceat(inner, gs)
        has_prev = (gs > 0) & (nid[np.maximum(gs - 1, 0)] == gid)
        has_next = (ge < total) & (nid[np.minimum(ge, total - 1)] == gid)
        prev_gap = isi[np.maximum(gs - 1, 0)]
        next_gap = isi[np.minimum(ge - 1, total - 2)]
        ok = (~has_prev | (prev_gap >= need)) & (~has_next | (next_gap >= need))
        whole = ~has_prev & ~has_next
        ok = np.where(whole, (t_ms - S[ge - 1]) >= need, ok)
        n_bursts = np.bincount(gid[ok], minlength=N).astype(float)
        in_bursts = np.bincount(gid[ok], weights=gsz[ok], minlength=N)

    # steady interval: mean of the last third of the intervals
    n_isi = np.maximum(counts - 1, 0)
    L = np.maximum(1, n_isi // 3)
    cs = np.concatenate([[0.0], np.cumsum(isi_v)])
    end_i = off + n_isi
    steady = np.where(n_isi >= 2, (cs[end_i] - cs[np.maximum(end_i - L, 0)]) / L, 0.0)

    quiet = t_ms - last
    phasic = has & (quiet >= PHASIC_QUIET_FRACTION * t_ms) & (quiet >= BURST_GAP_RATIO * longest)
    bursting = n_bursts > 0
    tonic_b = (n_bursts >= 2) & (in_bursts >= BURSTING_FRACTION * counts)
    sfa = (n_isi >= 2) & (steady >= SFA_RATIO * first) & (steady - first >= SFA_MIN_INCREASE_MS)
    idx = {name: i for i, name in enumerate(FIRING_CLASSES)}
    out = np.select(
        [~has, phasic & any_group, phasic, tonic_b, bursting, sfa],
        [idx["silent"], idx["phasic_bursting"], idx["phasic_spiking"], idx["tonic_bursting"],
         idx["mixed_mode"], idx["spike_frequency_adaptation"]],
        default=idx["tonic_spiking"])
    return out


def classify_firing(spikes, t_ms, max_isi_ms=BURST_ISI_MS) -> str:
    """Name the firing pattern of a spike train (Izhikevich 2004, Fig. 1).

    Rules, in order (thresholds are the module constants):

    1. ``silent``: no spikes.
    2. Bursts: groups of >= 2 spikes with intervals <= ``max_isi_ms`` whose
       neighbouring intervals are >= ``BURST_GAP_RATIO`` (3) times their
       longest inner interval (a group that is the whole train needs a final
       silence that long).
    3. Phasic: the train falls silent for the last ``PHASIC_QUIET_FRACTION``
       (half) of the run and for 3 times its longest interval:
       ``phasic_bursting`` if it holds >= 2 spikes within ``max_isi_ms`` of
       each other (the final silence is gap enough, so a decelerating rebound
       burst counts), else ``phasic_spiking``.
    4. Tonic, with bursts: ``tonic_bursting`` with >= 2 bursts holding
       >= ``BURSTING_FRACTION`` (75 %) of the spikes, else ``mixed_mode``
       (bursts and single spikes, e.g. IB's initial burst then tonic spikes).
    5. Tonic, no bursts: ``spike_frequency_adaptation`` if the steady interval
       (mean of the last third of the intervals) is >= ``SFA_RATIO`` (1.5) times the first
       one and >= ``SFA_MIN_INCREASE_MS`` (5 ms) longer; else
       ``tonic_spiking``.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms) from a run that started at 0 ms.
    t_ms : float
        Run length (ms).
    max_isi_ms : float, optional
        Largest interval inside a burst (ms).

    Returns
    -------
    str
        One of :data:`FIRING_CLASSES`.
    """
    return FIRING_CLASSES[int(classify_many([spikes], t_ms, max_isi_ms)[0])]


def coincidence_factor(spikes, target, t_ms, window_ms=2.0) -> float:
    """Kistler et al. (1997) coincidence factor Gamma between two spike trains.

    ``Gamma = (N_coinc - 2 nu delta N_target) / (0.5 (N_spikes + N_target)) / (1 - 2 nu delta)``

    where ``nu`` is the rate of ``spikes`` (per ms), ``delta = window_ms`` and
    ``N_coinc`` the number of target spikes matched one-to-one to a spike of
    ``spikes`` within ``+-delta``.  ``2 nu delta N_target`` is the number of
    coincidences expected by chance from a Poisson train of rate ``nu``.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms) of the model.
    target : array_like
        Spike times (ms) to match (e.g. the recorded trace).
    t_ms : float
        Length of the recording (ms).
    window_ms : float, optional
        Coincidence precision delta (ms).

    Returns
    -------
    float
        1 for identical trains, about 0 for independent ones, < 0 for fewer
        coincidences than chance.  1.0 if both trains are empty, 0.0 if only
        one is, and 0.0 when ``2 nu delta >= 1`` (so dense that every spike
        coincides by chance).

    References
    ----------
    Kistler, Gerstner & van Hemmen (1997); Jolivet et al. (2008), eq. 1.
    """
    s = _as_spikes(spikes)
    tg = _as_spikes(target)
    if s.size == 0 and tg.size == 0:
        return 1.0
    if s.size == 0 or tg.size == 0:
        return 0.0
    delta = float(window_ms)
    nu = s.size / float(t_ms)
    norm = 1.0 - 2.0 * nu * delta
    if norm <= 0.0:
        return 0.0
    # greedy earliest matching is a maximum matching for equal windows
    j = 0
    n_coinc = 0
    ns = s.size
    for x in tg.tolist():
        while j < ns and s[j] < x - delta:
            j += 1
        if j < ns and s[j] <= x + delta:
            n_coinc += 1
            j += 1
    expected = 2.0 * nu * delta * tg.size
    return float((n_coinc - expected) / (0.5 * (s.size + tg.size)) / norm)

