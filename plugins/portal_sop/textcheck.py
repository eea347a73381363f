"""Characters in data text that must not be published, or cannot be printed.

Decision (issue 10, documented on the format page): these are **errors**,
never silently stripped, because the maintainer must see what was pasted:

- control characters (U+0000–U+001F except tab and line breaks, U+007F,
  U+0080–U+009F): invisible, they break SVG/XML and terminals;
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  U+061C): they make text display in a different order than it is stored
  ("Trojan Source"), so a reviewer of a pull request cannot trust what
  they read;
- zero-width and invisible characters (U+200B–U+200D, U+2060, U+FEFF,
  U+00AD, U+180E): they make two equal-looking words different (an actor
  code "staf" with a zero-width space is not "staf").

Text the PDF font (DejaVu Sans, the font of `pdf/documents.py`) has no glyph
for, such as emoji or CJK, is a **warning**: the page shows it, the PDF
prints an empty box. Coverage is read from the font's cmap with fontTools.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

# The fonts the PDF stylesheet uses (regular and bold); see pdf/documents.py FONT_DIR.
PDF_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PDF_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
PDF_FONT_NAME = "DejaVu Sans"

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C}
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E}


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def unsafe_character(text: str) -> str | None:
    """An Indonesian description of the first character of `text` that
    must not be published, or None."""
    for char in text:
        code = ord(char)
        if (code < 0x20 and char not in _ALLOWED_CONTROLS) or 0x7F <= code <= 0x9F:
            return f"karakter kendali {_name(char)} (tidak terlihat)"
        if code in _BIDI:
            return f"karakter pengatur arah teks {_name(char)}, yang membuat teks tampil dalam urutan lain"
        if code in _INVISIBLE:
            return f"karakter tak terlihat {_name(char)}"
    return None


@cache
def _pdf_coverage() -> frozenset[int] | None:
    """Code points every PDF font has a glyph for; None when the fonts are
    not installed (then the check is skipped: `.ci/setup` installs them)."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - WeasyPrint depends on fontTools
        return None
    coverage: frozenset[int] | None = None
    for name in PDF_FONTS:
        path = PDF_FONT_DIR / name
        if not path.is_file():
            return None
        with TTFont(path, lazy=True) as font:
            points = frozenset(font.getBestCmap())
        coverage = points if coverage is None else coverage & points
    return coverage


def missing_glyphs(text: str) -> list[str]:
    """Distinct characters of `text` the PDF font cannot show, in order."""
    coverage = _pdf_coverage()
    if coverage is None:
        return []
    missing: list[str] = []
    for char in text:
        if ord(char) not in coverage and not char.isspace() and char not in missing and unsafe_character(char) is None:
            missing.append(char)
    return missing


def glyph_message(field: str, missing: list[str]) -> str:
    shown = ", ".join(f'"{c}" ({_name(c)})' for c in missing[:3]) + (" …" if len(missing) > 3 else "")
    return (f'"{field}" berisi karakter yang tidak ada di huruf PDF ({PDF_FONT_NAME}): {shown}; di halaman web tampil, '
            "tetapi di PDF tercetak sebagai kotak kosong. Ganti dengan kata biasa bila bisa")


def unsafe_message(field: str, problem: str) -> str:
    return (f'"{field}" berisi {problem}; hapus karakter itu (biasanya terbawa saat menyalin dari dokumen lain '
            "atau dari web) lalu ketik ulang bagian itu")
