"""Sweeps, Glauber units, annealing and recall (game.sim.hopfield.dynamics) against the textbook model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim import hopfield as hf
from tests.sim.hopfield.nets import hebbian_net, naive_async, networks


@settings(max_examples=150, deadline=None)
@given(st.one_of(networks(), networks(dyadic=True)))
def test_energy_never_increases_under_asynchronous_zero_temperature_updates(net):
    W, theta, s, seed = net
    r = hf.recall(W, s, np.random.default_rng(seed), theta=theta)
    assert r.converged, "async T=0 dynamics with symmetric W, zero diagonal must reach a fixed point"
    steps = np.diff(r.energies)
    assert np.all(steps <= 1e-12), f"energy rose by {steps.max():.3g}: a flip with s_i h_i >= 0 happened"
    assert r.energies[-1] == pytest.approx(hf.energy(W, r.state, theta), abs=1e-9), \
        "incremental energy drifted from E(s): the field update h += 2 s_i W[i] is wrong"
    assert hf.is_fixed_point(W, r.state, theta)


@settings(max_examples=150, deadline=None)
@given(networks(dyadic=True))
def test_skipping_stable_units_gives_the_same_sweep_as_the_naive_unit_by_unit_loop(net):
    W, theta, s, seed = net
    order = np.random.default_rng(seed).permutation(len(s))
    ref_state, ref_E = naive_async(W, s, order, theta)
    r = hf.recall(W, s, order=order, theta=theta, max_sweeps=1)
    assert np.array_equal(r.state, ref_state), "block skipping changed the dynamics (order not respected?)"
    np.testing.assert_allclose(r.energies[1:], ref_E, atol=1e-9,
                               err_msg="energies[k] must be the energy after the k-th unit update")
    assert np.array_equal(hf.async_sweep(W, s, order, theta), ref_state)


def test_step_unit_updates_state_field_and_energy_incrementally():
    X, W, rng = hebbian_net(80, 4, 5)
    s = hf.corrupt(X[0], 0.3, rng)
    h = W @ s
    E = hf.energy(W, s)
    flips = 0
    for i in rng.permutation(80):
        changed, E = hf.step_unit(W, s, i, h=h, energy=E)
        flips += changed
    assert flips > 0
    np.testing.assert_allclose(h, W @ s, atol=1e-12, err_msg="field not updated in place on a flip")
    assert E == pytest.approx(hf.energy(W, s)), "incremental dE = 2 s_i h_i is wrong"
    s2 = s.copy()
    changed, E2 = hf.step_unit(W, s2, 3)  # no h / energy given: computed from scratch
    assert E2 == pytest.approx(hf.energy(W, s2))


def test_a_unit_with_exactly_zero_field_keeps_its_state():
    W = np.zeros((4, 4))
    s = np.array([1.0, -1.0, -1.0, 1.0])
    r = hf.recall(W, s, np.random.default_rng(0))
    assert np.array_equal(r.state, s), "sign(0) must keep the state, not force +1"
    assert r.converged and r.sweeps == 1
    assert np.array_equal(hf.sync_step(W, s), s)


def test_recall_from_ten_percent_noise_at_load_005_gives_overlap_above_095():
    X, W, rng = hebbian_net(400, 20, 12)
    for mu in range(10):
        r = hf.recall(W, hf.corrupt(X[mu], 0.10, rng), rng)
        m = hf.overlap(r.state, X[mu])
        assert r.converged, "recall did not settle within max_sweeps"
        assert m > 0.95, f"pattern {mu}: overlap {m:.3f}; load 0.05 is far below 0.138"
        assert hf.classify_state(r.state, X) == ("pattern", mu)


def test_recall_from_ten_percent_noise_at_load_025_mostly_fails():
    X, W, rng = hebbian_net(400, 100, 13)
    ms = [hf.overlap(hf.recall(W, hf.corrupt(X[mu], 0.10, rng), rng).state, X[mu]) for mu in range(20)]
    failed = np.mean(np.asarray(ms) < 0.95)
    assert failed >= 0.8, f"only {failed:.0%} failed at load 0.25 > 0.138: weights too clean (not Hebbian?)"


def test_pseudo_inverse_rule_recalls_at_load_03_where_hebbian_fails():
    rng = np.random.default_rng(14)
    X = hf.random_patterns(90, 300, rng)  # load 0.3, above 0.138
    results = {}
    for rule in ("hebbian", "pseudo_inverse"):
        W = hf.learn(X, rule)
        ms = [hf.overlap(hf.recall(W, hf.corrupt(X[mu], 0.05, rng), rng).state, X[mu]) for mu in range(10)]
        results[rule] = np.mean(np.asarray(ms) > 0.95)
    assert results["hebbian"] <= 0.2, f"Hebbian recalled {results['hebbian']:.0%} at load 0.3"
    assert results["pseudo_inverse"] == 1.0, \
        f"pseudo-inverse recalled only {results['pseudo_inverse']:.0%} at load 0.3 (projector wrong?)"


def test_storkey_rule_recalls_at_load_02_where_hebbian_fails():
    rng = np.random.default_rng(15)
    X = hf.random_patterns(60, 300, rng)
    ok = {}
    for rule in ("hebbian", "storkey"):
        W = hf.learn(X, rule)
        ms = [hf.overlap(hf.recall(W, hf.corrupt(X[mu], 0.05, rng), rng).state, X[mu]) for mu in range(10)]
        ok[rule] = np.mean(np.asarray(ms) > 0.95)
    assert ok["storkey"] >= 0.9 and ok["hebbian"] <= 0.5, f"recalled fractions {ok}"


def test_synchronous_updates_two_cycle_on_two_mutually_exciting_units():
    W = np.array([[0.0, 1.0], [1.0, 0.0]])
    s = np.array([1.0, -1.0])
    assert np.array_equal(hf.sync_step(W, s), -s)
    assert np.array_equal(hf.sync_step(W, -s), s)
    r = hf.recall(W, s, mode="sync")
    assert r.cycle and not r.converged, "2-cycle not detected: s -> -s -> s"
    assert r.sweeps == 2
    a = hf.recall(W, s, np.random.default_rng(0))
    assert a.converged and abs(hf.overlap(a.state, [1, 1])) == 1, "async must settle where sync cycles"


def test_a_start_orthogonal_to_the_one_stored_pattern_two_cycles_synchronously_but_settles_asynchronously():
    xi = hf.random_patterns(1, 64, np.random.default_rng(17))[0]
    s0 = xi.copy()
    s0[:32] *= -1  # overlap 0: every field is -s_i / N, so every unit flips at once
    r = hf.recall(hf.hebbian(xi), s0, mode="sync")
    assert r.cycle, "expected s0 -> -s0 -> s0 under parallel updates"
    assert len(r.energies) == r.sweeps + 1
    a = hf.recall(hf.hebbian(xi), s0, np.random.default_rng(1))
    assert a.converged and abs(hf.overlap(a.state, xi)) == 1.0


def test_synchronous_recall_converges_from_mild_noise_at_low_load():
    X, W, rng = hebbian_net(200, 5, 18)
    r = hf.recall(W, hf.corrupt(X[2], 0.1, rng), mode="sync")
    assert r.converged and not r.cycle
    assert hf.overlap(r.state, X[2]) == 1.0


@pytest.mark.parametrize("h_over_T", [-1.0, -0.25, 0.0, 0.4, 1.2])
def test_glauber_step_sets_plus_one_with_the_logistic_probability(h_over_T):
    T = 0.5
    h = h_over_T * T
    W = np.zeros((2, 2))
    rng = np.random.default_rng(19)
    n = 20000
    ups = 0
    for _ in range(n):
        s = np.array([1.0 if rng.random() < 0.5 else -1.0, 1.0])
        hf.step_unit(W, s, 0, theta=[-h, 0.0], temperature=T, rng=rng)
        ups += s[0] > 0
    p = 1.0 / (1.0 + np.exp(-2.0 * h / T))
    assert abs(ups / n - p) < 5 * np.sqrt(p * (1 - p) / n), \
        f"P(+1) = {ups / n:.4f}, formula 1/(1+exp(-2h/T)) = {p:.4f}"


def test_glauber_sweep_samples_the_logistic_probability_for_every_unit():
    n, T = 600, 0.8
    theta = -np.linspace(-1.0, 1.0, n)  # fields h_i = -theta_i, W = 0
    W = np.zeros((n, n))
    rng = np.random.default_rng(20)
    reps = 300
    counts = np.zeros(n)
    s = -np.ones(n)
    for _ in range(reps):
        s = hf.glauber_sweep(W, s, T, rng, theta=theta)
        counts += s > 0
    p = hf.glauber_probability(-theta, T)
    # pool units into 10 bins of 60 so each bin has 18000 samples
    obs = counts.reshape(10, -1).sum(1) / (reps * 60)
    exp = p.reshape(10, -1).mean(1)
    sd = np.sqrt(exp * (1 - exp) / (reps * 60))
    assert np.all(np.abs(obs - exp) < 5 * sd), f"sweep frequencies {obs.round(3)} vs formula {exp.round(3)}"


def test_glauber_probability_is_one_half_at_zero_field_and_does_not_overflow():
    assert hf.glauber_probability(0.0, 1.0) == 0.5
    p = hf.glauber_probability(np.array([-1e6, 1e6]), 1e-3)
    assert p.tolist() == [0.0, 1.0]
    assert hf.glauber_probability(0.3, 0.0) == 1.0, "T = 0 must be the deterministic sign"


def test_anneal_schedule_runs_from_t0_to_t1_and_refuses_non_positive_temperatures():
    g = hf.anneal_schedule(2.0, 0.02, 5)
    np.testing.assert_allclose(g, [2.0, 2.0 * 0.01**0.25, 0.2, 2.0 * 0.01**0.75, 0.02])
    assert np.allclose(np.diff(np.log(g)), np.log(g[1] / g[0])), "geometric cooling has a constant ratio"
    np.testing.assert_allclose(hf.anneal_schedule(1.0, 0.5, 3, kind="linear"), [1.0, 0.75, 0.5])
    with pytest.raises(ValueError, match="T1 must be a temperature > 0"):
        hf.anneal_schedule(1.0, 0.0, 10)
    with pytest.raises(ValueError, match="kind"):
        hf.anneal_schedule(1.0, 0.1, 10, kind="exponential")


def test_annealing_escapes_a_planted_mixture_state_more_often_than_zero_temperature_recall():
    escaped_cold = escaped_annealed = 0
    trials = 20
    schedule = hf.anneal_schedule(0.8, 0.05, 30)
    for seed in range(trials):
        X, W, rng = hebbian_net(300, 5, 100 + seed)
        s0 = hf.mixture_state(X, [0, 1, 2])
        cold = hf.recall(W, s0, rng)
        warm = hf.recall(W, s0, rng, schedule=schedule)
        escaped_cold += hf.classify_state(cold.state, X)[0] != "spurious"
        escaped_annealed += hf.classify_state(warm.state, X)[0] != "spurious"
        assert warm.converged and warm.sweeps > len(schedule), "a schedule must end with a T=0 quench"
    assert escaped_cold <= 3, f"zero-T recall left the 3-mixture {escaped_cold}/{trials} times: not planted?"
    assert escaped_annealed >= 15, \
        f"annealing reached a stored pattern only {escaped_annealed}/{trials} times (T0 above ~0.46?)"


def test_constant_temperature_recall_runs_exactly_max_sweeps():
    X, W, rng = hebbian_net(100, 3, 21)
    r = hf.recall(W, X[0], rng, temperature=0.3, max_sweeps=7)
    assert r.sweeps == 7 and len(r.energies) == 1 + 7 * 100
    assert r.energies[-1] == pytest.approx(hf.energy(W, r.state))
    with pytest.raises(ValueError, match="needs rng"):
        hf.recall(W, X[0], None, temperature=0.3)


def test_bad_inputs_get_messages_naming_the_problem():
    W = np.zeros((3, 3))
    with pytest.raises(ValueError, match="s0 has 4 units but W is 3x3"):
        hf.recall(W, np.ones(4), np.random.default_rng(0))
    with pytest.raises(ValueError, match="mode must be 'async' or 'sync'"):
        hf.recall(W, np.ones(3), np.random.default_rng(0), mode="parallel")
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        hf.recall(W, [1, 0, 1], np.random.default_rng(0))
    with pytest.raises(ValueError, match="temperature must be a finite number >= 0"):
        hf.recall(W, np.ones(3), np.random.default_rng(0), temperature=-1)
