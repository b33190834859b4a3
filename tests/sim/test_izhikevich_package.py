"""The package game.sim.izhikevich: every public name of the old single module, the shared
input protocols bit for bit against the module's own former code, and no pygame."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from game.sim import inputs
from game.sim import izhikevich as iz

#: Every public name of game/sim/izhikevich.py and game/sim/izhikevich_figure1.py before the split.
OLD_NAMES = (
    "V_PEAK_MV", "DEFAULT_DT_MS", "PRESETS", "PRESET_NOTES", "PresetNote", "FIRING_CLASSES", "PROTOCOLS", "Run",
    "Population", "Trajectory", "Equilibrium", "Cancelled", "simulate", "simulate_many", "bursts",
    "spikes_per_burst", "firing_rate", "adaptation_index", "classify_firing", "classify_many",
    "coincidence_factor", "v_nullcline", "u_nullcline", "equilibria", "saddle_node_current", "hopf_current",
    "resting_state", "Equations", "STANDARD", "GL_EQUATIONS", "R_EQUATIONS", "field", "trajectory", "atlas",
    "atlas_steps", "rheobase", "protocol_current", "C_MAX_MV", "V_MIN_MV", "U_MAX", "I_MAX", "DT_MAX_MS",
    "PARAM_BOUNDS", "BURST_ISI_MS", "ATLAS_DT_MS",
    "Panel", "PANELS", "LETTERS", "FEATURES", "STEP_DEPENDENT", "figure1", "panel_current", "matlab_colon",
    "EXACT_DT_MS",
)


def test_every_public_name_of_the_old_modules_is_importable_from_the_package():
    missing = [n for n in OLD_NAMES if not hasattr(iz, n)]
    assert not missing, f"the package __init__ must re-export {missing}"
    assert set(OLD_NAMES) <= set(iz.__all__)
    assert callable(iz.figure1) and iz.figure1("B").spikes.size == 1, "izh.figure1 is the function"


def test_the_protocols_are_the_shared_ones_not_a_copy():
    assert iz.protocol_current is inputs.protocol_current
    assert list(iz.PROTOCOLS) == ["constant", "step", "pulse", "ramp", "negative_step"]
    for kind, table in iz.PROTOCOLS.items():
        assert table is inputs.PROTOCOLS[kind], f"{kind}: a second copy of the shared default table"


# ------------------------------------------------------------------ the former izhikevich protocols
# game/sim/izhikevich.py's own protocol_current before it became the shared one, kept verbatim
# as the reference the shared function must match bit for bit on the Izhikevich kinds.

_OLD_DEFAULTS = {
    "constant": {"amp": 10.0},
    "step": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": math.inf},
    "pulse": {"amp": 10.0, "base": 0.0, "onset_ms": 50.0, "width_ms": 5.0, "count": 1, "interval_ms": 20.0},
    "ramp": {"slope_per_ms": 0.05, "base": 0.0, "onset_ms": 0.0, "amp_max": math.inf},
    "negative_step": {"amp": -10.0, "base": 0.0, "onset_ms": 50.0, "offset_ms": 250.0},
}


def _old_protocol_current(kind, t, **p):
    q = dict(_OLD_DEFAULTS[kind])
    q.update({k: float(v) for k, v in p.items()})
    t = np.asarray(t, dtype=float)
    if kind == "constant":
        return np.full(t.shape, q["amp"])
    if kind in ("step", "negative_step"):
        on = (t >= q["onset_ms"]) & (t < q["offset_ms"])
        return np.where(on, q["amp"], q["base"])
    if kind == "pulse":
        count = int(q["count"])
        rel = t - q["onset_ms"]
        k = np.floor(rel / q["interval_ms"]) if q["interval_ms"] > 0 else np.zeros_like(rel)
        inside = (rel >= 0) & (k < count) & (rel - k * q["interval_ms"] < q["width_ms"])
        return np.where(inside, q["amp"], q["base"])
    r = q["base"] + q["slope_per_ms"] * np.maximum(t - q["onset_ms"], 0.0)
    return np.minimum(r, q["amp_max"]) if q["slope_per_ms"] >= 0 else np.maximum(r, -q["amp_max"])


def _params(kind, rng):
    p = {}
    for name in _OLD_DEFAULTS[kind]:
        if rng.random() < 0.3:
            continue
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


@pytest.mark.parametrize("kind", list(_OLD_DEFAULTS))
def test_the_shared_protocols_equal_the_former_izhikevich_ones_bit_for_bit(kind):
    assert iz.PROTOCOLS[kind] == _OLD_DEFAULTS[kind], "the defaults of an Izhikevich kind changed"
    rng = np.random.default_rng(3)
    grids = (np.arange(5001) * 0.2, np.arange(2001) * 0.1, np.linspace(-5.0, 333.0, 777))
    for k in range(150):
        p = _params(kind, rng)
        t = grids[k % 3]
        ours, old = iz.protocol_current(kind, t, **p), _old_protocol_current(kind, t, **p)
        assert ours.dtype == old.dtype and np.array_equal(ours, old), f"{kind} {p}"


def _grid(t_ms, dt_ms=iz.DEFAULT_DT_MS):
    return np.arange(int(round(t_ms / dt_ms)) + 1) * dt_ms


def test_protocols_build_the_documented_currents():
    t = _grid(400.0)
    assert np.all(iz.protocol_current("constant", t, amp=3.0) == 3.0)
    step = iz.protocol_current("step", t, amp=5.0, onset_ms=100.0)
    assert step[t < 100].max() == 0 and step[t >= 100].min() == 5
    pulse = iz.protocol_current("pulse", t, amp=2.0, width_ms=2.0, onset_ms=50.0, count=2,
                                interval_ms=40.0)
    assert np.count_nonzero(np.diff(pulse) > 0) == 2, "pulse doublet should rise twice"
    ramp = iz.protocol_current("ramp", t, slope_per_ms=0.1, onset_ms=100.0)
    assert ramp[t == 300.0][0] == pytest.approx(20.0)
    neg = iz.protocol_current("negative_step", t)
    assert neg.min() == -10.0 and neg[-1] == 0.0


def test_protocol_names_and_parameters_are_validated_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown input protocol 'sine'.*constant"):
        iz.protocol_current("sine", np.arange(3.0))
    with pytest.raises(ValueError, match="no parameter.*amplitude"):
        iz.protocol_current("step", np.arange(3.0), amplitude=2)
    with pytest.raises(ValueError, match="must be a number"):
        iz.protocol_current("step", np.arange(3.0), amp="high")


def test_the_model_module_does_not_import_pygame():
    code = ("import sys, game.sim.izhikevich, game.sim.izhikevich.fig1; "
            "assert 'pygame' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
