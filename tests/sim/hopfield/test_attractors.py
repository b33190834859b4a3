"""Naming what the network settled on (game.sim.hopfield.attractors): patterns, inverses, mixtures."""

from __future__ import annotations

import pytest

from game.sim import hopfield as hf
from tests.sim.hopfield.nets import hebbian_net


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
