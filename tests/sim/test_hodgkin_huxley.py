"""Hodgkin-Huxley model (game/sim/hodgkin_huxley.py, hh_kernel, hh_analysis, hh_reduced):
rates, equilibria and bifurcations, convergence against solve_ivp, the textbook
facts with the numbers this model computes, voltage clamp, the reduction, bad input.

Literature values quoted in comments: Hodgkin & Huxley (1952); Rinzel & Miller
(1980) for I_nu = 6.26 (fold of the limit cycles) and the Hopf points 9.78 and
154.5 uA/cm^2; Izhikevich (2007) ch. 7 for class 2 and bistability.
"""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from game.sim import hh_analysis as ha
from game.sim import hh_kernel as hk
from game.sim import hh_reduced as hr
from game.sim import hodgkin_huxley as hh
from game.sim import inputs, planar
from game.sim import spikes as sp


def grid(t_ms, dt_ms=hh.DEFAULT_DT_MS):
    return np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms


# --------------------------------------------------------------------------
# An independent reference: the textbook equations, straight into solve_ivp
# --------------------------------------------------------------------------


def textbook_rhs(I, phi=1.0, gNa=120.0, gK=36.0):
    def rhs(t, y):
        V, m, h, n = y
        am = 0.1 * (V + 40.0) / (1.0 - math.exp(-(V + 40.0) / 10.0))
        bm = 4.0 * math.exp(-(V + 65.0) / 18.0)
        ah = 0.07 * math.exp(-(V + 65.0) / 20.0)
        bh = 1.0 / (1.0 + math.exp(-(V + 35.0) / 10.0))
        an = 0.01 * (V + 55.0) / (1.0 - math.exp(-(V + 55.0) / 10.0))
        bn = 0.125 * math.exp(-(V + 65.0) / 80.0)
        i_ion = gNa * m ** 3 * h * (V - 50.0) + gK * n ** 4 * (V + 77.0) + 0.3 * (V + 54.387)
        return [I - i_ion, phi * (am * (1 - m) - bm * m), phi * (ah * (1 - h) - bh * h),
                phi * (an * (1 - n) - bn * n)]
    return rhs


def reference_spikes(I, t_ms, y0, phi=1.0, dense=False):
    """0 mV upward crossings located by solve_ivp's event finder (DOP853, rtol 1e-10)."""
    def cross(t, y):
        return y[0]
    cross.direction = 1
    sol = solve_ivp(textbook_rhs(I, phi), (0.0, t_ms), y0, method="DOP853", rtol=1e-10,
                    atol=1e-12, events=cross, dense_output=dense)
    return sol


# --------------------------------------------------------------------------
# Parameters and rates
# --------------------------------------------------------------------------


def test_the_defaults_are_the_squid_axon_at_6_3_degrees_in_the_modern_convention():
    p = hh.Params()
    assert (p.C, p.gNa, p.gK, p.gL, p.ENa, p.EK, p.EL) == (1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387)
    assert p.temperature_c == 6.3 and p.phi == 1.0 and (p.ttx, p.tea) == (0.0, 0.0)


def test_rest_is_minus_64_9964_mV_and_its_gates_are_the_steady_states_there():
    y = hh.rest_state()
    # E_L = -54.387 is chosen in the literature to put rest at -65 mV; the model says -64.99638
    assert y[0] == pytest.approx(-64.996379, abs=1e-6)
    assert y[1:] == pytest.approx([0.0529551, 0.5959941, 0.3177324], abs=1e-7)
    assert abs(float(hh.steady_current(y[0]))) < 1e-10, "rest must carry no net current"


def test_there_is_one_equilibrium_for_every_input_because_the_steady_current_rises_with_V():
    V = np.linspace(-1000.0, 1000.0, 200_001)
    assert np.all(np.diff(hh.steady_current(V)) > 0)
    for I in (-500.0, -20.0, 0.0, 30.0, 500.0):
        assert float(hh.steady_current(hh.rest_state(I=I)[0])) == pytest.approx(I, abs=1e-9)


def test_phi_is_three_to_the_power_of_the_temperature_rise_over_ten_degrees():
    assert hh.Params(temperature_c=16.3).phi == pytest.approx(3.0)
    assert hh.Params(temperature_c=26.3).phi == pytest.approx(9.0)
    am1, *_ = hh.rates(-50.0, 1.0)
    am3, *_ = hh.rates(-50.0, 3.0)
    assert am3 == pytest.approx(3.0 * am1)


def _g_decimal(u):
    """u / (1 - exp(-u)) to 40 digits."""
    getcontext().prec = 40
    u = Decimal(u)
    return float(u / (1 - (-u).exp())) if u != 0 else 1.0


@pytest.mark.parametrize("v0, which, scale", [(-40.0, 0, 1.0), (-55.0, 4, 0.1)])
def test_alpha_m_and_alpha_n_are_exact_through_their_removable_singularities(v0, which, scale):
    dv = np.concatenate([-np.logspace(-15, 1, 60), [0.0], np.logspace(-15, 1, 60)])
    V = v0 + dv
    got = hh.rates(V)[which]
    # the sum v0 + dv rounds dv; compare at the u = (V - v0) / 10 the code really sees
    want = np.array([scale * _g_decimal(u) for u in (V - v0) / 10.0])
    assert np.all(np.isfinite(got))
    assert np.max(np.abs(got / want - 1.0)) < 2e-15, "a jump or a 0/0 near the singularity"


def test_the_rates_are_smooth_across_the_series_switch_and_the_singularity():
    V = -40.0 + np.linspace(-0.5, 0.5, 20001)
    am = hh.rates(V)[0]
    second = np.diff(am, 2)
    # alpha_m'' is about 1/60 per mV^2, so the second difference is about 4e-12 here
    assert np.max(np.abs(second - np.median(second))) < 1e-13, "a kink in alpha_m near -40 mV"


def test_no_rate_overflows_or_turns_nan_for_any_finite_voltage():
    V = np.concatenate([np.linspace(-1e4, 1e4, 2001), [-1e308, 1e308, -7e3, 7e3]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):     # underflow to 0 is fine
        r = hh.rates(V, phi=40.0)
        A, B = hk.gate_flow(V, 0.1, 40.0)
        slopes = hk.rate_slopes(V, 40.0)
    assert all(np.all(np.isfinite(x)) and np.all(x >= 0) for x in r)
    assert all(np.all(np.isfinite(x)) for x in slopes)
    assert np.all((A >= 0) & (A <= 1) & (B >= 0) & (B <= 1) & (A + B <= 1 + 1e-12))


@pytest.mark.parametrize("phi", [1.0, 40.0])
def test_the_tabulated_gate_steps_are_within_3_5e_7_of_the_exact_ones(phi):
    h = 0.1 / math.sqrt(phi)
    table = hk._tables(h, phi)[0]
    V = np.random.default_rng(1).uniform(-199.0, 149.0, 100_000)
    exact = [hk.gate_flow(V, step, phi) for step in (h / 2, h / 4)]
    want = np.hstack([exact[0][0].T, exact[0][1].T, exact[1][0].T, exact[1][1].T])
    assert np.max(np.abs(hk._coeffs(table, V, h, phi) - want)) < 3.5e-7
    off = np.array([-250.0, 160.0, -1e4])                # off the table: exact
    got = hk._coeffs(table, off, h, phi)
    assert np.array_equal(got[:, :3], hk.gate_flow(off, h / 2, phi)[0].T)


def test_the_jacobian_is_the_derivative_of_the_vector_field():
    rng = np.random.default_rng(3)
    p = hh.Params(temperature_c=12.0, ttx=0.2)
    for _ in range(20):
        y = np.array([rng.uniform(-90, 40), *rng.uniform(0.05, 0.95, 3)])
        I = 3.0

        def f(z):
            return np.array(textbook_rhs(I, p.phi, gNa=p.g_na)(0.0, z))
        J = np.empty((4, 4))
        for k in range(4):
            e = np.zeros(4)
            e[k] = 1e-6 * max(1.0, abs(y[k]))
            J[:, k] = (f(y + e) - f(y - e)) / (2 * e[k])
        assert np.allclose(hh.jacobian(y, p), J, rtol=1e-6, atol=1e-7)


def test_parameters_outside_their_limits_are_clamped_with_a_note_and_garbage_is_refused():
    p, notes = hh.clamp_params({"temperature_c": 80.0, "gL": 0.0, "tea": -1.0})
    assert (p.temperature_c, p.gL, p.tea) == (45.0, 0.01, 0.0)
    assert notes == ("gL = 0 clamped to 0.01", "temperature_c = 80 clamped to 45",
                     "tea = -1 clamped to 0")
    with pytest.raises(ValueError, match="unknown"):
        hh.clamp_params({"gCa": 1.0})
    with pytest.raises(ValueError, match="finite"):
        hh.clamp_params({"gNa": math.nan})


# --------------------------------------------------------------------------
# The scheme: convergence and consistency
# --------------------------------------------------------------------------


@pytest.mark.parametrize("I, count", [(7.0, 12), (10.0, 14), (20.0, 18)])
def test_spike_times_lie_within_0_05_ms_of_solve_ivp_over_200_ms(I, count):
    y0 = hh.rest_state()
    ref = reference_spikes(I, 200.0, y0).t_events[0]
    run = hh.simulate(I, 200.0, params=None, y0=y0)
    assert ref.size == count and run.spikes.size == count
    assert np.max(np.abs(run.spikes - ref)) < 0.05


def test_the_internal_step_shrinks_with_temperature_so_20_degrees_stays_accurate():
    p = hh.Params(temperature_c=20.0)
    assert hh.substeps(hh.DEFAULT_DT_MS, p.phi) == 3
    y0 = hh.rest_state(p)
    ref = reference_spikes(20.0, 100.0, y0, phi=p.phi).t_events[0]
    run = hh.simulate(20.0, 100.0, params=p)
    assert run.spikes.size == ref.size == 29
    assert np.max(np.abs(run.spikes - ref)) < 0.05


def test_the_interpolated_0_mV_crossing_costs_under_0_005_ms_at_the_default_step():
    sol = reference_spikes(10.0, 200.0, hh.rest_state(), dense=True)
    t = grid(200.0)
    crossings = sp.upward_crossings(t, sol.sol(t)[0])
    assert np.max(np.abs(crossings - sol.t_events[0])) < 0.005


def test_over_a_second_of_firing_the_spike_times_drift_by_0_002_ms_per_spike():
    ref = reference_spikes(10.0, 1000.0, hh.rest_state()).t_events[0]
    run = hh.simulate(10.0, 1000.0)
    assert run.spikes.size == ref.size == 69
    drift = np.abs(run.spikes - ref)
    # the error is a slow phase drift (a period 0.0017 ms too long, 1e-4 relative)
    assert drift.max() < 0.13 and drift.max() / ref.size < 0.002
    assert sp.steady_rate(run.spikes, 200.0) == pytest.approx(sp.steady_rate(ref, 200.0), abs=0.01)


def test_a_run_continued_from_its_end_state_is_the_run_in_one_piece():
    t = grid(300.0)
    I = inputs.protocol_current("noise", t, mean=8.0, sd=4.0, seed=1)
    whole = hh.simulate(I, 300.0)
    first = hh.simulate(I[:1501], 150.0)
    second = hh.simulate(I[1500:], 150.0, y0=first.state_end)
    assert np.allclose(np.concatenate([first.v, second.v[1:]]), whole.v, atol=1e-9)
    assert np.allclose(np.concatenate([first.spikes, 150.0 + second.spikes]), whole.spikes, atol=1e-9)


def test_simulate_many_and_f_I_curve_give_what_simulate_gives():
    t = grid(150.0)
    drive = np.column_stack([inputs.protocol_current("step", t, amp=a, onset_ms=10.0)
                             for a in (3.0, 8.0, 30.0)])
    many = hh.simulate_many(drive, 150.0)
    for k in range(3):
        one = hh.simulate(drive[:, k], 150.0)
        assert np.allclose(many.v[:, k], one.v, atol=1e-8)
        assert np.allclose(many.spikes[k], one.spikes, atol=1e-9)
    fi = hh.f_I_curve([10.0], t_ms=150.0)
    assert np.allclose(fi.spikes[0], hh.simulate(10.0, 150.0).spikes, atol=1e-9)


def test_currents_and_gates_of_a_run_are_consistent_with_the_voltage():
    run = hh.simulate(10.0, 50.0, dt_ms=0.01)
    C_dv = np.gradient(run.v, run.t)
    ionic = run.i_na + run.i_k + run.i_l
    inner = slice(5, -5)
    # C dV/dt = I - I_ion, to the accuracy of a centred difference on 0.01 ms samples
    err = np.abs(C_dv[inner] - (run.I - ionic)[inner])
    assert err.max() < 0.005 * np.abs(C_dv).max()
    assert np.all((run.m >= 0) & (run.m <= 1) & (run.h >= 0) & (run.h <= 1))
    assert run.i_na.min() < -500 and run.i_k.max() > 300, "Na inward and K outward during spikes"


# --------------------------------------------------------------------------
# Excitability: class 2 onset, the bistable window, block
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def onset():
    return ha.firing_onset(lo=6.0, hi=6.5, tol=0.01, t_ms=2000.0)


def test_repetitive_firing_from_rest_starts_at_6_26_with_a_jump_to_50_Hz(onset):
    # Rinzel & Miller (1980): I_nu = 6.26; the rate at onset is finite (class 2)
    assert onset.current == pytest.approx(6.26, abs=0.011)
    assert onset.rate_hz == pytest.approx(50.4, abs=0.3)
    below = hh.f_I_curve([onset.current - 0.02], t_ms=2000.0, transient_ms=1000.0)
    assert below.rates_hz[0] == 0.0, "just below the onset the train dies: no slow firing"


def test_the_f_I_curve_rises_from_its_jump_and_runs_at_68_Hz_at_10():
    fi = hh.f_I_curve([5.0, 6.3, 10.0, 20.0, 40.0, 60.0], t_ms=1000.0)
    assert fi.rates_hz[0] == 0.0 and fi.rates_hz[1] > 50.0
    assert np.all(np.diff(fi.rates_hz[1:]) > 0)
    assert fi.rates_hz[2] == pytest.approx(68.31, abs=0.05)


def test_the_hopf_currents_from_the_jacobian_are_9_775_and_154_52():
    H = hh.hopf_currents()
    assert H == pytest.approx([9.7754, 154.5224], abs=1e-4)
    for I, freq in zip(H, (93.3, 169.2)):
        ev = np.linalg.eigvals(hh.jacobian(hh.rest_state(I=I)))
        pair = ev[np.argmax(np.abs(ev.imag))]
        assert abs(pair.real) < 1e-9, "a complex pair sits on the imaginary axis at a Hopf point"
        assert abs(pair.imag) / (2 * np.pi) * 1000 == pytest.approx(freq, abs=0.1)
        others = ev[np.abs(ev.imag) < 1e-12]
        assert np.all(others.real < 0)


def test_between_the_fold_and_the_lower_hopf_rest_and_firing_coexist(onset):
    currents = np.array([7.0, 8.5, 9.7])
    from_rest = hh.f_I_curve(currents, t_ms=1000.0, y0=[hh.rest_state(I=c) for c in currents])
    from_spike = hh.f_I_curve(currents, t_ms=1000.0, y0=onset.state)
    assert all(s.size == 0 for s in from_rest.spikes), "rest must be stable below the Hopf current"
    assert np.all(from_rest.amplitude_mv < 1e-3)
    assert np.all(from_spike.sustained) and np.all(from_spike.rates_hz > 50.0)


def test_the_fold_of_the_limit_cycles_is_the_step_threshold_6_26(onset):
    fold = ha.cycle_fold(tol=0.01, t_ms=2500.0, onset=onset, below=0.5)
    assert fold.current == pytest.approx(6.26, abs=0.011)
    assert fold.rate_hz == pytest.approx(50.4, abs=0.3)


def test_above_the_lower_hopf_a_tiny_kick_off_rest_grows_into_firing():
    y = hh.rest_state(I=12.0)
    y[0] += 0.01
    run = hh.simulate(12.0, 600.0, y0=y)
    assert run.spikes.size > 5 and sp.steady_rate(run.spikes, 400.0) > 70.0


def test_spikes_reach_0_mV_up_to_62_9_and_the_oscillation_dies_at_the_upper_hopf():
    assert ha.spike_ceiling(lo=55.0, hi=70.0, tol=0.05) == pytest.approx(62.87, abs=0.06)
    fi = hh.f_I_curve([100.0, 153.0, 154.0, 160.0], t_ms=2000.0, level_mv=-100.0)
    a100, a153, a154, a160 = fi.amplitude_mv
    assert a100 > 20.0 and 0.5 < a154 < a153 < a100, "the oscillation shrinks as I grows"
    # supercritical Hopf at 154.52: amplitude ~ sqrt(I_H - I)
    assert a153 / a154 == pytest.approx(math.sqrt((154.5224 - 153.0) / (154.5224 - 154.0)), rel=0.05)
    assert a160 < 1e-3, "depolarisation block: a stable depolarised rest above 154.5"
    assert hh.rest_state(I=160.0)[0] == pytest.approx(-42.763, abs=1e-3)


# --------------------------------------------------------------------------
# Other textbook facts
# --------------------------------------------------------------------------


def test_releasing_a_hyperpolarising_step_fires_a_rebound_spike_above_2_8():
    # checked against solve_ivp (DOP853, rtol 1e-10): no spike at 2.79, a spike at 2.80
    assert ha.anode_break_threshold(20.0, lo=2.5, hi=3.0, tol=0.01) == pytest.approx(2.795, abs=0.011)
    t = grid(80.0)
    I = inputs.protocol_current("negative_step", t, amp=-10.0, onset_ms=10.0, offset_ms=40.0)
    run = hh.simulate(I, 80.0)
    assert run.spikes.size == 1 and 40.0 < run.spikes[0] < 50.0, "the spike follows the release"


def test_the_second_pulse_of_a_pair_fails_when_it_comes_less_than_9_6_ms_after_the_first():
    gap = ha.refractory_gap(amp=20.0, width_ms=1.0, lo=5.0, hi=15.0, tol=0.01)
    assert gap == pytest.approx(9.60, abs=0.02)
    t = grid(60.0)
    for g, count in ((gap - 0.5, 1), (gap + 0.5, 2)):
        I = inputs.protocol_current("pulse_pair", t, amp=20.0, width_ms=1.0, gap_ms=g, onset_ms=5.0)
        assert hh.simulate(I, 60.0).spikes.size == count


def test_warming_shortens_the_spike_and_raises_the_rate_until_the_spike_fails_near_27_6_degrees():
    widths, rates = [], []
    for T in (6.3, 10.0, 15.0):
        run = hh.simulate(10.0, 300.0, params={"temperature_c": T})
        widths.append(ha.spike_widths(run).mean())
        rates.append(sp.steady_rate(run.spikes, 100.0))
    assert widths == pytest.approx([0.93, 0.60, 0.33], abs=0.02)
    assert rates == pytest.approx([68.3, 96.3, 147.1], abs=0.2)
    assert hh.simulate(10.0, 300.0, params={"temperature_c": 20.0}).spikes.size > 50
    assert hh.simulate(10.0, 300.0, params={"temperature_c": 22.0}).spikes.size == 1, \
        "tonic firing under I = 10 stops between 20 and 22 deg C"
    # a 1 ms pulse of 20 uA/cm^2 (2.9 times its threshold at 6.3 deg C, pinned below)
    assert ha.failure_temperature(20.0, 1.0, lo=20.0, hi=35.0, tol=0.05) == pytest.approx(27.57, abs=0.06)


def test_a_1_ms_pulse_fires_from_6_92_uA_per_cm2():
    t = grid(30.0)

    def fires(amps):
        drive = np.column_stack([inputs.protocol_current("pulse", t, amp=a, onset_ms=5.0, width_ms=1.0)
                                 for a in amps])
        return np.array([s.size > 0 for s in hh.simulate_many(drive, 30.0).spikes])
    lo, hi = ha.bracket(fires, 5.0, 10.0, 0.001)
    assert hi == pytest.approx(6.9195, abs=0.001)


def test_ttx_abolishes_the_spike_and_tea_broadens_it():
    t = grid(50.0)
    pulse = inputs.protocol_current("pulse", t, amp=20.0, width_ms=1.0, onset_ms=5.0)
    assert hh.simulate(pulse, 50.0, params={"ttx": 1.0}).spikes.size == 0
    assert hh.simulate(10.0, 200.0, params={"ttx": 1.0}).spikes.size == 0
    assert hh.simulate(pulse, 50.0, params={"ttx": 0.75}).v.max() < -45.0
    widths = [ha.spike_widths(hh.simulate(pulse, 50.0, params={"tea": b}))[0]
              for b in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert np.all(np.diff(widths) > 0), "the less K current, the slower the repolarisation"
    assert widths[0] == pytest.approx(1.18, abs=0.01) and widths[-1] == pytest.approx(2.79, abs=0.01)


# --------------------------------------------------------------------------
# Voltage clamp
# --------------------------------------------------------------------------


def test_the_clamped_gates_follow_their_closed_form_as_solve_ivp_integrates_them():
    c = hh.voltage_clamp(-65.0, -10.0, 12.0, onset_ms=1.0, offset_ms=7.0)
    x0 = np.array(hh.steady_states(-65.0)[:3])

    def gates(v):
        def rhs(t, x):
            r = hh.rates(v)
            return [r[0] * (1 - x[0]) - r[1] * x[0], r[2] * (1 - x[1]) - r[3] * x[1],
                    r[4] * (1 - x[2]) - r[5] * x[2]]
        return rhs
    on = c.t[(c.t >= 1.0) & (c.t <= 7.0)]
    a = solve_ivp(gates(-10.0), (1.0, 7.0), x0, t_eval=on, rtol=1e-11, atol=1e-13)
    after = c.t[c.t >= 7.0]
    b = solve_ivp(gates(-65.0), (7.0, 12.0), a.y[:, -1], t_eval=after, rtol=1e-11, atol=1e-13)
    X = np.vstack([c.m, c.h, c.n])
    assert np.allclose(X[:, (c.t >= 1.0) & (c.t <= 7.0)], a.y, atol=1e-9)
    assert np.allclose(X[:, c.t >= 7.0], b.y, atol=1e-9)
    assert np.allclose(X[:, c.t < 1.0], x0[:, None], atol=1e-15)


def test_under_clamp_the_sodium_current_is_a_transient_that_reverses_at_E_Na():
    peaks = {}
    for v in (-20.0, 0.0, 50.0, 70.0):
        c = hh.voltage_clamp(-65.0, v, 10.0, onset_ms=1.0)
        i_na = c.i_na[c.t >= 1.0]
        peaks[v] = i_na[np.argmax(np.abs(i_na))]
        if v < 50.0:
            late = np.abs(i_na[-1])
            assert late < 0.1 * abs(peaks[v]), "inactivation ends the sodium current"
    assert peaks[-20.0] < 0 and peaks[0.0] < 0, "inward below E_Na"
    assert peaks[50.0] == 0.0 and peaks[70.0] > 0, "zero at E_Na = 50 mV, outward above"


def test_under_clamp_the_potassium_current_rises_late_and_stays():
    c = hh.voltage_clamp(-65.0, 0.0, 12.0, onset_ms=1.0)
    on = c.t >= 1.0
    i_k, i_na, t = c.i_k[on], c.i_na[on], c.t[on] - 1.0
    assert i_k[-1] > 1800 and np.all(np.diff(i_k) >= 0), "delayed rectifier: rises and stays"
    # n^4 makes the rise sigmoid: steepest 1.57 ms after the step, long after I_Na peaked
    # (0.62 ms); a single first-order gate would rise fastest at the step itself
    assert t[np.argmax(np.diff(i_k))] == pytest.approx(1.57, abs=0.02)
    assert t[np.argmin(i_na)] == pytest.approx(0.62, abs=0.02)


# --------------------------------------------------------------------------
# The reduced (V, n) plane
# --------------------------------------------------------------------------


def test_the_line_h_0_89_minus_1_1_n_follows_the_full_model_during_firing():
    run = hh.simulate(10.0, 300.0)
    on = run.t > 100.0
    dev = run.h[on] - (hr.H_INTERCEPT - hr.H_SLOPE * run.n[on])
    assert np.sqrt(np.mean(dev ** 2)) < 0.015 and np.max(np.abs(dev)) < 0.065
    assert 0.38 < run.n[on].min() and run.n[on].max() < 0.76, "spikes stay where 0 <= h <= 0.89"
    slope, intercept = np.polyfit(run.n[on], run.h[on], 1)
    assert (slope, intercept) == pytest.approx((-1.073, 0.870), abs=0.002)


def test_m_is_at_least_3_2_times_faster_than_h_and_n_and_23_times_at_rest():
    V = np.linspace(-100.0, 50.0, 1501)
    _, _, _, tau_m, tau_h, tau_n = hh.steady_states(V)
    ratio = np.minimum(tau_h, tau_n) / tau_m
    assert ratio.min() == pytest.approx(3.18, abs=0.01)
    _, _, _, tau_m, tau_h, tau_n = hh.steady_states(-65.0)
    assert min(tau_h, tau_n) / tau_m == pytest.approx(23.05, abs=0.01)


def test_the_reduced_field_is_the_full_one_on_the_reduction_manifold():
    rng = np.random.default_rng(5)
    V = rng.uniform(-90, 40, 50)
    n = rng.uniform(0.1, 0.8, 50)
    dV, dn = hr.reduced(4.0)(V, n)
    m_inf = hh.steady_states(V)[0]
    for k in range(50):
        full = textbook_rhs(4.0)(0.0, [V[k], m_inf[k], 0.89 - 1.1 * n[k], n[k]])
        assert dV[k] == pytest.approx(full[0], rel=1e-9, abs=1e-9)
        assert dn[k] == pytest.approx(full[3], rel=1e-9, abs=1e-12)


def test_the_reduced_nullclines_are_exact_and_meet_at_its_equilibrium():
    f = hr.reduced(0.0)
    v_null, n_null = hr.reduced_nullclines(0.0)
    inside = [line[(line[:, 1] >= 0) & (line[:, 1] <= 1)] for line in v_null]
    pts = np.concatenate([x for x in inside if x.size])
    assert np.max(np.abs(f(pts[:, 0], pts[:, 1])[0])) < 1e-9
    assert np.max(np.abs(f(n_null[0][:, 0], n_null[0][:, 1])[1])) < 1e-12
    (eq,) = planar.equilibria(f, (-100.0, 60.0), (0.0, 1.0))
    assert eq.kind == "stable_focus"
    # the reduction moves rest by 0.1 mV: h = 0.89 - 1.1 n is 0.54 at rest, not 0.596
    assert eq.point == pytest.approx([-65.094, 0.3162], abs=1e-3)


def test_the_reduced_rest_loses_stability_at_6_75_earlier_than_the_full_models_9_78():
    def trace(I):
        (eq,) = planar.equilibria(hr.reduced(I), (-100.0, 60.0), (0.0, 1.0))
        return np.trace(eq.jacobian), eq.kind
    assert trace(6.74)[1] == "stable_focus" and trace(6.77)[1] == "unstable_focus"
    # a Hopf point: the trace changes sign between them while the determinant stays positive
    assert trace(6.75)[0] < 0 < trace(6.755)[0]


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_the_model_modules_do_not_import_pygame():
    import subprocess
    import sys
    code = ("import sys, game.sim.hodgkin_huxley, game.sim.hh_analysis, game.sim.hh_reduced, "
            "game.sim.inputs, game.sim.spikes; assert 'pygame' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_bad_inputs_are_refused_or_clamped_with_notes():
    with pytest.raises(ValueError, match="NaN"):
        hh.simulate(np.full(11, np.nan), 1.0)
    with pytest.raises(ValueError, match="time grid"):
        hh.simulate(np.zeros(5), 1.0)
    with pytest.raises(ValueError, match="dt_ms"):
        hh.simulate(0.0, 1.0, dt_ms=0.0)
    run = hh.simulate(5000.0, 5.0, y0=[2000.0, 1.5, -0.2, 0.5])
    assert "I clamped to [-1000, 1000] uA/cm^2" in run.notes
    assert "V0 clamped to +-1000 mV" in run.notes and "gates of y0 clamped to [0, 1]" in run.notes
    assert np.all(np.isfinite(run.v))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(I=st.floats(-1e6, 1e6), T=st.floats(-50, 100), gL=st.floats(0, 20), gNa=st.floats(0, 1e3),
       ttx=st.floats(-1, 2), v0=st.floats(-1e5, 1e5))
def test_no_run_within_or_beyond_the_limits_ever_shows_nan(I, T, gL, gNa, ttx, v0):
    y0 = [v0, 0.1, 0.5, 0.4]
    run = hh.simulate(I, 5.0, params={"temperature_c": T, "gL": gL, "gNa": gNa, "ttx": ttx}, y0=y0)
    for a in (run.v, run.m, run.h, run.n, run.i_na, run.i_k, run.i_l):
        assert np.all(np.isfinite(a))
    many = hh.simulate_many([I, -I], 5.0, params={"temperature_c": T, "gL": gL}, y0=y0)
    assert np.all(np.isfinite(many.v))
