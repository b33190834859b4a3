"""Scoring of the izhikevich lab: the measures, one scorer per goal type, and how each reads.

The measures are pure functions of one run's spike times (ms) and return one
number, tested at and around their star thresholds; the level's thresholds
turn it into stars (``game.core.scoring``). ``MISS`` is the score of an
attempt that does not count at all on a "lower is better" goal (e.g. a
rheobase guess at which the neuron stays silent). The scorers
(``score_*``) read an :class:`~game.labs.izhikevich.model.IzhikevichModel`
(its current run, neuron and protocol); :data:`GOALS` maps each goal type to
its level-file schema, scorer, unit and HUD readout, and :data:`PREPARE` to
what the model computes once when the level opens (the rheobase, the hidden
neuron's recording). No pygame here.

The spike-train measures (bursts, classes, Gamma) are those of
``game.sim.izhikevich``, so a score always agrees with what the view names.
"""

from __future__ import annotations

import math

import numpy as np

from game.core.lab import GoalKind
from game.core.readout import Say
from game.labs.izhikevich import schema
from game.labs.izhikevich.schema import protocol_offset, protocol_onset, pulse_pair
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


# ------------------------------------------------------------------ scorers

def _s(model) -> np.ndarray:
    return model.result.run.spikes


def score_firing_rate(model, goal) -> float | None:
    return rate_error(_s(model), model.neuron.t_ms, goal.target_hz, goal.from_ms)


def score_spikes_per_burst(model, goal) -> float | None:
    return burst_size(_s(model), model.neuron.t_ms, goal.max_isi_ms)


def score_burst_rate(model, goal) -> float | None:
    return burst_rate(_s(model), model.neuron.t_ms, goal.min_spikes, goal.max_isi_ms)


def score_adaptation_ms(model, goal) -> float | None:
    return isi_lengthening(_s(model), model.neuron.t_ms, goal.min_rate_hz)


def score_rheobase(model, goal) -> float | None:
    rheo = math.inf if model.rheobase is None else model.rheobase
    return rheobase_gap(model.params()["I"], len(_s(model)) > 0, rheo)


def score_spike_count(model, goal) -> float | None:
    return spike_count(_s(model), goal.from_ms, goal.to_ms)


def score_phasic(model, goal) -> float | None:
    return phasic_extra(_s(model), protocol_onset(model.neuron.protocol_now()), goal.latency_ms)


def score_rebound_latency(model, goal) -> float | None:
    off = protocol_offset(model.neuron.protocol_now())
    return MISS if off is None else rebound_latency(_s(model), off)


def score_match_trace(model, goal) -> float | None:
    target = model.target.run.spikes if model.target is not None else []
    return match_gamma(_s(model), target, model.neuron.t_ms, goal.window_ms)


def score_persistent_firing(model, goal) -> float | None:
    return persistent_firing(_s(model), protocol_onset(model.neuron.protocol_now()))


def score_onset_rate(model, goal) -> float | None:
    return onset_rate(_s(model))


def score_weakest_pair(model, goal) -> float | None:
    pair = pulse_pair(model.neuron.protocol_now())
    return MISS if pair is None else weakest_pair(_s(model), model.params()["I"], pair[0], pair[1])


def score_switch_off(model, goal) -> float | None:
    pair = pulse_pair(model.neuron.protocol_now())
    return MISS if pair is None else switch_off(_s(model), *pair, goal.min_spikes)


# ------------------------------------------------------------------ prepared once per level

def prepare_rheobase(model, goal) -> None:
    """The rheobase of the level's neuron (its a, b, c, d are fixed; the player tunes I)."""
    p = model.params()
    model.rheobase = izh.rheobase(p["a"], p["b"], p["c"], p["d"], t_ms=model.neuron.t_ms)


def prepare_target(model, goal) -> None:
    """The hidden neuron's recording: the level's neuron under the target's preset and values."""
    model.target = model.neuron.simulate(model.neuron.target_params(goal.target, model.values.base))


#: Goal type -> what the model computes once when the level opens.
PREPARE = {"rheobase": prepare_rheobase, "match_trace": prepare_target}


# ------------------------------------------------------------------ readouts
# What the HUD line shows beside the score (game.core.readout): the player's
# value behind it and why an attempt scored nothing. ``model.result_for(score)``
# is the run behind that score (the last one or the best one). Cheap: they run
# every frame.

def _missed(score) -> bool:
    return score is not None and not math.isfinite(score)


def readout_firing_rate(model, goal, score) -> dict:
    """The rate of the run behind the score, beside the target ("target 30 Hz · you 28.4 Hz")."""
    r = model.result_for(score)
    if r is None or score is None or _missed(score):
        return {"target": goal.target_hz, "variant": "off"}
    return {"value": izh.firing_rate(r.run.spikes, model.neuron.t_ms, goal.from_ms), "target": goal.target_hz}


def _not_bursting(model, score) -> dict:
    r = model.result_for(score)
    if score == 0 and r is not None and r.firing != "tonic_bursting":
        return {"variant": "not_bursting", "firing": Say(f"izhikevich.class.{r.firing}")}
    return {}


def readout_spikes_per_burst(model, goal, score) -> dict:
    return _not_bursting(model, score)


def readout_burst_rate(model, goal, score) -> dict:
    out = _not_bursting(model, score)
    r = model.result_for(score)
    if not out and score == 0 and r is not None:
        return {"variant": "few", "spb": izh.spikes_per_burst(r.run.spikes, goal.max_isi_ms),
                "need": goal.min_spikes}
    return out


def readout_adaptation_ms(model, goal, score) -> dict:
    return {"variant": "slow", "min_rate": goal.min_rate_hz} if _missed(score) else {}


def readout_rheobase(model, goal, score) -> dict:
    return {"variant": "silent"} if _missed(score) else {}


def readout_phasic(model, goal, score) -> dict:
    return {"variant": "miss", "latency": goal.latency_ms} if _missed(score) else {}


def readout_persistent_firing(model, goal, score) -> dict:
    r = model.result_for(score)
    if score != 0 or r is None:
        return {}
    s = r.run.spikes
    return {"variant": "silent" if s.size == 0 else "early"}


def _variant_on_miss(name: str):
    def readout(model, goal, score) -> dict:
        return {"variant": name} if _missed(score) else {}
    return readout


def readout_switch_off(model, goal, score) -> dict:
    return {"variant": "not_on", "need": goal.min_spikes} if _missed(score) else {}


#: Goal type -> level-file schema, scorer, unit of its score and its HUD readout. Currents (the
#: rheobase gap, a pulse's amplitude) are in the model's own units (no unit shown); counts have none.
GOALS = {
    "firing_rate": GoalKind(schema.FiringRate, score_firing_rate, unit="Hz", readout=readout_firing_rate),
    "spikes_per_burst": GoalKind(schema.SpikesPerBurst, score_spikes_per_burst, unit="",
                                 readout=readout_spikes_per_burst),
    "burst_rate": GoalKind(schema.BurstRate, score_burst_rate, unit="Hz", readout=readout_burst_rate),
    "adaptation_ms": GoalKind(schema.Adaptation, score_adaptation_ms, unit="ms", readout=readout_adaptation_ms),
    "rheobase": GoalKind(schema.Rheobase, score_rheobase, unit="", readout=readout_rheobase),
    "spike_count": GoalKind(schema.SpikeCount, score_spike_count, unit=""),
    "phasic": GoalKind(schema.Phasic, score_phasic, unit="", readout=readout_phasic),
    "rebound_latency": GoalKind(schema.ReboundLatency, score_rebound_latency, unit="ms",
                                readout=_variant_on_miss("miss")),
    "match_trace": GoalKind(schema.MatchTrace, score_match_trace, unit="", digits=2),
    "persistent_firing": GoalKind(schema.PersistentFiring, score_persistent_firing, unit="ms",
                                  readout=readout_persistent_firing),
    "onset_rate": GoalKind(schema.OnsetRate, score_onset_rate, unit="Hz", readout=_variant_on_miss("few")),
    "weakest_pair": GoalKind(schema.WeakestPair, score_weakest_pair, unit="", readout=_variant_on_miss("miss")),
    "switch_off": GoalKind(schema.SwitchOff, score_switch_off, unit="", readout=readout_switch_off),
}
