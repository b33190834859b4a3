"""Where the bundled data lives, for a source checkout and an installed wheel.

In the repository, ``assets/`` and ``levels/`` sit next to ``game/``; the wheel
carries the same folders as ``game/_data/assets`` and ``game/_data/levels``
(see ``pyproject.toml``). Everything that opens a bundled file asks here.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_root() -> Path:
    installed = _PKG / "_data"
    if (installed / "assets").is_dir():
        return installed
    return _PKG.parent


DATA_ROOT = _data_root()
ASSETS = DATA_ROOT / "assets"
LEVELS = DATA_ROOT / "levels"
CAMPAIGN = LEVELS / "campaign"
EXAMPLES = LEVELS / "examples"
FONTS = ASSETS / "fonts"
I18N = ASSETS / "i18n"
FONT_REGULAR = FONTS / "NotoSansSC-Regular-Subset.otf"
FONT_BOLD = FONTS / "NotoSansSC-Bold-Subset.otf"
