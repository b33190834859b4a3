"""The default star thresholds "save as challenge" sets from a proven score (game.proof.default_stars).

For any score a solution proves, the thresholds must be a valid goal (in
order for their direction), the solution must earn exactly three stars, and
a worse attempt must be able to earn one and two: the thresholds
themselves are such attempts.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from game.core.schema import Goal
from game.core.scoring import stars_for
from game.proof import Proof, default_stars

scores = st.floats(min_value=0.0, max_value=1e5, allow_nan=False, allow_infinity=False)


def _valid(stars, better):
    Goal.model_validate({"type": "x", "better": better, "stars": stars})   # raises if out of order


@given(scores, st.sampled_from(["lower", "higher"]), st.floats(min_value=0, max_value=10))
def test_the_proven_score_earns_exactly_three_stars_and_worse_attempts_one_or_two(s, better, floor):
    stars = default_stars(s, better, floor=floor)
    if better == "higher" and s <= 0:
        assert stars is None, "a 'higher' score of 0 achieves nothing: not offered"
        return
    _valid(stars, better)
    assert stars_for(s, better, stars) == 3
    assert stars_for(stars[0], better, stars) == 1 and stars_for(stars[1], better, stars) == 2
    margin = abs(stars[2] - s)
    assert margin >= min(floor, 10.0) - 1e-9, "the three-star margin is at least the writer's floor"
    d = max(0.05 * abs(s), floor, 1e-3 * max(1, abs(s)))
    assert margin <= 1.1 * d + 0.01 * abs(stars[2]), "rounding loosens the margin by a tenth of it or 1 %"


@given(st.integers(min_value=0, max_value=500), st.sampled_from(["lower", "higher"]))
def test_counts_get_thresholds_one_apart(n, better):
    stars = default_stars(float(n), better, count=True)
    if better == "higher" and n == 0:
        assert stars is None
        return
    _valid(stars, better)
    assert stars_for(n, better, stars) == 3
    if better == "lower":
        assert stars == [n + 2, n + 1, n]
    elif n >= 3:
        assert stars == [n - 2, n - 1, n]
    else:
        assert stars_for(0, better, stars) == 0, "counting nothing never earns a star"


def test_worked_examples():
    assert default_stars(3, "higher", count=True) == [1, 2, 3]          # three gates
    assert default_stars(2.3, "lower") == [5.75, 3.68, 2.42]             # a time: 2.5x, 1.6x, +5 %
    assert default_stars(1.0, "higher") == [0.7, 0.85, 0.95]            # an overlap
    assert default_stars(0.0002, "lower", floor=0.06) == [0.361, 0.181, 0.061]   # a pixel-sized floor
    assert default_stars(80.0, "lower", bounds=(0, 100)) == [100, 92, 84]       # a percentage stays <= 100


@pytest.mark.parametrize("score", [None, math.inf, -math.inf, math.nan])
def test_no_score_or_a_miss_gives_no_thresholds(score):
    assert default_stars(score, "lower") is None and default_stars(score, "higher") is None


def test_a_bound_with_no_room_left_gives_no_thresholds():
    assert default_stars(100.0, "lower", bounds=(0, 100)) is None
    assert default_stars(1.0, "higher", bounds=(1, 2)) is None


def test_a_proof_rescored_against_other_thresholds_keeps_its_score():
    p = Proof(3, 3.0, "higher", 3.0)
    assert p.rescored([1, 2, 4]).stars == 2 and p.rescored([1, 2, 4]).needed == 4
    assert p.rescored([1, 2, 3]).won and not p.rescored([1, 2, 4]).won
    assert p.fields() == {"stars": 3, "score": "3", "op": "≥", "need": "3", "error": ""}
