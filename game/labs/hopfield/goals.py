"""Scoring of the hopfield lab: one scorer per goal type, and the measures they use.

The measures take states (flat arrays of +-1, one entry per unit) and return
one number; they are tested directly at and around each threshold. The
scorers (``score_*``) read the last run's outcome of a
:class:`~game.labs.hopfield.model.HopfieldModel` (``model.outcome``) and
return its score, or None when that run scores nothing (no run yet, or a
synchronous 2-cycle on a goal about fixed points); :data:`GOALS` maps each
goal type to its level-file schema, scorer and unit, and
``game.core.scoring`` turns the number into stars. :data:`NOTES` says why a
run scored nothing where that is not obvious, :data:`READOUTS` is the live
number shown beside the state badge. No pygame here.

Distances are in % of units (``100 * mean(a != b)``), overlaps are
``m = (1/N) sum_i s_i xi_i`` in [-1, 1].
"""

from __future__ import annotations

import math

import numpy as np

from game.core.lab import GoalKind
from game.labs.hopfield import schema
from game.sim import hopfield as hf

#: Score of a failed attempt on a "lower is better" goal.
MISS = math.inf


def distance_pct(a, b) -> float:
    """Percentage of units in which states ``a`` and ``b`` differ (0-100)."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.size != b.size or a.size == 0:
        raise ValueError(f"states have {a.size} and {b.size} units")
    return 100.0 * float(np.mean(a != b))


def cells_changed(a, b) -> int:
    """Number of units in which ``a`` and ``b`` differ (the flips a player made)."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    return int(np.count_nonzero(a != b))


def recall_score(start, final, target, min_noise_pct: float = 0.0) -> float:
    """Overlap of the settled state with the target.

    A start closer to the target than ``min_noise_pct`` % scores 0: recalling a
    pattern you were already shown proves nothing.  The bar is counted in
    cells as "Corrupt" counts them, ``round(min_noise_pct / 100 * N)``.
    """
    if not noisy_enough(start, target, min_noise_pct):
        return 0.0
    return hf.overlap(final, target)


def noisy_enough(start, target, min_noise_pct: float) -> bool:
    """At least ``round(min_noise_pct / 100 * N)`` units of ``start`` differ from ``target``."""
    n = np.asarray(target).size
    return cells_changed(start, target) >= round(min_noise_pct / 100.0 * n)


def basin_score(start, final, target, tol: float = 0.95) -> float:
    """Distance (%) of the start from the target when the target is recalled, else 0.

    The larger it is, the wider the basin of attraction the player has shown.
    """
    return distance_pct(start, target) if hf.overlap(final, target) >= tol else 0.0


def crowded_score(n_stored: int, target_stored: bool, final, target, tol: float = 0.95) -> float:
    """Number of stored patterns when the (stored) target is recalled, else 0."""
    if not target_stored or hf.overlap(final, target) < tol:
        return 0.0
    return float(n_stored)


def flips_score(start, given, final, target, tol: float = 0.95) -> float:
    """Cells the player changed from the ``given`` start if the run recalled the target.

    ``start`` is the state the run began from; a run that does not reach the
    target scores :data:`MISS` (no stars on a "lower" goal).
    """
    if hf.overlap(final, target) < tol:
        return MISS
    return float(cells_changed(start, given))


def escape_score(final, stored) -> float:
    """Largest |overlap| of the settled state with any stored pattern.

    About 0.5 in a symmetric 3-mixture (a spurious state), 1 at a stored
    pattern or its inverse; 0 when nothing is stored.
    """
    X = np.atleast_2d(np.asarray(stored, dtype=float))
    if X.size == 0:
        return 0.0
    return float(np.max(np.abs(hf.overlaps(final, X))))


def inverse_score(start, final, target, tol: float = 0.95) -> float:
    """Distance (%) of the start from the target when the run settles on ``-target``.

    Lower is better: the closer to the target a start can be and still fall
    to the inverse, the nearer the player found the basin boundary (50 %
    for a single stored pattern). Other outcomes score :data:`MISS`.
    """
    if hf.overlap(final, target) > -tol:
        return MISS
    return distance_pct(start, target)


def cycle_score(state, partner) -> float:
    """Units that blink in a synchronous 2-cycle ``state <-> partner`` (0 if none)."""
    if partner is None:
        return 0.0
    return float(cells_changed(state, partner))


# ------------------------------------------------------------------ scorers

def _settled(model):
    """The last run's outcome if it ended on a fixed point, else None."""
    out = model.outcome
    return out if out is not None and out.kind == "fixed_point" else None


def _target(model) -> np.ndarray:
    return model.X[model.target]


def score_recall(model, goal) -> float | None:
    """Final overlap with the target of a run from a start noisy enough."""
    out = _settled(model)
    return None if out is None else recall_score(out.start, out.final, _target(model), goal.min_noise_pct)


def score_basin(model, goal) -> float | None:
    out = _settled(model)
    return None if out is None else basin_score(out.start, out.final, _target(model), goal.tol)


def score_crowded(model, goal) -> float | None:
    """Patterns stored during a run that recalled the target from the level's own start (else 0)."""
    out = _settled(model)
    if out is None:
        return None
    if not np.array_equal(out.start, model.given):
        return 0.0
    return crowded_score(len(out.stored), model.target in out.stored, out.final, _target(model), goal.tol)


def score_fewest_flips(model, goal) -> float | None:
    out = _settled(model)
    return None if out is None else flips_score(out.start, model.given, out.final, _target(model), goal.tol)


def score_escape(model, goal) -> float | None:
    out = _settled(model)
    if out is None:
        return None
    stored = model.X[list(out.stored)] if out.stored else np.zeros((0, model.n))
    return escape_score(out.final, stored)


def score_inverse(model, goal) -> float | None:
    out = _settled(model)
    return None if out is None else inverse_score(out.start, out.final, _target(model), goal.tol)


def score_cycle(model, goal) -> float | None:
    """Units blinking in the 2-cycle a synchronous run ended in (a fixed point scores 0)."""
    out = model.outcome
    if out is None:
        return None
    return cycle_score(out.final, out.partner) if out.kind == "cycle" else 0.0


#: Goal type -> level-file schema, scorer and the unit of its score.
GOALS = {
    "recall": GoalKind(schema.Recall, score_recall, unit="", digits=3),
    "basin": GoalKind(schema.Basin, score_basin, unit="%"),
    "crowded": GoalKind(schema.Crowded, score_crowded, unit=""),
    "fewest_flips": GoalKind(schema.FewestFlips, score_fewest_flips, unit=""),
    "escape": GoalKind(schema.Escape, score_escape, unit="", digits=3),
    "inverse": GoalKind(schema.Inverse, score_inverse, unit="%"),
    "cycle": GoalKind(schema.Cycle, score_cycle, unit=""),
}


# ------------------------------------------------------------------ why a run scored nothing

def note_recall(model, goal) -> tuple[str, dict] | None:
    """A recall from a start too close to the target scores 0: say how noisy it must be."""
    out = _settled(model)
    if out is None or noisy_enough(out.start, _target(model), goal.min_noise_pct):
        return None
    return "hopfield.note.min_noise", {"p": f"{goal.min_noise_pct:g}"}


def note_crowded(model, goal) -> tuple[str, dict] | None:
    """A crowded-memory run counts only from the level's own start."""
    out = _settled(model)
    if out is None or np.array_equal(out.start, model.given):
        return None
    return "hopfield.note.start_moved", {}


#: Goal type -> the note (i18n key, fields) explaining a run's zero score, where one is due.
NOTES = {"recall": note_recall, "crowded": note_crowded}


# ------------------------------------------------------------------ live readouts

def _run_start(model) -> np.ndarray:
    """While (or after) a run, the start it is scored from, not the moving state."""
    return model.run_start if model.run_start is not None else model.s


def readout_flips(model, goal) -> tuple[str, dict] | None:
    return "hopfield.readout.flips", {"k": cells_changed(_run_start(model), model.given)}


def readout_stored(model, goal) -> tuple[str, dict] | None:
    return "hopfield.readout.stored", {"P": int(model.stored.sum()), "total": len(model.names)}


def readout_distance(model, goal) -> tuple[str, dict] | None:
    """Distance (%) of the start from the target; ``target`` is its gallery index."""
    if model.target is None:
        return None
    return "hopfield.readout.distance", {"p": f"{distance_pct(_run_start(model), _target(model)):.1f}",
                                         "target": model.target}


#: Goal type -> the live number beside the state badge (i18n key, fields), for goals that have one.
READOUTS = {"fewest_flips": readout_flips, "crowded": readout_stored, "recall": readout_distance,
            "basin": readout_distance, "inverse": readout_distance}
