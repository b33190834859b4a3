"""The phaseplane lab's view: direction field, trajectories, trace-det inset.

Layout (inside the lab rectangle): the phase plane on the left; on the right
the equilibrium's name and numbers, the trace-determinant inset (drag its dot
to set p and q), the time series of the last trajectory, the sliders, and
preset or quiz buttons. Left click launches a trajectory forward (solid) and
backward (dashed); wheel zooms, right-drag pans, V resets the view.
"""

from __future__ import annotations

import math

import numpy as np
import pygame
import pygame_gui

from game.labs.legacy import LegacyView as LabView
from game.labs.phaseplane import goals
from game.labs.phaseplane.schema import PORTRAITS
from game.sim import planar
from game.ui import theme
from game.ui.plot import Axes, dashed_pixels, dashed_polyline, draw_arrows

MAX_TRAJ = 10
COARSE_POINTS = 320        # samples per path while a slider is dragged
SETTLE_FRAMES = 2          # frames of rest before full resolution and scoring
FIELD_N = 21
TD_P = (-4.0, 4.0)
TD_Q = (-3.0, 5.0)
ANIM_S = 3.0               # seconds of wall time to animate a forward path
ENTRY_CLAMP = 10.0

#: The six classic portraits, as matrices (the sandbox's preset buttons).
PRESETS = {
    "saddle": [[1.0, 0.0], [0.0, -1.0]],
    "center": [[0.0, 1.0], [-1.0, 0.0]],
    "stable_focus": [[-0.3, 1.0], [-1.0, -0.3]],
    "unstable_focus": [[0.3, 1.0], [-1.0, 0.3]],
    "stable_node": [[-1.0, 0.0], [0.0, -2.0]],
    "unstable_node": [[1.0, 0.0], [0.0, 2.0]],
}
ENTRIES = ("a11", "a12", "a21", "a22")


class Launch:
    """One launched trajectory: forward and backward paths and its animation clock."""

    def __init__(self, start, fwd, bwd) -> None:
        self.start = (float(start[0]), float(start[1]))
        self.fwd = fwd
        self.bwd = bwd
        self.anim = 0.0            # model time of the moving point

    def dot(self) -> tuple[float, float] | None:
        """Where the moving point is on the forward path (model units), or None."""
        f = self.fwd
        if f is None or len(f.t) < 2:
            return None
        tt = getattr(self, "_tt", None)
        if tt is None or tt[0] is not f:
            tt = self._tt = (f, np.abs(f.t))           # once per path, not per frame
        t = tt[1]
        ta = min(self.anim, float(t[-1]))
        return float(np.interp(ta, t, f.xy[:, 0])), float(np.interp(ta, t, f.xy[:, 1]))


class PhasePlaneView(LabView):
    help_keys = (("Click", "phaseplane.help.click"), ("Wheel", "phaseplane.help.zoom"),
                 ("Right-drag", "phaseplane.help.pan"), ("V", "phaseplane.help.view"),
                 ("C", "phaseplane.help.clear"))

    def __init__(self, level, ctx, mode="campaign", spec=None) -> None:
        super().__init__(level, ctx, mode, spec)
        self.fixed = level.fixed
        self.controls = level.controls
        win = level.window
        self.home = ((win.x if win else (-3.0, 3.0)), (win.y if win else (-3.0, 3.0)))
        self.xlim, self.ylim = self.home
        self.launches: list[Launch] = []
        self.visited: set[str] = set()
        self.quiz_index = 0
        self.quiz_answers: list[str] = []
        self.quiz_truth = [planar.classify(np.array(a)) for a in self.fixed.quiz]
        self.elapsed = 0.0
        self.note: str | None = None
        self.mode_sys = self.fixed.mode
        self._mouse = (0, 0)
        self._field_key = None
        self._field_surf: pygame.Surface | None = None     # frame + direction field
        self._frame_key = None
        self._frame_surf: pygame.Surface | None = None     # frame and ticks only
        self._layer: pygame.Surface | None = None
        self._layer_key = None
        self._version = 0
        self._coarse = False
        self._settle = 0
        self._td_bg: pygame.Surface | None = None
        self._drag_pan = None
        self._drag_td = False
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._note_region()
        if self.controls.start == "fixed" and self.fixed.start is not None:
            self.launch(self.fixed.start)

    # ------------------------------------------------------------------ model
    def A(self) -> np.ndarray:
        """The current system matrix, from sliders where tunable."""
        if self.mode_sys == "oscillator":
            m = self.values.get("m", self.fixed.m)
            mu = self.values.get("mu", self.fixed.mu)
            k = self.values.get("k", self.fixed.k)
            return planar.oscillator_matrix(m, mu, k)
        if self.fixed.quiz:
            i = min(self.quiz_index, len(self.fixed.quiz) - 1)
            return np.array(self.fixed.quiz[i], dtype=float)
        base = np.array(self.fixed.A if self.fixed.A is not None else PRESETS["center"], dtype=float)
        for i, name in enumerate(ENTRIES):
            if name in self.values:
                base[i // 2, i % 2] = self.values[name]
        return np.clip(base, -ENTRY_CLAMP, ENTRY_CLAMP)

    def kind(self) -> str:
        return planar.classify(self.A())

    def bounds(self) -> tuple[float, float, float, float]:
        return (*self.xlim, *self.ylim)

    def t_max(self) -> float:
        return float(self.fixed.t_max)

    def compute(self, starts, coarse: bool = False) -> list[Launch]:
        """Forward and backward exact paths for every start, in one batch.

        ``coarse`` samples at most `COARSE_POINTS` times per path (still exact
        points of the flow): used while a slider is being dragged, then
        replaced by the full resolution once it rests.
        """
        if len(starts) == 0:
            return []
        A = self.A()
        b = self.bounds()
        cap = COARSE_POINTS if coarse else 4000
        fwd, bwd = planar.linear_trajectory_pairs(A, starts, self.t_max(), bounds=b, max_points=cap)
        return [Launch(s, f, r) for s, f, r in zip(starts, fwd, bwd)]

    def launch(self, start) -> None:
        if self.controls.max_launches and len(self.launches) >= self.controls.max_launches \
                and self.mode != "sandbox":
            self.launches.pop(0)
        self.launches.extend(self.compute([start]))
        self._version += 1
        if len(self.launches) > MAX_TRAJ:
            self.launches.pop(0)
        self.note = self._stop_note(self.launches[-1].fwd.reason)
        self.record(self.score())

    def recompute(self, coarse: bool = False) -> None:
        """Parameters changed: rerun every kept trajectory from its start."""
        anim = [l.anim for l in self.launches]
        self.launches = self.compute([l.start for l in self.launches], coarse)
        self._coarse = coarse and bool(self.launches)
        self._settle = SETTLE_FRAMES
        self._version += 1
        for l, a in zip(self.launches, anim):
            l.anim = a
        if self.launches:
            self.note = self._stop_note(self.launches[-1].fwd.reason)

    @staticmethod
    def _stop_note(reason: str) -> str | None:
        return {"left_view": "phaseplane.stop.left_view", "blew_up": "phaseplane.stop.blew_up",
                "equilibrium": "phaseplane.stop.equilibrium"}.get(reason)

    def on_param(self, name: str, value: float) -> None:
        # While a slider moves, paths are recomputed coarsely every frame and
        # at full resolution (and scored) once it has rested SETTLE_FRAMES.
        self.recompute(coarse=True)
        self._note_region()
        if self.level.goal is not None and self.level.goal.type in (
                "orbit_through", "regions_visited", "settling_time"):
            self.record(self.score())

    def _note_region(self) -> None:
        A = self.A()
        region = goals.td_region(float(np.trace(A)), float(np.linalg.det(A)))
        if region:
            self.visited.add(region)

    def start_point(self):
        if self.fixed.start is not None:
            return self.fixed.start
        return self.launches[-1].start if self.launches else None

    # ---------------------------------------------------------------- scoring
    def score(self) -> float | None:
        goal = self.level.goal
        if goal is None:
            return None
        t = goal.type
        if t == "closest_approach":
            if not self.launches:
                return None
            last = self.launches[-1]
            if math.dist(last.start, goal.point) < goal.min_start_distance:
                return goals.MISS
            return goals.closest_approach([last.fwd.xy], goal.point)
        if t == "orbit_through":
            start = self.start_point()
            return None if start is None else goals.orbit_through(self.A(), start, goal.points)
        if t == "reach_disc":
            if not self.launches:
                return None
            if goal.require and self.kind() != goal.require:
                return goals.MISS
            f = self.launches[-1].fwd
            return goals.reach_disc(f.t, f.xy, goal.radius, self.home[0] + self.home[1])
        if t == "regions_visited":
            return goals.regions_visited(self.visited)
        if t == "gates":
            if not self.launches:
                return None
            return max(goals.gates_in_order(l.fwd.xy, goal.gates) for l in self.launches[-1:])
        if t == "settling_time":
            start = self.start_point() or (1.0, 0.0)
            m, mu, k = (self.values.get(n, getattr(self.fixed, n)) for n in ("m", "mu", "k"))
            if goal.no_overshoot and planar.damping_regime(m, mu, k) in ("underdamped", "undamped"):
                return goals.MISS
            return goals.settling(self.values.get("m", self.fixed.m), self.values.get("mu", self.fixed.mu),
                                  self.values.get("k", self.fixed.k), start, goal.tol)
        if t == "quiz":
            if not self.quiz_answers:
                return None
            return goals.quiz_score(self.quiz_answers, self.quiz_truth, self.elapsed, goal.bonus_time_s)
        return None

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Plane on the left; on the right info, insets, sliders, buttons, legend.

        The right column is budgeted top-down: controls get their rows
        first and the two insets take what height is left (at large UI
        scale on a small window they shrink, then the time series goes).
        """
        s = scene.s
        m = s(12)
        side = min(rect.height - m - s(34), int(rect.width * 0.5))
        self.plane = Axes(pygame.Rect(rect.x + s(52), rect.y + m, side, side), self.xlim, self.ylim)
        x0 = self.plane.rect.right + s(40)
        w = rect.right - m - x0
        self.col = pygame.Rect(x0, rect.y + m, w, rect.height - 2 * m)
        bh = s(32)
        quiz = self.level.goal is not None and self.level.goal.type == "quiz"
        button_rows = 2 if quiz else (3 if self.mode == "sandbox" else 1)
        controls_h = len(self.params) * s(30) + s(6) + button_rows * (bh + s(6))
        y = self.col.y + s(94)
        inset_h = min(s(170), self.col.bottom - y - s(30) - controls_h - s(8))
        self.show_insets = inset_h >= s(70)
        half = (w - s(44)) // 2
        if self.show_insets:
            both = self.controls.show_td and half >= s(150)
            if self.controls.show_td:
                td_w = half if both else w - s(26)
                self.td = Axes(pygame.Rect(x0 + s(26), y, td_w, inset_h), TD_P, TD_Q)
            else:
                self.td = Axes(pygame.Rect(x0, y, 1, 1), TD_P, TD_Q)
            ts_x = self.td.rect.right + s(44) if both else x0 + s(26)
            self.ts = Axes(pygame.Rect(ts_x, y, x0 + w - ts_x, inset_h), (0, 1), (-1, 1))
            self.show_ts = both or not self.controls.show_td
            y += inset_h + s(30)
        else:
            self.td = Axes(pygame.Rect(x0, y, 1, 1), TD_P, TD_Q)
            self.ts = Axes(pygame.Rect(x0, y, 1, 1), (0, 1), (-1, 1))
            self.show_ts = False
        names = [n for n in self.params]
        y = self.add_sliders(scene, pygame.Rect(x0, y, w, 0), names)
        y += s(6)
        self.buttons = {}
        bw = (w - 2 * s(8)) // 3
        if quiz:
            for i, name in enumerate(PORTRAITS):
                r = pygame.Rect(x0 + (i % 3) * (bw + s(8)), y + (i // 3) * (bh + s(6)), bw, bh)
                self.buttons["quiz:" + name] = scene.button(r, f"phaseplane.kind.{name}")
            y += 2 * (bh + s(6))
        elif self.mode == "sandbox":
            for i, name in enumerate(PRESETS):
                r = pygame.Rect(x0 + (i % 3) * (bw + s(8)), y + (i // 3) * (bh + s(6)), bw, bh)
                self.buttons["preset:" + name] = scene.button(r, f"phaseplane.kind.{name}")
            y += 2 * (bh + s(6))
            r = pygame.Rect(x0 + bw + s(8), y, bw, bh)
            self.buttons["mode"] = scene.button(
                r, "phaseplane.to_oscillator" if self.mode_sys == "linear" else "phaseplane.to_linear")
        r = pygame.Rect(x0, y, bw, bh)
        self.buttons["clear"] = scene.button(r, "phaseplane.clear")
        self.legend_top = y + bh + s(16)
        self._field_key = None
        self._frame_key = None
        self._td_bg = None

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEBUTTONDOWN:
            if event.button == 1 and self.controls.show_td and self._td_dot_hit(event.pos):
                self._drag_td = True
                return True
            if self.plane.contains(event.pos):
                if event.button == 1:
                    if self.controls.start == "click":
                        x, y = self.plane.to_model(*event.pos)
                        self.launch((float(x), float(y)))
                    return True
                if event.button == 3:
                    self._drag_pan = event.pos
                    return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
            if self._drag_td:
                self._set_pq(*self.td.to_model(*event.pos))
                return True
            if self._drag_pan is not None:
                dx = (event.pos[0] - self._drag_pan[0]) / self.plane.rect.width * (self.xlim[1] - self.xlim[0])
                dy = (event.pos[1] - self._drag_pan[1]) / self.plane.rect.height * (self.ylim[1] - self.ylim[0])
                self._drag_pan = event.pos
                self.set_view((self.xlim[0] - dx, self.xlim[1] - dx), (self.ylim[0] + dy, self.ylim[1] + dy))
                return True
        if event.type == pygame.MOUSEBUTTONUP:
            if self._drag_td or self._drag_pan is not None:
                self._drag_td = False
                self._drag_pan = None
                return True
        if event.type == pygame.MOUSEWHEEL:
            if self.plane.contains(self._mouse):
                factor = 0.85 ** event.y
                cx = (self.xlim[0] + self.xlim[1]) / 2
                cy = (self.ylim[0] + self.ylim[1]) / 2
                hx = (self.xlim[1] - self.xlim[0]) / 2 * factor
                hy = (self.ylim[1] - self.ylim[0]) / 2 * factor
                self.set_view((cx - hx, cx + hx), (cy - hy, cy + hy))
                return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_v:
                self.set_view(*self.home)
                return True
            if event.key == pygame.K_c:
                self.press("clear")
                return True
        return False

    def press(self, key: str) -> None:
        if key == "clear":
            keep_fixed = self.controls.start == "fixed"
            self.launches = self.launches[:1] if keep_fixed else []
            self.note = None
            self._version += 1
        elif key.startswith("preset:"):
            A = PRESETS[key.split(":", 1)[1]]
            if self.mode_sys == "oscillator":
                self.mode_sys = "linear"
            for i, name in enumerate(ENTRIES):
                sl = self.panel.get(name)
                if sl is not None:
                    sl.set(A[i // 2][i % 2], notify=False)
                self.values[name] = sl.value if sl else A[i // 2][i % 2]
            self.on_param("a11", self.values.get("a11", 0.0))
        elif key == "mode":
            self.switch_mode()
        elif key.startswith("quiz:"):
            self.answer(key.split(":", 1)[1])

    def switch_mode(self) -> None:
        """Sandbox: swap between a general matrix and the damped oscillator."""
        from game.labs.phaseplane.spec import sandbox_params
        self.mode_sys = "oscillator" if self.mode_sys == "linear" else "linear"
        self.params = sandbox_params(self.mode_sys)
        self.values = {k: p.default for k, p in self.params.items()}
        self.launches = []
        self._version += 1
        if self.scene is not None:
            self.scene.rebuild()

    def answer(self, name: str) -> None:
        if self.quiz_index >= len(self.quiz_truth):
            return
        self.quiz_answers.append(name)
        correct = name == self.quiz_truth[self.quiz_index]
        self.note = "phaseplane.quiz.right" if correct else "phaseplane.quiz.wrong"
        self.ctx.sound.play("star" if correct else "error")
        self.quiz_index += 1
        self.launches = []
        self._version += 1
        if self.quiz_index >= len(self.quiz_truth):
            self.record(self.score())

    def set_view(self, xlim, ylim) -> None:
        w = xlim[1] - xlim[0]
        h = ylim[1] - ylim[0]
        if not (1e-3 <= w <= 1e4 and 1e-3 <= h <= 1e4) or not all(map(math.isfinite, (*xlim, *ylim))):
            return
        self.xlim, self.ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
        self.plane.set_limits(self.xlim, self.ylim)
        self.recompute()

    def _td_dot_hit(self, pos) -> bool:
        if not (self.controls.td_drag or self.mode == "sandbox") or self.mode_sys != "linear":
            return False
        if not self.show_insets or not self.controls.show_td or not all(n in self.values for n in ENTRIES):
            return False
        return self.td.rect.inflate(8, 8).collidepoint(pos)

    def _set_pq(self, p: float, q: float) -> None:
        """Set trace p and determinant q while keeping A's shape where possible."""
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
        new = B + p / 2 * np.eye(2)
        for i, name in enumerate(ENTRIES):
            sl = self.panel.get(name)
            v = float(new[i // 2, i % 2])
            if sl is not None:
                sl.set(v, notify=False)
                v = sl.value
            self.values[name] = v
        self.on_param("a11", self.values["a11"])

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        self.elapsed += dt
        if self._coarse:
            self._settle -= 1
            if self._settle <= 0:
                self.recompute(coarse=False)
                if self.launches:
                    self.record(self.score())
        for l in self.launches:
            t_end = abs(float(l.fwd.t[-1])) if len(l.fwd.t) else 0.0
            if t_end > 0:
                l.anim = (l.anim + dt * max(t_end / ANIM_S, 0.5)) % (t_end * 1.15)

    def draw(self, surface: pygame.Surface) -> None:
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        pl = self.plane
        self._draw_plane(surface)
        clip = surface.get_clip()
        surface.set_clip(pl.rect)
        for l in self.launches:
            p = l.dot()
            if p is not None:
                pygame.draw.circle(surface, theme.STAR, pl.point(*p), s(5))
        A = self.A()
        kind = planar.classify(A)
        surface.set_clip(clip)
        self._draw_info(surface, A, kind)
        if self.controls.show_td and self.show_insets:
            self._draw_td(surface, A)
        if self.show_ts:
            self._draw_ts(surface)
        self._draw_legend(surface)
        if self.note:
            img = f.render(t(self.note), theme.SMALL_FONT, theme.WARN)
            surface.blit(img, (pl.rect.x + s(6), pl.rect.bottom - img.get_height() - s(4)))
        if self.level.goal is not None and self.level.goal.type == "quiz" and self.quiz_index < len(self.quiz_truth):
            q = f.render(t("phaseplane.quiz.which", i=self.quiz_index + 1, n=len(self.quiz_truth)),
                         theme.BASE_FONT, theme.STAR, bold=True)
            surface.blit(q, (pl.rect.x + s(8), pl.rect.y + s(6)))

    def _draw_plane(self, surface: pygame.Surface) -> None:
        """The phase plane without the moving dots (frame, field, eigenvectors, goal, paths).

        At rest it is a cached layer, drawn once per change of A, view,
        launches or size, and ordinary frames only blit it. While A (or the
        view) changes every frame, as during a slider drag, it is painted
        straight onto the screen: frame and field, then the paths, with no
        layer to fill and copy; the layer is built again once things rest.
        """
        s = self.scene.s
        pl = self.plane
        region = pygame.Rect(pl.rect.x - s(48), pl.rect.y - s(2), pl.rect.width + s(52), pl.rect.height + s(24))
        A = self.A()
        key = (A.tobytes(), self.xlim, self.ylim, self._version, region.size, self.ctx.text.lang)
        if key == self._layer_key and self._layer is not None:
            surface.blit(self._layer, region.topleft)
            return
        ax = Axes(pl.rect.move(-region.x, -region.y), self.xlim, self.ylim)
        bkey = self._base_key(A, region.size, ax)
        moving = bkey != getattr(self, "_layer_bkey", None) and bkey != self._field_key
        self._layer_bkey = bkey
        if moving and surface.get_rect().contains(region):
            target = surface.subsurface(region)
            target.blit(self._plane_frame(region.size, ax), (0, 0))
            self._draw_field(target.subsurface(ax.rect), A)
            self._draw_plane_content(target, ax, A)
            self._layer_key = None            # nothing cached: built when A rests
            return
        layer = self._layer
        if layer is None or layer.get_size() != region.size:
            layer = pygame.Surface(region.size)
        layer.blit(self._plane_base(region.size, ax), (0, 0))
        self._draw_plane_content(layer, ax, A)
        self._layer, self._layer_key = layer, key
        surface.blit(layer, region.topleft)

    def _draw_plane_content(self, target: pygame.Surface, ax: Axes, A) -> None:
        """Eigenvectors, goal marks, backward (dashed) and forward paths, starts, origin."""
        s = self.scene.s
        target.set_clip(ax.rect)
        main, self.plane = self.plane, ax          # the helpers draw through self.plane
        try:
            if self.controls.show_eigen:
                self._draw_eigen(target, A)
            self._draw_goal(target)
            n = len(self.launches)
            colours = [theme.WARN if i == n - 1 else (120, 170, 210) for i in range(n)]
            fwd = ax.polylines([l.fwd.xy for l in self.launches])
            bwd = ax.polylines([l.bwd.xy for l in self.launches], min_px=0.8, arrays=True)
            dashed_pixels(target, bwd, colours, dash=s(6))
            for i, l in enumerate(self.launches):
                if len(fwd[i]) > 1:
                    pygame.draw.lines(target, colours[i], False, fwd[i], 2)
                pygame.draw.circle(target, theme.TEXT, ax.point(*l.start), s(4))
            kind = planar.classify(A)
            stable = kind.startswith("stable") or kind == "center"
            pygame.draw.circle(target, self._kind_colour(kind), ax.point(0, 0), s(6), 0 if stable else 2)
        finally:
            self.plane = main
        target.set_clip(None)

    def _draw_legend(self, surface) -> None:
        """What each mark means, in the space left under the controls."""
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        rows = [("solid", theme.WARN, "phaseplane.legend.forward"),
                ("dash", theme.WARN, "phaseplane.legend.backward"),
                ("dot", theme.STAR, "phaseplane.legend.moving")]
        if self.controls.show_eigen:
            rows += [("dash", theme.GOOD, "phaseplane.legend.stable_dir"),
                     ("dash", theme.BAD, "phaseplane.legend.unstable_dir")]
        lh = s(22)
        y = self.legend_top
        if y + lh * len(rows) > self.col.bottom:
            return
        x = self.col.x
        for style, colour, key in rows:
            cy = y + lh // 2
            if style == "solid":
                pygame.draw.line(surface, colour, (x, cy), (x + s(28), cy), 2)
            elif style == "dash":
                dashed_polyline(surface, colour, [(x, cy), (x + s(28), cy)], 2, s(5))
            else:
                pygame.draw.circle(surface, colour, (x + s(14), cy), s(5))
            surface.blit(f.render(t(key), theme.SMALL_FONT, theme.TEXT_DIM), (x + s(40), y + s(2)))
            y += lh

    @staticmethod
    def _kind_colour(kind: str):
        if kind.startswith("unstable") or kind == "saddle":
            return theme.BAD
        if kind == "center" or kind == "non_isolated":
            return theme.STAR
        return theme.GOOD

    def _plane_base(self, size: tuple[int, int], ax: Axes) -> pygame.Surface:
        """Frame, ticks and direction field: the layer's background, cached.

        The frame is kept apart and only redrawn when the view, size or
        language changes, so a slider drag (new A every frame) costs one blit
        of the frame plus the field's pixels, drawn straight into the base.
        """
        A = self.A()
        key = self._base_key(A, size, ax)
        if key == self._field_key and self._field_surf is not None:
            return self._field_surf
        base = self._field_surf
        if base is None or base.get_size() != size:
            base = pygame.Surface(size)            # reused: no allocation per change
        base.blit(self._plane_frame(size, ax), (0, 0))
        self._draw_field(base.subsurface(ax.rect), A)
        self._field_surf, self._field_key = base, key
        return base

    def _base_key(self, A, size, ax: Axes) -> tuple:
        return (tuple(np.round(A, 12).ravel()), self._frame_keyof(size, ax))

    def _frame_keyof(self, size, ax: Axes) -> tuple:
        return (self.xlim, self.ylim, size, ax.rect.topleft, ax.rect.size, self.ctx.text.lang)

    def _plane_frame(self, size: tuple[int, int], ax: Axes) -> pygame.Surface:
        """Axes, grid, ticks and labels of the plane: only the view, size or language change them."""
        fkey = self._frame_keyof(size, ax)
        if fkey != self._frame_key or self._frame_surf is None:
            frame = self._frame_surf
            if frame is None or frame.get_size() != size:
                frame = pygame.Surface(size)
            frame.fill(theme.BG)
            ax.draw_frame(frame, self.ctx.fonts, "x", "y")
            self._frame_surf, self._frame_key = frame, fkey
        return self._frame_surf

    def _draw_field(self, surf: pygame.Surface, A) -> None:
        """Direction-field streaks (shaft and arrowhead, brighter = faster) onto the plane's area."""
        w, h = surf.get_size()
        gkey = (self.xlim, self.ylim, w, h)
        if getattr(self, "_grid_key", None) != gkey:       # the arrows' places: fixed while A moves
            x = np.linspace(self.xlim[0], self.xlim[1], FIELD_N)
            y = np.linspace(self.ylim[0], self.ylim[1], FIELD_N)
            X, Y = (v.ravel() for v in np.meshgrid(x, y))
            px = (X - self.xlim[0]) * (w / (self.xlim[1] - self.xlim[0]))
            py = h - (Y - self.ylim[0]) * (h / (self.ylim[1] - self.ylim[0]))
            self._grid, self._grid_key = (X, Y, px, py), gkey
        X, Y, px, py = self._grid
        a, b, c, d = (float(v) for v in np.asarray(A).ravel())
        U, V = a * X + b * Y, c * X + d * Y
        speed = np.sqrt(U * U + V * V)
        keep = (speed > 0) & np.isfinite(speed)
        smax = float(speed[keep].max()) if keep.any() else 0.0
        if smax <= 0:
            return
        lv = np.log1p(speed[keep]) / math.log1p(smax)
        colour = np.stack([70 + 80 * lv, 100 + 90 * lv, 140 + 100 * lv], axis=1).astype(np.uint8)
        draw_arrows(surf, px[keep], py[keep], U[keep], -V[keep], (w / FIELD_N) * 0.38, colour)

    def _draw_eigen(self, surface, A) -> None:
        vals, vecs = planar.eig_directions(A)
        if len(vals) == 0 or planar.classify(A) in ("stable_star", "unstable_star", "non_isolated"):
            return
        span = 2 * max(self.xlim[1] - self.xlim[0], self.ylim[1] - self.ylim[0])
        for lam, v in zip(vals, vecs):
            a = self.plane.point(-v[0] * span, -v[1] * span)
            b = self.plane.point(v[0] * span, v[1] * span)
            colour = theme.BAD if lam > 0 else theme.GOOD
            dashed_polyline(surface, colour, [a, b], 1, 10)

    def _draw_goal(self, surface) -> None:
        goal = self.level.goal
        if goal is None:
            return
        pl, s = self.plane, self.scene.s
        px_per = pl.rect.width / (self.xlim[1] - self.xlim[0])
        if goal.type == "closest_approach":
            r = goal.radius or 0.1
            pygame.draw.circle(surface, theme.PURPLE, pl.point(*goal.point), max(3, int(r * px_per)), 2)
        elif goal.type == "orbit_through":
            for p in goal.points:
                pygame.draw.circle(surface, theme.PURPLE, pl.point(*p), s(7), 2)
        if goal.type == "closest_approach" and goal.min_start_distance > 0:
            r = int(goal.min_start_distance * px_per)
            dashed_polyline(surface, theme.GRID, [(pl.point(*goal.point)[0] + r * math.cos(a),
                                                    pl.point(*goal.point)[1] + r * math.sin(a))
                                                   for a in np.linspace(0, 2 * math.pi, 73)], 1, 6)
        if goal.type == "reach_disc":
            pygame.draw.circle(surface, theme.GOOD, pl.point(0, 0), max(3, int(goal.radius * px_per)), 2)
        elif goal.type == "gates":
            passed = int(self.score() or 0)
            for i, (gx, gy, gr) in enumerate(goal.gates):
                c = theme.GOOD if i < passed else theme.PURPLE
                pygame.draw.circle(surface, c, pl.point(gx, gy), max(3, int(gr * px_per)), 2)
                img = self.ctx.fonts.render(str(i + 1), theme.SMALL_FONT, c, bold=True)
                surface.blit(img, img.get_rect(center=pl.point(gx, gy)))

    def _draw_info(self, surface, A, kind) -> None:
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        x, y = self.col.x, self.col.y
        hide = self.level.goal is not None and self.level.goal.type == "quiz"
        if self.controls.show_type and not hide:
            name = t(f"phaseplane.kind.{kind}")
            surface.blit(f.render(name, theme.BASE_FONT + 5, self._kind_colour(kind), bold=True), (x, y))
        p, q = float(np.trace(A)), float(np.linalg.det(A))
        d = p * p - 4 * q
        if hide:
            line = t("phaseplane.quiz.hidden")
        else:
            line = f"p = {p:.3g}   q = {q:.3g}   Δ = {d:.3g}   λ = {self._eig_text(A)}"
        surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (x, y + s(32)))
        if self.mode_sys == "oscillator":
            m = self.values.get("m", self.fixed.m)
            mu = self.values.get("mu", self.fixed.mu)
            k = self.values.get("k", self.fixed.k)
            regime = planar.damping_regime(m, mu, k)
            txt = t(f"phaseplane.regime.{regime}") + f"   μ² − 4mk = {mu * mu - 4 * m * k:.3g}"
            img = f.render(txt, theme.SMALL_FONT, theme.ACCENT)
            surface.blit(img, (x, y + s(52)))

    @staticmethod
    def _eig_text(A) -> str:
        lam = np.linalg.eigvals(A)
        if abs(lam[0].imag) > 1e-12:
            return f"{lam[0].real:.3g} ± {abs(lam[0].imag):.3g}i"
        a, b = sorted(lam.real)
        return f"{a:.3g}, {b:.3g}"

    def _draw_td(self, surface, A) -> None:
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        td = self.td
        if self._td_bg is None:
            bg = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            td.draw_frame(bg, f, t("phaseplane.td.p"), t("phaseplane.td.q"), grid=False, ticks=4)
            p = np.linspace(*TD_P, 200)
            pts = td.polyline(np.stack([p, p * p / 4], axis=1))
            clip = bg.get_clip()
            bg.set_clip(td.rect)
            pygame.draw.lines(bg, theme.STAR, False, pts, 2)
            labels = (("saddle", 0, -1.8), ("center", 0.0, 4.2), ("stable_focus", -1.3, 3.0),
                      ("unstable_focus", 1.3, 3.0), ("stable_node", -2.9, 0.8), ("unstable_node", 2.9, 0.8))
            for key, px, qy in labels:
                img = f.render(t(f"phaseplane.short.{key}"), theme.SMALL_FONT - 3, theme.TEXT_DIM)
                if img.get_width() < td.rect.width * 0.3:     # room for it, or leave the map clean
                    bg.blit(img, img.get_rect(center=td.point(px, qy)))
            bg.set_clip(clip)
            self._td_bg = bg.subsurface(td.rect.inflate(s(60), s(40)).clip(bg.get_rect())).copy()
            self._td_off = td.rect.inflate(s(60), s(40)).clip(bg.get_rect()).topleft
        surface.blit(self._td_bg, self._td_off)
        p, q = float(np.trace(A)), float(np.linalg.det(A))
        cp, cq = float(np.clip(p, *TD_P)), float(np.clip(q, *TD_Q))
        pos = td.point(cp, cq)
        draggable = self._td_dot_hit(td.rect.center)
        pygame.draw.circle(surface, theme.WARN, pos, s(7 if draggable else 5))
        pygame.draw.circle(surface, theme.TEXT, pos, s(7 if draggable else 5), 1)
        if self.level.goal is not None and self.level.goal.type == "regions_visited":
            txt = t("phaseplane.td.visited", n=len(self.visited & set(goals.TD_REGIONS)))
            surface.blit(f.render(txt, theme.SMALL_FONT - 1, theme.STAR), (td.rect.x, td.rect.y - s(18)))
        else:
            surface.blit(f.render(t("phaseplane.td.title"), theme.SMALL_FONT - 1, theme.TEXT_DIM),
                         (td.rect.x, td.rect.y - s(18)))

    def _draw_ts(self, surface) -> None:
        """The time-series inset, cached per change of the launches."""
        s = self.scene.s
        region = self.ts.rect.inflate(s(80), s(60))
        region.top = self.ts.rect.top - s(22)
        region = region.clip(surface.get_rect())
        key = (self._version, region.size, self.ctx.text.lang, self.mode_sys)
        if key != getattr(self, "_ts_key", None):
            layer = getattr(self, "_ts_layer", None)
            if layer is None or layer.get_size() != region.size:
                layer = pygame.Surface(region.size)     # reused while the size holds
            layer.fill(theme.BG)
            main = self.ts
            self.ts = Axes(main.rect.move(-region.x, -region.y), main.xlim, main.ylim)
            try:
                self._draw_ts_into(layer)
            finally:
                drawn, self.ts = self.ts, main
                self.ts.set_limits(drawn.xlim, drawn.ylim)
            self._ts_layer, self._ts_key = layer, key
        surface.blit(self._ts_layer, region.topleft)

    def _draw_ts_into(self, surface) -> None:
        s, f, t = self.scene.s, self.ctx.fonts, self.ctx.text
        ts = self.ts
        title = t("phaseplane.ts.title")
        surface.blit(f.render(title, theme.SMALL_FONT - 1, theme.TEXT_DIM), (ts.rect.x, ts.rect.y - s(18)))
        if not self.launches or len(self.launches[-1].fwd.t) < 2:
            ts.draw_frame(surface, f, "t", "", ticks=4)
            return
        l = self.launches[-1]
        tt = np.abs(l.fwd.t)
        xy = l.fwd.xy
        series = [(xy[:, 0], theme.ACCENT, "x"), (xy[:, 1], theme.WARN, "y")]
        if self.mode_sys == "oscillator":
            m = self.values.get("m", self.fixed.m)
            k = self.values.get("k", self.fixed.k)
            series.append((planar.oscillator_energy(m, k, xy[:, 0], xy[:, 1]), theme.GOOD, "V"))
        lo = min(float(np.min(v)) for v, _, _ in series)
        hi = max(float(np.max(v)) for v, _, _ in series)
        pad = 0.05 * (hi - lo if hi > lo else 1.0)
        ts.set_limits((0.0, float(tt[-1]) if tt[-1] > 0 else 1.0), (lo - pad, hi + pad))
        ts.draw_frame(surface, f, "t", "", ticks=4)
        clip = surface.get_clip()
        surface.set_clip(ts.rect)
        lines = ts.polylines([np.stack([tt, v], axis=1) for v, _, _ in series])
        for pts, (_, c, _) in zip(lines, series):
            if len(pts) > 1:
                pygame.draw.lines(surface, c, False, pts, 2)
        surface.set_clip(clip)
        for i, (_, c, name) in enumerate(series):
            img = f.render(name, theme.SMALL_FONT - 1, c, bold=True)
            surface.blit(img, (ts.rect.right - s(22) * (len(series) - i), ts.rect.y - s(18)))

    # ------------------------------------------------------------ files/soak
    def caption(self) -> str:
        A = self.A()
        return (f"{self.level.id}: A = [[{A[0, 0]:.3g}, {A[0, 1]:.3g}], [{A[1, 0]:.3g}, {A[1, 1]:.3g}]], "
                f"{self.ctx.text('phaseplane.kind.' + planar.classify(A))}")

    def challenge_setup(self) -> dict:
        data = super().challenge_setup()
        data["window"] = {"x": list(self.xlim), "y": list(self.ylim)}
        data["fixed"] = {"mode": self.mode_sys}
        if self.mode_sys == "linear" and not all(n in self.params for n in ENTRIES):
            data["fixed"]["A"] = self.A().tolist()
        return data

    def default_goal(self) -> dict:
        return {"type": "closest_approach", "point": [0.0, 0.0], "radius": 0.1,
                "better": "lower", "stars": [0.5, 0.25, 0.1]}

    def challenge_goals(self) -> list[dict]:
        from game.labs.phaseplane.challenge import goals_for
        return goals_for(self)

    def challenge_solution(self) -> dict:
        starts = [list(l.start) for l in self.launches[-1:]]
        return {"params": dict(self.values), "starts": starts} if starts else {"params": dict(self.values)}

    def tour_steps(self):
        steps = [(lambda: self.plane.rect, "phaseplane.tour.plane")]
        if self.show_insets and self.controls.show_td:
            steps.append((lambda: self.td.rect, "phaseplane.tour.td"))
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.union(self.panel.sliders[-1].rect), "phaseplane.tour.sliders"))
        if self.show_ts:
            steps.append((lambda: self.ts.rect, "phaseplane.tour.ts"))
        return steps

    def model_state(self) -> dict:
        out = {"A": self.A()}
        for i, l in enumerate(self.launches):
            out[f"fwd{i}"] = l.fwd.xy
            out[f"bwd{i}"] = l.bwd.xy
        return out

    # -------------------------------------------------------------- solution
    def play_solution(self, driver) -> None:
        """Play the level's ``solution`` with real events (winnability test)."""
        sol = self.level.solution
        for _ in range(abs(sol.zoom)):
            driver.wheel(self.plane.rect.center, 1 if sol.zoom > 0 else -1)
        for name, value in sol.params.items():
            driver.set_slider(self, name, value)
        for p, q in sol.td_points:
            a = self.td.point(*(np.clip([p, q], [TD_P[0], TD_Q[0]], [TD_P[1], TD_Q[1]])))
            cur = self.td.point(float(np.clip(np.trace(self.A()), *TD_P)),
                                float(np.clip(np.linalg.det(self.A()), *TD_Q)))
            driver.drag(cur, a, steps=6)
        for x, y in sol.starts:
            driver.click(self.plane.point(x, y))
        for name in sol.answers:
            driver.press(self.buttons["quiz:" + name])

    def bench_script(self, driver, i: int) -> None:
        """One frame of scripted input for ``neuroarcade bench``: drag a slider."""
        if i < 10:
            ang = 2 * math.pi * i / 10
            driver.click(self.plane.point(2.5 * math.cos(ang), 2.5 * math.sin(ang)), frames=0)
            return
        names = [sl.name for sl in self.panel.sliders]
        if names:
            key = pygame.K_RIGHT if (i // 40) % 2 == 0 else pygame.K_LEFT
            driver.post(pygame.KEYDOWN, key=key, mod=pygame.KMOD_SHIFT, unicode="", scancode=0)
