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


def goals_for(view) -> list[dict]:
    """The choices of ``PhasePlaneView.challenge_goals`` (see ``LabView.challenge_goals``)."""
    out: list[dict] = [{"goal": view.default_goal()}]
    width = float(view.xlim[1] - view.xlim[0])
    last = view.launches[-1] if view.launches else None
    long_path = last is not None and _path_length(last.fwd.xy) > 0.2 * width
    if long_path:
        r = round(0.04 * width, 3)
        gates = [[x, y, r] for x, y in _points_along(last.fwd.xy, (0.25, 0.5, 0.75))]
        out.append({"goal": {"type": "gates", "gates": gates, "better": "higher", "stars": [1, 2, 3]},
                    "controls": {"start": "click"}})
    if view.mode_sys == "oscillator":
        start = list(last.start) if last is not None else [1.0, 0.0]
        m, k = view.values.get("m", view.fixed.m), view.values.get("k", view.fixed.k)
        tol = 0.01
        best = goals.settling(m, 2.0 * math.sqrt(m * k), k, start, tol)
        if math.isfinite(best) and best < goals.MISS:
            stars = [round(best * f, 3) for f in (1.5, 1.2, 1.03)]
            out.append({"goal": {"type": "settling_time", "tol": tol, "no_overshoot": True, "better": "lower",
                                 "stars": stars},
                        "fixed": {"start": [round(v, 4) for v in start]}, "controls": {"start": "fixed"},
                        "tune": True})
        return out
    kind = view.kind()
    if last is not None and kind == "center" and long_path:
        pts = _points_along(last.fwd.xy, (1 / 3, 2 / 3))
        miss = [round(f * width, 4) for f in (0.08, 0.03, 0.01)]
        out.append({"goal": {"type": "orbit_through", "points": pts, "better": "lower", "stars": miss},
                    "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                    "tune": True})
    if last is not None and kind.startswith("stable"):
        radius = round(0.05 * width, 3)
        f = last.fwd
        t_now = goals.reach_disc(f.t, f.xy, radius, (*view.xlim, *view.ylim))
        if 0 < t_now < goals.MISS:
            stars = [round(t_now * k, 3) for k in (2.5, 1.6, 1.05)]
            out.append({"goal": {"type": "reach_disc", "radius": radius, "better": "lower", "stars": stars},
                        "fixed": {"start": [round(v, 4) for v in last.start]}, "controls": {"start": "fixed"},
                        "tune": True})
    out.append({"goal": {"type": "regions_visited", "better": "higher", "stars": [4, 5, 6]},
                "controls": {"td_drag": True}})
    return out
