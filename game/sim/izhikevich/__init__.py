r"""Izhikevich's simple spiking neuron: simulation, phase plane, firing patterns, Fig. 1.

Model (Izhikevich 2003), time in ms, voltages in mV, ``I`` in the model's own
dimensionless current units (it enters ``dv/dt`` directly, so "I = 10" means
10 mV/ms of drive; it is not pA)::

    dv/dt = 0.04 v^2 + 5 v + 140 - u + I
    du/dt = a (b v - u)
    if v >= V_PEAK_MV (+30 mV):  v <- c,  u <- u + d

The package, one module per job (every public name is importable from here,
``from game.sim import izhikevich as izh; izh.simulate(...)``):

- :mod:`~game.sim.izhikevich.neuron`: the equations (:class:`Equations`), the
  exact Riccati stepper, :func:`simulate` and :func:`trajectory`;
- :mod:`~game.sim.izhikevich.population`: many neurons at once
  (:func:`simulate_many`) and the firing-class :func:`atlas`;
- :mod:`~game.sim.izhikevich.firing`: bursts, :func:`classify_firing`, the
  coincidence factor Gamma;
- :mod:`~game.sim.izhikevich.phase`: nullclines, :func:`equilibria`, the Hopf
  and saddle-node currents, the vector field, :func:`rheobase`;
- :mod:`~game.sim.izhikevich.presets`: the cell classes of Izhikevich (2003)
  Fig. 2 and the input that shows each;
- :mod:`~game.sim.izhikevich.fig1`: the 20 panels of Izhikevich (2004)
  Fig. 1 and :func:`figure1`.

Input protocols are the shared ones of :mod:`game.sim.inputs`:
:func:`protocol_current` is that function, and :data:`PROTOCOLS` lists the
kinds this model's presets and lab use (their default tables are the shared
ones, not copies).

>>> run = simulate(*PRESETS["CH"], I=10.0, t_ms=500.0)
>>> classify_firing(run.spikes, 500.0)
'tonic_bursting'

References
----------
.. [1] E. M. Izhikevich, "Simple model of spiking neurons," IEEE Trans.
   Neural Netw. 14(6):1569-1572, 2003.
.. [2] E. M. Izhikevich, "Which model to use for cortical spiking neurons?"
   IEEE Trans. Neural Netw. 15(5):1063-1070, 2004.
"""

from __future__ import annotations

from game.sim.inputs import PROTOCOLS as _SHARED_PROTOCOLS
from game.sim.inputs import protocol_current
from game.sim.izhikevich.fig1 import (EXACT_DT_MS, FEATURES, LETTERS, PANELS, STEP_DEPENDENT, Panel, figure1,
                                      matlab_colon, panel_current)
from game.sim.izhikevich.firing import (BURST_ISI_MS, FIRING_CLASSES, adaptation_index, bursts, classify_firing,
                                        classify_many, coincidence_factor, firing_rate, spikes_per_burst)
from game.sim.izhikevich.neuron import (C_MAX_MV, DEFAULT_DT_MS, DT_MAX_MS, GL_EQUATIONS, I_MAX, PARAM_BOUNDS,
                                        R_EQUATIONS, STANDARD, U_MAX, V_MIN_MV, V_PEAK_MV, Equations, Run,
                                        Trajectory, simulate, trajectory)
from game.sim.izhikevich.phase import (Equilibrium, equilibria, field, hopf_current, resting_state, rheobase,
                                       saddle_node_current, u_nullcline, v_nullcline)
from game.sim.izhikevich.population import ATLAS_DT_MS, Cancelled, Population, atlas, atlas_steps, simulate_many
from game.sim.izhikevich.presets import PRESET_NOTES, PRESETS, PresetNote

#: The input protocols of this model's presets and lab: the shared kinds of
#: :mod:`game.sim.inputs` with their (shared) default tables.
PROTOCOLS: dict[str, dict[str, float]] = {
    k: _SHARED_PROTOCOLS[k] for k in ("constant", "step", "pulse", "ramp", "negative_step")}

__all__ = [
    "V_PEAK_MV", "DEFAULT_DT_MS", "PRESETS", "PRESET_NOTES", "PresetNote",
    "FIRING_CLASSES", "PROTOCOLS", "Run", "Population", "Trajectory", "Equilibrium",
    "Cancelled", "simulate", "simulate_many", "bursts", "spikes_per_burst",
    "firing_rate", "adaptation_index", "classify_firing", "classify_many", "coincidence_factor",
    "v_nullcline", "u_nullcline", "equilibria", "saddle_node_current", "hopf_current", "resting_state",
    "Equations", "STANDARD", "GL_EQUATIONS", "R_EQUATIONS",
    "field",
    "trajectory", "atlas", "atlas_steps", "rheobase", "protocol_current",
    # constants that were module-level names of the single module
    "C_MAX_MV", "V_MIN_MV", "U_MAX", "I_MAX", "DT_MAX_MS", "PARAM_BOUNDS", "BURST_ISI_MS", "ATLAS_DT_MS",
    # the Fig. 1 catalogue (formerly game.sim.izhikevich_figure1)
    "Panel", "PANELS", "LETTERS", "FEATURES", "STEP_DEPENDENT", "figure1", "panel_current", "matlab_colon",
    "EXACT_DT_MS",
]
