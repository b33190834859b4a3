"""Presets of Izhikevich (2003) Fig. 2 and their published behaviour (game/sim/izhikevich/presets.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

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
