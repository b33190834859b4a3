r"""Spike-train helpers shared by the neuron models (times in ms, rates in Hz).

A spike of a conductance model (Hodgkin-Huxley) is an *upward crossing* of a
voltage level, 0 mV by convention: the time where the sampled trace passes
from below ``level`` to at or above it, placed by linear interpolation between
the two samples.  With a sample interval ``dt`` and a slope ``v'`` at the
crossing, the interpolation error is at most ``dt^2 max|v''| / (8 |v'|)``; on
the Hodgkin-Huxley upstroke at ``dt = 0.1`` ms it is below 0.005 ms (measured
against the event location of a tight ``solve_ivp`` run, see
``tests/sim/test_hodgkin_huxley.py``).

Trains are 1-D arrays of spike times in increasing order.  The rate measures
here are general; the burst analysis of the Izhikevich lab stays in
:mod:`game.sim.izhikevich`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["upward_crossings", "downward_crossings", "crossings_many", "isi",
           "firing_rate", "steady_rate", "widths_above"]


def _pair(t, v):
    t = np.asarray(t, dtype=float)
    v = np.asarray(v, dtype=float)
    if t.ndim != 1 or v.shape[0] != t.shape[0]:
        raise ValueError(f"t must be 1-D and v must have len(t) = {t.shape[0]} rows, "
                         f"got t {t.shape}, v {v.shape}")
    return t, v


def _interp(t, i, v0, v1, level):
    """Times where the line from (t[i], v0) to (t[i + 1], v1) meets ``level``."""
    frac = (level - v0) / (v1 - v0)
    return t[i] + frac * (t[i + 1] - t[i])


def upward_crossings(t, v, level=0.0) -> np.ndarray:
    """Times (ms) at which ``v`` crosses ``level`` upwards, linearly interpolated.

    A crossing is a pair of samples with ``v[i] < level <= v[i + 1]``.

    Parameters
    ----------
    t : array_like, shape (n,)
        Sample times (ms), increasing.
    v : array_like, shape (n,)
        Membrane potential (mV).
    level : float, optional
        Threshold (mV); 0 mV counts Hodgkin-Huxley spikes.

    Returns
    -------
    ndarray
        Crossing times (ms), increasing.

    Examples
    --------
    >>> upward_crossings([0.0, 1.0, 2.0, 3.0], [-10.0, 10.0, -5.0, 5.0])
    array([0.5, 2.5])
    """
    t, v = _pair(t, v)
    i = np.flatnonzero((v[:-1] < level) & (v[1:] >= level))
    return _interp(t, i, v[i], v[i + 1], level)


def downward_crossings(t, v, level=0.0) -> np.ndarray:
    """Times (ms) at which ``v`` crosses ``level`` downwards (``v[i] >= level > v[i + 1]``).

    Parameters and returns as :func:`upward_crossings`.
    """
    t, v = _pair(t, v)
    i = np.flatnonzero((v[:-1] >= level) & (v[1:] < level))
    return _interp(t, i, v[i], v[i + 1], level)


def crossings_many(t, V, level=0.0) -> list[np.ndarray]:
    """:func:`upward_crossings` of every column of ``V`` at once (no loop over columns).

    Parameters
    ----------
    t : array_like, shape (n,)
        Sample times (ms).
    V : array_like, shape (n, k)
        One trace per column (mV).
    level : float, optional
        Threshold (mV).

    Returns
    -------
    list of ndarray
        ``k`` arrays of crossing times (ms), one per column.
    """
    t, V = _pair(t, V)
    if V.ndim != 2:
        raise ValueError(f"V must be 2-D (time, trace), got shape {V.shape}")
    i, c = np.nonzero((V[:-1] < level) & (V[1:] >= level))
    order = np.lexsort((i, c))
    i, c = i[order], c[order]
    times = _interp(t, i, V[i, c], V[i + 1, c], level)
    counts = np.bincount(c, minlength=V.shape[1])
    return np.split(times, np.cumsum(counts)[:-1])


def isi(spikes) -> np.ndarray:
    """Inter-spike intervals (ms): ``diff`` of the sorted train (empty for < 2 spikes)."""
    s = np.sort(np.asarray(spikes, dtype=float).ravel())
    return np.diff(s)


def firing_rate(spikes, t_ms, t_start_ms=0.0, t_stop_ms=None) -> float:
    """Mean firing rate (Hz) in a window: spikes counted per second.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    t_ms : float
        Run length (ms); the default window end.
    t_start_ms, t_stop_ms : float, optional
        Window (ms); spikes with ``t_start_ms <= t < t_stop_ms`` count.

    Returns
    -------
    float
        Spikes per second.

    Examples
    --------
    >>> firing_rate([10.0, 30.0, 50.0, 70.0], 100.0)
    40.0
    """
    s = np.asarray(spikes, dtype=float).ravel()
    stop = float(t_ms) if t_stop_ms is None else float(t_stop_ms)
    width = stop - float(t_start_ms)
    if width <= 0.0:
        raise ValueError("the rate window must have positive length")
    k = np.count_nonzero((s >= t_start_ms) & (s < stop))
    return float(1000.0 * k / width)


def steady_rate(spikes, t_start_ms, t_stop_ms=np.inf) -> float:
    """Rate (Hz) from the mean interval of the spikes in a window: ``1000 (k - 1) / (t_k - t_1)``.

    Unlike a count per window it has no +-1 spike quantisation, so a regular
    train gives its exact frequency.  Use it after the onset transient.

    Parameters
    ----------
    spikes : array_like
        Spike times (ms).
    t_start_ms, t_stop_ms : float
        Window (ms): spikes with ``t_start_ms <= t < t_stop_ms`` count.

    Returns
    -------
    float
        0.0 with fewer than two spikes in the window.

    Examples
    --------
    >>> steady_rate([5.0, 20.0, 40.0, 60.0, 80.0], t_start_ms=10.0)
    50.0
    """
    s = np.sort(np.asarray(spikes, dtype=float).ravel())
    s = s[(s >= t_start_ms) & (s < t_stop_ms)]
    if s.size < 2:
        return 0.0
    return float(1000.0 * (s.size - 1) / (s[-1] - s[0]))


def widths_above(t, v, level=0.0) -> np.ndarray:
    """Time (ms) each excursion spends at or above ``level``: from each upward
    crossing to the next downward one (a spike's width at that level).

    Parameters
    ----------
    t : array_like, shape (n,)
        Sample times (ms).
    v : array_like, shape (n,)
        Membrane potential (mV).
    level : float, optional
        Level (mV).

    Returns
    -------
    ndarray
        One width per upward crossing that comes down again before the end.

    Examples
    --------
    >>> widths_above([0.0, 1.0, 2.0, 3.0], [-1.0, 1.0, 1.0, -1.0])
    array([2.])
    """
    up = upward_crossings(t, v, level)
    down = downward_crossings(t, v, level)
    k = np.searchsorted(down, up, side="right")
    ok = k < down.size
    return down[k[ok]] - up[ok]
