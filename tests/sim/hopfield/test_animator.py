"""The unit-by-unit animator (game.sim.hopfield.animator) against recall."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import hopfield as hf
from tests.sim.hopfield.nets import hebbian_net


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
