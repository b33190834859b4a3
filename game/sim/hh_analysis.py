r"""Experiments on the Hodgkin-Huxley model that find its textbook facts.

Each function runs :mod:`game.sim.hodgkin_huxley` (mostly many runs at once
with :func:`~game.sim.hodgkin_huxley.simulate_many`) and returns a number the
lab, its levels and the tests can rely on.  Units: uA/cm^2, mV, ms, Hz, deg C.

- :func:`firing_onset`: the smallest current step from rest that gives
  sustained repetitive firing, and the rate it starts at (class 2: a jump
  from 0 Hz to about 50 Hz, not a slow start).
- :func:`cycle_fold`: the smallest current at which firing started from a
  spike goes on (the fold of the limit cycles).  Between it and the lower
  Hopf current (:func:`~game.sim.hodgkin_huxley.hopf_currents`) rest and
  repetitive firing coexist: the bistable window below the subcritical Hopf.
- :func:`spike_ceiling`: the current above which the oscillation's peaks no
  longer reach 0 mV; the oscillation itself shrinks to nothing at the upper
  (supercritical) Hopf current: depolarisation block.
- :func:`refractory_gap`, :func:`anode_break_threshold`,
  :func:`failure_temperature`: refractoriness, rebound (anode-break) spikes
  and the heat block of the spike.

Thresholds are located by bracketing: a batch of candidate values is run at
once, the bracket shrinks to the cell where the outcome changes, and again
until it is narrower than ``tol``.

References: Hodgkin & Huxley (1952); Rinzel & Miller (1980) Math. Biosci.
49:27-59 (the limit cycles and their fold); Izhikevich (2007), ch. 7 (class 2
excitability, bistability); Ermentrout & Terman (2010), ch. 1 and 3.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, NamedTuple

import numpy as np

from game.sim import hodgkin_huxley as hh
from game.sim import inputs
from game.sim import spikes as _spk

__all__ = ["Onset", "bracket", "firing_onset", "cycle_fold", "spike_ceiling",
           "spike_widths", "refractory_gap", "anode_break_threshold", "failure_temperature"]


class Onset(NamedTuple):
    """Where sustained firing starts.

    Attributes
    ----------
    current : float
        Upper end of the final bracket (uA/cm^2): fires at it, not ``tol`` below.
    rate_hz : float
        Sustained rate (Hz) at ``current``.
    state : ndarray, shape (4,)
        A state on the firing orbit at ``current`` (the end of its run).
    """

    current: float
    rate_hz: float
    state: np.ndarray


def bracket(outcome: Callable[[np.ndarray], np.ndarray], lo: float, hi: float, tol: float,
            points: int = 11) -> tuple[float, float]:
    """Shrink ``[lo, hi]`` around the value where a monotone outcome turns true.

    Parameters
    ----------
    outcome : callable
        ``outcome(values) -> bool array``, evaluated on a whole batch at once;
        false below the threshold and true above it.
    lo, hi : float
        Initial bracket: ``outcome`` false at ``lo`` and true at ``hi``.
    tol : float
        Width to reach.
    points : int, optional
        Values per batch (the bracket shrinks by ``points - 1`` per batch).

    Returns
    -------
    (float, float)
        ``(last false, first true)``, at most ``tol`` apart.

    Raises
    ------
    ValueError
        If the outcome is not false at ``lo`` and true at ``hi``.

    Examples
    --------
    >>> lo, hi = bracket(lambda x: x >= 0.3, 0.0, 1.0, 1e-3)
    >>> round(hi, 3)
    0.3
    """
    first = True
    while hi - lo > tol:
        x = np.linspace(lo, hi, points)
        ok = np.asarray(outcome(x), dtype=bool)
        if first and (ok[0] or not ok[-1]):
            raise ValueError(f"no change of outcome inside [{lo:g}, {hi:g}]")
        first = False
        k = int(np.argmax(ok))                      # first true
        lo, hi = float(x[k - 1]), float(x[k])
    return lo, hi


def _sustained(currents, params, y0, t_ms):
    """f-I runs measured over their second half (a long transient is no firing)."""
    return hh.f_I_curve(currents, t_ms=t_ms, params=params, y0=y0, transient_ms=t_ms / 2)


def firing_onset(params=None, lo=0.0, hi=20.0, tol=0.01, t_ms=2000.0) -> Onset:
    """Smallest step current from rest (I = 0) that gives sustained firing.

    The current is switched on at t = 0 from :func:`rest_state` for I = 0 and
    firing counts as sustained as in :func:`~game.sim.hodgkin_huxley.f_I_curve`
    (measured over the second half of a ``t_ms`` run).

    Parameters
    ----------
    params : Params or mapping, optional
    lo, hi : float, optional
        Search bracket (uA/cm^2).
    tol : float, optional
        Width of the final bracket (uA/cm^2).
    t_ms : float, optional
        Run length (ms); near the threshold a longer run rules out slowly
        dying trains.

    Returns
    -------
    Onset
        6.26 uA/cm^2 (bracket 6.25-6.26) at 50.4 Hz for the classic parameters.
    """
    lo, hi = bracket(lambda x: _sustained(x, params, None, t_ms).sustained, lo, hi, tol)
    fi = _sustained([hi], params, None, t_ms)
    return Onset(hi, float(fi.rates_hz[0]), fi.state_end[0])


def cycle_fold(params=None, tol=0.01, t_ms=3000.0, onset: Onset | None = None,
               below=2.0) -> Onset:
    """Smallest current at which firing started on the spiking orbit goes on.

    Every run starts from the same state on the firing orbit just above the
    step threshold (:func:`firing_onset`), i.e. from a spike, and the current
    is lowered until the train dies: below the fold of the limit cycles no
    orbit is left.  Near the fold a dying train lingers for many spikes, hence
    the long default run.

    Parameters
    ----------
    params : Params or mapping, optional
    tol : float, optional
        Width of the final bracket (uA/cm^2).
    t_ms : float, optional
        Run length (ms).
    onset : Onset, optional
        A result of :func:`firing_onset` to start from (computed if missing).
    below : float, optional
        The search starts ``below`` uA/cm^2 under the onset current.

    Returns
    -------
    Onset
        The fold current (upper end of the bracket), the rate there and a
        state on its orbit.
    """
    onset = onset or firing_onset(params)
    y = onset.state
    lo, hi = bracket(lambda x: _sustained(x, params, y, t_ms).sustained,
                     onset.current - below, onset.current, tol)
    fi = _sustained([hi], params, y, t_ms)
    return Onset(hi, float(fi.rates_hz[0]), fi.state_end[0])


def spike_ceiling(params=None, lo=20.0, hi=150.0, tol=0.05, t_ms=1000.0) -> float:
    """The current (uA/cm^2) above which sustained spikes no longer reach 0 mV.

    As the current grows the oscillation shrinks; above this current its
    peaks stay below 0 mV although it goes on (down to zero amplitude at the
    upper Hopf current).  Steps from rest.

    Returns
    -------
    float
        The lower end of the final bracket: the last current whose spikes
        still cross 0 mV (62.87 for the classic parameters).
    """
    lo, hi = bracket(lambda x: ~_sustained(x, params, None, t_ms).sustained, lo, hi, tol)
    return lo


def spike_widths(run, level_mv=0.0) -> np.ndarray:
    """Width (ms) of each spike of a :class:`~game.sim.hodgkin_huxley.Run` at ``level_mv``."""
    return _spk.widths_above(run.t, run.v, level_mv)


def _pair_drive(t, amp, width_ms, gaps, onset_ms):
    return np.column_stack([inputs.protocol_current("pulse_pair", t, amp=amp, width_ms=width_ms,
                                                    gap_ms=g, onset_ms=onset_ms) for g in gaps])


def refractory_gap(amp=20.0, width_ms=1.0, params=None, lo=0.0, hi=40.0, tol=0.01) -> float:
    """Shortest gap (ms) after which the second pulse of a pair fires a second spike.

    Two pulses of ``amp`` (uA/cm^2) and ``width_ms`` start from rest, the
    first at 5 ms; ``gap_ms`` runs from the end of the first pulse to the
    start of the second (:func:`game.sim.inputs.protocol_current`).  Below
    the returned gap the second spike fails: the membrane is refractory
    (h still low and n still high from the first spike).

    Returns
    -------
    float
        Upper end of the final bracket (ms).
    """
    onset = 5.0

    def fires_twice(gaps):
        t_ms = onset + 2.0 * width_ms + float(np.max(gaps)) + 30.0
        t = np.arange(int(round(t_ms / hh.DEFAULT_DT_MS)) + 1) * hh.DEFAULT_DT_MS
        run = hh.simulate_many(_pair_drive(t, amp, width_ms, gaps, onset), t_ms, params=params)
        return np.array([s.size >= 2 for s in run.spikes])

    return bracket(fires_twice, lo, hi, tol)[1]


def anode_break_threshold(duration_ms=20.0, params=None, lo=0.0, hi=50.0, tol=0.01) -> float:
    """Smallest hyperpolarising current whose release fires a (rebound) spike.

    From rest, ``I = -amp`` for ``duration_ms`` from t = 5 ms, then 0.
    During the hyperpolarisation h recovers (de-inactivates) and n falls;
    on release V returns faster than they do, and the spare sodium
    availability fires a spike: anode-break excitation.

    Returns
    -------
    float
        The amplitude (uA/cm^2, positive), upper end of the final bracket.
    """
    onset, t_ms = 5.0, 5.0 + float(duration_ms) + 40.0
    t = np.arange(int(round(t_ms / hh.DEFAULT_DT_MS)) + 1) * hh.DEFAULT_DT_MS

    def rebounds(amps):
        drive = np.column_stack([inputs.protocol_current(
            "negative_step", t, amp=-a, onset_ms=onset, offset_ms=onset + duration_ms)
            for a in amps])
        run = hh.simulate_many(drive, t_ms, params=params)
        return np.array([np.any(s > onset + duration_ms) for s in run.spikes])

    return bracket(rebounds, lo, hi, tol)[1]


def failure_temperature(amp=20.0, width_ms=1.0, params=None, lo=6.3, hi=40.0, tol=0.05) -> float:
    """Lowest temperature (deg C) at which a current pulse no longer fires a spike.

    A pulse of ``amp`` (uA/cm^2) lasting ``width_ms`` from rest; a spike is a
    crossing of 0 mV.  Warming speeds every gate by ``phi`` but not the
    membrane's charging, so sodium inactivation and potassium activation
    catch up with the upstroke and the spike shrinks until it fails (heat
    block of the space-clamped membrane).

    Returns
    -------
    float
        Upper end of the final bracket (deg C).
    """
    base, _ = hh.clamp_params(params)
    onset, t_ms = 5.0, 40.0
    t = np.arange(int(round(t_ms / hh.DEFAULT_DT_MS)) + 1) * hh.DEFAULT_DT_MS
    drive = inputs.protocol_current("pulse", t, amp=amp, width_ms=width_ms, onset_ms=onset)

    def fails(temps):
        return np.array([hh.simulate(drive, t_ms, params=replace(base, temperature_c=float(T))).spikes.size
                         == 0 for T in temps])

    return bracket(fails, lo, hi, tol, points=6)[1]
