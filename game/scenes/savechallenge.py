"""The "Save as challenge" dialog: pick a proven goal, its star thresholds, title and brief.

Opened from a sandbox (button or Ctrl+S). The lab's challenge writer builds
the goals its current setup can make sense of; the dialog plays each one's
solution headless (:meth:`ChallengeWriter.proven`, the proof ``neuroarcade
check`` runs) and lists only those whose solution earns three stars, with
thresholds set from the proven score. The instructor picks one, may edit
the three thresholds (thresholds the solution cannot reach are refused,
naming its score and what it would earn), the title and the brief in both
languages (generated from the goal: the target, its unit, what each star
needs), and saves. Saving validates and proves the file's table once more,
exactly as ``check`` will, and writes it only when the proof wins three
stars; "Save and play" opens the new level at once. A lab that cannot play
solutions headless yet gets every valid offer, marked "not proven".
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
import tomli_w

from game.core.level import Level, Mode
from game.labs.common.challenge import Offer
from game.levels import LevelError
from game.proof import Proof, prove_table
from game.scenes.base import Scene
from game.ui import theme
from game.ui.fonts import draw_wrapped, ellipsize, wrap

#: Characters a threshold entry accepts.
NUMBER_CHARS = list("0123456789.-+eE")
#: Longest brief saved (a level file's texts allow 2000 characters).
BRIEF_LIMIT = 2000


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


class Draft:
    """What the instructor has typed for one offer: thresholds, title, briefs (and what was generated)."""

    def __init__(self, offer: Offer, lang: str) -> None:
        self.offer = offer
        self.stars = [format_threshold(x) for x in offer.goal["stars"]]
        self.made = {"title": dict(offer.data["title"]), "brief": dict(offer.data["brief"])}
        self.title = self.made["title"].get(lang, "")
        self.brief = dict(self.made["brief"])

    def regenerate(self, made: dict[str, dict[str, str]], lang: str) -> None:
        """New generated texts (the thresholds changed); replace only what the instructor did not edit."""
        if self.title == self.made["title"].get(lang, ""):
            self.title = made["title"].get(lang, "")
        for code, text in made["brief"].items():
            if self.brief.get(code) == self.made["brief"].get(code):
                self.brief[code] = text
        self.made = {"title": dict(made["title"]), "brief": dict(made["brief"])}

    def texts(self, lang: str) -> dict[str, dict[str, str]]:
        """``title`` and ``brief`` tables for the file: typed text, or the generated one in both languages."""
        title = self.title.strip()
        if not title or title == self.made["title"].get(lang, ""):
            titles = dict(self.made["title"])
        else:
            titles = {code: title for code in self.made["title"]}
        briefs = {code: (text.strip() or self.made["brief"][code])[:BRIEF_LIMIT] for code, text in self.brief.items()}
        return {"title": titles, "brief": briefs}


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
        t0 = time.perf_counter()
        self.choices: list[Offer] = self.writer.proven(self.ctx.text, self.folder)
        self.prove_s = time.perf_counter() - t0
        self.can_prove = play.spec.scripts.solve is not None
        self.drafts = [Draft(o, self.ctx.text.lang) for o in self.choices]
        self.index = 0
        self.error: str | None = None
        self.saved: Path | None = None
        self.proof: Proof | None = None          # the proof of the last save
        sol = self.writer.solution()
        scalars = [f"{k} = {format_value(v)}" for k, v in sol.items() if not isinstance(v, (dict, list, tuple))]
        self.solution_text = ([", ".join(scalars)] if scalars else []) + \
            [f"{k} = {format_value(v)}" for k, v in sol.items() if isinstance(v, (dict, list, tuple))]

    @property
    def draft(self) -> Draft | None:
        return self.drafts[self.index] if self.drafts else None

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        self.box = pygame.Rect(0, 0, min(w - s(40), s(960)), min(h - s(40), s(680)))
        self.box.center = (w // 2, h // 2)
        bx, by = self.box.topleft
        self.list_w = min(s(280), self.box.width // 3)
        self.right_x = bx + self.list_w + s(24)
        self.right_w = self.box.right - s(20) - self.right_x
        self._build_buttons()
        self._build_goal_list(bx, by)
        self._build_entries()
        self._fill_entries()

    def _build_buttons(self) -> None:
        s = self.s
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

    def _build_goal_list(self, bx: int, by: int) -> None:
        s = self.s
        self.goal_btns: list[pygame_gui.elements.UIButton] = []
        avail = self.box.height - s(72) - s(70)
        step = max(s(28), min(s(40), avail // max(1, len(self.choices))))
        for i, c in enumerate(self.choices):
            r = pygame.Rect(bx + s(16), by + s(72) + i * step, self.list_w - s(16), step - s(6))
            btn = self.button(r, "", text=self.goal_name(c), object_id="@selected" if i == self.index else None)
            self.goal_btns.append(btn)

    def _build_entries(self) -> None:
        """From the bottom up: status line, brief (zh), brief (en), title, the three thresholds."""
        s, ui = self.s, self.ctx.ui
        left = self.box.x + s(16)                     # the status line sits left of the buttons
        self.status_rect = pygame.Rect(left, self.box.bottom - s(58), self.btns["save"].rect.x - s(16) - left, s(52))
        y = self.box.bottom - s(64)
        self.labels: list[tuple[str, tuple[int, int]]] = []
        self.brief_entries: dict[str, Any] = {}
        for code in ("zh", "en"):
            y -= s(22) + s(64)
            self.brief_entries[code] = self._entry(y, self.right_w, f"savech.brief_{code}", 0, s(62))
        y -= s(58)
        self.title_entry = self._entry(y, min(self.right_w, s(520)), "savech.title_label", 80)
        self.entry_y = y - s(90)
        self.entries = []
        ew = min(s(130), (self.right_w - s(40)) // 3)
        for k in range(3):
            r = pygame.Rect(self.right_x + k * (ew + s(20)), self.entry_y + s(46), ew, s(32))
            e = self.add(pygame_gui.elements.UITextEntryLine(r, manager=ui))
            e.set_allowed_characters(NUMBER_CHARS)
            e.set_text_length_limit(16)
            self.entries.append(e)
        self.top_bottom = self.entry_y - s(6)

    def _entry(self, y: int, width: int, label: str, limit: int, height: int = 0) -> Any:
        """A labelled text entry: one line, or a wrapping box ``height`` px tall."""
        s = self.s
        self.labels.append((label, (self.right_x, y)))
        rect = pygame.Rect(self.right_x, y + s(22), width, height or s(32))
        if height:                            # (a box has no length limit: Draft.texts cuts)
            return self.add(pygame_gui.elements.UITextEntryBox(rect, manager=self.ctx.ui))
        e = self.add(pygame_gui.elements.UITextEntryLine(rect, manager=self.ctx.ui))
        e.set_text_length_limit(limit)
        return e

    def _fill_entries(self) -> None:
        d = self.draft
        if d is None:
            for e in (*self.entries, self.title_entry, *self.brief_entries.values()):
                e.disable()
            return
        for e, text in zip(self.entries, d.stars):
            e.set_text(text)
        self.title_entry.set_text(d.title)
        for code, e in self.brief_entries.items():
            e.set_text(d.brief.get(code, ""))

    def at_defaults(self) -> bool:
        """True when every slider sits at its default: a "find these values" level would start won."""
        lab = self.lab
        return all(abs(lab.model.values.get(n, p.default) - p.default) <= 1e-9 * max(1.0, abs(p.default))
                   for n, p in lab.params.items())

    def goal_name(self, offer: Offer) -> str:
        return self.t(f"goals.{self.lab.spec.kind}.{offer.goal['type']}")

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
        d = self.draft
        if d is None:
            return
        d.stars = [e.get_text() for e in self.entries]
        d.title = self.title_entry.get_text()
        d.brief = {code: e.get_text() for code, e in self.brief_entries.items()}

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
        fields = (*self.entries, self.title_entry, *self.brief_entries.values())
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element in self.entries:
            self.thresholds_typed()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element in fields:
            self.press("save")                     # Enter inside a field saves, as Enter elsewhere does
            return True
        if event.type == pygame.KEYDOWN:
            typing = any(e.is_focused for e in fields)
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

    def thresholds_typed(self) -> None:
        """Thresholds changed: regenerate the texts the instructor has not edited, clear an old error."""
        self._keep_entries()
        d = self.draft
        stars, err = parse_stars(d.stars, d.offer.goal["better"])
        self.error = None
        if err is None:
            data = {**d.offer.data, "goal": {**d.offer.goal, "stars": stars}}
            d.regenerate(self.writer.texts(self.ctx.text, data), self.ctx.text.lang)
            if self.title_entry.get_text() != d.title:
                self.title_entry.set_text(d.title)
            for code, e in self.brief_entries.items():
                if e.get_text() != d.brief[code]:
                    e.set_text(d.brief[code])

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
    def typed_proof(self) -> tuple[list[float] | None, Proof | None, str | None]:
        """The typed thresholds, the offer's proof against them, and what is wrong (translated)."""
        d = self.draft
        if d is None:
            return None, None, self.t("savech.none_proven" if self.can_prove else "savech.none")
        stars, err = parse_stars(d.stars, d.offer.goal["better"])
        if err:
            return None, None, self.t(err)
        proof = d.offer.proof.rescored(stars) if d.offer.proof is not None else None
        if proof is not None and not proof.won:
            return stars, proof, self.t("savech.unreachable", **proof.fields())
        return stars, proof, None

    def level_data(self) -> dict | None:
        """The chosen goal with the typed thresholds, title and brief, or None (``self.error`` says why)."""
        self._keep_entries()
        stars, _, err = self.typed_proof()
        if err:
            self.error = err
            return None
        d = self.draft
        data = {**d.offer.data, "goal": {**d.offer.goal, "stars": stars}}
        data.update(d.texts(self.ctx.text.lang))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        data["id"] = f"{self.lab.spec.kind[:12]}-{stamp}".lower()
        return data

    def save(self) -> Level | None:
        """Prove and write the level file; returns the loaded level, or None with ``self.error`` set."""
        data = self.level_data()
        if data is None:
            return None
        path = self.folder / f"{data['id']}.toml"
        n = 1
        while path.exists():
            n += 1
            path = self.folder / f"{data['id']}-{n}.toml"
        data["id"] = path.stem
        spec = self.lab.spec
        try:
            level, proof = prove_table(data, {spec.kind: spec}, path=path)
        except LevelError as err:
            self.error = self.t("play.save_failed", err="; ".join(err.problems[:2]))
            return None
        if self.can_prove and (proof is None or not proof.won):
            self.error = proof.say(self.ctx.text) if proof is not None else self.t("savech.none_proven")
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(tomli_w.dumps(data), encoding="utf-8")
        except OSError as exc:
            self.error = self.t("play.save_failed", err=str(exc))
            return None
        self.saved, self.proof = path, proof
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
        if not self.choices:
            key = "savech.none_proven" if self.can_prove else "savech.none"
            draw_wrapped(surface, self.t(key), f.get(theme.BASE_FONT), theme.WARN,
                         pygame.Rect(self.right_x, box.y + s(64), self.right_w, s(120)))
            return
        self._draw_goal(surface)
        self._draw_entry_labels(surface)
        self._draw_status(surface)

    def _draw_goal(self, surface: pygame.Surface) -> None:
        """Name, description, the fields taken from the setup and the solution, above the entries."""
        s, f = self.s, self.ctx.fonts
        offer = self.draft.offer
        goal = offer.goal
        w = self.right_w
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.right_x, self.box.y + s(60), w, self.top_bottom - self.box.y - s(60)))
        y = self.box.y + s(64)
        name = f.render(ellipsize(self.goal_name(offer), f.get(theme.BASE_FONT + 2, bold=True), w),
                        theme.BASE_FONT + 2, theme.ACCENT, bold=True)
        surface.blit(name, (self.right_x, y))
        y += name.get_height() + s(6)
        desc = self.t(f"goals.{self.lab.spec.kind}.{goal['type']}_desc")
        y = self._lines(surface, wrap(desc, f.get(theme.BASE_FONT), w), theme.BASE_FONT, theme.TEXT, y) + s(6)
        lines: list[tuple[str, tuple]] = []
        fields = [(k, v) for k, v in goal.items() if k not in ("type", "better", "stars")]
        if fields or offer.choice.get("tune"):
            lines.append((self.t("savech.from_setup"), theme.TEXT_DIM))
            lines += [(f"   {k} = {format_value(v)}", theme.TEXT) for k, v in fields[:4]]
            if offer.choice.get("tune"):
                lines.append(("   " + self.t("savech.tune_note"), theme.TEXT))
                if self.at_defaults():
                    lines.append(("   " + self.t("savech.at_defaults"), theme.WARN))
        if self.solution_text:
            lines.append((self.t("savech.solution"), theme.TEXT_DIM))
            lines += [("   " + line, theme.TEXT) for line in self.solution_text[:3]]
        for line, colour in lines:
            y = self._lines(surface, [line], theme.SMALL_FONT, colour, y)
        surface.set_clip(clip)

    def _lines(self, surface: pygame.Surface, lines: list[str], size: int, colour, y: int) -> int:
        """Draw ``lines`` from ``y`` down while they fit above the entries (the last one cut with
        "…" when more would follow); returns the next y. On a short window the goal's details give
        way to the entries: its name and the thresholds matter more."""
        font = self.ctx.fonts.get(size)
        step = font.get_linesize() + self.s(2)
        for i, line in enumerate(lines):
            if y + step > self.top_bottom:
                break
            more = i + 1 < len(lines) and y + 2 * step > self.top_bottom
            text = ellipsize(line + "…" if more else line, font, self.right_w)
            surface.blit(self.ctx.fonts.render(text, size, colour), (self.right_x, y))
            y += step
        return y

    def _draw_entry_labels(self, surface: pygame.Surface) -> None:
        s, f = self.s, self.ctx.fonts
        small = f.get(theme.SMALL_FONT)
        goal = self.draft.offer.goal
        direction = self.t("savech.higher" if goal["better"] == "higher" else "savech.lower")
        surface.blit(f.render(ellipsize(direction, small, self.right_w), theme.SMALL_FONT, theme.TEXT_DIM),
                     (self.right_x, self.entry_y))
        for k, e in enumerate(self.entries):
            star = f.render("★" * (k + 1), theme.SMALL_FONT, theme.STAR)
            surface.blit(star, (e.rect.x + s(2), e.rect.y - s(22)))
        for key, pos in self.labels:
            surface.blit(f.render(ellipsize(self.t(key), small, self.right_w), theme.SMALL_FONT, theme.TEXT_DIM), pos)

    def _draw_status(self, surface: pygame.Surface) -> None:
        """The error, else the proof of the typed thresholds, else "not proven"."""
        f = self.ctx.fonts
        colour = theme.WARN
        if self.error:
            line = self.error
        else:
            _, proof, err = self.typed_proof()
            if err:
                line = err
            elif proof is not None:
                line, colour = proof.say(self.ctx.text), theme.GOOD
            else:
                line = self.t("savech.not_proven")
        draw_wrapped(surface, line, f.get(theme.SMALL_FONT), colour, self.status_rect)
