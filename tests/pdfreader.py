"""Fill a PDF form as a person does in Chromium's PDF viewer: PDFium's form
environment, a mouse click on each widget, typed characters (Enter in a
multi-line field), an option picked in a drop-down, then Save. pypdf writes
field values directly; this goes through the viewer's own code path, so the
values look exactly as a reader stores them (radio state `/0`, "\\r\\n" line ends)."""
from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

ENTER = 0x0D


def _wide(getter, *args) -> str:
    size = getter(*args, None, 0)
    buffer = ctypes.create_string_buffer(size)
    getter(*args, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
    return buffer.raw[: max(0, size - 2)].decode("utf-16-le")


def _widgets(pdf: pdfium.PdfDocument) -> Iterator[tuple[pdfium.PdfPage, object, str, int, raw.FS_RECTF]]:
    form = pdf.formenv.raw
    for index in range(len(pdf)):
        page = pdf[index]
        for n in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, n)
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                raw.FPDFPage_CloseAnnot(annot)
                continue
            rect = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annot, rect)
            yield page, annot, _wide(raw.FPDFAnnot_GetFormFieldName, form, annot), raw.FPDFAnnot_GetFormFieldType(form, annot), rect


def _click(form, page: pdfium.PdfPage, rect: raw.FS_RECTF) -> None:
    x, y = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
    raw.FORM_OnMouseMove(form, page.raw, 0, x, y)
    raw.FORM_OnLButtonDown(form, page.raw, 0, x, y)
    raw.FORM_OnLButtonUp(form, page.raw, 0, x, y)


def _type(form, page: pdfium.PdfPage, text: str) -> None:
    raw.FORM_SelectAllText(form, page.raw)
    for char in text:
        if char == "\n":
            raw.FORM_OnKeyDown(form, page.raw, ENTER, 0)
            raw.FORM_OnChar(form, page.raw, ENTER, 0)
            raw.FORM_OnKeyUp(form, page.raw, ENTER, 0)
            continue
        data = char.encode("utf-16-le")
        for k in range(0, len(data), 2):
            raw.FORM_OnChar(form, page.raw, int.from_bytes(data[k:k + 2], "little"), 0)


def fill_like_a_person(source: Path | bytes, target: Path, values: dict[str, str]) -> Path:
    """`values`: text field → text to type; radio group → the export value of
    the button to click (`baik`, `ya`…); drop-down → the option's label."""
    pdf = pdfium.PdfDocument(source)
    pdf.init_forms()
    form = pdf.formenv.raw
    done = set()
    for page, annot, name, kind, rect in list(_widgets(pdf)):
        if name not in values:
            continue
        value = values[name]
        if kind == raw.FPDF_FORMFIELD_RADIOBUTTON:
            if _wide(raw.FPDFAnnot_GetFormFieldExportValue, form, annot) == value:
                _click(form, page, rect)
                done.add(name)
        elif kind == raw.FPDF_FORMFIELD_TEXTFIELD:
            _click(form, page, rect)
            _type(form, page, value)
            raw.FORM_ForceToKillFocus(form)
            done.add(name)
        elif kind == raw.FPDF_FORMFIELD_COMBOBOX:
            raw.FORM_SetFocusedAnnot(form, annot)
            for k in range(raw.FPDFAnnot_GetOptionCount(form, annot)):
                if _wide(raw.FPDFAnnot_GetOptionLabel, form, annot, k) == value:
                    raw.FORM_SetIndexSelected(form, page.raw, k, True)
                    done.add(name)
            raw.FORM_ForceToKillFocus(form)
    missing = sorted(set(values) - done)
    if missing:
        raise AssertionError(f"no widget filled for {missing}")
    pdf.save(target)
    pdf.close()
    return target
