"""The campaign map: one chapter per lab, tiles with stars, unlock in order."""

from __future__ import annotations

import pygame

from game import paths
from game.labs import LABS
from game.catalog import load_folder
from game.scenes.base import Scene
from game.scenes.levelgrid import LevelGrid
from game.ui import theme


def chapters_of(levels) -> list[tuple[str, list]]:
    """Group levels by lab, chapters in the registry's order."""
    out = []
    for kind, spec in sorted(LABS.items(), key=lambda kv: kv[1].order):
        group = [lv for lv in levels if lv.kind == kind]
        if group:
            out.append((spec.name_key, group))
    return out


class CampaignScene(Scene):
    name_key = "scene.campaign"
    help_keys = (("Click", "help.open_level"), ("Wheel / ↑↓", "help.scroll"), ("E", "help.export_results"),
                 ("Esc", "help.back"))

    def __init__(self, app, folder=None) -> None:
        super().__init__(app)
        result = load_folder(folder or paths.CAMPAIGN)
        self.grid = LevelGrid(self, chapters_of(result.levels), result.errors, locking=True)

    toast: tuple[str, float] | None = None

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        self.back = self.button(pygame.Rect(self.s(12), self.s(12), self.s(40), self.s(34)), "", text="◀")
        label = self.t("campaign.export")
        bw = self.ctx.fonts.get(15).size(label)[0] + self.s(28)
        self.export_btn = self.button(pygame.Rect(w - self.s(200) - bw, self.s(12), bw, self.s(34)), "campaign.export",
                                      tooltip=self.t("campaign.export_tip"))
        self.grid.layout(pygame.Rect(self.s(20), self.s(70), w - self.s(40), h - self.s(80)))

    def export(self) -> None:
        from game.export import export_results
        folder = self.ctx.progress.path.parent / "exports"
        try:
            json_path, _ = export_results(self.ctx.progress, folder, self.pack_title(),
                                          [t.level.id for t in self.grid.tiles if t.level])
            self.toast = (self.t("campaign.exported", path=str(json_path)), 5.0)
        except OSError as exc:
            self.toast = (self.t("campaign.export_failed", err=str(exc)), 5.0)

    def pack_title(self) -> str:
        return "campaign"

    def update(self, dt: float) -> None:
        if self.toast:
            self.toast = (self.toast[0], self.toast[1] - dt) if self.toast[1] > dt else None

    def animating(self) -> bool:
        return self.toast is not None

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.toast:
            img = self.ctx.fonts.render(self.toast[0], theme.BASE_FONT, theme.TEXT)
            r = img.get_rect(midbottom=(surface.get_width() // 2, surface.get_height() - self.s(16)))
            pygame.draw.rect(surface, theme.PANEL_HI, r.inflate(self.s(24), self.s(12)), border_radius=8)
            surface.blit(img, r)

    def handle(self, event) -> bool:
        import pygame_gui
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back:
            self.app.pop()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.export_btn:
            self.export()
            return True
        if event.type == pygame.MOUSEWHEEL:
            self.grid.scroll_by(-event.y * self.s(60))
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_e:
            self.export()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.grid.scroll_by(self.s(60) * (1 if event.key == pygame.K_DOWN else -1))
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            tile = self.grid.tile_at(event.pos)
            if tile is None:
                return False
            self.open(tile)
            return True
        return False

    def open(self, tile) -> None:
        from game.scenes.error import ErrorScene
        from game.scenes.play import PlayScene
        if tile.error is not None:
            self.app.push(ErrorScene.for_level(self.app, tile.error))
        elif tile.locked:
            self.ctx.sound.play("error")
        else:
            self.app.push(PlayScene(self.app, tile.level, self.mode, tile.chapter))

    mode = "campaign"

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)
        f = self.ctx.fonts
        surface.blit(f.render(self.t(self.title_key), theme.TITLE_FONT - 6, theme.TEXT, bold=True),
                     (self.s(64), self.s(14)))
        got, of = self.ctx.progress.star_total(t.level.id for t in self.grid.tiles if t.level)
        st = f.render(self.t("levels.total", got=got, of=of), theme.BASE_FONT, theme.STAR)
        surface.blit(st, st.get_rect(topright=(surface.get_width() - self.s(20), self.s(20))))
        self.grid.draw(surface)

    title_key = "menu.campaign"
