"""Goals the nonlinear sandbox offers for "save as challenge".

Visiting every equilibrium (the default) works for any system. For the
Morris-Lecar sets the bifurcation current and the slowest onset frequency
are offered; when the last trajectory ends on a limit cycle, matching its
period (measured now, model time) is offered with the current sliders as
the solution.
"""

from __future__ import annotations

from game.labs.nonlinear import model
from game.sim import planar


def _cycle_period(view) -> float | None:
    """Period of the limit cycle the last launch reaches, or None."""
    if not view.launches:
        return None
    try:
        cyc = planar.limit_cycle(view.field(), view.launches[-1].start)
    except (ValueError, ArithmeticError, RuntimeError):
        return None
    return None if cyc is None else float(cyc.period)


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
