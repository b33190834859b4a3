"""The shared text wrapper: Latin words stay whole, CJK breaks anywhere but obeys the usual rules."""

from __future__ import annotations

import pygame
import pytest

from game import paths
from game.ui.fonts import NO_LINE_END, NO_LINE_START, wrap


@pytest.fixture(scope="module")
def font():
    pygame.font.init()
    return pygame.font.Font(str(paths.FONT_REGULAR), 20)


def test_latin_text_breaks_at_spaces_and_keeps_words_whole(font):
    text = "Launch a trajectory that passes as close to the origin as you can."
    lines = wrap(text, font, 160)
    assert " ".join(lines) == text
    assert all(font.size(line)[0] <= 160 for line in lines)
    assert set(" ".join(lines).split()) == set(text.split()), "a word was split"


def test_chinese_breaks_between_any_two_characters(font):
    text = "发射一条尽可能靠近原点的轨迹"
    width = font.size("发射一条尽")[0]
    lines = wrap(text, font, width)
    assert "".join(lines) == text
    assert [len(x) for x in lines] == [5, 5, 4]


@pytest.mark.parametrize("punct", list("、；，。！？：）」》”"))
def test_no_line_starts_with_closing_punctuation(font, punct):
    text = f"甲乙丙{punct}丁戊己"
    lines = wrap(text, font, font.size("甲乙丙")[0])        # room for exactly three characters
    assert "".join(lines) == text
    assert not any(line[0] in NO_LINE_START for line in lines), lines
    assert lines[0] == "甲乙", "the character before the mark moves down with it"
    assert all(font.size(line)[0] <= font.size("甲乙丙")[0] + font.size(punct)[0] for line in lines)


@pytest.mark.parametrize("opening", list("（「《“"))
def test_no_line_ends_with_an_opening_bracket(font, opening):
    text = f"甲乙{opening}丙丁戊"
    lines = wrap(text, font, font.size("甲乙丙")[0])
    assert "".join(lines) == text
    assert not any(line[-1] in NO_LINE_END for line in lines), lines


def test_every_chinese_string_of_the_game_wraps_by_the_rules_at_any_width(font):
    from game.ui.text import load_catalog
    for key, value in load_catalog("zh").items():
        for width in (120, 200, 333):
            lines = [x for x in wrap(value, font, width) if x]
            assert not any(line[0] in "、；，。！？：）」》”" for line in lines[1:]), (key, lines)
            assert not any(line[-1] in "（「《“" for line in lines[:-1]), (key, lines)


def test_mixed_text_keeps_latin_words_whole_inside_chinese(font):
    text = "在平衡点展开（linearisation）得到 Jacobian 矩阵。"
    for width in range(60, 400, 23):
        lines = wrap(text, font, width)
        joined = "".join(x for x in lines)
        assert "linearisation" in joined and "Jacobian" in joined
        assert not any(line and line[0] in NO_LINE_START for line in lines)


def test_a_piece_wider_than_the_line_is_cut_rather_than_overflowing(font):
    path = "/home/teacher/levels/week-3/pp-01-hit-the-ring.toml"
    lines = wrap(path, font, 150)
    assert "".join(lines) == path
    assert all(font.size(line)[0] <= 150 for line in lines)
