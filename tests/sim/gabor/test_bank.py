"""A hypercolumn (game.sim.gabor.bank): all orientations at once and one per step."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.gabor import (
    Filterer,
    Hypercolumn,
    bank,
    filter_image,
    gabor_kernel,
    orientation_selectivity,
    orientations,
    winner_map,
)
from game.sim.images import two_textures


def test_bank_winner_map_labels_each_texture_with_its_orientation():
    img, mask = two_textures((64, 96), np.pi / 4, 3 * np.pi / 4, 8.0)
    resp = bank(img, 4.5, 8.0, n_orient=8)
    assert resp.shape == (8, 64, 96)
    win = winner_map(resp)
    left, right = win[8:-8, 8:40], win[8:-8, 56:-8]
    assert np.mean(left == 2) > 0.95 and np.mean(right == 6) > 0.95, "winner index is not theta = k pi / n"
    assert np.all(winner_map(bank(np.zeros((16, 16)), 2.0, 6.0), min_response=1e-9) == -1)


def test_bank_accepts_a_filterer_and_even_and_odd_kinds(rng):
    img = rng.random((32, 32))
    f = Filterer(img, precision="double")
    ev = bank(f, 2.0, 6.0, n_orient=4, kind="even")
    np.testing.assert_allclose(ev[1], filter_image(img, gabor_kernel(2.0, np.pi / 4, 6.0)), atol=1e-10)
    with pytest.raises(ValueError, match="kind"):
        bank(f, 2.0, 6.0, kind="max")


def test_a_hypercolumn_built_one_orientation_per_step_equals_the_whole_bank():
    img, mask = two_textures((48, 64), np.pi / 8, 3 * np.pi / 4, 8.0)
    f = Filterer(img)
    hc = Hypercolumn.empty(img.shape, 8, key=("s", 4.0))
    progress = []
    steps = hc.steps(f, 4.0, 8.0, 1.0)
    for p in steps:
        progress.append(p)
        assert hc.done == len(progress) and hc.winner is None
    assert progress == [k / 8 for k in range(1, 8)], "one orientation per step, the last one as it returns"
    assert hc.done == 8 and hc.complete and hc.winner is not None
    whole = bank(img, 4.0, 8.0, 1.0, n_orient=8)
    np.testing.assert_allclose(hc.energies, whole, rtol=2e-4, atol=2e-4 * whole.max())
    agree = np.mean(hc.winner == winner_map(whole))
    assert agree > 0.999, f"step-wise winner differs from argmax on {100 * (1 - agree):.2f}% of pixels"
    np.testing.assert_allclose(hc.strength, whole.max(axis=0), rtol=2e-4, atol=2e-4 * whole.max())
    np.testing.assert_allclose(hc.selectivity, orientation_selectivity(hc.energies, orientations(8)), rtol=1e-5,
                               atol=1e-5 * float(hc.selectivity.max()))


def test_selectivity_is_zero_where_every_orientation_answers_alike_and_the_excess_where_one_leads():
    energies = np.ones((8, 4, 4), np.float32)
    energies[0, 0, 0] = 5.0
    sel = orientation_selectivity(energies, orientations(8))
    assert sel[1, 1] == pytest.approx(0.0, abs=1e-5)
    assert sel[0, 0] == pytest.approx(4.0, abs=1e-5)
