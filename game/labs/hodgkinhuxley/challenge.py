"""Goals the hodgkinhuxley sandbox offers for "save as challenge".

Each choice is built from what the instructor has on screen: the smallest
current that fires the run's spikes, the slowest sustained rate, the
narrowest spike, the shortest gap of a pulse pair; under voltage clamp the
Na+ current at its peak conductance and the inward clamp current.
Thresholds come from the instructor's own run, so the saved solution (the
current setup) earns three stars.
"""

from __future__ import annotations

import math

from game.core.readout import Say, fmt_number, fmt_value
from game.labs.common.challenge import ChallengeWriter
from game.labs.hodgkinhuxley import goals
from game.labs.hodgkinhuxley.schema import LIMITS, Fixed


def _falling(x: float, floor: float) -> list[float]:
    """Three thresholds for a "lower is better" goal that ``x`` meets with three stars."""
    best = max(1.03 * x, floor)
    return [round(best * 1.5, 3), round(best * 1.2, 3), round(best, 3)]


class Writer(ChallengeWriter):
    """Save as challenge from the hodgkinhuxley sandbox."""

    def setup(self) -> dict:
        v, m = self.view, self.model
        data = super().setup()
        fixed = {"mode": "clamp" if m.clamp_mode else "current", "protocol": m.protocol,
                 "t_ms": m.fixed.t_ms, "clamp_ms": m.fixed.clamp_ms, "onset_ms": m.fixed.onset_ms,
                 "panel": v.panel_kind}
        for name in LIMITS:
            if name not in v.params:
                fixed[name] = round(float(m.values[name]), 6)
        data["fixed"] = fixed
        return data

    def solution(self) -> dict:
        values = self.model.values
        return {"params": {k: float(values[k]) for k in self.view.params}}

    def offers(self) -> list[dict]:
        return offers(self.model)

    def brief_fields(self, data) -> dict:
        """the input protocol in words, the run length ``t_ms``,
        ``keep_late`` as a percentage, and the variant for one spike, sustained firing or a broad spike."""
        goal = data["goal"]
        gtype = goal["type"]
        full = self.goal_with_defaults(goal)
        out: dict = {}
        fixed = data.get("fixed", {})
        default = Fixed.model_fields
        out["protocol"] = Say(f"hodgkinhuxley.input.{fixed.get('protocol', default['protocol'].default)}")
        out["t_ms"] = fmt_number(fixed.get("t_ms", default["t_ms"].default))
        if gtype == "min_current":
            if full["sustained"]:
                out["variant"] = "sustained"
            elif full["spikes"] == 1:
                out["variant"] = "one"
        if gtype == "spike_width" and goal["better"] == "higher":
            out["variant"] = "higher"
        if gtype == "inward_peak":
            out["keep_late"] = fmt_value(100.0 * full["keep_late"], "%")
        return out


def offers(model) -> list[dict]:
    """Goals built from the model's current run (see ``ChallengeWriter.offers``)."""
    r = model.result
    if r.mode == "clamp":
        out = []
        na = goals.na_at_peak_conductance(r, 1.0)
        if na is not None:
            out.append({"goal": {"type": "reversal", "better": "lower", "stars": _falling(abs(na), 5.0)},
                        "tune": True})
        out.append({"goal": {"type": "inward_peak", "keep_late": 0.5, "better": "lower",
                             "stars": _falling(goals.inward_peak(r), 5.0)}, "tune": True})
        return out
    n = int(r.spikes.size)
    I = abs(float(model.values["I"]))
    out = [{"goal": {"type": "min_current", "spikes": max(1, n), "better": "lower",
                     "stars": _falling(I, 0.1) if n else [30.0, 20.0, 10.0]}, "tune": True}]
    rate = goals.rate_of(r)
    if rate > 0:
        out.append({"goal": {"type": "slowest_rate", "better": "lower", "stars": _falling(rate, 1.0)},
                    "tune": True})
    width = goals.first_width(r)
    if width is not None and math.isfinite(width):
        out.append({"goal": {"type": "spike_width", "better": "lower", "stars": _falling(width, 0.05)},
                    "tune": True})
    if model.protocol == "pulse_pair" and n >= 2 and model.values["gap_ms"] > 0:
        out.append({"goal": {"type": "min_gap", "better": "lower",
                             "stars": _falling(float(model.values["gap_ms"]), 0.1)}, "tune": True})
    return out
