"""game.sim.planar.expr: the whitelist compiler for user equations refuses what it must, quickly."""

import time

import numpy as np
import pytest

from game.sim import planar as P


# ---------------------------------------------------------------------------
# compile_field
# ---------------------------------------------------------------------------


VALID = [
    ("x - x**3/3 - y + I", lambda x, y, I, c: x - x ** 3 / 3 - y + I),
    ("0.08*(x + 0.7 - 0.8*y)", lambda x, y, I, c: 0.08 * (x + 0.7 - 0.8 * y)),
    ("-sin(x) - c*y", lambda x, y, I, c: -np.sin(x) - c * y),
    ("exp(-x**2) * cos(pi*y) + e", lambda x, y, I, c: np.exp(-x ** 2) * np.cos(np.pi * y) + np.e),
    ("sqrt(abs(x)) + tanh(y) - sinh(x/4) + cosh(y/4)",
     lambda x, y, I, c: np.sqrt(np.abs(x)) + np.tanh(y) - np.sinh(x / 4) + np.cosh(y / 4)),
    ("minimum(x, y) + maximum(x, 2) + tan(x/10)",
     lambda x, y, I, c: np.minimum(x, y) + np.maximum(x, 2) + np.tan(x / 10)),
    ("+x ** -2 + log(1 + y*y)", lambda x, y, I, c: x ** -2.0 + np.log(1 + y * y)),
    ("2 ** 10 - 3", lambda x, y, I, c: np.full_like(x, 1021.0)),
]


@pytest.mark.parametrize("expr, reference", VALID)
def test_compiled_expressions_equal_numpy_evaluation_on_a_grid(expr, reference):
    f = P.compile_field(expr, "y", {"I": 0.5, "c": 0.3})
    x, y = np.meshgrid(np.linspace(0.5, 2, 7), np.linspace(-1, 1, 5))
    dx, dy = f(x, y)
    assert dx.shape == x.shape and np.array_equal(dy, y)
    assert np.allclose(dx, reference(x, y, 0.5, 0.3), rtol=1e-14)


def test_compiled_field_rebinds_parameters_and_returns_scalars_for_scalars():
    f = P.compile_field("x + I", "-y", {"I": 1.0})
    assert f(1.0, 2.0) == (2.0, -2.0)
    assert f.bind(I=3.0)(1.0, 2.0) == (4.0, -2.0) and f(1.0, 2.0) == (2.0, -2.0)


def test_compiled_field_gives_nan_and_inf_without_warnings():
    f = P.compile_field("log(x)", "1/x + exp(1000*y)")
    dx, dy = f(np.array([-1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]))
    assert np.isnan(dx[0]) and dx[1] == -np.inf and dy[1] == np.inf and dy[2] == np.inf


HOSTILE = [
    ("__import__('os').system('touch {marker}')", "'__import__' is not allowed", 1),
    ("x + __import__('os')", "'__import__' is not allowed", 5),
    ("x.__class__", "'__class__' is not allowed", 3),
    ("().__class__.__bases__[0].__subclasses__()", "'__class__' is not allowed", 4),
    ("(1).real.imag", "attribute access", 9),
    ("x.real", "attribute access", 2),
    ("open('{marker}', 'w')", "'open' is not an allowed function", 1),
    ("eval('1')", "'eval' is not an allowed function", 1),
    ("exec('x=1')", "'exec' is not an allowed function", 1),
    ("__builtins__", "'__builtins__' is not allowed", 1),
    ("(lambda: 1)()", "lambda", 2),
    ("x(1)", "'x' is not an allowed function", 1),
    ("lambda x: x", "lambda", 1),
    ("[i for i in range(10)]", "a comprehension", 1),
    ("sum(i for i in range(10**8))", "'sum' is not an allowed function", 1),
    ("x[0]", "indexing", 1),
    ("'abc'", "text (strings)", 1),
    ("b'abc'", "text (strings)", 1),
    ("f'{x}'", "text (strings)", 1),
    ("9**9**9", "exponent", 4),
    ("10**400", "exponent", 5),
    ("x**11", "exponent", 4),
    ("2**-11", "exponent", 4),
    ("exp(x, out=x)", "keyword arguments", 0),
    ("maximum(*x)", "'*' unpacking", 9),
    ("sin(x, y)", "takes 1 argument", 1),
    ("x if y else 1", "'if ... else'", 1),
    ("x < y", "a comparison", 1),
    ("x and y", "'and'/'or'", 1),
    ("(z := 1)", "':='", 2),
    ("x % 2", "'%'", 1),
    ("x // 2", "'//'", 1),
    ("x ^ 2", "use ** for powers", 1),
    ("~x", "'~'", 1),
    ("True", "is not allowed; only numbers", 1),
    ("1j", "is not allowed; only numbers", 1),
    ("x, y", "a tuple", 1),
    ("{x: 1}", "a dict", 1),
    ("[x]", "a list", 1),
    ("import os", "syntax error", 0),
    ("x = 1", "syntax error", 0),
    ("x +", "syntax error", 0),
    ("", "empty", 0),
    ("foo + 1", "unknown name 'foo'", 1),
    ("sin", "is a function", 1),
    ("1" + "0" * 400, "too large", 1),
    ("x" + "+x" * 300, "longer than 500 characters", 501),
    ("(" * 240 + "x" + ")" * 240, "too many nested parentheses", 0),
    ("-" * 200 + "x", "nested too deeply", 0),
    ("sin(" * 60 + "x" + ")" * 60, "nested too deeply", 0),
]


@pytest.mark.parametrize("expr, fragment, col", HOSTILE)
def test_hostile_expressions_are_refused_quickly_with_a_pointed_message(expr, fragment, col, tmp_path):
    marker = tmp_path / "pwned"
    expr = expr.replace("{marker}", str(marker))
    start = time.perf_counter()
    with pytest.raises(P.ExpressionError) as info:
        P.compile_field(expr, "y", {"I": 1.0})
    elapsed = time.perf_counter() - start
    err = info.value
    assert fragment in err.message, f"message {err.message!r} should mention {fragment!r}"
    assert err.field == "dx" and str(err).startswith("dx: ")
    if col:
        assert err.col == col, f"column {err.col} should point at the offending part ({col})"
    assert elapsed < 0.05, f"refusing took {elapsed * 1e3:.1f} ms"
    assert not marker.exists(), "the expression was executed!"


def test_redundant_parentheses_are_harmless():
    f = P.compile_field("(" * 60 + "x" + ")" * 60, "((y))")
    assert f(2.0, 3.0) == (2.0, 3.0)


def test_expression_error_names_the_field_and_column_in_its_text():
    with pytest.raises(P.ExpressionError) as info:
        P.compile_field("x", "y + __import__('os')")
    assert str(info.value) == "dy: '__import__' is not allowed (column 5)"


def test_parameter_names_that_shadow_variables_or_functions_are_refused():
    for name in ("x", "exp", "pi", "__class__", "1a"):
        with pytest.raises(P.ExpressionError):
            P.compile_field("x", "y", {name: 1.0})
    with pytest.raises(P.ExpressionError):
        P.compile_field("x", "y", {"I": float("nan")})
