"""The nonlinear sandbox's extra controls: system picker, presets, equation editor.

Mixed into :class:`~game.labs.nonlinear.view.NonlinearView`; the methods
read and write the view's state. Switching system or typing equations never
runs slow work in the frame: the field is rebuilt (or the equations compiled
once per edit), the analysis is marked dirty and trajectories are rerun by
the worker.
"""

from __future__ import annotations

from game.labs.nonlinear import model
from game.labs.nonlinear.panels import format_param_table
from game.sim import planar

#: Presets per system: (i18n key suffix, parameter values or equations).
PRESETS = {
    "morris_lecar_hopf": [("rest", {"I": 60.0}), ("bistable", {"I": 90.0}), ("firing", {"I": 110.0})],
    "morris_lecar_snic": [("three_eq", {"I": 30.0}), ("slow", {"I": 40.5}), ("firing", {"I": 80.0})],
    "fitzhugh_nagumo": [("excitable", {"I": 0.0, "eps": 0.08}), ("oscillating", {"I": 0.5, "eps": 0.08}),
                        ("relaxation", {"I": 0.5, "eps": 0.02})],
    "van_der_pol": [("harmonic", {"mu": 0.2}), ("standard", {"mu": 1.0}), ("relaxation", {"mu": 6.0})],
    model.CUSTOM: [
        ("pendulum", {"dx": "y", "dy": "-sin(x) - c*y", "params": {"c": 0.3}}),
        ("brusselator", {"dx": "a - (b + 1)*x + x**2*y", "dy": "b*x - x**2*y", "params": {"a": 1.0, "b": 3.0}}),
        ("fhn", model.CUSTOM_DEFAULT),
    ],
}
CUSTOM_PRESET_WINDOWS = {"pendulum": ((-7.0, 7.0), (-3.5, 3.5)), "brusselator": ((-0.5, 4.0), (-0.5, 6.0)),
                         "fhn": model.CUSTOM_WINDOW}


class SandboxControls:
    """System picker, presets and the equation editor (sandbox only)."""

    def apply_preset(self, name: str) -> None:
        preset = dict(PRESETS.get(self.system, []))
        values = preset.get(name)
        if values is None:
            return
        if self.system == model.CUSTOM:
            self.eq_texts = {"dx": values["dx"], "dy": values["dy"], "params": format_param_table(values["params"])}
            self.eq_params = dict(values["params"])
            self.compiled = planar.compile_field(values["dx"], values["dy"], self.eq_params)
            self.params = model.system_params(model.CUSTOM, values)
            self.values = {k: p.default for k, p in self.params.items()}
            self.fixed_values = dict(self.eq_params)
            self.home = CUSTOM_PRESET_WINDOWS.get(name, model.CUSTOM_WINDOW)
            self._restart_system()
            return
        for k, v in values.items():
            sl = self.panel.get(k)
            if sl is not None:
                sl.set(v, notify=False)
                v = sl.value
            self.values[k] = v
        self.on_param(next(iter(values)), 0.0)

    def switch_system(self, system: str) -> None:
        """Sandbox: another built-in system, or the custom equations."""
        self.system = system
        eq = {"params": self.eq_params}
        self.params = model.system_params(system, eq)
        self.values = {k: p.default for k, p in self.params.items()}
        self.fixed_values = dict(self.eq_params) if system == model.CUSTOM else {}
        self.home = model.system_window(system)
        self._restart_system()

    def edit_equations(self, finished: bool = False) -> None:
        """Compile the editor's texts (once per edit) and apply them if they parse."""
        ed = self.editor
        if ed is None:
            return
        self.eq_texts = ed.texts()
        compiled, params = ed.compile()
        if compiled is None:
            return
        self.compiled = compiled
        self.eq_params = params
        self.fixed_values = dict(params)
        new_names = list(params) != list(self.params)
        if new_names:
            self._pending_sliders = True
        else:
            for k, v in params.items():       # the table's values drive the sliders
                sl = self.panel.get(k)
                if sl is not None and sl.value != v:
                    sl.set(v, notify=False)
                self.values[k] = sl.value if sl is not None else v
        if finished and self._pending_sliders:
            self._pending_sliders = False
            self.params = model.system_params(model.CUSTOM, {"params": params})
            self.values = {k: p.default for k, p in self.params.items()}
            if self.scene is not None:
                self.scene.rebuild()
        self._field_cache = None
        self._dirty = True
        self._pending = None                  # a half-done draft of the old equations
        self._changed_at = self.clock
        self._relaunch_due = bool(self.launches)

    def set_param(self, name: str, value: float) -> None:
        super().set_param(name, value)
        if self.system == model.CUSTOM and name in self.eq_params and self.editor is not None:
            # the parameter table follows its sliders once they rest (a text
            # field relayout per drag step would cost the frame)
            self.eq_params[name] = self.values[name]
            self._table_due = True

    def sync_param_table(self) -> None:
        """Write the slider values back into the parameter line of the editor."""
        self._table_due = False
        if self.editor is None:
            return
        text = format_param_table(self.eq_params)
        self.eq_texts["params"] = text
        entry = self.editor.entries["params"]
        if entry.get_text() != text and not entry.is_focused:
            entry.set_text(text)
