"""Level-file schema of the hopfield lab (store, corrupt, recall, anneal).

``fixed`` holds the network the level builds: the grid size, the gallery of
candidate patterns (named glyphs from :data:`game.sim.patterns.PATTERN_NAMES`
or inline grids drawn with declared on/off symbols, plus seeded random
patterns), which of them are stored, the learning rule, the target, the
start state and the annealing schedule.  ``params`` are the tunables
(``noise_pct``, ``T``, ``speed``, ``anneal_T0``, ``anneal_sweeps``),
``controls`` switch interactions on, ``goal`` is one of the goal types
scored in ``goals.py`` and ``solution`` is what the winnability test plays.

Example::

    fixed.size = [16, 16]
    fixed.patterns = ["A", "X", { name = "zig", rows = ["#...", ...] }]
    fixed.stored = ["A", "X"]
    fixed.target = "A"
    fixed.start = { pattern = "A", noise_pct = 20 }
    fixed.anneal = { T0 = 0.8, T1 = 0.05, sweeps = 30 }

Every check that spans fields (inline grid sizes, names that must exist,
temperatures a schedule needs) lives in :func:`cross_check`, which reports
each problem on its own line with its key path.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Literal, Mapping

import numpy as np
from pydantic import Field, ValidationError, field_validator

from game.core.schema import Goal, Strict, format_validation
from game.sim import hopfield as hf
from game.sim import patterns as pt

#: Hard limits of every tunable (a slider can never leave them).
PARAM_LIMITS = {
    "noise_pct": (0.0, 100.0),      # % of units flipped by "Corrupt"
    "T": (0.0, 5.0),                # constant temperature (dimensionless)
    "speed": (0.1, 60.0),           # sweeps per second of animation
    "anneal_T0": (0.01, 5.0),       # start temperature of the anneal (> 0)
    "anneal_sweeps": (1.0, 200.0),  # sweeps in the annealing schedule
}
#: Most candidate patterns a level may show (the gallery holds two rows of eight).
MAX_PATTERNS = 16
MAX_NAME = 12
NAME_PATTERN = r"^[A-Za-z0-9_-]{1,12}$"
MAX_CELLS = pt.MAX_SIZE * pt.MAX_SIZE
RULES = tuple(hf.RULES)
#: The Storkey rule learns in O(P N^2) per change; beyond 24x24 it would stall a frame.
STORKEY_MAX_N = 24 * 24
GOAL_TYPES_WITH_TARGET = ("recall", "basin", "crowded", "fewest_flips", "inverse")


def _finite(v: float, what: str) -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number")
    return v


class InlinePattern(Strict):
    """A pattern drawn in the level file, one string per grid row."""

    name: str = Field(pattern=NAME_PATTERN, description="shown under the thumbnail; 1-12 of A-Z a-z 0-9 _ -")
    rows: list[str] = Field(min_length=1, max_length=pt.MAX_SIZE,
                            description="one string per grid row, using fixed.on / fixed.off")


class Start(Strict):
    """The state the grid shows when the level opens (at most one source).

    ``pattern`` (a gallery name) corrupted by ``noise_pct`` % flipped units,
    a ``mixture`` of an odd number of stored patterns (a planted spurious
    state), inline ``rows``, or a uniform ``fill``; nothing given means a
    blank (all off) grid.
    """

    pattern: str | None = Field(default=None, max_length=MAX_NAME, description="gallery name to start from")
    noise_pct: float = Field(default=0.0, ge=0, le=100, description="% of its cells flipped (seeded)")
    mixture: list[str] | None = Field(default=None, max_length=7,
                                      description="odd number of gallery names: sign of their sum")
    rows: list[str] | None = Field(default=None, min_length=1, max_length=pt.MAX_SIZE,
                                   description="the start drawn inline, like a pattern")
    fill: Literal["on", "off"] | None = Field(default=None, description="every cell on or off")

    @field_validator("noise_pct")
    @classmethod
    def _noise(cls, v):
        return _finite(v, "noise_pct")


class Anneal(Strict):
    """Geometric (or linear) cooling from ``T0`` to ``T1`` over ``sweeps`` sweeps."""

    T0: float = Field(default=1.0, description="start temperature, > 0")
    T1: float = Field(default=0.05, description="end temperature, > 0 and <= T0; then T = 0 until settled")
    sweeps: int = Field(default=30, ge=1, le=200, description="sweeps in the schedule, one temperature each")
    kind: Literal["geometric", "linear"] = Field(default="geometric", description="spacing of the temperatures")

    @field_validator("T0", "T1")
    @classmethod
    def _positive(cls, v, info):
        if not math.isfinite(v) or v <= 0:
            raise ValueError(f"must be a temperature > 0, got {v:g} (an annealing schedule cools "
                             f"between positive temperatures)")
        if v > PARAM_LIMITS["T"][1]:
            raise ValueError(f"must be at most the lab's highest temperature {PARAM_LIMITS['T'][1]:g}, "
                             f"got {v:g}")
        return v


class Fixed(Strict):
    """The network a level builds: grid, gallery, stored set, rule, start state."""

    size: tuple[int, int] = Field(default=(16, 16), description="[rows, columns], each 8-32 cells")
    on: str = Field(default="#", min_length=1, max_length=1, description="character for +1 in inline grids")
    off: str = Field(default=".", min_length=1, max_length=1, description="character for -1 in inline grids")
    patterns: list[str | InlinePattern] = Field(
        default_factory=lambda: ["A"],
        description="the gallery: names (A-Z, 0-9, heart, smiley, ...) or { name, rows }; at most 16")
    random: int = Field(default=0, ge=0, le=MAX_PATTERNS, description="seeded random patterns R1, R2, ... added")
    stored: list[str] | None = Field(default=None, max_length=MAX_PATTERNS,
                                     description="gallery names stored in the weights (default: all)")
    target: str | None = Field(default=None, max_length=MAX_NAME,
                               description="the pattern the goal is about; Corrupt starts from it")
    rule: Literal["hebbian", "storkey", "pseudo_inverse"] = Field(
        default="hebbian", description="learning rule (storkey up to 24x24)")
    mode: Literal["async", "sync"] = Field(default="async", description="one unit at a time, or all at once")
    start: Start = Field(default_factory=Start, description="the grid when the level opens (default: blank)")
    anneal: Anneal = Field(default_factory=Anneal, description="what the Anneal button runs")
    T: float = Field(default=0.0, ge=0, le=PARAM_LIMITS["T"][1], description="temperature when not a slider")
    noise_pct: float = Field(default=20.0, ge=0, le=100, description="Corrupt's noise % when not a slider")
    speed: float = Field(default=4.0, ge=PARAM_LIMITS["speed"][0], le=PARAM_LIMITS["speed"][1],
                         description="sweeps per second when not a slider")
    reset_on_store: bool = Field(default=True, description="storing, forgetting or a new rule restores the start")

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, v):
        if not isinstance(v, (list, tuple)) or len(v) != 2 or any(
                isinstance(x, bool) or not isinstance(x, int) for x in v):
            raise ValueError(f"must be [rows, columns], two whole numbers from {pt.MIN_SIZE} to {pt.MAX_SIZE}")
        if not all(pt.MIN_SIZE <= x <= pt.MAX_SIZE for x in v):
            raise ValueError(f"each side must be from {pt.MIN_SIZE} to {pt.MAX_SIZE} cells, got {list(v)}")
        return tuple(v)

    @field_validator("patterns", mode="before")
    @classmethod
    def _entries(cls, v):
        # checked here, entry by entry, so that a bad entry gets one clear line
        # instead of pydantic's report on every branch of the union
        if not isinstance(v, list):
            raise ValueError("must be a list of pattern names or { name = ..., rows = [...] } tables")
        if len(v) > MAX_PATTERNS:
            raise ValueError(f"has {len(v)} patterns; the lab shows at most {MAX_PATTERNS}")
        out, problems = [], []
        for i, entry in enumerate(v):
            if isinstance(entry, str):
                if not 1 <= len(entry) <= MAX_NAME:
                    problems.append(f"entry [{i}] = {entry[:20]!r} must be a name of 1-{MAX_NAME} characters")
                out.append(entry)
            elif isinstance(entry, Mapping):
                try:
                    out.append(InlinePattern.model_validate(entry))
                except ValidationError as err:
                    for line in format_validation(err, model=InlinePattern):
                        problems.append(f"entry [{i}]: {line}")
            else:
                problems.append(f"entry [{i}] must be a pattern name or {{ name = ..., rows = [...] }}, "
                                f"got {type(entry).__name__}")
        if problems:
            raise ValueError("; ".join(problems[:6]))
        return out

    @field_validator("T", "noise_pct", "speed")
    @classmethod
    def _finite_numbers(cls, v, info):
        return _finite(v, info.field_name)


class Controls(Strict):
    """Which interactions a level allows."""

    paint: bool = Field(default=True, description="left-drag paints cells on, right-drag erases")
    corrupt: bool = Field(default=True, description="the Corrupt button (noise %) and the occluder brush")
    store: bool = Field(default=False, description="click gallery patterns to store or forget them")
    load: bool = Field(default=False, description="right-click a gallery pattern to put it on the grid")
    anneal: bool = Field(default=False, description="the Anneal button")
    mode: bool = Field(default=False, description="switch synchronous / asynchronous updates")
    rule: bool = Field(default=False, description="switch the learning rule")
    step: bool = Field(default=True, description="Step sweep and Step neuron buttons")


class Recall(Goal):
    """Final overlap with the target; starts closer than ``min_noise_pct`` score 0."""

    type: Literal["recall"]
    min_noise_pct: float = Field(default=0.0, ge=0, le=100, description="least % of cells the start must differ by")


class Basin(Goal):
    """How far (% of units) from the target a start may be and still be recalled."""

    type: Literal["basin"]
    tol: float = Field(default=0.95, gt=0, le=1, description="overlap that counts as recalled")


class Crowded(Goal):
    """Number of stored patterns while the target is still recalled from the start."""

    type: Literal["crowded"]
    tol: float = Field(default=0.95, gt=0, le=1, description="overlap that counts as recalled")


class FewestFlips(Goal):
    """Cells changed from the start state before a run that recalls the target."""

    type: Literal["fewest_flips"]
    tol: float = Field(default=0.95, gt=0, le=1, description="overlap that counts as recalled")


class Escape(Goal):
    """Largest |overlap| with a stored pattern after the network settles."""

    type: Literal["escape"]


class Inverse(Goal):
    """Distance (% of units) of a start from the target that still settles on -target."""

    type: Literal["inverse"]
    tol: float = Field(default=0.95, gt=0, le=1, description="overlap that counts as recalled")


class Cycle(Goal):
    """Number of units that blink in a synchronous 2-cycle."""

    type: Literal["cycle"]


GOALS = {g.model_fields["type"].annotation.__args__[0]: g for g in
         (Recall, Basin, Crowded, FewestFlips, Escape, Inverse, Cycle)}

Cell = tuple[int, int]


class Solution(Strict):
    """What the winnability test plays, in this order (all optional)."""

    params: dict[str, float] = Field(default_factory=dict, description="slider values, set with the keyboard")
    rule: Literal["hebbian", "storkey", "pseudo_inverse"] | None = Field(
        default=None, description="press Rule until it shows this")
    mode: Literal["async", "sync"] | None = Field(default=None, description="press the mode button if needed")
    store: list[str] | None = Field(default=None, max_length=MAX_PATTERNS,
                                    description="click thumbnails until exactly these are stored")
    corrupt: bool = Field(default=False, description="press Corrupt once")
    paint_on: list[Cell] = Field(default_factory=list, max_length=MAX_CELLS,
                                 description="cells [row, col] to left-click (count from 0)")
    paint_off: list[Cell] = Field(default_factory=list, max_length=MAX_CELLS, description="cells to right-click")
    action: Literal["run", "anneal", "none"] = Field(default="run", description="then press this and wait")


# ------------------------------------------------------------------ patterns

def gallery(fixed: Fixed, seed: int) -> tuple[list[str], np.ndarray, list[str]]:
    """Names, pattern matrix (P, N) and problems of a level's gallery.

    Named glyphs are scaled to ``fixed.size``; inline grids must have exactly
    that size and use only ``fixed.on`` / ``fixed.off``; ``fixed.random``
    random patterns named ``R1``, ``R2``, ... come from the level seed.
    """
    h, w = fixed.size
    names: list[str] = []
    rows: list[np.ndarray] = []
    problems: list[str] = []
    if fixed.on == fixed.off:
        problems.append(f"fixed.on and fixed.off must differ, both are {fixed.on!r}")
    for i, entry in enumerate(fixed.patterns):
        where = f"fixed.patterns[{i}]"
        if isinstance(entry, str):
            try:
                xi = _glyph(entry, (h, w))
            except ValueError:
                problems.append(f"{where} = {entry!r} is not a known pattern; use a letter A-Z, a digit 0-9 "
                                f"or one of {', '.join(pt.SYMBOLS)}, or draw it inline as "
                                f"{{ name = ..., rows = [...] }}")
                continue
            name = entry.upper() if len(entry) == 1 else entry
        else:
            name = entry.name
            grid_problems = _grid_problems(entry.rows, (h, w), fixed.on, fixed.off)
            if grid_problems:
                problems.extend(f"{where}.rows: {p}" for p in grid_problems)
                continue
            xi = pt.parse_grid(entry.rows, fixed.on, fixed.off).ravel()
        if name in names:
            problems.append(f"{where}: the name {name!r} is used twice")
            continue
        names.append(name)
        rows.append(xi)
    if len(fixed.patterns) + fixed.random > MAX_PATTERNS:
        problems.append(f"fixed.patterns has {len(fixed.patterns)} and fixed.random adds {fixed.random}: "
                        f"more than the lab's maximum of {MAX_PATTERNS} patterns")
    if fixed.random:
        R = hf.random_patterns(fixed.random, h * w, np.random.default_rng([seed, 2]))
        for k, xi in enumerate(R, start=1):
            name = f"R{k}"
            if name in names:
                problems.append(f"fixed.random: the name {name!r} is already used by fixed.patterns")
                continue
            names.append(name)
            rows.append(xi)
    if not names and not problems:
        problems.append("fixed.patterns is empty and fixed.random = 0: the gallery needs at least one pattern")
    X = np.stack(rows) if rows else np.zeros((0, h * w))
    return names, X, problems


@functools.lru_cache(maxsize=512)
def _glyph(name: str, size: tuple[int, int]) -> np.ndarray:
    """``pt.pattern(name, size)``, read-only and remembered: every validation of a level
    (the save-challenge dialog checks several) would otherwise parse each glyph again."""
    xi = pt.pattern(name, size)
    xi.flags.writeable = False
    return xi


def _grid_problems(rows: list[str], size: tuple[int, int], on: str, off: str) -> list[str]:
    """Everything wrong with an inline grid, one short line each."""
    h, w = size
    out: list[str] = []
    if len(rows) != h:
        out.append(f"has {len(rows)} rows but fixed.size is {h}x{w}")
    if on == off:
        return out
    try:
        grid = pt.parse_grid(rows, on, off)
    except ValueError as exc:
        lines = [ln.strip().lstrip("- ").strip() for ln in str(exc).splitlines()[1:]]
        out.extend(lines or [str(exc)])
        return out
    if grid.shape[1] != w:
        out.append(f"rows have {grid.shape[1]} characters but fixed.size is {h}x{w}")
    return out


def canonical(name: str) -> str:
    """Gallery name of a reference in a level file (single letters upper-cased)."""
    return name.upper() if isinstance(name, str) and len(name) == 1 and name.isalpha() else name


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: sizes, names, goals that need a target, solution.

    ``header`` is the validated common part (``game.levels.LevelHeader``).
    """
    fixed: Fixed = parts["fixed"]
    controls: Controls = parts["controls"]
    goal = parts["goal"]
    sol: Solution = parts["solution"]
    params = header.params
    names, _, problems = gallery(fixed, header.seed)
    known = set(names)
    h, w = fixed.size

    def ref(value: str, where: str) -> None:
        if canonical(value) not in known:
            problems.append(f"{where} = {value!r} is not in the gallery ({', '.join(names) or 'empty'})")

    stored = [canonical(n) for n in fixed.stored] if fixed.stored is not None else list(names)
    for i, n in enumerate(fixed.stored or []):
        ref(n, f"fixed.stored[{i}]")
    if len(set(stored)) != len(stored):
        problems.append("fixed.stored names a pattern twice")
    if fixed.target is not None:
        ref(fixed.target, "fixed.target")
    st = fixed.start
    given = [k for k in ("pattern", "mixture", "rows", "fill") if getattr(st, k) is not None]
    if len(given) > 1:
        problems.append(f"fixed.start gives {' and '.join(given)}; choose one way to set the start state")
    if st.pattern is not None:
        ref(st.pattern, "fixed.start.pattern")
    if st.noise_pct and st.pattern is None:
        problems.append("fixed.start.noise_pct needs fixed.start.pattern (the pattern to corrupt)")
    if st.mixture is not None:
        if len(st.mixture) < 3 or len(st.mixture) % 2 == 0:
            problems.append(f"fixed.start.mixture has {len(st.mixture)} patterns; a mixture needs an odd "
                            f"number, at least 3 (an even sum has ties)")
        for i, n in enumerate(st.mixture):
            ref(n, f"fixed.start.mixture[{i}]")
    if st.rows is not None:
        problems.extend(f"fixed.start.rows: {p}" for p in _grid_problems(st.rows, (h, w), fixed.on, fixed.off))

    if fixed.rule == "storkey" and h * w > STORKEY_MAX_N:
        problems.append(f'fixed.rule = "storkey" is offered up to {STORKEY_MAX_N} units (24x24); this grid has '
                        f"{h * w} and the rule would stall the game while it learns (it costs P N^2)")
    gtype = goal.type
    if gtype in GOAL_TYPES_WITH_TARGET and fixed.target is None:
        problems.append(f'goal.type = "{gtype}" needs fixed.target, the pattern to recall')
    if gtype == "cycle" and fixed.mode != "sync" and not controls.mode:
        problems.append('goal.type = "cycle" needs synchronous updates: fixed.mode = "sync" or controls.mode = true')
    if gtype == "crowded" and not controls.store:
        problems.append('goal.type = "crowded" needs controls.store = true (the player chooses what to store)')
    if gtype == "fewest_flips" and not controls.paint:
        problems.append('goal.type = "fewest_flips" needs controls.paint = true')
    if gtype in ("basin", "inverse") and not (controls.corrupt or controls.paint):
        problems.append(f'goal.type = "{gtype}" needs controls.corrupt or controls.paint to change the start')
    if "anneal_T0" in params and not controls.anneal:
        problems.append("params.anneal_T0 is only used with controls.anneal = true")
    T0 = params["anneal_T0"] if "anneal_T0" in params else None
    if T0 is not None and T0.min <= 0:
        problems.append(f"params.anneal_T0.min = {T0.min:g} must be a temperature > 0")
    if T0 is not None and T0.min <= fixed.anneal.T1:
        problems.append(f"params.anneal_T0.min = {T0.min:g} must be above fixed.anneal.T1 = "
                        f"{fixed.anneal.T1:g} (annealing cools down)")
    if fixed.anneal.T1 > fixed.anneal.T0:
        problems.append(f"fixed.anneal.T1 = {fixed.anneal.T1:g} must not be above fixed.anneal.T0 = "
                        f"{fixed.anneal.T0:g} (annealing cools down)")
    for key in ("anneal_sweeps",):
        p = params.get(key)
        if p is not None and (not float(p.step).is_integer() or not float(p.min).is_integer()):
            problems.append(f"params.{key} counts sweeps: min and step must be whole numbers")

    for name, value in sol.params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    for i, n in enumerate(sol.store or []):
        ref(n, f"solution.store[{i}]")
    if sol.store is not None and not controls.store:
        problems.append("solution.store needs controls.store = true")
    if sol.rule is not None and sol.rule != fixed.rule and not controls.rule:
        problems.append("solution.rule needs controls.rule = true")
    if sol.mode is not None and sol.mode != fixed.mode and not controls.mode:
        problems.append("solution.mode needs controls.mode = true")
    if sol.corrupt and not controls.corrupt:
        problems.append("solution.corrupt needs controls.corrupt = true")
    if (sol.paint_on or sol.paint_off) and not controls.paint:
        problems.append("solution.paint_on / paint_off need controls.paint = true")
    if sol.action == "anneal" and not controls.anneal:
        problems.append('solution.action = "anneal" needs controls.anneal = true')
    for key in ("paint_on", "paint_off"):
        for i, (r, c) in enumerate(getattr(sol, key)):
            if not (0 <= r < h and 0 <= c < w):
                problems.append(f"solution.{key}[{i}] = [{r}, {c}] is outside the {h}x{w} grid "
                                f"(rows and columns count from 0)")
                break
    return problems


def start_state(fixed: Fixed, names: list[str], X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The level's start state (validated level: every name resolves)."""
    h, w = fixed.size
    st = fixed.start
    if st.pattern is not None:
        xi = X[names.index(canonical(st.pattern))]
        return hf.corrupt(xi, st.noise_pct / 100.0, rng) if st.noise_pct > 0 else xi.copy()
    if st.mixture is not None:
        idx = [names.index(canonical(n)) for n in st.mixture]
        s = hf.mixture_state(X, idx)
        return np.where(s == 0, -1.0, s)
    if st.rows is not None:
        return pt.parse_grid(st.rows, fixed.on, fixed.off).ravel()
    if st.fill == "on":
        return np.ones(h * w)
    return -np.ones(h * w)

