"""The "Save as challenge" dialog: pick a goal type and its star thresholds.

Opened from a sandbox (button or Ctrl+S). The lab offers the goals its
current setup can make sense of (``LabView.challenge_goals``), each with
its target fields filled in from the setup and default thresholds. The
instructor picks one, edits the three thresholds and an optional title,
and saves; "Save and play" opens the new level at once to try it. Every
file written passes the level loader, so it also passes ``check``.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
import tomli_w

from game.catalog import level_from_dict
from game.core.level import Level, Mode
from game.levels import LevelError
from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped, ellipsize

#: Characters a threshold entry accepts.
NUMBER_CHARS = list("0123456789.-+eE")


def format_value(value: Any) -> str:
    """A goal field for the "taken from your setup" list, short and readable."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {format_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def format_threshold(value: float) -> str:
    return f"{value:.6g}"


def parse_stars(texts: list[str], better: str) -> tuple[list[float] | None, str | None]:
    """Three threshold strings -> numbers, or an i18n key saying what is wrong."""
    try:
        stars = [float(t.strip()) for t in texts]
    except ValueError:
        return None, "savech.not_number"
    if not all(math.isfinite(x) for x in stars):
        return None, "savech.not_number"
    rising = stars[0] < stars[1] < stars[2]
    falling = stars[0] > stars[1] > stars[2]
    if better == "higher" and not rising:
        return None, "savech.must_rise"
    if better == "lower" and not falling:
        return None, "savech.must_fall"
    return stars, None


class SaveChallengeScene(Scene):
    """Goal chooser over a sandbox; writes ``<home>/challenges/<id>.toml``."""

    name_key = "scene.save_challenge"
    help_keys = (("↑ ↓", "help.savech_pick"), ("Enter", "help.savech_save"), ("Esc", "help.back"))

    def __init__(self, app, play) -> None:
        super().__init__(app)
        self.play = play
        self.lab = play.lab
        self.writer = play.spec.challenge(play.lab)
        self.folder: Path = self.ctx.progress.path.parent / "challenges"
        self.backdrop = app.screen.copy()
        self.choices = self._usable(self.writer.offers())
        self.index = 0
        self.stars_text = [[format_threshold(x) for x in c["goal"]["stars"]] for c in self.choices]
        self.title = ""
        self.error: str | None = None
        self.saved: Path | None = None
        sol = self.writer.solution()
        scalars = [f"{k} = {format_value(v)}" for k, v in sol.items() if not isinstance(v, (dict, list, tuple))]
        self.solution_text = ([", ".join(scalars)] if scalars else []) + \
            [f"{k} = {format_value(v)}" for k, v in sol.items() if isinstance(v, (dict, list, tuple))]

    def _usable(self, choices: list[dict]) -> list[dict]:
        """Keep the choices whose level validates as offered (a lab bug must not reach the list)."""
        out = []
        for c in choices:
            try:
                level_from_dict(self.writer.level(self.ctx.text, c), path=self.folder / "probe.toml")
            except LevelError:
                continue
            out.append(c)
        return out

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s, ui = self.s, self.ctx.ui
        self.box = pygame.Rect(0, 0, min(w - s(40), s(900)), min(h - s(40), s(600)))
        self.box.center = (w // 2, h // 2)
        bx, by = self.box.topleft
        self.list_w = min(s(300), self.box.width // 3)
        self.goal_btns: list[pygame_gui.elements.UIButton] = []
        bh = s(34)
        avail = self.box.height - s(78) - s(70)
        step = max(s(28), min(bh + s(6), avail // max(1, len(self.choices))))
        for i, c in enumerate(self.choices):
            r = pygame.Rect(bx + s(16), by + s(72) + i * step, self.list_w - s(16), step - s(6))
            label = self.goal_name(c)
            btn = self.button(r, "", text=label, object_id="@selected" if i == self.index else None)
            self.goal_btns.append(btn)
        self.right_x = bx + self.list_w + s(24)
        right_w = self.box.right - s(20) - self.right_x
        self.entry_y = by + self.box.height - s(66) - s(146)
        self.entries = []
        ew = min(s(130), (right_w - s(40)) // 3)
        for k in range(3):
            r = pygame.Rect(self.right_x + k * (ew + s(20)), self.entry_y + s(46), ew, s(34))
            e = self.add(pygame_gui.elements.UITextEntryLine(r, manager=ui))
            e.set_allowed_characters(NUMBER_CHARS)
            e.set_text_length_limit(16)
            self.entries.append(e)
        tr = pygame.Rect(self.right_x, self.entry_y + s(112), min(right_w, s(420)), s(34))
        self.title_entry = self.add(pygame_gui.elements.UITextEntryLine(tr, manager=ui))
        self.title_entry.set_text_length_limit(60)
        self.title_entry.set_text(self.title)
        self.title_label_pos = (self.right_x, self.entry_y + s(88))
        self.btns: dict[str, pygame_gui.elements.UIButton] = {}
        x = self.box.right - s(16)
        for name in ("cancel", "save_play", "save"):
            label = self.t(f"savech.{name}")
            bw = max(s(110), self.ctx.fonts.get(theme.BASE_FONT).size(label)[0] + s(28))
            x -= bw
            self.btns[name] = self.button(pygame.Rect(x, self.box.bottom - s(52), bw, s(38)), f"savech.{name}")
            x -= s(10)
        if not self.choices:
            for name in ("save", "save_play"):
                self.btns[name].disable()
        self._fill_entries()

    def _fill_entries(self) -> None:
        if not self.choices:
            for e in self.entries:
                e.disable()
            return
        for e, text in zip(self.entries, self.stars_text[self.index]):
            e.set_text(text)

    def at_defaults(self) -> bool:
        """True when every slider sits at its default: a "find these values" level would start won."""
        lab = self.lab
        return all(abs(lab.model.values.get(n, p.default) - p.default) <= 1e-9 * max(1.0, abs(p.default))
                   for n, p in lab.params.items())

    def goal_name(self, choice: dict) -> str:
        return self.t(f"goals.{self.lab.spec.kind}.{choice['goal']['type']}")

    # ---------------------------------------------------------------- events
    def select(self, i: int) -> None:
        if not self.choices:
            return
        self._keep_entries()
        self.index = i % len(self.choices)
        self.error = None
        for k, b in enumerate(self.goal_btns):
            b.change_object_id(pygame_gui.core.ObjectID(class_id="@selected" if k == self.index else None))
        self._fill_entries()

    def _keep_entries(self) -> None:
        if self.choices:
            self.stars_text[self.index] = [e.get_text() for e in self.entries]
        self.title = self.title_entry.get_text()

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for i, b in enumerate(self.goal_btns):
                if event.ui_element is b:
                    self.ctx.sound.play("click")
                    self.select(i)
                    return True
            for name, b in self.btns.items():
                if event.ui_element is b:
                    self.ctx.sound.play("click")
                    self.press(name)
                    return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in (*self.entries, self.title_entry):
            self.press("save")                     # Enter inside a field saves, as Enter elsewhere does
            return True
        if event.type == pygame.KEYDOWN:
            typing = any(e.is_focused for e in (*self.entries, self.title_entry))
            if event.key == pygame.K_ESCAPE:
                self.press("cancel")
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.press("save_play" if event.mod & pygame.KMOD_CTRL else "save")
                return True
            if not typing and event.key in (pygame.K_UP, pygame.K_DOWN):
                self.select(self.index + (1 if event.key == pygame.K_DOWN else -1))
                return True
        return False

    def press(self, name: str) -> None:
        if name == "cancel":
            self.app.pop()
            return
        level = self.save()
        if level is None:
            return
        self.app.pop()
        self.play.show_toast(self.t("play.saved", path=str(self.saved)))
        if name == "save_play":
            self.app.push(self.play.sibling(level, Mode.CHALLENGE, sequence=[]))

    # ---------------------------------------------------------------- saving
    def level_data(self) -> dict | None:
        """The chosen goal with the typed thresholds and title, or None (``self.error`` says why)."""
        self._keep_entries()
        if not self.choices:
            self.error = self.t("savech.none")
            return None
        choice = self.choices[self.index]
        stars, err = parse_stars(self.stars_text[self.index], choice["goal"]["better"])
        if err:
            self.error = self.t(err)
            return None
        data = self.writer.level(self.ctx.text, choice)
        data["goal"]["stars"] = stars
        title = self.title.strip()
        if title:
            data["title"] = {"en": title, "zh": title}
        stamp = time.strftime("%Y%m%d-%H%M%S")
        data["id"] = f"{self.lab.spec.kind[:12]}-{stamp}".lower()
        return data

    def save(self) -> Level | None:
        """Write the level file; returns the loaded level, or None with ``self.error`` set."""
        data = self.level_data()
        if data is None:
            return None
        path = self.folder / f"{data['id']}.toml"
        n = 1
        while path.exists():
            n += 1
            path = self.folder / f"{data['id']}-{n}.toml"
        data["id"] = path.stem
        try:
            level = level_from_dict(data, path=path)
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(tomli_w.dumps(data), encoding="utf-8")
        except LevelError as err:
            self.error = self.t("play.save_failed", err="; ".join(err.problems[:2]))
            return None
        except OSError as exc:
            self.error = self.t("play.save_failed", err=str(exc))
            return None
        self.saved = path
        return level

    # ---------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        if self.backdrop.get_size() == surface.get_size():
            surface.blit(self.backdrop, (0, 0))
            shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            shade.fill((0, 0, 0, 150))
            surface.blit(shade, (0, 0))
        else:
            surface.fill(theme.BG)
        s, f = self.s, self.ctx.fonts
        box = self.box
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=12)
        pygame.draw.rect(surface, theme.GRID, box, 1, border_radius=12)
        head = f.render(self.t("savech.title"), theme.BASE_FONT + 4, theme.TEXT, bold=True)
        surface.blit(head, (box.x + s(16), box.y + s(16)))
        surface.blit(f.render(self.t("savech.goal_type"), theme.SMALL_FONT, theme.TEXT_DIM),
                     (box.x + s(16), box.y + s(46)))
        right_w = box.right - s(20) - self.right_x
        y = box.y + s(64)
        if not self.choices:
            draw_wrapped(surface, self.t("savech.none"), f.get(theme.BASE_FONT), theme.WARN,
                         pygame.Rect(self.right_x, y, right_w, s(80)))
            return
        choice = self.choices[self.index]
        goal = choice["goal"]
        kind = self.lab.spec.kind
        name = f.render(ellipsize(self.goal_name(choice), f.get(theme.BASE_FONT + 2, bold=True), right_w),
                        theme.BASE_FONT + 2, theme.ACCENT, bold=True)
        surface.blit(name, (self.right_x, y))
        y += name.get_height() + s(8)
        desc_rect = pygame.Rect(self.right_x, y, right_w, s(90))
        y += draw_wrapped(surface, self.t(f"goals.{kind}.{goal['type']}_desc"), f.get(theme.BASE_FONT),
                          theme.TEXT, desc_rect) + s(8)
        fields = [(k, v) for k, v in goal.items() if k not in ("type", "better", "stars")]
        if fields or choice.get("tune"):
            surface.blit(f.render(self.t("savech.from_setup"), theme.SMALL_FONT, theme.TEXT_DIM), (self.right_x, y))
            y += s(22)
            small = f.get(theme.SMALL_FONT)
            for k, v in fields[:5]:
                line = ellipsize(f"{k} = {format_value(v)}", small, right_w - s(12))
                surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (self.right_x + s(12), y))
                y += s(20)
            if choice.get("tune"):
                line = ellipsize(self.t("savech.tune_note"), small, right_w - s(12))
                surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (self.right_x + s(12), y))
                y += s(20)
                if self.at_defaults():
                    line = ellipsize(self.t("savech.at_defaults"), small, right_w - s(12))
                    surface.blit(f.render(line, theme.SMALL_FONT, theme.WARN), (self.right_x + s(12), y))
                y += s(20)
        if self.solution_text:
            y += s(8)
            surface.blit(f.render(self.t("savech.solution"), theme.SMALL_FONT, theme.TEXT_DIM), (self.right_x, y))
            y += s(22)
            small = f.get(theme.SMALL_FONT)
            for line in self.solution_text[:3]:
                line = ellipsize(line, small, right_w - s(12))
                surface.blit(f.render(line, theme.SMALL_FONT, theme.TEXT), (self.right_x + s(12), y))
                y += s(20)
        direction = self.t("savech.higher" if goal["better"] == "higher" else "savech.lower")
        surface.blit(f.render(direction, theme.SMALL_FONT, theme.TEXT_DIM), (self.right_x, self.entry_y))
        for k, e in enumerate(self.entries):
            star = f.render("★" * (k + 1), theme.SMALL_FONT, theme.STAR)
            surface.blit(star, (e.rect.x + s(2), e.rect.y - s(22)))
        surface.blit(f.render(self.t("savech.title_label"), theme.SMALL_FONT, theme.TEXT_DIM), self.title_label_pos)
        if self.error:
            err_rect = pygame.Rect(box.x + s(16), box.bottom - s(52), self.btns["save"].rect.x - box.x - s(60), s(44))
            draw_wrapped(surface, self.error, f.get(theme.SMALL_FONT), theme.WARN, err_rect)
