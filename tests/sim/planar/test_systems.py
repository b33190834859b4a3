"""game.sim.planar.systems: Morris-Lecar's Hopf and SNIC sets against published values."""

import math

import numpy as np
import pytest

from game.sim import planar as P


def test_ml_hopf_set_loses_stability_at_the_published_hopf_current():
    # Rinzel & Ermentrout (1989) / Ermentrout & Terman (2010, ch. 3): subcritical
    # Hopf of the rest state at I ~ 93.86 uA/cm^2 for the "Hopf" set.
    bif = P.ml_bifurcation(P.ML_HOPF, cycles=False)
    assert np.min(np.abs(bif.hopf_I - 93.86)) < 1.0, f"Hopf points at {bif.hopf_I}"
    assert len(bif.fold_I) == 0, "the Hopf set has a monotone I-V curve (no folds)"


def test_ml_snic_set_has_its_saddle_node_at_the_published_current():
    # Same sources: rest and saddle merge on the invariant circle at I ~ 39.96 uA/cm^2.
    bif = P.ml_bifurcation(P.ML_SNIC, cycles=False)
    assert np.min(np.abs(bif.fold_I - 39.96)) < 1.0, f"folds at {bif.fold_I}"
    below = np.interp(39.0, bif.branch_I[:800], bif.branch_V[:800])
    assert below < -25, "the lower branch should still exist just below the SNIC"


def test_ml_hopf_set_is_bistable_below_the_hopf_point_and_fires_at_finite_frequency():
    f = P.morris_lecar(90.0)
    rest = P.limit_cycle(f, [-27.0, 0.13], 500, 500, rtol=1e-6, atol=1e-8)
    cycle = P.limit_cycle(f, [20.0, 0.0], 500, 800, rtol=1e-6, atol=1e-8)
    assert rest is None, "a start near rest should stay at rest (rest is stable below 93.86)"
    assert cycle is not None, "a large kick should reach the coexisting limit cycle"
    assert 1000 / cycle.period > 8, "class 2 starts firing at a finite frequency (7.4-10.8 Hz)"


def test_ml_hopf_set_fires_at_10_75_hz_at_its_hopf_current():
    # nl-03 and docs/model.md: the tonic firing the Hopf set jumps to when rest is lost
    I_H = float(np.min(P.ml_bifurcation(P.ML_HOPF, cycles=False).hopf_I))
    cycle = P.limit_cycle(P.morris_lecar(I_H), [20.0, 0.0], 1000, 1500, rtol=1e-9, atol=1e-11)
    assert I_H == pytest.approx(93.858, abs=0.001)
    assert 1000 / cycle.period == pytest.approx(10.75, abs=0.01)


def test_ml_hopf_set_fires_no_slower_than_7_4_hz_the_rate_at_its_fold_of_cycles():
    # nl-02/nl-03 and docs/model.md: the stable cycle exists down to I = 88.29 (not 88.3 and
    # 7.9 Hz: the rate falls steeply in the last 0.01 uA/cm^2 before the cycles merge)
    fold = P.ml_cycle_fold(P.ML_HOPF)
    assert fold.I == pytest.approx(88.293, abs=0.001)
    assert fold.frequency_hz == pytest.approx(7.39, abs=0.01)
    above = P.limit_cycle(P.morris_lecar(fold.I + 0.003), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    below = P.limit_cycle(P.morris_lecar(fold.I - 0.003), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    assert above is not None and below is None, "the stable cycle must end at the computed fold"
    assert fold.frequency_hz < 1000 / above.period < 7.9, "just above the fold it fires slightly faster"
    at_88_3 = P.limit_cycle(P.morris_lecar(88.3), [20.0, 0.0], 4000, 2000, rtol=1e-10, atol=1e-12)
    assert 1000 / at_88_3.period == pytest.approx(7.90, abs=0.01), "7.9 Hz is the rate at 88.30, above the fold"


def test_ml_snic_frequency_starts_from_zero_roughly_like_the_square_root_of_the_excess_current():
    # nl-03: f ~ c sqrt(I - I_c) just above the SNIC current, c drifting only slowly
    I_c = float(np.max(P.ml_bifurcation(P.ML_SNIC, cycles=False).fold_I))
    assert I_c == pytest.approx(39.96, abs=0.01)
    c = []
    for I in (40.0, 40.5, 42.0):
        lc = P.limit_cycle(P.morris_lecar(I, **P.ML_SNIC), [20.0, 0.0], 1000, 8000, rtol=1e-8, atol=1e-10)
        c.append(1000 / lc.period / math.sqrt(I - I_c))
    assert c[0] == pytest.approx(5.5, abs=0.1) and max(c) / min(c) < 1.2, c


def test_ml_snic_set_fires_slowly_just_above_onset_and_faster_further_up():
    bif = P.ml_bifurcation(P.ML_SNIC, [40.5, 60.0], t_transient=300, t_observe=1500)
    slow, fast = bif.frequency_hz
    assert slow < 5, f"{slow:.2f} Hz at I = 40.5: class 1 frequency should start near 0"
    assert fast > 3 * slow


def test_a_sweep_with_wrapped_fields_and_per_current_times_finds_the_same_cycles():
    # the lab's background sweep wraps each field (to yield and be cancelled) and observes longer
    # near the SNIC; neither may change what is found
    wrapped = []
    I, t_obs = [45.0, 60.0], [1500.0, 1500.0]
    plain = P.ml_bifurcation(P.ML_SNIC, I, t_transient=1000.0, t_observe=1500.0)
    got = P.ml_bifurcation(P.ML_SNIC, I, t_transient=1000.0, t_continue=1000.0, t_observe=t_obs,
                           wrap=lambda f: wrapped.append(f) or f)
    assert len(wrapped) == 2
    np.testing.assert_array_equal(got.frequency_hz, plain.frequency_hz)
    assert np.all((got.frequency_hz > 5) & (got.frequency_hz < 30)), "class 1: firing above the SNIC at 45 and 60"
