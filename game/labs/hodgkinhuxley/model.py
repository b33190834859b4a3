"""The hodgkinhuxley lab's model: one patch of squid axon membrane, its runs and its score.

No pygame here. :class:`HodgkinHuxleyModel` holds the science state of one
level: the tunables (``self.values``: sliders over the level's fixed values,
clamped to ``schema.LIMITS``), the mode (current clamp driven by an input
protocol, or voltage clamp), the last run (:class:`~game.labs.hodgkinhuxley.runs.Result`),
the f–I curves of this membrane and of the Morris–Lecar SNIC set, and the
reduced (V, n) planes asked for. It is scored by ``goals.GOALS``.

Where the work runs (the one scheduler, ``self.jobs``):

- a current-clamp run (about 30 ms per second of model time) in slices of
  :data:`runs.CHUNK_SAMPLES` samples within the frame's job budget; while
  one is being computed, newer changes wait and the latest values run next,
  so a slider drag shows a run every frame or two and no frame stalls;
- a new temperature first builds the simulator's gate tables (tens of ms)
  on the ``warm`` thread lane, then runs;
- the f–I curves and the reduced planes on their own thread lanes, which
  step aside while a frame is drawn (the view calls ``jobs.frame_begin`` /
  ``frame_end``);
- a voltage-clamp record is a closed form (about 0.3 ms): computed at once.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Mapping

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.labs.hodgkinhuxley import goals, runs
from game.labs.hodgkinhuxley.schema import LIMITS, MEMBRANE, Fixed
from game.sim import hodgkin_huxley as hh

#: Wall time (s) a frame gives the run's slices: with the drawing (~3 ms) and a new run's layers a
#: drag's frame stays under 8 ms (bench p99 5.4-7.6 ms; 6.7-9 ms with 2.5 ms); a 300 ms run takes
#: about five frames.
RUN_BUDGET_S = 0.002
#: Reduced planes kept per model (one per input value shown; a ramp shows 41 at most).
PLANES_KEPT = 48
#: f–I curves already computed, by membrane (and "ml" for the Morris–Lecar curve): a bounded memo
#: of pure results (at most :data:`CURVES_KEPT`, oldest dropped), so reopening the lab does not
#: compute the same curves again.
CURVES: OrderedDict = OrderedDict()
CURVES_KEPT = 8


def remember(key, curve) -> None:
    """Keep ``curve`` in :data:`CURVES` (bounded)."""
    CURVES[key] = curve
    CURVES.move_to_end(key)
    while len(CURVES) > CURVES_KEPT:
        CURVES.popitem(last=False)

_NOTE_PATTERNS = (
    (re.compile(r"^(\w+) = (\S+) clamped to (\S+)"), "clamped"),
    (re.compile(r"^I clamped"), "I_clamped"),
)


def note_keys(notes) -> list[tuple[str, dict[str, str]]]:
    """The simulator's notes as ``(i18n key, fields)``, in order, without repeats.

    Keys are ``hodgkinhuxley.note.<name>``; a note of another form keeps its
    text in ``hodgkinhuxley.note.other`` so nothing the model changed goes unsaid.
    """
    out: list[tuple[str, dict[str, str]]] = []
    for text in notes:
        for pattern, name in _NOTE_PATTERNS:
            m = pattern.match(text)
            if m is None:
                continue
            fields = {"name": m.group(1), "value": m.group(2), "to": m.group(3)} if name == "clamped" else \
                {"max": f"{hh.I_MAX:g}"}
            item = (f"hodgkinhuxley.note.{name}", fields)
            break
        else:
            item = ("hodgkinhuxley.note.other", {"text": str(text)})
        if item not in out:
            out.append(item)
    return out


class HodgkinHuxleyModel(LabModel):
    """The Hodgkin–Huxley membrane of one level: runs, clamp records, f–I curves, planes."""

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        super().__init__(level, mode)
        self.clamp_mode = self.fixed.mode == "clamp"
        self.protocol = self.fixed.protocol
        self.version = 0                      # counts new results (for the view's caches)
        self.fi: runs.Curve | None = None     # this membrane's f-I curve (None while computed)
        self.fi_key: tuple | None = None
        self.ml: runs.Curve | None = None     # the Morris-Lecar SNIC f-I curve
        self.planes: OrderedDict[tuple, runs.Plane] = OrderedDict()
        self._dirty = False
        self._warming = False                 # a warm-up job was sent and not yet collected
        self._warm_phi = hh.Params().phi
        self.result: runs.Result = self.compute()
        self.record()

    # ------------------------------------------------------------ values
    def base_values(self) -> Mapping[str, float]:
        return self.fixed.base()

    def membrane(self) -> hh.Params:
        """The membrane's parameters now (sliders over fixed values, inside the limits)."""
        return hh.Params(**{k: float(self.values[k]) for k in MEMBRANE})

    def membrane_key(self) -> tuple:
        return tuple(round(float(self.values[k]), 9) for k in MEMBRANE)

    def t_ms(self) -> float:
        return float(self.fixed.clamp_ms if self.clamp_mode else self.fixed.t_ms)

    def drive(self):
        """The input current (µA/cm²) of the current protocol on the run's grid."""
        return runs.input_current(self.protocol, self.values, self.fixed.onset_ms, runs.grid(self.fixed.t_ms))

    # ------------------------------------------------------------ runs
    def compute(self) -> runs.Result:
        """The run (or clamp record) of the current values, computed now."""
        if self.clamp_mode:
            return runs.clamp_record(self.values["v_hold"], self.values["v_step"], self.t_ms(), self.membrane())
        return runs.drain(runs.run_pieces(self.drive(), self.membrane()))

    def _apply(self, result: runs.Result) -> None:
        """A finished run becomes what the lab shows and what is scored."""
        self.result = result
        self.version += 1
        self.record()

    def request_run(self) -> None:
        """The setup changed: run again (a clamp record at once, a run in slices)."""
        if self.clamp_mode:
            self.jobs.cancel("run")
            self.jobs.cancel("warm")
            self._dirty = self._warming = False
            self._apply(self.compute())
            return
        if self.jobs.busy("run") or self._warming:
            self._dirty = True                 # the latest values run when this one ends
            return
        self._dirty = False
        p = self.membrane()
        if p.phi != self._warm_phi:
            self._warming = True
            self.jobs.thread("warm", _warm_tables, p, meta=p.phi, lane="warm")
            return
        chunk = max(25, runs.CHUNK_SAMPLES // hh.substeps(runs.DT_MS, p.phi))
        self.jobs.slices("run", runs.run_pieces(self.drive(), p, chunk))

    def settle(self) -> None:
        """Finish the pending run now (headless solving, tests)."""
        if self.busy():
            self.jobs.cancel("run")
            self.jobs.cancel("warm")
            self._dirty = self._warming = False
            self._warm_phi = self.membrane().phi
            self._apply(self.compute())

    def busy(self) -> bool:
        """Is a run still being computed?"""
        return self._dirty or self._warming or self.jobs.busy("run")

    # ------------------------------------------------------------ commands
    def on_param(self, name: str, value: float) -> None:
        self.request_run()

    def set_protocol(self, kind: str) -> None:
        """Another input protocol (the sandbox's buttons); current clamp."""
        self.protocol = kind
        self.clamp_mode = False
        self.request_run()

    def set_clamp(self, on: bool) -> None:
        """Switch between current clamp and voltage clamp."""
        if on != self.clamp_mode:
            self.clamp_mode = on
            self.request_run()

    def reset(self) -> None:
        super().reset()
        self.clamp_mode = self.fixed.mode == "clamp"
        self.protocol = self.fixed.protocol
        self.request_run()

    # ------------------------------------------------------------ curves and planes
    def need_fi(self) -> None:
        """Ask for the f–I curves of the current membrane (thread lanes; see :attr:`fi`, :attr:`ml`)."""
        key = self.membrane_key()
        if self.fi_key != key and key in CURVES:
            self.fi, self.fi_key = CURVES[key], key
        if self.ml is None and "ml" in CURVES:
            self.ml = CURVES["ml"]
        if self.fi_key != key and self._fi_pending != key:
            self._fi_pending = key
            self.fi = None
            self.jobs.thread("fi", runs.hh_fi_curve, self.membrane(), meta=key, lane="fi")
        if self.ml is None and not self._ml_sent:
            self._ml_sent = True
            self.jobs.thread("ml", runs.ml_fi_curve, lane="ml")

    _fi_pending: tuple | None = None
    _ml_sent = False
    _plane_pending: tuple | None = None

    def plane_key(self, I: float) -> tuple:
        return (round(float(I), 6),) + self.membrane_key()

    def plane(self, I: float) -> runs.Plane | None:
        """The reduced (V, n) plane at input ``I`` for this membrane, if computed (see :meth:`need_plane`)."""
        hit = self.planes.get(self.plane_key(I))
        if hit is not None:
            self.planes.move_to_end(self.plane_key(I))
        return hit

    def need_plane(self, I: float) -> None:
        """Ask for the plane at ``I`` on the ``plane`` lane (only the latest input asked is computed)."""
        key = self.plane_key(I)
        if key not in self.planes and self._plane_pending != key:
            self._plane_pending = key
            self.jobs.cancel("plane")
            self.jobs.thread("plane", _plane_job, float(I), self.membrane(), meta=key, lane="plane")

    def latest_plane(self) -> runs.Plane | None:
        """The plane computed last (shown while the one asked for is on its way)."""
        return next(reversed(self.planes.values()), None) if self.planes else None

    # ------------------------------------------------------------ time
    def step(self, dt: float) -> None:
        """Advance the slices within :data:`RUN_BUDGET_S` and take what the jobs finished."""
        self.jobs.run(RUN_BUDGET_S)
        for job in self.jobs.collect():
            self._collect(job)
        if self._dirty and not (self.jobs.busy("run") or self._warming):
            self.request_run()

    def _collect(self, job) -> None:
        if job.key == "warm":
            self._warming = False
        elif job.key == "fi":
            self._fi_pending = None
        elif job.key == "plane":
            self._plane_pending = None
        if job.error is not None or job.result is None:
            return
        if job.key == "run":
            self._apply(job.result)
        elif job.key == "warm":
            self._warm_phi = job.meta
            self.request_run()
        elif job.key == "fi":
            remember(job.meta, job.result)
            if job.meta == self.membrane_key():
                self.fi, self.fi_key = job.result, job.meta
        elif job.key == "ml":
            self.ml = job.result
            remember("ml", job.result)
        elif job.key == "plane":
            self.planes[job.meta] = job.result
            while len(self.planes) > PLANES_KEPT:
                self.planes.popitem(last=False)

    # ------------------------------------------------------------ reading
    def notes(self) -> list[tuple[str, dict[str, str]]]:
        """What was clamped: the lab's limits (a value asked outside them), then the simulator's notes."""
        out = [("hodgkinhuxley.note.clamped", {"name": name, "value": f"{asked:g}", "to": f"{used:g}"})
               for name, asked, used in self.values.notes]
        return out + [n for n in note_keys(self.result.notes) if n not in out]

    def rate(self) -> float:
        """Sustained firing rate (Hz) of the current run's second half (0 under clamp)."""
        return 0.0 if self.result.mode == "clamp" else goals.rate_of(self.result)

    def state(self) -> dict:
        r = self.result
        out = {"v": r.v, "m": r.m, "h": r.h, "n": r.n, "i_na": r.i_na, "i_k": r.i_k, "i_l": r.i_l,
               "drive": r.drive, "spikes": r.spikes}
        if self.fi is not None:
            out["fi"] = self.fi.rates_hz
        return out


def _warm_tables(job, params: hh.Params) -> float:
    """Build the simulator's gate tables for a new temperature off the frame (one tiny run)."""
    job.polite(lambda: None)()
    hh.simulate(0.0, runs.DT_MS, runs.DT_MS, params)
    return params.phi


def _plane_job(job, I: float, params: hh.Params) -> runs.Plane:
    job.polite(lambda: None)()
    return runs.plane_at(I, params)
