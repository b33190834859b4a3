"""Goals the Izhikevich sandbox offers for "save as challenge".

Built from the run on screen: its firing rate (the default), the hidden
neuron of a "match the recording" level (the current slider values), and
for a bursting train its spikes per burst and burst rate. Thresholds are
fractions of the instructor's own figure, so the saved solution (the
current setup) earns three stars; the saved sliders start at the
sandbox's defaults, so the student has to find the values.
"""

from __future__ import annotations

import math

from game.labs.izhikevich import goals

#: Parameters a match_trace target can name.
TARGET_NAMES = ("a", "b", "c", "d", "I")


def _rising(value: float, fractions=(0.6, 0.8, 0.97)) -> list[float]:
    return [round(value * f, 3) for f in fractions]


def goals_for(view) -> list[dict]:
    """The choices of ``IzhikevichView.challenge_goals`` (see ``LabView.challenge_goals``)."""
    # every choice is "find values that do this": the saved level starts from the sandbox's defaults
    out: list[dict] = [{"goal": view.default_goal(), "tune": True}]
    spikes = view.result.run.spikes
    t_ms = view.neuron.t_ms
    target = {n: round(float(view.values[n]), 4) for n in TARGET_NAMES if n in view.params}
    if target and len(spikes) >= 2:
        out.append({"goal": {"type": "match_trace", "target": target, "window_ms": 4.0, "better": "higher",
                             "stars": [0.3, 0.6, 0.9]}, "tune": True})
    size = goals.burst_size(spikes, t_ms)
    if size >= 2:
        out.append({"goal": {"type": "spikes_per_burst", "better": "higher", "stars": _rising(size)},
                    "tune": True})
        need = float(min(3, math.floor(size)))
        rate = goals.burst_rate(spikes, t_ms, min_spikes=need)
        if rate > 0:
            out.append({"goal": {"type": "burst_rate", "min_spikes": need, "better": "higher",
                                 "stars": _rising(rate)}, "tune": True})
    return out
