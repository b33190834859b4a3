"""The gabor lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle)::

    [ image      ] [ response map ] [ kernel + x' profile ] [ sliders        ]
    [ aux panel  ] [ hypercolumn  ] [ polar tuning        ] [ toggles, notes ]

The aux panel shows the winning orientation per pixel, or the hidden
filter's response (``match_filter``), or the centre cell over time while a
grating drifts (``fixed.drift_hz``). On a small window (or a large UI scale)
the panels go on a 3 x 2 grid without the profile, with slimmer controls.
The mouse wheel over the kernel turns θ; M cycles the response map, I the
image. The science is the model's (``model.py``), the drawing ``render.py``'s.
"""

from __future__ import annotations

import math

import pygame

from game.labs.base import LabView
from game.labs.gabor import sandbox
from game.labs.gabor.render import Renderer
from game.labs.gabor.schema import SOURCE_NAMES
from game.ui.plot import Axes


class GaborView(LabView):
    help_keys = (("Wheel", "gabor.help.wheel"), ("M", "gabor.help.mode"), ("I", "gabor.help.image"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.mouse = (0, 0)
        self.compact = False
        self.D = 1
        self.r_modes_label = self.r_picker_label = self.r_preset_label = None
        self.renderer = Renderer(self)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        s = scene.s
        # when the wide layout's images would be small (the minimum window, or a large
        # UI scale on a small window) the panels go on a 3 x 2 grid without the profile
        self.compact = self._wide_side(rect, s) < s(190) or rect.height < s(540)
        if self.compact:
            self._layout_compact(scene, rect)
        else:
            self._layout_wide(scene, rect)
        self._sync_buttons()
        self.renderer.layout_changed()

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
        D = self.D = self._wide_side(rect, s)
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
        py = self.profile.rect.bottom + s(20) + title + s(24)     # room for ticks, title, the 90° label
        radius = max(s(20), min(col_c // 2 - s(30), (rect.bottom - m - s(42) - py) // 2))
        self.polar_c = (xc + col_c // 2, py + radius)
        self.polar_r = radius
        self.polar_labels = True
        self.r_polar_title = (xc, py - s(24) - title)
        xr = xc + col_c + gap + s(10)
        wr = rect.right - m - xr
        self.col = pygame.Rect(xr, rect.y + m, wr, rect.height - 2 * m)
        self.info_y = self._layout_controls(scene, xr, rect.y + m, wr, s(30), s(28), labels=True) + s(4)
        # snapshot rectangles of the panels (see render.py); they must not overlap
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
        D = self.D = int(max(s(40), min(s(256), (avail_w - 2 * gap) // 3, avail_h // 2)))
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
        self.polar_c = (self.r_kernel.centerx, y2 + D // 2 + (s(8) if self.polar_labels else 0))
        self.polar_r = radius
        self.r_polar_title = (self.r_kernel.x, y2 - title)
        self.col = pygame.Rect(xr, rect.y + m, wr, rect.height - 2 * m)
        self.info_y = self._layout_controls(scene, xr, rect.y + m, wr, s(26), s(26), labels=False) + s(2)
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
        m = self.model
        y = self.add_sliders(scene, pygame.Rect(x, y, w, 0), row_h=row_h) + s(6)
        self.r_modes_label = self.r_picker_label = self.r_preset_label = None
        if m.controls.response_toggle:
            if labels:
                self.r_modes_label = (x, y)
                y += s(20)
            bw = (w - (len(m.modes) - 1) * s(6)) // len(m.modes)
            for i, name in enumerate(m.modes):
                r = pygame.Rect(x + i * (bw + s(6)), y, bw, bh)
                # the compact layout's buttons are narrow: "Odd" rather than "Odd (ψ+90°)"
                self.add_button("mode:" + name, r, f"gabor.mode{'' if labels else '_short'}.{name}")
            y += bh + s(10)
        if m.picker_on and not labels:
            # compact: one button naming the image; pressing it (or I) shows the next one
            self.buttons["image:next"] = scene.button(pygame.Rect(x, y, w, bh), "", text=self._next_label())
            y += bh + s(10)
        elif m.picker_on:
            self.r_picker_label = (x, y)
            y = self._layout_picker(scene, x, y + s(20), w, bh)
        if self.mode.sandbox and labels:       # presets are a sandbox nicety: dropped when compact
            self.r_preset_label = (x, y)
            y += s(20)
            bw = (w - 3 * s(6)) // 4
            for i, name in enumerate(sandbox.PRESETS):
                self.add_button("preset:" + name, pygame.Rect(x + i * (bw + s(6)), y, bw, bh),
                                f"gabor.preset.{name}")
            y += bh + s(10)
        return y

    def _layout_picker(self, scene, x: int, y: int, w: int, bh: int) -> int:
        """One button per image the picker offers, 4 or 5 a row; returns the y below."""
        s = scene.s
        choices = self.model.choices
        per = 5 if len(choices) > 8 else 4
        bw = (w - (per - 1) * s(6)) // per
        for i, name in enumerate(choices):
            r = pygame.Rect(x + (i % per) * (bw + s(6)), y + (i // per) * (bh + s(6)), bw, bh)
            key = f"gabor.source.{name}" if name in SOURCE_NAMES else "gabor.source.png"
            self.buttons["image:" + name] = scene.button(r, key, text=None if name in SOURCE_NAMES
                                                         else self._short(name))
        return y + ((len(choices) + per - 1) // per) * (bh + s(6)) + s(4)

    def _next_label(self) -> str:
        return self.ctx.text("gabor.info.image_button", name=self.picture_name())

    def picture_name(self) -> str:
        """The shown picture's name: a source's translated name, or the file's (shortened)."""
        name = self.model.choice
        return self.ctx.text(f"gabor.source.{name}") if name in SOURCE_NAMES else self._short(name)

    @staticmethod
    def _short(name: str) -> str:
        return name if len(name) <= 14 else name[:12] + "…"

    def _sync_buttons(self) -> None:
        m = self.model
        for key, b in self.buttons.items():
            if key.startswith("mode:"):
                (b.select if key == "mode:" + m.resp_mode else b.unselect)()
            elif key.startswith("image:") and key != "image:next":
                (b.select if key == "image:" + m.choice else b.unselect)()

    def display_rect(self, box: pygame.Rect) -> pygame.Rect:
        """Where the picture sits inside ``box`` (aspect kept for PNGs)."""
        h, w = self.model.picture.image.shape
        k = min(box.width / w, box.height / h)
        r = pygame.Rect(0, 0, max(1, int(w * k)), max(1, int(h * k)))
        r.center = box.center
        return r

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        m = self.model
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.MOUSEWHEEL:
            if self.r_kernel.inflate(self.s(8), self.s(8)).collidepoint(self.mouse):
                return self.rotate(event.y)
        elif event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if event.key == pygame.K_m and m.controls.response_toggle:
                i = m.modes.index(m.resp_mode) if m.resp_mode in m.modes else 0
                self.press("mode:" + m.modes[(i + 1) % len(m.modes)])
                return True
            if event.key == pygame.K_i and m.picker_on:
                self.press("image:next" if "image:next" in self.buttons else "image:" + m.next_image())
                return True
        return False

    def rotate(self, notches: int) -> bool:
        """Mouse wheel over the kernel: turn θ (the slider moves, the model follows)."""
        target = self.model.turned(notches)
        sl = self.panel.get("theta_deg")
        if target is None or sl is None:
            return False
        sl.set(target)
        return True

    def press(self, key: str) -> None:
        m = self.model
        if key.startswith("mode:"):
            m.set_response(key.split(":", 1)[1])
        elif key == "image:next":
            m.set_image(m.next_image())
            self.buttons[key].set_text(self._next_label())
        elif key.startswith("image:"):
            m.set_image(key.split(":", 1)[1])
        elif key.startswith("preset:"):
            values = {}
            for name, v in sandbox.PRESETS[key.split(":", 1)[1]].items():
                sl = self.panel.get(name)
                if sl is not None:
                    sl.set(v, notify=False)
                    values[name] = sl.value
            m.set_params(values)
        self._sync_buttons()

    # ------------------------------------------------------------------ frame
    def animating(self) -> bool:
        """A drifting grating, a new response or the extras still being computed."""
        return self.model.drifting() or self.model.busy()

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    def winning_here(self) -> int | None:
        """Winning orientation under the mouse (over the image, response or winner map)."""
        m = self.model
        if not m.bank_valid():
            return None
        b = m.bank
        for box in (self.display_rect(self.r_image), self.display_rect(self.r_resp), self.display_rect(self.r_aux)):
            if box.collidepoint(self.mouse):
                h, w = b.winner.shape
                j = int((self.mouse[0] - box.x) * w / box.width)
                i = int((self.mouse[1] - box.y) * h / box.height)
                if 0 <= i < h and 0 <= j < w:
                    return int(b.winner[i, j])
        return None

    # ------------------------------------------------------------ tour, caption
    def tour_steps(self):
        """First-level tour: kernel, image, response, and the sliders this level has (named)."""
        rotates = "theta_deg" in self.params and self.model.controls.wheel_rotate
        steps = [(lambda: self.r_kernel, "gabor.tour.kernel" if rotates else "gabor.tour.kernel_fixed"),
                 (lambda: self.r_image, "gabor.tour.image"), (lambda: self.r_resp, "gabor.tour.response")]
        if self.panel.sliders:
            t = self.ctx.text
            names = t("gabor.tour.list_sep").join(t(f"gabor.param.{sl.name}") for sl in self.panel.sliders)
            steps.append((lambda: self.panel.sliders[0].rect.unionall([sl.rect for sl in self.panel.sliders]),
                          "gabor.tour.sliders", {"names": names}))
        return steps

    def caption(self) -> str:
        f = self.model.filter
        return (f"{self.level.id}: θ = {math.degrees(f.theta):.1f}°, λ = {f.wavelength:.3g} px, "
                f"σ = {f.sigma:.3g} px, ψ = {math.degrees(f.phase):.0f}°, γ = {f.gamma:.3g}, "
                f"{self.picture_name()}, {self.ctx.text('gabor.mode.' + self.model.resp_mode)}")
