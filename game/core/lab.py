"""What a lab is: its spec (schema, goals, model, view, sandbox, scripts) and its model base.

A lab is one package in ``game/labs`` of one shape::

    schema.py     level tables (fixed, controls, solution, goal fields), hard LIMITS, cross-checks
    goals.py      GOALS = {goal type: GoalKind(schema, score, unit, readout)}: one scorer per goal type
    model.py      the science state (LabModel subclass): set_param, step(dt), score, state
    view.py       layout and input, turned into model commands
    render.py     drawing only (reads the model and the view's layout, writes no state)
    sandbox.py    the sandbox level
    scripts.py    SCRIPTS: solution players (real events, and headless) and the bench script
    challenge.py  the goals "save as challenge" offers from a sandbox run
    __init__.py   SPEC = make_spec(...)

The shell (scenes, loader, CLI) knows a lab only through its :class:`LabSpec`.
No pygame here: a model runs headless (``neuroarcade check`` plays level
solutions through :attr:`Scripts.solve` and the same scorers as the game).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
from pydantic import BaseModel, ValidationError

from game.core.jobs import Scheduler
from game.core.level import Level, Mode
from game.core.schema import Goal, Strict, close_match, format_validation
from game.core.scoring import Attempts
from game.core.tunables import Tunables

#: Wall-clock time (s) a frame gives a model's slice jobs by default.
JOB_BUDGET_S = 0.004
#: Seconds a model's note (:meth:`LabModel.say`) stays up.
NOTE_S = 3.5


class Empty(Strict):
    """A table that must be empty (or absent)."""


@dataclass(frozen=True)
class GoalKind:
    """One goal type of a lab: its level-file fields, its scorer, and how its score reads.

    ``score(model, goal)`` returns the current attempt's score, or None
    before there is any attempt; the level's thresholds turn it into stars
    (:func:`game.core.scoring.stars_for`).

    How the score reads on screen (see :mod:`game.core.readout`):

    - ``unit``: the unit of the score as shown ("Hz", "ms", "°"; "" for a
      count or a number in model units). None means "not declared" (labs of
      the old shape): the HUD then shows the bare number;
    - ``digits``: significant digits shown (never scientific notation);
    - ``readout(model, goal, score)``: optional, cheap (it runs every frame):
      a mapping with the player's ``value`` behind ``score`` (e.g. the rate
      in Hz when the score is its distance from the target), the ``target``,
      any other field the goal type's HUD template ``<lab>.hud.<type>``
      names, and optionally a ``variant`` of that template.
    """

    schema: type[Goal]
    score: Callable[[Any, Any], float | None]
    unit: str | None = None
    digits: int = 3
    readout: Callable[[Any, Any, float | None], Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Scripts:
    """Scripted play of a lab, for tests, ``check``, ``screenshot --solve`` and ``bench``.

    - ``play(view, driver)``: play the level's ``solution`` with real pygame
      events through the scene (the campaign test proves every level this way);
    - ``solve(model)``: apply the same solution to a headless model, so
      ``neuroarcade check`` scores it with the game's own scorers;
    - ``bench(view, driver, i)``: one frame of scripted input (a slider drag);
    - ``settle(view, driver)``: run frames until background work is done.
    """

    play: Callable[[Any, Any], None] | None = None
    solve: Callable[[Any], None] | None = None
    bench: Callable[[Any, Any, int], None] | None = None
    settle: Callable[[Any, Any], None] | None = None


class LabModel:
    """Base of every lab's model: the science state of one level, headless.

    Subclasses set :attr:`GOALS` (their ``goals.GOALS``) and :attr:`LIMITS`
    (their ``schema.LIMITS``), build their state in ``__init__`` and react to
    parameters in :meth:`on_param`. Values live in :attr:`values` (a
    :class:`Tunables`): the sliders over :meth:`base_values`, clamped to the
    hard limits. The level's ``fixed`` and ``controls`` tables are :attr:`fixed`
    and :attr:`controls` (a subclass annotates ``fixed`` with its own type).
    Slow work goes to :attr:`jobs`; :meth:`step` advances it.
    """

    GOALS: Mapping[str, GoalKind] = {}
    LIMITS: Mapping[str, tuple[float, float]] = {}

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        self.level = level
        self.mode = Mode(mode)
        self.fixed = level.fixed              # the lab's Fixed table (its schema's type)
        self.controls = level.controls        # the lab's Controls table
        self.goal = level.goal
        self.rng = np.random.default_rng(level.seed)
        self.values = Tunables(level.params, self.LIMITS, self.base_values())
        self.attempts = Attempts(self.goal.better if self.goal is not None else None)
        self.jobs = Scheduler(level.kind)
        self.note: str | None = None          # i18n key of a short explanation, shown for NOTE_S
        self.note_fmt: dict = {}              # its fields
        self.note_t = 0.0

    # ------------------------------------------------------------ parameters
    def base_values(self) -> Mapping[str, float]:
        """Values of the tunables no slider declares (the level's fixed part, defaults)."""
        return {}

    def set_param(self, name: str, value: float) -> float | None:
        """Set one tunable (clamped to the hard limits); returns the value used, None if refused."""
        used = self.values.set(name, value)
        if used is not None:
            self.on_param(name, used)
        return used

    def on_param(self, name: str, value: float) -> None:
        """React to a changed tunable (recompute what depends on it)."""

    def reset(self) -> None:
        """Back to the level's start (the best score of this visit is kept)."""
        self.values.reset()

    # ------------------------------------------------------------ time
    def say(self, key: str, **fmt) -> None:
        """Show the note ``key`` (an i18n key with fields ``fmt``) for :data:`NOTE_S`."""
        self.note, self.note_fmt, self.note_t = key, fmt, NOTE_S

    def step(self, dt: float) -> None:
        """Advance the model by ``dt`` seconds of wall time (animations, slow work); age the note."""
        if self.note_t > 0:
            self.note_t -= dt
            if self.note_t <= 0:
                self.note = None
        self.jobs.run(JOB_BUDGET_S)

    # ------------------------------------------------------------ scoring
    def score(self) -> float | None:
        """The goal's score for the current state (None without a goal or an attempt)."""
        goal = self.goal
        if goal is None:
            return None
        kind = self.GOALS.get(goal.type)
        return None if kind is None else kind.score(self, goal)

    def record(self, score: float | None = None) -> None:
        """Count an attempt: the current :meth:`score` unless one is given."""
        self.attempts.record(self.score() if score is None else score)

    @property
    def best(self) -> float | None:
        """The best score of this visit."""
        return self.attempts.best

    @property
    def last(self) -> float | None:
        """The score of the last attempt (what the meter shows; the stars come from :attr:`best`)."""
        return self.attempts.last

    # ------------------------------------------------------------ life
    def state(self) -> dict[str, np.ndarray]:
        """Arrays of the model state, for soak tests (they must stay finite)."""
        return {}

    def close(self) -> None:
        """The level leaves the screen for good: stop slow work."""
        self.jobs.close()


@dataclass(frozen=True)
class LabSpec:
    """Everything the shell needs to know about one lab."""

    kind: str
    order: int                                           # chapter order on the map
    colour: tuple[int, int, int]
    limits: Mapping[str, tuple[float, float]]            # tunable name -> hard [min, max]
    goals: Mapping[str, GoalKind]
    model: Callable[[Level, Mode], LabModel]
    view: Callable[..., Any]                             # view(spec, model, ctx) -> LabView
    sandbox: Callable[[], Level]
    fixed: type[BaseModel] = Empty
    controls: type[BaseModel] = Empty
    solution: type[BaseModel] = Empty
    #: checks spanning tables, given the validated header and lab parts
    cross_check: Callable[[Any, Mapping[str, Any]], list[str]] | None = None
    scripts: Scripts = field(default_factory=Scripts)
    #: "save as challenge": challenge(view) -> a writer with setup/offers/solution/level
    #: (``game.labs.common.challenge.ChallengeWriter``)
    challenge: Callable[[Any], Any] | None = None

    @property
    def name_key(self) -> str:
        return f"{self.kind}.name"

    @property
    def blurb_key(self) -> str:
        return f"{self.kind}.blurb"

    @property
    def param_limits(self) -> Mapping[str, tuple[float, float]]:
        return self.limits

    def goal_schemas(self) -> dict[str, type[Goal]]:
        return {k: g.schema for k, g in self.goals.items()}

    def new_model(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> LabModel:
        return self.model(level, Mode(mode))

    def new_view(self, level: Level, ctx: Any, mode: Mode | str = Mode.CAMPAIGN) -> Any:
        """A fresh model for ``level`` and the view around it."""
        return self.view(self, self.new_model(level, mode), ctx)

    # ------------------------------------------------------------ validation
    def validate_parts(self, data: Mapping[str, Any], folder: Path, header: Any = None) -> tuple[dict, list[str]]:
        """Validate the lab's tables of a level file; gather every problem."""
        problems: list[str] = []
        parts: dict[str, Any] = {}
        ctx = {"folder": folder}
        for key, model in (("fixed", self.fixed), ("controls", self.controls)):
            try:
                parts[key] = model.model_validate(data.get(key) or {}, context=ctx)
            except ValidationError as err:
                problems.extend(format_validation(err, prefix=f"{key}.", model=model))
        problems.extend(self._check_params(data.get("params") or {}))
        goal = data.get("goal")
        if isinstance(goal, Mapping):
            parsed, goal_problems = self._validate_goal(goal, ctx)
            problems.extend(goal_problems)
            if parsed is not None:
                parts["goal"] = parsed
        try:
            parts["solution"] = self.solution.model_validate(data.get("solution") or {}, context=ctx)
        except ValidationError as err:
            problems.extend(format_validation(err, prefix="solution.", model=self.solution))
        complete = all(k in parts for k in ("fixed", "controls", "goal", "solution"))
        if not problems and complete and header is not None and self.cross_check is not None:
            problems.extend(self.cross_check(header, parts))
        return parts, problems

    def _check_params(self, params: Any) -> list[str]:
        problems: list[str] = []
        if not isinstance(params, Mapping):
            return problems
        for name, p in params.items():
            if name not in self.limits:
                close = close_match(name, self.limits)
                hint = f"; did you mean '{close[0]}'?" if close else (
                    f"; this lab tunes: {', '.join(self.limits)}")
                problems.append(f"unknown key 'params.{name}'{hint}")
                continue
            lo, hi = self.limits[name]
            if not isinstance(p, Mapping):
                continue
            for bound in ("min", "max", "default"):
                v = p.get(bound)
                if isinstance(v, (int, float)) and not isinstance(v, bool) and not (lo <= v <= hi):
                    shown = f"{v:g}" if isinstance(v, float) or abs(v) < 10 ** 15 else "a huge integer"
                    problems.append(f"params.{name}.{bound} = {shown} is outside this lab's "
                                    f"limits [{lo:g}, {hi:g}]")
        return problems

    def _validate_goal(self, goal: Mapping[str, Any], ctx: dict) -> tuple[Any, list[str]]:
        """The goal table against its type's schema; an unknown type is one problem (and the
        common fields are still checked, so a wrong star order is not hidden behind it)."""
        gtype = goal.get("type")
        kind = self.goals.get(gtype) if isinstance(gtype, str) else None
        if kind is None:
            close = close_match(gtype, self.goals)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            shown = repr(gtype) if len(repr(gtype)) <= 60 else repr(gtype)[:57] + "..."
            problems = [f"goal.type = {shown} is not a goal of the {self.kind} lab{hint} "
                        f"(allowed: {', '.join(self.goals)})"]
            common = {k: goal[k] for k in ("better", "stars") if k in goal}
            try:
                Goal.model_validate({"type": "?", **common})
            except ValidationError as err:
                problems.extend(p for p in format_validation(err, prefix="goal.", model=Goal)
                                if "required but missing" not in p)
            return None, problems
        try:
            return kind.schema.model_validate(goal, context=ctx), []
        except ValidationError as err:
            return None, format_validation(err, prefix="goal.", model=kind.schema)


def make_spec(kind: str, *, order: int, colour: tuple[int, int, int], schema: Any, goals: Any,
              model: Callable[[Level, Mode], LabModel], view: Callable[..., Any],
              sandbox: Callable[[], Level], scripts: Scripts | None = None,
              challenge: Callable[[Any], Any] | None = None) -> LabSpec:
    """A lab's spec from its modules: ``schema`` gives ``LIMITS``, ``Fixed``, ``Controls``,
    ``Solution`` and ``cross_check`` (each optional but ``LIMITS``); ``goals`` gives ``GOALS``."""
    return LabSpec(
        kind=kind, order=order, colour=colour, limits=schema.LIMITS, goals=goals.GOALS,
        model=model, view=view, sandbox=sandbox,
        fixed=getattr(schema, "Fixed", Empty), controls=getattr(schema, "Controls", Empty),
        solution=getattr(schema, "Solution", Empty), cross_check=getattr(schema, "cross_check", None),
        scripts=scripts or Scripts(), challenge=challenge,
    )
