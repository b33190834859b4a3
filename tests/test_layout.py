"""Layout: no text is wider than its box, in any scene, at any UI scale, in either language.

Every scene (menu, map, sandbox picker, challenges, settings, error card,
results, save-as-challenge, the F1 help, the win banner) and every lab
(sandbox and first campaign level) is drawn at UI scale 1, 1.25, 1.5 and 2
in English and Chinese, on a 1280x720 and a 1920x1080 window (the window
caps the scale: 1280x720 allows at most 1.2, 1920x1080 at most 1.8, so the
distinct scales are drawn once each). ``tests/layout_probe.py`` measures
every text against the clip it is drawn into, the widgets that would cover
it, and every pygame_gui element against its own text; drop-down menus are
also drawn open.
"""

from __future__ import annotations

import pytest

from game import paths
from game.app import effective_scale
from tests import layout_probe

SIZES = ((1280, 720), (1920, 1080))
SCALES = (1.0, 1.25, 1.5, 2.0)
LANGS = ("en", "zh")



def _first_level(kind):
    from game.catalog import load_folder
    return next(lv for lv in load_folder(paths.CAMPAIGN).levels if lv.kind == kind)


def _level(level_id):
    from game.catalog import load_folder
    return next(lv for lv in load_folder(paths.CAMPAIGN).levels if lv.id == level_id)


def _scenes(app):
    """(name, open(app) -> scene, close(app)) for every screen drawn by the test."""
    from game.labs import LABS
    from game.levels import LevelError
    from game.scenes.campaign import CampaignScene
    from game.scenes.challenges import ChallengesScene
    from game.scenes.error import ErrorScene
    from game.scenes.play import PlayScene
    from game.scenes.sandbox import SandboxPickerScene
    from game.scenes.savechallenge import SaveChallengeScene
    from game.scenes.settings import SettingsScene

    def pop(n=1):
        def close(a):
            for _ in range(n):
                a.pop()
        return close

    def play(level, mode):
        return lambda a: a.push(PlayScene(a, level, mode))

    def results(a):
        scene = a.push(PlayScene(a, _first_level("phaseplane"), "campaign"))
        a.step(1 / 60)
        scene.finish()
        return a.scene

    def banner(a):
        scene = a.push(PlayScene(a, _first_level("phaseplane"), "campaign"))
        scene.banner.show()
        return scene

    def help_card(a):
        scene = a.push(PlayScene(a, _first_level("izhikevich"), "campaign"))
        a.show_help = True
        return scene

    def close_help(a):
        a.show_help = False
        a.pop()

    def save_challenge(kind):
        def open_(a):
            scene = a.push(PlayScene(a, LABS[kind].sandbox(), "sandbox"))
            if kind == "phaseplane":
                scene.lab.model.launch((1.5, 1.0))      # a run to offer goals from (else: no offer)
            a.step(1 / 60)
            dlg = a.push(SaveChallengeScene(a, scene))
            assert dlg.choices, f"{kind}: the dialog should offer goals from this run"
            return dlg
        return open_

    bad = LevelError(str(paths.LEVELS / "week-3" / "pp-99-a-file-name-that-is-rather-long-indeed.toml"),
                     ["goal.stars must rise when better = \"higher\": got [4, 3, 2]",
                      "params.d.default = 12 is outside [0, 10]", "title.zh is required"])
    out = [
        ("menu", lambda a: a.scene, lambda a: None),
        ("campaign", lambda a: a.push(CampaignScene(a)), pop()),
        ("sandbox", lambda a: a.push(SandboxPickerScene(a)), pop()),
        ("challenges", lambda a: a.push(ChallengesScene(a)), pop()),
        ("settings", lambda a: a.push(SettingsScene(a)), pop()),
        ("error", lambda a: a.push(ErrorScene.for_level(a, bad)), pop()),
        ("results", results, pop(2)),
        ("banner", banner, pop()),
        ("help", help_card, close_help),
        ("savechallenge", save_challenge("phaseplane"), pop(2)),
        ("savechallenge:hopfield", save_challenge("hopfield"), pop(2)),
    ]
    for kind, spec in LABS.items():
        out.append((f"{kind}:sandbox", play(spec.sandbox(), "sandbox"), pop()))
        out.append((f"{kind}:level", play(_first_level(kind), "campaign"), pop()))
    # the phase plane's lyapunov levels add V, dV/dt, a V(t) inset and their legend to the column
    out.append(("phaseplane:lyapunov", play(_level("pp-10-lasalle"), "campaign"), pop()))
    return out


def _expand_dropdowns(app) -> bool:
    import pygame_gui
    drops = [el for el in app.ctx.ui.get_sprite_group().sprites() if isinstance(el, pygame_gui.elements.UIDropDownMenu)]
    for d in drops:
        if d.current_state is d.menu_states["closed"]:
            d.current_state.should_transition = True
    return bool(drops)


@pytest.fixture
def probe(monkeypatch):
    return layout_probe.install(monkeypatch)


def _measure(app, found: set) -> None:
    """Draw every scene at every distinct scale in both languages and collect what the probe finds."""
    size = app.screen.get_size()
    scales = sorted({effective_scale(s, size): s for s in SCALES}.values())
    for name, open_, close in _scenes(app):
        scene = open_(app)
        for scale in scales:
            for lang in LANGS:
                app.set_scale(scale)
                app.set_lang(lang)
                app.step(1 / 60)
                layout_probe.PROBE.clear()
                app.step(1 / 60)
                found |= layout_probe.findings(app, name)
                if _expand_dropdowns(app):
                    app.step(1 / 60)
                    found |= {f for f in layout_probe.findings(app, name) if f[1] == "widget"}
                    app.set_lang(lang)              # a rebuild closes them again
        assert app.scene is scene, f"{name}: the scene changed while it was measured"
        close(app)


def test_no_text_is_wider_than_its_box_at_any_scale_in_either_language(probe, private_home):
    from game.app import App
    from game.scenes.menu import MenuScene
    found: set[tuple[str, str, str]] = set()
    for size in SIZES:
        app = App(size=size, lang="en", scale=1.0)
        app.progress.notice = None
        app.progress.settings["tours_seen"] = [p.stem for p in paths.CAMPAIGN.glob("*.toml")]
        layout_probe.attach(app)
        app.push(MenuScene(app))
        try:
            _measure(app, found)
        finally:
            while app.stack:
                app.stack.pop().shutdown()
    assert not found, "texts that do not fit their box:\n" + "\n".join(map(str, sorted(found)))


def test_the_probe_catches_cut_hidden_overlapping_dropped_and_widget_text(probe, app, driver):
    """The instrument itself: each rule fires on a scene drawn to break it."""
    import pygame

    from game.scenes.base import Scene
    from game.ui import theme
    from game.ui.fonts import draw_wrapped

    class Broken(Scene):
        def build(self):
            self.tight = self.button(pygame.Rect(400, 300, 40, 30), "", text="A very long label")
            self.cover = self.button(pygame.Rect(100, 400, 200, 40), "", text="OK")

        def draw(self, surface):
            surface.fill(theme.BG)
            f = self.ctx.fonts
            surface.set_clip(pygame.Rect(100, 100, 60, 40))
            surface.blit(f.render("cut at the right edge", 15, theme.TEXT), (110, 110))
            surface.set_clip(None)
            surface.blit(f.render("under a button", 15, theme.TEXT), (120, 410))
            surface.blit(f.render("first text", 15, theme.TEXT), (600, 100))
            surface.blit(f.render("second text", 15, theme.TEXT), (610, 102))
            draw_wrapped(surface, "one two three four five six seven eight nine ten", f.get(15), theme.TEXT,
                         pygame.Rect(600, 300, 80, 30))

    layout_probe.attach(app)
    app.push(Broken(app))
    app.step(1 / 60)
    probe.clear()
    app.step(1 / 60)
    rules = {(rule, text.split(" | ")[0]) for _, rule, text in layout_probe.findings(app, "broken")}
    assert ("cut", "cut at the right edge") in rules
    assert ("hidden", "under a button") in rules
    assert ("overlap", "first text") in rules
    assert ("widget", "A very long label") in rules
    assert any(rule == "dropped" for rule, _ in rules)
    app.pop()
