"""Izhikevich (2004) Fig. 1: the 20 panels in the script's Euler scheme and the exact one
(game/sim/izhikevich/fig1.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.signal import argrelextrema

from game.sim import izhikevich as iz
from game.sim.izhikevich import fig1 as f1

#: Panels whose published picture depends on the script's Euler step: with a converged
#: integrator the feature they show changes (how: test_panels_p_q_s_t_change_...).
STEP_DEPENDENT = f1.STEP_DEPENDENT


def _window(s, lo, hi):
    return s[(s > lo) & (s < hi)]


def _tonic(r, p):
    s = r.spikes
    isi = np.diff(s)
    return s.size >= 4 and abs(isi[-1] - isi[-2]) < 0.1 * isi[-1] and p.t_end_ms - s[-1] < 1.5 * isi[-1]


def _classified(name, after_ms):
    return lambda r, p: iz.classify_firing(r.spikes[r.spikes > after_ms] - after_ms,
                                           p.t_end_ms - after_ms) == name


def _ramp_class(bifurcation, first_hz):
    """Fires on the ramp only after I(t) passes the bifurcation current, faster and faster,
    the first interval's rate inside ``first_hz`` (class 1 starts slow, class 2 fast)."""
    def check(r, p):
        s = r.spikes
        isi = np.diff(s)
        I_first = float(f1.panel_current(p.letter, s[:1])[0]) if s.size else -math.inf
        return (isi.size >= 5 and I_first > bifurcation(p) and np.all(np.diff(isi) <= p.tau_ms + 1e-9)
                and first_hz[0] < 1000.0 / isi[0] < first_hz[1])
    return check


def _sfa(r, p):
    isi = np.diff(r.spikes)
    return isi.size >= 4 and np.all(np.diff(isi) > 0) and isi[-1] > 5 * isi[0]


def _latency(r, p):
    return r.spikes.size == 1 and r.spikes[0] > 13.0 + 3.0      # the 3 ms pulse ends at 13 ms


def _subthreshold(r, p):
    m = r.t > 60.0
    v = r.v[m]
    peaks = v[argrelextrema(v, np.greater)[0]]
    rest = iz.equilibria(p.a, p.b, 0.0)[0]
    swing = peaks - rest.v
    return (r.spikes.size == 1 and rest.kind == "stable_focus" and peaks.size >= 3
            and np.all(swing > 0) and np.all(np.diff(swing) < 0))


def _resonator(r, p):
    s = r.spikes
    return _window(s, 40.0, 280.0).size == 0 and _window(s, 320.0, 400.0).size == 1


def _integrator(r, p):
    s = r.spikes
    return _window(s, 14.0, 40.0).size == 1 and _window(s, 70.0, 100.0).size == 0


def _rebound(n_min, n_max):
    return lambda r, p: n_min <= r.spikes.size <= n_max and r.spikes[0] > 25.0 and r.spikes[-1] < 150.0


def _threshold_variability(r, p):
    s = r.spikes
    return _window(s, 10.0, 70.0).size == 0 and _window(s, 80.0, 100.0).size == 1 and s.size == 1


def _bistability(r, p):
    s = r.spikes
    return s[0] > 37.5 and _window(s, 37.5, 216.0).size >= 3 and _window(s, 221.0, 300.0).size == 0


def _dap(r, p):
    after = r.v[(r.t > r.spikes[0]) & (r.t < r.spikes[0] + 5.0)]
    return r.spikes.size == 1 and after.max() > p.c + 5.0


def _accommodation(r, p):
    return _window(r.spikes, 0.0, 300.0).size == 0 and _window(r.spikes, 300.0, 320.0).size == 1


def _inhibition_induced(bursts):
    def check(r, p):
        s = r.spikes
        inside = _window(s, 50.0, 250.0)
        groups = iz.bursts(inside, 10.0)
        ok_bursts = len(groups) >= 2 and all(g.size >= 3 for g in groups) if bursts else not groups
        return inside.size >= 2 and inside.size == s.size and ok_bursts
    return check


FEATURE = {
    "A": _tonic, "B": _classified("phasic_spiking", 20.0), "C": _classified("tonic_bursting", 22.0),
    "D": _classified("phasic_bursting", 20.0), "E": _classified("mixed_mode", 16.0),
    "F": _sfa, "G": _ramp_class(lambda p: iz.saddle_node_current(p.b, p.eqs), (5.0, 30.0)),
    "H": _ramp_class(lambda p: iz.hopf_current(p.a, p.b, p.eqs), (40.0, 80.0)), "I": _latency,
    "J": _subthreshold, "K": _resonator, "L": _integrator, "M": _rebound(1, 1), "N": _rebound(3, 20),
    "O": _threshold_variability, "P": _bistability, "Q": _dap, "R": _accommodation,
    "S": _inhibition_induced(False), "T": _inhibition_induced(True),
}


def test_the_catalogue_has_all_twenty_panels_with_the_scripts_numbers():
    assert f1.LETTERS == tuple("ABCDEFGHIJKLMNOPQRST")
    assert tuple(p.feature for p in f1.PANELS.values()) == f1.FEATURES
    p = f1.PANELS["R"]
    assert (p.a, p.b, p.c, p.d, p.v0, p.u0, p.tau_ms, p.t_end_ms) == (0.02, 1, -55, 4, -65, -16, 0.5, 400)
    assert p.eqs == iz.R_EQUATIONS and f1.PANELS["G"].eqs == f1.PANELS["L"].eqs == iz.GL_EQUATIONS
    assert f1.PANELS["S"].u0 == -1 * -63.8 and f1.PANELS["Q"].tau_ms == 0.1
    assert f1.panel_current("P", [37.5, 38.0, 100.0, 216.5]).tolist() == [0.24, 1.24, 0.24, 1.24]
    assert f1.panel_current("R", [100.0, 250.0, 306.25, 320.0]).tolist() == [4.0, 0.0, 2.0, 0.0]
    with pytest.raises(ValueError, match="A-T"):
        f1.figure1("U")


@pytest.mark.parametrize("letter", f1.LETTERS)
def test_the_script_scheme_shows_every_panels_feature(letter):
    p = f1.PANELS[letter]
    assert FEATURE[letter](f1.figure1(letter, "figure1"), p), f"{letter} ({p.feature}) not shown by figure1.m's scheme"


@pytest.mark.parametrize("letter", [x for x in f1.LETTERS if x not in STEP_DEPENDENT])
def test_the_exact_scheme_shows_the_same_feature_where_the_step_does_not_matter(letter):
    p = f1.PANELS[letter]
    assert FEATURE[letter](f1.figure1(letter, "exact"), p), f"{letter} ({p.feature}) depends on the step"


def test_panels_p_q_s_t_change_their_feature_with_a_converged_integrator():
    assert STEP_DEPENDENT == ("P", "Q", "S", "T")
    runs = {x: f1.figure1(x, "exact") for x in STEP_DEPENDENT}
    for x, r in runs.items():
        assert not FEATURE[x](r, f1.PANELS[x]), f"{x} now shows its feature exactly: update docs/model.md"
    assert _window(runs["P"].spikes, 221.0, 300.0).size >= 2, "P: the pulse at 216 ms no longer stops firing"
    assert runs["Q"].spikes.size >= 5, "Q: the after-potential crosses threshold and the cell fires repetitively"
    assert _window(runs["S"].spikes, 250.0, 260.0).size == 1, "S: one more spike just after the release"
    assert runs["T"].spikes.size > 1000 and any("one spike per step" in n for n in runs["T"].notes), (
        "T: a < 0 with d < 0 runs away (u falls without bound) instead of bursting")


@pytest.mark.parametrize("letter", STEP_DEPENDENT)
def test_the_script_euler_converges_to_the_exact_scheme_as_its_step_shrinks(letter):
    import dataclasses
    p = f1.PANELS[letter]
    fine = f1._euler(dataclasses.replace(p, tau_ms=0.002))
    exact = f1.figure1(letter, "exact").spikes
    assert not FEATURE[letter](fine, p), "a fine Euler step should behave as the exact scheme"
    assert fine.spikes.size >= 3 and np.allclose(fine.spikes[:3], exact[:3], atol=0.2), (
        "the step dependence is Euler's error, not the model")


@pytest.mark.parametrize("letter", [x for x in f1.LETTERS if x != "T"])
def test_the_exact_scheme_is_converged_halving_dt_moves_no_spike_by_0_05_ms(letter):
    a = f1.figure1(letter, "exact").spikes
    b = f1.figure1(letter, "exact", dt_ms=f1.EXACT_DT_MS / 2).spikes
    assert a.size == b.size and (a.size == 0 or np.max(np.abs(a - b)) < 0.05)


def test_the_two_schemes_fire_the_same_number_of_spikes_where_timing_is_robust():
    same = "ABFGIJKLMOR"
    for x in same:
        e, x_run = f1.figure1(x, "figure1"), f1.figure1(x, "exact")
        assert e.spikes.size == x_run.spikes.size, x
        assert np.max(np.abs(e.spikes - x_run.spikes)) < 11.0, x


def _transcribed_G():
    """Panel G of figure1.m, line for line (tspan = 0:0.25:300 is exact in binary)."""
    a, b, c, d = 0.02, -0.1, -55, 6
    V = -60
    u = b * V
    VV, tau, T1 = [], 0.25, 30
    for t in np.arange(0, 300.0 + 1e-9, tau):
        I = 0.075 * (t - T1) if t > T1 else 0
        V = V + tau * (0.04 * V ** 2 + 4.1 * V + 108 - u + I)
        u = u + tau * a * (b * V - u)
        if V > 30:
            VV.append(30)
            V = c
            u = u + d
        else:
            VV.append(V)
    return np.array(VV, dtype=float)


def test_the_script_scheme_is_the_scripts_loop_sample_for_sample():
    r = f1.figure1("G", "figure1")
    assert np.array_equal(r.v, _transcribed_G())
    assert np.array_equal(r.spikes, r.t[r.v == 30.0])
    assert r.t.size == 1201 and r.t[-1] == 300.0


def test_matlab_colon_builds_the_range_from_both_ends():
    t = f1.matlab_colon(0.0, 0.1, 50.0)
    assert t.size == 501 and t[0] == 0.0 and t[-1] == 50.0
    assert t[250] == 25.0 and t[100] == 100 * 0.1 and t[400] == 50.0 - 100 * 0.1


def test_class_1_fires_from_zero_frequency_and_class_2_starts_at_a_finite_rate():
    def rate(p, I):
        s = iz.simulate(p.a, p.b, p.c, p.d, I, 4000.0, 0.1, v0=p.v0, u0=p.u0, eqs=p.eqs).spikes
        s = s[s > 2000.0]
        return 1000.0 * (s.size - 1) / (s[-1] - s[0]) if s.size > 1 else 0.0

    g, h = f1.PANELS["G"], f1.PANELS["H"]
    I_sn = iz.saddle_node_current(g.b, g.eqs)
    assert I_sn == pytest.approx(2.25) and math.isnan(iz.hopf_current(g.a, g.b, g.eqs))
    assert rate(g, I_sn - 0.01) == 0.0 and 0.0 < rate(g, I_sn + 0.02) < 2.0, "G: f-I from 0 Hz"
    I_H = iz.hopf_current(h.a, h.b)
    assert I_H == pytest.approx(0.40) and iz.saddle_node_current(h.b) == pytest.approx(0.4225)
    assert rate(h, I_H + 0.01) > 30.0, "H: firing starts at a finite rate near the Hopf current"
