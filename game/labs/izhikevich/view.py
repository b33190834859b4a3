"""The izhikevich lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle). Left: a strip with every spike of the
run (and of the recording to match), the scrolling oscilloscope of v(t)
with spikes marked, the input current I(t) on the same time axis, the
sliders, and two status lines (firing class and numbers; what the model
clamped). Right: the (v, u) phase plane with direction field, both
nullclines, the equilibria named by type, the whole trajectory with dashed
reset hops and its live part; or, toggled, the atlas of firing classes over
two parameters. Buttons below: presets, Fig. 1 panels, input protocols,
pause, clear start, atlas.

A click on the plane starts the run there, a click on the scope pauses it,
the wheel zooms the scope's time window or the plane, V fits the plane to
the run, C forgets the clicked start, [ and ] change the sweep's speed, A
shows the atlas, where a click loads a cell's parameters. Each spike the
sweep passes clicks (rate-limited). Drawing is in ``render.py``.
"""

from __future__ import annotations

import math

import pygame
import pygame_gui

from game.labs.base import LabView
from game.labs.common.scope import SpikeClicker, plan_rows
from game.labs.izhikevich.render import Renderer
from game.labs.izhikevich.schema import TUNABLES
from game.sim import izhikevich as izh
from game.ui import theme
from game.ui.plot import Axes
from game.ui.widgets import snap

#: The other label a toggle button shows (its row must fit both).
TOGGLE_LABELS = {"pause": "izhikevich.play", "atlas": "izhikevich.show_plane", "axes": "izhikevich.axes_cd"}


class IzhikevichView(LabView):
    help_keys = (("Click", "izhikevich.help.click"), ("Space", "izhikevich.help.pause"),
                 ("[ ]", "izhikevich.help.speed"), ("Wheel", "izhikevich.help.zoom"),
                 ("V", "izhikevich.help.view"), ("C", "izhikevich.help.clear"),
                 ("A", "izhikevich.help.atlas"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.controls = model.controls
        self.plane = Axes(pygame.Rect(0, 0, 100, 100), model.xlim, model.ylim)
        self.clicker = SpikeClicker(lambda: self.ctx.sound.play("spike"))
        self.progress_bar = None
        self._mouse = (0, 0)
        self._rebuild = False                  # a slider's range grew: rebuild the widgets next frame
        self.renderer = Renderer(self)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Two columns: strip, scope, current, sliders, status | header, plane, buttons."""
        s = scene.s
        m = s(12)
        split = rect.x + int(rect.width * 0.5)
        bottom = rect.bottom - m
        self._layout_left(scene, rect, split, bottom)
        rx = split + s(50)
        rw = rect.right - m - rx
        groups = self._button_groups()
        bh, gap = s(30), s(6)
        plans = [self._plan_group(items, rw) for items in groups]
        buttons_h = sum(rows * (bh + gap) for rows, _ in plans)
        top = rect.y + m + s(22)
        plane_h = max(s(80), bottom - buttons_h - s(24) - top)
        self.plane = Axes(pygame.Rect(rx, top, rw, plane_h), self.model.xlim, self.model.ylim)
        self.header_pos = (rx, rect.y + m)
        y = self.plane.rect.bottom + s(26)
        for items, (rows, per_row) in zip(groups, plans):
            bw = (rw - (per_row - 1) * gap) // per_row
            for k, (key, label_key, tip) in enumerate(items):
                r = pygame.Rect(rx + (k % per_row) * (bw + gap), y + (k // per_row) * (bh + gap), bw, bh)
                self.add_button(key, r, label_key, tip)
            y += rows * (bh + gap)
        self._mark_buttons()
        self._layout_atlas(scene, rx, rw, top, plane_h)

    def _layout_left(self, scene, rect: pygame.Rect, split: int, bottom: int) -> None:
        """The strip, the scope, the current, the sliders and the status lines."""
        s = scene.s
        m = s(12)
        lx, lw = rect.x + s(56), split - s(16) - (rect.x + s(56))
        row_h = s(30)
        status_h = 2 * s(20) + s(4)
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
            if sl.name in self.model.values:
                sl.set(self.model.values[sl.name], notify=False, fine=True)
        self.status_y = bottom - status_h
        self.left = pygame.Rect(rect.x + m, rect.y + m, split - rect.x - m, rect.height - 2 * m)

    def _layout_atlas(self, scene, rx: int, rw: int, top: int, plane_h: int) -> None:
        """The atlas shares the plane's rectangle: map on the left, legend on the right."""
        s = scene.s
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

    def _button_groups(self) -> list[list[tuple[str, str, str | None]]]:
        """Rows of (key, label key, tooltip key): presets, Fig. 1 panels, protocols, tools."""
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
        """(rows, buttons per row) so that every label fits its button (a toggle: its wider label)."""
        t, font = self.ctx.text, self.ctx.fonts.get(theme.BASE_FONT)
        labels = [max((t(k), t(TOGGLE_LABELS.get(key, k))), key=lambda x: font.size(x)[0])
                  for key, k, _ in items]
        return plan_rows(labels, width, font, pad=self.s(20), gap=self.s(6))

    def _mark_buttons(self) -> None:
        """Selected look for the active protocol, preset and panel; the toggles' current labels."""
        m = self.model
        active = {"protocol": m.neuron.protocol["kind"], "preset": m.preset, "figure1": m.neuron.panel}

        def selected(key: str) -> bool | None:
            group, _, name = key.partition(":")
            return name == active[group] if group in active else None

        self.show_buttons(selected, {
            "pause": "izhikevich.play" if m.sweep.paused else "izhikevich.pause",
            "atlas": "izhikevich.show_plane" if m.atlas_on else "izhikevich.show_atlas",
            "axes": "izhikevich.axes_ab" if m.atlas_axes == "cd" else "izhikevich.axes_cd"})

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        m = self.model
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self._click(event.pos)
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
                m.sweep.change_speed(+1 if event.key == pygame.K_RIGHTBRACKET else -1)
                return True
            if event.key == pygame.K_v:
                m.fit_view()
                self._sync_plane()
                return True
        return False

    def _click(self, pos) -> bool:
        """A left click: the scope pauses, the atlas loads a cell, the plane starts the run there."""
        m = self.model
        if self.scope.contains(pos):                   # an oscilloscope freezes on a click
            self.press("pause")
            return True
        if m.atlas_on and self.atlas_ax.contains(pos):
            self.load_atlas_cell(pos)
            return True
        if not m.atlas_on and self.plane.contains(pos):
            if self.controls.click_start:
                v, u = self.plane.to_model(*pos)
                m.set_start(float(v), float(u))
            return True
        return False

    def wheel(self, pos, dy: int) -> bool:
        """Zoom the scope's time window, or the phase plane about the mouse."""
        if self.scope.contains(pos) or self.cur_ax.contains(pos):
            self.model.sweep.zoom(dy)
            return True
        if not self.model.atlas_on and self.plane.contains(pos):
            v, u = (float(x) for x in self.plane.to_model(*pos))
            self.model.zoom_plane(v, u, dy)
            self._sync_plane()
            return True
        return False

    def press(self, key: str) -> None:
        m = self.model
        if key == "pause":
            m.sweep.play()
        elif key == "clear":
            m.clear_start()
        elif key == "atlas":
            m.toggle_atlas()
        elif key == "axes":
            m.switch_atlas_axes()
        elif key.startswith("preset:"):
            m.apply_preset(key.split(":", 1)[1], fit=self._to_slider)
            self._sync_plane()
        elif key.startswith("figure1:"):
            self.apply_panel(key.split(":", 1)[1])
        elif key.startswith("protocol:"):
            m.set_protocol(key.split(":", 1)[1])
        self._mark_buttons()

    def apply_panel(self, letter: str) -> None:
        """A panel of Izhikevich (2004) Fig. 1; in the sandbox the sliders take its values (a slider's
        range grows when a value lies outside it)."""
        m = self.model
        m.load_panel(letter)
        if self.mode.sandbox:
            for k in "abcdI":
                if k in self.params:
                    self._set_slider_exact(k, m.values[k])
        m.restart()
        self._sync_plane()

    def _set_slider_exact(self, name: str, value: float) -> None:
        """Set a slider to ``value`` on its fine grid; widen its range first if ``value`` lies outside
        (the widgets are rebuilt in the next frame, from ``self.params`` and the model's values)."""
        p = self.params[name]
        if not (p.min <= value <= p.max):
            lo = min(p.min, p.min + math.floor((value - p.min) / p.step - 1) * p.step)
            hi = max(p.max, p.min + math.ceil((value - p.min) / p.step + 1) * p.step)
            self.params[name] = p.model_copy(update={"min": float(round(lo, 10)), "max": float(round(hi, 10))})
            self._rebuild = True
        self.model.values.set(name, snap(value, self.params[name], fine=True))
        sl = self.panel.get(name)
        if sl is not None and not self._rebuild:
            sl.set(value, notify=False, fine=True)

    def _to_slider(self, name: str, value: float) -> float:
        """Move a slider to ``value`` without telling the model; the value it snapped to."""
        sl = self.panel.get(name)
        if sl is None:
            return value
        sl.set(value, notify=False)
        return sl.value

    def _sync_plane(self) -> None:
        """The plane's axes follow the model's (v, u) window."""
        m = self.model
        if (self.plane.xlim, self.plane.ylim) != (m.xlim, m.ylim):
            self.plane.set_limits(m.xlim, m.ylim)

    def load_atlas_cell(self, pos) -> None:
        """Set the atlas's two parameters to the clicked cell's values (where they are tunable)."""
        r = self.atlas_ax.rect
        cell = self.model.atlas_cell((pos[0] - r.x) / r.width, (r.bottom - pos[1]) / r.height)
        for name, value in cell.items():
            self.set_slider(name, value)
        if cell:
            self.model.preset = None
            self._mark_buttons()

    def reset(self) -> None:
        super().reset()
        self._mark_buttons()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        if self._rebuild and self.scene is not None:
            self._rebuild = False
            self.scene.rebuild()
        m = self.model
        m.step(dt, redraw_pending=self.renderer.plane_pending)
        self.clicker.tick(dt, m.passed)
        self._sync_plane()
        bar = self.progress_bar
        if bar is not None:
            progress = m.jobs.progress("atlas") if m.atlas_on else None
            if progress is not None:
                bar.set_current_progress(100.0 * progress)
                if not bar.visible:
                    bar.show()
            elif bar.visible:
                bar.hide()

    def animating(self) -> bool:
        """The sweep moves, a run or a map is being computed, or widgets wait for a rebuild."""
        m = self.model
        return not m.sweep.paused or m.dirty or m.jobs.busy() or self._rebuild

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    # ------------------------------------------------------------ extras
    def tour_steps(self):
        """First-level tour: oscilloscope, phase plane, sliders."""
        steps = [(lambda: self.scope.rect, "izhikevich.tour.scope"),
                 (lambda: self.plane.rect, "izhikevich.tour.plane")]
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "izhikevich.tour.sliders"))
        return steps

    def caption(self) -> str:
        m = self.model
        p = m.params()
        t = self.ctx.text
        return (f"{self.level.id}: a = {p['a']:g}, b = {p['b']:g}, c = {p['c']:g}, d = {p['d']:g}, "
                f"I = {p['I']:g} ({t('izhikevich.protocol.' + m.neuron.protocol['kind'])}), "
                f"{t('izhikevich.class.' + m.result.firing)}")
