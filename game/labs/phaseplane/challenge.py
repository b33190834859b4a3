"""Goals the phase-plane sandbox offers for "save as challenge".

Each choice is built from what the instructor has on screen: gates placed
along the last trajectory, an orbit through two of its points, the time the
current system takes to reach a disc, the settling time of the critically
damped oscillator. Thresholds are set from the instructor's own run where
one exists, so the saved solution (the current setup) earns three stars.
"""

from __future__ import annotations

import math

import numpy as np

from game.labs.common.challenge import ChallengeWriter
from game.labs.phaseplane import goals


def _points_along(xy: np.ndarray, fractions) -> list[list[float]]:
    """Points at the given fractions of a path's arc length (model units)."""
    xy = xy[np.isfinite(xy).all(axis=1)]
    seg = np.hypot(*np.diff(xy, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    return [[round(float(v), 3) for v in xy[min(len(xy) - 1, int(np.searchsorted(s, f * s[-1])))]]
            for f in fractions]


def _path_length(xy: np.ndarray) -> float:
    xy = xy[np.isfinite(xy).all(axis=1)]
    return float(np.hypot(*np.diff(xy, axis=0).T).sum()) if len(xy) > 1 else 0.0


class Writer(ChallengeWriter):
    """Save as challenge from the phaseplane sandbox."""

    def setup(self) -> dict:
        m = self.model
        data = super().setup()
        data["window"] = {"x": list(m.window.xlim), "y": list(m.window.ylim)}
        data["fixed"] = {"mode": m.system}
        if m.system == "linear" and not all(n in self.view.params for n in ("a11", "a12", "a21", "a22")):
            data["fixed"]["A"] = m.A().tolist()
        return data

    def solution(self) -> dict:
        m = self.model
        params = m.values.sliders()
        starts = [list(l.start) for l in m.launches[-1:]]
        return {"params": params, "starts": starts} if starts else {"params": params}

    def offers(self) -> list[dict]:
        return offers(self.model)


DEFAULT_GOAL = {"type": "closest_approach", "point": [0.0, 0.0], "radius": 0.1,
                "better": "lower", "stars": [0.5, 0.25, 0.1]}


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``)."""
    out: list[dict] = [{"goal": dict(DEFAULT_GOAL)}]
    width = float(model.window.width)
    last = model.launches[-1] if model.launches else None
    long_path = last is not None and _path_length(last.fwd.xy) > 0.2 * width
    if long_path:
        r = round(0.04 * width, 3)
        gates = [[x, y, r] for x, y in _points_along(last.fwd.xy, (0.25, 0.5, 0.75))]
        out.append({"goal": {"type": "gates", "gates": gates, "better": "higher", "stars": [1, 2, 3]},
                    "controls": {"start": "click"}})
    if model.system == "oscillator":
        start = list(last.start) if last is not None else [1.0, 0.0]
        m, _, k = model.oscillator()
        tol = 0.01
        best = goals.settling(m, 2.0 * math.sqrt(m * k), k, start, tol)
        if math.isfinite(best) and best < goals.MISS:
            stars = [round(best * f, 3) for f in (1.5, 1.2, 1.03)]
            out.append({"goal": {"type": "settling_time", "tol": tol, "no_overshoot": True, "better": "lower",
                                 "stars": stars},
                        "fixed": {"start": [round(v, 4) for v in start]}, "controls": {"start": "fixed"},
                        "tune": True})
        return out
    kind = model.kind()
    if last is not None and kind == "center" and long_path:
        pts = _points_along(last.fwd.xy, (1 / 3, 2 / 3))
        miss = [round(f * width, 4) for f in (0.08, 0.03, 0.01)]
        out.append({"goal": {"type": "orbit_through", "points": pts, "better": "lower", "stars": miss},
                    "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                    "tune": True})
    if last is not None and kind.startswith("stable"):
        radius = round(0.05 * width, 3)
        f = last.fwd
        t_now = goals.reach_disc(f.t, f.xy, radius, model.window.bounds)
        if 0 < t_now < goals.MISS:
            stars = [round(t_now * k, 3) for k in (2.5, 1.6, 1.05)]
            out.append({"goal": {"type": "reach_disc", "radius": radius, "better": "lower", "stars": stars},
                        "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                        "tune": True})
    out.append({"goal": {"type": "regions_visited", "better": "higher", "stars": [4, 5, 6]},
                "controls": {"td_drag": True}})
    return out
