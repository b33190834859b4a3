"""The phaseplane lab's model: a linear system or a damped oscillator, and its trajectories.

No pygame here. :class:`PhasePlaneModel` holds the science state of one
level: the matrix ``A`` (from sliders over the level's fixed matrix, or the
oscillator's ``m, mu, k``, or the current quiz matrix), the plane's window,
the launched trajectories (exact forward and backward paths of
``x' = Ax``), the regions of the trace-determinant plane visited, the quiz
answers and the time spent, and on a lyapunov level the player's candidate
V = alpha x² + 2 beta xy + gamma y² with its grid shares (recomputed, and
cached, when A or V change). It is scored by the scorers in ``goals.py``.

While a slider moves, every kept trajectory is recomputed coarsely (at most
:data:`COARSE_POINTS` exact samples) at each change, and at full resolution,
then scored, once the parameters have rested :data:`SETTLE_STEPS` steps.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

from game.core.lab import LabModel
from game.core.level import Level, Mode
from game.core.schema import Param
from game.labs.common.plane import Launch, Window, stop_note
from game.labs.phaseplane import goals, sandbox
from game.labs.phaseplane.schema import LIMITS, V_TERMS, Fixed
from game.sim import lyapunov, planar

MAX_TRAJ = 10
COARSE_POINTS = 320        # samples per path while a slider is dragged
FULL_POINTS = 4000
SETTLE_STEPS = 2           # steps of rest before full resolution and scoring
ENTRY_CLAMP = 10.0
TD_P = (-4.0, 4.0)         # trace range of the trace-determinant inset (and of dragging its dot)
TD_Q = (-3.0, 5.0)         # determinant range
ENTRIES = ("a11", "a12", "a21", "a22")
#: Goal types scored again at every parameter change (they depend on A alone).
PARAM_SCORED = ("orbit_through", "regions_visited", "settling_time", "lyapunov")


class PhasePlaneModel(LabModel):
    """x' = Ax (or the damped oscillator) on one level: trajectories, regions, quiz."""

    fixed: Fixed
    GOALS = goals.GOALS
    LIMITS = LIMITS

    def __init__(self, level: Level, mode: Mode | str = Mode.CAMPAIGN) -> None:
        self.system = level.fixed.mode                    # "linear" | "oscillator"
        super().__init__(level, mode)
        #: the level asks for a Lyapunov function: the candidate V is shown and scored
        self.shapes_v = self.goal is not None and self.goal.type == "lyapunov"
        self._shares: tuple[bytes, lyapunov.Shares] | None = None
        win = level.window
        self.window = Window(win.x if win else (-3.0, 3.0), win.y if win else (-3.0, 3.0))
        self.launches: list[Launch] = []
        self.visited: set[str] = set()
        self.quiz_index = 0
        self.quiz_answers: list[str] = []
        self.quiz_truth = [planar.classify(np.array(a)) for a in self.fixed.quiz]
        self.elapsed = 0.0
        self.note: str | None = None           # i18n key: why the last path stopped, or a quiz verdict
        self.version = 0                       # counts changes of the launches (for caches)
        self.v_version = 0                     # counts changes of the candidate V (for caches)
        self._settle = 0
        self.coarse = False
        self._note_region()
        if self.controls.start == "fixed" and self.fixed.start is not None:
            self.launch(self.fixed.start)
        elif self.shapes_v:
            self.record()                        # the starting candidate's share, on the meter at once

    # ------------------------------------------------------------ the system
    def base_values(self) -> Mapping[str, float]:
        f = self.fixed
        return {"m": f.m, "mu": f.mu, "k": f.k, "alpha": f.alpha, "beta": f.beta, "gamma": f.gamma}

    def oscillator(self) -> tuple[float, float, float]:
        """(m, mu, k) now."""
        v = self.values
        return v["m"], v["mu"], v["k"]

    def A(self) -> np.ndarray:
        """The current system matrix, from sliders where tunable."""
        if self.system == "oscillator":
            return planar.oscillator_matrix(*self.oscillator())
        if self.fixed.quiz:
            i = min(self.quiz_index, len(self.fixed.quiz) - 1)
            return np.array(self.fixed.quiz[i], dtype=float)
        base = np.array(self.fixed.A if self.fixed.A is not None else sandbox.PRESETS["center"], dtype=float)
        for i, name in enumerate(ENTRIES):
            if name in self.values:
                base[i // 2, i % 2] = self.values[name]
        return np.clip(base, -ENTRY_CLAMP, ENTRY_CLAMP)

    def kind(self) -> str:
        return planar.classify(self.A())

    def start_point(self):
        if self.fixed.start is not None:
            return self.fixed.start
        return self.launches[-1].start if self.launches else None

    # ------------------------------------------------------------ the candidate V
    def P(self) -> np.ndarray:
        """The candidate's matrix: V = x'Px = alpha x² + 2 beta xy + gamma y²."""
        return lyapunov.candidate(*(self.values[t] for t in V_TERMS))

    def Q(self) -> np.ndarray:
        """dV/dt = x'Qx along x' = Ax, Q = A'P + PA."""
        return lyapunov.derivative_matrix(self.A(), self.P())

    def v_shares(self) -> lyapunov.Shares:
        """How the candidate fares on the cells of the level's window (cached per A, P, window)."""
        A, P = self.A(), self.P()
        key = A.tobytes() + P.tobytes() + np.array(self.window.home).tobytes()
        if self._shares is None or self._shares[0] != key:
            (x0, x1), (y0, y1) = self.window.home
            self._shares = (key, lyapunov.grid_shares(A, P, (x0, x1), (y0, y1)))
        return self._shares[1]

    def flow_along(self, launch: Launch, n: int = 600) -> tuple[np.ndarray, np.ndarray]:
        """(t, states) at ``n`` even times along a launch's forward path, from 0 to where the path
        stopped (model time). The states are the exact flow expm(tA) x0, not points between the
        path's samples (V on a chord dips below V on the orbit: a conserved V would seem to wobble)."""
        t_end = float(abs(launch.fwd.t[-1])) if launch.fwd is not None and len(launch.fwd.t) else 0.0
        t = np.linspace(0.0, t_end, max(2, int(n)))
        return t, planar.linear_flow(self.A(), launch.start, t)

    def v_along(self, launch: Launch, n: int = 600) -> tuple[np.ndarray, np.ndarray]:
        """(t, V(t)) of the candidate along a launch (see :meth:`flow_along`)."""
        t, xy = self.flow_along(launch, n)
        return t, lyapunov.value(self.P(), xy[:, 0], xy[:, 1])

    # ------------------------------------------------------------ trajectories
    def compute(self, starts: Sequence, coarse: bool = False) -> list[Launch]:
        """Forward and backward exact paths for every start, in one batch."""
        if len(starts) == 0:
            return []
        cap = COARSE_POINTS if coarse else FULL_POINTS
        fwd, bwd = planar.linear_trajectory_pairs(self.A(), starts, float(self.fixed.t_max),
                                                  bounds=self.window.bounds, max_points=cap)
        return [Launch(s, f, r) for s, f, r in zip(starts, fwd, bwd)]

    def launch(self, start) -> None:
        """Launch a trajectory from ``start`` (model units) and score it."""
        if self.controls.max_launches and len(self.launches) >= self.controls.max_launches \
                and not self.mode.sandbox:
            self.launches.pop(0)
        self.launches.extend(self.compute([start]))
        self.version += 1
        if len(self.launches) > MAX_TRAJ:
            self.launches.pop(0)
        self.note = stop_note(self.launches[-1].fwd.reason)
        self.record()

    def recompute(self, coarse: bool = False) -> None:
        """Parameters or the window changed: rerun every kept trajectory from its start."""
        anim = [l.anim for l in self.launches]
        self.launches = self.compute([l.start for l in self.launches], coarse)
        self.coarse = coarse and bool(self.launches)
        self._settle = SETTLE_STEPS
        self.version += 1
        for l, a in zip(self.launches, anim):
            l.anim = a
        if self.launches:
            self.note = stop_note(self.launches[-1].fwd.reason)

    def clear(self) -> None:
        """Drop the launches (a level's fixed start stays)."""
        keep_fixed = self.controls.start == "fixed"
        self.launches = self.launches[:1] if keep_fixed else []
        self.note = None
        self.version += 1

    def set_window(self, xlim, ylim) -> bool:
        """Show another window (paths stop at its edges, so they are recomputed)."""
        if not self.window.set(xlim, ylim):
            return False
        self.recompute()
        return True

    def window_changed(self) -> None:
        """The window was moved by a navigator: recompute the paths."""
        self.recompute()

    # ------------------------------------------------------------ parameters
    def on_param(self, name: str, value: float) -> None:
        if name in V_TERMS:                    # the candidate V moves, the system and its paths do not
            self.v_version += 1
            if self.shapes_v:
                self.record()
            return
        self.recompute(coarse=True)
        self._note_region()
        if self.goal is not None and self.goal.type in PARAM_SCORED:
            self.record()

    def _note_region(self) -> None:
        A = self.A()
        region = goals.td_region(float(np.trace(A)), float(np.linalg.det(A)))
        if region:
            self.visited.add(region)

    def set_matrix(self, A) -> None:
        """Set the tunable entries to ``A`` (values outside a slider's range are the view's to snap)."""
        for i, name in enumerate(ENTRIES):
            if name in self.values.declared:
                self.values.set(name, float(A[i // 2][i % 2]))
        self.on_param("a11", self.values.get("a11", 0.0))

    def matrix_for_pq(self, p: float, q: float) -> np.ndarray:
        """A matrix with trace ``p`` and determinant ``q`` (clipped to the inset), keeping A's shape
        where possible: the traceless part is scaled, or replaced by a rotation-like one."""
        p = float(np.clip(p, *TD_P))
        q = float(np.clip(q, *TD_Q))
        A = self.A()
        B = A - np.trace(A) / 2 * np.eye(2)
        target = q - p * p / 4            # = det of the traceless part
        dB = float(np.linalg.det(B))
        if dB != 0 and np.sign(dB) == np.sign(target):
            B = B * math.sqrt(target / dB)
        else:
            B = np.array([[0.0, 1.0], [-target, 0.0]])
        return B + p / 2 * np.eye(2)

    def switch_system(self) -> dict[str, Param]:
        """Sandbox: swap between a general matrix and the damped oscillator; the new sliders."""
        self.system = "oscillator" if self.system == "linear" else "linear"
        params = sandbox.sandbox_params(self.system)
        base = dict(self.base_values())
        self.values = type(self.values)(params, self.LIMITS, base)
        self.launches = []
        self.version += 1
        return params

    # ------------------------------------------------------------ quiz
    def answer(self, name: str) -> bool | None:
        """Name the current quiz portrait; True if right (None when the quiz is over)."""
        if self.quiz_index >= len(self.quiz_truth):
            return None
        self.quiz_answers.append(name)
        correct = name == self.quiz_truth[self.quiz_index]
        self.note = "phaseplane.quiz.right" if correct else "phaseplane.quiz.wrong"
        self.quiz_index += 1
        self.launches = []
        self.version += 1
        if self.quiz_index >= len(self.quiz_truth):
            self.record()
        return correct

    # ------------------------------------------------------------ time
    def step(self, dt: float) -> None:
        """Quiz clock, the full-resolution recompute after a drag, the moving points."""
        self.elapsed += dt
        if self.coarse:
            self._settle -= 1
            if self._settle <= 0:
                self.recompute(coarse=False)
                if self.launches:
                    self.record()
        for l in self.launches:
            l.advance(dt)

    def settle(self) -> None:
        """Finish any coarse recompute now (headless solving)."""
        if self.coarse:
            self.recompute(coarse=False)
            if self.launches:
                self.record()

    def reset(self) -> None:
        super().reset()
        self.recompute()
        self._note_region()

    def state(self) -> dict[str, np.ndarray]:
        out = {"A": self.A(), "P": self.P(), "window": np.array(self.window.bounds)}
        for i, l in enumerate(self.launches):
            out[f"fwd{i}"] = l.fwd.xy
            out[f"bwd{i}"] = l.bwd.xy
        return out
