"""Behaviour of game.sim.hopfield against the textbook Hopfield / Boltzmann model."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.sim import hopfield as hf


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

def naive_async(W, s, order, theta):
    """Reference: visit units one by one, full field each time, sign(0) keeps s_i."""
    s = s.astype(float).copy()
    energies = []
    for i in order:
        h_i = W[i] @ s - theta[i]
        if h_i * s[i] < -hf.ZERO_FIELD_TOL:
            s[i] = -s[i]
        energies.append(-0.5 * s @ W @ s + theta @ s)
    return s, np.asarray(energies)


@st.composite
def networks(draw, max_n=12, dyadic=False):
    """Random symmetric W with zero diagonal, thresholds, a state and a seed.

    ``dyadic``: entries are multiples of 1/8, so every field is computed exactly
    and exact zero fields (sign(0)) are common, with no round-off at the boundary.
    """
    n = draw(st.integers(2, max_n))
    if dyadic:
        w_el, t_el = st.integers(-8, 8).map(lambda k: k / 8), st.integers(-4, 4).map(lambda k: k / 8)
    else:
        w_el, t_el = st.floats(-1, 1, allow_subnormal=False), st.floats(-0.5, 0.5, allow_subnormal=False)
    upper = draw(hnp.arrays(float, (n, n), elements=w_el))
    W = np.triu(upper, 1)
    W = W + W.T
    theta = draw(hnp.arrays(float, n, elements=t_el))
    s = np.where(draw(hnp.arrays(bool, n)), 1.0, -1.0)
    seed = draw(st.integers(0, 2**32 - 1))
    return W, theta, s, seed


def hebbian_net(N, P, seed):
    rng = np.random.default_rng(seed)
    X = hf.random_patterns(P, N, rng)
    return X, hf.hebbian(X), rng


# ----------------------------------------------------------------------------
# learning rules
# ----------------------------------------------------------------------------

def test_hebbian_weights_are_symmetric_zero_diagonal_outer_products_over_n():
    X, W, _ = hebbian_net(50, 4, 0)
    assert np.array_equal(W, W.T), "Hebbian W must be symmetric (outer products summed)"
    assert np.all(np.diag(W) == 0), "self-coupling w_ii must be removed"
    expected = sum(np.outer(x, x) for x in X) / 50
    np.fill_diagonal(expected, 0)
    np.testing.assert_allclose(W, expected, err_msg="W should be (1/N) sum xi xi^T")


def test_storkey_matches_the_published_rule_written_out_unit_by_unit():
    rng = np.random.default_rng(3)
    X = hf.random_patterns(5, 12, rng)
    N = 12
    W = np.zeros((N, N))
    for xi in X:
        new = W.copy()
        for i in range(N):
            for j in range(N):
                if i == j:
                    continue
                h_ij = sum(W[i, k] * xi[k] for k in range(N) if k not in (i, j))
                h_ji = sum(W[j, k] * xi[k] for k in range(N) if k not in (i, j))
                new[i, j] += (xi[i] * xi[j] - xi[i] * h_ji - h_ij * xi[j]) / N
        W = new
    np.testing.assert_allclose(hf.storkey(X), W, atol=1e-12,
                               err_msg="vectorised Storkey update differs from Storkey (1997)")


@pytest.mark.parametrize("rule", ["storkey", "pseudo_inverse"])
def test_other_rules_give_symmetric_zero_diagonal_weights_that_fix_every_pattern(rule):
    X, _, _ = hebbian_net(120, 12, 1)
    W = hf.learn(X, rule)
    np.testing.assert_allclose(W, W.T, atol=1e-12, err_msg=f"{rule}: W not symmetric")
    assert np.all(np.diag(W) == 0), f"{rule}: diagonal not zeroed"
    assert all(hf.is_fixed_point(W, x) for x in X), f"{rule}: a stored pattern is not a fixed point"


def test_unknown_rule_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown learning rule 'oja'"):
        hf.learn(np.ones((1, 4)), "oja")


def test_patterns_with_values_other_than_plus_minus_one_are_rejected():
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        hf.hebbian([[1, 0, -1]])


# ----------------------------------------------------------------------------
# energy and observables
# ----------------------------------------------------------------------------

def test_energy_of_a_single_stored_pattern_is_minus_half_n_minus_one():
    xi = np.where(np.arange(9) % 3 == 0, 1.0, -1.0)
    W = hf.hebbian(xi)
    assert hf.energy(W, xi) == pytest.approx(-0.5 * 8), "E(xi) = -1/2 sum_{i!=j} xi_i xi_j xi_i xi_j / N"
    assert hf.energy(W, -xi) == pytest.approx(hf.energy(W, xi)), "E must be even in s when theta = 0"


def test_thresholds_enter_the_energy_as_plus_theta_dot_s():
    W = np.zeros((3, 3))
    s = np.array([1.0, -1.0, 1.0])
    assert hf.energy(W, s, theta=[0.5, 0.5, 0.5]) == pytest.approx(0.5), "sign of the theta term"


def test_overlap_is_one_with_the_pattern_and_minus_one_with_its_inverse():
    X, _, _ = hebbian_net(64, 3, 2)
    assert hf.overlap(X[0], X[0]) == 1.0
    assert hf.overlap(-X[0], X[0]) == -1.0
    np.testing.assert_allclose(hf.overlaps(X[1], X)[1], 1.0)
    assert hf.overlaps(X[1], X).shape == (3,)


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 0.333, 1.0])
def test_corrupt_flips_exactly_round_fraction_times_n_units(fraction):
    rng = np.random.default_rng(0)
    xi = hf.random_patterns(1, 101, rng)[0]
    s = hf.corrupt(xi, fraction, rng)
    assert np.sum(s != xi) == round(fraction * 101), "corrupt must flip round(fraction * N) distinct units"
    assert np.array_equal(xi, hf.random_patterns(1, 101, np.random.default_rng(0))[0]), "xi was modified"


def test_corrupt_rejects_a_fraction_outside_zero_to_one():
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\]"):
        hf.corrupt(np.ones(4), 1.5, np.random.default_rng(0))


def test_occlude_sets_the_masked_units_and_leaves_the_rest():
    xi = np.array([1.0, 1.0, -1.0, 1.0])
    mask = np.array([[True, False], [True, False]])  # a 2x2 grid mask
    assert np.array_equal(hf.occlude(xi, mask), [-1, 1, -1, 1])
    assert np.array_equal(hf.occlude(xi, mask, value=1), [1, 1, 1, 1])
    with pytest.raises(ValueError, match="mask has 3 entries"):
        hf.occlude(xi, [True, False, True])


# ----------------------------------------------------------------------------
# zero-temperature dynamics
# ----------------------------------------------------------------------------

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


def test_each_stored_pattern_and_its_inverse_are_fixed_points_at_low_load():
    X, W, _ = hebbian_net(400, 20, 11)  # load 0.05
    for mu, x in enumerate(X):
        assert hf.is_fixed_point(W, x), f"pattern {mu} not stable at load 0.05: crosstalk too large?"
        assert hf.is_fixed_point(W, -x), f"inverse of pattern {mu} not stable: E(-s) = E(s) when theta = 0"
        r = hf.recall(W, x, np.random.default_rng(mu))
        assert r.sweeps == 1 and np.array_equal(r.state, x)


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


def test_capacity_curve_collapses_between_low_load_and_twice_the_critical_load():
    c = hf.capacity_curve(200, [0.05, 0.3], np.random.default_rng(16), trials=6)
    assert c.P.tolist() == [10, 60]
    assert c.recalled[0] >= 0.8 and c.recalled[1] <= 0.2, f"recalled fractions {c.recalled}"
    assert c.bit_stability[0] > c.bit_stability[1]


# ----------------------------------------------------------------------------
# synchronous dynamics
# ----------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------
# stochastic units and annealing
# ----------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------
# what the network settled on
# ----------------------------------------------------------------------------

def test_classify_state_names_pattern_inverse_and_spurious():
    X, _, rng = hebbian_net(200, 4, 22)
    assert hf.classify_state(X[2], X) == ("pattern", 2)
    assert hf.classify_state(-X[3], X) == ("inverse", 3)
    assert hf.classify_state(hf.mixture_state(X, [0, 1, 2]), X) == ("spurious", None)
    assert hf.classify_state(hf.corrupt(X[1], 0.02, rng), X) == ("pattern", 1), "tol 0.95 allows 2% noise"


def test_a_symmetric_three_mixture_is_detected_and_patterns_or_random_states_are_not():
    X, W, rng = hebbian_net(300, 5, 23)
    mix = hf.mixture_state(X, [1, 2, 4], signs=[1, -1, 1])
    assert hf.mixture_components(mix, X) == (1, 2, 4)
    settled = hf.recall(W, mix, rng).state
    assert hf.is_mixture(settled, X), "the settled 3-mixture should still be recognised"
    assert not hf.is_mixture(X[0], X), "a stored pattern is not a mixture"
    assert not hf.is_mixture(hf.random_patterns(1, 300, rng)[0], X), "a random state is not a mixture"
    with pytest.raises(ValueError, match="odd number"):
        hf.mixture_state(X, [0, 1])


# ----------------------------------------------------------------------------
# animation
# ----------------------------------------------------------------------------

def test_recall_animator_reproduces_recall_update_by_update():
    X, W, rng = hebbian_net(120, 6, 24)
    s0 = hf.corrupt(X[0], 0.25, rng)
    r = hf.recall(W, s0, np.random.default_rng(5))
    anim = hf.RecallAnimator(W, s0, np.random.default_rng(5))
    first_unit = anim.current_unit
    first = anim.step()
    assert first.index == first_unit, "step() must update the highlighted unit"
    updates = [first] + list(anim)
    assert anim.converged and anim.sweeps == r.sweeps
    assert np.array_equal(anim.state, r.state)
    np.testing.assert_allclose([u.energy for u in updates], r.energies[1:], atol=1e-9)
    assert sum(u.flipped for u in updates) == np.count_nonzero(np.diff(r.energies))


def test_recall_animator_sweep_chunks_cover_every_unit_once_per_sweep():
    X, W, rng = hebbian_net(64, 3, 25)
    anim = hf.RecallAnimator(W, hf.corrupt(X[1], 0.2, rng), rng, temperature=0.5)
    anim.step()
    rest = anim.sweep()
    assert len(rest.units) == 63 and anim.position == 0, "sweep() must finish the current sweep"
    chunk = anim.sweep()
    assert sorted(chunk.units.tolist()) == list(range(64))
    assert chunk.energies[-1] == pytest.approx(hf.energy(W, anim.state))
    anim.temperature = 0.0
    for _ in range(20):
        anim.sweep()
    assert anim.converged, "at T = 0 the animator must settle"


# ----------------------------------------------------------------------------
# inputs and architecture
# ----------------------------------------------------------------------------

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


def test_hopfield_and_patterns_do_not_import_pygame():
    code = ("import sys, game.sim.hopfield, game.sim.patterns; "
            "sys.exit('pygame' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, "game.sim must stay pygame-free"
