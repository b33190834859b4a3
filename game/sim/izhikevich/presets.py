"""The cell classes of Izhikevich (2003) Fig. 2 and the input that shows each one's behaviour.

:data:`PRESETS` maps a class name to its (a, b, c, d); :data:`PRESET_NOTES` says
what each class is known for and which protocol of :mod:`game.sim.inputs`
shows it (the lab's preset buttons load both).

>>> PRESETS["CH"]
(0.02, 0.2, -50.0, 2.0)
>>> PRESET_NOTES["TC"].protocol
'negative_step'

References
----------
.. [1] E. M. Izhikevich, "Simple model of spiking neurons," IEEE Trans.
   Neural Netw. 14(6):1569-1572, 2003, Fig. 2.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRESETS", "PRESET_NOTES", "PresetNote"]

# --------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------

PRESETS: dict[str, tuple[float, float, float, float]] = {
    "RS": (0.02, 0.2, -65.0, 8.0),     # regular spiking
    "IB": (0.02, 0.2, -55.0, 4.0),     # intrinsically bursting
    "CH": (0.02, 0.2, -50.0, 2.0),     # chattering
    "FS": (0.1, 0.2, -65.0, 2.0),      # fast spiking
    "LTS": (0.02, 0.25, -65.0, 2.0),   # low-threshold spiking
    "TC": (0.02, 0.25, -65.0, 0.05),   # thalamo-cortical
    "RZ": (0.1, 0.26, -65.0, 2.0),     # resonator
}
"""The cell classes of Izhikevich (2003) Fig. 2: name -> (a, b, c, d)."""


@dataclass(frozen=True)
class PresetNote:
    """What a preset is known for and the input that shows it.

    Attributes
    ----------
    name : str
        Long name of the cell class.
    behaviour : str
        The published behaviour, one sentence.
    protocol : str
        A :func:`protocol_current` kind that shows it.
    params : dict
        Keyword arguments for :func:`protocol_current`.
    t_ms : float
        A run length (ms) that shows it.
    expected_class : str
        What :func:`classify_firing` reports for that run.
    from_rest : bool
        Start at :func:`resting_state` (True) or at Izhikevich's usual
        ``v0 = -65, u0 = b v0`` (False, the default of :func:`simulate`).
    """

    name: str
    behaviour: str
    protocol: str
    params: dict
    t_ms: float
    expected_class: str
    from_rest: bool = False


PRESET_NOTES: dict[str, PresetNote] = {
    "RS": PresetNote(
        "regular spiking",
        "Tonic spikes whose interval lengthens after the first ones "
        "(spike-frequency adaptation); the common excitatory cortical cell.",
        "constant", {"amp": 10.0}, 1000.0, "spike_frequency_adaptation"),
    "IB": PresetNote(
        "intrinsically bursting",
        "An initial burst of 2-4 spikes, then repetitive single spikes "
        "(mixed mode): the high reset c = -55 mV lets the first spikes pile up.",
        "constant", {"amp": 10.0}, 1000.0, "mixed_mode"),
    "CH": PresetNote(
        "chattering",
        "Repeated bursts of several closely spaced spikes (c = -50 mV, small d); "
        "inter-burst intervals of about 40-50 ms.",
        "constant", {"amp": 10.0}, 1000.0, "tonic_bursting"),
    "FS": PresetNote(
        "fast spiking",
        "Very high-frequency tonic spikes (over 100 Hz at I = 10) with practically "
        "no adaptation; the fast recovery a = 0.1 settles within a few spikes.",
        "constant", {"amp": 10.0}, 1000.0, "tonic_spiking"),
    "LTS": PresetNote(
        "low-threshold spiking",
        "A high-frequency start (first interval about 3 ms) with strong spike-"
        "frequency adaptation; b = 0.25 also gives a low threshold and rebound "
        "spikes after inhibition.",
        "constant", {"amp": 10.0}, 1000.0, "spike_frequency_adaptation"),
    "TC": PresetNote(
        "thalamo-cortical",
        "Two modes: tonic spiking when depolarised from rest (I = 10), and a "
        "rebound burst when released from hyperpolarisation.  The rebound is "
        "the signature, so its protocol is a negative step: I = -10 from 50 "
        "to 250 ms, then 0.",
        "negative_step", {"amp": -10.0, "onset_ms": 50.0, "offset_ms": 250.0},
        1000.0, "phasic_bursting", True),
    "RZ": PresetNote(
        "resonator",
        "A resonator because its rest loses stability through an Andronov-Hopf "
        "bifurcation (b = 0.26 > a = 0.1: I_H = 0.2625, before the saddle-node at "
        "I_sn = 0.4225).  Rest is a stable focus (eigenvalues -0.05 +- 0.153i per "
        "ms at I = 0: a damped subthreshold oscillation with a period of about "
        "41 ms), so it responds to input timing: two brief pulses (2 ms, I = 1.2) "
        "that are each subthreshold fire a spike when 40-50 ms apart (in phase "
        "with the oscillation) but not when 20-35 ms or 55 ms or more apart.  "
        "Constant I = 10 only shows fast tonic spiking, so its protocol is this "
        "doublet, started at rest.",
        "pulse", {"amp": 1.2, "width_ms": 2.0, "onset_ms": 50.0,
                  "count": 2, "interval_ms": 45.0},
        300.0, "phasic_spiking", True),
}
"""Published behaviour of each preset and the protocol that shows it."""
