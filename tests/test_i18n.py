"""Bilingual text: both catalogs complete, every key used exists, every glyph in the font."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pygame

from game import paths
from game.ui.text import LANGS, Text, load_catalog

ROOT = Path(__file__).resolve().parent.parent


def test_english_and_chinese_catalogs_have_the_same_keys():
    en, zh = load_catalog("en"), load_catalog("zh")
    assert set(en) - set(zh) == set(), f"missing in zh: {sorted(set(en) - set(zh))[:10]}"
    assert set(zh) - set(en) == set(), f"missing in en: {sorted(set(zh) - set(en))[:10]}"


def test_chinese_strings_are_really_chinese_where_english_has_words():
    en, zh = load_catalog("en"), load_catalog("zh")
    same = [k for k in en if en[k] == zh[k] and re.search(r"[a-z]{4,}", en[k]) and not k.endswith(".english")]
    allowed = {"app.title"}
    assert not [k for k in same if k not in allowed], f"untranslated: {same[:10]}"


def test_format_fields_match_between_languages():
    en, zh = load_catalog("en"), load_catalog("zh")
    for key in en:
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", zh.get(key, ""))), key


def _literal_keys() -> set[str]:
    keys = set()
    pattern = re.compile(r"""(?:\bt|\.text|self\.t|ctx\.text|text)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    for f in (ROOT / "game").rglob("*.py"):
        keys |= set(pattern.findall(f.read_text(encoding="utf-8")))
    return keys


def test_every_literal_key_used_in_code_exists():
    en = load_catalog("en")
    missing = sorted(k for k in _literal_keys() if k not in en)
    assert not missing, f"keys used in code but not in assets/i18n: {missing}"


def _missing_glyphs(chars: set[str]) -> set[str]:
    """Characters the bundled font has no glyph for (FreeType's charmap lookup: None = no glyph)."""
    import pygame.freetype
    pygame.freetype.init()
    font = pygame.freetype.Font(str(paths.FONT_REGULAR), 16)
    chars = sorted(ch for ch in chars if 0x20 <= ord(ch))
    return {ch for ch, m in zip(chars, font.get_metrics("".join(chars))) if m is None}


def _texts_to_render() -> dict[str, str]:
    out = {}
    for lang in LANGS:
        for k, v in load_catalog(lang).items():
            out[f"i18n/{lang}/{k}"] = v
    for f in sorted(paths.LEVELS.rglob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        out[str(f.relative_to(paths.LEVELS))] = repr(data)
    return out


def test_every_character_in_translations_and_levels_is_in_the_font():
    texts = _texts_to_render()
    absent = _missing_glyphs(set("".join(texts.values())))
    missing = {}
    for where, text in texts.items():
        for ch in set(text) & absent:
            missing.setdefault(ch, where)
    assert not missing, "glyphs missing from the bundled font (they render blank): " + ", ".join(
        f"{ch!r} U+{ord(ch):04X} in {w}" for ch, w in list(missing.items())[:10])


def test_the_glyph_check_finds_a_character_the_font_lacks():
    assert _missing_glyphs({"\ue000", "相"}) == {"\ue000"}, "the glyph check cannot fail"


def test_bundled_font_draws_chinese_glyphs_not_tofu():
    pygame.font.init()
    font = pygame.font.Font(str(paths.FONT_REGULAR), 32)
    glyphs = [pygame.surfarray.array3d(font.render(ch, True, (255, 255, 255), (0, 0, 0))).sum(axis=2) > 0
              for ch in "相平面鞍点"]
    tofu = pygame.surfarray.array3d(font.render("\ue000", True, (255, 255, 255), (0, 0, 0))).sum(axis=2) > 0
    for g in glyphs:
        assert g.sum() > 40, "a Chinese glyph drew almost nothing"
        if g.shape == tofu.shape:
            assert (g != tofu).sum() > 20, "a Chinese glyph looks like the missing-glyph box"
    assert len({g.tobytes() for g in glyphs}) == len(glyphs), "different characters drew the same shape"


def test_missing_key_falls_back_to_english_then_the_key():
    t = Text("zh")
    assert t("no.such.key") == "no.such.key"
    assert t("menu.play_nonexistent", n=1) == "menu.play_nonexistent"
    assert t("results.score", v="3") == "得分：3"


def test_chinese_menu_screenshot_shows_chinese_text(app, driver):
    app.set_lang("zh")
    driver.frames(2)
    shot = pygame.surfarray.array3d(app.screen)
    assert app.scene.buttons["campaign"].text == "闯关模式"
    # the title area carries light text pixels from the Chinese title
    h = shot.shape[1]
    title = shot[:, int(h * 0.08):int(h * 0.26)]
    assert (title.min(axis=2) > 200).sum() > 2000


def test_text_cache_drops_its_oldest_entries_not_everything():
    """A full cache must not force every label to re-render in one frame."""
    import pygame
    from game.ui import fonts as fonts_mod
    pygame.font.init()
    f = fonts_mod.Fonts(1.0)
    keep = f.render("keep me", 14, (255, 255, 255))
    for i in range(fonts_mod.TEXT_CACHE_MAX - 1):
        f.render(f"v = {i}", 14, (255, 255, 255))
    assert len(f._text_cache) == fonts_mod.TEXT_CACHE_MAX
    f.render("one more", 14, (255, 255, 255))
    assert len(f._text_cache) == fonts_mod.TEXT_CACHE_MAX - fonts_mod.TEXT_CACHE_MAX // 4 + 1
    newest = f.render(f"v = {fonts_mod.TEXT_CACHE_MAX - 2}", 14, (255, 255, 255))
    assert f.render(f"v = {fonts_mod.TEXT_CACHE_MAX - 2}", 14, (255, 255, 255)) is newest
    assert f.render("keep me", 14, (255, 255, 255)) is not keep     # the oldest went first
