"""A quiz's score: right answers plus a speed bonus, shared by the labs that quiz (no pygame)."""

from __future__ import annotations

from typing import Sequence


def quiz_score(answers: Sequence[str], truth: Sequence[str], elapsed_s: float, bonus_time_s: float) -> float:
    """Correct answers plus a speed bonus in [0, 1) that shrinks with time (only when all are right).

    >>> round(quiz_score(["saddle", "center"], ["saddle", "center"], 30.0, 120.0), 4)
    2.7425
    >>> quiz_score(["saddle", "saddle"], ["saddle", "center"], 30.0, 120.0)
    1.0
    """
    correct = sum(1 for a, b in zip(answers, truth) if a == b)
    bonus = max(0.0, 1.0 - elapsed_s / bonus_time_s) * 0.99 if correct == len(truth) else 0.0
    return float(correct) + bonus
