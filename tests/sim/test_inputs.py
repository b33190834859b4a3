"""Shared input protocols (game/sim/inputs.py): the Izhikevich kinds bit for bit,
the pulse pair, seeded noise and bad parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim import inputs
from game.sim import izhikevich as iz

GRIDS = [np.arange(5001) * 0.2, np.arange(2001) * 0.1, np.linspace(-5.0, 333.0, 777)]


def _random_params(kind, rng):
    """A parameter set for ``kind`` that mixes defaults, odd values and the edge cases."""
    p = {}
    for name in iz.PROTOCOLS[kind]:
        if rng.random() < 0.3:
            continue                                   # keep the default
        if name == "count":
            p[name] = int(rng.integers(1, 6))
        elif name in ("offset_ms", "amp_max") and rng.random() < 0.3:
            p[name] = math.inf
        elif name == "interval_ms":
            p[name] = float(rng.choice([0.0, rng.uniform(0.1, 80.0)]))
        elif name == "width_ms":
            p[name] = float(rng.uniform(0.05, 30.0))
        elif name.endswith("_ms"):
            p[name] = float(rng.uniform(-10.0, 400.0))
        else:
            p[name] = float(rng.uniform(-50.0, 50.0))
    return p


@pytest.mark.parametrize("kind", list(iz.PROTOCOLS))
def test_every_izhikevich_kind_gives_bit_identical_currents_over_many_parameter_sets(kind):
    rng = np.random.default_rng(17)
    for k in range(200):
        p = _random_params(kind, rng)
        t = GRIDS[k % len(GRIDS)]
        ours = inputs.protocol_current(kind, t, **p)
        theirs = iz.protocol_current(kind, t, **p)
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert np.array_equal(ours, theirs), f"{kind} {p}: the shared protocol drifted from izhikevich's"


def test_the_shared_table_extends_the_izhikevich_table_with_the_same_defaults():
    for kind, defaults in iz.PROTOCOLS.items():
        assert inputs.PROTOCOLS[kind] == defaults
    assert {"pulse_pair", "noise"} <= set(inputs.PROTOCOLS)


@pytest.mark.parametrize("kind, p", [("step", {"amp": "x"}), ("pulse", {"width_ms": math.nan}),
                                     ("ramp", {"onset_ms": math.inf}), ("constant", {"bogus": 1}),
                                     ("pulse", {"count": 0})])
def test_bad_parameters_of_a_shared_kind_raise_the_izhikevich_message(kind, p):
    with pytest.raises(ValueError) as ours:
        inputs.protocol_current(kind, GRIDS[0], **p)
    with pytest.raises(ValueError) as theirs:
        iz.protocol_current(kind, GRIDS[0], **p)
    assert str(ours.value) == str(theirs.value)


def test_an_unknown_kind_names_every_kind_there_is():
    with pytest.raises(ValueError, match="pulse_pair, noise"):
        inputs.protocol_current("sine", GRIDS[0])


def test_a_pulse_pair_puts_its_second_pulse_gap_ms_after_the_end_of_the_first():
    t = np.arange(1001) * 0.1
    I = inputs.protocol_current("pulse_pair", t, amp=20.0, onset_ms=10.0, width_ms=1.0, gap_ms=5.0)
    on = t[I == 20.0]
    first, second = on[on < 12.0], on[on >= 12.0]
    assert first[0] == pytest.approx(10.0) and first[-1] == pytest.approx(10.9)
    assert second[0] == pytest.approx(16.0) and second[-1] == pytest.approx(16.9), \
        "gap_ms runs from the end of the first pulse to the start of the second"
    assert np.count_nonzero(I) == 20 and np.all(I[I != 20.0] == 0.0)


def test_a_pulse_pair_with_no_gap_is_one_pulse_of_twice_the_width():
    t = np.arange(401) * 0.1
    pair = inputs.protocol_current("pulse_pair", t, amp=3.0, onset_ms=5.0, width_ms=2.0, gap_ms=0.0)
    one = inputs.protocol_current("pulse", t, amp=3.0, onset_ms=5.0, width_ms=4.0)
    assert np.array_equal(pair, one)


def test_pulse_pair_refuses_a_negative_gap_or_zero_width():
    with pytest.raises(ValueError, match="gap_ms >= 0"):
        inputs.protocol_current("pulse_pair", GRIDS[1], gap_ms=-1.0)
    with pytest.raises(ValueError, match="width_ms > 0"):
        inputs.protocol_current("pulse_pair", GRIDS[1], width_ms=0.0)


def test_noise_with_a_seed_is_reproducible_and_another_seed_differs():
    t = GRIDS[1]
    a = inputs.protocol_current("noise", t, mean=1.0, sd=2.0, seed=3)
    assert np.array_equal(a, inputs.protocol_current("noise", t, mean=1.0, sd=2.0, seed=3))
    assert not np.array_equal(a, inputs.protocol_current("noise", t, mean=1.0, sd=2.0, seed=4))


def test_noise_sd_is_the_standard_deviation_of_each_sample():
    t = np.arange(200_000) * 0.1
    x = inputs.protocol_current("noise", t, mean=5.0, sd=3.0, seed=11)
    n = x.size
    # five standard errors of the sample mean and sample sd of n normal draws
    assert abs(x.mean() - 5.0) < 5 * 3.0 / math.sqrt(n)
    assert abs(x.std() - 3.0) < 5 * 3.0 / math.sqrt(2 * n)
    lag1 = np.corrcoef(x[:-1], x[1:])[0, 1]
    assert abs(lag1) < 5 / math.sqrt(n), "samples must be independent (white noise)"


def test_noise_does_not_depend_on_the_sample_times_only_on_their_number():
    a = inputs.protocol_current("noise", np.arange(100) * 0.1, sd=1.0, seed=5)
    b = inputs.protocol_current("noise", np.arange(100) * 0.5, sd=1.0, seed=5)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("p, msg", [({"seed": -1}, "whole number"), ({"seed": 1.5}, "whole number"),
                                    ({"sd": -0.1}, "sd must be >= 0"), ({"seed": math.inf}, "finite")])
def test_noise_refuses_bad_seeds_and_negative_sd(p, msg):
    with pytest.raises(ValueError, match=msg):
        inputs.protocol_current("noise", GRIDS[1], **p)
