"""Goals the Gabor sandbox offers for "save as challenge".

"Find the hidden filter" (the current filter, the default) works on any
image; the other goals are scored on one kind of generated image, so they
are offered when the sandbox shows it: edges for the edge share, a grating
for the wavelength match, two textures for the contrast and the
hypercolumn. Thresholds follow the shipped example levels. The saved level
fixes the image (the picker is switched off) and starts its sliders at the
sandbox's first values, not at the answer.
"""

from __future__ import annotations

import math

from game.core.readout import Say
from game.labs.common.challenge import ChallengeWriter
from game.labs.gabor.schema import GOAL_SOURCE, MAX_KERNEL, default_source


class Writer(ChallengeWriter):
    """Save as challenge from the gabor sandbox."""

    def setup(self) -> dict:
        data = super().setup()
        m = self.model
        pic = m.picture
        src = pic.source if pic.source is not None and pic.error is None else default_source()
        fixed = {"source": src.model_dump(exclude_none=True)}
        if m.fixed.max_kernel != MAX_KERNEL:
            fixed["max_kernel"] = m.fixed.max_kernel
        for name, p in data["params"].items():
            p["default"] = self.view.params[name].default
        data["fixed"] = fixed
        return data

    def solution(self) -> dict:
        return {"params": {k: float(v) for k, v in self.model.values.sliders().items()}}

    def offers(self) -> list[dict]:
        return offers(self.model)

    def brief_fields(self, data) -> dict:
        """the image it is scored on and the words for its edges and response."""
        goal = data["goal"]
        full = self.goal_with_defaults(goal)
        out: dict = {}
        fixed = data.get("fixed", {})
        name = "png" if fixed.get("image") else (fixed.get("source") or {}).get("name", default_source().name)
        out["image"] = Say(f"gabor.source.{name}")
        if "edges" in full:
            out["edges"] = Say(f"gabor.brief_edges.{full['edges']}")
        if "response" in full:
            out["response"] = Say(f"gabor.brief_response.{full['response']}")
        return out


def default_goal(model) -> dict:
    """Find the filter the instructor set up (by its response map)."""
    f = model.filter
    target = {"theta_deg": round(math.degrees(f.theta), 3), "wavelength": max(2.0, round(f.wavelength, 3)),
              "sigma": min(32.0, round(f.sigma, 3)), "phase_deg": round(math.degrees(f.phase), 3),
              "gamma": round(f.gamma, 3)}
    return {"type": "match_filter", "target": target, "response": "even" if model.resp_mode == "pair"
            else model.resp_mode, "better": "higher", "stars": [0.7, 0.9, 0.97]}


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``)."""
    out: list[dict] = [{"goal": default_goal(model)}]
    pic = model.picture
    name = pic.source.name if pic.source is not None and pic.error is None else None
    theta = math.degrees(model.filter.theta) % 180.0
    edges = "vertical" if min(theta, 180.0 - theta) < 45.0 else "horizontal"
    choices = {
        "edge_share": {"type": "edge_share", "edges": edges, "band_px": 2, "response": "even", "better": "higher",
                       "stars": [40, 60, 75]},
        "wavelength_match": {"type": "wavelength_match", "better": "higher", "stars": [80, 95, 99.5]},
        "segment_contrast": {"type": "segment_contrast", "response": "energy", "exclude_px": 8,
                             "better": "higher", "stars": [50, 80, 92]},
        "bank_accuracy": {"type": "bank_accuracy", "exclude_px": 8, "better": "higher", "stars": [60, 75, 85]},
    }
    for gtype, goal in choices.items():
        if name in GOAL_SOURCE[gtype]:
            out.append({"goal": goal, "controls": {"picker": False}})
    out.append({"goal": {"type": "narrow_tuning", "better": "lower", "stars": [60, 35, 21]}})
    return out
