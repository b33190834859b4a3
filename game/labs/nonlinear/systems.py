"""The nonlinear lab's systems: the built-in models with their sliders, windows and labels, and user equations.

No pygame here. A level (or the sandbox) names one of :data:`SYSTEM_NAMES`
(Morris–Lecar with the Hopf or the SNIC parameter set, FitzHugh–Nagumo,
van der Pol, all from :mod:`game.sim.planar`) or :data:`CUSTOM` with user
equations; :func:`make_field` turns that plus the current parameter values
into a vectorised field ``f(x, y) -> (dx/dt, dy/dt)``. Each built-in system
declares its tunables once (:class:`game.core.schema.Param`: default,
range, slider step, unit), its home window and axis labels, how long a
trajectory runs and how long a limit cycle is observed.

Units follow the sim: Morris–Lecar V in mV, N dimensionless, time in ms,
I in µA/cm²; the other systems are dimensionless.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from game.core.schema import Param
from game.sim import planar

CUSTOM = "custom"

#: The sandbox's custom system starts as FitzHugh–Nagumo written out by hand.
CUSTOM_DEFAULT = {"dx": "x - x**3/3 - y + I", "dy": "eps*(x + a - b*y)",
                  "params": {"I": 0.5, "a": 0.7, "b": 0.8, "eps": 0.08}}
CUSTOM_WINDOW = ((-2.5, 2.5), (-1.0, 2.0))
CUSTOM_T_MAX = 100.0
#: (t_transient, t_observe, longest t_observe) of a custom system's cycle measurement.
CUSTOM_MEASURE = (100.0, 200.0, 800.0)


@dataclass(frozen=True)
class System:
    """A built-in planar system as the lab offers it.

    Attributes
    ----------
    params : mapping of str to Param
        Its tunables, in slider order (the sim's parameter names).
    build : callable
        ``build(**values) -> field``.
    xlim, ylim : (float, float)
        Home window (model units).
    xlabel, ylabel : str
        Axis labels (symbols and units, not words).
    variables : (str, str)
        The state variables' symbols: (V, N), (v, w) or (x, y).
    t_max : float
        Trajectory length (model time: ms for Morris–Lecar).
    measure : (float, float, float)
        Limit-cycle measurement: transient, observation and longest
        observation time (model time).
    """

    params: Mapping[str, Param]
    build: Callable[..., planar.Field]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xlabel: str
    ylabel: str
    variables: tuple[str, str]
    t_max: float
    measure: tuple[float, float, float]

    def values(self, values: Mapping[str, float] | None = None) -> dict[str, float]:
        """Defaults overlaid with the known, finite ``values``, each clamped to its range."""
        out = {k: p.default for k, p in self.params.items()}
        for key, value in (values or {}).items():
            p = self.params.get(key)
            if p is not None and math.isfinite(value):
                out[key] = min(max(float(value), p.min), p.max)
        return out

    def make(self, values: Mapping[str, float] | None = None) -> planar.Field:
        """The vector field at these parameter values."""
        return self.build(**self.values(values))


def _ml(base: Mapping[str, float]) -> Callable[..., planar.Field]:
    return lambda I: planar.morris_lecar(I, **base)


_ML_AXES = dict(xlim=(-70.0, 50.0), ylim=(-0.05, 0.6), xlabel="V (mV)", ylabel="N", variables=("V", "N"),
                t_max=500.0, measure=(500.0, 1500.0, 12000.0))

#: The built-in systems (the linear ones live in the phaseplane lab).
SYSTEMS: dict[str, System] = {
    "morris_lecar_hopf": System({"I": Param(default=80.0, min=0.0, max=150.0, step=0.5, unit="µA/cm²")},
                                _ml(planar.ML_HOPF), **_ML_AXES),
    "morris_lecar_snic": System({"I": Param(default=35.0, min=0.0, max=120.0, step=0.5, unit="µA/cm²")},
                                _ml(planar.ML_SNIC), **_ML_AXES),
    "fitzhugh_nagumo": System({"I": Param(default=0.0, min=0.0, max=2.0, step=0.01),
                               "a": Param(default=0.7, min=0.0, max=1.5, step=0.01),
                               "b": Param(default=0.8, min=0.0, max=2.0, step=0.01),
                               "eps": Param(default=0.08, min=0.01, max=1.0, step=0.01)},
                              planar.fitzhugh_nagumo, (-2.5, 2.5), (-1.0, 2.0), "v", "w", ("v", "w"), 200.0,
                              (200.0, 400.0, 1600.0)),
    "van_der_pol": System({"mu": Param(default=1.0, min=0.0, max=10.0, step=0.1)},
                          planar.van_der_pol, (-4.0, 4.0), (-8.0, 8.0), "x", "y", ("x", "y"), 60.0,
                          (60.0, 100.0, 400.0)),
}
SYSTEM_NAMES = tuple(SYSTEMS)
ALL_SYSTEMS = SYSTEM_NAMES + (CUSTOM,)
ML_SETS = {"morris_lecar_hopf": planar.ML_HOPF, "morris_lecar_snic": planar.ML_SNIC}


def is_ml(system: str) -> bool:
    return system in ML_SETS


def nice_step(span: float) -> float:
    """A 1, 2 or 5 x 10^k step giving roughly 100 slider positions over ``span``.

    >>> nice_step(0.4), nice_step(120.0)
    (0.005, 2.0)
    """
    raw = max(span, 1e-9) / 100.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)


def auto_param(value: float) -> Param:
    """Slider declaration for a user-equation parameter from its value alone.

    The range spans two powers of ten around the value, so small rates such
    as eps keep useful resolution.

    >>> p = auto_param(0.08)
    >>> p.min, p.max, p.step
    (-0.12, 0.28, 0.005)
    """
    value = float(value)
    mag = 10.0 ** math.ceil(math.log10(abs(value))) if value != 0 else 1.0
    lo, hi = round(value - 2 * mag, 12), round(value + 2 * mag, 12)
    return Param(default=value, min=lo, max=hi, step=nice_step(hi - lo), unit="")


def system_params(system: str, equations: Mapping[str, Any] | None = None) -> dict[str, Param]:
    """Every tunable of a system: a built-in one's declarations, or sliders for the equations' parameters."""
    if system == CUSTOM:
        params = dict((equations or CUSTOM_DEFAULT).get("params") or {})
        return {k: auto_param(v) for k, v in params.items()}
    return dict(SYSTEMS[system].params)


def system_window(system: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The home window of a system (model units)."""
    if system == CUSTOM:
        return CUSTOM_WINDOW
    spec = SYSTEMS[system]
    return tuple(spec.xlim), tuple(spec.ylim)


def axis_labels(system: str) -> tuple[str, str]:
    """Axis labels (symbols and units, not words)."""
    if system == CUSTOM:
        return "x", "y"
    spec = SYSTEMS[system]
    return spec.xlabel, spec.ylabel


def variable_names(system: str) -> tuple[str, str]:
    """The two state variables' symbols: (V, N), (v, w) or (x, y)."""
    return ("x", "y") if system == CUSTOM else SYSTEMS[system].variables


def t_max(system: str) -> float:
    """Trajectory length of a system (model time)."""
    return CUSTOM_T_MAX if system == CUSTOM else SYSTEMS[system].t_max


def measure_times(system: str) -> tuple[float, float, float]:
    """(t_transient, t_observe, longest t_observe) of a system's cycle measurement (model time)."""
    return CUSTOM_MEASURE if system == CUSTOM else SYSTEMS[system].measure


def make_field(system: str, values: Mapping[str, float], compiled: planar.CompiledField | None = None):
    """The vector field of ``system`` at parameter ``values``.

    Built-in systems clamp each value to their declared range; a custom
    system rebinds its compiled equations (compiled once per edit, elsewhere).
    """
    if system == CUSTOM:
        if compiled is None:
            raise ValueError("a custom system needs compiled equations")
        known = {k: float(v) for k, v in values.items() if k in compiled.params and math.isfinite(v)}
        return compiled.bind(**known)
    return SYSTEMS[system].make(values)


# ------------------------------------------------------------------ the equation editor's parameter line

#: Largest number of parameters user equations may declare.
MAX_EQ_PARAMS = 8
#: Longest parameter name.
MAX_NAME = 24
_RESERVED = {"x", "y", "pi", "e", "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh",
             "abs", "minimum", "maximum"}


def usable_name(name: Any) -> bool:
    """Can ``name`` be a parameter of user equations (a plain identifier, not x, y or a function)?"""
    return (isinstance(name, str) and name.isidentifier() and not name.startswith("_")
            and len(name) <= MAX_NAME and name not in _RESERVED)


def parse_param_table(text: str) -> dict[str, float]:
    """Parse ``"I = 0.5, a = 0.7"`` into a dict, or raise ``planar.ExpressionError``.

    Entries are separated by commas or semicolons; each is ``name = number``
    with a plain identifier and a finite decimal number. Columns in errors
    are 1-based, as the expression parser's are.

    >>> parse_param_table("a = 1, b=2.5; c = -3e-2")
    {'a': 1.0, 'b': 2.5, 'c': -0.03}
    """
    out: dict[str, float] = {}
    pos = 0
    for part in text.replace(";", ",").split(","):
        col = pos + 1 + (len(part) - len(part.lstrip()))
        pos += len(part) + 1
        if not part.strip():
            continue
        if "=" not in part:
            raise planar.ExpressionError("write each parameter as name = number", col, "params", "param_form")
        name, value = part.split("=", 1)
        name = name.strip()
        if not usable_name(name):
            raise planar.ExpressionError(f"'{name[:20]}' cannot be a parameter name", col, "params", "param_bad_name",
                                         {"name": name[:20]})
        vcol = col + len(part.split("=", 1)[0].lstrip()) + 1
        try:
            number = float(value.strip())
        except ValueError:
            raise planar.ExpressionError(f"'{value.strip()[:20]}' is not a number", vcol, "params", "param_not_number",
                                         {"value": value.strip()[:20]}) from None
        if not math.isfinite(number):
            raise planar.ExpressionError("numbers must be finite", vcol, "params", "param_not_finite")
        if name in out:
            raise planar.ExpressionError(f"'{name}' is given twice", col, "params", "param_twice", {"name": name})
        out[name] = number
        if len(out) > MAX_EQ_PARAMS:
            raise planar.ExpressionError(f"at most {MAX_EQ_PARAMS} parameters", col, "params", "param_too_many",
                                         {"n": MAX_EQ_PARAMS})
    return out


def format_param_table(params: Mapping[str, float]) -> str:
    """The parameter line for ``params``: ``"I = 0.5, a = 0.7"``."""
    return ", ".join(f"{k} = {v:g}" for k, v in params.items())
