"""The phase plane: nullclines, equilibria, the Hopf and saddle-node currents, the rheobase
(game/sim/izhikevich/phase.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim import izhikevich as iz

def grid(t_ms, dt_ms=iz.DEFAULT_DT_MS):
    return np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms


# --------------------------------------------------------------------------
# Phase plane
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(iz.PRESETS))
@pytest.mark.parametrize("I", [-5.0, 0.0, 0.3, 3.0])
def test_nullcline_intersections_are_the_equilibria(name, I):
    a, b, _, _ = iz.PRESETS[name]
    eqs = iz.equilibria(a, b, I)
    v = np.linspace(-120, 20, 140001)
    gap = iz.v_nullcline(v, I) - iz.u_nullcline(v, b)
    crossings = v[np.flatnonzero(np.diff(gap >= 0))]
    if I < iz.saddle_node_current(b):
        assert len(eqs) == 2 and len(crossings) == 2
    assert np.allclose([e.v for e in eqs], crossings, atol=2e-3), "equilibria off the crossings"
    f = iz.field(a, b, I)
    for e in eqs:
        assert np.allclose(f(e.v, e.u), 0.0, atol=1e-9), "field should vanish at an equilibrium"


def test_saddle_node_current_is_4_for_b_02_and_no_equilibrium_exists_above_it():
    assert iz.saddle_node_current(0.2) == pytest.approx(4.0)
    kinds = [e.kind for e in iz.equilibria(0.02, 0.2, 0.0)]
    assert kinds == ["stable_node", "saddle"], f"RS at I = 0: {kinds}"
    assert len(iz.equilibria(0.02, 0.2, 3.999)) == 2
    assert iz.equilibria(0.02, 0.2, 4.001) == [], "equilibria above the saddle-node value"


def test_rheobase_is_the_boundary_between_silence_and_firing():
    a, b, c, d = iz.PRESETS["RS"]
    r = iz.rheobase(a, b, c, d, t_ms=500.0)
    v0, u0 = iz.resting_state(a, b)
    fires = [iz.simulate(a, b, c, d, r + s, 500.0, v0=v0, u0=u0).spikes.size > 0
             for s in (-0.01, 0.01)]
    assert fires == [False, True], "bisection did not bracket the threshold"
    assert 0 < r < iz.saddle_node_current(b), "a step from rest fires below I_sn as u lags"


# --------------------------------------------------------------------------
# Stability of rest: Andronov-Hopf before the saddle-node (b > a)
# --------------------------------------------------------------------------

HOPF = {"RS": 3.7975, "IB": 3.7975, "CH": 3.7975, "FS": 3.9375, "LTS": 0.685, "TC": 0.685, "RZ": 0.2625}


def _trace_det(a, b, v, eqs=iz.STANDARD):
    J = np.array([[0.08 * v + eqs.k1, -1.0], [a * b, -a * eqs.leak]])
    return np.trace(J), np.linalg.det(J)


@pytest.mark.parametrize("name", sorted(iz.PRESETS))
def test_rest_loses_stability_at_the_hopf_current_where_the_trace_vanishes(name):
    a, b, _, _ = iz.PRESETS[name]
    I_H, I_sn = iz.hopf_current(a, b), iz.saddle_node_current(b)
    assert I_H == pytest.approx(HOPF[name], abs=1e-9)
    assert I_H == pytest.approx(I_sn - (b - a) ** 2 / 0.16, abs=1e-12) and I_H < I_sn
    rest = iz.equilibria(a, b, I_H)[0]
    tr, det = _trace_det(a, b, rest.v)
    assert abs(tr) < 1e-9 and det > 0, "at I_H the rest's Jacobian must have zero trace, positive det"
    assert rest.v == pytest.approx((a - 5) / 0.08)
    below = iz.equilibria(a, b, I_H - 1e-3)
    above = iz.equilibria(a, b, I_H + 1e-3)
    assert below[0].kind.startswith("stable") and below[1].kind == "saddle"
    assert above[0].kind == "unstable_focus" and above[1].kind == "saddle", (
        "between I_H and I_sn rest is an unstable focus, not a stable node or focus")
    assert iz.resting_state(a, b, I_H + 1e-3) is None


def test_between_hopf_and_saddle_node_rs_fires_tonically_around_an_unstable_focus():
    a, b, c, d = iz.PRESETS["RS"]
    I = 3.9
    rest, saddle = iz.equilibria(a, b, I)
    assert rest.kind == "unstable_focus" and saddle.kind == "saddle"
    run = iz.simulate(a, b, c, d, I, 2000.0, v0=rest.v + 0.01, u0=rest.u)
    assert run.spikes.size >= 8 and run.spikes[-1] > 1700.0, "a nudge off the focus must grow into tonic firing"
    isi = np.diff(run.spikes[-4:])
    assert np.ptp(isi) < 0.02 * isi.mean(), "the firing should settle to a regular rhythm"


def _kicked(I, a=0.02, b=0.2, c=-65.0, d=8.0, t_ms=2000.0, kick=10.0):
    """Spike times from rest at constant I, and with a 5 ms kick of +kick at 100 ms."""
    v0, u0 = iz.resting_state(a, b, I)
    t = grid(t_ms, 0.1)
    kicked = np.where((t >= 100.0) & (t < 105.0), I + kick, I)
    quiet = iz.simulate(a, b, c, d, I, t_ms, 0.1, v0=v0, u0=u0).spikes
    return quiet, iz.simulate(a, b, c, d, kicked, t_ms, 0.1, v0=v0, u0=u0).spikes


@pytest.mark.parametrize("I", [3.78, 3.79])
def test_just_below_the_hopf_current_stable_rest_coexists_with_tonic_firing(I):
    quiet, kicked = _kicked(I)
    assert quiet.size == 0, "from rest the neuron must stay at rest"
    assert kicked.size >= 8 and kicked[-1] > 1600.0, "after a kick it must fire to the end of the run"


def test_the_bistable_window_of_rs_spans_3_774_to_the_hopf_current():
    assert _kicked(3.77)[1].size == 1, "below the window a kick gives one spike, then rest returns"
    lo, hi = 3.77, 3.78
    while hi - lo > 1e-4:                          # the lowest I at which the kick starts tonic firing
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if _kicked(mid)[1].size >= 8 else (mid, hi)
    assert 3.7740 <= hi <= 3.7750, f"window edge moved to {hi:.4f}"
    assert hi < iz.hopf_current(0.02, 0.2) - 0.02


def test_hopf_current_is_nan_when_there_is_no_hopf_bifurcation():
    assert math.isnan(iz.hopf_current(0.02, -0.1)) and math.isnan(iz.hopf_current(0.2, 0.2))
    assert math.isnan(iz.hopf_current(0.0, 0.2)), "a = 0: u is frozen, det = 0"
    assert math.isnan(iz.hopf_current(-0.02, 0.2)), "a < 0 and b > a: det < 0, a saddle"
    assert math.isnan(iz.hopf_current(0.02, 0.2, iz.R_EQUATIONS))
    a, b = 0.02, -0.1                              # b < a: rest is stable right up to I_sn
    I_sn = iz.saddle_node_current(b)
    assert iz.equilibria(a, b, I_sn - 1e-4)[0].kind.startswith("stable")


def test_with_a_below_zero_rest_turns_unstable_when_the_input_falls_below_hopf():
    a, b = -0.02, -1.0                             # Fig. 1 S: inhibition-induced spiking
    I_H = iz.hopf_current(a, b)
    assert I_H == pytest.approx(85.0 - 0.98 ** 2 / 0.16)
    upper = iz.equilibria(a, b, I_H)[1]
    tr, det = _trace_det(a, b, upper.v)
    assert abs(tr) < 1e-9 and det > 0
    assert iz.equilibria(a, b, 80.0)[1].kind.startswith("stable")
    assert iz.equilibria(a, b, 75.0)[1].kind.startswith("unstable")


# --------------------------------------------------------------------------
# Other equations (Fig. 1 G, L and R)
# --------------------------------------------------------------------------


def test_the_g_l_equations_have_their_saddle_node_at_2_25_and_no_hopf():
    eqs = iz.GL_EQUATIONS
    assert iz.saddle_node_current(-0.1, eqs) == pytest.approx(2.25)
    assert math.isnan(iz.hopf_current(0.02, -0.1, eqs))
    eq = iz.equilibria(0.02, -0.1, 1.0, eqs)
    assert [e.kind for e in eq] == ["stable_node", "saddle"]
    f = iz.field(0.02, -0.1, 1.0, eqs)
    for e in eq:
        assert np.allclose(f(e.v, e.u), 0.0, atol=1e-9)
        assert e.u == pytest.approx(float(iz.v_nullcline(e.v, 1.0, eqs)))


def test_the_r_equations_keep_one_stable_equilibrium_at_minus_65_mv_for_every_input():
    for I in (-5.0, 0.0, 4.0, 50.0):
        (e,) = iz.equilibria(0.02, 1.0, I, iz.R_EQUATIONS)
        assert e.v == -65.0 and e.kind.startswith("stable"), "u' = a b (v + 65) has no saddle-node"
    assert math.isnan(iz.saddle_node_current(1.0, iz.R_EQUATIONS))
    assert np.isnan(iz.u_nullcline([-70.0, -60.0], 1.0, iz.R_EQUATIONS)).all()


def test_the_level_texts_numbers_about_rest_hold():
    a, b, c = 0.02, 0.2, -65.0
    v0, u0 = iz.resting_state(a, b)
    t = grid(500.0)
    for d in (8.0, 6.0):                           # izh-05 (RS) and izh-07 (d = 6)
        def step(I):
            return iz.simulate(a, b, c, d, np.where(t >= 50.0, I, 0.0), 500.0, v0=v0, u0=u0).spikes.size
        assert [step(I) for I in (2.7, 2.8, 3.2, 3.7, 3.77)] == [0, 1, 1, 1, 1], "phasic from 2.8 to 3.77"
        assert step(3.78) >= 3, "in the bistable window the first spike's reset keeps it firing"
    assert 2.7 < iz.rheobase(a, b, c, 8.0) < 2.75 < iz.hopf_current(a, b)
    assert iz.hopf_current(0.03, 0.26) > 0 > iz.hopf_current(0.03, 0.262), "izh-08: rest unstable above b = 0.26"
    assert iz.hopf_current(0.02, 0.1) > 8.0 > iz.hopf_current(0.02, 0.2), "izh-06: I_H must end above I = 8"


def test_the_fig1_p_neuron_has_a_wider_bistable_window_than_rs():
    a, b, c, d = 0.1, 0.26, -60.0, 0.0             # Fig. 1P (izh-13); its window: about 0.156 to I_H
    I_H = iz.hopf_current(a, b)
    assert I_H == pytest.approx(0.2625)
    for I in (0.17, 0.24, 0.26):
        quiet, kicked = _kicked(I, a, b, c, d, kick=1.0)
        assert quiet.size == 0 and kicked[-1] > 1600.0, f"P at I = {I}: rest and firing should coexist"
    assert _kicked(0.15, a, b, c, d, kick=1.0)[1][-1] < 500.0, "below about 0.156 the firing stops"
