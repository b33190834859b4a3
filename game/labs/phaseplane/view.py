"""The phaseplane lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle): the phase plane on the left; on the right
the equilibrium's name and numbers (on a lyapunov level also V and dV/dt),
the trace-determinant inset (drag its dot to set p and q), the time series of
the last trajectory (V(t) of every launch on a lyapunov level), the sliders,
and preset or quiz buttons, then the legend. Left click launches a trajectory
forward (solid) and backward (dashed); the wheel zooms, a right-drag pans,
V returns to the level's window, C clears. Drawing is in ``render.py``.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.labs.base import LabView
from game.labs.common.plane import Navigator
from game.labs.phaseplane import sandbox
from game.labs.phaseplane.model import ENTRIES, TD_P, TD_Q
from game.labs.phaseplane.render import Renderer
from game.labs.phaseplane.schema import PORTRAITS
from game.ui.plot import Axes


class PhasePlaneView(LabView):
    help_keys = (("Click", "phaseplane.help.click"), ("Wheel", "phaseplane.help.zoom"),
                 ("Right-drag", "phaseplane.help.pan"), ("V", "phaseplane.help.view"),
                 ("C", "phaseplane.help.clear"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.quiz = model.goal is not None and model.goal.type == "quiz"
        self.plane = Axes(pygame.Rect(0, 0, 100, 100), model.window.xlim, model.window.ylim)
        self.nav = Navigator(model.window, lambda: self.plane, model.window_changed)
        self._drag_td = False
        self.renderer = Renderer(self)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Plane on the left; on the right info, insets, sliders, buttons, legend.

        The right column is budgeted top-down: controls get their rows
        first and the two insets take what height is left (at large UI
        scale on a small window they shrink, then the time series goes).
        """
        s = scene.s
        m = s(12)
        win = self.model.window
        side = min(rect.height - m - s(34), int(rect.width * 0.5))
        self.plane = Axes(pygame.Rect(rect.x + s(52), rect.y + m, side, side), win.xlim, win.ylim)
        x0 = self.plane.rect.right + s(40)
        w = rect.right - m - x0
        self.col = pygame.Rect(x0, rect.y + m, w, rect.height - 2 * m)
        bh = s(32)
        button_rows = 2 if self.quiz else (3 if self.mode.sandbox else 1)
        controls_h = len(self.params) * s(30) + s(6) + button_rows * (bh + s(6))
        y = self.col.y + s(94)
        legend_h = 0
        if self.model.shapes_v:          # V and dV/dt under the numbers; room kept for their legend
            self.v_top = self.col.y + s(72 if self.model.system == "oscillator" else 52)
            y = self.v_top + s(42)
            rows = len(self.renderer.legend_groups()[0])
            legend_h = s(22) * -(-rows // self.renderer.candidate_columns()) + s(16)
        room = self.col.bottom - y - s(30) - controls_h - s(8)
        if room - legend_h < s(70):      # the V(t) inset before the legend: it is what V does in time
            legend_h = 0
        y = self._layout_insets(x0, y, w, min(s(170), room - legend_h))
        y = self.add_sliders(scene, pygame.Rect(x0, y, w, 0), list(self.params)) + s(6)
        bw = (w - 2 * s(8)) // 3
        grid = PORTRAITS if self.quiz else (sandbox.PRESETS if self.mode.sandbox else ())
        prefix = "quiz:" if self.quiz else "preset:"
        for i, name in enumerate(grid):
            r = pygame.Rect(x0 + (i % 3) * (bw + s(8)), y + (i // 3) * (bh + s(6)), bw, bh)
            self.add_button(prefix + name, r, f"phaseplane.kind.{name}")
        if grid:
            y += 2 * (bh + s(6))
        if self.mode.sandbox and not self.quiz:
            to = "phaseplane.to_oscillator" if self.model.system == "linear" else "phaseplane.to_linear"
            self.add_button("mode", pygame.Rect(x0 + bw + s(8), y, bw, bh), to)
        self.add_button("clear", pygame.Rect(x0, y, bw, bh), "phaseplane.clear")
        self.legend_top = y + bh + s(16)

    def _layout_insets(self, x0: int, y: int, w: int, inset_h: int) -> int:
        """The trace-determinant and time-series insets side by side (or one, or none)."""
        s = self.ctx.s
        show_td = self.model.controls.show_td
        self.show_insets = inset_h >= s(70)
        half = (w - s(44)) // 2
        if not self.show_insets:
            self.td = Axes(pygame.Rect(x0, y, 1, 1), TD_P, TD_Q)
            self.ts = Axes(pygame.Rect(x0, y, 1, 1), (0, 1), (-1, 1))
            self.show_ts = False
            return y
        both = show_td and half >= s(150)
        td_w = half if both else w - s(26)
        self.td = Axes(pygame.Rect(x0 + s(26), y, td_w, inset_h) if show_td else pygame.Rect(x0, y, 1, 1),
                       TD_P, TD_Q)
        ts_x = self.td.rect.right + s(44) if both else x0 + s(26)
        self.ts = Axes(pygame.Rect(ts_x, y, x0 + w - ts_x, inset_h), (0, 1), (-1, 1))
        self.show_ts = both or not show_td
        return y + inset_h + s(30)

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.td_draggable() and self.td.rect.inflate(8, 8).collidepoint(event.pos):
                self._drag_td = True
                return True
            if self.plane.contains(event.pos):
                if self.model.controls.start == "click":
                    x, y = self.plane.to_model(*event.pos)
                    self.model.launch((float(x), float(y)))
                return True
        if event.type == pygame.MOUSEMOTION and self._drag_td:
            self.set_pq(*self.td.to_model(*event.pos))
            return True
        if event.type == pygame.MOUSEBUTTONUP and self._drag_td:
            self._drag_td = False
            return True
        if self.nav.handle(event):
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_c:
            self.press("clear")
            return True
        return False

    def press(self, key: str) -> None:
        if key == "clear":
            self.model.clear()
        elif key.startswith("preset:"):
            if self.model.system == "oscillator":
                self.switch_system()
            self.set_matrix(sandbox.PRESETS[key.split(":", 1)[1]])
        elif key == "mode":
            self.switch_system()
        elif key.startswith("quiz:"):
            correct = self.model.answer(key.split(":", 1)[1])
            if correct is not None:
                self.ctx.sound.play("star" if correct else "error")

    def switch_system(self) -> None:
        """Sandbox: swap between a general matrix and the damped oscillator (new sliders)."""
        self.params = self.model.switch_system()
        if self.scene is not None:
            self.scene.rebuild()

    def set_matrix(self, A) -> None:
        """Move the entry sliders to ``A`` (snapped to their steps) and recompute once."""
        snapped = [[0.0, 0.0], [0.0, 0.0]]
        for i, name in enumerate(ENTRIES):
            value = float(A[i // 2][i % 2])
            sl = self.panel.get(name)
            if sl is not None:
                sl.set(value, notify=False)
                value = sl.value
            snapped[i // 2][i % 2] = value
        self.model.set_matrix(snapped)

    def set_pq(self, p: float, q: float) -> None:
        """Drag of the trace-determinant dot: a matrix with that trace and determinant."""
        self.set_matrix(self.model.matrix_for_pq(p, q))

    def td_draggable(self) -> bool:
        """Can the trace-determinant dot be dragged now?"""
        m = self.model
        if not (m.controls.td_drag or self.mode.sandbox) or m.system != "linear":
            return False
        return self.show_insets and m.controls.show_td and all(n in m.values.declared for n in ENTRIES)

    # ------------------------------------------------------------------ frame
    def animating(self) -> bool:
        """Moving points run along the launches; a drag's full-resolution recompute is due."""
        return bool(self.model.launches) or self.model.coarse or self._drag_td or self.nav.dragging

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    def caption(self) -> str:
        A = self.model.A()
        kind = self.ctx.text("phaseplane.kind." + self.model.kind())
        return f"{self.level.id}: A = [[{A[0, 0]:.3g}, {A[0, 1]:.3g}], [{A[1, 0]:.3g}, {A[1, 1]:.3g}]], {kind}"

    def tour_steps(self):
        steps = [(lambda: self.plane.rect, "phaseplane.tour.plane")]
        if self.model.shapes_v:
            steps.append((lambda: pygame.Rect(self.col.x, self.v_top, self.col.width, self.s(20)),
                           "phaseplane.tour.lyapunov"))
        if self.show_insets and self.model.controls.show_td:
            steps.append((lambda: self.td.rect, "phaseplane.tour.td"))
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.union(self.panel.sliders[-1].rect),
                          "phaseplane.tour.sliders"))
        if self.show_ts:
            steps.append((lambda: self.ts.rect, "phaseplane.tour.ts"))
        return steps

    def trace_det(self) -> tuple[float, float]:
        """(p, q) of A now."""
        A = self.model.A()
        return float(np.trace(A)), float(np.linalg.det(A))
