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

from game.core.readout import fmt_number
from game.labs.common.challenge import ChallengeWriter
from game.labs.izhikevich import goals
from game.labs.izhikevich.schema import FIGURE1, TUNABLES
from game.sim import izhikevich as izh

#: Parameters a match_trace target can name.
TARGET_NAMES = ("a", "b", "c", "d", "I")


def _rising(value: float, fractions=(0.6, 0.8, 0.97)) -> list[float]:
    return [round(value * f, 3) for f in fractions]


class Writer(ChallengeWriter):
    """Save as challenge from the izhikevich sandbox."""

    def setup(self) -> dict:
        m = self.model
        n = m.neuron
        data = super().setup()
        if n.protocol["kind"] == FIGURE1:
            proto = {"kind": FIGURE1}
        else:
            proto = {k: v for k, v in n.protocol.items() if k == "kind" or math.isfinite(v)}
        fixed = {"t_ms": n.t_ms, "protocol": proto, "start": n.start_mode}
        if n.panel is not None:
            fixed["figure1"] = n.panel
        if n.click is not None:
            fixed["start"] = "default"
            fixed["v0"], fixed["u0"] = (round(x, 4) for x in n.click)
        data["fixed"] = fixed
        data["window"] = {"x": [round(x, 4) for x in m.xlim], "y": [round(y, 4) for y in m.ylim]}
        return data

    def solution(self) -> dict:
        m = self.model
        sol = {k: float(v) for k, v in m.values.sliders().items() if k in TUNABLES}
        if m.neuron.click is not None:
            sol["start"] = [round(x, 4) for x in m.neuron.click]
        return sol

    def offers(self) -> list[dict]:
        return offers(self.model, self.view.params)

    def brief_fields(self, data) -> dict:
        """the run length ``t_ms``, a spike count's window end ``to_ms``, and
        the variant for a counting window that starts late or a goal scored the other way round."""
        goal = data["goal"]
        gtype = goal["type"]
        full = self.goal_with_defaults(goal)
        out: dict = {}
        t_ms = data.get("fixed", {}).get("t_ms")
        if t_ms is None and self.model is not None:
            t_ms = self.model.neuron.t_ms
        if t_ms is not None:
            out["t_ms"] = fmt_number(t_ms)
        if gtype == "firing_rate" and full["from_ms"] > 0:
            out["variant"] = "from"
        if gtype == "spike_count":
            if full["to_ms"] is not None:
                out["to_ms"] = fmt_number(full["to_ms"])
            elif t_ms is not None:
                out["to_ms"] = fmt_number(t_ms)
        if gtype in ("spike_count", "adaptation_ms") and goal["better"] == "higher":
            out["variant"] = "higher"
        return out


def default_goal(model) -> dict:
    """The rate of the run on screen, to within 1 Hz for three stars."""
    rate = izh.firing_rate(model.result.run.spikes, model.neuron.t_ms)
    return {"type": "firing_rate", "target_hz": float(max(1, round(rate))) if rate >= 1 else 10.0,
            "better": "lower", "stars": [5.0, 2.0, 1.0]}


def offers(model, params) -> list[dict]:
    """Goals built from the model's run (see ``ChallengeWriter.offers``); ``params`` are the sliders."""
    # every choice is "find values that do this": the saved level starts from the sandbox's defaults
    out: list[dict] = [{"goal": default_goal(model), "tune": True}]
    spikes = model.result.run.spikes
    t_ms = model.neuron.t_ms
    target = {n: round(float(model.values[n]), 4) for n in TARGET_NAMES if n in params}
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
