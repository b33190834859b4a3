"""Many neurons at once and the atlas (game/sim/izhikevich/population.py)."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import izhikevich as iz

def run_preset(name, I=10.0, t_ms=1000.0, dt_ms=iz.DEFAULT_DT_MS, **kw):
    return iz.simulate(*iz.PRESETS[name], I=I, t_ms=t_ms, dt_ms=dt_ms, **kw)


def test_population_run_matches_single_neuron_runs():
    names = sorted(iz.PRESETS)
    p = np.array([iz.PRESETS[k] for k in names])
    pop = iz.simulate_many(p[:, 0], p[:, 1], p[:, 2], p[:, 3], 10.0, 500.0)
    for k, s in zip(names, pop.spikes):
        single = run_preset(k, t_ms=500.0).spikes
        assert s.size == single.size, f"{k}: vectorised loop differs from the scalar loop"
        assert np.allclose(s, single, atol=1e-8)
    assert pop.counts.tolist() == [s.size for s in pop.spikes]


# --------------------------------------------------------------------------
# Atlas and rheobase
# --------------------------------------------------------------------------


def test_atlas_equals_single_neuron_runs_at_sampled_points():
    cs = np.linspace(-70, -45, 6)
    ds = np.linspace(0, 10, 5)
    seen = []
    m = iz.atlas("c", cs, "d", ds, {"a": 0.02, "b": 0.2}, 10.0, 500.0, progress=seen.append)
    assert m.shape == (ds.size, cs.size)
    assert seen[-1] == 1.0 and all(x <= y for x, y in zip(seen, seen[1:])), "progress not monotone"
    for j, i in [(0, 0), (2, 3), (4, 5), (1, 4), (3, 1)]:
        s = iz.simulate(0.02, 0.2, cs[i], ds[j], 10.0, 500.0, dt_ms=iz.ATLAS_DT_MS).spikes
        assert iz.FIRING_CLASSES[m[j, i]] == iz.classify_firing(s, 500.0), (
            f"atlas cell (c={cs[i]}, d={ds[j]}) disagrees with simulate")
    assert len(set(m.ravel())) >= 3, "the c-d map should show several firing classes"
    with pytest.raises(iz.Cancelled):
        iz.atlas("c", cs, "d", ds, {}, 10.0, 500.0, should_stop=lambda: True)


def test_the_population_run_takes_the_same_equations_as_the_single_run():
    a = np.array([0.02, 0.03])
    pop = iz.simulate_many(a, -0.1, -55.0, 6.0, 6.0, 300.0, eqs=iz.GL_EQUATIONS)
    for k in range(2):
        single = iz.simulate(a[k], -0.1, -55.0, 6.0, 6.0, 300.0, eqs=iz.GL_EQUATIONS).spikes
        assert np.allclose(pop.spikes[k], single, atol=1e-8)
    pop = iz.simulate_many(a, 1.0, -55.0, 4.0, 12.0, 300.0, u0=-16.0, eqs=iz.R_EQUATIONS)
    single = iz.simulate(0.02, 1.0, -55.0, 4.0, 12.0, 300.0, u0=-16.0, eqs=iz.R_EQUATIONS).spikes
    assert single.size > 0 and np.allclose(pop.spikes[0], single, atol=1e-8)
