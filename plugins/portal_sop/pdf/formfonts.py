"""Form fonts: embed only the glyphs needed for Indonesian text entry.

A form field needs a font for the text a user types into it, so WeasyPrint
embeds every font used by a field whole (DejaVu Sans: about 6,000 glyphs,
some 400 KB per form) with a Unicode map and widths of every glyph. Typed
Indonesian needs far fewer: `ENTRY_CHARACTERS` below. `subset_form_fonts`
is a WeasyPrint finisher (called after the PDF objects are made, before they
are written) that cuts each field font down to those characters plus the
glyphs the page prints in it, with HarfBuzz's subsetter, the library
WeasyPrint itself subsets with (`libharfbuzz-subset`, see `.ci/setup`).

Glyph ids are kept (`RETAIN_GIDS`), so the page's text, drawn with glyph
ids, stays valid; the subset keeps a `cmap` for the entry characters, and
the PDF font's widths and ToUnicode map list the kept glyphs, so a reader
(or pypdf filling the form) can draw typed text with the embedded font.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

import pydyf
from fontTools.ttLib import TTFont
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data

from ..errors import PortalError


def _characters(*ranges: tuple[int, int], extra: str = "") -> frozenset[str]:
    return frozenset(chr(c) for start, end in ranges for c in range(start, end + 1)) | frozenset(extra)


# What Indonesians type into a form: Basic Latin (letters, digits, the ASCII
# punctuation, "Rp" and "%" included), Latin-1 (é in loanwords and names,
# ° ± × ÷ ½ « », no-break space), and the typographic marks that word
# processors and phones put in on their own or that offices use in notes:
# dashes – —, curly quotes ‘ ’ ‚ “ ” „, … • ·, ′ ″ (coordinates), ‰, €,
# № ("No."), ™, minus − and ≤ ≥ → for thresholds and steps.
ENTRY_CHARACTERS: frozenset[str] = _characters(
    (0x20, 0x7E), (0xA0, 0xFF),
    extra="\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2030\u2032\u2033"
          "\u20ac\u2116\u2122\u2212\u2264\u2265\u2192",
)


class FontSubsetError(PortalError):
    """HarfBuzz could not subset a form font."""


def _harfbuzz_subset(hb_face, unicodes: Iterable[int], glyphs: Iterable[int]) -> bytes:
    """The font of `hb_face` with the glyphs of `unicodes` (and their cmap
    entries) and of `glyphs`, glyph ids unchanged, hinting kept."""
    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        raise FontSubsetError(
            "pustaka HarfBuzz-Subset (libharfbuzz-subset, versi 4.1 atau lebih baru) tidak ada; "
            "jalankan `bash .ci/setup` untuk memasangnya")
    plan = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    for kind, values in ((harfbuzz_subset.HB_SUBSET_SETS_UNICODE, sorted(set(unicodes))),
                         (harfbuzz_subset.HB_SUBSET_SETS_GLYPH_INDEX, sorted(set(glyphs) | {0}))):
        target = harfbuzz_subset.hb_subset_input_set(plan, kind)
        harfbuzz.hb_set_add_sorted_array(target, ffi.new(f"hb_codepoint_t[{len(values)}]", values), len(values))
    harfbuzz_subset.hb_subset_input_set_flags(
        plan, harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
    face = harfbuzz_subset.hb_subset_or_fail(hb_face, plan)
    data = get_hb_object_data(ffi.gc(face, harfbuzz.hb_face_destroy)) if face != ffi.NULL else b""
    if not data:
        raise FontSubsetError("HarfBuzz gagal memangkas huruf formulir")
    return data


def _to_unicode_lines(mapping: dict[int, str]) -> list[bytes]:
    """A ToUnicode CMap like WeasyPrint's own (pdf/fonts.py), for `mapping`."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode() for gid, text in batch]
        lines.append(b"endbfchar")
    return lines + [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]


def _widths_array(widths: dict[int, float]) -> pydyf.Array:
    """The /W array of a CIDFont: runs of consecutive glyph ids."""
    array = pydyf.Array()
    for gid in sorted(widths):
        if gid - 1 not in widths:
            run = pydyf.Array()
            array += [gid, run]
        run.append(widths[gid])
    return array


def _object(pdf: pydyf.PDF, reference: object) -> object:
    """The pydyf object a reference (b"12 0 R") points to."""
    return pdf.objects[int(bytes(reference).split()[0])]


def subset_form_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: subset every font that a form field uses to the
    entry characters plus the glyphs printed with it (see the module text)."""
    groups: dict[str, list] = {}
    for font in document.fonts.values():
        groups.setdefault(font.hash, []).append(font)
    streams = {id(o.stream[0]): o for o in pdf.objects if isinstance(o, pydyf.Stream) and len(o.stream) == 1}
    for group in groups.values():
        if not any(font.used_in_forms for font in group) or group[0].bitmap:
            continue
        embedded = group[0]  # WeasyPrint embeds the file of the group's first font
        font_file = streams.get(id(embedded.file_content))
        if font_file is None:
            raise FontSubsetError(f"berkas huruf {embedded.family} tidak ditemukan di PDF formulir")
        printed = {gid: text for font in group for gid, text in font.to_unicode.items()}
        data = _harfbuzz_subset(embedded.hb_face, (ord(c) for c in ENTRY_CHARACTERS), printed)
        subset = TTFont(io.BytesIO(data), fontNumber=0, lazy=True)
        glyph_order = subset.getGlyphOrder()
        mapping = {subset.getGlyphID(name): chr(code) for code, name in sorted(subset.getBestCmap().items(), reverse=True)}
        mapping.update(printed)  # the page's own clusters (ligatures) as WeasyPrint mapped them
        upem = subset["head"].unitsPerEm
        hmtx = subset["hmtx"].metrics
        widths = {gid: hmtx[glyph_order[gid]][0] * 1000 / upem for gid in mapping if gid < len(glyph_order)}
        font_file.stream = [data]
        if "Length1" in font_file.extra:
            font_file.extra["Length1"] = len(data)
        names = {font.name for font in group}
        for obj in pdf.objects:
            if not (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and obj.get("BaseFont") in names):
                continue
            if "ToUnicode" in obj:  # the Type0 font: its map, rewritten in place
                _object(pdf, obj["ToUnicode"]).stream = _to_unicode_lines(mapping)
            if "W" in obj:  # its CIDFont
                obj["W"] = _widths_array(widths)
