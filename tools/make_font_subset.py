"""Rebuild assets/fonts/NotoSansSC-Subset.otf from Debian's Noto Sans CJK.

Why: the full CJK collection is ~20 MB per weight; GB2312 (6,763 hanzi plus
its symbol rows) with Latin covers the course's Simplified Chinese text in
about 2 MB. Run once when the character set needs to grow:

    apt-get install fonts-noto-cjk fonttools
    python tools/make_font_subset.py

The test ``tests/test_fonts.py`` fails when a translation or level file uses a
character outside the subset, which is the signal to add it to EXTRA below.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SC_INDEX = 2  # font number of "Noto Sans CJK SC" inside the collection
OUT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"

# Symbols the UI uses beyond GB2312 and Latin-1.
EXTRA = "σθλψγμτφΔΓΣ±×÷−–—‘’“”…•·°²³¹⁰⁴⁵⁶⁷⁸⁹⁻₀₁₂₃ᵀ√∞≈≠≤≥→←↑↓↔⇄★☆✓✗▶⏸■□▲▼◀●○µ€…¼½¾"


def gb2312_text() -> str:
    """Every character that GB2312 encodes (rows 0xA1-0xF7)."""
    chars = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def main() -> int:
    latin = "".join(chr(c) for c in range(0x20, 0x17F))
    text = latin + gb2312_text() + EXTRA
    for weight in ("Regular", "Bold"):
        out = OUT_DIR / f"NotoSansSC-{weight}-Subset.otf"
        opts = subset.Options()
        opts.font_number = SC_INDEX
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        opts.desubroutinize = False
        font = subset.load_font(SOURCE.format(weight=weight), opts)
        sub = subset.Subsetter(opts)
        sub.populate(text=text)
        sub.subset(font)
        subset.save_font(font, str(out), opts)
        print(out, out.stat().st_size // 1024, "KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
