"""Level-file schema of the hopfield lab (store, corrupt, recall, anneal).

``fixed`` holds the network the level builds: the grid size, the gallery of
candidate patterns (named glyphs from :data:`game.sim.patterns.PATTERN_NAMES`
or inline grids drawn with declared on/off symbols, plus seeded random
patterns), which of them are stored, the learning rule, the target, the
start state and the annealing schedule.  ``params`` are the tunables
(``noise_pct``, ``T``, ``speed``, ``anneal_T0``, ``anneal_sweeps``) within
:data:`LIMITS`, ``controls`` switch interactions on, ``goal`` is one of the goal types
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
each problem on its own line with its key path; the gallery's own problems
come from the builder the model uses (:func:`game.labs.hopfield.gallery.gallery`).
"""

from __future__ import annotations

import math
from typing import Any, Literal, Mapping

from pydantic import Field, ValidationError, field_validator

from game.core.schema import Goal, Strict, format_validation
from game.labs.hopfield.gallery import MAX_PATTERNS, canonical, gallery, grid_problems_of
from game.sim import hopfield as hf
from game.sim import patterns as pt

#: Hard limits of every tunable (a slider can never leave them).
LIMITS = {
    "noise_pct": (0.0, 100.0),      # % of units flipped by "Corrupt"
    "T": (0.0, 5.0),                # constant temperature (dimensionless)
    "speed": (0.1, 60.0),           # sweeps per second of animation
    "anneal_T0": (0.01, 5.0),       # start temperature of the anneal (> 0)
    "anneal_sweeps": (1.0, 200.0),  # sweeps in the annealing schedule
}
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
        if v > LIMITS["T"][1]:
            raise ValueError(f"must be at most the lab's highest temperature {LIMITS['T'][1]:g}, "
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
    T: float = Field(default=0.0, ge=0, le=LIMITS["T"][1], description="temperature when not a slider")
    noise_pct: float = Field(default=20.0, ge=0, le=100, description="Corrupt's noise % when not a slider")
    speed: float = Field(default=4.0, ge=LIMITS["speed"][0], le=LIMITS["speed"][1],
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


def cross_check(header, parts: Mapping[str, Any]) -> list[str]:
    """Checks that span tables: sizes, names, goals that need a target, solution.

    ``header`` is the validated common part (``game.levels.LevelHeader``).
    """
    fixed: Fixed = parts["fixed"]
    names, _, problems = gallery(fixed, header.seed)
    ref = _referee(names, problems)
    problems.extend(_check_fixed(fixed, ref))
    problems.extend(_check_goal(parts["goal"].type, fixed, parts["controls"]))
    problems.extend(_check_params(header.params, fixed, parts["controls"]))
    problems.extend(_check_solution(parts["solution"], header.params, fixed, parts["controls"], ref))
    return problems


def _referee(names: list[str], problems: list[str]):
    """A checker that adds a problem when a name is not in the gallery."""
    known = set(names)

    def ref(value: str, where: str) -> None:
        if canonical(value) not in known:
            problems.append(f"{where} = {value!r} is not in the gallery ({', '.join(names) or 'empty'})")

    return ref


def _check_fixed(fixed: Fixed, ref) -> list[str]:
    """Stored names, target, the start state and the rule against the gallery and the grid."""
    problems: list[str] = []
    stored = [canonical(n) for n in fixed.stored] if fixed.stored is not None else []
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
    h, w = fixed.size
    if st.rows is not None:
        problems.extend(f"fixed.start.rows: {p}" for p in grid_problems_of(st.rows, (h, w), fixed.on, fixed.off))
    if fixed.rule == "storkey" and h * w > STORKEY_MAX_N:
        problems.append(f'fixed.rule = "storkey" is offered up to {STORKEY_MAX_N} units (24x24); this grid has '
                        f"{h * w} and the rule would stall the game while it learns (it costs P N^2)")
    return problems


def _check_goal(gtype: str, fixed: Fixed, controls: Controls) -> list[str]:
    """What each goal type needs: a target, synchronous updates, a control."""
    problems: list[str] = []
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
    return problems


def _check_params(params: Mapping[str, Any], fixed: Fixed, controls: Controls) -> list[str]:
    """Sliders that need a control, the temperatures of the schedule, whole sweep counts."""
    problems: list[str] = []
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
    p = params.get("anneal_sweeps")
    if p is not None and (not float(p.step).is_integer() or not float(p.min).is_integer()):
        problems.append("params.anneal_sweeps counts sweeps: min and step must be whole numbers")
    return problems


def _check_solution(sol: Solution, params: Mapping[str, Any], fixed: Fixed, controls: Controls, ref) -> list[str]:
    """The solution may only use sliders the level declares and controls it switches on."""
    problems: list[str] = []
    for name, value in sol.params.items():
        p = params.get(name)
        if p is None:
            problems.append(f"solution.params.{name} is not a tunable of this level")
        elif not (p.min <= value <= p.max):
            problems.append(f"solution.params.{name} = {value:g} is outside [{p.min:g}, {p.max:g}]")
    for i, n in enumerate(sol.store or []):
        ref(n, f"solution.store[{i}]")
    needs = ((sol.store is not None, controls.store, "solution.store needs controls.store = true"),
             (sol.rule is not None and sol.rule != fixed.rule, controls.rule,
              "solution.rule needs controls.rule = true"),
             (sol.mode is not None and sol.mode != fixed.mode, controls.mode,
              "solution.mode needs controls.mode = true"),
             (sol.corrupt, controls.corrupt, "solution.corrupt needs controls.corrupt = true"),
             (bool(sol.paint_on or sol.paint_off), controls.paint,
              "solution.paint_on / paint_off need controls.paint = true"),
             (sol.action == "anneal", controls.anneal, 'solution.action = "anneal" needs controls.anneal = true'))
    problems.extend(msg for used, allowed, msg in needs if used and not allowed)
    h, w = fixed.size
    for key in ("paint_on", "paint_off"):
        for i, (r, c) in enumerate(getattr(sol, key)):
            if not (0 <= r < h and 0 <= c < w):
                problems.append(f"solution.{key}[{i}] = [{r}, {c}] is outside the {h}x{w} grid "
                                f"(rows and columns count from 0)")
                break
    return problems
