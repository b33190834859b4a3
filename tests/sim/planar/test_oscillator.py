"""game.sim.planar.oscillator: the damped oscillator's regimes, energy and settling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim import planar as P


@pytest.mark.parametrize("m, mu, k, regime", [
    (1, 0, 1, "undamped"), (1, 1, 1, "underdamped"), (1, 2, 1, "critically_damped"),
    (1, 3, 1, "overdamped"), (0.3, 0.6, 0.3, "critically_damped"),
    (2, 0.1 + 0.2 + 0.1, 0.02, "critically_damped"), (1, 2 - 1e-6, 1, "underdamped"),
    (1, 2 + 1e-6, 1, "overdamped"), (1, 0.5, 0, "overdamped"),
])
def test_damping_regime_follows_the_sign_of_mu_squared_minus_four_m_k(m, mu, k, regime):
    assert P.damping_regime(m, mu, k) == regime


def test_oscillator_matrix_classifies_like_its_damping_regime():
    assert P.classify(P.oscillator_matrix(1, 0, 1)) == "center"
    assert P.classify(P.oscillator_matrix(1, 1, 1)) == "stable_focus"
    assert P.classify(P.oscillator_matrix(1, 2, 1)) == "stable_degenerate_node"
    assert P.classify(P.oscillator_matrix(1, 3, 1)) == "stable_node"
    with pytest.raises(ValueError):
        P.oscillator_matrix(0, 1, 1)


@settings(max_examples=60, deadline=None)
@given(m=st.floats(0.1, 5), mu=st.floats(0, 5), k=st.floats(0, 5),
       x=st.floats(-3, 3), v=st.floats(-3, 3))
def test_oscillator_energy_never_increases_along_a_solution(m, mu, k, x, v):
    t = np.linspace(0, 20, 400)
    xs, vs = P.linear_flow(P.oscillator_matrix(m, mu, k), [x, v], t).T
    energy = P.oscillator_energy(m, k, xs, vs)
    rises = np.diff(energy)
    assert rises.max() <= 1e-9 * max(1.0, energy[0]), "V = kx^2/2 + mv^2/2 rose: wrong A?"


def test_critical_damping_has_the_fastest_decay_and_settles_faster_than_clear_extremes():
    mus = np.linspace(0.2, 6, 59)
    rates = [P.decay_rate(1, mu, 1) for mu in mus]
    assert np.isclose(mus[int(np.argmax(rates))], 2.0, atol=0.1)
    critical = P.settling_time(1, 2, 1, [1, 0], 1e-3)
    assert critical < P.settling_time(1, 1, 1, [1, 0], 1e-3)
    assert critical < P.settling_time(1, 4, 1, [1, 0], 1e-3)
    # critical damping: x = (1 + t) e^-t, v = -t e^-t; norm crosses 1e-3 near t ~ 9.56
    assert 9 < critical < 10.5


def test_settling_time_is_infinite_without_damping_and_zero_inside_the_band():
    assert P.settling_time(1, 0, 1, [1, 0], 0.1) == np.inf
    assert P.settling_time(1, 1, 1, [1e-3, 0], 0.1) == 0.0
