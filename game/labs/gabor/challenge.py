"""Goals the Gabor sandbox offers for "save as challenge".

"Find the hidden filter" (the current filter, the default) works on any
image; the other goals are scored on one kind of generated image, so they
are offered when the sandbox shows it: edges for the edge share, a grating
for the wavelength match, two textures for the contrast and the
hypercolumn. Thresholds follow the shipped example levels. The saved level
fixes the image (the picker is switched off).
"""

from __future__ import annotations

import math

from game.labs.gabor.schema import GOAL_SOURCE


def goals_for(view) -> list[dict]:
    """The choices of ``GaborView.challenge_goals`` (see ``LabView.challenge_goals``)."""
    out: list[dict] = [{"goal": view.default_goal()}]
    pic = view.engine.picture
    name = pic.source.name if pic.source is not None and pic.error is None else None
    theta = math.degrees(view.filter.theta) % 180.0
    edges = "vertical" if min(theta, 180.0 - theta) < 45.0 else "horizontal"
    offers = {
        "edge_share": {"type": "edge_share", "edges": edges, "band_px": 2, "response": "even", "better": "higher",
                       "stars": [40, 60, 75]},
        "wavelength_match": {"type": "wavelength_match", "better": "higher", "stars": [80, 95, 99.5]},
        "segment_contrast": {"type": "segment_contrast", "response": "energy", "exclude_px": 8,
                             "better": "higher", "stars": [50, 80, 92]},
        "bank_accuracy": {"type": "bank_accuracy", "exclude_px": 8, "better": "higher", "stars": [60, 75, 85]},
    }
    for gtype, goal in offers.items():
        if name in GOAL_SOURCE[gtype]:
            out.append({"goal": goal, "controls": {"picker": False}})
    out.append({"goal": {"type": "narrow_tuning", "better": "lower", "stars": [60, 35, 21]}})
    return out
