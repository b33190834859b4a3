"""The hopfield lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle), three columns:

* left: the grid (left-drag paints on, right-drag erases; the occluder tool
  blanks a block), under it Run/Pause, Step sweep, Step one neuron,
  Corrupt, tool, Restore, Anneal, Sync/Async, Rule;
* middle: the state badge (recalled / inverse / spurious), the energy after
  every update, overlap bars with each stored pattern, the load meter P/N
  against the 0.138 capacity line;
* right: the gallery of candidate patterns (click to store or forget,
  right-click to put one on the grid), the sliders, the weight matrix with
  the weights into the highlighted unit, and the annealing schedule.

The grid and the gallery are the shared widgets of
:mod:`game.labs.common.grid`. The network, its runs and its scores are the
model's (:mod:`game.labs.hopfield.model`); drawing is in ``render.py``. The
view checks what the level's controls allow and says so when they do not.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.base import LabView
from game.labs.common.grid import Gallery, PaintGrid
from game.labs.common.scope import plan_rows
from game.labs.hopfield.gallery import MAX_PATTERNS
from game.labs.hopfield.sandbox import SIZES
from game.labs.hopfield.render import Renderer
from game.ui import theme
from game.ui.plot import Axes

#: Keys of the lab (without Ctrl or Alt) and the button each one presses.
KEYS = {pygame.K_SPACE: "run", pygame.K_s: "sweep", pygame.K_n: "neuron", pygame.K_c: "corrupt",
        pygame.K_a: "anneal", pygame.K_m: "mode", pygame.K_r: "restore", pygame.K_o: "tool"}
#: The sliders in the order they are stacked.
SLIDERS = ("noise_pct", "T", "speed", "anneal_T0", "anneal_sweeps")


class HopfieldView(LabView):
    help_keys = (("Space", "hopfield.help.run"), ("S", "hopfield.help.sweep"), ("N", "hopfield.help.neuron"),
                 ("C", "hopfield.help.corrupt"), ("A", "hopfield.help.anneal"), ("M", "hopfield.help.mode"),
                 ("R", "hopfield.help.restore"), ("O", "hopfield.help.tool"),
                 ("Drag", "hopfield.help.paint"), ("Right-drag", "hopfield.help.erase"),
                 ("Click", "hopfield.help.store"), ("Right-click", "hopfield.help.load"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.tool = "pen"
        self.k = 1.0                       # this lab's own scale (see layout)
        self.grid = PaintGrid(model.shape, self._begin_stroke, self._paint)
        self.gallery = Gallery(self._pick)
        self.actions = {
            "run": self._run, "sweep": self._sweep, "neuron": self._neuron, "corrupt": self._corrupt,
            "tool": self._tool, "restore": self._restore, "anneal": self._anneal, "mode": self._mode,
            "rule": self._rule, "size": model.next_size, "set": model.toggle_set,
            "mixture": model.plant_mixture, "store_all": lambda: model.store_all(True),
            "store_none": lambda: model.store_all(False),
        }
        self._seen = (model.net_version, model.outcome)
        self._captions: tuple | None = None     # what the button captions last showed
        self.renderer = Renderer(self)

    def s(self, px: float) -> int:
        """A length at UI scale 1 in px, at this lab's effective scale."""
        return round(px * self.ctx.scale * self.k)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        # The design needs about 1256 x 604 px at UI scale 1; when a small window asks
        # for a large UI scale, shrink this lab's own drawing so nothing overlaps.
        scale = self.ctx.scale
        self.k = max(0.4, min(1.0, rect.width / (1256 * scale), rect.height / (604 * scale)))
        s = self.s
        m = s(12)
        left_w = int(rect.width * 0.335)
        right_w = int(rect.width * 0.325)
        # pygame_gui widgets keep the global font size: never make them shorter than it
        btn_h, gap = max(s(30), self.ctx.fonts.get(theme.BASE_FONT).get_linesize() + 4), s(6)
        # add_sliders takes s(4) off each row for its gap: the label still needs a whole line
        row_h = max(s(28), self.ctx.fonts.get(theme.SMALL_FONT).get_linesize() + 4 + s(4))
        keys = self._button_keys()
        rows = max(1, math.ceil(len(keys) / 3))
        side = min(left_w - 2 * m, rect.height - 2 * m - rows * (btn_h + gap) - s(26))
        self.grid.place(pygame.Rect(rect.x + m + (left_w - 2 * m - side) // 2, rect.y + m, side, side),
                        self.model.shape)
        bw = (left_w - 2 * m - 2 * gap) // 3
        y = self.grid.box.bottom + s(26)
        for i, key in enumerate(keys):
            r = pygame.Rect(rect.x + m + (i % 3) * (bw + gap), y + (i // 3) * (btn_h + gap), bw, btn_h)
            self.add_button(key, r, self._button_text_key(key))
        self.hint_y = y + rows * (btn_h + gap) + s(4)
        self._layout_middle(rect, left_w, right_w)
        self._layout_right(scene, rect, right_w, btn_h, gap, row_h)
        self._captions = None                # new buttons: set every caption
        self._sync_buttons()

    def _layout_middle(self, rect: pygame.Rect, left_w: int, right_w: int) -> None:
        """Badge, energy plot, overlap bars and load meter, stacked to fill the middle column."""
        s = self.s
        m = s(12)
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

    def _layout_right(self, scene, rect: pygame.Rect, right_w: int, btn_h: int, gap: int, row_h: int) -> None:
        """Gallery, sliders, sandbox buttons, then the weight matrix and the schedule in what is left."""
        s = self.s
        m = s(12)
        rx = rect.right - right_w - m + s(8)
        rw = right_w - s(8)
        self.right = pygame.Rect(rx, rect.y + m, rw, rect.height - 2 * m)
        y = self.gallery.place(rx, rect.y + m + s(22), rw, len(self.model.names), MAX_PATTERNS // 2, s(6), s(22),
                               (s(16), s(52))) + s(4)
        y = self.add_sliders(scene, pygame.Rect(rx, y, rw, 0), [n for n in SLIDERS if n in self.params], row_h=row_h)
        bottom = self._place_sandbox_buttons(rx, rw, rect.bottom - m, btn_h, gap)
        top = y + s(24)
        self.show_schedule = self.model.controls.anneal or "T" in self.params
        side = max(s(40), min(bottom - top - s(14), int(rw * (0.36 if self.show_schedule else 0.55))))
        self.matrix_rect = pygame.Rect(rx, top, side, side)
        self.field_rect = pygame.Rect(self.matrix_rect.right + s(10), top, side // 2, side // 2)
        sx = self.matrix_rect.right + s(10) + side // 2 + s(40)
        self.sched_ax = Axes(pygame.Rect(sx, top, max(s(40), rect.right - m - sx), max(s(30), side - s(18))),
                             (0, 1), (0, 1))
        self.room_for_matrix = side >= s(90) and bottom - top >= s(90)

    def _place_sandbox_buttons(self, x: int, width: int, bottom: int, btn_h: int, gap: int) -> int:
        """The sandbox's grid, set and store buttons in as many rows as their widest caption needs
        (every caption a button can show, so a click never reflows the panel); returns the new bottom."""
        extra = self._sandbox_keys()
        if not extra:
            return bottom
        text = self.ctx.text
        captions = [text("hopfield.btn.size", h=max(SIZES), w=max(SIZES)), text("hopfield.btn.set_random"),
                    text("hopfield.btn.set_glyphs"), text("hopfield.btn.store_all"), text("hopfield.btn.store_none")]
        rows, per = plan_rows(captions, width, self.ctx.fonts.get(theme.BASE_FONT), pad=self.s(20), gap=gap)
        bw = (width - (per - 1) * gap) // per
        top = bottom - rows * btn_h - (rows - 1) * gap
        for i, key in enumerate(extra):
            r, c = divmod(i, per)
            self.add_button(key, pygame.Rect(x + c * (bw + gap), top + r * (btn_h + gap), bw, btn_h),
                            self._button_text_key(key))
        return top - gap

    def _button_keys(self) -> list[str]:
        c = self.model.controls
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
        if self.mode.sandbox:
            keys.append("mixture")
        return keys

    def _sandbox_keys(self) -> list[str]:
        return ["size", "set", "store_all", "store_none"] if self.mode.sandbox else []

    def _button_text_key(self, key: str) -> str:
        m = self.model
        names = {"run": "hopfield.btn.pause" if m.running else "hopfield.btn.run",
                 "tool": f"hopfield.btn.tool_{self.tool}", "mode": f"hopfield.btn.mode_{m.update_mode}",
                 "rule": f"hopfield.rule.{m.rule}",
                 "set": "hopfield.btn.set_glyphs" if m.random_set else "hopfield.btn.set_random"}
        return names.get(key, f"hopfield.btn.{key}")

    def _sync_buttons(self) -> None:
        """Button captions follow the model (Run/Pause, tool, mode, rule, set, size)."""
        m = self.model
        state = (m.running, self.tool, m.update_mode, m.rule, m.random_set, m.shape, self.ctx.text.lang)
        if state == self._captions:
            return
        self._captions = state
        for key, b in self.buttons.items():
            if key == "size":
                h, w = self.model.shape
                text = self.ctx.text("hopfield.btn.size", h=h, w=w)
            else:
                text = self.ctx.text(self._button_text_key(key))
            if b.text != text:
                b.set_text(text)

    def _new_network(self) -> None:
        """The model built a new gallery (size, set, reset): fit the grid to its shape again."""
        self._seen = (self.model.net_version, self._seen[1])
        self.grid.place(self.grid.box, self.model.shape)
        self._set_tool(self.tool)
        if len(self.gallery.rects) != len(self.model.names) and self.scene is not None:
            self.scene.rebuild()

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if self.gallery.handle(event) or self.grid.handle(event):
            self._after_model()
            return True
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            key = KEYS.get(event.key)
            if key is not None:
                self.press(key)
                return True
        return False

    def press(self, key: str) -> None:
        action = self.actions.get(key)
        if action is not None:
            action()
        self._after_model()

    def _run(self) -> None:
        self.model.toggle_run()

    def _sweep(self) -> None:
        if self.model.controls.step:
            self.model.step_sweep()

    def _neuron(self) -> None:
        if self.model.controls.step:
            self.model.step_unit()

    def _corrupt(self) -> None:
        if not self.model.controls.corrupt:
            self.model.say("hopfield.note.corrupt_locked")
            return
        self.model.stop()
        self.model.corrupt()

    def _tool(self) -> None:
        if self.model.controls.corrupt:
            self._set_tool("occluder" if self.tool == "pen" else "pen")

    def _set_tool(self, tool: str) -> None:
        self.tool = tool
        self.grid.brush = self.brush() if tool == "occluder" else 1

    def brush(self) -> int:
        """Side of the occluder's square brush, in cells (about a fifth of the grid)."""
        return max(2, self.model.shape[0] // 5)

    def _restore(self) -> None:
        self.model.stop()
        self.model.restore()

    def _anneal(self) -> None:
        if self.model.controls.anneal:
            self.model.anneal()

    def _mode(self) -> None:
        if self.model.controls.mode:
            self.model.toggle_update_mode()

    def _rule(self) -> None:
        if self.model.controls.rule:
            self.model.cycle_rule()

    # grid and gallery ------------------------------------------------------
    def _begin_stroke(self, button: int) -> float | None:
        """A press on the grid: the occluder blanks (-1), the pen paints (+1) or erases (-1)."""
        c = self.model.controls
        if self.tool == "occluder" and c.corrupt:
            value = -1.0
        elif c.paint:
            value = 1.0 if button == 1 else -1.0
        else:
            self.model.say("hopfield.note.paint_locked")
            return None
        self.model.stop()
        return value

    def _paint(self, mask: np.ndarray, value: float) -> None:
        if self.tool == "occluder":
            self.model.occlude(mask)
        else:
            self.model.paint(np.flatnonzero(mask), value)

    def _pick(self, i: int, button: int) -> None:
        """Left click stores or forgets a pattern, right click puts it on the grid."""
        c = self.model.controls
        if button == 1:
            if not c.store:
                self.model.say("hopfield.note.store_locked")
                return
            self.model.stop()
            self.model.toggle_stored(i)
        else:
            if not c.load:
                self.model.say("hopfield.note.load_locked")
                return
            self.model.stop()
            self.model.show_pattern(i)

    # ---------------------------------------------------------------- frame
    def update(self, dt: float) -> None:
        self.model.step(dt)
        self._after_model()

    def _after_model(self) -> None:
        """Follow the model: a new gallery re-lays the lab out, an ended run may chime, captions."""
        m = self.model
        if m.net_version != self._seen[0]:
            self._new_network()
        if m.outcome is not self._seen[1]:
            self._seen = (self._seen[0], m.outcome)
            if m.outcome is not None and m.outcome.kind == "cycle":
                self.ctx.sound.play("star")
        self._sync_buttons()

    def animating(self) -> bool:
        """A run advances, a note counts down, or a stroke is under way."""
        return self.model.running or self.model.note is not None or self.grid.stroking

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    def reset(self) -> None:
        """Ctrl+R: the level as it opened (the sandbox's default gallery)."""
        super().reset()
        self._set_tool("pen")
        self._after_model()

    # ------------------------------------------------------------ extras
    def tour_steps(self):
        steps = [(lambda: self.grid.rect, "hopfield.tour.grid"),
                 (lambda: self.buttons["run"].rect.unionall([b.rect for b in self.buttons.values()]),
                  "hopfield.tour.buttons"),
                 (lambda: self.energy_ax.rect, "hopfield.tour.energy"),
                 (lambda: self.overlap_rect, "hopfield.tour.overlap")]
        if self.gallery.rects:
            steps.append((lambda: self.gallery.bounds().inflate(self.s(8), self.s(8)), "hopfield.tour.gallery"))
        return steps

    def caption(self) -> str:
        m = self.model
        stored = ", ".join(m.names[i] for i in m.stored_idx) or "-"
        return (f"{self.level.id}: {m.shape[0]}x{m.shape[1]}, {m.rule}, {m.update_mode}, "
                f"stored {stored}, T = {m.current_temperature():.2f}")
