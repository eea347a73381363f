"""Text exports of SOP documents (what a PDF/Word-to-text tool leaves): the
bytes decoded without losing a character silently, HTML remnants of the
export removed without touching text that merely contains "<" or ">"."""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from ... import inputs
from ...findings import Report
from .common import CHECK, Source

# Only real tags of an HTML export; "<75 %" or "> 10 hari" stay text.
HTML_TAGS = "p|br|ol|ul|li|span|div|strong|b|i|em|u|sup|sub|font|table|tr|td|th|tbody|thead|a|h[1-6]|center"
CHECKBOX = re.compile(r"<input\b[^<>]*type=[\"']?checkbox[\"']?[^<>]*>", re.IGNORECASE)
BREAK = re.compile(r"</?(?:p|br|li)\b[^<>]*>", re.IGNORECASE)
TAG = re.compile(rf"</?(?:{HTML_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean(line: str) -> str:
    line = CHECKBOX.sub(CHECK, line)
    line = BREAK.sub("  ", line)
    line = TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    line = line.translate(INVISIBLE)
    # No-break and other Unicode spaces read as the space they look like.
    line = "".join(" " if unicodedata.category(c) == "Zs" else c for c in line)
    return line.replace("**", "").rstrip("\r\n")


def decode(data: bytes, display: str, report: Report) -> str | None:
    """The text of a file: UTF-8 (with or without BOM), UTF-16 (BOM, or the
    zero bytes every other byte that give it away) and, with a warning at
    the first line that is not UTF-8, Windows-1252. Anything else is refused
    with an error rather than read with replacement characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            report.error("enkode-tidak-dikenal", display, f"berkas UTF-16 rusak pada byte {exc.start}; simpan ulang sebagai UTF-8")
            return None
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = "utf-16-le" if odd > len(sample) // 4 and even == 0 else "utf-16-be" if even > len(sample) // 4 and odd == 0 else None
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        report.error("bukan-berkas-teks", display,
                     "berkas ini bukan teks (berisi byte nol); untuk dokumen Word atau PDF pakai berkas .docx atau .pdf-nya, "
                     "atau simpan sebagai teks UTF-8")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        report.error("enkode-tidak-dikenal", display,
                     f"byte 0x{byte:02X} bukan UTF-8 dan bukan Windows-1252; simpan berkas sebagai teks UTF-8 lalu ulangi", row=line)
        return None
    report.warning("dibaca-sebagai-ansi", display,
                   f"berkas tidak berenkode UTF-8 (byte 0x{byte:02X} di baris ini); dibaca sebagai Windows-1252 (ANSI): "
                   f'periksa huruf khusus seperti "{text.splitlines()[line - 1].strip()[:40]}" di hasil impor', row=line)
    return text


def read_text(path: Path, report: Report, display: str) -> Source | None:
    from . import MAX_BYTES

    text = decode(inputs.read_bytes(Path(path), None, MAX_BYTES), display, report)
    if text is None:
        return None
    return Source(display=display, lines=[clean(line) for line in re.split(r"\r\n|\r|\n", text)])
