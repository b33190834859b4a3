"""Goals the phase-plane sandbox offers for "save as challenge".

Each choice is built from what the instructor has on screen: the closest
approach of the last trajectory to the origin, gates placed along it, an
orbit through two of its points, the time the current system takes to reach
a disc, the oscillator's settling time, a tour of the trace-determinant
regions the instructor's A has visited. The dialog proves each one by
playing its solution headless and sets the thresholds from the proven score
(``ChallengeWriter.thresholds``); distances get a three-star margin of at
least :data:`FLOOR` of the window's width (a clicked start is only as
precise as a pixel).
"""

from __future__ import annotations

import math

import numpy as np

from game.labs.common.challenge import ChallengeWriter
from game.labs.phaseplane import goals

#: Smallest three-star margin of a distance goal, as a fraction of the window's width.
FLOOR = 0.01
#: A point (p, q) inside each region of the trace-determinant plane (the tour's solution drags
#: the dot there; the centre needs p = 0 exactly, which the tour's drag cannot promise).
REGION_POINTS = {"saddle": (0.0, -1.5), "stable_node": (-3.0, 1.0), "stable_focus": (-1.0, 2.0),
                 "unstable_focus": (1.0, 2.0), "unstable_node": (3.0, 1.0)}


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

    counts = frozenset({"gates", "regions_visited"})

    def floor(self, goal) -> float:
        return FLOOR * float(self.model.window.width) if goal["type"] in ("closest_approach",
                                                                          "orbit_through") else 0.0

    def brief_fields(self, data) -> dict:
        goal = data["goal"]
        out: dict = {"quiz_n": len(data.get("fixed", {}).get("quiz", []))}
        if goal.get("min_start_distance", 0) > 0:
            out["variant"] = "far"
        if goal.get("strict"):
            out["variant"] = "strict"
        return out


DEFAULT_GOAL = {"type": "closest_approach", "point": [0.0, 0.0], "radius": 0.1,
                "better": "lower", "stars": [0.5, 0.25, 0.1]}


def closest_goal(last) -> dict:
    """Closest approach to the origin; a start must lie at least half as far out as the instructor's,
    so clicking on the target itself does not win."""
    goal = dict(DEFAULT_GOAL)
    if last is not None:
        far = math.floor(50 * math.dist(last.start, goal["point"])) / 100
        if far > 0:
            goal["min_start_distance"] = far
    return goal


def tour(model) -> dict | None:
    """The regions the instructor's A visited as a tour: the dot dragged to one point in each."""
    seen = [r for r in REGION_POINTS if r in model.visited]
    if len(seen) < 2:
        return None
    return {"goal": {"type": "regions_visited", "better": "higher", "stars": [1, 2, 3]},
            "controls": {"td_drag": True}, "solution": {"td_points": [list(REGION_POINTS[r]) for r in seen]}}


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``)."""
    width = float(model.window.width)
    last = model.launches[-1] if model.launches else None
    out: list[dict] = [{"goal": closest_goal(last)}]
    long_path = last is not None and _path_length(last.fwd.xy) > 0.2 * width
    if long_path:
        r = round(0.04 * width, 3)
        gates = [[x, y, r] for x, y in _points_along(last.fwd.xy, (0.25, 0.5, 0.75))]
        out.append({"goal": {"type": "gates", "gates": gates, "better": "higher", "stars": [1, 2, 3]},
                    "controls": {"start": "click"}})
    if model.system == "oscillator":
        start = list(last.start) if last is not None else [1.0, 0.0]
        out.append({"goal": {"type": "settling_time", "tol": 0.01, "no_overshoot": True, "better": "lower",
                             "stars": [3.0, 2.0, 1.0]},
                    "fixed": {"start": [round(v, 4) for v in start]}, "controls": {"start": "fixed"},
                    "tune": True})
        return out
    kind = model.kind()
    if last is not None and kind == "center" and long_path:
        pts = _points_along(last.fwd.xy, (1 / 3, 2 / 3))
        out.append({"goal": {"type": "orbit_through", "points": pts, "better": "lower", "stars": [0.3, 0.2, 0.1]},
                    "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                    "tune": True})
    if last is not None and kind.startswith("stable"):
        radius = round(0.05 * width, 3)
        f = last.fwd
        t_now = goals.reach_disc(f.t, f.xy, radius, model.window.bounds)
        if 0 < t_now < goals.MISS:
            out.append({"goal": {"type": "reach_disc", "radius": radius, "better": "lower", "stars": [3.0, 2.0, 1.0]},
                        "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                        "tune": True})
    regions = tour(model)
    if regions is not None:
        out.append(regions)
    return out
