"""Hopfield lab without a window: goal scores at their star thresholds, the level
schema's messages for bad files, and the lab model's runs (reproducible, energy
never rising, 2-cycles detected)."""

from __future__ import annotations

import copy
import math
import tomllib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.labs.hopfield import goals
from game.labs import LABS
from game.catalog import level_from_dict, load_level
from game.levels import LevelError
from game.core.scoring import stars_for
from game.sim import hopfield as hf
from game.sim import patterns as pt

SPEC = LABS["hopfield"]
LEVEL_FILES = sorted(paths.CAMPAIGN.glob("hop-*.toml"))
N = 256


def flipped(xi: np.ndarray, k: int) -> np.ndarray:
    """``xi`` with its first ``k`` units flipped."""
    s = xi.copy()
    s[:k] *= -1
    return s


@pytest.fixture(scope="module")
def A() -> np.ndarray:
    return pt.pattern("A", (16, 16))


def stars(level_id: str, score: float) -> int:
    goal = load_level(paths.CAMPAIGN / f"{level_id}.toml").goal
    return stars_for(score, goal.better, goal.stars)


# --------------------------------------------------------------------- goals

def test_distance_counts_differing_units_in_percent(A):
    assert goals.distance_pct(A, A) == 0.0
    assert goals.distance_pct(flipped(A, 64), A) == pytest.approx(25.0)
    assert goals.cells_changed(flipped(A, 7), A) == 7
    with pytest.raises(ValueError):
        goals.distance_pct(A, A[:10])


def test_recall_score_is_the_final_overlap_once_the_start_is_noisy_enough(A):
    # 20 % of 256 is 51.2 cells; Corrupt flips round(51.2) = 51, and that must count
    assert goals.recall_score(flipped(A, 51), A, A, 20) == 1.0
    assert goals.recall_score(flipped(A, 50), A, A, 20) == 0.0, "a start closer than 20 % must score 0"
    assert goals.recall_score(flipped(A, 60), flipped(A, 8), A, 20) == pytest.approx(1 - 16 / N)
    assert stars("hop-01-first-recall", 1.0) == 3
    assert stars("hop-01-first-recall", 1 - 2 / N) == 2
    assert stars("hop-01-first-recall", 0.0) == 0


def test_basin_score_is_the_start_distance_when_the_target_is_recalled(A):
    assert goals.basin_score(flipped(A, 113), A, A) == pytest.approx(113 / N * 100)
    assert stars("hop-02-two-memories", goals.basin_score(flipped(A, 113), A, A)) == 3   # 44.1 %
    assert stars("hop-02-two-memories", goals.basin_score(flipped(A, 112), A, A)) == 2   # 43.75 %
    assert stars("hop-02-two-memories", goals.basin_score(flipped(A, 102), A, A)) == 1   # 39.8 %
    assert stars("hop-02-two-memories", goals.basin_score(flipped(A, 103), A, A)) == 2   # 40.2 %
    assert stars("hop-02-two-memories", goals.basin_score(flipped(A, 76), A, A)) == 0    # 29.7 %
    assert goals.basin_score(flipped(A, 120), flipped(A, 20), A) == 0.0, "not recalled must score 0"


def test_crowded_score_counts_stored_patterns_only_when_the_stored_target_is_recalled(A):
    assert goals.crowded_score(8, True, A, A) == 8
    assert [stars("hop-03-crowded-memory", n) for n in (4, 5, 6, 7, 8, 9)] == [0, 1, 1, 2, 3, 3]
    assert goals.crowded_score(8, False, A, A) == 0, "forgetting the target cannot win"
    assert goals.crowded_score(8, True, flipped(A, 7), A) == 0, "overlap 0.945 is below tol 0.95"
    assert goals.crowded_score(8, True, flipped(A, 6), A) == 8


def test_flips_score_counts_changed_cells_and_a_failed_run_scores_nothing(A):
    given = flipped(A, 115)
    start = given.copy()
    start[:5] *= -1
    assert goals.flips_score(start, given, A, A) == 5
    assert [stars("hop-04-fewest-flips", k) for k in (4, 5, 6, 10, 11, 20, 21)] == [3, 3, 2, 2, 1, 1, 0]
    assert goals.flips_score(start, given, flipped(A, 100), A) == math.inf
    assert stars("hop-04-fewest-flips", math.inf) == 0


def test_escape_score_is_half_in_a_three_mixture_and_one_at_a_pattern_or_its_inverse():
    X = pt.pattern_set(["A", "H", "X"], (16, 16))
    mix = hf.mixture_state(X, [0, 1, 2])
    assert goals.escape_score(mix, X) == pytest.approx(0.625)
    assert stars("hop-05-anneal-escape", goals.escape_score(mix, X)) == 0
    assert goals.escape_score(X[1], X) == 1.0 and goals.escape_score(-X[2], X) == 1.0
    assert stars("hop-05-anneal-escape", 0.98) == 2
    assert goals.escape_score(X[0], np.zeros((0, N))) == 0.0


def test_inverse_score_is_the_start_distance_when_the_run_lands_on_minus_target(A):
    assert goals.inverse_score(flipped(A, 143), -A, A) == pytest.approx(143 / N * 100)    # 55.9 %
    assert stars("hop-06-negative", goals.inverse_score(flipped(A, 143), -A, A)) == 3
    assert stars("hop-06-negative", goals.inverse_score(flipped(A, 144), -A, A)) == 2     # 56.25 %
    assert stars("hop-06-negative", goals.inverse_score(flipped(A, 192), -A, A)) == 1     # 75 %
    assert stars("hop-06-negative", goals.inverse_score(flipped(A, 193), -A, A)) == 0
    assert goals.inverse_score(flipped(A, 143), A, A) == math.inf, "landing on +A is a miss"


def test_cycle_score_counts_blinking_units(A):
    assert goals.cycle_score(A, None) == 0
    assert goals.cycle_score(A, -A) == N
    assert goals.cycle_score(A, flipped(A, 40)) == 40
    assert [stars("hop-07-sync-cycle", v) for v in (0, 63, 64, 255, 256)] == [0, 0, 1, 2, 3]


# -------------------------------------------------------------------- schema

BASE = tomllib.loads((paths.CAMPAIGN / "hop-02-two-memories.toml").read_text(encoding="utf-8"))


def problems(**changes) -> list[str]:
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    with pytest.raises(LevelError) as err:
        level_from_dict(data)
    return err.value.problems


def test_every_campaign_level_loads_and_builds_its_network():
    assert len(LEVEL_FILES) >= 6
    for f in LEVEL_FILES:
        lv = load_level(f)
        model = SPEC.new_model(lv)
        assert model.s.shape == (model.n,) and np.all(np.abs(model.s) == 1)


def test_inline_pattern_of_the_wrong_size_names_the_field_and_both_sizes():
    msgs = problems(fixed__patterns=["H", {"name": "bar", "rows": ["#" * 16] * 3}])
    assert any("fixed.patterns[1].rows: has 3 rows but fixed.size is 16x16" in m for m in msgs), msgs
    msgs = problems(fixed__patterns=["H", {"name": "bar", "rows": ["#" * 15] * 16}])
    assert any("rows have 15 characters but fixed.size is 16x16" in m for m in msgs), msgs


def test_inline_pattern_with_a_bad_character_names_row_and_column():
    rows = ["." * 16] * 16
    rows[2] = "..x" + "." * 13
    msgs = problems(fixed__patterns=["H", {"name": "bad", "rows": rows}])
    assert any("row 3, column 3: 'x' is neither on '#' nor off '.'" in m for m in msgs), msgs


def test_inline_patterns_use_the_declared_on_and_off_symbols():
    rows = ["o" * 8 + "-" * 8] * 16
    data = copy.deepcopy(BASE)
    data["fixed"].update(on="o", off="-", patterns=["H", "N", {"name": "half", "rows": rows}])
    lv = level_from_dict(data)
    model = SPEC.new_model(lv)
    half = model.X[model.names.index("half")].reshape(16, 16)
    assert (half[:, :8] == 1).all() and (half[:, 8:] == -1).all()


def test_more_patterns_than_the_lab_maximum_is_refused():
    msgs = problems(fixed__patterns=list("ABCDEFGHIJKLMNOPQ"))
    assert any("has 17 patterns; the lab shows at most 16" in m for m in msgs), msgs
    msgs = problems(fixed__patterns=list("ABCDEFGHIJ"), fixed__random=7)
    assert any("more than the lab's maximum of 16" in m for m in msgs), msgs


def test_annealing_temperatures_must_be_positive():
    msgs = problems(fixed__anneal={"T0": 0.0, "T1": 0.05})
    assert any(m.startswith("fixed.anneal.T0: must be a temperature > 0, got 0") for m in msgs), msgs
    msgs = problems(fixed__anneal={"T0": 1.0, "T1": -0.1})
    assert any(m.startswith("fixed.anneal.T1: must be a temperature > 0") for m in msgs), msgs
    msgs = problems(params__anneal_T0={"default": 0.5, "min": 0, "max": 1, "step": 0.1},
                    controls__anneal=True)
    assert any("params.anneal_T0.min = 0 is outside this lab's limits" in m for m in msgs), msgs


def test_unknown_names_and_even_mixtures_get_clear_messages():
    msgs = problems(fixed__patterns=["H", "blob"])
    assert any("fixed.patterns[1] = 'blob' is not a known pattern" in m for m in msgs), msgs
    msgs = problems(fixed__target="Q")
    assert any("fixed.target = 'Q' is not in the gallery (H, N)" in m for m in msgs), msgs
    msgs = problems(fixed__start={"mixture": ["H", "N", "H", "N"]})
    assert any("needs an odd number" in m for m in msgs), msgs


def test_goals_that_need_a_target_or_synchronous_updates_say_so():
    data = copy.deepcopy(BASE)
    del data["fixed"]["target"]
    with pytest.raises(LevelError, match='needs fixed.target'):
        level_from_dict(data)
    msgs = problems(goal={"type": "cycle", "better": "higher", "stars": [1, 2, 3]})
    assert any('needs synchronous updates' in m for m in msgs), msgs


def test_the_storkey_rule_is_refused_on_grids_where_learning_would_stall_the_game():
    msgs = problems(fixed__size=[32, 32], fixed__rule="storkey")
    assert any('fixed.rule = "storkey" is offered up to 576 units' in m for m in msgs), msgs


def test_solution_cells_outside_the_grid_are_refused():
    msgs = problems(controls__paint=True, solution={"paint_on": [[3, 16]]})
    assert any("solution.paint_on[0] = [3, 16] is outside the 16x16 grid" in m for m in msgs), msgs


hop_values = st.recursive(
    st.none() | st.booleans() | st.integers(-40, 40) | st.floats(allow_nan=True) |
    st.sampled_from(["A", "x", "#", "", "sync", "heart", "R1"]) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["name", "rows", "pattern", "noise_pct", "mixture", "T0", "T1", "sweeps", "fill"]),
        inner, max_size=3),
    max_leaves=10)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["size", "patterns", "stored", "target", "start", "anneal", "random", "on", "off",
                            "rule", "mode", "T", "noise_pct", "speed"]),
       value=hop_values, section=st.sampled_from(["fixed", "solution", "controls", "goal"]))
def test_mutated_hopfield_levels_load_or_raise_level_error_and_build(key, value, section):
    data = copy.deepcopy(BASE)
    table = data.setdefault(section, {})
    table[key] = value
    try:
        lv = level_from_dict(data)
    except LevelError as err:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)
        return
    model = SPEC.new_model(lv)
    assert np.all(np.abs(model.s) == 1)


# --------------------------------------------------------------------- model

def run(model, schedule=None):
    model.begin(schedule)
    for _ in range(500):
        out = model.advance(model.n // 3)
        if out is not None:
            return out
    raise AssertionError("run did not settle in 500 chunks")


def test_the_same_level_and_actions_reproduce_the_same_run():
    lv = load_level(paths.CAMPAIGN / "hop-02-two-memories.toml")
    a, b = SPEC.new_model(lv), SPEC.new_model(lv)
    assert np.array_equal(a.s, b.s), "the level's start must come from its seed"
    a.corrupt(44)
    b.corrupt(44)
    assert np.array_equal(a.s, b.s)
    oa, ob = run(a), run(b)
    assert np.array_equal(oa.final, ob.final) and oa.sweeps == ob.sweeps
    assert np.array_equal(a.trace.arrays()[1], b.trace.arrays()[1])
    first = a.s.copy()
    a.corrupt(44)
    assert not np.array_equal(a.s, first), "each Corrupt press draws new cells"


def test_asynchronous_zero_temperature_energy_never_rises_and_ends_at_a_fixed_point():
    lv = load_level(paths.CAMPAIGN / "hop-03-crowded-memory.toml")
    model = SPEC.new_model(lv)
    out = run(model)
    t, e = model.trace.arrays()
    assert np.all(np.diff(e) <= 1e-9), "the energy is a Lyapunov function of asynchronous updates"
    assert np.all(np.diff(t) >= 0)
    assert out.kind == "fixed_point" and hf.is_fixed_point(model.W, out.final)
    assert model.classify()[0] == "spurious", "eleven correlated letters crowd E into a mixture"


def test_half_noise_on_one_pattern_two_cycles_synchronously_and_settles_asynchronously():
    lv = load_level(paths.CAMPAIGN / "hop-07-sync-cycle.toml")
    model = SPEC.new_model(lv)
    model.corrupt(50)
    out = run(model)
    assert out.kind == "cycle" and np.array_equal(out.partner, -out.final), "m = 0 flips every unit"
    assert goals.cycle_score(out.final, out.partner) == N
    model.set_update_mode("async")
    model.restore()
    assert np.array_equal(model.s, out.start)
    out2 = run(model)
    assert out2.kind == "fixed_point" and abs(hf.overlap(out2.final, model.X[0])) == 1.0


def test_the_planted_mixture_is_stuck_cold_and_escapes_with_a_hot_enough_anneal():
    lv = load_level(paths.CAMPAIGN / "hop-05-anneal-escape.toml")
    model = SPEC.new_model(lv)
    assert model.classify() == ("spurious", None, (0, 1, 2))
    assert run(model).sweeps == 1, "the mixture is a fixed point at T = 0"
    cold = run(model, hf.anneal_schedule(0.2, 0.05, 30))
    assert goals.escape_score(cold.final, model.X) < 0.7
    model.restore()
    hot = run(model, hf.anneal_schedule(0.8, 0.05, 30))
    assert hot.annealed and goals.escape_score(hot.final, model.X) == 1.0


def test_paint_and_occlude_change_only_the_cells_they_touch():
    model = SPEC.new_model(SPEC.sandbox(), "sandbox")
    before = model.s.copy()
    changed = model.paint([0, 1, 2], 1.0)
    assert changed == int(np.count_nonzero(before[:3] != 1))
    assert np.all(model.s[:3] == 1) and np.array_equal(model.s[3:], before[3:])
    mask = np.zeros((16, 16), dtype=bool)
    mask[4:8, 4:8] = True
    model.occlude(mask)
    assert np.all(model.s.reshape(16, 16)[4:8, 4:8] == -1)


def test_synchronous_steps_are_paced_one_per_sweep_of_unit_time():
    model = SPEC.new_model(SPEC.sandbox(), "sandbox")
    model.set_update_mode("sync")
    model.begin()
    model.advance(100)
    model.advance(100)
    assert model.sweep_now() == 0, "200 of 256 unit-times are not a parallel step yet"
    model.advance(100)
    assert model.sweep_now() == 1, "the leftover unit-time must carry over to the next call"
