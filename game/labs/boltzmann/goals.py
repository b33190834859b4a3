"""Scoring of the boltzmann lab: one scorer per goal type, and the measures they use.

The measures are pure functions of distributions and states, tested
directly. Distributions are arrays over ``states(nv)`` of
:mod:`game.sim.boltzmann` (unit 0 most significant). The scorers
(``score_*``) read a :class:`~game.labs.boltzmann.model.BoltzmannModel` and
return one number, or None before there is anything to score; :data:`GOALS`
maps each goal type to its level-file schema, scorer, unit and HUD readout,
and ``game.core.scoring`` turns the number into stars. No pygame here.
"""

from __future__ import annotations

import math

import numpy as np

from game.core.lab import GoalKind
from game.labs.boltzmann import schema
from game.labs.boltzmann.network import bits
from game.sim import boltzmann as bm

#: Score of an impossible attempt on a "lower is better" goal.
MISS = math.inf
#: Energies within this of the lowest count as a ground state (the energies are sums of a few
#: dozen float64 products, exact to ~1e-15; distinct levels of the shipped networks are > 0.01 apart).
GROUND_TOL = 1e-9


def odds_gap(pa: float, pb: float) -> float:
    """How unequal two probabilities are: ``100 |pa - pb| / max(pa, pb)`` (%), MISS when both are 0.

    >>> odds_gap(0.30, 0.27), odds_gap(0.2, 0.2)
    (10.0, 0.0)
    """
    top = max(pa, pb)
    if top <= 0:
        return MISS
    return 100.0 * abs(pa - pb) / top


def ground_share(final_energies, e0: float, tol: float = GROUND_TOL) -> float:
    """Share (%) of the final energies within ``tol * max(1, |e0|)`` of the lowest energy ``e0``."""
    E = np.asarray(final_energies, dtype=float).ravel()
    if E.size == 0:
        return 0.0
    return 100.0 * float(np.mean(E <= e0 + tol * max(1.0, abs(e0))))


def consistent(nv: int, clamp) -> np.ndarray:
    """Which of the ``states(nv)`` agree with ``clamp`` (length nv, values in {-1, 0, +1})."""
    c = np.asarray(clamp, dtype=float).ravel()
    S = bm.states(nv)
    on = c != 0
    return np.all(S[:, on] == c[on], axis=1)


def conditional(q, clamp) -> np.ndarray:
    """``q`` over ``states(nv)`` conditioned on the clamped units (zeros when they have no mass)."""
    q = np.asarray(q, dtype=float)
    nv = int(round(math.log2(q.size)))
    keep = np.where(consistent(nv, clamp), q, 0.0)
    total = keep.sum()
    return keep / total if total > 0 else keep


def completion_probabilities(q, patterns, cue) -> np.ndarray:
    """For each pattern, ``P(visible = pattern | its cue units)`` under ``q`` (over ``states(nv)``).

    ``cue`` is a 0/1 mask over the visible units (1 = clamped to the pattern's value).
    """
    q = np.asarray(q, dtype=float)
    X = np.atleast_2d(np.asarray(patterns, dtype=float))
    cue = np.asarray(cue, dtype=bool).ravel()
    S = bm.states(X.shape[1])
    idx = np.asarray(bm.state_index(X)).ravel()
    agree = np.all(S[None, :, cue] == X[:, None, cue], axis=2)      # (P, 2^nv)
    mass = agree.astype(float) @ q
    return np.where(mass > 0, q[idx] / np.where(mass > 0, mass, 1.0), 0.0)


# ------------------------------------------------------------------ scorers

def score_tv(model, goal) -> float | None:
    """Total variation between the histogram and the exact distribution (None before samples)."""
    s = model.sampler
    if s.counted == 0 or s.annealing or s.final is not None:
        return None
    return bm.total_variation(s.histogram(), model.exact_visible())


def _pair(model, goal) -> tuple[float, float]:
    p = model.exact_visible()
    return float(p[bm.state_index(bits(goal.a))]), float(p[bm.state_index(bits(goal.b))])


def score_equal_odds(model, goal) -> float:
    """How unequal p(A) and p(B) are at the current temperature (%)."""
    return odds_gap(*_pair(model, goal))


def score_ground_state(model, goal) -> float | None:
    """Share (%) of the chains that ended the last anneal in a ground state (None before one)."""
    final = model.sampler.final
    if final is None:
        return None
    return ground_share(bm.energies(model.W, model.b, final), model.ground_energy())


def score_kl(model, goal) -> float | None:
    """KL(P_data || P_model) of the visible units now, in nats."""
    return None if model.trainer is None else model.kl()


def score_completion(model, goal) -> float | None:
    """The smallest probability, over the data patterns, of completing the pattern from its cue."""
    if model.data is None:
        return None
    return float(completion_probabilities(model.exact_visible(free=True), model.data, bits(goal.cue) > 0).min())


# ------------------------------------------------------------------ readouts (cheap: every frame)

def readout_tv(model, goal, score):
    return {"n": model.sampler.counted}


def readout_equal_odds(model, goal, score):
    pa, pb = _pair(model, goal)
    return {"pa": f"{pa:.3f}", "pb": f"{pb:.3f}", "a": goal.a, "b": goal.b}


def readout_ground(model, goal, score):
    m = model.sampler.m
    return {"k": "—" if score is None else str(round(score / 100.0 * m)), "m": str(m)}


def readout_kl(model, goal, score):
    if model.trainer is None:
        return {"variant": "untrained", "epochs": "0"}
    return {"epochs": str(model.trainer.epoch)}


#: Goal type -> level-file schema, scorer, the unit of its score and its HUD readout.
GOALS = {
    "tv_distance": GoalKind(schema.TvDistance, score_tv, unit="", digits=2, readout=readout_tv),
    "equal_odds": GoalKind(schema.EqualOdds, score_equal_odds, unit="%", digits=2, readout=readout_equal_odds),
    "ground_state": GoalKind(schema.GroundState, score_ground_state, unit="%", digits=3, readout=readout_ground),
    "kl": GoalKind(schema.Kl, score_kl, unit="nats", digits=2, readout=readout_kl),
    "completion": GoalKind(schema.Completion, score_completion, unit="", digits=2),
}
