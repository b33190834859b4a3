"""The gabor lab's model: a V1 cell (a Gabor filter) looking at one picture, headless.

:class:`GaborModel` holds the science state of one level: the values of θ,
λ, σ, ψ, γ and ψ2 (``self.values``: sliders over the level's fixed values),
the clamped :class:`~game.labs.gabor.cells.Filter` they make, the picture
(a generated source or a file; the picker swaps it), the complex response
``q = even + i odd`` of the picture to the filter (and ``qb``, the response
to the grating a quarter period on, while a grating drifts), the response
map shown (even, odd, energy or the hand-built pair), the drift phase, the
polar tuning curve and the hypercolumn of ``N_ORIENT`` orientations. It is
scored by the scorers in ``goals.py``.

Time: a changed value costs one complex FFT pair on the 256 x 256 picture,
made at the next :meth:`GaborModel.step` (or when anything asks for the
score). The slow extras, the polar tuning curve and then the bank one
orientation at a time, are jobs of the model's scheduler
(``self.jobs.slices``), advanced one piece per step and only in steps that
made no new response, so dragging a slider never stalls. An attempt is
recorded only once the player has changed something (``touched``).
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.labs.gabor import goals
from game.labs.gabor.cells import SPECTRA_KEPT, Engine, Filter, make_filter, response_view
from game.labs.gabor.picture import Picture, load_picture, picture_from_file, picture_from_source
from game.labs.gabor.schema import LIMITS, SOURCE_NAMES, TUNABLES, WHEEL_STEP_DEG, Fixed, default_source
from game.sim import gabor

#: Wall-clock budget (s) of the slow extras per step: 0 means one piece a step (the scheduler
#: always runs one): one bank orientation costs about 2 ms, as much as a new response.
EXTRAS_BUDGET_S = 0.0
#: Seconds of drift the centre cell's trace covers, and its samples.
TRACE_S = 3.0
TRACE_N = 180


class GaborModel(LabModel):
    """One Gabor cell on one picture: responses, tuning, hypercolumn, score."""

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        super().__init__(level, mode)
        self.picker_on = self.mode.sandbox or self.controls.picker
        self.spectra = gabor.KernelSpectra(SPECTRA_KEPT)      # shared by every picture the level shows
        picture = load_picture(self.fixed, level.folder, self._picture_rng())
        # a camera picture takes a noticeable fraction of a second to decode: the picker reuses it
        self._file_picture = picture if self.fixed.image is not None else None
        self.choices = self._choices(picture)
        self.choice = picture.name
        self.engine = Engine(picture, self.spectra)
        self.modes = ("even", "odd", "energy") + (("pair",) if "phase2_deg" in level.params else ())
        goal_resp = getattr(self.goal, "response", None)
        if "response" not in self.fixed.model_fields_set and goal_resp in self.modes:
            self.resp_mode = goal_resp           # show what the goal scores, unless the level says otherwise
        else:
            self.resp_mode = self.fixed.response if self.fixed.response in self.modes else "even"
        self.drift_hz = float(self.fixed.drift_hz)
        self.phi = 0.0                           # drift phase (radians)
        self.touched = False                     # the player changed something: attempts count
        self.now: float | None = None            # score of the current setup (4 decimals)
        self.filter: Filter = make_filter(self.values, self.fixed)
        self.q: np.ndarray | None = None         # complex response even + i odd
        self.qb: np.ndarray | None = None        # ... to the grating a quarter period on
        self.version = 0                         # counts new responses (for the renderer's caches)
        self.picture_version = 0                 # counts new pictures
        self.curve = np.zeros(0)                 # polar tuning curve (max 1) for curve_key
        self.curve_key: tuple | None = None
        self._fwhm: tuple = (None, goals.UNTUNED_DEG)
        self.bank: gabor.Hypercolumn | None = None
        self.goal_data: dict = {}
        self._dirty = True
        self._prepare_goal()
        self.refresh()

    # ------------------------------------------------------------ the picture
    @property
    def picture(self) -> Picture:
        return self.engine.picture

    def _picture_rng(self) -> np.random.Generator:
        """A fresh generator seeded by the level: a source always draws the same picture."""
        return np.random.default_rng(self.level.seed)

    def _choices(self, picture: Picture) -> list[str]:
        names = list(SOURCE_NAMES)
        if self.fixed.image is not None:
            names.append(self.fixed.image)
        elif picture.name not in names:
            names.append(picture.name)
        return names

    def set_image(self, name: str) -> bool:
        """Picker: show another generated source (or the level's picture file); True if it changed."""
        if name == self.choice or name not in self.choices:
            return False
        rng = self._picture_rng()
        if name in SOURCE_NAMES:
            src = self.fixed.source_model() if self.fixed.source_model().name == name else default_source(name)
            pic = picture_from_source(src, rng)
        elif self._file_picture is not None and self._file_picture.name == name:
            pic = self._file_picture
        else:
            pic = picture_from_file(self.level.folder, name, rng)
        self.choice = name
        self.engine = Engine(pic, self.spectra)
        self.jobs.cancel("bank")
        self.bank = None                         # a bank of another picture means nothing here
        self.picture_version += 1
        self._prepare_goal()
        self._dirty = True
        return True

    def next_image(self) -> str:
        """The picker's next choice after the current one (wrapping)."""
        i = self.choices.index(self.choice) if self.choice in self.choices else -1
        return self.choices[(i + 1) % len(self.choices)]

    def _prepare_goal(self) -> None:
        """What the goal needs from this picture (masks, the hidden filter's map)."""
        prepare = goals.PREPARE.get(self.goal.type) if self.goal is not None else None
        self.goal_data = prepare(self, self.goal) if prepare is not None else {}

    # ------------------------------------------------------------ parameters
    def base_values(self) -> Mapping[str, float]:
        return {name: float(getattr(self.fixed, name)) for name in TUNABLES}

    def on_param(self, name: str, value: float) -> None:
        self._dirty = True
        self.touched = True

    def set_params(self, values: Mapping[str, float]) -> None:
        """Set several tunables at once (a preset); one new response follows."""
        for name, v in values.items():
            self.set_param(name, v)

    def reset(self) -> None:
        super().reset()
        self._dirty = True
        self.touched = False

    def turned(self, notches: int) -> float | None:
        """θ after ``notches`` of the mouse wheel over the kernel, or None if θ cannot turn here.

        θ and θ + 180° are the same orientation (and θ + 360° the same kernel):
        a slider that spans a half or whole turn wraps instead of stopping at its end.
        """
        p = self.values.declared.get("theta_deg")
        if p is None or not self.controls.wheel_rotate or not notches:
            return None
        target = self.values["theta_deg"] + WHEEL_STEP_DEG * notches
        span = p.max - p.min
        period = 360.0 if span >= 360.0 - 1e-9 else 180.0 if span >= 180.0 - 1e-9 else None
        if period is not None:
            while target > p.max + 1e-9:
                target -= period
            while target < p.min - 1e-9:
                target += period
        return min(max(target, p.min), p.max)

    def set_response(self, mode: str) -> bool:
        """Show another response map (even, odd, energy, pair); True if it is one of this level's."""
        if mode not in self.modes:
            return False
        self.resp_mode = mode
        return True

    # ------------------------------------------------------------ responses
    def refresh(self) -> bool:
        """Bring the filter, the responses and the score up to date; True if they were recomputed."""
        if not self._dirty:
            return False
        self._dirty = False
        f = make_filter(self.values, self.fixed)
        self.filter = f
        self.q = self.engine.quadrature(f)
        steady = self.goal is not None and self.goal.type == "steady_response"
        self.qb = self.engine.quadrature_drift(f) if self.drift_hz > 0 or steady else None
        self.version += 1
        self._plan_extras(f)
        self._rescore()
        return True

    def _rescore(self) -> None:
        self.now = _rounded(LabModel.score(self))
        if self.touched and self.now is not None:
            self.record(self.now)

    def _plan_extras(self, f: Filter) -> None:
        """Queue the tuning curve and the bank for ``f``'s σ, λ, γ if they are not for it already."""
        key = f.shape_key
        pending = self.jobs.get("tuning")
        if self.curve_key != key and (pending is None or pending.meta != key):
            self.jobs.slices("tuning", self._tuning_steps(key), meta=key)
        pending = self.jobs.get("bank")
        ready = self.bank is not None and self.bank.key == key and self.bank.complete
        if not ready and (pending is None or pending.meta != key):
            self.jobs.slices("bank", self._bank_steps(f), meta=key)

    def _tuning_steps(self, key: tuple):
        """The polar tuning curve for ``key`` = (σ, λ, γ, size): a job of one piece."""
        yield from ()                    # a generator: all its work is done at its first step
        self.curve = gabor.polar_tuning(*key)
        self.curve_key = key
        return self.curve

    def _bank_steps(self, f: Filter):
        """The hypercolumn for ``f``'s σ, λ, γ, one orientation a piece.

        The bank shown until then (veiled by the view) is replaced only when
        this job starts, so a drag of σ keeps the old bank on screen.
        """
        self.bank, steps = self.engine.hypercolumn(f)
        return (yield from steps)

    def bandwidth_deg(self) -> float:
        """The orientation bandwidth (FWHM, degrees) shown beside the polar plot.

        The narrow_tuning score when that is the goal (the plot and the HUD
        then agree to the digit), else the half-height width of the polar curve.
        """
        if self.goal is not None and self.goal.type == "narrow_tuning" and self.now is not None:
            return self.now
        if self._fwhm[0] != self.curve_key:
            self._fwhm = (self.curve_key, goals.fwhm_from_curve(self.curve))
        return self._fwhm[1]

    def bank_valid(self) -> bool:
        """Is the hypercolumn complete and for the current σ, λ, γ?"""
        b = self.bank
        return b is not None and b.complete and b.key == self.filter.shape_key

    def response(self, mode: str | None = None) -> np.ndarray:
        """The response map (at drift phase 0) in ``mode`` (default: the one shown)."""
        self.refresh()
        return response_view(self.q, self.filter, mode or self.resp_mode)

    def drifting(self) -> bool:
        return self.drift_hz > 0 and self.qb is not None

    def current_map(self) -> np.ndarray:
        """The response map shown, at the current drift phase (cheap: elementwise on ``q``)."""
        if self.drifting():
            q = math.cos(self.phi) * self.q + math.sin(self.phi) * self.qb
            return response_view(q, self.filter, self.resp_mode)
        return response_view(self.q, self.filter, self.resp_mode)

    def centre_trace(self) -> np.ndarray:
        """The centre cell over the last ``TRACE_S`` seconds of drift: (3, TRACE_N).

        Rows: the simple cell ψ, the simple cell ψ2 and their pair (or the
        energy when the level has no ψ2). The response is a function of the
        drift phase only, so the whole history follows from the current
        phase: a changed ψ shows at once.
        """
        f = self.filter
        h, w = self.q.shape
        c = (h // 2, w // 2)
        phi = self.phi + 2 * math.pi * self.drift_hz * np.linspace(-TRACE_S, 0.0, TRACE_N)
        q = np.cos(phi) * self.q[c] + np.sin(phi) * self.qb[c]
        r1 = math.cos(f.phase) * q.real + math.sin(f.phase) * q.imag
        r2 = math.cos(f.phase2) * q.real + math.sin(f.phase2) * q.imag
        out = np.hypot(r1, r2) if "pair" in self.modes else np.abs(q)
        return np.stack([r1, r2, out])

    def notes(self) -> list[tuple[str, dict]]:
        """Note keys (``gabor.note.*``) with their format fields, most important first."""
        out: list[tuple[str, dict]] = []
        pic = self.picture
        if pic.error:
            out.append((f"image_{pic.error}", {"file": pic.detail}))
        for n in pic.notes:
            if n == "image_downscaled" and pic.original_shape:
                h, w = pic.image.shape
                out.append(("image_downscaled", {"w0": pic.original_shape[1], "h0": pic.original_shape[0],
                                                 "w": w, "h": h}))
            elif n == "alpha_composited":
                out.append(("alpha_composited", {}))
        for n in self.filter.notes:
            out.append((n, {"n": self.filter.size}))
        return out

    # ------------------------------------------------------------ time
    def step(self, dt: float) -> None:
        """Drift the grating; make a new response if a value changed, else one piece of the extras."""
        if self.drifting():
            self.phi = (self.phi + 2 * math.pi * self.drift_hz * dt) % (2 * math.pi)
        if self.refresh():
            return                       # a new response this step: the extras wait for a quieter one
        self.jobs.run(EXTRAS_BUDGET_S)
        self._collect()

    def _collect(self) -> None:
        for job in self.jobs.collect():
            if job.key == "bank" and self.goal is not None and self.goal.type == "bank_accuracy":
                self._rescore()          # the bank goal scores once its hypercolumn is complete

    def busy(self) -> bool:
        """Is anything still to compute (a new response, the tuning curve, the bank)?"""
        return self._dirty or self.jobs.busy()

    def settle(self) -> None:
        """Compute everything pending now (headless solving, tests)."""
        self.refresh()
        self.jobs.finish()
        self._collect()

    # ------------------------------------------------------------ scoring
    def score(self) -> float | None:
        """The goal's score for the current setup (4 decimals: a silent cell scores 0, not 5e-06)."""
        self.refresh()
        return _rounded(super().score())

    def state(self) -> dict[str, np.ndarray]:
        self.refresh()
        out = {"response": self.current_map(), "kernel": self.filter.kernel(), "tuning": np.asarray(self.curve),
               "image": self.picture.image}
        if self.bank is not None:
            out["bank"] = self.bank.energies
        return out


def _rounded(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), 4)
