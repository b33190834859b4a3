"""The boltzmann lab's view: layout and input, turned into model commands.

Layout (inside the lab rectangle), in three columns:

* left: the network, units on a circle (visible units on the upper arc as
  discs, hidden units on the lower arc as squares), edges coloured by the
  sign of the weight and as wide as its size; click a visible unit to clamp
  it on, then off, then free it; below, the buttons;
* middle: the distribution over the visible states as bars (exact: outline;
  sampled: filled; data: a yellow tick), and under it the mean energy of
  the chains per sweep (sampling) or the KL divergence per epoch (training);
* right: the sliders, then the annealing schedule and the last anneal's
  result (sampling), or the two phases of learning, the weights and the
  hidden codes (training).

The science is the model's (:mod:`game.labs.boltzmann.model`); drawing is
in ``render.py``. The view checks what the level's controls allow and says
so when they do not.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.labs.base import LabView
from game.labs.boltzmann import sandbox
from game.labs.boltzmann.network import clamp_string
from game.labs.boltzmann.render import Renderer
from game.ui import theme
from game.ui.plot import Axes

#: Keys of the lab (without Ctrl or Alt) and the button each one presses.
KEYS = {pygame.K_SPACE: "sample", pygame.K_c: "clear", pygame.K_a: "anneal", pygame.K_q: "quench",
        pygame.K_t: "train", pygame.K_e: "epoch", pygame.K_r: "restart", pygame.K_f: "free"}
#: The sliders in the order they are stacked.
SLIDERS = ("T", "chains", "speed", "anneal_T0", "anneal_sweeps", "hidden", "lr", "epochs_per_s")
#: Most bars the distribution chart shows (above, the most probable states).
MAX_BARS = 64
TOP_BARS = 32


def unit_positions(nv: int, nh: int, rect: pygame.Rect) -> tuple[np.ndarray, int]:
    """Centres (n, 2) in px of the units on a circle in ``rect``, and their radius (px).

    Units are evenly spaced clockwise, visible first; with hidden units the
    circle is turned so that the visible ones are centred at the top and the
    hidden ones at the bottom, without them unit v1 is at the top.
    """
    n = max(1, nv + nh)
    R = 0.38 * min(rect.width, rect.height)
    first = 0.0 if nh == 0 else (nv - 1) / 2          # without hidden units, v1 at the top
    theta = -math.pi / 2 + 2 * math.pi * (np.arange(n) - first) / n
    xy = np.stack([rect.centerx + R * np.cos(theta), rect.centery + R * np.sin(theta)], axis=1)
    r = int(max(5, min(0.13 * R, 0.55 * math.pi * R / n)))
    return xy, r


class BoltzmannView(LabView):
    help_keys = (("Click", "boltzmann.help.clamp"), ("Space", "boltzmann.help.sample"),
                 ("C", "boltzmann.help.clear"), ("A", "boltzmann.help.anneal"), ("Q", "boltzmann.help.quench"),
                 ("T", "boltzmann.help.train"), ("E", "boltzmann.help.epoch"), ("R", "boltzmann.help.restart"),
                 ("F", "boltzmann.help.free"))

    def __init__(self, spec, model, ctx) -> None:
        super().__init__(spec, model, ctx)
        self.k = 1.0                       # this lab's own scale (see layout)
        self.graph = pygame.Rect(0, 0, 10, 10)
        self.units = np.zeros((0, 2))
        self.radius = 6
        self.hover_unit: int | None = None
        self.hover_bar: int | None = None
        self.actions = {
            "sample": model.toggle_sampling, "clear": model.reset_samples, "anneal": self._anneal,
            "quench": self._quench, "train": self._train, "epoch": self._epoch, "restart": self._restart,
            "free": model.clear_clamps, "preset": self._next_preset,
        }
        self._captions: tuple | None = None
        self._shown: tuple | None = None          # (what the chart shows depends on, the states)
        self._seen_net = model.net_version
        self.renderer = Renderer(self)

    def s(self, px: float) -> int:
        """A length at UI scale 1 in px, at this lab's effective scale."""
        return round(px * self.ctx.scale * self.k)

    # ---------------------------------------------------------------- layout
    def layout(self, scene, rect: pygame.Rect) -> None:
        # The design needs about 1256 x 600 px at UI scale 1; when a small window asks for a
        # large UI scale, shrink this lab's own drawing so that nothing overlaps.
        scale = self.ctx.scale
        self.k = max(0.4, min(1.0, rect.width / (1256 * scale), rect.height / (600 * scale)))
        s = self.s
        m = s(12)
        left_w = int(rect.width * 0.33)
        right_w = int(rect.width * 0.32)
        # pygame_gui widgets keep the global font size: never make them shorter than it
        btn_h = max(s(30), self.ctx.fonts.get(theme.BASE_FONT).get_linesize() + 4)
        gap = s(6)
        # the slider panel takes ctx.s(4) off each row for its gap: the label still needs a line
        row_h = max(s(28), self.ctx.fonts.get(theme.SMALL_FONT).get_linesize() + 4 + self.ctx.s(4))
        keys = self._button_keys()
        cols = self._columns(keys, left_w - 2 * m, gap)
        rows = max(1, math.ceil(len(keys) / cols))
        foot = s(46)                          # caption and legend under the network
        side = max(s(80), min(left_w - 2 * m, rect.height - 2 * m - rows * (btn_h + gap) - foot))
        self.graph = pygame.Rect(rect.x + m + (left_w - 2 * m - side) // 2, rect.y + m, side, side)
        self.units, self.radius = unit_positions(self.model.nv, self.model.nh, self.graph)
        bw = (left_w - 2 * m - (cols - 1) * gap) // cols
        y = self.graph.bottom + foot
        for i, key in enumerate(keys):
            r = pygame.Rect(rect.x + m + (i % cols) * (bw + gap), y + (i // cols) * (btn_h + gap), bw, btn_h)
            self.add_button(key, r, self._button_text_key(key))
        self.left = pygame.Rect(rect.x, rect.y, left_w, rect.height)
        self._layout_middle(rect, left_w, right_w)
        self._layout_right(scene, rect, right_w, row_h)
        self._captions = None
        self._sync_buttons()

    def _layout_middle(self, rect: pygame.Rect, left_w: int, right_w: int) -> None:
        """The distribution chart on top, the energy or KL plot below."""
        s = self.s
        m = s(12)
        mx = rect.x + left_w + s(48)
        mw = rect.right - right_w - m - mx
        top = rect.y + m + s(40)
        free = rect.bottom - m - top - s(44) - s(40) - s(22)
        ch = int(free * 0.55)
        self.chart = pygame.Rect(mx, top, mw, ch)
        self.plot = Axes(pygame.Rect(mx, self.chart.bottom + s(44) + s(40), mw, free - ch), (0, 1), (0, 1))

    def _layout_right(self, scene, rect: pygame.Rect, right_w: int, row_h: int) -> None:
        """Sliders, then the schedule (sampling) or the phases, weights and codes (training)."""
        s = self.s
        m = s(12)
        rx = rect.right - right_w - m + s(8)
        rw = right_w - s(8)
        self.right = pygame.Rect(rx, rect.y + m, rw, rect.height - 2 * m)
        y = self.add_sliders(scene, pygame.Rect(rx, rect.y + m, rw, 0), [n for n in SLIDERS if n in self.params],
                             row_h=row_h)
        top = y + s(28)
        bottom = rect.bottom - m
        self.lower = pygame.Rect(rx, top, rw, max(s(40), bottom - top))
        gap = s(12)
        side = max(s(24), min((rw - 2 * gap) // 3, self.lower.height - s(70)))
        self.matrices = [pygame.Rect(rx + i * (side + gap), top, side, side) for i in range(3)]
        sched_h = max(s(40), min(self.lower.height - s(70), s(150)))
        self.sched_ax = Axes(pygame.Rect(rx + s(30), top, rw - s(52), sched_h), (0, 1), (0, 1))

    def _columns(self, keys: list[str], width: int, gap: int) -> int:
        """Buttons per row: three when every caption fits (pygame_gui keeps the global font size),
        else two, else one."""
        font = self.ctx.fonts.get(theme.BASE_FONT)
        variants = {"sample": ["boltzmann.btn.pause"], "train": ["boltzmann.btn.pause_train"]}
        captions = [self._button_text_key(k) for k in keys] + [v for k in keys for v in variants.get(k, [])]
        widest = max([font.size(self.ctx.text(c))[0] for c in captions] + [0])
        for cols in (3, 2):
            if widest + self.ctx.s(14) <= (width - (cols - 1) * gap) // cols:
                return cols
        return 1

    def _button_keys(self) -> list[str]:
        m = self.model
        c = m.controls
        train = m.view_kind() == "train"
        keys: list[str] = []
        if c.sample:
            keys += ["sample", "clear"]
        if c.anneal and not train:
            keys += ["anneal", "quench"]
        if c.train and m.data is not None:
            keys += ["train", "epoch", "restart"]
        if c.clamp:
            keys.append("free")
        if self.mode.sandbox:
            keys.append("preset")
        return keys

    def _button_text_key(self, key: str) -> str:
        m = self.model
        names = {"sample": "boltzmann.btn.pause" if m.running and not m.sampler.annealing else "boltzmann.btn.sample",
                 "train": "boltzmann.btn.pause_train" if m.training else "boltzmann.btn.train",
                 "preset": f"boltzmann.preset.{m.preset}"}
        return names.get(key, f"boltzmann.btn.{key}")

    def _sync_buttons(self) -> None:
        """Button captions follow the model (Sample/Pause, Train/Pause, the preset)."""
        m = self.model
        state = (m.running, m.sampler.annealing, m.training, m.preset, self.ctx.text.lang)
        if state == self._captions:
            return
        self._captions = state
        for key, b in self.buttons.items():
            text = self.ctx.text(self._button_text_key(key))
            if b.text != text:
                b.set_text(text)

    # ---------------------------------------------------------------- events
    def handle(self, event) -> bool:
        if super().handle(event):           # own buttons, then sliders
            return True
        if event.type == pygame.MOUSEMOTION:
            self.hover_unit = self.unit_at(event.pos)
            self.hover_bar = self.bar_at(event.pos)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            i = self.unit_at(event.pos)
            if i is not None:
                self._clamp(i)
                return True
        if event.type == pygame.KEYDOWN and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            key = KEYS.get(event.key)
            if key is not None and key in self.buttons:
                self.press(key)
                return True
        return False

    def unit_at(self, pos) -> int | None:
        """The unit under ``pos`` (px), if any."""
        if len(self.units) == 0:
            return None
        d = np.hypot(self.units[:, 0] - pos[0], self.units[:, 1] - pos[1])
        i = int(np.argmin(d))
        return i if d[i] <= self.radius * 1.25 else None

    def bar_at(self, pos) -> int | None:
        """The state (index into ``states(nv)``) whose bar is under ``pos``, if any."""
        if not self.chart.collidepoint(pos):
            return None
        shown = self.shown_states()
        slot = self.chart.width / max(1, len(shown))
        i = int((pos[0] - self.chart.x) // slot)
        return int(shown[i]) if 0 <= i < len(shown) else None

    def shown_states(self) -> np.ndarray:
        """The visible states the chart shows: all of them, or the most probable ones (in order)."""
        m = self.model
        key = (m.version, m.net_version, m.chart_T())
        if self._shown is not None and self._shown[0] == key:
            return self._shown[1]
        p = m.chart_distribution()
        shown = np.arange(p.size) if p.size <= MAX_BARS else np.sort(np.argsort(-p, kind="stable")[:TOP_BARS])
        self._shown = (key, shown)
        return shown

    def press(self, key: str) -> None:
        action = self.actions.get(key)
        if action is not None:
            action()
        self._after_model()

    def _clamp(self, i: int) -> None:
        m = self.model
        if not m.controls.clamp:
            m.say("boltzmann.note.clamp_locked")
        elif i >= m.nv:
            m.say("boltzmann.note.hidden_free")
        else:
            m.toggle_clamp(i)

    def _anneal(self) -> None:
        if self.model.controls.anneal:
            self.model.anneal()

    def _quench(self) -> None:
        if self.model.controls.anneal:
            self.model.quench()

    def _train(self) -> None:
        if self.model.controls.train:
            self.model.toggle_training()

    def _epoch(self) -> None:
        if self.model.controls.train:
            self.model.train_epochs(1)

    def _restart(self) -> None:
        if self.model.controls.train:
            self.model.restart()

    def _next_preset(self) -> None:
        """Sandbox: the next preset (new network, new sliders)."""
        names = list(sandbox.PRESETS)
        m = self.model
        i = names.index(m.preset) if m.preset in names else -1
        self.params = m.load_preset(names[(i + 1) % len(names)])
        if self.scene is not None:
            self.scene.rebuild()

    # ---------------------------------------------------------------- frame
    def update(self, dt: float) -> None:
        self.model.step(dt)
        self._after_model()

    def _after_model(self) -> None:
        """A rebuilt network (other units) re-lays the lab out; captions follow the model."""
        m = self.model
        if m.net_version != self._seen_net:
            self._seen_net = m.net_version
            self.units, self.radius = unit_positions(m.nv, m.nh, self.graph)
        self._sync_buttons()

    def animating(self) -> bool:
        m = self.model
        return m.running or m.training or m.note is not None

    def draw(self, surface: pygame.Surface) -> None:
        self.renderer.draw(surface)

    def reset(self) -> None:
        """Ctrl+R: the level as it opened (the sandbox's first preset)."""
        super().reset()
        if self.mode.sandbox:
            self.params = dict(self.level.params)
            if self.scene is not None:
                self.scene.rebuild()
        self._after_model()

    # ------------------------------------------------------------ extras
    def tour_steps(self):
        steps = [(lambda: self.graph, "boltzmann.tour.network"), (lambda: self.chart, "boltzmann.tour.chart")]
        if self.buttons:
            steps.append((lambda: next(iter(self.buttons.values())).rect.unionall(
                [b.rect for b in self.buttons.values()]), "boltzmann.tour.buttons"))
        key = "boltzmann.tour.kl" if self.model.view_kind() == "train" else "boltzmann.tour.energy"
        steps.append((lambda: self.plot.rect, key))
        return steps

    def caption(self) -> str:
        m = self.model
        return (f"{self.level.id}: {m.nv} visible + {m.nh} hidden units, T = {m.T:.2f}, "
                f"clamps {clamp_string(m.clamp)}")
