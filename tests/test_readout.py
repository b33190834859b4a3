"""How scores read: the shared number formatter, the goal line per goal type, the meter.

Every converted lab declares, for each goal type, the unit of its score and
a HUD template in both languages; each level's solution then reads as a
sentence with the player's value, never in scientific notation. Labs still
registered through ``game/labs/legacy.py`` fall back to the generic line.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from game import paths
from game.catalog import load_folder
from game.core.lab import GoalKind
from game.core.readout import fmt_number, fmt_value, goal_line, star_lines
from game.core.schema import Goal
from game.core.scoring import fraction_to_next
from game.labs import LABS
from game.ui.text import LANGS, Text

LEVELS = load_folder(paths.CAMPAIGN).levels + load_folder(paths.EXAMPLES).levels
SCI = re.compile(r"\d[eE][+-]?\d")


CONVERTED = list(LABS)


@pytest.mark.parametrize("x,text", [
    (28.437, "28.4"), (30.0, "30"), (0.12, "0.12"), (8.78e-05, "0.0001"), (4e-06, "0"), (-3e-06, "0"),
    (123456.7, "123457"), (1e12, "1000000000000"), (0.5, "0.5"), (-2.25, "-2.25"), (None, "—"),
    (math.inf, "∞"), (float("nan"), "—"),
])
def test_numbers_read_without_scientific_notation_and_with_few_digits(x, text):
    assert fmt_number(x) == text
    assert not SCI.search(fmt_number(x))


def test_units_follow_the_number_with_a_space_except_degrees_and_percent():
    assert fmt_value(28.44, "Hz") == "28.4 Hz"
    assert fmt_value(54.0, "°") == "54°"
    assert fmt_value(7.0, "%") == "7%"
    assert fmt_value(0.0, "Hz") == "0 Hz"
    assert fmt_value(math.inf, "ms") == "∞"


def _goal(better="lower", stars=(0.5, 0.25, 0.15)):
    return Goal.model_validate({"type": "x", "better": better, "stars": list(stars)})


def test_a_goal_type_without_readout_or_template_reads_as_number_threshold_and_direction():
    text = Text("en")
    line = goal_line("nolab", _goal(), None, None, 8.78e-05, text)
    assert line == "score 0.0001 (★★★ ≤ 0.15, lower is better)"
    kind = GoalKind(Goal, lambda m, g: None, unit="Hz")
    assert goal_line("nolab", _goal("higher", (10, 20, 30)), kind, None, 28.44, text) == \
        "score 28.4 Hz (★★★ ≥ 30 Hz, higher is better)"
    assert goal_line("nolab", _goal(), kind, None, None, Text("zh")) == "得分 —（★★★ ≤ 0.15 Hz，越低越好）"


def test_star_lines_say_what_each_star_needs_with_the_unit():
    kind = GoalKind(Goal, lambda m, g: None, unit="ms")
    assert star_lines(_goal(stars=(5.0, 2.0, 0.8)), kind) == ["★ ≤ 5 ms", "★★ ≤ 2 ms", "★★★ ≤ 0.8 ms"]


@pytest.mark.parametrize("lab", CONVERTED)
def test_every_goal_type_of_a_converted_lab_declares_a_unit_and_a_hud_line_in_both_languages(lab):
    text = Text("en")
    for gtype, kind in LABS[lab].goals.items():
        assert kind.unit is not None, f"{lab}.{gtype}: GoalKind(unit=...) not declared ('' for none)"
        for lang in LANGS:
            assert f"{lab}.hud.{gtype}" in text.keys(lang), f"{lang}: no i18n key {lab}.hud.{gtype}"


@pytest.mark.parametrize("level", [lv for lv in LEVELS if lv.kind in CONVERTED], ids=lambda lv: lv.id)
def test_each_solved_level_reads_its_value_in_words_in_both_languages(level):
    spec = LABS[level.kind]
    model = spec.new_model(level)
    spec.scripts.solve(model)
    kind = spec.goals[level.goal.type]
    for lang in LANGS:
        line = goal_line(spec.kind, level.goal, kind, model, model.best, Text(lang))
        assert "{" not in line and not SCI.search(line), line
        assert fmt_value(level.goal.stars[2], kind.unit, kind.digits) in line, f"no three-star need in {line!r}"
    model.close()


def _pp(level_id):
    level = next(lv for lv in LEVELS if lv.id == level_id)
    spec = LABS["phaseplane"]
    return spec, level, spec.new_model(level)


def _line(spec, level, model, score, lang="en"):
    return goal_line(spec.kind, level.goal, spec.goals[level.goal.type], model, score, Text(lang))


def test_closest_approach_reads_the_distance_and_says_when_the_start_was_too_close():
    spec, level, model = _pp("pp-01-hit-the-ring")
    model.launch((-2.2, 1.4))
    d = model.last
    assert _line(spec, level, model, d) == f"closest approach {fmt_number(d)} (★★★ ≤ 0.1)"
    model.launch((1.4, 1.0))                       # inside min_start_distance = 2 of the ring
    assert model.last == math.inf
    assert _line(spec, level, model, model.last) == \
        "start at least 2 from the target: this launch scores nothing (★★★ ≤ 0.1)"
    assert _line(spec, level, model, model.last, "zh") == "起点须距目标至少 2：本次发射不得分（★★★ ≤ 0.1）"


def test_counting_goals_read_as_how_many_out_of_how_many():
    spec, level, model = _pp("pp-05-trace-det-tour")
    spec.scripts.solve(model)
    assert _line(spec, level, model, model.best) == "regions visited 6 / 6 (★★★ ≥ 6)"
    spec, level, model = _pp("pp-06-slalom")
    spec.scripts.solve(model)
    assert _line(spec, level, model, model.best) == "gates passed in order 5 / 5 (★★★ ≥ 5)"
    assert _line(spec, level, model, model.best, "zh") == "按顺序穿过的门 5 / 5（★★★ ≥ 5）"


def test_quiz_reads_right_answers_and_the_time_bonus():
    spec, level, model = _pp("pp-08-name-that-portrait")
    assert _line(spec, level, model, model.last) == "named right 0 / 5, time bonus 0 (★★★ ≥ 5)"
    spec.scripts.solve(model)                      # all five right at once: the whole bonus
    assert model.best == pytest.approx(5.99)
    assert _line(spec, level, model, model.best) == "named right 5 / 5, time bonus 0.99 (★★★ ≥ 5)"


def test_settling_time_reads_the_time_or_why_an_underdamped_run_scores_nothing():
    spec, level, model = _pp("pp-07-critical-damping")
    spec.scripts.solve(model)
    t = model.best
    assert _line(spec, level, model, t) == f"settles at t = {fmt_number(t)} (★★★ ≤ 3.8)"
    model.set_param("mu", model.values.declared["mu"].min)
    assert model.last == math.inf
    assert _line(spec, level, model, model.last) == "under-damped: it overshoots, so no score (★★★ ≤ 3.8)"


def test_reach_disc_names_the_required_type_when_the_origin_is_another():
    spec, level, model = _pp("pp-04-fast-focus")      # starts with trace 1: an unstable focus
    assert level.goal.require == "stable_focus" and model.kind() == "unstable_focus"
    assert model.last == math.inf, "the fixed start launches itself and scores a miss"
    assert _line(spec, level, model, model.last) == \
        "the origin must be of type Stable focus: no score yet (★★★ ≤ 0.8)"
    assert _line(spec, level, model, model.last, "zh") == "原点须为稳定焦点：尚不得分（★★★ ≤ 0.8）"
    spec.scripts.solve(model)
    assert _line(spec, level, model, model.best) == f"reaches the disc at t = {fmt_number(model.best)} (★★★ ≤ 0.8)"


def test_orbit_through_says_when_the_origin_is_not_a_centre():
    spec, level, model = _pp("pp-03-centre-two-points")
    model.set_param("a21", 1.0)                        # [[0, 1], [1, 0]]: a saddle
    assert model.kind() == "saddle" and model.last == math.inf
    assert _line(spec, level, model, model.last) == "not a centre: the orbit does not close (★★★ ≤ 0.05)"
    spec.scripts.solve(model)
    assert _line(spec, level, model, model.best) == \
        f"the orbit misses a point by {fmt_number(model.best)} (★★★ ≤ 0.05)"


@pytest.mark.parametrize("better,stars", [("higher", (40, 60, 75)), ("lower", (5.0, 2.0, 0.8))])
def test_the_meter_moves_with_every_step_below_the_first_star(better, stars):
    sign = 1 if better == "higher" else -1
    far = [stars[0] - sign * d for d in (400, 100, 35, 31, 20, 5, 1)]     # approaching the first star
    fr = [fraction_to_next(x, better, stars) for x in far]
    assert all(f > 0 for f in fr), f"an empty bar below one star: {fr}"
    assert all(b > a for a, b in zip(fr, fr[1:])), f"the bar does not answer each move: {fr}"
    assert fraction_to_next(stars[0], better, stars) == pytest.approx(1 / 3)
    assert fraction_to_next(stars[2], better, stars) == 1.0
    assert fraction_to_next(None, better, stars) == 0.0 and fraction_to_next(math.inf, better, stars) == 0.0


def test_gabor_first_level_at_five_to_nine_percent_is_not_an_empty_bar():
    fr = [fraction_to_next(x, "higher", (40, 60, 75)) for x in np.arange(5, 10)]
    assert min(fr) > 0.05 and all(b > a for a, b in zip(fr, fr[1:]))


# ------------------------------------------------------------------ equation errors, translated
EQUATIONS = ["x.y", "x[0]", "lambda: 1", "[x for x in y]", "*x", "x < y", "x and y", "x if y else 1",
             "(z := 1)", "[x]", "x, y", "{x: 1}", "{x}", "'a'", "True", "x % 2", "x // 2", "x @ y", "x & y",
             "x | y", "x ^ 2", "x << 1", "x >> 1", "~x", "not x", "1" + "0" * 400, "sin", "__import__",
             "foo + 1", "x ** 99", "(lambda: 1)()", "_f(x)", "bar(x)", "sin(x=1)", "sin(*x)", "minimum(x)",
             "x" + "+x" * 300, "", "x +", "-" * 200 + "x", "sin(" * 60 + "x" + ")" * 60]


@pytest.mark.parametrize("expr", EQUATIONS)
def test_equation_errors_carry_a_code_and_read_in_both_languages(expr):
    from game.labs.common.equations import error_message
    from game.sim import planar
    with pytest.raises(planar.ExpressionError) as info:
        planar.compile_field(expr, "y", {"I": 1.0})
    err = info.value
    assert err.code, f"no code for {err.message!r}"
    en, zh = error_message(err, Text("en")), error_message(err, Text("zh"))
    if err.code != "arity":                           # the English source pluralises; the template cannot
        assert en == err.message
    assert zh != en and "{" not in zh and re.search(r"[\u4e00-\u9fff]", zh), zh


@pytest.mark.parametrize("table", ["a = 1, b", "a = nan", "x = 1", "a = 1, a = 2", "a = q",
                                   ", ".join(f"p{i} = 1" for i in range(30))])
def test_parameter_line_errors_of_the_equation_editor_read_in_chinese(table):
    from game.labs.common.equations import error_message
    from game.labs.nonlinear.systems import parse_param_table
    from game.sim import planar
    with pytest.raises(planar.ExpressionError) as info:
        parse_param_table(table)
    err = info.value
    assert error_message(err, Text("en")) == err.message
    zh = error_message(err, Text("zh"))
    assert re.search(r"[\u4e00-\u9fff]", zh) and "{" not in zh, zh


def test_parameter_errors_of_compile_field_are_coded_too():
    from game.labs.common.equations import error_message
    from game.sim import planar
    for params in ({"x": 1.0}, {"I": float("nan")}, {"I": "abc"}):
        with pytest.raises(planar.ExpressionError) as info:
            planar.compile_field("x", "y", params)
        assert info.value.code.startswith("param_")
        assert error_message(info.value, Text("en")) == info.value.message
    with pytest.raises(planar.ExpressionError) as info:
        planar.compile_field("x", "y", {"I": 1.0}).bind(J=2.0)
    assert error_message(info.value, Text("zh")) == "未知的参数：J"


@pytest.mark.parametrize("best,stars,shown", [(0.0, 0, None), (0.0, 2, None), (0.31, 3, None), (None, 0, None),
                                              (math.inf, 0, None), (0.31, 1, "0.31 Hz"), (8.78e-05, 2, "0.0001 Hz"),
                                              (123456.7, 0, "123457 Hz")])
def test_map_tiles_show_a_best_only_when_it_says_something(best, stars, shown):
    from game.core.readout import tile_best
    kind = GoalKind(Goal, lambda m, g: None, unit="Hz")
    assert tile_best(_goal(), kind, best, stars) == shown


def test_a_map_tile_never_reads_best_0(app, driver, monkeypatch):
    app.progress.record("pp-06-slalom", 0.0, 0, "higher", 0, 5)            # no gate passed
    app.progress.record("pp-02-saddle-balance", 0.42, 1, "lower", 0, 5)
    app.progress.settings["instructor_mode"] = True
    seen: list[str] = []
    real = app.ctx.fonts.render
    monkeypatch.setattr(app.ctx.fonts, "render", lambda text, *a, **k: seen.append(text) or real(text, *a, **k))
    driver.press(app.scene.buttons["campaign"])
    driver.frames(1)
    bests = [t for t in seen if t.startswith("best ")]
    assert "best 0.42" in bests and not any(t == "best 0" for t in bests), bests
