"""Settings: language, UI scale, sound, instructor mode, fullscreen, name."""

from __future__ import annotations

import pygame
import pygame_gui

from game.scenes.base import Scene
from game.ui import theme


class SettingsScene(Scene):
    name_key = "scene.settings"
    help_keys = (("Esc", "help.back"), ("L", "help.toggle_lang"))

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        st = self.ctx.progress.settings
        ui = self.ctx.ui
        col = max(s(220), int(w * 0.22))
        x0 = max(s(30), w // 2 - s(330))
        y = s(110)
        row = s(54)
        bh = s(40)
        self.rows: list[tuple[str, int]] = []

        def label(key):
            self.rows.append((key, y))

        label("settings.language")
        self.lang_btns = {}
        for i, (code, key) in enumerate((("en", "settings.english"), ("zh", "settings.chinese"))):
            r = pygame.Rect(x0 + col + i * s(150), y, s(140), bh)
            self.lang_btns[code] = self.button(
                r, key, object_id="@selected" if self.ctx.text.lang == code else None)
        y += row
        label("settings.scale")
        self.scale_btns = {}
        for i, sc in enumerate(theme.SCALES):
            r = pygame.Rect(x0 + col + i * s(100), y, s(92), bh)
            self.scale_btns[sc] = self.button(
                r, "", text=f"{sc:g}×", object_id="@selected" if abs(self.app.chosen_scale - sc) < 1e-6 else None)
        self.scale_note_pos = (x0 + col + len(theme.SCALES) * s(100) + s(8), y + s(10))
        y += row
        label("settings.sound")
        self.sound_btn = self.button(pygame.Rect(x0 + col, y, s(140), bh),
                                     "common.on" if st.get("sound") else "common.off",
                                     object_id="@selected" if st.get("sound") else None)
        y += row
        label("settings.volume")
        self.volume = self.add(pygame_gui.elements.UIHorizontalSlider(
            pygame.Rect(x0 + col, y + s(6), s(300), bh - s(12)), float(st.get("volume", 0.6)),
            (0.0, 1.0), manager=ui, click_increment=0.1))
        y += row
        label("settings.instructor")
        self.instr_btn = self.button(pygame.Rect(x0 + col, y, s(140), bh),
                                     "common.on" if st.get("instructor_mode") else "common.off",
                                     object_id="@selected" if st.get("instructor_mode") else None)
        y += row
        label("settings.fullscreen")
        self.full_btn = self.button(pygame.Rect(x0 + col, y, s(140), bh), "settings.toggle_f11")
        y += row
        label("settings.player")
        self.name_entry = self.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x0 + col, y, s(300), bh), manager=ui))
        self.name_entry.set_text_length_limit(40)
        self.name_entry.set_text(str(st.get("player", "")))
        y += row
        r = pygame.Rect(0, 0, s(160), s(44))
        r.midbottom = (w // 2, h - s(30))
        self.back = self.button(r, "common.back")
        self.x0 = x0

    def handle(self, event) -> bool:
        st = self.ctx.progress.settings
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            for code, b in self.lang_btns.items():
                if el is b:
                    self.app.set_lang(code)
                    self._save()
                    return True
            for sc, b in self.scale_btns.items():
                if el is b:
                    self.app.set_scale(sc)
                    self._save()
                    return True
            if el is self.sound_btn:
                st["sound"] = not st.get("sound")
                self.ctx.sound.enabled = st["sound"]
                self._save()
                self.rebuild()
                return True
            if el is self.instr_btn:
                st["instructor_mode"] = not st.get("instructor_mode")
                self._save()
                self.rebuild()
                return True
            if el is self.full_btn:
                self.app.toggle_fullscreen()
                return True
            if el is self.back:
                self.app.pop()
                return True
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.volume:
            st["volume"] = round(float(self.volume.get_current_value()), 2)
            self.ctx.sound.volume = st["volume"]
            self.ctx.sound.play("click")
            return True
        if event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED) \
                and event.ui_element is self.name_entry:
            st["player"] = self.name_entry.get_text().strip()[:40]
            if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
                self._save()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_l and not self.name_entry.is_focused:
            self.app.set_lang("zh" if self.ctx.text.lang == "en" else "en")
            self._save()
            return True
        return False

    def _save(self) -> None:
        try:
            self.ctx.progress.save()
        except OSError:
            pass

    def shutdown(self) -> None:
        self._save()
        super().shutdown()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        f = self.ctx.fonts
        surface.blit(f.render(self.t("menu.settings"), theme.TITLE_FONT, theme.TEXT, bold=True),
                     (self.x0, self.s(40)))
        for key, y in self.rows:
            surface.blit(f.render(self.t(key), theme.BASE_FONT + 1, theme.TEXT_DIM), (self.x0, y + self.s(8)))
        if self.ctx.scale < self.app.chosen_scale:
            note = f.render(self.t("settings.scale_limited", s=f"{self.ctx.scale:g}"), theme.SMALL_FONT, theme.WARN)
            x, y = self.scale_note_pos
            if x + note.get_width() > surface.get_width():
                x, y = self.x0, y + self.s(28)
            surface.blit(note, (x, y))
