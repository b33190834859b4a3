"""Izhikevich model: published behaviour of the presets, convergence, phase
plane, spike-train measures and bad input (game/sim/izhikevich.py)."""

from __future__ import annotations

import math
import subprocess
import sys
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
# Presets: published behaviour (Izhikevich 2003 Fig. 2), I = 10 for 1 s
# --------------------------------------------------------------------------


def test_presets_hold_the_parameters_of_izhikevich_2003_figure_2():
    assert iz.PRESETS == {
        "RS": (0.02, 0.2, -65, 8), "IB": (0.02, 0.2, -55, 4), "CH": (0.02, 0.2, -50, 2),
        "FS": (0.1, 0.2, -65, 2), "LTS": (0.02, 0.25, -65, 2), "TC": (0.02, 0.25, -65, 0.05),
        "RZ": (0.1, 0.26, -65, 2)}, "a preset was edited away from the paper's values"
    assert set(iz.PRESET_NOTES) == set(iz.PRESETS), "a preset lacks its documented behaviour"


def test_regular_spiking_fires_regular_spikes_whose_interval_lengthens(preset_runs):
    s = preset_runs["RS"].spikes
    isi = np.diff(s)
    steady = isi[len(isi) // 2:]
    assert 15 <= iz.firing_rate(s, T_MS) <= 40, "RS rate off: check the u reset (d = 8)"
    assert isi[0] < 0.7 * np.median(steady), "no adaptation: the first interval should be short"
    assert np.std(steady) / np.mean(steady) < 0.05, "RS should settle to regular spiking"
    assert iz.classify_firing(s, T_MS) == "spike_frequency_adaptation"


def test_intrinsically_bursting_fires_an_initial_burst_then_single_spikes(preset_runs):
    s = preset_runs["IB"].spikes
    groups = iz.bursts(s, max_isi_ms=10.0, min_spikes=1)
    assert 2 <= groups[0].size <= 5, f"first burst has {groups[0].size} spikes: reset c = -55?"
    assert all(g.size == 1 for g in groups[1:]), "after the burst IB should fire single spikes"
    assert len(groups) >= 10, "IB should keep firing tonically after the burst"
    assert iz.classify_firing(s, T_MS) == "mixed_mode"


def test_chattering_fires_repeated_bursts_of_several_spikes(preset_runs):
    s = preset_runs["CH"].spikes
    b = iz.bursts(s, max_isi_ms=10.0)
    sizes = [g.size for g in b]
    assert len(b) >= 10, "CH should burst repeatedly over 1 s"
    assert all(3 <= k <= 8 for k in sizes), f"burst sizes {sizes}: check c = -50, d = 2"
    assert 3 <= iz.spikes_per_burst(s) <= 8
    assert iz.classify_firing(s, T_MS) == "tonic_bursting"


def test_fast_spiking_fires_above_100_hz_without_adaptation(preset_runs):
    s = preset_runs["FS"].spikes
    assert iz.firing_rate(s, T_MS) > 100, "FS too slow: check a = 0.1"
    late = np.diff(s[s > 50.0])
    assert late.max() - late.min() < 0.1, "FS intervals should be constant after 50 ms"
    assert abs(iz.adaptation_index(s)) < 0.005, "FS should show practically no adaptation"
    assert iz.classify_firing(s, T_MS) == "tonic_spiking"


def test_low_threshold_spiking_starts_fast_and_adapts_strongly(preset_runs):
    s = preset_runs["LTS"].spikes
    isi = np.diff(s)
    assert isi[0] < 5.0, "LTS should start at a high frequency (> 200 Hz)"
    assert np.median(isi[-10:]) > 3 * isi[0], "LTS should adapt strongly"
    assert iz.classify_firing(s, T_MS) == "spike_frequency_adaptation"


def test_thalamocortical_spikes_tonically_when_depolarised(preset_runs):
    assert iz.classify_firing(preset_runs["TC"].spikes, T_MS) == "tonic_spiking"


def test_thalamocortical_fires_a_rebound_burst_after_hyperpolarisation():
    a, b, c, d = iz.PRESETS["TC"]
    t = grid(T_MS)
    I = iz.protocol_current("negative_step", t, amp=-10.0, onset_ms=50.0, offset_ms=250.0)
    v0, u0 = iz.resting_state(a, b)
    s = iz.simulate(a, b, c, d, I, T_MS, v0=v0, u0=u0).spikes
    assert s.size >= 3 and s[0] > 250.0, f"no rebound burst after release: {s}"
    assert s[-1] < 320.0 and s[1] - s[0] < 10.0, f"rebound should be a brief burst: {s}"
    assert iz.classify_firing(s, T_MS) == "phasic_bursting"
    rs = iz.simulate(*iz.PRESETS["RS"], I, T_MS, v0=-70.0, u0=-14.0).spikes
    assert rs.size == 0, "RS (b = 0.2) should not rebound from this step: TC's b = 0.25 does"


def test_resonator_rests_at_a_stable_focus_and_fires_only_to_a_resonant_doublet():
    a, b, c, d = iz.PRESETS["RZ"]
    rest = iz.equilibria(a, b, 0.0)[0]
    assert rest.kind == "stable_focus", "RZ's rest should have complex eigenvalues"
    period = 2 * math.pi / abs(rest.eigenvalues[0].imag)
    assert 35 < period < 50
    v0, u0 = rest.v, rest.u
    t = grid(300.0)
    note = iz.PRESET_NOTES["RZ"]

    def n_spikes(**change):
        p = dict(note.params, **change)
        I = iz.protocol_current("pulse", t, **p)
        return iz.simulate(a, b, c, d, I, 300.0, v0=v0, u0=u0).spikes.size

    assert n_spikes(count=1) == 0, "one pulse alone should be subthreshold"
    assert n_spikes(interval_ms=45.0) == 1, "a doublet at the resonant interval should fire"
    assert n_spikes(interval_ms=25.0) == 0, "a doublet at half the period should not fire"
    assert n_spikes(interval_ms=70.0) == 0, "a doublet far off the period should not fire"


def test_resonator_shows_a_damped_subthreshold_oscillation_where_rs_relaxes():
    t = grid(300.0)
    I = iz.protocol_current("pulse", t, amp=0.8, width_ms=2.0, onset_ms=50.0)

    def undershoots(name):
        a, b, c, d = iz.PRESETS[name]
        v0, u0 = iz.resting_state(a, b)
        run = iz.simulate(a, b, c, d, I, 300.0, v0=v0, u0=u0)
        assert run.spikes.size == 0
        return run.v[t > 55.0].min() < v0 - 0.05

    assert undershoots("RZ"), "RZ should swing below rest after a small pulse (focus)"
    assert not undershoots("RS"), "RS's rest is a node: it should relax without undershoot"


@pytest.mark.parametrize("name", sorted(iz.PRESET_NOTES))
def test_each_preset_note_protocol_gives_the_documented_class(name):
    note = iz.PRESET_NOTES[name]
    a, b, c, d = iz.PRESETS[name]
    I = iz.protocol_current(note.protocol, grid(note.t_ms), **note.params)
    kw = dict(zip(("v0", "u0"), iz.resting_state(a, b))) if note.from_rest else {}
    s = iz.simulate(a, b, c, d, I, note.t_ms, **kw).spikes
    assert iz.classify_firing(s, note.t_ms) == note.expected_class, (
        "PRESET_NOTES and classify_firing thresholds disagree")


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


def test_population_run_matches_single_neuron_runs():
    names = sorted(iz.PRESETS)
    p = np.array([iz.PRESETS[k] for k in names])
    pop = iz.simulate_many(p[:, 0], p[:, 1], p[:, 2], p[:, 3], 10.0, 500.0)
    for k, s in zip(names, pop.spikes):
        single = run_preset(k, t_ms=500.0).spikes
        assert s.size == single.size, f"{k}: vectorised loop differs from the scalar loop"
        assert np.allclose(s, single, atol=1e-8)
    assert pop.counts.tolist() == [s.size for s in pop.spikes]


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


# --------------------------------------------------------------------------
# Atlas and rheobase
# --------------------------------------------------------------------------


def test_atlas_equals_single_neuron_runs_at_sampled_points():
    cs = np.linspace(-70, -45, 6)
    ds = np.linspace(0, 10, 5)
    seen = []
    m = iz.atlas("c", cs, "d", ds, {"a": 0.02, "b": 0.2}, 10.0, 500.0, progress=seen.append)
    assert m.shape == (ds.size, cs.size)
    assert seen[-1] == 1.0 and all(x <= y for x, y in zip(seen, seen[1:])), "progress not monotone"
    for j, i in [(0, 0), (2, 3), (4, 5), (1, 4), (3, 1)]:
        s = iz.simulate(0.02, 0.2, cs[i], ds[j], 10.0, 500.0, dt_ms=iz.ATLAS_DT_MS).spikes
        assert iz.FIRING_CLASSES[m[j, i]] == iz.classify_firing(s, 500.0), (
            f"atlas cell (c={cs[i]}, d={ds[j]}) disagrees with simulate")
    assert len(set(m.ravel())) >= 3, "the c-d map should show several firing classes"
    with pytest.raises(iz.Cancelled):
        iz.atlas("c", cs, "d", ds, {}, 10.0, 500.0, should_stop=lambda: True)


def test_rheobase_is_the_boundary_between_silence_and_firing():
    a, b, c, d = iz.PRESETS["RS"]
    r = iz.rheobase(a, b, c, d, t_ms=500.0)
    v0, u0 = iz.resting_state(a, b)
    fires = [iz.simulate(a, b, c, d, r + s, 500.0, v0=v0, u0=u0).spikes.size > 0
             for s in (-0.01, 0.01)]
    assert fires == [False, True], "bisection did not bracket the threshold"
    assert 0 < r < iz.saddle_node_current(b), "a step from rest fires below I_sn as u lags"


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


# --------------------------------------------------------------------------
# Protocols and module hygiene
# --------------------------------------------------------------------------


def test_protocols_build_the_documented_currents():
    t = grid(400.0)
    assert np.all(iz.protocol_current("constant", t, amp=3.0) == 3.0)
    step = iz.protocol_current("step", t, amp=5.0, onset_ms=100.0)
    assert step[t < 100].max() == 0 and step[t >= 100].min() == 5
    pulse = iz.protocol_current("pulse", t, amp=2.0, width_ms=2.0, onset_ms=50.0, count=2,
                                interval_ms=40.0)
    assert np.count_nonzero(np.diff(pulse) > 0) == 2, "pulse doublet should rise twice"
    ramp = iz.protocol_current("ramp", t, slope_per_ms=0.1, onset_ms=100.0)
    assert ramp[t == 300.0][0] == pytest.approx(20.0)
    neg = iz.protocol_current("negative_step", t)
    assert neg.min() == -10.0 and neg[-1] == 0.0


def test_protocol_names_and_parameters_are_validated_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown input protocol 'sine'.*constant"):
        iz.protocol_current("sine", np.arange(3.0))
    with pytest.raises(ValueError, match="no parameter.*amplitude"):
        iz.protocol_current("step", np.arange(3.0), amplitude=2)
    with pytest.raises(ValueError, match="must be a number"):
        iz.protocol_current("step", np.arange(3.0), amp="high")


def test_the_model_module_does_not_import_pygame():
    code = "import sys, game.sim.izhikevich; assert 'pygame' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


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


def test_the_population_run_takes_the_same_equations_as_the_single_run():
    a = np.array([0.02, 0.03])
    pop = iz.simulate_many(a, -0.1, -55.0, 6.0, 6.0, 300.0, eqs=iz.GL_EQUATIONS)
    for k in range(2):
        single = iz.simulate(a[k], -0.1, -55.0, 6.0, 6.0, 300.0, eqs=iz.GL_EQUATIONS).spikes
        assert np.allclose(pop.spikes[k], single, atol=1e-8)
    pop = iz.simulate_many(a, 1.0, -55.0, 4.0, 12.0, 300.0, u0=-16.0, eqs=iz.R_EQUATIONS)
    single = iz.simulate(0.02, 1.0, -55.0, 4.0, 12.0, 300.0, u0=-16.0, eqs=iz.R_EQUATIONS).spikes
    assert single.size > 0 and np.allclose(pop.spikes[0], single, atol=1e-8)


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
