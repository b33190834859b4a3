"""The hodgkinhuxley lab's view: layout and input, turned into model commands; the oscilloscope's sweep.

Layout (inside the lab rectangle). Left: a strip with every spike of the
run, then on one time axis the membrane potential (or, under voltage clamp,
the command potential), the gates m, h, n, the ionic currents and the input
current, then the sliders and a status line (the rate, what was clamped).
Right: a line of numbers at the cursor, the Na⁺ and K⁺ channels opening
(m³h and n⁴ at the cursor), the f–I curves (this membrane beside the
Morris–Lecar SNIC set) or the reduced (V, n) plane, and the buttons
(protocols, clamp, panel, pause).

The sweep (``game.labs.common.scope.Sweep``) is the view's: it shows the
model's last run as an oscilloscope would, and each spike it passes clicks
(rate-limited). A click on the traces moves the cursor there and pauses;
Space plays or pauses, [ and ] change the speed, the wheel zooms the time
window. Drawing is in ``render.py``.
"""

from __future__ import annotations

import pygame

from game.labs.base import LabView
from game.labs.common.scope import SPEEDS, SpikeClicker, Sweep, plan_rows
from game.labs.hodgkinhuxley import runs
from game.labs.hodgkinhuxley.render import Renderer
from game.labs.hodgkinhuxley.schema import MEMBRANE, MODE_TUNABLES, PROTOCOL_TUNABLES, PROTOCOLS
from game.ui import theme
from game.ui.plot import Axes

#: The scope's time window (ms) at most, and the wall time one sweep should take (s).
WINDOW_MS = 250.0
SWEEP_S = 2.0


def sweep_speed(t_end: float) -> float:
    """The speed of :data:`game.labs.common.scope.SPEEDS` closest to one sweep in ``SWEEP_S``."""
    return min(SPEEDS, key=lambda v: abs(v - t_end / SWEEP_S))


class HodgkinHuxleyView(LabView):
    help_keys = (("Click", "hodgkinhuxley.help.click"), ("Space", "hodgkinhuxley.help.pause"),
                 ("[ ]", "hodgkinhuxley.help.speed"), ("Wheel", "hodgkinhuxley.help.zoom"),
                 ("P", "hodgkinhuxley.help.panel"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.all_params = dict(self.params)
        self.panel_kind = model.fixed.panel
        t_end = model.result.t_end
        self.sweep = Sweep(t_end, sweep_speed(t_end), min(WINDOW_MS, t_end))
        self.clicker = SpikeClicker(lambda: self.ctx.sound.play("spike"))
        self._mouse = (0, 0)
        self.seen_version = model.version
        self.renderer = Renderer(self)
        self._set_visible()
        self._restart_sweep()

    # ---------------------------------------------------------------- sliders
    def _set_visible(self) -> None:
        """The sliders the current mode and protocol use (the others are hidden, their values kept)."""
        m = self.model
        if m.clamp_mode:
            used = set(MODE_TUNABLES["clamp"])
        else:
            used = {"I", *PROTOCOL_TUNABLES[m.protocol]}
        used |= set(MEMBRANE)
        self.params = {k: p for k, p in self.all_params.items() if k in used}

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Traces and sliders on the left; numbers, channels, the panel and buttons on the right."""
        s = scene.s
        m = s(12)
        split = rect.x + int(rect.width * 0.56)
        lx = rect.x + s(60)
        lw = split - s(14) - lx
        row_h = s(30)
        status_h = 2 * s(20)
        bottom = rect.bottom - m
        sl_top = bottom - status_h - len(self.params) * row_h - s(6)
        self.strip_rect = pygame.Rect(lx, rect.y + m, lw, s(12))
        y = self.strip_rect.bottom + s(12)
        gap = s(18)                                             # room for the time ticks
        names = ("v", "gates", "currents") if self.model.clamp_mode else ("v", "gates", "currents", "input")
        weights = {"v": 0.34, "gates": 0.2, "currents": 0.3, "input": 0.16}
        total = sum(weights[n] for n in names)
        avail = sl_top - s(34) - y - gap * (len(names) - 1)      # under the last: ticks, then t (ms)
        self.scopes: dict[str, Axes] = {}
        for name in names:
            h = max(s(30), int(avail * weights[name] / total))
            self.scopes[name] = Axes(pygame.Rect(lx, y, lw, h), (0.0, 1.0), (0.0, 1.0))
            y += h + gap
        self.add_sliders(scene, pygame.Rect(rect.x + m, sl_top, split - rect.x - m - s(10), 0),
                         list(self.params), row_h=row_h)
        self.status_y = bottom - status_h
        self.left = pygame.Rect(rect.x + m, rect.y + m, split - rect.x - m, rect.height - 2 * m)
        self._layout_right(scene, rect, split + s(50), bottom)

    def _layout_right(self, scene, rect: pygame.Rect, rx: int, bottom: int) -> None:
        s = scene.s
        rw = rect.right - s(12) - rx
        bh, gap = s(30), s(6)
        groups = self._button_groups()
        font = self.ctx.fonts.get(theme.BASE_FONT)
        plans = [plan_rows([self.ctx.text(k) for _, k in items] + self._other_labels(items), rw, font,
                           pad=s(20), gap=gap) for items in groups]
        buttons_h = sum(rows * (bh + gap) for rows, _ in plans)
        self.info_pos = (rx - s(38), rect.y + s(12))
        top = rect.y + s(12) + s(24)
        self.channels_rect = pygame.Rect(rx - s(38), top, rw + s(38), s(104))
        ptop = self.channels_rect.bottom + s(46)              # the channels' caption, the panel's title
        ph = max(s(60), bottom - buttons_h - s(46) - ptop)      # under the panel: ticks, then its legend
        self.panel_rect = pygame.Rect(rx, ptop, rw, ph)
        half = (rw - s(52)) // 2
        self.fi_axes = (Axes(pygame.Rect(rx, ptop, half, ph), (0.0, 30.0), (0.0, 120.0)),
                        Axes(pygame.Rect(rx + half + s(52), ptop, rw - half - s(52), ph), (35.0, 90.0),
                             (0.0, 120.0)))
        self.plane = Axes(pygame.Rect(rx, ptop, rw, ph), (-90.0, 50.0), (0.25, 0.85))
        y = self.panel_rect.bottom + s(46)
        for items, (rows, per_row) in zip(groups, plans):
            bw = (rw - (per_row - 1) * gap) // max(1, per_row)
            for k, (key, label) in enumerate(items):
                r = pygame.Rect(rx + (k % per_row) * (bw + gap), y + (k // per_row) * (bh + gap), bw, bh)
                self.add_button(key, r, label)
            y += rows * (bh + gap)
        self._mark_buttons()

    def _button_groups(self) -> list[list[tuple[str, str]]]:
        """Rows of (key, label key): protocols, then tools."""
        c = self.model.controls
        sandbox = self.mode.sandbox
        groups = []
        if c.protocols or sandbox:
            groups.append([(f"protocol:{k}", f"hodgkinhuxley.protocol.{k}") for k in PROTOCOLS])
        tools = [("pause", "hodgkinhuxley.pause")]
        if c.clamp or sandbox:
            tools.append(("clamp", "hodgkinhuxley.to_clamp"))
        if c.panels or sandbox:
            tools.append(("panel", "hodgkinhuxley.show_plane"))
        groups.append(tools)
        return groups

    def _other_labels(self, items) -> list[str]:
        """The other label of a toggle, so a row fits both."""
        keys = {k for k, _ in items}
        t = self.ctx.text
        out = []
        for key, other in (("pause", "hodgkinhuxley.play"), ("clamp", "hodgkinhuxley.to_current"),
                           ("panel", "hodgkinhuxley.show_fi")):
            if key in keys:
                out.append(t(other))
        return out

    def _mark_buttons(self) -> None:
        """Selected look for the active protocol; the toggles' current labels."""
        m = self.model
        self.show_buttons(
            lambda key: (not m.clamp_mode and key.split(":", 1)[1] == m.protocol) if key.startswith("protocol:")
            else None,
            {"pause": "hodgkinhuxley.play" if self.sweep.paused else "hodgkinhuxley.pause",
             "clamp": "hodgkinhuxley.to_current" if m.clamp_mode else "hodgkinhuxley.to_clamp",
             "panel": "hodgkinhuxley.show_fi" if self.panel_kind == "plane" else "hodgkinhuxley.show_plane"})

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            ax = next((a for a in self.scopes.values() if a.contains(event.pos)), None)
            if ax is not None:
                t0, _ = self.sweep.window()
                self.sweep.cursor_ms = min(self.sweep.t_end, max(0.0, t0 + (event.pos[0] - ax.rect.x) /
                                                                  ax.rect.width * self.sweep.window_ms))
                self.sweep.paused, self.sweep.rested = True, False
                self._mark_buttons()
                return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
        if event.type == pygame.MOUSEWHEEL:
            if any(a.contains(self._mouse) for a in self.scopes.values()):
                self.sweep.zoom(event.y)
                return True
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if event.key == pygame.K_SPACE:
                self.press("pause")
                return True
            if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
                self.sweep.change_speed(+1 if event.key == pygame.K_RIGHTBRACKET else -1)
                return True
            if event.key == pygame.K_p and "panel" in self.buttons:
                self.press("panel")
                return True
        return False

    def press(self, key: str) -> None:
        m = self.model
        if key == "pause":
            self.sweep.play()
        elif key == "panel":
            self.panel_kind = "plane" if self.panel_kind == "fi" else "fi"
        elif key == "clamp":
            m.set_clamp(not m.clamp_mode)
            self._rebuild()
        elif key.startswith("protocol:"):
            m.set_protocol(key.split(":", 1)[1])
            self._rebuild()
        self._mark_buttons()

    def _rebuild(self) -> None:
        """The mode or protocol changed: other sliders and scopes (widgets are rebuilt)."""
        self._set_visible()
        self._restart_sweep()
        if self.scene is not None:
            self.scene.rebuild()

    def _restart_sweep(self) -> None:
        """A run of another length: the sweep starts again. A clamp record (a few ms) is shown
        whole, paused at its end; a click on the traces reads any moment."""
        t_end = self.model.result.t_end
        self.sweep.restart(t_end)
        self.sweep.window_ms = min(WINDOW_MS, t_end)
        self.sweep.speed = sweep_speed(t_end)
        if self.model.clamp_mode:
            self.sweep.cursor_ms = t_end
        self.sweep.paused = self.model.clamp_mode

    def reset(self) -> None:
        super().reset()
        self._set_visible()
        if self.scene is not None:
            self.scene.rebuild()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        m = self.model
        m.jobs.frame_begin()               # the thread lanes step aside until the frame is drawn
        m.step(dt)
        if m.version != self.seen_version:
            self.seen_version = m.version
            if abs(m.result.t_end - self.sweep.t_end) > 1e-9:
                self._restart_sweep()
            elif not m.clamp_mode:
                self.sweep.wake()          # a rested sweep shows the new run
        if self.panel_kind == "fi":
            m.need_fi()
        elif not m.busy():                 # not while a drag changes the run every frame
            m.need_plane(self.plane_input())
        passed = self.sweep.advance(dt, m.result.spikes)
        self.clicker.tick(dt, passed)

    def draw(self, surface: pygame.Surface) -> None:
        try:
            self.renderer.draw(surface)
        finally:
            self.model.jobs.frame_end()

    def animating(self) -> bool:
        return not self.sweep.paused or self.model.busy() or self.model.jobs.busy()

    def plane_input(self) -> float:
        """The input at the cursor, on 41 levels across the run's range (a ramp asks for a few planes
        a second, not one per frame); 0 under clamp."""
        r = self.model.result
        if r.mode != "current":
            return 0.0
        return runs.quantise(float(r.drive[self.cursor_index()]), float(r.drive.min()), float(r.drive.max()))

    def cursor_index(self) -> int:
        """The sample of the last run at the sweep's cursor."""
        r = self.model.result
        dt = float(r.t[1] - r.t[0]) if len(r.t) > 1 else 1.0
        return int(min(len(r.t) - 1, max(0, round(self.sweep.cursor_ms / dt))))

    # -------------------------------------------------------------- extras
    def caption(self) -> str:
        m = self.model
        v = m.values
        t = self.ctx.text
        if m.clamp_mode:
            what = f"{t('hodgkinhuxley.clamp')}: {v['v_hold']:g} → {v['v_step']:g} mV"
        else:
            what = f"{t('hodgkinhuxley.protocol.' + m.protocol)}, I = {v['I']:g} µA/cm²"
        return (f"{self.level.id}: {what}, T = {v['temperature_c']:g} °C, TTX {v['ttx']:g}, TEA {v['tea']:g}, "
                f"{t('hodgkinhuxley.spikes', n=m.result.spikes.size)}")

    def tour_steps(self):
        steps = [(lambda: self.scopes["v"].rect, "hodgkinhuxley.tour.scope"),
                 (lambda: self.channels_rect, "hodgkinhuxley.tour.channels"),
                 (lambda: self.panel_rect, "hodgkinhuxley.tour.panel")]
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "hodgkinhuxley.tour.sliders"))
        return steps
