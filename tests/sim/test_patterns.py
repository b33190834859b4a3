"""Pattern sets: glyph data, scaling, and the grid text format used by level files."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from game.sim import hopfield as hf
from game.sim import patterns as pt


def test_every_glyph_is_drawn_on_an_8x8_grid_of_on_and_off_characters():
    assert set(pt.PATTERN_NAMES) == set(pt._GLYPHS), "PATTERN_NAMES out of sync with the glyph table"
    assert len(pt.PATTERN_NAMES) == 26 + 10 + len(pt.SYMBOLS)
    for name, rows in pt._GLYPHS.items():
        g = pt.parse_grid(rows)  # raises on stray characters
        assert g.shape == (8, 8), f"glyph {name!r} is {g.shape}, must be 8x8"
        ink = np.mean(g > 0)
        assert 0.15 <= ink <= 0.8, f"glyph {name!r} is {ink:.0%} ink: nearly blank or solid"


@pytest.mark.parametrize("size", [(8, 8), (10, 10), (12, 12), (16, 16), (24, 24), (32, 32), (12, 20), (32, 9)])
def test_every_name_gives_a_flat_plus_minus_one_pattern_of_the_requested_size(size):
    for name in pt.PATTERN_NAMES:
        x = pt.pattern(name, size)
        assert x.shape == (size[0] * size[1],), f"{name} at {size}"
        assert set(np.unique(x)) <= {-1.0, 1.0}
        assert np.any(x > 0), f"{name} vanished when scaled to {size}"


def test_integer_scales_repeat_each_glyph_cell_as_a_block():
    base = pt.pattern("R", (8, 8)).reshape(8, 8)
    for k in (2, 3, 4):
        big = pt.pattern("R", (8 * k, 8 * k)).reshape(8 * k, 8 * k)
        assert np.array_equal(big, np.kron(base, np.ones((k, k)))), f"{k}x scaling is not exact blocks"


def test_a_glyph_in_a_wider_grid_is_centred_with_an_off_margin():
    g = pt.pattern("H", (16, 24)).reshape(16, 24)
    assert np.all(g[:, :4] == -1) and np.all(g[:, -4:] == -1), "margin must be off and split evenly"
    assert np.array_equal(g[:, 4:20], pt.pattern("H", (16, 16)).reshape(16, 16))


@pytest.mark.parametrize("group", [pt.LETTERS, pt.DIGITS], ids=["letters", "digits"])
def test_different_letters_or_digits_differ_in_at_least_15_percent_of_cells_at_16x16(group):
    X = pt.pattern_set(group, (16, 16))
    close = [(a, b, float(np.mean(X[i] != X[j])))
             for (i, a), (j, b) in itertools.combinations(enumerate(group), 2)
             if np.mean(X[i] != X[j]) < 0.15]
    assert not close, f"glyphs too alike to recall apart (redraw them): {close}"


def test_all_patterns_are_distinct_by_at_least_six_cells_at_8x8():
    X = pt.pattern_set(pt.PATTERN_NAMES, (8, 8))
    d = (X[:, None, :] != X[None, :, :]).sum(-1)
    np.fill_diagonal(d, 64)
    i, j = np.unravel_index(np.argmin(d), d.shape)
    assert d.min() >= 6, f"{pt.PATTERN_NAMES[i]!r} and {pt.PATTERN_NAMES[j]!r} differ in only {d.min()} cells"


def test_letters_are_accepted_in_lower_case_and_unknown_names_are_listed():
    assert np.array_equal(pt.pattern("q"), pt.pattern("Q"))
    with pytest.raises(ValueError, match="unknown pattern 'star'.*heart"):
        pt.pattern("star")


@pytest.mark.parametrize("size", [(7, 8), (8, 33), (0, 0)])
def test_sizes_outside_8_to_32_are_rejected(size):
    with pytest.raises(ValueError, match="between 8x8 and 32x32"):
        pt.pattern("A", size)


def test_pattern_set_stacks_rows_for_the_learning_rules():
    X = pt.pattern_set(["A", "heart", "7"], (10, 10))
    assert X.shape == (3, 100)
    assert np.array_equal(X[1], pt.pattern("heart", (10, 10)))


@given(hnp.arrays(bool, st.tuples(st.integers(1, 12), st.integers(1, 12))))
def test_format_grid_and_parse_grid_round_trip(cells):
    s = np.where(cells, 1.0, -1.0)
    rows = pt.format_grid(s.ravel(), s.shape)
    assert all(len(r) == s.shape[1] for r in rows)
    assert np.array_equal(pt.parse_grid(rows), s)
    assert np.array_equal(pt.parse_grid(pt.format_grid(s, s.shape, on="X", off="o"), on="X", off="o"), s)


def test_parse_grid_names_the_bad_row_column_and_character():
    with pytest.raises(ValueError) as e:
        pt.parse_grid(["#..#", "#.x#", "####"])
    assert "row 2, column 3: 'x' is neither on '#' nor off '.'" in str(e.value)


def test_parse_grid_lists_every_problem_at_once():
    with pytest.raises(ValueError) as e:
        pt.parse_grid(["#..#", "#.#", "#o.#", "1..."])
    msg = str(e.value)
    assert msg.startswith("grid has 3 problems:")
    assert "row 2 has 3 characters, expected 4 (the width of row 1)" in msg
    assert "row 3, column 2: 'o'" in msg and "row 4, column 1: '1'" in msg


@pytest.mark.parametrize("rows, on, off, match", [
    ([], "#", ".", "grid has no rows"),
    ("#..#", "#", ".", "list of strings"),
    (["#."], "#", "#", "on and off must differ"),
    (["#."], "##", ".", "single characters"),
    (["#.", 5], "#", ".", "row 2 is int 5, expected a string"),
])
def test_parse_grid_rejects_malformed_input_with_a_clear_message(rows, on, off, match):
    with pytest.raises(ValueError, match=match):
        pt.parse_grid(rows, on=on, off=off)


def test_custom_on_and_off_symbols_read_level_file_grids():
    g = pt.parse_grid(["Xo", "oX"], on="X", off="o")
    assert np.array_equal(g, [[1, -1], [-1, 1]])


def test_two_letters_stored_in_a_16x16_hebbian_net_are_recalled_from_20_percent_noise():
    X = pt.pattern_set(["A", "X"], (16, 16))
    W = hf.hebbian(X)
    rng = np.random.default_rng(0)
    for mu in range(2):
        for _ in range(5):
            r = hf.recall(W, hf.corrupt(X[mu], 0.2, rng), rng)
            assert hf.classify_state(r.state, X) == ("pattern", mu), \
                "letters too correlated for a two-pattern level"
