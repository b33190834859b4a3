"""Goals the nonlinear sandbox offers for "save as challenge", and the tables it saves.

Visiting every equilibrium (the default) works for any system. For the
Morris-Lecar sets the bifurcation current and the slowest onset frequency
are offered; these are puzzles whose answer the instructor's run need not
hold, so their solution is the sim's own answer: lock in at the slider step
nearest the bifurcation current (the Hopf current, or the SNIC's fold of
equilibria), and fire at the current slider value when it lies above that
current, else at the first step above it. When the last trajectory ends on a
limit cycle, matching its period (read from that path, model time) is offered
with the current sliders as the solution. Every offer is then proven headless
and its stars set from the proven score (``ChallengeWriter.proven``).
"""

from __future__ import annotations

import numpy as np

from game.core.readout import fmt_value
from game.labs.common.challenge import ChallengeWriter
from game.labs.nonlinear import jobs, systems
from game.labs.nonlinear.schema import Fixed
from game.labs.nonlinear.systems import CUSTOM, is_ml
from game.ui.widgets import snap


def _cycle_period(model) -> float | None:
    """Period (model time) of the cycle the last launch's forward path settles on, or None.

    Read from the path already computed (no new integration, so the dialog
    opens at once): upward crossings of the mid-level of x in the second
    half of the path, the last two periods agreeing to 1 %.
    """
    if not model.launches or model.launches[-1].fwd is None:
        return None
    f = model.launches[-1].fwd
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


def default_goal(model) -> dict:
    """Visit every equilibrium of the home window (stars by how many there are)."""
    n = len(model.home_equilibria())
    stars = [1, 2, 3] if n >= 3 else ([0.5, 1, 2] if n == 2 else [0.25, 0.5, 1])
    return {"type": "equilibria_visited", "radius": 0.03, "better": "higher", "stars": stars}


def _on_grid(model, value: float, *, up: bool = False) -> float:
    """``value`` on the I slider's grid (the slider's own snap): the nearest step, or the first step
    at or above it."""
    p = model.values.declared["I"]
    v = snap(value, p)
    return snap(v + p.step, p) if up and v < value - 1e-9 else v


def _ml_offers(model) -> list[dict]:
    """The bifurcation current and the slowest firing of a Morris-Lecar set, with the sim's answers."""
    which = "snic" if model.system == "morris_lecar_snic" else "hopf"
    p = model.values.declared.get("I")
    if p is None:
        return []
    target = jobs.bifurcation_current(systems.ML_SETS[model.system], which, p.min, p.max)
    if target is None:
        return []
    now = float(model.values["I"])
    fire_at = now if now > target else _on_grid(model, target, up=True)
    return [{"goal": {"type": "bifurcation_current", "which": which, "max_answers": 3, "better": "lower",
                      "stars": [6, 4, 2]}, "controls": {"start": "click", "show_bifurcation": False},
             "solution": {"params": {"I": _on_grid(model, target)}, "lock": True, "starts": []}},
            {"goal": {"type": "onset_frequency", "start": [20.0, 0.0], "better": "lower", "stars": [8, 4, 2]},
             "controls": {"start": "click"}, "solution": {"params": {"I": fire_at}, "starts": []}}]


def offers(model) -> list[dict]:
    """Goals built from the model's current state (see ``ChallengeWriter.offers``)."""
    out: list[dict] = [{"goal": default_goal(model), "controls": {"start": "click"}}]
    if is_ml(model.system):
        out.extend(_ml_offers(model))
    period = _cycle_period(model)
    if period is not None and period > 0:
        out.append({"goal": {"type": "cycle_period", "target": round(period, 4),
                             "start": [round(v, 4) for v in model.launches[-1].start], "better": "lower",
                             "stars": [0.2, 0.08, 0.02]}, "controls": {"start": "click"}, "tune": True})
    return out


class Writer(ChallengeWriter):
    """Save as challenge from the nonlinear sandbox."""

    counts = frozenset({"equilibria_visited"})

    def floor(self, goal) -> float:
        """A locked-in current is a slider step: three stars reach the solution's neighbours."""
        if goal["type"] == "bifurcation_current":
            return float(self.model.values.declared["I"].step)
        return 0.0

    def setup(self) -> dict:
        m = self.model
        data = super().setup()
        data["window"] = {"x": list(m.window.xlim), "y": list(m.window.ylim)}
        fixed: dict = {"system": m.system}
        if m.system == CUSTOM:
            sliders = m.values.sliders()
            params = {**m.eq_params, **{k: v for k, v in sliders.items() if k in m.eq_params}}
            fixed["equations"] = {"dx": m.eq_texts["dx"], "dy": m.eq_texts["dy"], "params": params}
            data["params"] = {k: v for k, v in data["params"].items() if k in params}
        data["fixed"] = fixed
        return data

    def solution(self) -> dict:
        """The current sliders, and starts on the equilibria in view (the default goal visits them)."""
        m = self.model
        (x0, x1), (y0, y1) = m.window.xlim, m.window.ylim
        pts = [[float(e.point[0]), float(e.point[1])] for e in m.home_equilibria()][:10]
        pts = [p for p in pts if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]
        out: dict = {"params": {k: v for k, v in m.values.sliders().items() if k in self.view.params}}
        if pts:
            out["starts"] = pts
        return out

    def offers(self) -> list[dict]:
        return offers(self.model)

    def brief_fields(self, data) -> dict:
        """a cycle's target ``period`` (ms for Morris–Lecar, else model
        time), the number of quiz systems, and the bifurcation (``which``) as the variant."""
        goal = data["goal"]
        gtype = goal["type"]
        full = self.goal_with_defaults(goal)
        out: dict = {}
        fixed = data.get("fixed", {})
        if gtype == "cycle_period":
            system = fixed.get("system", Fixed.model_fields["system"].default)
            out["period"] = fmt_value(full["target"], "ms" if is_ml(system) else "", 4)
        if gtype == "bifurcation_current":
            out["variant"] = full["which"]
        out["quiz_n"] = len(fixed.get("quiz", []))
        return out
