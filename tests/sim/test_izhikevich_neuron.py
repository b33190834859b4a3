"""The single neuron: convergence of the exact step, other equations and bad input
(game/sim/izhikevich/neuron.py)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim import izhikevich as iz

T_MS = 1000.0


def run_preset(name, I=10.0, t_ms=T_MS, dt_ms=iz.DEFAULT_DT_MS, **kw):
    return iz.simulate(*iz.PRESETS[name], I=I, t_ms=t_ms, dt_ms=dt_ms, **kw)


def grid(t_ms, dt_ms=iz.DEFAULT_DT_MS):
    return np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms


@pytest.fixture(scope="module")
def preset_runs():
    return {name: run_preset(name) for name in iz.PRESETS}


# --------------------------------------------------------------------------
# Numerics
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(iz.PRESETS))
def test_halving_dt_moves_no_spike_by_more_than_1_ms_over_1_s(name, preset_runs):
    coarse = preset_runs[name].spikes
    fine = run_preset(name, dt_ms=iz.DEFAULT_DT_MS / 2).spikes
    assert coarse.size == fine.size, "a spike appeared or vanished when dt was halved"
    assert np.max(np.abs(coarse - fine)) < 1.0, "spike times not converged: scheme or reset timing"


def test_spike_peak_is_drawn_at_plus_30_mv_and_the_reset_is_exactly_c_and_u_plus_d():
    a, b, c, d = iz.PRESETS["CH"]
    run = iz.simulate(a, b, c, d, 10.0, 300.0)
    idx = np.flatnonzero(run.v == iz.V_PEAK_MV)
    assert idx.size == run.spikes.size > 0, "every spike needs exactly one +30 mV sample"
    assert np.all(run.v < iz.V_PEAK_MV + 1e-12), "v overshoots the peak"
    assert np.all((run.spikes > run.t[idx - 1]) & (run.spikes <= run.t[idx])), (
        "spike time not inside the step drawn as the peak")
    assert np.allclose(run.reset_u, run.u[idx] + d), "u <- u + d not applied at the peak"
    traj = iz.trajectory(a, b, c, d, 10.0, -65.0, -13.0, 300.0)
    assert np.array_equal(traj.reset_index, idx)
    assert np.all(traj.reset_to[:, 0] == c), "reset hop must land on v = c"
    assert np.allclose(traj.reset_to[:, 1], traj.u[idx] + d)


def test_a_single_spike_matches_a_fine_euler_reference_within_a_tenth_of_a_ms():
    a, b, c, d = iz.PRESETS["RS"]
    ours = iz.simulate(a, b, c, d, 10.0, 60.0).spikes
    h, v, u, t, ref = 0.0005, -65.0, -13.0, 0.0, []
    while t < 60.0 and len(ref) < 2:
        v_new = v + h * (0.04 * v * v + 5 * v + 140 - u + 10.0)
        u += h * a * (b * v - u)
        if v_new >= 30.0:
            ref.append(t + h * (30.0 - v) / (v_new - v))
            v_new, u = c, u + d
        v, t = v_new, t + h
    assert np.allclose(ours[:2], ref, atol=0.1), "scheme disagrees with brute-force Euler"


def test_input_may_be_a_number_an_array_on_the_grid_or_a_callable():
    t = grid(200.0)
    a = run_preset("RS", I=10.0, t_ms=200.0).spikes
    b = run_preset("RS", I=np.full(t.size, 10.0), t_ms=200.0).spikes
    calls = []

    def vectorised(tt):
        calls.append(np.shape(tt))
        return np.full(np.shape(tt), 10.0)

    c = run_preset("RS", I=vectorised, t_ms=200.0).spikes
    d = run_preset("RS", I=lambda tt: 10.0 + 0.0 * math.sin(tt), t_ms=200.0).spikes
    for other in (b, c, d):
        assert np.array_equal(a, other), "the three input forms should be identical"
    assert calls == [t.shape], "a vectorised callable should be called once with the grid"
    with pytest.raises(ValueError, match="time grid"):
        run_preset("RS", I=np.ones(7), t_ms=200.0)


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_reset_above_the_peak_is_clamped_and_reported():
    run = iz.simulate(0.02, 0.2, 45.0, 2.0, 10.0, 100.0)
    assert any("c = 45" in n for n in run.notes), "the clamp of c should be reported"
    assert np.all(np.isfinite(run.v)) and run.spikes.size < len(run.t)


def test_invalid_arguments_raise_clear_value_errors():
    with pytest.raises(ValueError, match="finite"):
        iz.simulate(float("nan"), 0.2, -65, 8, 10.0, 100.0)
    with pytest.raises(ValueError, match="dt_ms"):
        iz.simulate(0.02, 0.2, -65, 8, 10.0, 100.0, dt_ms=5.0)
    with pytest.raises(ValueError, match="NaN"):
        iz.simulate(0.02, 0.2, -65, 8, lambda t: np.full_like(t, np.nan), 100.0)


finite = dict(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.floats(-1e3, 1e3, **finite), b=st.floats(-1e3, 1e3, **finite),
       c=st.floats(-1e4, 1e4, **finite), d=st.floats(-1e5, 1e5, **finite),
       I=st.floats(-1e5, 1e5, **finite), v0=st.floats(-1e4, 1e4, **finite),
       dt=st.sampled_from([0.05, 0.2, 1.0]))
def test_extreme_parameters_never_warn_or_produce_nan(a, b, c, d, I, v0, dt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = iz.simulate(a, b, c, d, I, 50.0, dt_ms=dt, v0=v0)
        pop = iz.simulate_many(np.array([a, 0.02]), b, c, d, I, 20.0, dt_ms=dt)
    assert np.all(np.isfinite(run.v)) and np.all(np.isfinite(run.u)), "clamp missing"
    assert np.all(run.v <= iz.V_PEAK_MV) and np.all(np.abs(run.u) <= iz.U_MAX)
    assert np.all(np.diff(run.spikes) >= -1e-9) and all(np.all(np.isfinite(s)) for s in pop.spikes)


# --------------------------------------------------------------------------
# Other equations (Fig. 1 G, L and R)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("eqs, params, I", [
    (iz.GL_EQUATIONS, (0.02, -0.1, -55.0, 6.0), 6.0),
    (iz.R_EQUATIONS, (0.02, 1.0, -55.0, 4.0), 12.0),
])
def test_the_exact_step_with_other_equations_matches_a_fine_euler_reference(eqs, params, I):
    a, b, c, d = params
    ours = iz.simulate(a, b, c, d, I, 150.0, v0=-65.0, u0=-16.0, eqs=eqs).spikes
    h, v, u, t, ref = 0.0005, -65.0, -16.0, 0.0, []
    while t < 150.0 and len(ref) < 3:
        v_new = v + h * (0.04 * v * v + eqs.k1 * v + eqs.k0 - u + I)
        u += h * a * (b * (v - eqs.v_u) - eqs.leak * u)
        if v_new >= 30.0:
            ref.append(t + h * (30.0 - v) / (v_new - v))
            v_new, u = c, u + d
        v, t = v_new, t + h
    assert len(ref) == 3 and np.allclose(ours[:3], ref, atol=0.1), "generalised exact step is off"
    half = iz.simulate(a, b, c, d, I, 150.0, dt_ms=0.1, v0=-65.0, u0=-16.0, eqs=eqs).spikes
    assert half.size == ours.size and np.max(np.abs(half - ours)) < 0.05
