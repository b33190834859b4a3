"""Translations: every visible string, in English and Simplified Chinese.

Strings live in ``assets/i18n/<lang>/*.toml`` (one file per area: ``core``,
one per lab), as flat tables whose dotted paths are the keys::

    [menu]
    campaign = "Campaign"    # key "menu.campaign"

A view never holds a user-facing literal; it asks ``text("menu.campaign")``.
Level files carry their own ``{en = ..., zh = ...}`` tables, read with
:meth:`Text.pick`.
"""

from __future__ import annotations

import locale
import os
import tomllib
from pathlib import Path
from typing import Mapping

from game import paths
from game.core.readout import Say

LANGS = ("en", "zh")


def _flatten(table: Mapping, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, full + "."))
        else:
            out[full] = str(value)
    return out


def load_catalog(lang: str, root: Path | None = None) -> dict[str, str]:
    """All strings of one language, merged from every file of its folder."""
    folder = (root or paths.I18N) / lang
    catalog: dict[str, str] = {}
    for file in sorted(folder.glob("*.toml")):
        with file.open("rb") as fh:
            catalog.update(_flatten(tomllib.load(fh)))
    return catalog


def system_language() -> str:
    """'zh' when the system locale is Chinese, else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


class Text:
    """The current language's strings; switching language is immediate.

    Missing keys fall back to English, then to the key itself, so a missing
    translation is visible (and caught by ``tests/test_i18n.py``) but never
    crashes a scene.
    """

    def __init__(self, lang: str = "en") -> None:
        self._catalogs = {code: load_catalog(code) for code in LANGS}
        self.lang = lang if lang in LANGS else "en"

    def set_lang(self, lang: str) -> None:
        if lang in LANGS:
            self.lang = lang

    def __call__(self, key: str, **fmt: object) -> str:
        s = self._catalogs[self.lang].get(key) or self._catalogs["en"].get(key) or key
        if fmt:
            try:
                return s.format(**fmt)
            except (KeyError, IndexError, ValueError):
                return s
        return s

    def both(self, key: str, **fmt: object) -> dict[str, str]:
        """The string in every language, for files that must carry both.

        ``fmt`` fills the template in each language; a field that is a
        :class:`game.core.readout.Say` (an i18n key) is translated into that
        language first.
        """
        out = {}
        for code in LANGS:
            s = self._catalogs[code].get(key) or self._catalogs["en"].get(key, key)
            if fmt:
                said = {k: (self._catalogs[code].get(v) or self._catalogs["en"].get(v, v))
                        if isinstance(v, Say) else v for k, v in fmt.items()}
                try:
                    s = s.format(**said)
                except (KeyError, IndexError, ValueError):
                    pass
            out[code] = s
        return out

    def has(self, key: str) -> bool:
        return key in self._catalogs["en"]

    def pick(self, texts: Mapping[str, str] | None) -> str:
        """Choose the current language from a level file's ``{en, zh}`` table."""
        if not texts:
            return ""
        return texts.get(self.lang) or texts.get("en") or next(iter(texts.values()), "")

    def keys(self, lang: str) -> set[str]:
        return set(self._catalogs[lang])
