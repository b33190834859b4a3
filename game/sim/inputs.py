r"""Input-current protocols shared by every neuron model.

A protocol is a named recipe that turns a time grid ``t`` (ms) into an input
current on that grid, one value per sample.  The simulators hold ``I[i]``
constant over the step ``(t[i], t[i+1])``.  Currents are in the unit of the
model they drive: uA/cm^2 for Hodgkin-Huxley (:mod:`game.sim.hodgkin_huxley`),
the model's own dimensionless units for Izhikevich
(:mod:`game.sim.izhikevich`).

Kinds (parameters and defaults in :data:`PROTOCOLS`; times in ms)::

    constant        I = amp
    step            I = amp for onset_ms <= t < offset_ms, base elsewhere
    negative_step   the same with a hyperpolarising default amp (release: rebound)
    pulse           count pulses of amp, width_ms long, one every interval_ms from onset_ms
    ramp            base until onset_ms, then base + slope_per_ms (t - onset_ms), capped at amp_max
    pulse_pair      two pulses of amp, width_ms long, the second gap_ms after the end of the first
    noise           mean + sd xi_i, xi_i independent standard normal, one per sample (seeded)

The first five are the Izhikevich model's kinds: ``game.sim.izhikevich``
re-exports this function, and ``tests/sim/test_izhikevich_package.py`` checks it
bit for bit against that module's former code.

Noise discretisation: ``sd`` is the standard deviation *per sample* (uA/cm^2):
each sample of the grid draws its own value, which the simulators hold for
that step, so the plotted current has exactly this spread.  Its effect on the
membrane depends on the sample interval ``dt``: the current integrated over a
time ``T`` has variance ``sd^2 dt T``, i.e. the noise is white with intensity
``sigma = sd sqrt(dt)`` (uA/cm^2 sqrt(ms)).  To keep the same effect when
``dt`` changes, scale ``sd`` by ``1 / sqrt(dt)``.  The same ``seed`` on the
same grid gives the same current (numpy's PCG64 via ``default_rng``).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["PROTOCOLS", "protocol_current"]

PROTOCOLS: dict[str, dict[str, float]] = {
    "constant": {"amp": 10.0},
    "step": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": math.inf},
    "pulse": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "width_ms": 5.0,
              "count": 1, "interval_ms": 20.0},
    "ramp": {"slope_per_ms": 0.05, "base": 0.0, "onset_ms": 0.0, "amp_max": math.inf},
    "negative_step": {"amp": -10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": 250.0},
    "pulse_pair": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "width_ms": 1.0,
                   "gap_ms": 10.0},
    "noise": {"mean": 0.0, "sd": 1.0, "seed": 0},
}
"""Protocol kinds and their parameters with defaults (times in ms, currents in
the driven model's units)."""

_MAY_BE_INFINITE = ("offset_ms", "amp_max")


def _checked(kind, p) -> dict:
    """Defaults of ``kind`` overlaid with ``p``, every value a float; ValueError if not."""
    if kind not in PROTOCOLS:
        raise ValueError(f"unknown input protocol {kind!r}; expected one of "
                         f"{', '.join(PROTOCOLS)}")
    allowed = PROTOCOLS[kind]
    bad = sorted(set(p) - set(allowed))
    if bad:
        raise ValueError(f"protocol {kind!r} has no parameter(s) {', '.join(bad)}; "
                         f"allowed: {', '.join(allowed)}")
    q = dict(allowed)
    for k, val in p.items():
        try:
            x = float(val)
        except (TypeError, ValueError):
            raise ValueError(f"protocol {kind!r}: {k} must be a number, got {val!r}") from None
        if math.isnan(x) or (math.isinf(x) and k not in _MAY_BE_INFINITE):
            raise ValueError(f"protocol {kind!r}: {k} must be finite, got {val!r}")
        q[k] = x
    return q


def _pulses(t, q, count, interval):
    """``count`` pulses of q["amp"], q["width_ms"] long, one every ``interval`` ms."""
    rel = t - q["onset_ms"]
    k = np.floor(rel / interval) if interval > 0 else np.zeros_like(rel)
    inside = (rel >= 0) & (k < count) & (rel - k * interval < q["width_ms"])
    return np.where(inside, q["amp"], q["base"])


def _noise(t, q):
    seed = q["seed"]
    if seed < 0 or seed != int(seed):
        raise ValueError(f"protocol 'noise': seed must be a whole number >= 0, got {seed:g}")
    if q["sd"] < 0:
        raise ValueError(f"protocol 'noise': sd must be >= 0, got {q['sd']:g}")
    xi = np.random.default_rng(int(seed)).standard_normal(t.shape)
    return q["mean"] + q["sd"] * xi


def protocol_current(kind, t, **p) -> np.ndarray:
    """Input current of a named protocol on a time grid.

    Kinds and parameters (defaults in :data:`PROTOCOLS`):

    - ``constant``: ``amp`` throughout.
    - ``step``: ``base``, then ``amp`` for ``onset_ms <= t < offset_ms``.
    - ``pulse``: ``count`` pulses of ``amp`` lasting ``width_ms``, the first at
      ``onset_ms``, one every ``interval_ms``; ``base`` elsewhere.
    - ``ramp``: ``base`` until ``onset_ms``, then rising by ``slope_per_ms``
      per ms, capped at ``amp_max``.
    - ``negative_step``: ``amp`` (negative: hyperpolarising) for
      ``onset_ms <= t < offset_ms``, ``base`` elsewhere; the release at
      ``offset_ms`` shows rebound spikes and bursts.
    - ``pulse_pair``: two pulses of ``amp`` lasting ``width_ms``, the first at
      ``onset_ms``, the second ``gap_ms`` after the end of the first (so
      ``width_ms + gap_ms`` from onset to onset); probes refractoriness.
    - ``noise``: ``mean + sd * xi`` with one standard normal ``xi`` per sample,
      drawn from ``numpy.random.default_rng(seed)``; ``sd`` is per sample (see
      the module docstring for what that means as ``dt`` changes).

    Parameters
    ----------
    kind : str
        One of :data:`PROTOCOLS`.
    t : array_like
        Sample times (ms), e.g. a simulator's grid ``np.arange(n + 1) * dt``.
    **p
        Protocol parameters (currents in the driven model's units, times in ms).

    Returns
    -------
    ndarray
        I at each t (a new array of ``t``'s shape).

    Raises
    ------
    ValueError
        For an unknown kind, unknown parameter, or a non-finite value.

    Examples
    --------
    >>> t = np.arange(6) * 1.0
    >>> protocol_current("pulse_pair", t, amp=5.0, onset_ms=1.0, width_ms=1.0, gap_ms=2.0)
    array([0., 5., 0., 0., 5., 0.])
    >>> a = protocol_current("noise", t, mean=2.0, sd=0.5, seed=7)
    >>> bool(np.all(a == protocol_current("noise", t, mean=2.0, sd=0.5, seed=7)))
    True
    """
    q = _checked(kind, p)
    t = np.asarray(t, dtype=float)
    if kind == "constant":
        return np.full(t.shape, q["amp"])
    if kind in ("step", "negative_step"):
        on = (t >= q["onset_ms"]) & (t < q["offset_ms"])
        return np.where(on, q["amp"], q["base"])
    if kind == "pulse":
        count = int(q["count"])
        if count < 1 or q["width_ms"] <= 0:
            raise ValueError("protocol 'pulse': count >= 1 and width_ms > 0 required")
        return _pulses(t, q, count, q["interval_ms"])
    if kind == "pulse_pair":
        if q["width_ms"] <= 0 or q["gap_ms"] < 0:
            raise ValueError("protocol 'pulse_pair': width_ms > 0 and gap_ms >= 0 required")
        return _pulses(t, q, 2, q["width_ms"] + q["gap_ms"])
    if kind == "noise":
        return _noise(t, q)
    # ramp
    r = q["base"] + q["slope_per_ms"] * np.maximum(t - q["onset_ms"], 0.0)
    return np.minimum(r, q["amp_max"]) if q["slope_per_ms"] >= 0 else np.maximum(
        r, -q["amp_max"])
