"""Challenges: levels from any folder the instructor points at.

Folders come from ``neuroarcade --levels DIR``, the player's own saved
challenges, the shipped examples, or the folder picker. Broken files are
listed with their error and never stop the rest from loading.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from game import paths
from game.packs import load_pack
from game.scenes.base import Scene
from game.scenes.campaign import chapters_of
from game.scenes.levelgrid import LevelGrid
from game.ui import theme


class ChallengesScene(Scene):
    name_key = "scene.challenges"
    help_keys = (("Click", "help.open_level"), ("O", "help.open_folder"), ("Esc", "help.back"))
    mode = "challenge"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.folders = [Path(p) for p in self.ctx.challenge_dirs]
        for extra in (self.ctx.progress.path.parent / "challenges", paths.EXAMPLES):
            if extra not in self.folders:
                self.folders.append(extra)
        self.folder = self.folders[0]
        self.dialog = None
        self._load()

    def _load(self) -> None:
        self.pack = load_pack(self.folder) if self.folder.is_dir() else None
        levels = self.pack.levels if self.pack else []
        errors = self.pack.errors if self.pack else []
        in_order = bool(self.pack and self.pack.in_order)
        chapters = [("challenges.pack_levels", levels)] if in_order and levels else chapters_of(levels)
        self.grid = LevelGrid(self, chapters, errors, locking=in_order)
        self.empty = not levels and not errors

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        s = self.s
        self.back = self.button(pygame.Rect(s(12), s(12), s(40), s(34)), "", text="◀")
        self.pick = self.button(pygame.Rect(w - s(200), s(12), s(180), s(34)), "challenges.open_folder")
        names = [str(p) for p in self.folders]
        self.drop = self.add(pygame_gui.elements.UIDropDownMenu(
            names, str(self.folder), pygame.Rect(s(64), s(54), min(w - s(90), s(760)), s(32)),
            manager=self.ctx.ui))
        self.grid.layout(pygame.Rect(s(20), s(100), w - s(40), h - s(110)))

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
                return True
            if event.ui_element is self.pick:
                self.open_picker()
                return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.drop:
            self.set_folder(Path(event.text))
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self.dialog:
            self.set_folder(Path(event.text))
            self.dialog = None
            return True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog:
            self.dialog = None
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_o:
            self.open_picker()
            return True
        if event.type == pygame.MOUSEWHEEL and self.dialog is None:
            self.grid.scroll_by(-event.y * self.s(60))
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.dialog is None:
            tile = self.grid.tile_at(event.pos)
            if tile is not None:
                from game.scenes.error import ErrorScene
                from game.scenes.play import PlayScene
                if tile.error is not None:
                    self.app.push(ErrorScene.for_level(self.app, tile.error))
                elif tile.locked:
                    self.ctx.sound.play("error")
                else:
                    hints = self.pack.hints if self.pack else True
                    self.app.push(PlayScene(self.app, tile.level, self.mode, tile.chapter, hints=hints))
                return True
        return False

    def open_picker(self) -> None:
        if self.dialog is not None:
            return
        w, h = self.app.screen.get_size()
        rect = pygame.Rect(0, 0, min(w - 40, self.s(640)), min(h - 40, self.s(480)))
        rect.center = (w // 2, h // 2)
        self.dialog = self.add(pygame_gui.windows.UIFileDialog(
            rect, self.ctx.ui, window_title=self.t("challenges.pick_title"),
            initial_file_path=str(self.folder if self.folder.is_dir() else Path.home()),
            allow_picking_directories=True, allow_existing_files_only=True))

    def set_folder(self, folder: Path) -> None:
        if folder.is_file():
            folder = folder.parent
        self.folder = folder
        if folder not in self.folders:
            self.folders.insert(0, folder)
        self._load()
        self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        f = self.ctx.fonts
        surface.blit(f.render(self.t("menu.challenges"), theme.TITLE_FONT - 6, theme.TEXT, bold=True),
                     (self.s(64), self.s(10)))
        if self.pack is not None and (self.pack.author or (self.folder / "pack.toml").is_file()):
            line = self.ctx.text.pick(self.pack.title)
            if self.pack.author:
                line += "  ·  " + self.t("challenges.author", name=self.pack.author)
            img = f.render(line, theme.BASE_FONT, theme.ACCENT)
            surface.blit(img, img.get_rect(topright=(surface.get_width() - self.s(220), self.s(18))))
        if self.empty:
            msg = f.render(self.t("challenges.empty"), theme.BASE_FONT, theme.TEXT_DIM)
            surface.blit(msg, (self.s(30), self.s(120)))
        self.grid.draw(surface)
