"""The boltzmann lab's model without a window: built from a level with ``spec.new_model``, driven
through its verbs and its clock, scored by the lab's goal table. The numbers the levels' notes
state are computed here with the model and pinned."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from game import paths
from game.catalog import load_folder
from game.core.scoring import stars_for
from game.labs import LABS
from game.labs.boltzmann import goals, model as model_module, sampler as sampler_module, sandbox
from game.labs.boltzmann.network import bits
from game.sim import boltzmann as bm
from game.sim import hopfield as hf
from game.tools import find_level

SPEC = LABS["boltzmann"]
DT = 1 / 60


def level_model(level_id: str):
    return SPEC.new_model(find_level(level_id))


def sandbox_model(preset: str = sandbox.DEFAULT):
    m = SPEC.new_model(SPEC.sandbox(), "sandbox")
    if preset != sandbox.DEFAULT:
        m.load_preset(preset)
    return m


def completions(m, cue: str) -> np.ndarray:
    return goals.completion_probabilities(m.exact_visible(free=True), m.data, bits(cue) > 0)


# ------------------------------------------------------------------ every level, headless

def test_every_boltzmann_level_solution_wins_three_stars_headless():
    """The same solutions the scene test plays, applied to a model with no window (``check``)."""
    levels = [lv for folder in (paths.CAMPAIGN, paths.EXAMPLES) for lv in load_folder(folder).levels
              if lv.kind == "boltzmann"]
    ids = {lv.id for lv in levels}
    assert len([i for i in ids if i.startswith("bm-")]) >= 5
    assert {lv.goal.type for lv in levels if lv.id.startswith("example-")} == set(SPEC.goals)
    for lv in levels:
        m = SPEC.new_model(lv)
        assert stars_for(m.best, lv.goal.better, lv.goal.stars) == 0, f"{lv.id} starts already won"
        SPEC.scripts.solve(m)
        assert stars_for(m.best, lv.goal.better, lv.goal.stars) == 3, (lv.id, m.best, lv.goal.stars)
        m.close()


# ------------------------------------------------------------------ the clock

def test_sampling_runs_speed_sweeps_per_second_and_carries_the_fraction():
    m = sandbox_model()
    m.set_param("speed", 45.0)                     # 0.75 sweeps per 1/60 s frame
    m.toggle_sampling()
    m.step(DT)
    assert m.sampler.sweeps == 0, "0.75 of a sweep is owed, none done"
    m.step(DT)
    assert m.sampler.sweeps == 1
    for _ in range(58):
        m.step(DT)
    assert m.sampler.sweeps == 45, "one second of the clock is 45 sweeps"
    m.toggle_sampling()
    m.step(1.0)
    assert m.sampler.sweeps == 45, "paused: no sweeps"


def test_a_long_frame_owes_at_most_a_tenth_of_a_second_of_sweeps():
    m = sandbox_model()
    m.set_param("speed", 300.0)
    m.toggle_sampling()
    m.step(10.0)
    assert 0 < m.sampler.sweeps <= 300 * model_module.MAX_OWED_S


def test_a_histogram_does_not_depend_on_how_the_sweeps_are_split_between_frames():
    a, b = sandbox_model(), sandbox_model()
    a.run_sweeps(90)
    for k in (1, 7, 30, 52):
        b.sampler.sample(b.W, b.b, b.T, b.full_clamp(), k)
    assert b.sampler.sweeps == 90
    assert np.array_equal(a.sampler.counts, b.sampler.counts) and np.array_equal(a.sampler.X, b.sampler.X)


def test_the_first_sweeps_after_a_reset_are_not_counted():
    m = sandbox_model()
    m.run_sweeps(sampler_module.BURN_IN - 1)
    assert m.sampler.counted == 0
    m.run_sweeps(6)
    assert m.sampler.counted == (sampler_module.BURN_IN - 1 + 6 - sampler_module.BURN_IN) * m.sampler.m


@pytest.mark.parametrize("change", ["T", "clamp", "chains"])
def test_changing_what_is_sampled_empties_the_histogram(change):
    m = sandbox_model()
    m.run_sweeps(40)
    assert m.sampler.counted > 0
    if change == "T":
        m.set_param("T", 2.0)
    elif change == "clamp":
        m.toggle_clamp(0)
    else:
        m.set_param("chains", 16.0)
    assert m.sampler.counted == 0 and m.sampler.sweeps == 0
    assert m.sampler.m == (16 if change == "chains" else 64)


def test_clamped_units_never_move_and_the_histogram_matches_the_conditional_distribution():
    m = sandbox_model()
    m.set_param("chains", 256.0)
    m.toggle_clamp(1)                                   # v2 on
    m.toggle_clamp(3)
    m.toggle_clamp(3)                                   # v4 off
    assert m.clamp.tolist() == [0, 1, 0, -1]
    m.run_sweeps(200)
    assert np.all(m.sampler.X[:, 1] == 1) and np.all(m.sampler.X[:, 3] == -1)
    q, p = m.sampler.histogram(), m.exact_visible()
    off = ~goals.consistent(4, m.clamp)
    assert q[off].sum() == 0 and p[off].sum() == 0
    assert bm.total_variation(q, p) < 0.02, "clamped Gibbs sampling samples the conditional distribution"


def test_hidden_units_cannot_be_clamped_and_the_cycle_is_on_off_free():
    m = level_model("bm-02-equal-memories")
    assert m.toggle_clamp(3) is None, "unit 3 is hidden"
    assert [m.toggle_clamp(0) for _ in range(3)] == [1.0, -1.0, 0.0]


# ------------------------------------------------------------------ annealing

def test_an_anneal_runs_its_schedule_then_settles_every_chain_in_a_local_minimum():
    m = level_model("bm-03-anneal-ground-state")
    m.set_param("speed", 120.0)
    m.anneal()
    plan = hf.anneal_schedule(2.0, 0.05, 20)
    assert np.allclose(m.sampler.schedule, plan)
    for _ in range(600):
        m.step(DT)
        if not m.running:
            break
    s = m.sampler
    assert not m.running and s.final is not None and s.position == 20
    h = s.final @ m.W + m.b
    assert np.all(s.final * h >= -1e-12), "after the quench no unit wants to flip: a local minimum"
    assert m.best == pytest.approx(57.8125), "the default schedule (T0 = 2, 20 sweeps): 37 of 64 chains"
    assert m.chart_T() == pytest.approx(0.05), "the chart shows where a perfect anneal would end"


def test_the_spin_glass_level_numbers_in_its_note():
    """bm-03's note: quench 12 of 64; with T0 = 1, 20 / 100 / 400 sweeps give 50 / 77 / 95 %."""
    m = level_model("bm-03-anneal-ground-state")
    m.quench()
    m.run_anneal()
    assert m.best == pytest.approx(100 * 12 / 64)
    shares = []
    m.set_param("anneal_T0", 1.0)
    for sweeps in (20, 100, 400):
        m.set_param("anneal_sweeps", sweeps)
        m.anneal()
        m.run_anneal()
        shares.append(goals.score_ground_state(m, m.goal))
    assert shares == pytest.approx([50.0, 76.5625, 95.3125])
    g = bm.ground_states(m.W, m.b)
    assert len(g.states) == 2 and np.array_equal(g.states[0], -g.states[1]), "s and -s: one pair"
    assert m.ground_energy() == pytest.approx(-6.87, abs=0.005)


def test_the_spin_glass_is_frustrated_with_twelve_local_minima():
    """bm-03's brief: no state satisfies every connection (the best 45 of 66); 12 local minima."""
    m = level_model("bm-03-anneal-ground-state")
    S = bm.states(12).astype(float)
    i, j = np.triu_indices(12, 1)
    satisfied = (S[:, i] * S[:, j] * m.W[i, j] > 0).sum(axis=1)
    assert len(i) == 66 and satisfied.max() == 45
    stable = np.all(S * (S @ m.W + m.b) >= 0, axis=1)      # no single flip lowers E
    assert stable.sum() == 12


def test_an_anneal_is_a_pure_function_of_its_schedule():
    a, b = level_model("bm-03-anneal-ground-state"), level_model("bm-03-anneal-ground-state")
    a.run_sweeps(50)                                     # history must not matter
    for m in (a, b):
        m.anneal()
        m.run_anneal()
    assert np.array_equal(a.sampler.final, b.sampler.final)


# ------------------------------------------------------------------ temperature

def test_the_two_memories_level_numbers_in_its_note():
    """bm-02: E(A, h on) = -3.45, E(A, h off) = 1.35, E(B, h) = -2.55; A three times as likely
    as B at T = 0.5; equally likely at T* = 1.354 (the slider's 1.35 earns three stars)."""
    m = level_model("bm-02-equal-memories")
    E = dict(zip(map(lambda s: "".join("1" if x > 0 else "0" for x in s), bm.states(4)),
                 bm.energies(m.W, m.b, bm.states(4))))
    assert (E["1111"], E["1110"], E["0000"], E["0001"]) == pytest.approx((-3.45, 1.35, -2.55, -2.55))
    p = m.exact_visible()
    assert p[7] / p[0] == pytest.approx(3.0, abs=0.05)

    def diff(T):
        m.set_param("T", T)
        q = m.exact_visible()
        return q[7] - q[0]
    t_star = brentq(diff, 0.5, 3.0)
    assert t_star == pytest.approx(1.354, abs=0.001)
    both = math.exp(3.45 / t_star) + math.exp(-1.35 / t_star)
    assert both == pytest.approx(2 * math.exp(2.55 / t_star)), "the balance equation of the note"
    m.set_param("T", 1.35)
    assert m.last < 1.0
    m.set_param("T", 1.30)
    assert m.last > 1.0, "a 0.05 miss is no longer three stars: the level is not won by luck"
    m.set_param("T", 2.5)
    assert m.exact_visible()[0] > m.exact_visible()[7], "above T*, B is the more likely memory"


def test_the_sampled_histogram_error_falls_like_one_over_root_samples():
    """bm-01's note: four times the samples, half the distance (mean over seeds)."""
    lv = find_level("bm-01-sample-histogram")
    ratios = []
    for seed in range(8):
        m = SPEC.new_model(lv)
        m.sampler.seed = seed
        m.set_param("chains", 16.0)
        m.run_sweeps(60)
        short = goals.score_tv(m, m.goal)
        m.run_sweeps(4 * 50)                              # 4x the counted sweeps (50 -> 250)
        ratios.append(goals.score_tv(m, m.goal) / short)
    assert 0.35 < float(np.mean(ratios)) < 0.65, ratios


# ------------------------------------------------------------------ training

def test_training_runs_epochs_per_second_and_the_trainer_owns_the_weights():
    m = level_model("bm-05-parity-hidden-units")
    assert m.machine is m.trainer.model and m.W is m.trainer.model.W
    m.set_param("epochs_per_s", 30.0)
    m.toggle_training()
    for _ in range(60):
        m.step(DT)
    assert m.trainer.epoch == 30
    assert m.best == pytest.approx(m.kl()), "each frame of training records the KL"


def test_parity_needs_hidden_units():
    """bm-05's note: without hidden units the KL stops at ln 2; with 2 it is 0.04 after 300 epochs."""
    m = level_model("bm-05-parity-hidden-units")
    m.train_epochs(300)
    assert m.kl() == pytest.approx(math.log(2), abs=1e-6)
    m.set_param("hidden", 2)
    assert m.nh == 2 and m.trainer.epoch == 0, "another hidden count is another network, trained afresh"
    m.train_epochs(300)
    assert m.kl() == pytest.approx(0.0397, abs=0.001)


def test_the_memories_are_completed_from_their_first_half():
    """bm-04's note: after 100 epochs each memory is completed with probability 0.99."""
    m = level_model("bm-04-learn-memories")
    assert completions(m, "11110000").max() < 0.01
    m.train_epochs(100)
    assert completions(m, "11110000") == pytest.approx([0.987, 0.988], abs=0.001)
    m.set_clamp("1010----")
    p = m.exact_visible()
    assert int(np.argmax(p)) == bm.state_index(bits("10101010")), "clamping the cue completes B"


def test_the_encoder_needs_a_restart_from_this_levels_first_weights():
    """bm-06's note: three patterns share a code at first; one restart finds four codes, p >= 0.57."""
    m = level_model("bm-06-encoder")
    m.train_epochs(300)
    codes = m.hidden_codes()
    assert np.bincount(codes).max() == 3
    W0 = m.W.copy()
    m.restart()
    assert m.restarts == 1 and m.trainer.epoch == 0 and not np.allclose(m.W, W0)
    m.train_epochs(300)
    assert len(set(m.hidden_codes().tolist())) == 4
    assert completions(m, "11110000").min() == pytest.approx(0.572, abs=0.001)


def test_restarts_are_reproducible():
    a, b = level_model("bm-06-encoder"), level_model("bm-06-encoder")
    a.restart()
    b.restart()
    assert np.array_equal(a.W, b.W)


# ------------------------------------------------------------------ scoring and life

def test_scores_wait_for_something_to_score():
    m = level_model("bm-01-sample-histogram")
    assert m.score() is None, "no samples yet"
    m.set_param("chains", 8.0)
    assert m.best is None
    m = level_model("bm-03-anneal-ground-state")
    assert m.score() is None, "no anneal yet"
    m = level_model("bm-05-parity-hidden-units")
    m.toggle_clamp(0)
    assert m.best is None, "clamping is not training"


def test_every_sandbox_preset_builds_its_network_and_sliders():
    for name, table in sandbox.PRESETS.items():
        m = sandbox_model(name)
        assert m.preset == name and m.nv == table["visible"]
        assert set(m.values.declared) == set(sandbox.params(name))
        assert (m.trainer is not None) == ("data" in table)
        assert m.view_kind() == table["view"]
        for arr in m.state().values():
            assert np.all(np.isfinite(arr)), name


def test_reset_returns_to_the_level_as_it_opened_and_keeps_the_best():
    m = level_model("bm-05-parity-hidden-units")
    m.set_param("hidden", 2)
    m.train_epochs(20)
    best = m.best
    m.reset()
    assert m.nh == 0 and m.trainer.epoch == 0 and m.best == best
    s = sandbox_model("encoder")
    s.reset()
    assert s.preset == sandbox.DEFAULT and s.nv == 4


def test_training_and_sampling_take_turns():
    m = sandbox_model("parity")
    m.toggle_sampling()
    m.toggle_training()
    assert m.training and not m.running
    m.toggle_sampling()
    assert m.running and not m.training
