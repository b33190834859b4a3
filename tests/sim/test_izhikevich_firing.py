"""Spike-train measures: bursts, firing classes, the coincidence factor (game/sim/izhikevich/firing.py)."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import izhikevich as iz

T_MS = 1000.0


def run_preset(name, I=10.0, t_ms=T_MS, dt_ms=iz.DEFAULT_DT_MS, **kw):
    return iz.simulate(*iz.PRESETS[name], I=I, t_ms=t_ms, dt_ms=dt_ms, **kw)


@pytest.fixture(scope="module")
def preset_runs():
    return {name: run_preset(name) for name in iz.PRESETS}


# --------------------------------------------------------------------------
# Spike-train measures
# --------------------------------------------------------------------------


def poisson(rate_hz, t_ms, rng):
    n = rng.poisson(rate_hz * t_ms / 1000.0)
    return np.sort(rng.uniform(0, t_ms, n))


def test_coincidence_factor_is_1_for_identical_trains_and_near_0_for_independent_ones():
    rng = np.random.default_rng(4)
    s = poisson(20, 10000.0, rng)
    assert iz.coincidence_factor(s, s, 10000.0) == pytest.approx(1.0)
    g = [iz.coincidence_factor(poisson(20, 10000.0, rng), poisson(20, 10000.0, rng), 10000.0)
         for _ in range(20)]
    assert abs(np.mean(g)) < 0.05 and max(map(abs, g)) < 0.2, "chance correction is wrong"


def test_coincidence_factor_is_nearly_symmetric_and_drops_when_shifted_beyond_the_window():
    rng = np.random.default_rng(5)
    s = np.cumsum(rng.uniform(20, 60, 200))
    t_ms = float(s[-1] + 50)
    jitter = s + rng.normal(0, 1.0, s.size)
    g1, g2 = iz.coincidence_factor(s, jitter, t_ms), iz.coincidence_factor(jitter, s, t_ms)
    assert abs(g1 - g2) < 1e-9 and 0.5 < g1 < 1.0
    assert iz.coincidence_factor(s + 1.5, s, t_ms) == pytest.approx(1.0), "within window"
    assert iz.coincidence_factor(s + 3.0, s, t_ms) < 0.05, "shift beyond the window must count"
    assert iz.coincidence_factor([], [], 100.0) == 1.0
    assert iz.coincidence_factor([1.0], [], 100.0) == 0.0


def test_burst_and_rate_measures_on_hand_made_trains():
    s = np.array([10, 13, 16, 60, 100, 103])
    assert [g.tolist() for g in iz.bursts(s, 5.0)] == [[10, 13, 16], [100, 103]]
    assert iz.spikes_per_burst(s, 5.0) == pytest.approx(2.0)
    assert iz.firing_rate(s, 200.0) == pytest.approx(30.0)
    assert iz.firing_rate(s, 200.0, t_start_ms=50.0, t_stop_ms=150.0) == pytest.approx(30.0)
    assert iz.adaptation_index(np.arange(0, 100, 10.0)) == 0.0
    assert iz.adaptation_index(np.cumsum([5, 10, 20, 40.0])) > 0.3


@pytest.mark.parametrize("train, name", [
    ([], "silent"),
    (np.arange(5, 1000, 25.0), "tonic_spiking"),
    ([52.0], "phasic_spiking"),
    ([52.0, 55.0, 58.0, 62.0], "phasic_bursting"),
    (np.concatenate([b + np.array([0, 3, 6, 9]) for b in np.arange(10, 1000, 50.0)]),
     "tonic_bursting"),
    (np.cumsum(np.r_[10, 10, 14, 18, 25, np.full(30, 32.0)]), "spike_frequency_adaptation"),
    (np.r_[10, 13, 16, np.arange(60, 1000, 30.0)], "mixed_mode"),
])
def test_classify_firing_names_hand_made_trains(train, name):
    assert iz.classify_firing(np.asarray(train, float), 1000.0) == name
    assert set(iz.FIRING_CLASSES) >= {name}


def test_classify_many_equals_classify_firing_train_by_train(preset_runs):
    trains = [r.spikes for r in preset_runs.values()] + [np.zeros(0), np.array([3.0])]
    many = iz.classify_many(trains, T_MS)
    assert [iz.FIRING_CLASSES[k] for k in many] == [iz.classify_firing(s, T_MS) for s in trains]
