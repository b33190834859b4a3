"""Scoring of the hodgkinhuxley lab: one scorer per goal type, and the measures they use.

The measures are pure functions of a run (:class:`~game.labs.hodgkinhuxley.runs.Result`),
tested directly. The scorers (``score_*``) read a
:class:`~game.labs.hodgkinhuxley.model.HodgkinHuxleyModel` and return one
number, :data:`MISS` for an attempt that does not count (the level's
condition is not met), or None before there is a run of the goal's mode;
:data:`GOALS` maps each goal type to its level-file schema, scorer, unit and
HUD readout. No pygame here.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from game.core.lab import GoalKind
from game.labs.hodgkinhuxley import schema
from game.labs.hodgkinhuxley.runs import CLAMP_ONSET_MS, Result, clamp_record, sustained_rate, widths

#: Score of an attempt that does not meet the level's condition (no stars either way).
MISS = math.inf


# ------------------------------------------------------------------ measures

def rate_of(result: Result) -> float:
    """Sustained firing rate (Hz) over the run's second half, 0 when firing does not go on."""
    return sustained_rate(result.spikes, result.t_end, result.t_end / 2)


def first_width(result: Result) -> float | None:
    """Width (ms) of the first spike at 0 mV, None when no spike crosses 0 mV and comes back."""
    w = widths(result)
    return float(w[0]) if w.size else None


def during_step(result: Result) -> np.ndarray:
    """Samples of a clamp record from the step on (t >= 1 ms)."""
    return result.t >= CLAMP_ONSET_MS


def na_at_peak_conductance(result: Result, min_conductance: float) -> float | None:
    """I_Na (µA/cm²) when g_Na peaks during the clamp step; None if it stays below ``min_conductance``.

    At the reversal potential E_Na the channels open but carry no current:
    the driving force V - E_Na is zero.
    """
    on = during_step(result)
    g_na, _ = result.conductances()
    g = g_na[on]
    k = int(np.argmax(g))
    if not g[k] >= min_conductance:
        return None
    return float(result.i_na[on][k])


def total_current(result: Result) -> np.ndarray:
    """The ionic current a clamp amplifier measures: I_Na + I_K + I_L (µA/cm², outward positive)."""
    return result.i_na + result.i_k + result.i_l


def inward_peak(result: Result) -> float:
    """The largest inward total current during the step (µA/cm², a positive number; 0 if none)."""
    return max(0.0, -float(np.min(total_current(result)[during_step(result)])))


def late_current(result: Result) -> float:
    """The total current at the end of the clamp step (µA/cm²): the delayed K⁺ current plus leak."""
    return float(total_current(result)[-1])


# ------------------------------------------------------------------ scorers

def _run(model, mode: str) -> Result | None:
    r = model.result
    return r if r is not None and r.mode == mode else None


def score_min_current(model, goal) -> float | None:
    """|I| when the run fires ``goal.spikes`` spikes (and goes on firing, if ``sustained``)."""
    r = _run(model, "current")
    if r is None:
        return None
    ok = r.spikes.size >= goal.spikes and (not goal.sustained or rate_of(r) > 0)
    return abs(float(model.values["I"])) if ok else MISS


def score_min_gap(model, goal) -> float | None:
    """The pair's gap (ms) when both pulses fire."""
    r = _run(model, "current")
    if r is None:
        return None
    return float(model.values["gap_ms"]) if r.spikes.size >= 2 else MISS


def score_slowest_rate(model, goal) -> float | None:
    """The sustained rate (Hz) of the run's second half."""
    r = _run(model, "current")
    if r is None:
        return None
    rate = rate_of(r)
    return rate if rate > 0 else MISS


def score_spike_width(model, goal) -> float | None:
    """Width (ms) of the first spike at 0 mV."""
    r = _run(model, "current")
    if r is None:
        return None
    w = first_width(r)
    return MISS if w is None else w


def score_reversal(model, goal) -> float | None:
    """|I_Na| at the peak of the Na⁺ conductance under clamp (0 at E_Na)."""
    r = _run(model, "clamp")
    if r is None:
        return None
    i = na_at_peak_conductance(r, goal.min_conductance)
    return MISS if i is None else abs(i)


def unblocked_late(model) -> float:
    """The late total clamp current of the same step with no blocker (µA/cm²)."""
    r = model.result
    p = replace(r.params, ttx=0.0, tea=0.0)
    return late_current(clamp_record(float(r.v[0]), float(r.v[-1]), r.t_end, p))


def score_inward_peak(model, goal) -> float | None:
    """The largest inward clamp current, if the late outward current keeps ``keep_late`` of its size."""
    r = _run(model, "clamp")
    if r is None:
        return None
    if late_current(r) < goal.keep_late * unblocked_late(model):
        return MISS
    return inward_peak(r)


# ------------------------------------------------------------------ readouts
# What the HUD line shows beside the score (game.core.readout): why an attempt scored
# nothing, and the number behind it. Cheap: they run every frame.

def _missed(score) -> bool:
    return score is not None and math.isinf(score)


def readout_min_current(model, goal, score) -> dict:
    if _missed(score):
        r = model.result
        if goal.sustained and r is not None and r.spikes.size >= goal.spikes:
            return {"variant": "not_sustained"}
        return {"variant": "silent", "need": goal.spikes}
    if goal.sustained and score is not None and model.result is not None:
        return {"variant": "sustained", "rate": round(rate_of(model.result), 1)}
    return {}


def readout_min_gap(model, goal, score) -> dict:
    return {"variant": "one_spike"} if _missed(score) else {}


def readout_slowest_rate(model, goal, score) -> dict:
    return {"variant": "not_sustained"} if _missed(score) else {}


def readout_spike_width(model, goal, score) -> dict:
    return {"variant": "no_spike"} if _missed(score) else {}


def readout_reversal(model, goal, score) -> dict:
    v = float(model.values["v_step"])
    return {"variant": "closed", "v": v} if _missed(score) else {"v": v}


def readout_inward_peak(model, goal, score) -> dict:
    return {"variant": "k_blocked"} if _missed(score) else {}


CURRENT = "µA/cm²"

#: Goal type -> level-file schema, scorer, unit of its score and its HUD readout.
GOALS = {
    "min_current": GoalKind(schema.MinCurrent, score_min_current, unit=CURRENT, readout=readout_min_current),
    "min_gap": GoalKind(schema.MinGap, score_min_gap, unit="ms", readout=readout_min_gap),
    "slowest_rate": GoalKind(schema.SlowestRate, score_slowest_rate, unit="Hz", readout=readout_slowest_rate),
    "spike_width": GoalKind(schema.SpikeWidth, score_spike_width, unit="ms", readout=readout_spike_width),
    "reversal": GoalKind(schema.Reversal, score_reversal, unit=CURRENT, readout=readout_reversal),
    "inward_peak": GoalKind(schema.InwardPeak, score_inward_peak, unit=CURRENT, readout=readout_inward_peak),
}
