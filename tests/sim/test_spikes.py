"""Spike-train helpers shared by the neuron models (game/sim/spikes.py)."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import spikes as sp


def test_upward_crossings_interpolate_linearly_between_the_samples():
    t = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    v = np.array([-30.0, 10.0, 20.0, -10.0, 30.0])
    assert np.allclose(sp.upward_crossings(t, v), [0.75, 3.25])
    assert np.allclose(sp.upward_crossings(t, v, level=15.0), [1.5, 3.625])


def test_a_sample_exactly_on_the_level_counts_once_and_touching_from_above_does_not():
    t = np.arange(5.0)
    v = np.array([-1.0, 0.0, 1.0, 0.0, 1.0])
    assert np.array_equal(sp.upward_crossings(t, v), [1.0])


def test_crossings_of_a_sine_land_on_its_exact_zeros():
    t = np.linspace(0.0, 100.0, 10_001)
    v = np.sin(2 * np.pi * t / 20.0 - 0.3)
    exact = (0.3 / (2 * np.pi) + np.arange(5)) * 20.0
    got = sp.upward_crossings(t, v)
    # linear interpolation is exact to O(dt^2 v''/v') = 0 at a sine's zero (v'' = 0 there)
    assert np.max(np.abs(got - exact)) < 1e-9


def test_downward_crossings_and_widths_above_a_level():
    t = np.arange(9.0)
    v = np.array([-1.0, 1.0, 1.0, -1.0, -1.0, 3.0, -1.0, 1.0, 1.0])
    assert np.allclose(sp.downward_crossings(t, v), [2.5, 5.75])
    assert np.allclose(sp.widths_above(t, v), [2.0, 1.5]), "the last excursion never comes down"


def test_crossings_many_gives_each_column_what_upward_crossings_gives_it():
    rng = np.random.default_rng(2)
    t = np.arange(400) * 0.5
    V = np.cumsum(rng.normal(size=(400, 7)), axis=0)
    V[:, 3] = -5.0                                     # a silent column
    many = sp.crossings_many(t, V, level=1.0)
    assert len(many) == 7 and many[3].size == 0
    for k in range(7):
        assert np.array_equal(many[k], sp.upward_crossings(t, V[:, k], 1.0))


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="rows"):
        sp.upward_crossings(np.arange(3.0), np.arange(4.0))
    with pytest.raises(ValueError, match="2-D"):
        sp.crossings_many(np.arange(3.0), np.arange(3.0))


def test_rates_from_counts_and_from_intervals():
    s = [5.0, 20.0, 40.0, 60.0, 80.0]
    assert sp.firing_rate(s, 100.0) == 50.0
    assert sp.firing_rate(s, 100.0, t_start_ms=10.0, t_stop_ms=60.0) == 40.0
    assert sp.steady_rate(s, t_start_ms=10.0) == 50.0, "four spikes 20 ms apart: 50 Hz exactly"
    assert sp.steady_rate(s, t_start_ms=70.0) == 0.0, "one spike has no interval"
    assert np.array_equal(sp.isi([40.0, 5.0, 20.0]), [15.0, 20.0])
    with pytest.raises(ValueError, match="positive length"):
        sp.firing_rate(s, 100.0, t_start_ms=50.0, t_stop_ms=50.0)


def test_firing_rate_agrees_with_the_izhikevich_one():
    from game.sim import izhikevich as iz
    rng = np.random.default_rng(4)
    s = np.sort(rng.uniform(0, 1000, 57))
    for window in ((0.0, None), (100.0, 700.0), (250.0, 1000.0)):
        assert sp.firing_rate(s, 1000.0, *window) == iz.firing_rate(s, 1000.0, *window)
