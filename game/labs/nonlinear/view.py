"""The nonlinear lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle): the phase plane on the left with a
nullcline legend in its corner; on the right, top-down, the system picker
(sandbox), the system and its equilibria named in words, then either the
bifurcation panel (Morris–Lecar), the equation editor (custom system,
sandbox) or the Jacobian to judge (quiz), then the sliders, the buttons and
the legend. The column is budgeted: panels shrink or hide before anything
overlaps at a large UI scale.

Interaction as in the linear lab: left click launches a trajectory forward
(solid) and backward (dashed), the wheel zooms, a right-drag pans, V
returns to the level's window, C clears, Space kicks (excitability levels).
The model computes (``model.py``); drawing is in ``render.py``; the two
widgets (I-sweep panel, equation editor) in ``widgets.py``.

The model's thread lanes compute between frames: a frame begins (events or
``update``) with ``jobs.frame_begin`` and ends, once drawn, when the play
scene draws the slider focus (:class:`FramePanel`).
"""

from __future__ import annotations

import math

import pygame
import pygame_gui

from game.labs.base import LabView
from game.labs.common.plane import Navigator
from game.labs.nonlinear import sandbox, systems
from game.labs.nonlinear.analysis import QUIZ_KINDS
from game.labs.nonlinear.render import Renderer
from game.labs.nonlinear.systems import CUSTOM, format_param_table
from game.labs.nonlinear.widgets import BifurcationPanel, EquationEditor
from game.ui.plot import Axes
from game.ui.widgets import SliderPanel


class FramePanel(SliderPanel):
    """The slider panel, whose focus outline is the last thing a frame draws.

    ``PlayScene.draw_over`` calls ``draw_focus`` after the GUI is drawn, so
    this is where the view tells the model's thread lanes that the frame is done.
    """

    def __init__(self, on_frame_end) -> None:
        super().__init__()
        self.on_frame_end = on_frame_end

    def draw_focus(self, surface, ctx) -> None:
        super().draw_focus(surface, ctx)
        self.on_frame_end()


class NonlinearView(LabView):
    help_keys = (("Click", "nonlinear.help.click"), ("Wheel", "phaseplane.help.zoom"),
                 ("Right-drag", "phaseplane.help.pan"), ("V", "phaseplane.help.view"),
                 ("C", "phaseplane.help.clear"), ("Space", "nonlinear.help.kick"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.params = dict(model.params)
        win = model.window
        self.plane = Axes(pygame.Rect(0, 0, 100, 100), win.xlim, win.ylim)
        self.nav = Navigator(win, lambda: self.plane, model.window_changed)
        self.col = pygame.Rect(0, 0, 1, 1)
        self.mid = pygame.Rect(0, 0, 0, 0)
        self.info_top = 0
        self.eq_rows = 1
        self.legend_top = 0
        self.show_presets = False
        self.drop = None
        self.editor: EquationEditor | None = None
        self.panel_bif: BifurcationPanel | None = None
        self._pending_sliders = False         # the equations name a parameter that has no slider yet
        self._table_due = False               # the editor's parameter line follows the sliders at rest
        self.renderer = Renderer(self)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        """Plane left; right column budgeted top-down (see the module docstring)."""
        s = scene.s
        self.panel = FramePanel(self.model.jobs.frame_end)
        m = s(12)
        win = self.model.window
        side = min(rect.height - m - s(34), int(rect.width * 0.5))
        self.plane = Axes(pygame.Rect(rect.x + s(58), rect.y + m, side, side), win.xlim, win.ylim)
        x0 = self.plane.rect.right + s(36)
        self.col = pygame.Rect(x0, rect.y + m, rect.right - m - x0, rect.height - 2 * m)
        self.drop = None
        self.editor = None
        self.panel_bif = None
        y = self._layout_picker(scene, self.col.y)
        y = self._layout_middle(scene, y)
        y = self.add_sliders(scene, pygame.Rect(x0, y, self.col.width, 0), list(self.params)) + s(6)
        y = self._layout_buttons(y)
        self.legend_top = y + s(10)
        self.renderer.forget()

    def _layout_picker(self, scene, y: int) -> int:
        """The system picker of the sandbox; returns the y below it."""
        if not self.mode.sandbox:
            return y
        s = scene.s
        names = [(self.ctx.text(f"nonlinear.system.{n}"), n) for n in systems.ALL_SYSTEMS]
        current = next(o for o in names if o[1] == self.model.system)
        self.drop = scene.add(pygame_gui.elements.UIDropDownMenu(
            names, current, pygame.Rect(self.col.x, y, min(self.col.width, s(360)), s(30)), manager=self.ctx.ui))
        return y + s(38)

    def _info_h(self, rows: int) -> int:
        s = self.ctx.s
        return s(92) if self.model.quiz else s(44) + (rows + 2) * s(19) + s(8)

    def _layout_middle(self, scene, y: int) -> int:
        """The info block, then the quiz's Jacobian, the equation editor or the I-sweep panel."""
        s = scene.s
        quiz = bool(self.model.quiz)
        row_h = s(36)
        custom_editor = self.mode.sandbox and self.model.system == CUSTOM and not quiz
        mid_need = s(120) if quiz else (EquationEditor.height_for(s) if custom_editor else 0)
        bottom_h = len(self.params) * s(30) + s(6) + (2 if quiz else 1) * row_h
        free = self.col.bottom - y - mid_need - bottom_h
        self.show_presets = self.mode.sandbox and not quiz
        if self.show_presets and free - row_h < self._info_h(1):
            self.show_presets = False             # a small window: presets go first
        if self.show_presets:
            free -= row_h
        want_bif = self.model.wants_bifurcation()
        self.eq_rows = next((r for r in (3, 2) if free - self._info_h(r) >= (s(150) if want_bif else 0)), 1)
        self.info_top = y
        y += self._info_h(self.eq_rows)
        free -= self._info_h(self.eq_rows)
        self.mid = pygame.Rect(self.col.x, y, self.col.width, 0)
        if quiz:
            self.mid.height = mid_need if free >= 0 else 0
        elif custom_editor:
            self.editor = EquationEditor(scene, self.ctx, pygame.Rect(self.col.x, y, self.col.width, 0),
                                         self.model.eq_texts)
            self.editor.compile()
            self.mid.height = self.editor.height
        elif want_bif and free >= s(120):
            self.mid.height = min(s(190), free - s(10))
            I = self.params["I"]
            self.panel_bif = BifurcationPanel(scene, self.ctx, self.mid.copy(), (I.min, I.max),
                                              self.model.window.home[0])
            self.model.request_sweep()
        return y + self.mid.height + (s(10) if self.mid.height else 0)

    def _layout_buttons(self, y: int) -> int:
        """Quiz answers and Next, or Clear / Kick! / Lock in I and the presets; returns the y below."""
        s = self.ctx.s
        x0, w = self.col.x, self.col.width
        bh = s(30)
        bw = (w - 2 * s(8)) // 3
        m = self.model
        if m.quiz:
            for i, kind in enumerate(QUIZ_KINDS):
                self.add_button("quiz:" + kind, pygame.Rect(x0 + (i % 3) * (bw + s(8)), y + (i // 3) * (bh + s(6)),
                                                            bw, bh), f"phaseplane.kind.{kind}")
            self.add_button("next", pygame.Rect(x0 + 2 * (bw + s(8)), y + bh + s(6), bw, bh), "nonlinear.next")
            self._sync_buttons()
            return y + 2 * (bh + s(6))
        row = ["clear"] + (["kick"] if m.controls.start == "kick" else []) + \
            (["lock"] if m.tries_left() is not None else [])
        for i, name in enumerate(row):
            self.add_button(name, pygame.Rect(x0 + i * (bw + s(8)), y, bw, bh), f"nonlinear.{name}")
        y += bh + s(6)
        if self.show_presets:
            for i, (key, _) in enumerate(sandbox.PRESETS.get(m.system, [])):
                self.add_button("preset:" + key, pygame.Rect(x0 + i * (bw + s(8)), y, bw, bh),
                                f"nonlinear.preset.{key}")
            y += bh + s(6)
        self._sync_buttons()
        return y

    def _sync_buttons(self) -> None:
        """Buttons enabled as the model allows: Lock in I while tries are left, quiz answers until revealed."""
        m = self.model
        lock = self.buttons.get("lock")
        if lock is not None:
            lock.enable() if m.tries_left() else lock.disable()
        for k, b in self.buttons.items():
            if k.startswith("quiz:"):
                b.disable() if m.revealed else b.enable()
        nb = self.buttons.get("next")
        if nb is not None:
            nb.enable() if m.can_go_on() else nb.disable()

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        self.model.jobs.frame_begin()
        if self.dispatch_button(event):
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and self.drop is not None \
                and event.ui_element is self.drop:
            choice = getattr(event, "selected_option_id", None)
            if choice in systems.ALL_SYSTEMS and choice != self.model.system:
                self.switch_system(choice)
            return True
        if self.editor is not None and self._handle_editor(event):
            return True
        if self.panel.handle(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.plane.contains(event.pos):
            start = self.model.controls.start
            if start == "click" and not self.model.hidden():
                x, y = self.plane.to_model(*event.pos)
                self.model.launch((float(x), float(y)))
            elif start == "kick":
                self.model.kick()
            return True
        if self.nav.handle(event):
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_c:
                self.press("clear")
                return True
            if event.key == pygame.K_SPACE and self.model.controls.start == "kick":
                self.model.kick()
                return True
        return False

    def _handle_editor(self, event) -> bool:
        ed = self.editor
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and ed.owns(event.ui_element):
            self.edit_equations()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and ed.owns(event.ui_element):
            self.edit_equations(finished=True)
            return True
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT) and ed.focused():
            return True       # typing must not clear, zoom or step sliders
        if event.type == pygame.MOUSEBUTTONDOWN and self._pending_sliders and not ed.focused():
            self.edit_equations(finished=True)
        return False

    def press(self, key: str) -> None:
        m = self.model
        if key == "clear":
            m.clear()
        elif key == "kick":
            m.kick()
        elif key == "lock":
            m.lock_in()
        elif key == "next":
            m.next_item()
        elif key.startswith("quiz:"):
            right = m.answer(key.split(":", 1)[1])
            if right is not None:
                self.ctx.sound.play("star" if right else "error")
        elif key.startswith("preset:"):
            self.apply_preset(key.split(":", 1)[1])
        self._sync_buttons()

    # ---------------------------------------------------------------- sandbox
    def switch_system(self, system: str) -> None:
        """Sandbox: another built-in system, or the custom equations (new sliders, new layout)."""
        self.params = self.model.switch_system(system)
        self._rebuild()

    def apply_preset(self, name: str) -> None:
        values = sandbox.preset(self.model.system, name)
        if values is None:
            return
        if self.model.system == CUSTOM:
            self.params = self.model.load_equations(values["dx"], values["dy"], values["params"],
                                                    sandbox.CUSTOM_PRESET_WINDOWS.get(name))
            self._rebuild()
            return
        for k, v in values.items():
            self.set_slider(k, v)

    def edit_equations(self, finished: bool = False) -> None:
        """Compile the editor's texts (once per edit) and give them to the model if they parse."""
        ed = self.editor
        if ed is None:
            return
        compiled, params = ed.compile()
        if compiled is None:
            return
        if self.model.use_equations(ed.texts(), compiled, params):
            self._pending_sliders = True
        else:
            for k, v in params.items():       # the table's values drive the sliders
                sl = self.panel.get(k)
                if sl is not None and sl.value != v:
                    sl.set(v, notify=False)
                    self.model.values.set(k, sl.value)
        if finished and self._pending_sliders:
            self._pending_sliders = False
            self.params = self.model.adopt_equation_sliders()
            self._rebuild()

    def on_param(self, name: str, value: float) -> None:
        if self.editor is not None and name in self.model.eq_params:
            # the parameter line follows its sliders once they rest (a text field
            # relayout per drag step would cost the frame)
            self._table_due = True

    def sync_param_table(self) -> None:
        """Write the slider values back into the parameter line of the editor."""
        self._table_due = False
        if self.editor is None:
            return
        text = format_param_table(self.model.eq_params)
        self.model.eq_texts["params"] = text
        entry = self.editor.entries["params"]
        if entry.get_text() != text and not entry.is_focused:
            entry.set_text(text)

    def _rebuild(self) -> None:
        if self.scene is not None:
            self.scene.rebuild()

    def reset(self) -> None:
        self.params = dict(self.model.params)
        super().reset()
        if self.scene is not None:
            self.plane.set_limits(self.model.window.xlim, self.model.window.ylim)
        self._sync_buttons()

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        m = self.model
        m.jobs.frame_begin()
        m.step(dt)
        if (self.plane.xlim, self.plane.ylim) != (m.window.xlim, m.window.ylim):
            self.plane.set_limits(m.window.xlim, m.window.ylim)     # a quiz item or a system brought its window
        if self._table_due and not m.drafting():
            self.sync_param_table()
        if self.panel_bif is not None:
            self.panel_bif.set_progress(m.sweep_progress())
        self._sync_buttons()

    def animating(self) -> bool:
        """Moving points, work in progress, or a drag of the view."""
        m = self.model
        return bool(m.launches) or m.busy() or self.nav.dragging or m.drafting()

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    def tour_steps(self):
        """First-level tour: the plane with its nullclines, then the sliders."""
        steps = [(lambda: self.plane.rect, "nonlinear.tour.plane")]
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "nonlinear.tour.sliders"))
        return steps

    def caption(self) -> str:
        vals = ", ".join(f"{k} = {v:g}" for k, v in self.model.field_values().items() if math.isfinite(v))
        name = self.ctx.text(f"nonlinear.system.{self.model.system}")
        return f"{self.level.id}: {name}" + (f", {vals}" if vals else "")
