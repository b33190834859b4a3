"""The hopfield lab's view: grid, gallery, run controls, energy, overlaps, weights.

Layout (inside the lab rectangle), three columns:

* left: the grid (left-drag paints on, right-drag erases; the occluder tool
  blanks a block), under it Run/Pause, Step sweep, Step one neuron,
  Corrupt, tool, Restore, Anneal, Sync/Async;
* middle: the state badge (recalled / inverse / spurious), the energy after
  every update, overlap bars with each stored pattern, the load meter P/N
  against the 0.138 capacity line;
* right: the gallery of candidate patterns (click to store or forget,
  right-click to put one on the grid), the sliders, the weight matrix with
  the weights into the highlighted unit, and the annealing schedule.

Dynamics advance only in :meth:`HopfieldView.update`, at ``speed`` sweeps per
second of one unit update each, carrying the leftover time to the next frame.
This module holds layout, input, timing and scoring; the panels are drawn by
:mod:`game.labs.hopfield.drawing`, the network lives in
:mod:`game.labs.hopfield.model`.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pygame
import pygame_gui

from game.labs.legacy import LegacyView as LabView
from game.labs.hopfield import goals, panels, schema
from game.labs.hopfield.schema import STORKEY_MAX_N
from game.labs.hopfield.drawing import Drawing, ScaledFonts
from game.labs.hopfield.model import Outcome
from game.labs.hopfield.spec import build_model, sandbox_fixed
from game.sim import hopfield as hf
from game.sim import patterns as pt
from game.ui import theme
from game.ui.plot import Axes

#: At most this many sweeps are computed in one frame (a long frame drops the rest).
MAX_SWEEPS_PER_FRAME = 2
NOTE_S = 3.5
#: Time per frame the dynamics may use before the rest is carried to the next frame (s).
#: A hot sweep of the 32 x 32 grid (hundreds of flips) takes about 2 ms.
FRAME_BUDGET_S = 0.003
SIZES = (8, 16, 24, 32)
RULE_ORDER = ("hebbian", "storkey", "pseudo_inverse")


class HopfieldView(Drawing, LabView):
    help_keys = (("Space", "hopfield.help.run"), ("S", "hopfield.help.sweep"), ("N", "hopfield.help.neuron"),
                 ("C", "hopfield.help.corrupt"), ("A", "hopfield.help.anneal"), ("M", "hopfield.help.mode"),
                 ("R", "hopfield.help.restore"), ("O", "hopfield.help.tool"),
                 ("Drag", "hopfield.help.paint"), ("Right-drag", "hopfield.help.erase"),
                 ("Click", "hopfield.help.store"), ("Right-click", "hopfield.help.load"))

    def __init__(self, level, ctx, mode="campaign", spec=None) -> None:
        super().__init__(level, ctx, mode, spec)
        self.fixed: schema.Fixed = level.fixed
        self.controls: schema.Controls = level.controls
        self.net = build_model(self.fixed, level.seed)
        self.net.set_temperature(self.value("T"))
        self.random_set = False
        self.running = False
        self._acc = 0.0
        self.tool = "pen"
        self.note: str | None = None
        self.note_fmt: dict = {}
        self.note_t = 0.0
        self.last_score: float | None = None
        self._stroke: tuple[str, float, tuple[int, int]] | None = None
        self._mouse = (-1, -1)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.thumb_rects: list[pygame.Rect] = []
        self._cache: dict[str, tuple] = {}
        self._status_cache: tuple | None = None
        self._schedule: tuple | None = None
        self.k = 1.0
        self.fonts = ScaledFonts(ctx.fonts, 1.0)

    def s(self, px: float) -> int:
        """A length at UI scale 1 in px, at this lab's effective scale."""
        return round(px * self.ctx.scale * self.k)

    # ------------------------------------------------------------ parameters
    def value(self, name: str) -> float:
        """A tunable from its slider, or the level's fixed value."""
        if name in self.values:
            return float(self.values[name])
        fixed = {"noise_pct": self.fixed.noise_pct, "T": self.fixed.T, "speed": self.fixed.speed,
                 "anneal_T0": self.fixed.anneal.T0, "anneal_sweeps": float(self.fixed.anneal.sweeps)}
        return float(fixed[name])

    def schedule(self) -> np.ndarray:
        """The annealing schedule the Anneal button would run (kept while its inputs stay)."""
        T1 = self.fixed.anneal.T1
        T0 = max(self.value("anneal_T0"), T1)
        sweeps = int(max(1, round(self.value("anneal_sweeps"))))
        key = (T0, T1, sweeps, self.fixed.anneal.kind)
        if self._schedule is None or self._schedule[0] != key:      # drawn every frame
            self._schedule = (key, hf.anneal_schedule(T0, T1, sweeps, self.fixed.anneal.kind))
        return self._schedule[1]

    def on_param(self, name: str, value: float) -> None:
        if name == "T":
            if self.net.schedule is not None and self.net.has_run and not self.net.finished():
                self.say("hopfield.note.anneal_owns_T")
            if self.net.mode == "sync" and value > 0:
                self.say("hopfield.note.sync_no_temperature")
            self.net.set_temperature(value)

    def reset(self) -> None:
        """Ctrl+R: the level as it opened (the sandbox's default gallery)."""
        super().reset()
        self.random_set = False
        fixed = sandbox_fixed() if self.mode == "sandbox" else self.fixed
        self.net = build_model(fixed, self.level.seed)
        self.net.set_temperature(self.value("T"))
        self.running = False
        self._acc = 0.0
        self.tool = "pen"
        self.last_score = None
        self.note = None
        self._cache.clear()
        if self.scene is not None:
            self._place_grid()
            self._sync_buttons()

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        # The design needs about 1256 x 604 px at UI scale 1; when a small window asks
        # for a large UI scale, shrink this lab's own drawing so nothing overlaps.
        scale = self.ctx.scale
        self.k = max(0.4, min(1.0, rect.width / (1256 * scale), rect.height / (604 * scale)))
        self.fonts = ScaledFonts(self.ctx.fonts, self.k)
        s = self.s
        m = s(12)
        self.m = m
        left_w = int(rect.width * 0.335)
        right_w = int(rect.width * 0.325)
        # pygame_gui widgets keep the global font size: never make them shorter than it
        btn_h, gap = max(s(30), self.ctx.fonts.get(theme.BASE_FONT).get_linesize() + 4), s(6)
        row_h = max(s(28), self.ctx.fonts.get(theme.SMALL_FONT).get_linesize() + 4)
        keys = self._button_keys()
        rows = max(1, math.ceil(len(keys) / 3))
        grid_box = min(left_w - 2 * m, rect.height - 2 * m - rows * (btn_h + gap) - s(26))
        self.grid_box = pygame.Rect(rect.x + m + (left_w - 2 * m - grid_box) // 2, rect.y + m, grid_box, grid_box)
        self._place_grid()
        self.buttons = {}
        bw = (left_w - 2 * m - 2 * gap) // 3
        y = self.grid_box.bottom + s(26)
        for i, key in enumerate(keys):
            r = pygame.Rect(rect.x + m + (i % 3) * (bw + gap), y + (i // 3) * (btn_h + gap), bw, btn_h)
            self.buttons[key] = scene.button(r, self._button_text_key(key))
        self.hint_y = y + rows * (btn_h + gap) + s(4)
        # middle column: badge, energy plot, overlap bars, load meter, stacked to fill
        mx = rect.x + left_w + s(52)
        mw = rect.width - left_w - right_w - s(52) - m
        self.mid = pygame.Rect(mx, rect.y + m, mw, rect.height - 2 * m)
        self.badge = pygame.Rect(mx - s(40), rect.y + m, mw + s(40), s(30))
        fixed_h = s(30) + s(26) + s(40) + s(26) + s(18) + s(26) + s(16)
        free = max(s(120), self.mid.height - fixed_h)
        eh = int(free * 0.56)
        self.energy_ax = Axes(pygame.Rect(mx, self.badge.bottom + s(26), mw, eh), (0, 1), (-1, 0))
        oy = self.energy_ax.rect.bottom + s(40) + s(26)
        self.overlap_rect = pygame.Rect(mx, oy, mw, free - eh)
        self.load_rect = pygame.Rect(mx, self.overlap_rect.bottom + s(18) + s(26), mw, s(16))
        # right column
        rx = rect.right - right_w - m + s(8)
        rw = right_w - s(8)
        self.right = pygame.Rect(rx, rect.y + m, rw, rect.height - 2 * m)
        per_row = schema.MAX_PATTERNS // 2
        tgap = s(6)
        self.thumb_px = max(s(16), min(s(52), (rw - (per_row - 1) * tgap) // per_row))
        self.thumb_rects = []
        ty = rect.y + m + s(22)
        for i in range(len(self.net.names)):
            r, c = divmod(i, per_row)
            self.thumb_rects.append(pygame.Rect(rx + c * (self.thumb_px + tgap),
                                                ty + r * (self.thumb_px + s(22)), self.thumb_px, self.thumb_px))
        rows_used = max(1, math.ceil(len(self.net.names) / per_row))
        y = ty + rows_used * (self.thumb_px + s(22)) + s(4)
        names = [n for n in ("noise_pct", "T", "speed", "anneal_T0", "anneal_sweeps") if n in self.params]
        y = self.add_sliders(scene, pygame.Rect(rx, y, rw, 0), names, row_h=row_h)
        extra = self._sandbox_keys()
        bottom = rect.bottom - m
        if extra:
            bw2 = (rw - (len(extra) - 1) * gap) // len(extra)
            bottom -= btn_h
            for i, key in enumerate(extra):
                r = pygame.Rect(rx + i * (bw2 + gap), bottom, bw2, btn_h)
                self.buttons[key] = scene.button(r, self._button_text_key(key))
            bottom -= gap
        top = y + s(24)
        self.show_schedule = self.controls.anneal or "T" in self.params
        side = max(s(40), min(bottom - top - s(14), int(rw * (0.36 if self.show_schedule else 0.55))))
        self.matrix_rect = pygame.Rect(rx, top, side, side)
        self.field_rect = pygame.Rect(self.matrix_rect.right + s(10), top, side // 2, side // 2)
        sx = self.matrix_rect.right + s(10) + side // 2 + s(40)
        self.sched_ax = Axes(pygame.Rect(sx, top, max(s(40), rect.right - m - sx), max(s(30), side - s(18))),
                             (0, 1), (0, 1))
        self.room_for_matrix = side >= s(90) and bottom - top >= s(90)
        # cached images are keyed by their size (and language where they hold text), so a
        # rebuild keeps what still fits; thumbnails come in many sizes, drop the old ones
        self._cache = {k: v for k, v in self._cache.items() if not k.startswith("thumb")}
        self._sync_buttons()

    def _place_grid(self) -> None:
        h, w = self.net.shape
        self.cell = max(2, self.grid_box.width // max(h, w))
        gw, gh = self.cell * w, self.cell * h
        self.grid_rect = pygame.Rect(self.grid_box.centerx - gw // 2, self.grid_box.y + (self.grid_box.height - gh) // 2,
                                     gw, gh)

    def _button_keys(self) -> list[str]:
        c = self.controls
        keys = ["run"]
        if c.step:
            keys += ["sweep", "neuron"]
        if c.corrupt:
            keys += ["corrupt", "tool"]
        keys.append("restore")
        if c.anneal:
            keys.append("anneal")
        if c.mode:
            keys.append("mode")
        if c.rule:
            keys.append("rule")
        if self.mode == "sandbox":
            keys.append("mixture")
        return keys

    def _sandbox_keys(self) -> list[str]:
        return ["size", "set", "store_all", "store_none"] if self.mode == "sandbox" else []

    def _button_text_key(self, key: str) -> str:
        mdl = self.net
        if key == "run":
            return "hopfield.btn.pause" if self.running else "hopfield.btn.run"
        if key == "tool":
            return f"hopfield.btn.tool_{self.tool}"
        if key == "mode":
            return f"hopfield.btn.mode_{mdl.mode}"
        if key == "rule":
            return f"hopfield.rule.{mdl.rule}"
        if key == "set":
            return "hopfield.btn.set_glyphs" if self.random_set else "hopfield.btn.set_random"
        if key == "size":
            return "hopfield.btn.size"
        return f"hopfield.btn.{key}"

    def _sync_buttons(self) -> None:
        """Button captions follow the model (Run/Pause, tool, mode, rule)."""
        for key, b in self.buttons.items():
            text = self.ctx.text(self._button_text_key(key))
            if key == "size":
                h, w = self.net.shape
                text = self.ctx.text("hopfield.btn.size", h=h, w=w)
            if b.text != text:
                b.set_text(text)

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            cell = self.cell_at(event.pos)
            if cell is not None:
                return self._begin_stroke(cell, event.button)
            for i, r in enumerate(self.thumb_rects):
                if r.collidepoint(event.pos):
                    self._thumb_click(i, event.button)
                    return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
            if self._stroke is not None:
                cell = self.cell_at(event.pos, clamp=True)
                if cell is not None:
                    self._continue_stroke(cell)
                return True
        if event.type == pygame.MOUSEBUTTONUP and self._stroke is not None:
            self._stroke = None
            return True
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            keymap = {pygame.K_SPACE: "run", pygame.K_s: "sweep", pygame.K_n: "neuron", pygame.K_c: "corrupt",
                      pygame.K_a: "anneal", pygame.K_m: "mode", pygame.K_r: "restore", pygame.K_o: "tool"}
            key = keymap.get(event.key)
            if key is not None:
                self.press(key)
                return True
        return False

    def press(self, key: str) -> None:
        c = self.controls
        mdl = self.net
        if key == "run":
            self.running = not self.running
            if self.running and (not mdl.has_run or mdl.finished()):
                mdl.begin()
            self._acc = 0.0
        elif key == "sweep":
            if not c.step:
                return
            self._finish(mdl.step_sweep())
        elif key == "neuron":
            if not c.step:
                return
            if mdl.mode == "sync":
                self.say("hopfield.note.sync_no_single")
                return
            self._finish(mdl.step_unit())
        elif key == "corrupt":
            if not c.corrupt:
                self.say("hopfield.note.corrupt_locked")
                return
            self._stop()
            if not mdl.corrupt(self.value("noise_pct")):
                self.say("hopfield.note.no_reference")
        elif key == "tool":
            if c.corrupt:
                self.tool = "occluder" if self.tool == "pen" else "pen"
        elif key == "restore":
            self._stop()
            mdl.restore()
        elif key == "anneal":
            if not c.anneal:
                return
            if mdl.mode == "sync":
                self.say("hopfield.note.sync_no_temperature")
                return
            mdl.begin(schedule=self.schedule())
            self.running = True
            self._acc = 0.0
        elif key == "mode":
            if c.mode:
                self._stop()
                mdl.set_mode("sync" if mdl.mode == "async" else "async")
        elif key == "rule":
            if c.rule:
                self._stop()
                rules = [r for r in RULE_ORDER if r != "storkey" or mdl.n <= STORKEY_MAX_N]
                if mdl.n > STORKEY_MAX_N:
                    self.say("hopfield.note.storkey_size")
                i = rules.index(mdl.rule) if mdl.rule in rules else -1
                mdl.set_rule(rules[(i + 1) % len(rules)])
                if self._reset_on_memory_change():
                    mdl.restore_given()
        elif key == "size":
            h = mdl.shape[0]
            nxt = SIZES[(SIZES.index(h) + 1) % len(SIZES)] if h in SIZES else 16
            if mdl.rule == "storkey" and nxt * nxt > STORKEY_MAX_N:
                nxt = SIZES[0]
            self._rebuild_model((nxt, nxt), self.random_set, keep_stored=True)
        elif key == "set":
            self._rebuild_model(self.net.shape, not self.random_set, keep_stored=False)
        elif key == "mixture":
            # a preset: the symmetric mixture of the first three stored patterns, a spurious state
            idx = mdl.stored_idx
            if len(idx) < 3:
                self.say("hopfield.note.mixture_needs_three")
                return
            self._stop()
            mdl.set_state(hf.mixture_state(mdl.X, list(idx[:3])))
        elif key in ("store_all", "store_none"):
            self._stop()
            mdl.set_stored(np.full(len(mdl.names), key == "store_all"))
        self._sync_buttons()

    def _rebuild_model(self, shape, random: bool, keep_stored: bool) -> None:
        """Sandbox: a new gallery (size or set changed), keeping what it can."""
        self._stop()
        old = self.net
        fixed = sandbox_fixed(shape, random) if self.mode == "sandbox" else self.fixed
        new = build_model(fixed, self.level.seed)
        if keep_stored and len(old.stored) == len(new.stored):
            new.set_stored(old.stored)
        if old.rule in hf.RULES:
            new.set_rule(old.rule)
        new.set_mode(old.mode)
        new.set_temperature(self.value("T"))
        self.net = new
        self.random_set = random
        self._place_grid()
        self._cache.clear()

    def _reset_on_memory_change(self) -> bool:
        """Levels put the start state back when the memory changes (so runs compare)."""
        return self.fixed.reset_on_store and self.mode != "sandbox"

    def _stop(self) -> None:
        self.running = False
        self._acc = 0.0

    def say(self, key: str, **fmt) -> None:
        self.note, self.note_fmt, self.note_t = key, fmt, NOTE_S

    # grid editing --------------------------------------------------------
    def cell_at(self, pos, clamp: bool = False) -> tuple[int, int] | None:
        r = self.grid_rect
        if not clamp and not r.collidepoint(pos):
            return None
        h, w = self.net.shape
        col = int((pos[0] - r.x) // self.cell)
        row = int((pos[1] - r.y) // self.cell)
        if clamp:
            col, row = min(w - 1, max(0, col)), min(h - 1, max(0, row))
        return row, col

    def _begin_stroke(self, cell, button: int) -> bool:
        if self.tool == "occluder" and self.controls.corrupt:
            self._stroke = ("occlude", -1.0, cell)
        elif self.controls.paint:
            self._stroke = ("paint", 1.0 if button == 1 else -1.0, cell)
        else:
            self.say("hopfield.note.paint_locked")
            return True
        self._stop()
        self._apply(np.array([cell]))
        return True

    def _continue_stroke(self, cell) -> None:
        kind, value, last = self._stroke
        if cell == last:
            return
        self._apply(panels.cells_on_line(last, cell)[1:])
        self._stroke = (kind, value, cell)

    def brush(self) -> int:
        """Side of the occluder's square brush, in cells (about a fifth of the grid)."""
        return max(2, self.net.shape[0] // 5)

    def _apply(self, cells: np.ndarray) -> None:
        kind, value, _ = self._stroke
        h, w = self.net.shape
        if kind == "occlude":
            mask = np.zeros((h, w), dtype=bool)
            b = self.brush()
            for r, c in cells:
                r0, c0 = max(0, r - b // 2), max(0, c - b // 2)
                mask[r0:r0 + b, c0:c0 + b] = True
            self.net.occlude(mask)
        else:
            self.net.paint(cells[:, 0] * w + cells[:, 1], value)

    def _thumb_click(self, i: int, button: int) -> None:
        c = self.controls
        if button == 1:
            if not c.store:
                self.say("hopfield.note.store_locked")
                return
            if self.net.rule == "storkey" and self.net.n > STORKEY_MAX_N:
                self.net.set_rule("hebbian")
            self._stop()
            self.net.toggle_stored(i, reset=self._reset_on_memory_change())
        else:
            if not c.load:
                self.say("hopfield.note.load_locked")
                return
            self._stop()
            self.net.show_pattern(i)

    # ---------------------------------------------------------------- frame
    def update(self, dt: float) -> None:
        if self.note_t > 0:
            self.note_t -= dt
            if self.note_t <= 0:
                self.note = None
        if not self.running or not math.isfinite(dt) or dt <= 0:
            return
        mdl = self.net
        # fixed internal step: one unit update every 1 / (speed N) s, leftover carried
        self._acc += dt * self.value("speed") * mdl.n
        cap = MAX_SWEEPS_PER_FRAME * mdl.n
        if self._acc > cap:               # a long frame (or a stall): drop what cannot be shown
            self._acc = float(cap)
        n = int(self._acc)
        self._acc -= n
        # hot sweeps at N = 1024 flip hundreds of units; work in quarter sweeps (each call
        # has a fixed cost, ~0.1 ms) and carry what does not fit in the frame budget to
        # the next frame, so frames stay short (the run's result does not depend on how
        # it is sliced)
        t0 = time.perf_counter()
        step = mdl.n if mdl.mode == "sync" else max(32, mdl.n // 4)
        while n > 0:
            k = min(n, step)
            out = mdl.advance(k)
            n -= k
            if out is not None:
                self._finish(out)
                # a fixed point ends the run; a 2-cycle pauses on one of its states rather
                # than flash the whole grid several times a second
                self.running = False
                self._acc = 0.0
                self._sync_buttons()
                return
            if n and time.perf_counter() - t0 > FRAME_BUDGET_S:
                self._acc += n
                return

    def _finish(self, out: Outcome | None) -> None:
        """A run ended: score it against the level's goal and keep the best."""
        if out is None:
            return
        if out.kind == "cycle":
            self.ctx.sound.play("star")
        score = self.score_outcome(out)
        if score is not None:
            self.last_score = score
            self.record(score)

    # ---------------------------------------------------------------- scoring
    def score_outcome(self, out: Outcome) -> float | None:
        goal = self.level.goal
        if goal is None:
            return None
        mdl = self.net
        t = goal.type
        if t == "cycle":
            return goals.cycle_score(out.final, out.partner) if out.kind == "cycle" else 0.0
        if out.kind != "fixed_point":
            return None
        if t == "escape":
            return goals.escape_score(out.final, mdl.X[list(out.stored)] if out.stored else np.zeros((0, mdl.n)))
        target = mdl.X[mdl.target]
        if t == "recall":
            if not goals.noisy_enough(out.start, target, goal.min_noise_pct):
                self.say("hopfield.note.min_noise", p=f"{goal.min_noise_pct:g}")
            return goals.recall_score(out.start, out.final, target, goal.min_noise_pct)
        if t == "basin":
            return goals.basin_score(out.start, out.final, target, goal.tol)
        if t == "crowded":
            if not np.array_equal(out.start, mdl.given):
                self.say("hopfield.note.start_moved")
                return 0.0
            return goals.crowded_score(len(out.stored), mdl.target in out.stored, out.final, target, goal.tol)
        if t == "fewest_flips":
            return goals.flips_score(out.start, mdl.given, out.final, target, goal.tol)
        if t == "inverse":
            return goals.inverse_score(out.start, out.final, target, goal.tol)
        return None

    def score(self) -> float | None:
        return self.last_score

    # ------------------------------------------------------------ files/soak
    def tour_steps(self):
        steps = [(lambda: self.grid_rect, "hopfield.tour.grid"),
                 (lambda: self.buttons["run"].rect.unionall([b.rect for b in self.buttons.values()]),
                  "hopfield.tour.buttons"),
                 (lambda: self.energy_ax.rect, "hopfield.tour.energy"),
                 (lambda: self.overlap_rect, "hopfield.tour.overlap")]
        if self.thumb_rects:
            steps.append((lambda: self.thumb_rects[0].unionall(self.thumb_rects).inflate(self.s(8), self.s(8)),
                          "hopfield.tour.gallery"))
        return steps

    def caption(self) -> str:
        mdl = self.net
        stored = ", ".join(mdl.names[i] for i in mdl.stored_idx) or "-"
        return (f"{self.level.id}: {mdl.shape[0]}x{mdl.shape[1]}, {mdl.rule}, {mdl.mode}, "
                f"stored {stored}, T = {mdl.current_temperature():.2f}")

    def challenge_setup(self) -> dict:
        data = super().challenge_setup()
        mdl = self.net
        h, w = mdl.shape
        patterns: list = []
        for name, xi in zip(mdl.names, mdl.X):
            if name in pt.PATTERN_NAMES:
                patterns.append(name)
            else:
                patterns.append({"name": name, "rows": pt.format_grid(xi, (h, w))})
        fixed = {"size": [h, w], "patterns": patterns, "on": "#", "off": ".",
                 "stored": [mdl.names[i] for i in mdl.stored_idx], "rule": mdl.rule, "mode": mdl.mode,
                 "start": {"rows": pt.format_grid(mdl.state, (h, w))},
                 "anneal": {"T0": float(max(self.value("anneal_T0"), self.fixed.anneal.T1)),
                            "T1": float(self.fixed.anneal.T1), "sweeps": int(round(self.value("anneal_sweeps"))),
                            "kind": self.fixed.anneal.kind}}
        if mdl.reference is not None:
            fixed["target"] = mdl.names[mdl.reference]
        data["fixed"] = fixed
        data["controls"] = {"paint": True, "corrupt": True, "store": False, "load": False, "anneal": True,
                            "mode": False, "rule": False, "step": True}
        return data

    def default_goal(self) -> dict:
        mdl = self.net
        if mdl.reference is not None:
            # the saved start must be at least as noisy as the grid is now
            noise = math.floor(goals.distance_pct(mdl.state, mdl.X[mdl.reference]))
            return {"type": "recall", "min_noise_pct": noise, "better": "higher", "stars": [0.8, 0.9, 0.99]}
        return {"type": "escape", "better": "higher", "stars": [0.7, 0.9, 0.99]}

    def challenge_goals(self) -> list[dict]:
        from game.labs.hopfield.challenge import goals_for
        return goals_for(self)

    def challenge_solution(self) -> dict:
        return {"params": {k: float(v) for k, v in self.values.items()}, "action": "run"}

    def model_state(self) -> dict:
        return self.net.model_state()

    # -------------------------------------------------------------- solution
    def play_solution(self, driver) -> None:
        """Play the level's ``solution`` with real events (winnability test)."""
        sol: schema.Solution = self.level.solution
        for name, value in sol.params.items():
            driver.set_slider(self, name, value)
        if sol.rule is not None:
            for _ in range(len(RULE_ORDER)):
                if self.net.rule == sol.rule:
                    break
                driver.press(self.buttons["rule"])
        if sol.mode is not None and self.net.mode != sol.mode:
            driver.press(self.buttons["mode"])
        if sol.store is not None:
            want = {schema.canonical(n) for n in sol.store}
            for i, name in enumerate(self.net.names):
                if bool(self.net.stored[i]) != (name in want):
                    driver.click(self.thumb_rects[i].center)
        if sol.corrupt:
            driver.press(self.buttons["corrupt"])
        if (sol.paint_on or sol.paint_off) and self.tool != "pen":
            driver.press(self.buttons["tool"])
        for cells, button in ((sol.paint_on, 1), (sol.paint_off, 3)):
            for r, c in cells:
                driver.click(self.cell_centre(r, c), button=button, frames=1)
        if sol.action == "anneal":
            driver.press(self.buttons["anneal"])
        elif sol.action == "run":
            driver.press(self.buttons["run"])
        # let the run finish at the level's speed (bounded: a minute of game time)
        for _ in range(60 * 60):
            if not self.running or self.net.finished():
                break
            driver.frames(1)

    def cell_centre(self, row: int, col: int) -> tuple[int, int]:
        return (self.grid_rect.x + int((col + 0.5) * self.cell), self.grid_rect.y + int((row + 0.5) * self.cell))

    def bench_script(self, driver, i: int) -> None:
        """Scripted input for ``neuroarcade bench``.

        Sandbox: a 32x32 network (N = 1024) animated at one sweep per frame
        while the temperature slider is dragged up and down with the keyboard
        (T > 0 keeps the state moving); whenever a run settles it is corrupted
        and run again.  Levels: the same slider drag on their first slider.
        """
        if i == 0 and self.mode == "sandbox":
            while self.net.shape[0] != 32:
                self.press("size")
            self.values["speed"] = 60.0       # one sweep per 1/60 s frame
            sl = self.panel.get("T")
            if sl is not None:
                self.panel.index = self.panel.sliders.index(sl)
        if not self.running:
            self.press("corrupt")
            self.press("run")
        if self.panel.sliders:
            key = pygame.K_RIGHT if (i // 12) % 2 == 0 else pygame.K_LEFT
            driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
