"""The gabor lab's view: image, live response, kernel, tuning and a V1 hypercolumn.

Layout (inside the lab rectangle)::

    [ image      ] [ response map ] [ kernel + x' profile ] [ sliders        ]
    [ aux panel  ] [ hypercolumn  ] [ polar tuning        ] [ toggles, notes ]

The aux panel shows the winning orientation per pixel, or the hidden
filter's response (``match_filter``), or the centre cell over time while a
grating drifts (``fixed.drift_hz``). The mouse wheel over the kernel turns θ.

Work per frame: a changed parameter costs one complex FFT pair on the
256 x 256 image (``Engine``). The slow extras (the polar tuning curve, then
the bank's eight orientations) are computed one per frame, only in frames
without such a change, so dragging a slider never stalls; panels are
repainted only when what they show changes (``panels.py``).
"""

from __future__ import annotations

import math

import numpy as np
import pygame
import pygame_gui

from game.labs.legacy import LegacyView as LabView
from game.labs.gabor import draw, goals
from game.labs.gabor.panels import Panels
from game.labs.gabor.model import N_ORIENT, Engine, Filter, envelope_sum, load_picture, make_filter, \
    picture_from_file, picture_from_source, polar_tuning
from game.labs.gabor.schema import GOAL_SOURCE, SOURCE_NAMES, TargetFilter, default_source
from game.sim import gabor
from game.ui import theme
from game.ui.plot import Axes

WHEEL_STEP_DEG = 5.0
#: Sandbox presets: (θ°, λ px, σ px, ψ°, γ).
PRESETS = {
    "edge": (0.0, 12.0, 4.0, 90.0, 0.5),
    "line": (0.0, 12.0, 4.0, 0.0, 0.5),
    "v1": (45.0, 10.0, 5.5, 0.0, 0.5),
    "fine": (90.0, 4.0, 2.25, 0.0, 1.0),
}
PRESET_KEYS = ("theta_deg", "wavelength", "sigma", "phase_deg", "gamma")


class GaborView(Panels, LabView):
    help_keys = (("Wheel", "gabor.help.wheel"), ("M", "gabor.help.mode"), ("I", "gabor.help.image"))

    def __init__(self, level, ctx, mode="campaign", spec=None) -> None:
        super().__init__(level, ctx, mode, spec)
        self.fixed = level.fixed
        self.controls = level.controls
        self.goal = level.goal
        self.picker_on = mode == "sandbox" or self.controls.picker
        picture = load_picture(self.fixed, level.folder, np.random.default_rng(level.seed))
        # a camera picture takes a noticeable fraction of a second to decode: the picker reuses it
        self._file_picture = picture if self.fixed.image is not None else None
        self.engine = Engine(picture, self.fixed.max_kernel)
        self.choices = self._choices(picture)
        self.choice = picture.name
        modes = ["even", "odd", "energy"] + (["pair"] if "phase2_deg" in self.params else [])
        self.modes = tuple(modes)
        goal_resp = getattr(self.goal, "response", None)
        if "response" not in self.fixed.model_fields_set and goal_resp in self.modes:
            self.resp_mode = goal_resp           # show what the goal scores, unless the level says otherwise
        else:
            self.resp_mode = self.fixed.response if self.fixed.response in self.modes else "even"
        self.drift_hz = float(self.fixed.drift_hz)
        self.phi = 0.0
        self.touched = False
        self.now: float | None = None          # score of the current setup
        self.filter: Filter = make_filter(self.values, self.fixed)
        self._dirty = True
        self._q = None
        self._qb = None
        self._scale = 1.0
        self._floor = 0.0
        self._bank_drawn = None
        self._tuning_key = None
        self.curve = np.zeros(0)
        self.fwhm = 180.0
        self._target = None
        self._masks = None
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._mouse = (0, 0)
        self.compact = False
        self._snaps: dict[str, tuple] = {}
        self._veils: dict[tuple, pygame.Surface] = {}
        self._setup_goal()
        self._new_picture_surfaces()

    # ------------------------------------------------------------------ model
    def _choices(self, picture) -> list[str]:
        names = list(SOURCE_NAMES)
        if self.fixed.image is not None:
            names.append(self.fixed.image)
        elif picture.name not in names:
            names.append(picture.name)
        return names

    def _setup_goal(self) -> None:
        """Precompute what the goal needs once: masks, the hidden filter's response."""
        g = self.goal
        pic = self.engine.picture
        self._masks = None
        self._target = None
        if g is None:
            return
        shape = pic.image.shape
        if g.type == "edge_share":
            from game.sim.images import edge_masks
            vert, hori = edge_masks(shape, g.band_px)
            self._masks = {"band": vert if g.edges == "vertical" else hori}
        elif g.type in ("segment_contrast", "bank_accuracy") and pic.mask is not None:
            inner, outer = goals.region_masks(pic.mask, g.exclude_px)
            self._masks = {"inner": inner, "outer": outer, "region": pic.mask}
            if g.type == "bank_accuracy":
                src = pic.source
                t1 = goals.orientation_index(math.radians(src.theta1_deg), N_ORIENT)
                t2 = goals.orientation_index(math.radians(src.theta2_deg), N_ORIENT)
                self._masks["truth"] = np.where(pic.mask, t2, t1)
                self._masks["valid"] = inner | outer
        elif g.type == "match_filter":
            self._target = self._target_response(g.target, g.response)

    def _target_response(self, t: TargetFilter, mode: str) -> np.ndarray:
        vals = {"theta_deg": t.theta_deg, "wavelength": t.wavelength, "sigma": t.sigma,
                "phase_deg": t.phase_deg, "gamma": t.gamma}
        f = make_filter(vals, self.fixed)
        return np.array(self.engine.view(self.engine.quadrature(f), f, mode), dtype=np.float32)

    def on_param(self, name: str, value: float) -> None:
        self._dirty = True
        self.touched = True

    def reset(self) -> None:
        super().reset()
        self.touched = False

    def _recompute(self) -> None:
        """Parameters changed: new filter, new response, new score."""
        self._dirty = False
        f = make_filter(self.values, self.fixed)
        self.filter = f
        self._q = self.engine.quadrature(f)
        self._qb = self.engine.quadrature_drift(f) if self.drift_hz > 0 or self._goal_is("steady_response") \
            else None
        # colour scale: the map's own robust maximum away from the padded border, but
        # never below a tenth of a matched grating's answer, so a silent cell looks dark
        self._floor = 0.05 * envelope_sum(f)
        self._scale = max(draw.robust_max(self._q, margin=0.1), self._floor)
        self.now = self._rounded(self.score())
        if self._goal_is("narrow_tuning") and self.now is not None:
            self.fwhm = self.now
        if self.touched and self.now is not None:
            self.record(self.now)

    @staticmethod
    def _rounded(v: float | None) -> float | None:
        """Scores to 4 decimals: a silent cell scores 0, not 5e-06."""
        return None if v is None or not math.isfinite(v) else round(float(v), 4)

    def _goal_is(self, kind: str) -> bool:
        return self.goal is not None and self.goal.type == kind

    def response(self, mode: str | None = None) -> np.ndarray:
        """The current response map (at drift phase 0) in ``mode``."""
        if self._dirty or self._q is None:
            self._recompute()
        return self.engine.view(self._q, self.filter, mode or self.resp_mode)

    def _scored_image(self) -> bool:
        need = GOAL_SOURCE.get(self.goal.type) if self.goal is not None else None
        return need is None or self.choice == self.engine.picture.name and self.engine.picture.source is not None \
            and self.engine.picture.source.name in need and self.engine.picture.error is None

    # ---------------------------------------------------------------- scoring
    def score(self) -> float | None:
        g = self.goal
        if g is None:
            return None
        if self._dirty or self._q is None:
            self._recompute()
            return self.now
        if not self._scored_image():
            return None
        f = self.filter
        t = g.type
        if t == "edge_share":
            return goals.edge_share(self.engine.view(self._q, f, g.response), self._masks["band"])
        if t == "wavelength_match":
            return goals.matched_fraction(np.abs(self._q), envelope_sum(f), g.region)
        if t == "segment_contrast":
            return goals.region_contrast(self.engine.view(self._q, f, g.response), self._masks["inner"],
                                         self._masks["outer"])
        if t == "match_filter":
            return goals.correlation(self.engine.view(self._q, f, g.response), self._target)
        if t == "steady_response":
            if self._qb is None:
                return None
            sl = gabor.central_region(self._q.shape, g.region)
            # a drifting grating is the same everywhere: every 2nd pixel of the centre suffices
            qa, qb = self._q[sl][::2, ::2], self._qb[sl][::2, ::2]
            out = goals.drift_outputs(qa, qb, g.response, f.phase, f.phase2)
            return goals.steadiness(out, region=1.0)
        if t == "narrow_tuning":
            return goals.tuning_width(f.sigma, f.wavelength, f.gamma, f.size)
        if t == "bank_accuracy":
            if not self.engine.bank_valid_for(f):
                return None
            b = self.engine.bank
            return goals.bank_accuracy(b.winner, self._masks["truth"], self._masks["valid"])
        return None

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        s = scene.s
        # when the wide layout's images would be small (the minimum window, or a large
        # UI scale on a small window) the panels go on a 3 x 2 grid without the profile
        self.compact = self._wide_side(rect, s) < s(190) or rect.height < s(540)
        self.buttons = {}
        if self.compact:
            self._layout_compact(scene, rect)
        else:
            self._layout_wide(scene, rect)
        self._sync_buttons()
        self._layout_surfaces()

    @staticmethod
    def _wide_side(rect: pygame.Rect, s) -> int:
        """Side in px of the images in the wide layout."""
        avail_w = rect.width - 2 * s(12) - s(330) - s(216) - 3 * s(16) - s(12)
        avail_h = rect.height - 2 * s(12) - 2 * s(22) - s(16)
        return int(max(s(64), min(s(256), avail_w // 2, avail_h // 2)))

    def _layout_wide(self, scene, rect: pygame.Rect) -> None:
        """[image][response][kernel, profile] / [aux][hypercolumn][polar] and the controls."""
        s = scene.s
        m, gap, title = s(12), s(16), s(22)
        col_c = s(216)
        D = self._wide_side(rect, s)
        self.D = D
        xa = rect.x + m + s(4)
        y1 = rect.y + m + title
        self.r_image = pygame.Rect(xa, y1, D, D)
        self.r_resp = pygame.Rect(xa + D + gap, y1, D, D)
        y2 = y1 + D + s(16) + title
        D2 = max(s(48), min(D, rect.bottom - m - y2))
        self.r_aux = pygame.Rect(xa, y2, D2, D2)
        self.r_bank = pygame.Rect(self.r_resp.x, y2, D2, D2)
        xc = self.r_resp.right + gap + s(10)
        K = min(col_c, s(176), D)
        self.r_kernel = pygame.Rect(xc + (col_c - K) // 2, y1, K, K)
        prof_y = self.r_kernel.bottom + s(42)     # below the size label and the profile title
        self.profile = Axes(pygame.Rect(xc + s(30), prof_y, col_c - s(34), s(64)), (-1, 1), (-1.15, 1.15))
        py = self.profile.rect.bottom + s(20) + title + s(24)     # room for ticks, title, the 270° label
        radius = max(s(20), min(col_c // 2 - s(30), (rect.bottom - m - s(42) - py) // 2))
        self.polar_c = (xc + col_c // 2, py + radius)
        self.polar_r = radius
        self.polar_labels = True
        self.r_polar_title = (xc, py - s(24) - title)
        xr = xc + col_c + gap + s(10)
        wr = rect.right - m - xr
        self.col = pygame.Rect(xr, rect.y + m, wr, rect.height - 2 * m)
        y = self._layout_controls(scene, xr, rect.y + m, wr, s(30), s(28), labels=True)
        self.info_y = y + s(4)
        # snapshot rectangles of the panels (see panels.py); they must not overlap
        self.p_image = pygame.Rect(self.r_image.x - 2, self.r_image.y - title, D + 4, D + title + 2)
        self.p_resp = pygame.Rect(self.r_resp.x - 2, self.r_resp.y - title, D + 4, D + title + s(16))
        self.p_kernel = pygame.Rect(xc - 2, y1 - title, col_c + 4, self.r_kernel.bottom + s(20) - (y1 - title))
        self.p_profile = pygame.Rect(xc - 2, self.p_kernel.bottom, col_c + 4,
                                     self.profile.rect.bottom + s(18) - self.p_kernel.bottom)
        self.p_polar = pygame.Rect(xc - s(6), self.r_polar_title[1], col_c + s(12),
                                   self.polar_c[1] + radius + s(42) - self.r_polar_title[1])
        self.p_aux = pygame.Rect(self.r_aux.x - 2, y2 - title, D2 + 4, D2 + title + 2)
        self.p_bank = pygame.Rect(self.r_bank.x - s(4), y2 - title, D2 + s(8), D2 + title + s(4))
        self.p_side = pygame.Rect(xr, self.info_y, wr, max(0, rect.bottom - m - self.info_y))

    def _layout_compact(self, scene, rect: pygame.Rect) -> None:
        """[image][response][kernel] / [aux][hypercolumn][polar], slimmer controls, no profile."""
        s = scene.s
        m, gap, title = s(8), s(10), s(22)
        wr = max(s(240), int(rect.width * 0.42))
        xr = rect.right - m - wr
        xa = rect.x + m + s(2)
        avail_w = xr - gap - xa
        avail_h = rect.height - 2 * m - 2 * title - s(14)
        D = int(max(s(40), min(s(256), (avail_w - 2 * gap) // 3, avail_h // 2)))
        self.D = D
        y1 = rect.y + m + title
        y2 = y1 + D + s(14) + title
        self.r_image = pygame.Rect(xa, y1, D, D)
        self.r_resp = pygame.Rect(xa + D + gap, y1, D, D)
        self.r_kernel = pygame.Rect(xa + 2 * (D + gap), y1, D, D)
        self.r_aux = pygame.Rect(xa, y2, D, D)
        self.r_bank = pygame.Rect(self.r_resp.x, y2, D, D)
        self.profile = Axes(pygame.Rect(0, 0, 1, 1), (-1, 1), (-1, 1))
        self.polar_labels = D >= s(150)
        radius = max(s(10), D // 2 - (s(36) if self.polar_labels else s(4)))    # room for "180°"
        self.polar_c = (self.r_kernel.centerx, y2 + D // 2 - (s(8) if self.polar_labels else 0))
        self.polar_r = radius
        self.r_polar_title = (self.r_kernel.x, y2 - title)
        self.col = pygame.Rect(xr, rect.y + m, wr, rect.height - 2 * m)
        y = self._layout_controls(scene, xr, rect.y + m, wr, s(26), s(26), labels=False)
        self.info_y = y + s(2)
        self.p_image = pygame.Rect(xa - 2, y1 - title, D + 4, D + title + 2)
        self.p_resp = pygame.Rect(self.r_resp.x - 2, y1 - title, D + 4, D + title + s(14))
        self.p_kernel = pygame.Rect(self.r_kernel.x - 2, y1 - title, D + 4, D + title + s(14))
        self.p_profile = pygame.Rect(0, 0, 0, 0)
        self.p_polar = pygame.Rect(self.r_kernel.x - 2, y2 - title, D + 4, D + title + 2)
        self.p_aux = pygame.Rect(xa - 2, y2 - title, D + 4, D + title + 2)
        self.p_bank = pygame.Rect(self.r_bank.x - 2, y2 - title, D + 4, D + title + 2)
        self.p_side = pygame.Rect(xr, self.info_y, wr, max(0, rect.bottom - m - self.info_y))

    def _layout_controls(self, scene, x: int, y: int, w: int, row_h: int, bh: int, labels: bool) -> int:
        """Sliders, response buttons, image picker and presets, top-down; returns the y below."""
        s = scene.s
        y = self.add_sliders(scene, pygame.Rect(x, y, w, 0), row_h=row_h) + s(6)
        self.r_modes_label = self.r_picker_label = self.r_preset_label = None
        if self.controls.response_toggle:
            if labels:
                self.r_modes_label = (x, y)
                y += s(20)
            bw = (w - (len(self.modes) - 1) * s(6)) // len(self.modes)
            for i, name in enumerate(self.modes):
                r = pygame.Rect(x + i * (bw + s(6)), y, bw, bh)
                # the compact layout's buttons are narrow: "Odd" rather than "Odd (ψ+90°)"
                self.buttons["mode:" + name] = scene.button(r, f"gabor.mode{'' if labels else '_short'}.{name}")
            y += bh + s(10)
        if self.picker_on and not labels:
            # compact: one button naming the image; pressing it (or I) shows the next one
            self.buttons["image:next"] = scene.button(pygame.Rect(x, y, w, bh), "", text=self._next_label())
            y += bh + s(10)
        elif self.picker_on:
            if labels:
                self.r_picker_label = (x, y)
                y += s(20)
            per = 5 if len(self.choices) > 8 else 4
            bw = (w - (per - 1) * s(6)) // per
            for i, name in enumerate(self.choices):
                r = pygame.Rect(x + (i % per) * (bw + s(6)), y + (i // per) * (bh + s(6)), bw, bh)
                key = f"gabor.source.{name}" if name in SOURCE_NAMES else "gabor.source.png"
                self.buttons["image:" + name] = scene.button(r, key, text=None if name in SOURCE_NAMES
                                                             else self._short(name))
            y += ((len(self.choices) + per - 1) // per) * (bh + s(6)) + s(4)
        if self.mode == "sandbox" and labels:       # presets are a sandbox nicety: dropped when compact
            self.r_preset_label = (x, y)
            y += s(20)
            bw = (w - 3 * s(6)) // 4
            for i, name in enumerate(PRESETS):
                r = pygame.Rect(x + i * (bw + s(6)), y, bw, bh)
                self.buttons["preset:" + name] = scene.button(r, f"gabor.preset.{name}")
            y += bh + s(10)
        return y

    def _next_label(self) -> str:
        name = self.choice
        shown = self.ctx.text(f"gabor.source.{name}") if name in SOURCE_NAMES else self._short(name)
        return self.ctx.text("gabor.info.image_button", name=shown)

    @staticmethod
    def _short(name: str) -> str:
        return name if len(name) <= 14 else name[:12] + "…"

    def _sync_buttons(self) -> None:
        for key, b in self.buttons.items():
            if key.startswith("mode:"):
                (b.select if key == "mode:" + self.resp_mode else b.unselect)()
            elif key.startswith("image:") and key != "image:next":
                (b.select if key == "image:" + self.choice else b.unselect)()

    def _layout_surfaces(self) -> None:
        self._snaps = {}
        self._text_cache = {}         # wrapped and cut text per (text, width): font.size is slow
        self._bank_drawn = None
        self._overlay_scaled = None

    def _new_picture_surfaces(self) -> None:
        h, w = self.engine.picture.image.shape
        self._img_raw = draw.palette_surface((w, h), draw.GREY)
        self._resp_raw = draw.palette_surface((w, h), draw.DIVERGING)
        self._aux_raw = draw.palette_surface((w, h), draw.DIVERGING)
        self._make_overlay()
        pic = self.engine.picture
        if pic.drift is None or self.drift_hz <= 0:
            draw.blit_map(self._img_raw, pic.image, draw.GREY, -1.0, 1.0)
        self._thumbs: list[pygame.Surface | None] = [None] * N_ORIENT
        self._layout_surfaces()

    def _make_overlay(self) -> None:
        """Outline of what the goal scores (edge band, texture region) over the maps."""
        self._overlay = None
        self._overlay_light = None
        self._overlay_scaled = None
        # dark ink on the white-centred diverging map, white on viridis and the winner map
        col = (20, 24, 36) if draw.response_lut(self.resp_mode)[1] else theme.TEXT
        if self._masks is not None and self._scored_image():
            mask = self._masks.get("band", self._masks.get("region"))
            if mask is not None:
                self._overlay = draw.outline(mask, col)
                self._overlay_light = draw.outline(mask, theme.TEXT)

    def _display_rect(self, box: pygame.Rect) -> pygame.Rect:
        """Where the image sits inside ``box`` (aspect kept for PNGs)."""
        h, w = self.engine.picture.image.shape
        k = min(box.width / w, box.height / h)
        r = pygame.Rect(0, 0, max(1, int(w * k)), max(1, int(h * k)))
        r.center = box.center
        return r

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
        elif event.type == pygame.MOUSEWHEEL:
            if self.r_kernel.inflate(self.scene.s(8), self.scene.s(8)).collidepoint(self._mouse):
                return self.rotate(event.y)
        elif event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if event.key == pygame.K_m and self.controls.response_toggle:
                i = self.modes.index(self.resp_mode) if self.resp_mode in self.modes else 0
                self.press("mode:" + self.modes[(i + 1) % len(self.modes)])
                return True
            if event.key == pygame.K_i and self.picker_on:
                if "image:next" in self.buttons:
                    self.press("image:next")
                else:
                    i = self.choices.index(self.choice) if self.choice in self.choices else 0
                    self.press("image:" + self.choices[(i + 1) % len(self.choices)])
                return True
        return False

    def rotate(self, notches: int) -> bool:
        """Mouse wheel over the kernel: turn θ by ``WHEEL_STEP_DEG`` per notch."""
        sl = self.panel.get("theta_deg")
        if sl is None or not self.controls.wheel_rotate or not notches:
            return False
        target = sl.value + WHEEL_STEP_DEG * notches
        lo, hi = sl.param.min, sl.param.max
        # θ and θ + 180° are the same orientation (and θ + 360° the same kernel):
        # a slider that spans a half or whole turn wraps instead of stopping at its end
        span = hi - lo
        period = 360.0 if span >= 360.0 - 1e-9 else 180.0 if span >= 180.0 - 1e-9 else None
        if period is not None:
            while target > hi + 1e-9:
                target -= period
            while target < lo - 1e-9:
                target += period
        sl.set(target)
        return True

    def press(self, key: str) -> None:
        if key.startswith("mode:"):
            name = key.split(":", 1)[1]
            if name in self.modes:
                self.resp_mode = name
                self._make_overlay()
        elif key == "image:next":
            i = self.choices.index(self.choice) if self.choice in self.choices else -1
            self.set_image(self.choices[(i + 1) % len(self.choices)])
            self.buttons[key].set_text(self._next_label())
        elif key.startswith("image:"):
            self.set_image(key.split(":", 1)[1])
        elif key.startswith("preset:"):
            vals = PRESETS[key.split(":", 1)[1]]
            for name, v in zip(PRESET_KEYS, vals):
                sl = self.panel.get(name)
                if sl is not None:
                    sl.set(v, notify=False)
                    self.values[name] = sl.value
            self.on_param("theta_deg", self.values.get("theta_deg", 0.0))
        self._sync_buttons()

    def set_image(self, name: str) -> None:
        """Picker: show another generated source (or the level's picture file)."""
        if name == self.choice or name not in self.choices:
            return
        rng = np.random.default_rng(self.level.seed)
        if name in SOURCE_NAMES:
            src = self.fixed.source_model() if self.fixed.source_model().name == name else default_source(name)
            pic = picture_from_source(src, rng)
        elif self._file_picture is not None and self._file_picture.name == name:
            pic = self._file_picture
        else:
            pic = picture_from_file(self.level.folder, name, rng)
        self.choice = name
        self.engine.set_picture(pic)
        self._setup_goal()
        self._new_picture_surfaces()
        self._dirty = True

    # ------------------------------------------------------------------ frame
    def update(self, dt: float) -> None:
        busy = False
        if self._dirty:
            self._recompute()
            busy = True
        if self.drift_hz > 0 and self._qb is not None:
            self.phi = (self.phi + 2 * math.pi * self.drift_hz * dt) % (2 * math.pi)
        # slow extras, one per frame and only in frames without a new response:
        # first the tuning curve (~1 ms), then the bank one orientation at a time
        if not busy and self.filter.shape_key != self._tuning_key:
            self.update_tuning()
        elif not busy and self._bank_wanted():
            done = self.engine.bank_step(self.filter)
            if done and self._goal_is("bank_accuracy"):
                self.now = self._rounded(self.score())
                if self.touched and self.now is not None:
                    self.record(self.now)

    def update_tuning(self) -> None:
        """The polar tuning curve (and its half-height width) for the current σ, λ, γ."""
        f = self.filter
        self._tuning_key = f.shape_key
        self.curve = polar_tuning(f.sigma, f.wavelength, f.gamma, f.size)
        self.fwhm = self.now if self._goal_is("narrow_tuning") and self.now is not None \
            else draw.fwhm_from_curve(self.curve)

    def _bank_wanted(self) -> bool:
        return not self.engine.bank_valid_for(self.filter)

    # ------------------------------------------------------------------ draw
    def draw(self, surface: pygame.Surface) -> None:
        if self._dirty or self._q is None:
            self._recompute()
        self.draw_panels(surface)
        self.draw_labels(surface)

    def _current_map(self) -> np.ndarray:
        """The shown response map (at the current drift phase)."""
        f = self.filter
        if self.drift_hz > 0 and self._qb is not None:
            q = math.cos(self.phi) * self._q + math.sin(self.phi) * self._qb
            return self.engine.view(q, f, self.resp_mode)
        return self.engine.view(self._q, f, self.resp_mode)

    def notes(self) -> list[tuple[str, dict]]:
        """Note keys (``gabor.note.*``) with their format fields, most important first."""
        out: list[tuple[str, dict]] = []
        pic = self.engine.picture
        if pic.error:
            out.append((f"image_{pic.error}", {"file": pic.detail}))
        for n in pic.notes:
            if n == "image_downscaled" and pic.original_shape:
                h, w = pic.image.shape
                out.append(("image_downscaled", {"w0": pic.original_shape[1], "h0": pic.original_shape[0],
                                                 "w": w, "h": h}))
            elif n == "alpha_composited":
                out.append(("alpha_composited", {}))
        for n in self.filter.notes:
            out.append((n, {"n": self.filter.size}))
        return out

    # ------------------------------------------------------------ files/soak
    def tour_steps(self):
        """First-level tour: kernel, image, response, sliders."""
        steps = []
        for attr, key in (("r_kernel", "gabor.tour.kernel"), ("r_image", "gabor.tour.image"),
                          ("r_resp", "gabor.tour.response")):
            if getattr(self, attr, None) is not None:
                steps.append((lambda a=attr: getattr(self, a), key))
        if self.panel.sliders:
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "gabor.tour.sliders"))
        return steps

    def caption(self) -> str:
        f = self.filter
        return (f"{self.level.id}: θ = {math.degrees(f.theta):.1f}°, λ = {f.wavelength:.3g} px, "
                f"σ = {f.sigma:.3g} px, ψ = {math.degrees(f.phase):.0f}°, γ = {f.gamma:.3g}, "
                f"{self._picture_name()}, {self.ctx.text('gabor.mode.' + self.resp_mode)}")

    def challenge_setup(self) -> dict:
        data = super().challenge_setup()
        pic = self.engine.picture
        src = pic.source if pic.source is not None and pic.error is None else default_source()
        fixed = {"source": src.model_dump(exclude_none=True)}
        if self.fixed.max_kernel != self.spec.fixed().max_kernel:
            fixed["max_kernel"] = self.fixed.max_kernel
        # the student starts from the sandbox's first values, not from the answer
        for name, p in data["params"].items():
            p["default"] = self.params[name].default
        data["fixed"] = fixed
        return data

    def default_goal(self) -> dict:
        """Saved challenge: find the filter the instructor set up (by its response map)."""
        f = self.filter
        target = {"theta_deg": round(math.degrees(f.theta), 3), "wavelength": max(2.0, round(f.wavelength, 3)),
                  "sigma": min(32.0, round(f.sigma, 3)), "phase_deg": round(math.degrees(f.phase), 3),
                  "gamma": round(f.gamma, 3)}
        return {"type": "match_filter", "target": target, "response": "even" if self.resp_mode == "pair"
                else self.resp_mode, "better": "higher", "stars": [0.7, 0.9, 0.97]}

    def challenge_goals(self) -> list[dict]:
        from game.labs.gabor.challenge import goals_for
        return goals_for(self)

    def challenge_solution(self) -> dict:
        return {"params": {k: float(v) for k, v in self.values.items()}}

    def model_state(self) -> dict:
        if self._dirty or self._q is None:
            self._recompute()
        out = {"response": self._current_map(), "kernel": self.filter.kernel(), "tuning": np.asarray(self.curve),
               "image": self.engine.picture.image}
        if self.engine.bank.energies is not None:
            out["bank"] = self.engine.bank.energies
        return out

    # -------------------------------------------------------------- solution
    def play_solution(self, driver) -> None:
        """Play the level's ``solution`` with real events (winnability test)."""
        sol = self.level.solution
        if sol.wheel:
            step = 1 if sol.wheel > 0 else -1
            for _ in range(abs(sol.wheel)):
                driver.wheel(self.r_kernel.center, step)
        for name, value in sol.params.items():
            driver.set_slider(self, name, value)
        if sol.response is not None and "mode:" + sol.response in self.buttons:
            driver.press(self.buttons["mode:" + sol.response])
        driver.frames(N_ORIENT + 2)      # let the bank finish (bank goals score then)

    def bench_script(self, driver, i: int) -> None:
        """One frame of scripted input for ``neuroarcade bench``: drag sliders."""
        names = [sl.name for sl in self.panel.sliders]
        if not names:
            return
        if i % 60 == 0:
            # θ first, then σ (which also recomputes the tuning curve and the bank)
            order = [n for n in ("theta_deg", "sigma", "wavelength") if n in names] or names
            name = order[(i // 60) % len(order)]
            driver.post(pygame.KEYDOWN, key=pygame.K_1 + names.index(name), mod=0, unicode="", scancode=0)
            return
        key = pygame.K_RIGHT if (i // 30) % 2 == 0 else pygame.K_LEFT
        driver.post(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
