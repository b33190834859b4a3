"""The izhikevich lab's view: state, layout, events and the sweep.

Layout (inside the lab rectangle). Left: a strip with every spike of the
run (and of the recording to match), the scrolling oscilloscope of v(t)
with spikes marked, the input current I(t) on the same time axis, the
sliders, and two status lines (firing class and numbers; what the model
clamped). Right: the (v, u) phase plane with direction field, both
nullclines, the equilibria named by type, the whole trajectory with dashed
reset hops and its live part; or, toggled, the atlas of firing classes over
two parameters. Buttons below: presets, input protocols, pause, clear
start, atlas. The drawing lives in ``panels.py``.

A change re-runs the neuron (about 5 ms for 1 s of model time): at once
for a click or a key, and while a slider is dragged in 50 ms pieces within
a 1.5 ms budget per frame; either way the phase plane's redraw comes in a
frame of its own (``_advance_run``), and the finished run is identical. The
sweep advances in ``update(dt)`` at a fixed internal step, carrying the
leftover time; each spike it passes clicks (rate-limited). The atlas is
computed in the frame loop too, within ``ATLAS_BUDGET_S`` per frame while it
is shown (``atlas.py``).
"""

from __future__ import annotations

import math
import weakref

import numpy as np
import pygame
import pygame_gui

from game.labs.legacy import LegacyView as LabView
from game.labs.izhikevich.atlas import AXES, AtlasWorker
from game.labs.izhikevich.model import Neuron, evaluate, input_current
from game.labs.izhikevich.panels import Panels
from game.labs.izhikevich.schema import AMPLITUDE_KEYS, FIGURE1, TUNABLES, U_LIMIT, V_RANGE
from game.sim import izhikevich as izh
from game.ui.widgets import snap
from game.ui import theme
from game.ui.plot import Axes

#: Wall-clock step of the sweep animation (s); leftover time carries to the next frame.
SWEEP_STEP_S = 1.0 / 120.0
#: Longest frame gap the sweep catches up on (s): a stall never fast-forwards the scope.
MAX_CATCH_UP_S = 0.25
SPEEDS = (31.25, 62.5, 125.0, 250.0, 500.0, 1000.0, 2000.0)   # model ms per wall s
DEFAULT_SPEED = 250.0
#: Shortest wall time between two spike clicks (s): fast trains stay a buzz, not a roar.
CLICK_GAP_S = 1.0 / 30.0
DEFAULT_WINDOW_MS = 250.0
V_DEFAULT = (-90.0, 40.0)
#: CPU time (s) a frame may spend re-running the neuron while a slider is dragged.
SIM_BUDGET_S = 0.0015
#: Wall time (s) the atlas inputs must stay unchanged before a new map is computed.
ATLAS_DEBOUNCE_S = 0.3
#: Time (s) a frame may spend computing the atlas (a 100 x 100 map takes ~2 s of CPU: ~6 s at 60 fps).
ATLAS_BUDGET_S = 0.005


class IzhikevichView(Panels, LabView):
    help_keys = (("Click", "izhikevich.help.click"), ("Space", "izhikevich.help.pause"),
                 ("[ ]", "izhikevich.help.speed"), ("Wheel", "izhikevich.help.zoom"),
                 ("V", "izhikevich.help.view"), ("C", "izhikevich.help.clear"),
                 ("A", "izhikevich.help.atlas"))

    def __init__(self, level, ctx, mode="campaign", spec=None) -> None:
        super().__init__(level, ctx, mode, spec)
        self.controls = level.controls
        self.goal = level.goal
        self.neuron = Neuron(level.fixed, self.values)
        self.result = self.neuron.simulate()
        self.version = 0
        self.dirty = False
        self.rheobase: float | None = None
        self.target = None
        if self.goal is not None and self.goal.type == "rheobase":
            p = self.neuron.params()
            self.rheobase = izh.rheobase(p["a"], p["b"], p["c"], p["d"], t_ms=self.neuron.t_ms)
        if self.goal is not None and self.goal.type == "match_trace":
            self.target = self.neuron.simulate(self.neuron.target_params(self.goal.target))
        # the sweep
        self.cursor_ms = 0.0
        self.speed = DEFAULT_SPEED
        self.paused = False
        self.window_ms = min(DEFAULT_WINDOW_MS, self.neuron.t_ms)
        self._acc = 0.0
        self._wall = 0.0
        self._last_click = -1.0
        self.clicks = 0                        # spike clicks played (tests read it)
        # the plane
        if level.window is not None:
            self.xlim, self.ylim = tuple(level.window.x), tuple(level.window.y)
        else:
            self.xlim, self.ylim = self.fit_window()
        self._job = None                       # a RunJob being computed across frames
        self._touched = False                  # a parameter changed since the last frame
        self._touched_before = False
        self._dragging = False                 # parameters changed in this frame and the last
        self._simulated = False                # this frame spent its budget on the neuron
        self._plane_pending = False            # the plane shows an older run than self.result
        self.init_caches()
        # the atlas
        self.show_atlas = False
        self.atlas_axes = "cd"
        self.worker = AtlasWorker()
        # a view dropped while its map computes stops the thread at the next progress check
        weakref.finalize(self, self.worker.cancel)
        self._atlas_img = None
        self._atlas_since = 0.0
        self.preset: str | None = None
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.progress_bar = None
        self._mouse = (0, 0)
        self._user_view = False                # the player zoomed the plane: keep their view
        self._rebuild = False                  # a slider's range grew: rebuild the widgets next frame

    # ------------------------------------------------------------------ model
    def model_params(self) -> dict[str, float]:
        """a, b, c, d, I now (``self.params`` are the slider declarations)."""
        return self.neuron.params()

    def on_param(self, name: str, value: float) -> None:
        self.neuron.values = dict(self.values)
        self.dirty = True
        self._touched = True

    def _rerun(self) -> None:
        """The setup changed (start, protocol, reset): drop any run in progress and run anew."""
        self._job = None
        self.dirty = True

    def recompute(self) -> None:
        """Re-run the neuron now with the current sliders, protocol and start; score it."""
        self.neuron.values = dict(self.values)
        self._job = None
        self.dirty = False
        self._apply(self.neuron.simulate())

    def _apply(self, result) -> None:
        """A finished run becomes what the view shows and what is scored."""
        self.result = result
        self.version += 1
        self.record(self.score())
        self._grow_view()

    def _grow_view(self) -> None:
        """Widen the plane's u range when the new run leaves it (never narrows it, and never
        overrides a view the player zoomed; V fits it again)."""
        if self._user_view or not hasattr(self, "plane"):
            return
        lo, hi = (float(x) for x in np.percentile(self.result.run.u, [2, 98]))
        if lo >= self.ylim[0] and hi <= self.ylim[1]:
            return
        _, (flo, fhi) = self.fit_window()
        self.set_view(self.xlim, (min(self.ylim[0], flo), max(self.ylim[1], fhi)))

    def score(self) -> float | None:
        target = self.target.run.spikes if self.target is not None else None
        return evaluate(self.goal, self.result, self.neuron, self.rheobase, target)

    def fit_window(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """A (v, u) window that holds the run, its start, the nullcline's dip and the equilibria."""
        p = self.model_params()
        r = self.result.run
        vmin = min(V_DEFAULT[0], float(np.percentile(r.v, 1)) - 5.0, min(p["c"], izh.C_MAX_MV) - 5.0)
        vmin = max(V_RANGE[0], 10.0 * math.floor(vmin / 10.0))
        I_lo, I_hi = float(np.min(self.result.current)), float(np.max(self.result.current))
        q0 = self.neuron.eqs.q0                  # the v-nullcline's dip lies at u = I + q0
        us = [float(np.percentile(r.u, 2)), float(np.percentile(r.u, 98)), I_lo + q0, I_hi + q0,
              float(r.u[0])]
        for I in (I_lo, I_hi):
            us += [e.u for e in izh.equilibria(p["a"], p["b"], I, self.neuron.eqs)]
        us = [u for u in us if math.isfinite(u)]
        lo, hi = min(us), max(us)
        pad = max(0.15 * (hi - lo), 4.0)
        return (vmin, V_DEFAULT[1]), (max(-U_LIMIT, lo - pad), min(U_LIMIT, hi + pad))

    def set_view(self, xlim, ylim) -> None:
        """Show another (v, u) window; refused outside the lab's ranges or when too thin."""
        w, h = xlim[1] - xlim[0], ylim[1] - ylim[0]
        if not all(map(math.isfinite, (*xlim, *ylim))) or not (5.0 <= w and 0.5 <= h):
            return
        if xlim[0] < V_RANGE[0] or xlim[1] > V_RANGE[1] or ylim[0] < -U_LIMIT or ylim[1] > U_LIMIT:
            return
        self.xlim, self.ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
        self.plane.set_limits(self.xlim, self.ylim)

    def cursor_index(self) -> int:
        return int(min(len(self.result.run.t) - 1, max(0, round(self.cursor_ms / izh.DEFAULT_DT_MS))))

    def I_now(self) -> float:
        return float(self.result.current[self.cursor_index()])

    def I_shown(self) -> float:
        """I(t) at the cursor, quantised to 1/40 of the input's span, so a ramp redraws the
        plane a few times per second rather than every frame (steps and ends stay exact)."""
        cur = self.result.current
        lo, hi = float(cur.min()), float(cur.max())
        if hi - lo <= 0:
            return lo
        q = (hi - lo) / 40.0
        return lo + round((self.I_now() - lo) / q) * q

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Two columns: strip, scope, current, sliders, status | header, plane, buttons."""
        s = scene.s
        m = s(12)
        split = rect.x + int(rect.width * 0.5)
        # ---- left column
        lx, lw = rect.x + s(56), split - s(16) - (rect.x + s(56))
        row_h = s(30)
        status_h = 2 * s(20) + s(4)
        bottom = rect.bottom - m
        sl_top = bottom - status_h - len(self.params) * row_h
        self.strip_rect = pygame.Rect(lx, rect.y + m, lw, s(14))
        y = self.strip_rect.bottom + s(12)                       # room for the spike marks
        avail = sl_top - s(8) - y - s(20)
        cur_h = max(s(36), int(avail * 0.24))
        scope_h = max(s(60), avail - cur_h - s(22))
        self.scope = Axes(pygame.Rect(lx, y, lw, scope_h), (0.0, 1.0), (0.0, 1.0))   # limits set when drawn
        self.cur_ax = Axes(pygame.Rect(lx, self.scope.rect.bottom + s(22), lw, cur_h), (0.0, 1.0), (0.0, 1.0))
        self.add_sliders(scene, pygame.Rect(rect.x + m, sl_top, split - rect.x - m - s(10), 0),
                         [n for n in TUNABLES if n in self.params], row_h=row_h)
        for sl in self.panel.sliders:          # a fine value (a Fig. 1 panel's) keeps its digits
            if sl.name in self.values:
                sl.set(self.values[sl.name], notify=False, fine=True)
        self.status_y = bottom - status_h
        self.left = pygame.Rect(rect.x + m, rect.y + m, split - rect.x - m, rect.height - 2 * m)
        # ---- right column
        rx = split + s(50)
        rw = rect.right - m - rx
        groups = self._button_groups()
        bh, gap = s(30), s(6)
        plans = [self._plan_group(items, rw) for items in groups]
        buttons_h = sum(rows * (bh + gap) for rows, _ in plans)
        top = rect.y + m + s(22)
        plane_h = max(s(80), bottom - buttons_h - s(24) - top)
        self.plane = Axes(pygame.Rect(rx, top, rw, plane_h), self.xlim, self.ylim)
        self.header_pos = (rx, rect.y + m)
        y = self.plane.rect.bottom + s(26)
        self.buttons = {}
        for items, (rows, per_row) in zip(groups, plans):
            bw = (rw - (per_row - 1) * gap) // per_row
            for k, (key, label_key, tip) in enumerate(items):
                r = pygame.Rect(rx + (k % per_row) * (bw + gap), y + (k // per_row) * (bh + gap), bw, bh)
                self.buttons[key] = scene.button(r, label_key, tooltip=self.ctx.text(tip) if tip else None)
            y += rows * (bh + gap)
        self._mark_buttons()
        # the atlas shares the plane's rectangle: map on the left, legend on the right
        font = self.ctx.fonts.get(theme.SMALL_FONT, bold=True)
        legend_w = min(rw // 2, max(font.size(self.ctx.text(f"izhikevich.class.{n}"))[0]
                                    for n in izh.FIRING_CLASSES) + s(30))
        side = min(plane_h, rw - legend_w - s(64))
        self.atlas_ax = Axes(pygame.Rect(rx, top, max(s(40), side), plane_h), (0.0, 1.0), (0.0, 1.0))
        self.legend_rect = pygame.Rect(self.atlas_ax.rect.right + s(18), top, legend_w, plane_h)
        pr = pygame.Rect(self.atlas_ax.rect.x + s(10), self.atlas_ax.rect.bottom - s(30),
                         self.atlas_ax.rect.width - s(20), s(20))
        self.progress_bar = scene.add(pygame_gui.elements.UIProgressBar(pr, manager=self.ctx.ui))
        self.progress_bar.hide()
        # the cached layers are keyed by their size, view and language: a rebuild keeps the
        # ones that still fit; the atlas image is rescaled from the map (it is cheap)
        self._atlas_img = None

    def _button_groups(self) -> list[list[tuple[str, str, str | None]]]:
        """Rows of (key, label key, tooltip key): presets, protocols, tools."""
        groups = []
        if self.controls.presets:
            groups.append([(f"preset:{n}", f"izhikevich.preset.{n}", f"izhikevich.preset_name.{n}")
                           for n in izh.PRESETS])
        if self.controls.figure1:
            groups.append([(f"figure1:{x}", f"izhikevich.panel.{x}", f"izhikevich.panel_name.{x}")
                           for x in self.controls.figure1])
        if self.controls.protocols:
            groups.append([(f"protocol:{k}", f"izhikevich.protocol.{k}", None) for k in izh.PROTOCOLS])
        tools = [("pause", "izhikevich.pause", None)]
        if self.controls.click_start:
            tools.append(("clear", "izhikevich.clear_start", None))
        if self.controls.atlas:
            tools += [("atlas", "izhikevich.show_atlas", None), ("axes", "izhikevich.axes_ab", None)]
        groups.append(tools)
        return groups

    def _plan_group(self, items, width: int) -> tuple[int, int]:
        """(rows, buttons per row) so that every label fits its button, rows balanced."""
        s = self.scene.s
        font = self.ctx.fonts.get(theme.BASE_FONT)
        labels = [self.ctx.text(k) for _, k, _ in items]
        if any(key == "pause" for key, _, _ in items):       # toggles may show their other label
            labels += [self.ctx.text(k) for k in ("izhikevich.play", "izhikevich.show_plane",
                                                  "izhikevich.axes_cd")]
        need = max(font.size(x)[0] for x in labels) + s(20)
        gap = s(6)
        per_row = max(1, min(len(items), (width + gap) // (need + gap)))
        rows = math.ceil(len(items) / per_row)
        return rows, math.ceil(len(items) / rows)

    def _mark_buttons(self) -> None:
        """Selected look for the active protocol and preset; the toggles' current labels."""
        for key, btn in self.buttons.items():
            if key.startswith("protocol:"):
                active = key.split(":", 1)[1] == self.neuron.protocol["kind"]
            elif key.startswith("preset:"):
                active = key.split(":", 1)[1] == self.preset
            elif key.startswith("figure1:"):
                active = key.split(":", 1)[1] == self.neuron.panel
            else:
                continue
            if active and not btn.is_selected:
                btn.select()
            elif not active and btn.is_selected:
                btn.unselect()
        t = self.ctx.text
        labels = {"pause": "izhikevich.play" if self.paused else "izhikevich.pause",
                  "atlas": "izhikevich.show_plane" if self.show_atlas else "izhikevich.show_atlas",
                  "axes": "izhikevich.axes_ab" if self.atlas_axes == "cd" else "izhikevich.axes_cd"}
        for key, label in labels.items():
            if key in self.buttons:
                self.buttons[key].set_text(t(label))

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.scope.contains(event.pos):                # an oscilloscope freezes on a click
                self.press("pause")
                return True
            if self.show_atlas and self.atlas_ax.contains(event.pos):
                self.load_atlas_cell(event.pos)
                return True
            if not self.show_atlas and self.plane.contains(event.pos):
                if self.controls.click_start:
                    v, u = self.plane.to_model(*event.pos)
                    self.set_start(float(v), float(u))
                return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
        if event.type == pygame.MOUSEWHEEL:
            return self.wheel(self._mouse, event.y)
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            keys = {pygame.K_SPACE: "pause", pygame.K_c: "clear", pygame.K_a: "atlas"}
            if event.key in keys and keys[event.key] in self.buttons:
                self.press(keys[event.key])
                return True
            if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
                self.change_speed(+1 if event.key == pygame.K_RIGHTBRACKET else -1)
                return True
            if event.key == pygame.K_v:
                self.xlim, self.ylim = self.fit_window()
                self.plane.set_limits(self.xlim, self.ylim)
                self._user_view = False
                return True
        return False

    def wheel(self, pos, dy: int) -> bool:
        """Zoom the scope's time window, or the phase plane about the mouse."""
        if self.scope.contains(pos) or self.cur_ax.contains(pos):
            self.window_ms = float(min(self.neuron.t_ms, max(20.0, self.window_ms * 0.8 ** dy)))
            return True
        if not self.show_atlas and self.plane.contains(pos):
            f = 0.85 ** dy
            self._user_view = True
            mv, mu = (float(x) for x in self.plane.to_model(*pos))
            self.set_view((mv - (mv - self.xlim[0]) * f, mv + (self.xlim[1] - mv) * f),
                          (mu - (mu - self.ylim[0]) * f, mu + (self.ylim[1] - mu) * f))
            return True
        return False

    def press(self, key: str) -> None:
        if key == "pause":
            self.paused = not self.paused
        elif key == "clear":
            if self.neuron.click is not None:
                self.neuron.click = None
                self.cursor_ms = 0.0
                self._rerun()
        elif key == "atlas":
            self.show_atlas = not self.show_atlas and self.controls.atlas
            self._atlas_since = self._wall
        elif key == "axes":
            self.atlas_axes = "ab" if self.atlas_axes == "cd" else "cd"
            self._atlas_img = None
            self._atlas_since = self._wall
        elif key.startswith("preset:"):
            self.apply_preset(key.split(":", 1)[1])
        elif key.startswith("figure1:"):
            self.apply_panel(key.split(":", 1)[1])
        elif key.startswith("protocol:"):
            self.neuron.set_protocol(key.split(":", 1)[1])
            self.neuron.set_length(self.level.fixed.t_ms)
            self.window_ms = min(self.window_ms, self.neuron.t_ms)
            self.cursor_ms = 0.0
            self._rerun()
        self._mark_buttons()

    def change_speed(self, direction: int) -> None:
        i = min(range(len(SPEEDS)), key=lambda k: abs(SPEEDS[k] - self.speed))
        self.speed = SPEEDS[min(len(SPEEDS) - 1, max(0, i + direction))]

    def set_start(self, v: float, u: float) -> None:
        """Start the run from a clicked (v0, u0) and replay it from t = 0."""
        v = min(max(v, self.xlim[0]), self.xlim[1])
        u = min(max(u, self.ylim[0]), self.ylim[1])
        self.neuron.click = (v, u)
        self.cursor_ms = 0.0
        self._rerun()

    def _set_slider(self, name: str, value: float) -> None:
        sl = self.panel.get(name)
        if sl is not None:
            sl.set(value, notify=False)
            self.values[name] = sl.value

    def apply_preset(self, name: str) -> None:
        """A published cell class with the protocol that shows its behaviour (``PRESET_NOTES``)."""
        self.neuron.unload_panel()
        for k, v in zip("abcd", izh.PRESETS[name]):
            self._set_slider(k, v)
        note = izh.PRESET_NOTES[name]
        self.neuron.set_protocol(note.protocol, {k: v for k, v in note.params.items()
                                                 if k not in AMPLITUDE_KEYS})
        self._set_slider("I", abs(note.params.get("amp", 10.0)))
        self.neuron.set_length(note.t_ms)
        self.neuron.start_mode = "rest" if note.from_rest else "default"
        self.neuron.click = None
        self.preset = name
        self.window_ms = min(DEFAULT_WINDOW_MS, self.neuron.t_ms)
        self.cursor_ms = 0.0
        self.recompute()
        self.xlim, self.ylim = self.fit_window()
        self.plane.set_limits(self.xlim, self.ylim)

    def apply_panel(self, letter: str) -> None:
        """A panel of Izhikevich (2004) Fig. 1: its neuron, equations, start, input and length,
        for what the level does not fix. In the sandbox the sliders take the panel's values
        (a slider's range grows when a value lies outside it); in a level they stay the player's."""
        self.neuron.load_panel(letter)
        if self.mode.sandbox:
            for k in "abcdI":
                if k in self.params:
                    self._set_slider_exact(k, self.neuron.base[k])
            self.neuron.start_mode = "default"
        self.neuron.values = dict(self.values)
        self.neuron.click = None
        self.preset = None
        self.window_ms = min(DEFAULT_WINDOW_MS, self.neuron.t_ms)
        self.cursor_ms = 0.0
        self.recompute()
        self.xlim, self.ylim = self.fit_window()
        self.plane.set_limits(self.xlim, self.ylim)
        self._user_view = False

    def _set_slider_exact(self, name: str, value: float) -> None:
        """Set a slider to ``value`` on its fine grid; widen its range first if ``value`` lies outside
        (the widgets are rebuilt in the next frame, from ``self.params`` and ``self.values``)."""
        p = self.params[name]
        if not (p.min <= value <= p.max):
            lo = min(p.min, p.min + math.floor((value - p.min) / p.step - 1) * p.step)
            hi = max(p.max, p.min + math.ceil((value - p.min) / p.step + 1) * p.step)
            self.params[name] = p.model_copy(update={"min": float(round(lo, 10)), "max": float(round(hi, 10))})
            self._rebuild = True
        self.values[name] = snap(value, self.params[name], fine=True)
        sl = self.panel.get(name)
        if sl is not None and not self._rebuild:
            sl.set(value, notify=False, fine=True)

    def load_atlas_cell(self, pos) -> None:
        """Set the atlas's two parameters to the clicked cell's values (where they are tunable)."""
        ax = AXES[self.atlas_axes]
        fx = (pos[0] - self.atlas_ax.rect.x) / self.atlas_ax.rect.width
        fy = (self.atlas_ax.rect.bottom - pos[1]) / self.atlas_ax.rect.height
        x = ax.x_range[0] + float(np.clip(fx, 0, 1)) * (ax.x_range[1] - ax.x_range[0])
        y = ax.y_range[0] + float(np.clip(fy, 0, 1)) * (ax.y_range[1] - ax.y_range[0])
        changed = False
        for name, value in ((ax.x, x), (ax.y, y)):
            if name in self.params:
                self._set_slider(name, value)
                changed = True
        if changed:
            self.preset = None
            self.on_param(ax.x, x)
            self._mark_buttons()

    def reset(self) -> None:
        super().reset()
        self.neuron = Neuron(self.level.fixed, self.values)
        self.preset = None
        self.cursor_ms = 0.0
        self._rerun()
        self._mark_buttons()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        if self._rebuild and self.scene is not None:
            self._rebuild = False
            self.scene.rebuild()
        self._advance_run()
        dt = min(max(float(dt), 0.0), MAX_CATCH_UP_S)
        self._wall += dt
        if not self.paused:
            self._acc += dt
            spikes = self.result.run.spikes
            t_end = float(self.result.run.t[-1])
            while self._acc >= SWEEP_STEP_S - 1e-9:        # tolerance: half a step twice is a step
                self._acc = max(0.0, self._acc - SWEEP_STEP_S)
                prev = self.cursor_ms
                nxt = prev + self.speed * SWEEP_STEP_S
                if nxt > t_end:                            # loop the sweep
                    passed = np.count_nonzero(spikes > prev)
                    nxt = 0.0
                else:
                    passed = np.searchsorted(spikes, nxt, "right") - np.searchsorted(spikes, prev, "right")
                self.cursor_ms = nxt
                if passed:
                    self._spike_click()
        self._poll_atlas()

    def _advance_run(self) -> None:
        """Re-run the neuron for new parameters without ever stalling a frame.

        A one-off change (a click, a key, the end of a drag) runs at once. While
        a slider is dragged (changes in consecutive frames) the run is computed
        in pieces within ``SIM_BUDGET_S`` per frame, and a frame that must
        redraw the phase plane does no simulation; parameters that change
        meanwhile wait for the next run (the latest values win). A frame that
        simulated shows the previous plane; the next one redraws it.
        """
        touched, self._touched = self._touched, False
        dragging = touched and self._touched_before
        self._touched_before = touched
        self._dragging = dragging
        self._simulated = False
        if self._job is None and self.dirty:
            self.neuron.values = dict(self.values)
            self._job = self.neuron.start_run()
            self.dirty = False
        if self._job is None or (dragging and self._plane_pending):
            return
        result = self._job.advance(SIM_BUDGET_S if dragging else None)
        self._simulated = True              # the plane's redraw waits for the next frame
        if result is not None:
            self._job = None
            self._apply(result)

    def _spike_click(self) -> None:
        if self._wall - self._last_click >= CLICK_GAP_S:
            self._last_click = self._wall
            self.clicks += 1
            self.ctx.sound.play("spike")

    def atlas_key(self) -> tuple:
        """What the current map depends on: its axes, the other parameters and the input."""
        p = self.model_params()
        ax = AXES[self.atlas_axes]
        others = tuple(round(p[k], 6) for k in "abcd" if k not in (ax.x, ax.y))
        protocol = self.neuron.protocol_now()
        proto = tuple(sorted((k, v) for k, v in protocol.items() if k != "kind"))
        return (self.atlas_axes, others, round(p["I"], 6), protocol["kind"], proto,
                self.neuron.t_ms, self.neuron.eqs)

    def _poll_atlas(self) -> None:
        """Start, cancel, advance (within ``ATLAS_BUDGET_S``) or collect the map; keep the
        progress bar in step. Nothing is computed while the plane is shown."""
        if not self.show_atlas:
            return
        key = self.atlas_key()
        w = self.worker
        if w.result is not None and w.result[0] == key:
            if self._atlas_img is None or self._atlas_img[0] != key:
                self._atlas_img = (key, self.atlas_surface(w.result[1]))
        elif w.busy and w.pending_key != key:
            w.cancel()
            self._atlas_since = self._wall
        elif not w.busy and w.pending_key != key and self._wall - self._atlas_since >= ATLAS_DEBOUNCE_S:
            p = self.model_params()
            protocol, I = self.neuron.protocol_now(), p["I"]
            w.start(key, AXES[self.atlas_axes], {k: p[k] for k in "abcd"},
                    lambda t: input_current(protocol, I, t), self.neuron.t_ms, eqs=self.neuron.eqs)
        elif w.busy:
            w.advance(ATLAS_BUDGET_S)
        if self.progress_bar is not None:
            if w.busy:
                self.progress_bar.set_current_progress(100.0 * w.progress)
                if not self.progress_bar.visible:
                    self.progress_bar.show()
            elif self.progress_bar.visible:
                self.progress_bar.hide()

    # ------------------------------------------------------------ files/soak
    def tour_steps(self):
        """First-level tour: oscilloscope, phase plane, sliders."""
        steps = [(lambda: self.scope.rect, "izhikevich.tour.scope"),
                 (lambda: self.plane.rect, "izhikevich.tour.plane")]
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "izhikevich.tour.sliders"))
        return steps

    def caption(self) -> str:
        p = self.model_params()
        t = self.ctx.text
        return (f"{self.level.id}: a = {p['a']:g}, b = {p['b']:g}, c = {p['c']:g}, d = {p['d']:g}, "
                f"I = {p['I']:g} ({t('izhikevich.protocol.' + self.neuron.protocol['kind'])}), "
                f"{t('izhikevich.class.' + self.result.firing)}")

    def challenge_setup(self) -> dict:
        data = super().challenge_setup()
        if self.neuron.protocol["kind"] == FIGURE1:
            proto = {"kind": FIGURE1}
        else:
            proto = {k: v for k, v in self.neuron.protocol.items() if k == "kind" or math.isfinite(v)}
        fixed = {"t_ms": self.neuron.t_ms, "protocol": proto, "start": self.neuron.start_mode}
        if self.neuron.panel is not None:
            fixed["figure1"] = self.neuron.panel
        if self.neuron.click is not None:
            fixed["start"] = "default"
            fixed["v0"], fixed["u0"] = (round(x, 4) for x in self.neuron.click)
        data["fixed"] = fixed
        data["window"] = {"x": [round(x, 4) for x in self.xlim], "y": [round(y, 4) for y in self.ylim]}
        return data

    def default_goal(self) -> dict:
        rate = izh.firing_rate(self.result.run.spikes, self.neuron.t_ms)
        return {"type": "firing_rate", "target_hz": float(max(1, round(rate))) if rate >= 1 else 10.0,
                "better": "lower", "stars": [5.0, 2.0, 1.0]}

    def close(self) -> None:
        """Stop an atlas still being computed."""
        self.worker.cancel()

    def challenge_goals(self) -> list[dict]:
        from game.labs.izhikevich.challenge import goals_for
        return goals_for(self)

    def challenge_solution(self) -> dict:
        sol = {k: float(v) for k, v in self.values.items() if k in TUNABLES}
        if self.neuron.click is not None:
            sol["start"] = [round(x, 4) for x in self.neuron.click]
        return sol

    def model_state(self) -> dict:
        r = self.result
        return {"v": r.run.v, "u": r.run.u, "I": r.current, "spikes": r.run.spikes,
                "window": np.array([*self.xlim, *self.ylim]), "cursor": np.array([self.cursor_ms])}

    # -------------------------------------------------------------- solution
    def play_solution(self, driver) -> None:
        """Play the level's ``solution`` with real events (winnability test)."""
        sol = self.level.solution
        if sol.figure1 is not None:
            driver.press(self.buttons[f"figure1:{sol.figure1}"])
        for name, value in sol.values().items():
            driver.set_slider(self, name, value)
        if sol.start is not None:
            driver.click(self.plane.point(*sol.start))

    def bench_script(self, driver, i: int) -> None:
        """One frame of scripted input for ``neuroarcade bench``: drag a slider back and forth.

        Every frame moves a slider one step (six steps each way around its
        start, so a campaign level is not won by the drag): every frame asks
        for a re-run of the neuron and a redraw of the plane, the worst case
        of dragging.
        """
        names = [sl.name for sl in self.panel.sliders]
        if not names:
            return
        k = (i // 48) % len(names)
        if i % 48 == 0:
            driver.post(pygame.KEYDOWN, key=pygame.K_1 + k, mod=0, unicode="", scancode=0)
        key = pygame.K_RIGHT if (i // 6) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
