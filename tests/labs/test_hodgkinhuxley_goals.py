"""The hodgkinhuxley lab's measures and the facts its levels state, computed with the lab's own runs.

Every number a level's "learned" text or hint gives is pinned here, with the
protocol the level uses (onset 5 ms, 0.1 ms samples), so a change of the
model or of a level that makes a sentence untrue fails a test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.labs.hodgkinhuxley import goals, runs
from game.sim import hodgkin_huxley as hh

BASE = {"I": 10.0, "width_ms": 1.0, "gap_ms": 10.0, "duration_ms": 20.0}


def run(protocol: str, t_ms: float, params=None, **values) -> runs.Result:
    v = {**BASE, **values}
    return runs.drain(runs.run_pieces(runs.input_current(protocol, v, 5.0, runs.grid(t_ms)), params))


# ------------------------------------------------------------------ the run in pieces

def test_a_run_in_pieces_is_one_simulate_call_sample_for_sample():
    drive = runs.input_current("pulse_pair", {**BASE, "I": 20.0}, 5.0, runs.grid(80.0))
    whole = hh.simulate(drive, 80.0, params={"temperature_c": 12.0})
    pieces = runs.drain(runs.run_pieces(drive, {"temperature_c": 12.0}, chunk=37))
    assert np.allclose(pieces.v, whole.v, atol=1e-9, rtol=0)
    assert np.allclose(pieces.n, whole.n, atol=1e-12, rtol=0)
    assert np.allclose(pieces.spikes, whole.spikes, atol=1e-9), "a spike across a piece's edge must not be lost"


def test_the_f_I_curve_in_pieces_gives_the_rates_of_the_simulators_own():
    class Job:
        def polite(self, f):
            return f

        def report(self, fraction):
            pass

    currents = [5.0, 6.5, 10.0, 20.0]
    ours = runs.hh_fi_curve(Job(), None, currents, t_ms=300.0, transient_ms=150.0)
    ref = hh.f_I_curve(currents, t_ms=300.0, transient_ms=150.0)
    assert np.allclose(ours.rates_hz, ref.rates_hz, atol=1e-9)
    assert ours.rates_hz[0] == 0.0 and ours.rates_hz[1] > 50.0, "class 2: nothing at 5, above 50 Hz at 6.5"


def test_the_morris_lecar_snic_curve_starts_from_zero_hz_near_40():
    class Job:
        def polite(self, f):
            return f

        def report(self, fraction):
            pass

    curve = runs.ml_fi_curve(Job(), (39.5, 40.0, 42.0, 50.0))
    assert curve.rates_hz[0] == 0.0
    assert 0.5 < curve.rates_hz[1] < 1.5, "just above the SNIC at 39.96 the period is about a second"
    assert curve.rates_hz[1] < curve.rates_hz[2] < curve.rates_hz[3] == pytest.approx(13.24, abs=0.05)


def test_the_reduced_plane_rests_at_minus_65_1_mV_as_a_stable_focus_and_is_unstable_at_10():
    rest = runs.plane_at(0.0, None).equilibria
    assert len(rest) == 1 and rest[0][0] == pytest.approx(-65.094, abs=1e-3) and rest[0][2] == "stable_focus"
    assert runs.plane_at(10.0, None).equilibria[0][2] == "unstable_focus"


def test_a_ramp_rises_from_zero_to_I_at_the_end_and_a_negative_step_applies_minus_I():
    t = runs.grid(100.0)
    ramp = runs.input_current("ramp", {**BASE, "I": 8.0}, 5.0, t)
    assert ramp[0] == 0.0 and ramp[-1] == pytest.approx(8.0)
    neg = runs.input_current("negative_step", {**BASE, "I": 3.0, "duration_ms": 20.0}, 5.0, t)
    assert neg[np.searchsorted(t, 10.0)] == -3.0 and neg[np.searchsorted(t, 25.0)] == 0.0


# ------------------------------------------------------------------ measures

def test_the_sustained_rate_needs_firing_to_the_end_of_the_run():
    assert runs.sustained_rate(np.array([160.0, 180.0, 200.0]), 210.0, 150.0) == pytest.approx(50.0)
    assert runs.sustained_rate(np.array([160.0, 180.0]), 300.0, 150.0) == 0.0, "a train that stopped"
    assert runs.sustained_rate(np.array([10.0, 200.0]), 210.0, 150.0) == 0.0, "one spike in the window"


def test_the_clamp_measures_read_the_sodium_current_at_its_peak_conductance():
    c = runs.clamp_record(-65.0, 0.0, 12.0, None)
    assert goals.na_at_peak_conductance(c, 1.0) == pytest.approx(-1456.8, abs=0.1)
    assert goals.na_at_peak_conductance(runs.clamp_record(-65.0, 50.0, 12.0, None), 1.0) == 0.0
    assert goals.na_at_peak_conductance(runs.clamp_record(-65.0, -80.0, 12.0, None), 1.0) is None, \
        "below threshold the channels stay shut: no reading"
    assert goals.inward_peak(c) == pytest.approx(1272.05, abs=0.01)
    assert goals.late_current(c) == pytest.approx(1884.93, abs=0.01)


# ------------------------------------------------------------------ level facts

def test_hh_01_a_1_ms_pulse_fires_from_6_92_and_late_near_threshold():
    assert run("pulse", 40.0, I=6.90).spikes.size == 0
    assert run("pulse", 40.0, I=6.92).spikes[0] == pytest.approx(12.4, abs=0.05)
    assert run("pulse", 40.0, I=6.95).spikes[0] == pytest.approx(10.6, abs=0.05)
    assert run("pulse", 40.0, I=0.0).v[-1] == pytest.approx(-65.0, abs=0.01)


def test_hh_02_repetitive_firing_starts_at_6_26_at_50_hz_and_8_spikes_die_out_at_6_25():
    below = run("step", 300.0, I=6.25)
    at = run("step", 300.0, I=6.26)
    assert below.spikes.size == 8 and goals.rate_of(below) == 0.0
    assert goals.rate_of(at) == pytest.approx(50.6, abs=0.1)
    assert hh.hopf_currents()[0] == pytest.approx(9.78, abs=0.01)


def test_hh_03_the_slowest_sustained_rate_is_about_50_hz_and_the_solution_fires_at_52_4():
    rates = [goals.rate_of(run("step", 300.0, I=I)) for I in (6.2, 6.26, 6.3, 12.0)]
    assert rates[0] == 0.0 and rates[1] == pytest.approx(50.6, abs=0.1)
    assert rates[2] == pytest.approx(52.4, abs=0.05) and rates[3] > 65.0, "the level starts above 1 star"


def test_hh_04_the_second_pulse_fires_from_a_gap_of_9_6_ms():
    assert run("pulse_pair", 80.0, I=20.0, gap_ms=9.6).spikes.size == 1
    assert run("pulse_pair", 80.0, I=20.0, gap_ms=9.65).spikes.size == 2


def test_hh_05_releasing_20_ms_of_hyperpolarisation_fires_from_2_80():
    assert run("negative_step", 70.0, I=2.79).spikes.size == 0
    spikes = run("negative_step", 70.0, I=2.80).spikes
    assert spikes.size == 1 and spikes[0] > 25.0, "the spike comes after the release"


def test_hh_06_the_sodium_current_peaks_at_0_62_ms_and_reverses_at_50_mV():
    c = runs.clamp_record(-65.0, 0.0, 12.0, None)
    on = c.t >= runs.CLAMP_ONSET_MS
    assert c.t[on][np.argmin(c.i_na[on])] - runs.CLAMP_ONSET_MS == pytest.approx(0.62, abs=0.005)
    signs = [np.sign(goals.na_at_peak_conductance(runs.clamp_record(-65.0, v, 12.0, None), 1.0)) for v in
             (40.0, 50.0, 60.0)]
    assert signs == [-1.0, 0.0, 1.0]
    assert abs(goals.na_at_peak_conductance(runs.clamp_record(-65.0, 49.0, 12.0, None), 1.0)) > 15.0, \
        "one mV off E_Na is not three stars"


def test_hh_07_ttx_removes_the_inward_current_and_tea_the_late_outward_one():
    def at(ttx, tea):
        c = runs.clamp_record(-65.0, 0.0, 12.0, {"ttx": ttx, "tea": tea})
        return goals.inward_peak(c), goals.late_current(c)
    assert at(0, 0) == pytest.approx((1272.0, 1884.9), abs=0.1)
    inward, late = at(1, 0)
    assert inward == 0.0 and late == pytest.approx(1900.5, abs=0.1)
    inward, late = at(0, 1)
    assert inward == pytest.approx(1440.5, abs=0.1) and late == pytest.approx(0.8, abs=0.05)
    assert at(1, 1)[1] == pytest.approx(16.3, abs=0.05), "only the leak is left"


def test_hh_08_warming_narrows_the_spike_until_it_no_longer_rises_above_0_mV_near_27():
    widths = [goals.first_width(run("pulse", 40.0, {"temperature_c": T}, I=20.0)) for T in (6.3, 10, 15, 20)]
    assert widths == pytest.approx([1.18, 0.77, 0.44, 0.24], abs=0.005)
    assert goals.first_width(run("pulse", 40.0, {"temperature_c": 26.0}, I=20.0)) > 0
    assert goals.first_width(run("pulse", 40.0, {"temperature_c": 27.0}, I=20.0)) is None
    assert run("pulse", 40.0, {"temperature_c": 27.6}, I=20.0).spikes.size == 0


def test_every_goal_type_has_a_unit_and_misses_are_infinite():
    assert set(goals.GOALS) == {"min_current", "min_gap", "slowest_rate", "spike_width", "reversal",
                                "inward_peak"}
    assert all(k.unit is not None for k in goals.GOALS.values())
    assert math.isinf(goals.MISS)
