"""Izhikevich lab without a window: scoring at and around thresholds, the level schema, the model side."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from game import paths
from game.core.level import sandbox_level
from game.labs import LABS
from game.labs.izhikevich import goals, schema
from game.labs.izhikevich.neuron import base_values, input_current, note_keys
from game.catalog import level_from_dict, load_folder
from game.levels import LevelError
from game.core.scoring import stars_for
from game.sim import izhikevich as izh

MISS = math.inf


def train(isis, start=10.0):
    """Spike times from a start and a list of intervals (ms)."""
    return start + np.concatenate([[0.0], np.cumsum(isis)])


def burst_train(per_burst, period_ms, t_ms=1000.0, isi_ms=3.0, start=5.0):
    """Bursts of ``per_burst`` spikes ``isi_ms`` apart, one every ``period_ms``."""
    onsets = np.arange(start, t_ms - per_burst * isi_ms, period_ms)
    return (onsets[:, None] + isi_ms * np.arange(per_burst)[None, :]).ravel()


SPEC = LABS["izhikevich"]


def _model(fixed, **values):
    """A headless model of a level with this fixed part, no sliders and no goal, run with ``values``."""
    model = SPEC.new_model(sandbox_level("izhikevich", fixed, {}, schema.Controls(), schema.Solution()))
    if values:
        model.values.set_base(values)
        model.recompute()
    return model


# ------------------------------------------------------------------ goals


@pytest.mark.parametrize("n,stars", [(30, 3), (31, 3), (29, 3), (28, 2), (27, 2), (26, 1), (24, 1),
                                     (23, 0), (11, 0)])
def test_rate_error_of_n_spikes_in_one_second_against_thirty_hz(n, stars):
    s = np.linspace(10, 990, n)
    err = goals.rate_error(s, 1000.0, 30.0)
    assert err == pytest.approx(abs(n - 30))
    assert stars_for(err, "lower", (6, 3, 1)) == stars


def test_rate_error_counts_from_the_window_start_and_misses_an_empty_window():
    s = np.arange(0, 1000, 10.0)                            # 100 Hz
    assert goals.rate_error(s, 1000.0, 100.0, from_ms=500.0) == pytest.approx(0.0)
    assert goals.rate_error(s, 1000.0, 100.0, from_ms=1000.0) == MISS


@pytest.mark.parametrize("k,stars", [(2, 1), (3, 2), (4, 3), (5, 3)])
def test_burst_size_of_regular_bursts_is_their_spike_count(k, stars):
    s = burst_train(k, 60.0, 500.0)
    score = goals.burst_size(s, 500.0)
    assert score == pytest.approx(k)
    assert stars_for(score, "higher", (2, 3, 4)) == stars


def test_burst_size_is_zero_for_a_fast_continuous_train_and_for_mixed_mode():
    fast = np.arange(0, 500, 2.0)                          # one giant "burst" by grouping alone
    assert izh.spikes_per_burst(fast) > 100
    assert goals.burst_size(fast, 500.0) == 0.0
    mixed = np.concatenate([[5.0, 8.0, 11.0], np.arange(60, 500, 40.0)])
    assert izh.classify_firing(mixed, 500.0) == "mixed_mode"
    assert goals.burst_size(mixed, 500.0) == 0.0


@pytest.mark.parametrize("n,stars", [(30, 3), (29, 2), (26, 2), (25, 1), (20, 1), (19, 0)])
def test_burst_rate_counts_bursts_per_second(n, stars):
    onsets = np.linspace(1.0, 980.0, n)
    s = (onsets[:, None] + 2.5 * np.arange(3)[None, :]).ravel()
    score = goals.burst_rate(s, 1000.0, min_spikes=3)
    assert score == pytest.approx(n)
    assert stars_for(score, "higher", (20, 26, 30)) == stars


def test_burst_rate_ignores_doublets_when_three_spikes_are_required():
    s = burst_train(2, 25.0, 1000.0, isi_ms=2.5)
    assert goals.burst_rate(s, 1000.0, min_spikes=3) == 0.0
    assert goals.burst_rate(s, 1000.0, min_spikes=2) == pytest.approx(40.0, abs=1.0)


def test_isi_lengthening_is_steady_minus_first_interval():
    isis = [4.0] + [6.0] * 5 + [7.0] * 3                   # last third: three 7 ms intervals
    s = train(isis, start=0.0)
    assert goals.isi_lengthening(s, 60.0, min_rate_hz=0) == pytest.approx(3.0)
    assert goals.isi_lengthening(s, 1000.0, min_rate_hz=100) == MISS   # 10 spikes in 1 s
    assert goals.isi_lengthening([1.0, 5.0], 100.0) == MISS


@pytest.mark.parametrize("extra,stars", [(3.5, 3), (3.51, 2), (5.0, 2), (5.01, 1), (8.0, 1), (8.01, 0)])
def test_isi_lengthening_at_the_fast_spiking_thresholds(extra, stars):
    isis = [5.0] + [5.0 + extra] * 60
    s = train(isis, start=0.0)
    score = goals.isi_lengthening(s, 1000.0, min_rate_hz=50)
    assert score == pytest.approx(extra)
    assert stars_for(score, "lower", (8, 5, 3.5)) == stars


@pytest.mark.parametrize("gap,fired,stars", [(0.0, True, 3), (0.1, True, 3), (0.1001, True, 2), (0.3, True, 2),
                                             (0.3001, True, 1), (1.0, True, 1), (1.0001, True, 0),
                                             (-0.1, False, 0)])
def test_rheobase_gap_scores_only_firing_inputs(gap, fired, stars):
    score = goals.rheobase_gap(gap, fired, 0.0)           # rheobase 0: the gap is I itself, exactly
    assert score == (gap if fired else MISS)
    assert stars_for(score, "lower", (1.0, 0.3, 0.1)) == stars


def test_rheobase_gap_is_the_distance_above_the_rheobase():
    assert goals.rheobase_gap(2.75, True, 2.7107) == pytest.approx(0.0393)
    assert goals.rheobase_gap(2.70, False, 2.7107) == MISS
    assert goals.rheobase_gap(3.0, True, math.inf) == MISS


def test_spike_count_counts_a_half_open_window():
    s = [10.0, 100.0, 200.0, 300.0]
    assert goals.spike_count(s) == 4
    assert goals.spike_count(s, 100.0, 300.0) == 2
    assert [stars_for(goals.spike_count(s[:n]), "lower", (6, 2, 0)) for n in (0, 1, 2, 3)] == [3, 2, 2, 1]


@pytest.mark.parametrize("spikes,score", [([64.0], 0.0), ([64.0, 180.0, 300.0], 2.0), ([40.0], MISS),
                                          ([101.0], MISS), ([], MISS), ([50.0], 0.0)])
def test_phasic_extra_needs_the_first_spike_soon_after_onset(spikes, score):
    assert goals.phasic_extra(spikes, onset_ms=50.0, latency_ms=50.0) == score


@pytest.mark.parametrize("spikes,score", [([257.0], 7.0), ([257.0, 263.0], 7.0), ([100.0, 257.0], MISS),
                                          ([], MISS), ([250.0], 0.0)])
def test_rebound_latency_forbids_spikes_before_the_release(spikes, score):
    assert goals.rebound_latency(spikes, 250.0) == score


def test_match_gamma_is_one_for_the_recording_itself_and_about_zero_for_chance():
    rec = np.arange(5.0, 300.0, 30.0)
    assert goals.match_gamma(rec, rec, 300.0, 4.0) == pytest.approx(1.0)
    assert stars_for(goals.match_gamma(rec, rec, 300.0, 4.0), "higher", (0.3, 0.6, 0.9)) == 3
    shifted = rec + 15.0                                   # same rate, never within 4 ms
    assert goals.match_gamma(shifted, rec, 300.0, 4.0) < 0.0


# ------------------------------------------------------------------ the model side


def test_input_current_uses_minus_abs_I_for_inhibition_and_ends_a_ramp_at_I():
    t = np.arange(0, 1000.2, 0.2)
    neg = input_current({"kind": "negative_step", "onset_ms": 50.0, "offset_ms": 250.0}, 7.0, t)
    assert neg[0] == 0.0 and neg[int(100 / 0.2)] == -7.0 and neg[int(300 / 0.2)] == 0.0
    ramp = input_current({"kind": "ramp"}, 12.0, t)
    assert ramp[0] == pytest.approx(0.0) and ramp[-1] == pytest.approx(12.0)
    step = input_current({"kind": "step", "onset_ms": 100.0}, 5.0, t)
    assert step[int(99 / 0.2)] == 0.0 and step[int(101 / 0.2)] == 5.0


def test_notes_of_the_simulator_become_translation_keys_with_their_numbers():
    run = izh.simulate(0.02, 0.2, 40.0, 8.0, 10.0, 100.0)
    keys = note_keys(run.notes)
    assert keys[0] == ("izhikevich.note.c_peak", {"value": "40", "to": "29"})
    assert note_keys(["u reached the clamp +-10000", "d = -200000 clamped to -10000", "?"]) == [
        ("izhikevich.note.u_clamp", {}), ("izhikevich.note.clamped", {"name": "d", "value": "-200000",
                                                                      "to": "-10000"}),
        ("izhikevich.note.other", {"text": "?"})]


def test_start_at_rest_sits_on_the_stable_equilibrium_and_stays_there():
    r = _model(schema.Fixed(preset="RS", start="rest", t_ms=200), I=0.0).result
    rest = izh.resting_state(0.02, 0.2, 0.0)
    assert r.start == pytest.approx(rest)
    assert np.ptp(r.run.v) < 1e-6 and len(r.run.spikes) == 0


def test_start_at_rest_without_a_resting_state_falls_back_and_says_so():
    r = _model(schema.Fixed(a=0.02, b=0.3, c=-65, d=8, start="rest", t_ms=100)).result   # b = 0.3: no rest at 0
    assert r.start == (-65.0, 0.3 * -65.0)
    assert ("izhikevich.note.no_rest", {}) in r.notes


def test_extreme_parameters_give_finite_runs_and_notes_without_warnings():
    fixed = schema.Fixed(a=-1.0, b=5.0, c=60.0, d=-50.0, I=500.0, t_ms=500)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = _model(fixed).result
    for arr in (r.run.v, r.run.u, r.current, r.run.spikes):
        assert np.isfinite(arr).all()
    keys = {k for k, _ in r.notes}
    assert "izhikevich.note.c_peak" in keys, "c above the peak must be clamped and reported"


CAMPAIGN = [lv for lv in load_folder(paths.CAMPAIGN).levels if lv.kind == "izhikevich"]


def _level_model(level_id, **values):
    """A headless model of the campaign level ``level_id`` with the tunables ``values``, its run computed."""
    level = next(lv for lv in CAMPAIGN if lv.id == level_id)
    model = SPEC.new_model(level)
    for name, value in values.items():
        model.set_param(name, value)
    model.settle()
    return level, model


def test_there_are_at_least_eight_izhikevich_levels_and_the_designs_burst_level():
    assert len(CAMPAIGN) >= 8
    burst = next(lv for lv in CAMPAIGN if lv.id == "izh-02-burst")
    assert set(burst.params) == {"c", "d"} and burst.goal.type == "spikes_per_burst"
    assert burst.solution.values() == {"c": -50.0, "d": 2.0}


@pytest.mark.parametrize("level", CAMPAIGN, ids=lambda lv: lv.id)
def test_level_defaults_score_below_three_stars_and_the_solution_earns_three(level):
    g = level.goal
    start = SPEC.new_model(level).score()
    assert stars_for(start, g.better, g.stars) < 3, f"{level.id} starts at {start}"
    model = SPEC.new_model(level)
    SPEC.scripts.solve(model)
    best = model.score()
    assert stars_for(best, g.better, g.stars) == 3, f"{level.id} solution scores {best}"


# ------------------------------------------------------------------ the level schema


def _level(**over):
    data = {"schema": 1, "id": "izh-test", "kind": "izhikevich",
            "title": {"en": "T", "zh": "题"}, "brief": {"en": "B", "zh": "简"}, "learned": {"en": "L", "zh": "学"},
            "fixed": {"preset": "RS"}, "params": {"I": {"default": 5, "min": 0, "max": 20, "step": 0.5}},
            "goal": {"type": "firing_rate", "target_hz": 30, "better": "lower", "stars": [6, 3, 1]}}
    for k, v in over.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return data


def _problems(**over) -> list[str]:
    with pytest.raises(LevelError) as err:
        level_from_dict(_level(**over))
    return err.value.problems


def test_a_minimal_level_loads_with_its_defaults():
    lv = level_from_dict(_level())
    assert base_values(lv.fixed) == {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "I": 10.0}
    assert lv.fixed.protocol == {"kind": "constant"} and lv.fixed.t_ms == 1000.0


def test_an_unknown_preset_is_named_with_a_suggestion():
    (p,) = _problems(fixed={"preset": "ch"})
    assert "unknown preset 'ch'; did you mean 'CH'?" in p and p.startswith("fixed.preset")
    (p,) = _problems(fixed={"preset": "XYZ"})
    assert "presets: RS, IB, CH, FS, LTS, TC, RZ" in p


@pytest.mark.parametrize("protocol,message", [
    ({"kind": "stepp"}, "protocol.kind = 'stepp' is not a protocol; did you mean 'step'?"),
    ({"kind": "step", "width_ms": 5}, "protocol 'step' has no parameter(s) width_ms"),
    ({"kind": "step", "onset_ms": "soon"}, "protocol.onset_ms must be a number, got 'soon'"),
    ({"kind": "step", "amp": 5}, "protocol.amp: the amplitude is the level's I"),
    ({"kind": "pulse", "count": 2.5}, "protocol.count = 2.5 must be a whole number"),
    ({"kind": "negative_step", "onset_ms": 300, "offset_ms": 100}, "offset_ms must come after"),
    ({"kind": "step", "onset_ms": -5}, "protocol.onset_ms = -5 must lie in [0, 2000] ms"),
    ("step", "protocol must be a table"),
    ({"kind": 3}, "protocol.kind must be one of constant, step, pulse, ramp, negative_step"),
])
def test_a_malformed_protocol_gets_one_clear_message(protocol, message):
    (p,) = _problems(fixed={"preset": "RS", "protocol": protocol})
    assert message in p and p.startswith("fixed.protocol")


def test_values_outside_the_lab_limits_and_doubly_set_values_are_refused():
    problems = _problems(fixed={"c": -500, "I": 5})
    assert any("c = -500 is outside this lab's limits [-150, 60]" in p for p in problems)
    problems = _problems(fixed={"I": 5})
    assert problems == ["I is both fixed.I and params.I; keep one"]


def test_c_above_the_peak_and_negative_d_load_so_a_level_can_show_what_breaks():
    lv = level_from_dict(_level(fixed={"a": 0.02, "b": 0.2, "c": 40, "d": -5}))
    assert lv.fixed.c == 40 and lv.fixed.d == -5


def test_goals_that_need_a_protocol_or_a_rest_start_say_so():
    (p,) = _problems(goal={"type": "rebound_latency", "better": "lower", "stars": [25, 12, 8]})
    assert "needs a protocol that ends" in p
    problems = _problems(goal={"type": "rheobase", "better": "lower", "stars": [1, 0.3, 0.1]})
    assert any('needs a constant protocol and fixed.start = "rest"' in p for p in problems)
    (p,) = _problems(goal={"type": "phasic", "better": "lower", "stars": [3, 1, 0]})
    assert "needs a protocol with an onset" in p


def test_solution_values_must_be_tunables_inside_their_range():
    problems = _problems(solution={"I": 50, "c": -50})
    assert "solution.I = 50 is outside [0, 20]" in problems
    assert "solution.c is not a tunable of this level" in problems


def test_an_unknown_goal_type_suggests_the_closest():
    (p,) = _problems(goal={"type": "firing_rat", "better": "lower", "stars": [6, 3, 1]})
    assert "did you mean 'firing_rate'?" in p


def test_a_match_goal_validates_its_hidden_target():
    (p,) = _problems(goal={"type": "match_trace", "target": {"preset": "QQ"}, "better": "higher",
                           "stars": [0.3, 0.6, 0.9]})
    assert p.startswith("goal.target.preset") and "unknown preset 'QQ'" in p


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10)
_keys = st.sampled_from(["preset", "a", "b", "c", "d", "I", "t_ms", "protocol", "start", "v0", "u0", "kind",
                         "onset_ms", "offset_ms", "count", "target", "type", "stars", "better", "window_ms"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(["fixed", "goal", "solution", "controls", "params"]),
       data=st.dictionaries(_keys, _values | st.dictionaries(_keys, _values, max_size=4), max_size=5))
def test_random_izhikevich_tables_load_or_raise_level_error_only(table, data):
    base = _level(goal={"type": "match_trace", "target": {"c": -58}, "better": "higher", "stars": [0.3, 0.6, 0.9]},
                  fixed={"preset": "RS", "protocol": {"kind": "step", "onset_ms": 50}})
    base[table] = data
    try:
        level_from_dict(base)
    except LevelError as err:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)


# ------------------------------------------------------------------ Fig. 1 panels, new goals, levels 10-13


def test_persistent_firing_counts_from_the_kick_to_the_last_spike_if_silent_before():
    assert goals.persistent_firing([205.0, 400.0, 1900.0], 200.0) == pytest.approx(1700.0)
    assert goals.persistent_firing([150.0, 205.0, 1900.0], 200.0) == 0.0, "a spike before the kick scores 0"
    assert goals.persistent_firing([], 200.0) == 0.0
    assert stars_for(goals.persistent_firing([202.2], 200.0), "higher", (300, 1000, 1500)) == 0


def test_onset_rate_is_the_rate_of_the_first_interval():
    assert goals.onset_rate([100.0, 200.0, 210.0]) == pytest.approx(10.0)
    assert goals.onset_rate([100.0]) == MISS and goals.onset_rate([]) == MISS


def test_weakest_pair_scores_the_amplitude_only_when_the_second_pulse_fires():
    assert goals.weakest_pair([95.0], 0.56, 50.0, 41.0) == pytest.approx(0.56)
    assert goals.weakest_pair([60.0], 0.56, 50.0, 41.0) == MISS, "fired by the first pulse alone"
    assert goals.weakest_pair([], 0.56, 50.0, 41.0) == MISS


def test_switch_off_counts_spikes_after_the_second_pulse_once_firing_started():
    s = [44.0, 83.0, 122.0, 161.0]
    assert goals.switch_off(s, 37.5, 130.0, 5.0) == 0.0
    assert goals.switch_off(s, 37.5, 100.0, 5.0) == 1.0, "161 ms: after the pulse of 137.5-142.5 ms"
    assert goals.switch_off([44.0], 37.5, 130.0, 5.0) == MISS, "the first pulse must start the firing"


def test_level_10_scores_only_inside_the_bistable_window_below_the_hopf_current():
    I_H = izh.hopf_current(0.02, 0.2)
    scored = []
    for base in np.round(np.arange(3.70, 3.90, 0.005), 3):
        level, m = _level_model("izh-10-bistable-window", base=base)
        if stars_for(m.score(), "higher", level.goal.stars) == 3:
            scored.append(base)
    assert scored == [3.775, 3.78, 3.785, 3.79, 3.795], "three stars exactly in the window [3.7744, I_H)"
    assert scored[-1] < I_H < scored[-1] + 0.005


def test_level_11_class_2_h_starts_at_40_hz_or_more_and_class_1_g_can_start_slowly():
    for I in (2.0, 5.0, 20.0):
        level, m = _level_model("izh-11-start-slowly", I=I)
        assert m.neuron.panel == "H" and m.score() >= 40.0
    level, m = _level_model("izh-11-start-slowly", I=4.0)
    m.load_panel("G")
    m.restart()
    assert m.neuron.eqs == izh.GL_EQUATIONS and m.neuron.protocol["kind"] == "ramp", "the level's ramp stays"
    assert m.score() < 8.0
    level, m = _level_model("izh-11-start-slowly", I=20.0)
    m.load_panel("G")
    m.restart()
    assert 8.0 < m.score() < 15.0


def _pair_threshold(interval):
    """Weakest amplitude (0.005 grid) at which the level-12 pair fires after its second pulse."""
    for I in np.round(np.arange(0.5, 0.7, 0.005), 3):
        level, m = _level_model("izh-12-resonant-pair", interval_ms=interval, I=I)
        if m.score() != MISS:
            return I
    return None


def test_level_12_the_pair_fires_with_the_weakest_pulses_one_resonant_period_apart():
    assert [_pair_threshold(x) for x in (40.0, 41.0, 42.0)] == [0.55, 0.55, 0.55]
    assert _pair_threshold(30.0) is None, "30 ms apart the pair is no better than one pulse (0.67)"
    assert _pair_threshold(50.0) == pytest.approx(0.6)
    rest = izh.equilibria(0.1, 0.26, 0.0)[0]
    assert rest.kind == "stable_focus" and 2 * math.pi / rest.eigenvalues[0].imag == pytest.approx(41.0, abs=0.1)


def test_level_13_a_second_pulse_stops_the_firing_only_5_5_to_8_5_ms_after_a_spike():
    works = []
    for interval in np.arange(100.0, 240.0, 0.5):
        level, m = _level_model("izh-13-switch-off", interval_ms=interval)
        r = m.result
        if m.score() == 0.0:
            second = 37.5 + interval
            works.append(second - r.run.spikes[r.run.spikes < second][-1])
    assert len(works) >= 12 and 5.5 <= min(works) and max(works) <= 8.6, works
    level, m = _level_model("izh-13-switch-off", interval_ms=178.5)
    assert m.score() >= 4, "the published timing keeps firing in the exact model"


def test_a_figure1_panel_fills_what_the_level_does_not_fix():
    lv = level_from_dict(_level(fixed={"figure1": "r"}, params={"I": {"default": 8, "min": 0, "max": 10, "step": 0.5}}))
    n = SPEC.new_model(lv).neuron
    assert lv.fixed.figure1 == "R" and n.eqs == izh.R_EQUATIONS and n.t_ms == 400.0
    assert n.start(n.params())[0] == (-65.0, -16.0) and n.protocol == {"kind": "figure1", "panel": "R"}
    assert (n.params()["a"], n.params()["b"]) == (0.02, 1.0)
    assert np.allclose(n.current(), input_current(n.protocol_now(), 8.0, n.t))
    lv = level_from_dict(_level(fixed={"figure1": "R", "a": 0.05, "t_ms": 300}))
    n = SPEC.new_model(lv).neuron
    assert n.params()["a"] == 0.05 and n.t_ms == 300.0, "what the level sets stays"


def test_a_panels_own_input_in_the_lab_is_figure1s_exact_scheme():
    for letter in ("G", "K", "R"):
        r = _model(schema.Fixed(figure1=letter)).result.run
        ref = izh.figure1(letter, "exact", dt_ms=0.2)
        assert np.allclose(r.spikes, ref.spikes, atol=1e-9), letter


def test_figure1_and_protocol_tunable_mistakes_are_named():
    problems = _problems(fixed={"preset": "RS", "figure1": "G"})
    assert "fixed.preset and fixed.figure1 both set a, b, c, d; keep one" in problems
    (p,) = _problems(fixed={"figure1": "Z"})
    assert "panel letter of Fig. 1 (A-T)" in p
    problems = _problems(fixed={"preset": "RS", "protocol": {"kind": "figure1"}})
    assert any("needs fixed.figure1" in p for p in problems)
    problems = _problems(params={"interval_ms": {"default": 20, "min": 5, "max": 80, "step": 1}})
    assert any("params.interval_ms needs a protocol that has interval_ms" in p for p in problems)
    problems = _problems(fixed={"preset": "RS", "protocol": {"kind": "pulse"}},
                         goal={"type": "switch_off", "better": "lower", "stars": [4, 1, 0]})
    assert any('needs two pulses' in p for p in problems)
    problems = _problems(solution={"figure1": "G", "I": 5})
    assert any("needs that panel in controls.figure1" in p for p in problems)
