"""Goals the nonlinear sandbox offers for "save as challenge".

Visiting every equilibrium (the default) works for any system. For the
Morris-Lecar sets the bifurcation current and the slowest onset frequency
are offered; when the last trajectory ends on a limit cycle, matching its
period (read from that path, model time) is offered with the current sliders as
the solution.
"""

from __future__ import annotations

import numpy as np

from game.labs.nonlinear import model


def _cycle_period(view) -> float | None:
    """Period (model time) of the cycle the last launch's forward path settles on, or None.

    Read from the path already computed (no new integration, so the dialog
    opens at once): upward crossings of the mid-level of x in the second
    half of the path, the last two periods agreeing to 1 %.
    """
    if not view.launches or view.launches[-1].fwd is None:
        return None
    f = view.launches[-1].fwd
    t, xy = np.asarray(f.t, dtype=float), np.asarray(f.xy, dtype=float)
    ok = np.isfinite(xy).all(axis=1) & np.isfinite(t)
    t, x = t[ok], xy[ok, 0]
    if len(t) < 50:
        return None
    late = t >= t[0] + 0.5 * (t[-1] - t[0])
    t, x = t[late], x[late]
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-3 * max(1.0, abs(hi), abs(lo)):
        return None                               # at rest
    mid = 0.5 * (lo + hi)
    up = np.flatnonzero((x[:-1] < mid) & (x[1:] >= mid))
    if len(up) < 3:
        return None
    frac = (mid - x[up]) / (x[up + 1] - x[up])
    periods = np.diff(t[up] + frac * (t[up + 1] - t[up]))
    if abs(periods[-1] - periods[-2]) > 0.01 * periods[-1]:
        return None                               # still spiralling in or out
    return float(periods[-1])


def goals_for(view) -> list[dict]:
    """The choices of ``NonlinearView.challenge_goals`` (see ``LabView.challenge_goals``)."""
    out: list[dict] = [{"goal": view.default_goal(), "controls": {"start": "click"}}]
    if model.is_ml(view.system):
        which = "snic" if view.system == "morris_lecar_snic" else "hopf"
        out.append({"goal": {"type": "bifurcation_current", "which": which, "max_answers": 3, "better": "lower",
                             "stars": [6, 4, 2]}, "controls": {"start": "click", "show_bifurcation": False}})
        out.append({"goal": {"type": "onset_frequency", "start": [20.0, 0.0], "better": "lower",
                             "stars": [8, 4, 2]}, "controls": {"start": "click"}})
    period = _cycle_period(view)
    if period is not None and period > 0:
        out.append({"goal": {"type": "cycle_period", "target": round(period, 4),
                             "start": [round(v, 4) for v in view.launches[-1].start], "better": "lower",
                             "stars": [0.2, 0.08, 0.02]}, "controls": {"start": "click"}, "tune": True})
    return out
