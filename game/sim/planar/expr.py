"""User-written equations: a whitelist compiler from text to a vectorised field.

:func:`compile_field` parses ``dx/dt`` and ``dy/dt`` right-hand sides with
``ast.parse`` and turns the validated tree into numpy closures; nothing is
ever passed to ``eval``/``exec``. A refused expression raises
:class:`ExpressionError` with an English message, the 1-based column, and a
``code`` plus ``data`` so a user interface can say it in its own language.
"""

from __future__ import annotations

import ast
import math
from typing import Mapping, Sequence

import numpy as np

#: Longest accepted expression (characters).
MAX_EXPR_CHARS = 500
#: Largest |constant exponent| in ``a ** c``.
MAX_EXPONENT = 10.0
#: Deepest accepted expression tree.
MAX_DEPTH = 40

_FUNCTIONS = {
    "exp": (np.exp, 1), "log": (np.log, 1), "sqrt": (np.sqrt, 1),
    "sin": (np.sin, 1), "cos": (np.cos, 1), "tan": (np.tan, 1),
    "tanh": (np.tanh, 1), "sinh": (np.sinh, 1), "cosh": (np.cosh, 1),
    "abs": (np.abs, 1), "minimum": (np.minimum, 2), "maximum": (np.maximum, 2),
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_BINOPS = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
           ast.Div: np.divide, ast.Pow: np.power}
_UNARY = {ast.UAdd: np.positive, ast.USub: np.negative}
# Refused syntax: (code, English words). The code names the construct in an error's
# ``data["what"]`` so a user interface can say it in its own language.
_OP_TEXT = {ast.Mod: ("mod", "'%'"), ast.FloorDiv: ("floordiv", "'//'"), ast.MatMult: ("matmul", "'@'"),
            ast.BitAnd: ("bitand", "'&'"), ast.BitOr: ("bitor", "'|'"),
            ast.BitXor: ("xor", "'^' (use ** for powers)"), ast.LShift: ("lshift", "'<<'"),
            ast.RShift: ("rshift", "'>>'"), ast.Invert: ("invert", "'~'"), ast.Not: ("not", "'not'")}
_OTHER_OP = ("operator", "this operator")
_NODE_TEXT = {
    ast.Attribute: ("attribute", "attribute access ('.')"), ast.Subscript: ("subscript", "indexing ('[...]')"),
    ast.Lambda: ("lambda", "lambda"), ast.ListComp: ("comprehension", "a comprehension"),
    ast.SetComp: ("comprehension", "a comprehension"), ast.DictComp: ("comprehension", "a comprehension"),
    ast.GeneratorExp: ("comprehension", "a comprehension"), ast.Starred: ("starred", "'*' unpacking"),
    ast.Compare: ("comparison", "a comparison"), ast.BoolOp: ("boolop", "'and'/'or'"),
    ast.IfExp: ("ifexp", "'if ... else'"), ast.NamedExpr: ("walrus", "':='"), ast.List: ("list", "a list"),
    ast.Tuple: ("tuple", "a tuple (',')"), ast.Dict: ("dict", "a dict"), ast.Set: ("set", "a set"),
    ast.JoinedStr: ("text", "text (strings)"), ast.Await: ("await", "'await'"), ast.Yield: ("yield", "'yield'"),
    ast.YieldFrom: ("yield", "'yield'"), ast.Slice: ("slice", "a slice"),
}


class ExpressionError(ValueError):
    """A user expression was refused.

    Attributes
    ----------
    message : str
        What is wrong, in English words.
    col : int
        1-based column of the offending part (0 when not applicable).
    field : str
        "dx" or "dy" when raised by `compile_field`, else "".
    code : str
        What kind of problem, for a user interface to say in its own
        language (e.g. "unknown_name", "not_allowed"; "" when not coded).
    data : dict
        The values the message names (e.g. ``{"name": "z", "allowed": "x, y"}``);
        ``data["what"]``, when present, is the code of a refused construct
        ("comparison", "xor", ...) or, for one without a code, its text.
    """

    def __init__(self, message: str, col: int = 0, field: str = "", code: str = "",
                 data: Mapping[str, object] | None = None):
        self.message, self.col, self.field = message, int(col), field
        self.code, self.data = code, dict(data or {})
        where = f" (column {self.col})" if self.col else ""
        prefix = f"{field}: " if field else ""
        super().__init__(f"{prefix}{message}{where}")


def _fail(message: str, node: ast.AST | None = None, col: int | None = None, code: str = "", **data):
    if col is None:
        col = getattr(node, "col_offset", -1) + 1
    raise ExpressionError(message, max(col, 0), code=code, data=data)


class _Compiler:
    """Walks a validated AST into numpy closures; never evaluates source."""

    def __init__(self, params: Sequence[str]):
        self.params = tuple(params)

    def build(self, node: ast.AST, depth: int = 0):
        """Return (closure env -> array, constant value or None)."""
        if depth > MAX_DEPTH:
            _fail(f"expression is nested too deeply (more than {MAX_DEPTH} levels)", node, code="too_deep",
                  n=MAX_DEPTH)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what, text = self._describe(node)
            if isinstance(node, ast.Attribute):  # point at the dot
                _fail(text + " is not allowed", col=node.value.end_col_offset + 1, code="not_allowed", what=what)
            _fail(text + " is not allowed", node, code="not_allowed", what=what)
        return method(node, depth + 1)

    @staticmethod
    def _describe(node) -> tuple[str, str]:
        """(code, English words) of a refused construct; one without a code is its own text."""
        if type(node) in _NODE_TEXT:
            return _NODE_TEXT[type(node)]
        text = f"'{type(node).__name__}'"
        return text, text

    def _Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            what, text = ("text", "text (strings)") if isinstance(value, (str, bytes)) else (repr(value),) * 2
            _fail(f"{text} is not allowed; only numbers", node, code="only_numbers", what=what)
        try:
            value = float(value)
        except OverflowError:
            _fail("number is too large", node, code="too_large")
        return (lambda env: value), value

    def _Name(self, node, depth):
        name = node.id
        if name in ("x", "y"):
            idx = 0 if name == "x" else 1
            return (lambda env: env[idx]), None
        if name in self.params:
            return (lambda env: env[2][name]), None
        if name in _CONSTANTS:
            value = _CONSTANTS[name]
            return (lambda env: value), value
        if name in _FUNCTIONS:
            _fail(f"'{name}' is a function: write {name}(...)", node, code="is_function", name=name)
        if name.startswith("_"):
            _fail(f"'{name}' is not allowed", node, code="private", name=name)
        allowed = ", ".join(("x", "y") + self.params + tuple(_CONSTANTS))
        _fail(f"unknown name '{name}'; allowed names are {allowed}", node, code="unknown_name", name=name,
              allowed=allowed)

    def _UnaryOp(self, node, depth):
        op = _UNARY.get(type(node.op))
        if op is None:
            what, text = _OP_TEXT.get(type(node.op), _OTHER_OP)
            _fail(f"{text} is not allowed", node, code="not_allowed", what=what)
        inner, const = self.build(node.operand, depth)
        if const is not None:
            value = float(op(const))
            return (lambda env: value), value
        return (lambda env: op(inner(env))), None

    def _BinOp(self, node, depth):
        op = _BINOPS.get(type(node.op))
        if op is None:
            what, text = _OP_TEXT.get(type(node.op), _OTHER_OP)
            _fail(f"{text} is not allowed; use + - * / **", node, code="op_not_allowed", what=what)
        left, lconst = self.build(node.left, depth)
        right, rconst = self.build(node.right, depth)
        if isinstance(node.op, ast.Pow) and rconst is not None and not abs(rconst) <= MAX_EXPONENT:
            _fail(f"exponent {rconst:g} is too large (at most {MAX_EXPONENT:g} in size)",
                  node.right, code="exponent", value=f"{rconst:g}", limit=f"{MAX_EXPONENT:g}")
        if lconst is not None and rconst is not None:
            with np.errstate(all="ignore"):
                value = float(op(np.float64(lconst), np.float64(rconst)))
            return (lambda env: value), value
        if isinstance(node.op, ast.Pow) and rconst == 3.0:  # np.power(x, 3.0) is ~10x slower
            return (lambda env: (lambda b: b * b * b)(left(env))), None
        return (lambda env: op(left(env), right(env))), None

    def _Call(self, node, depth):
        func = node.func
        if not isinstance(func, ast.Name):
            self.build(func, depth)  # refuses attributes, lambdas, ... at their place
            _fail(f"only the functions {', '.join(_FUNCTIONS)} can be called", node, code="only_functions",
                  functions=", ".join(_FUNCTIONS))
        name = func.id
        if name.startswith("_"):
            _fail(f"'{name}' is not allowed", func, code="private", name=name)
        if name not in _FUNCTIONS:
            shown = f"'{name}'" if len(name) <= 30 else "this name"
            _fail(f"{shown} is not an allowed function; allowed: {', '.join(_FUNCTIONS)}", func,
                  code="unknown_function", name=name[:30], functions=", ".join(_FUNCTIONS))
        if node.keywords:
            _fail("keyword arguments are not allowed", node.keywords[0].value, code="keywords")
        fn, arity = _FUNCTIONS[name]
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                _fail("'*' unpacking is not allowed", arg, code="not_allowed", what="starred")
        if len(node.args) != arity:
            _fail(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}, "
                  f"got {len(node.args)}", node, code="arity", name=name, n=arity, got=len(node.args))
        built = [self.build(arg, depth) for arg in node.args]
        closures = [b[0] for b in built]
        if all(b[1] is not None for b in built):
            with np.errstate(all="ignore"):
                value = float(fn(*(np.float64(b[1]) for b in built)))
            return (lambda env: value), value
        if arity == 1:
            (g,) = closures
            return (lambda env: fn(g(env))), None
        g, h = closures
        return (lambda env: fn(g(env), h(env))), None


def _check_params(params: Mapping[str, float]) -> dict:
    out = {}
    for name, value in params.items():
        if (not isinstance(name, str) or not name.isidentifier() or name.startswith("_")
                or name in ("x", "y") or name in _FUNCTIONS or name in _CONSTANTS):
            raise ExpressionError(f"parameter name {name!r} is not allowed", code="param_name",
                                  data={"name": repr(name)})
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ExpressionError(f"parameter {name} = {value!r} is not a number", code="param_number",
                                  data={"name": name, "value": repr(value)}) from None
        if not np.isfinite(value):
            raise ExpressionError(f"parameter {name} = {value!r} is not finite", code="param_finite",
                                  data={"name": name, "value": repr(value)})
        out[name] = value
    return out


def _refuse_private_names(tree: ast.AST) -> None:
    """Name the leftmost '_'-name or attribute ('__import__', '__class__')."""
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            bad.append((node.col_offset, node.id))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            bad.append((node.value.end_col_offset + 1, node.attr))
    if bad:
        col, name = min(bad)
        _fail(f"'{name}' is not allowed", col=col + 1, code="private", name=name)


def _compile_one(expr: str, params: Sequence[str]):
    if not isinstance(expr, str):
        raise ExpressionError(f"expected text, got {type(expr).__name__}", code="not_text")
    if len(expr) > MAX_EXPR_CHARS:
        raise ExpressionError(f"expression is longer than {MAX_EXPR_CHARS} characters",
                              MAX_EXPR_CHARS + 1, code="too_long", data={"n": MAX_EXPR_CHARS})
    if not expr.strip():
        raise ExpressionError("expression is empty", code="empty")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as err:
        raise ExpressionError(f"syntax error: {err.msg}", err.offset or 0, code="syntax",
                              data={"detail": err.msg}) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression is nested too deeply or malformed", code="malformed") from None
    lead = len(expr) - len(expr.lstrip())
    try:
        _refuse_private_names(tree)
        closure, _ = _Compiler(params).build(tree.body)
    except ExpressionError as err:
        raise ExpressionError(err.message, err.col + lead if err.col else 0, code=err.code, data=err.data) from None
    except RecursionError:
        raise ExpressionError("expression is nested too deeply", code="nested") from None
    return closure


class CompiledField:
    """A user field compiled once; call it like any field, rebind parameters cheaply.

    Calling ``field(x, y)`` evaluates both closures under
    ``np.errstate(all="ignore")``: results may contain NaN (e.g. log(-1)) or
    inf (e.g. exp(1000), 1/0) but never warn; the view must mask them.
    Outputs are broadcast to the shape of ``x`` and ``y`` (a constant
    expression still gives a full grid).
    """

    def __init__(self, dx_expr, dy_expr, closures, params: Mapping[str, float]):
        self.dx_expr, self.dy_expr = dx_expr, dy_expr
        self._closures = closures
        self.params = dict(params)

    def bind(self, **values) -> "CompiledField":
        """Return the same field with some parameter values replaced."""
        unknown = set(values) - set(self.params)
        if unknown:
            raise ExpressionError(f"unknown parameter(s): {', '.join(sorted(unknown))}", code="unknown_params",
                                  data={"names": ", ".join(sorted(unknown))})
        return CompiledField(self.dx_expr, self.dy_expr, self._closures,
                             _check_params({**self.params, **values}))

    def __call__(self, x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        env = (x, y, self.params)
        shape = np.broadcast(x, y).shape
        with np.errstate(all="ignore"):
            dx = np.broadcast_to(self._closures[0](env), shape).astype(float)
            dy = np.broadcast_to(self._closures[1](env), shape).astype(float)
        if shape == ():
            return float(dx), float(dy)
        return dx, dy

    def __repr__(self):
        return f"CompiledField(dx={self.dx_expr!r}, dy={self.dy_expr!r}, params={self.params})"


def compile_field(dx_expr: str, dy_expr: str,
                  params: Mapping[str, float] | None = None) -> CompiledField:
    """Compile user right-hand sides ``x' = dx_expr``, ``y' = dy_expr`` safely.

    Grammar (everything else is refused): number literals (as float), the
    names x, y, the declared parameters and the constants pi, e; binary
    + - * / **; unary - and +; parentheses; calls of exp, log, sqrt, sin,
    cos, tan, tanh, sinh, cosh, abs (one argument) and minimum, maximum (two),
    with positional arguments only. Limits: `MAX_EXPR_CHARS` characters,
    `MAX_DEPTH` levels, constant exponents |c| <= `MAX_EXPONENT` (so
    ``9**9**9`` is refused). The source is parsed by `ast.parse` and the
    validated tree is turned into numpy closures; nothing is ever passed to
    eval/exec.

    Parameters
    ----------
    dx_expr, dy_expr : str
        Right-hand sides, e.g. ``"x - x**3/3 - y + I"``.
    params : mapping of str to float, optional
        Declared parameters and their current values.

    Returns
    -------
    CompiledField
        Vectorised field ``f(x, y) -> (dx, dy)``; ``f.bind(I=0.5)`` rebinds.

    Raises
    ------
    ExpressionError
        With a message and the 1-based column of the offending part, e.g.
        ``dx: '__import__' is not allowed (column 1)``.

    Examples
    --------
    >>> f = compile_field("y", "-sin(x) - c*y", {"c": 0.5})
    >>> f(0.0, 1.0)
    (1.0, -0.5)
    """
    params = _check_params(params or {})
    closures = []
    for which, expr in (("dx", dx_expr), ("dy", dy_expr)):
        try:
            closures.append(_compile_one(expr, tuple(params)))
        except ExpressionError as err:
            raise ExpressionError(err.message, err.col, which, err.code, err.data) from None
    return CompiledField(dx_expr, dy_expr, tuple(closures), params)
