"""The Buku SOP, assembled from the kecamatan's rendered SOP documents.

Rendering the Buku as one HTML document lays out every SOP of the kecamatan
again (about 10 s CPU for 20 SOPs, so one edited step cost its whole Buku).
Instead only the cover and the contents are rendered (WeasyPrint, tagged
PDF/A-3a like the SOP documents), and the SOP PDFs the build has already
made are appended after them with qpdf (pikepdf), in `documents.book_order`:

- every SOP keeps its tags: its structure tree becomes a `Sect` of the
  Buku's `Document`, page and annotation keys into the parent tree shifted
  past the ones before it, so screen readers and text extraction follow the
  whole Buku;
- the contents list the Buku page where each SOP starts (counted from the
  SOP PDFs), the pages are labelled 1..n, one bookmark per SOP;
- the cover's XMP metadata, output intent and language stand for the Buku;
- font subsets of different SOPs get distinct tags (the six letters before
  "+"), as the PDF specification asks of different subsets in one file;
- the file is written with object streams and an identifier taken from its
  content, so the same SOP PDFs give the same bytes.

Each SOP page keeps its own footer ("SOP … Halaman 1 dari 3"): the SOP is
printed as the document that was signed. The contents say so.
"""
from __future__ import annotations

import hashlib
import io
import re
import string
from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..model import District
from ..templating import render
from . import documents
from .documents import PdfError, PdfOptions

SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")


def front_html(district: District, options: PdfOptions, starts: Sequence[int], total_pages: int) -> str:
    """Cover and contents; `starts` are the Buku pages where the SOPs of
    `documents.book_order` begin."""
    return render(
        "pdf/buku-depan.html.j2",
        title=f"Buku SOP Kecamatan {district.name}",
        entries=list(zip(documents.book_order(district), starts)),
        total_pages=total_pages,
        year=documents.book_year(district),
        **documents.base_context(district, options),
    )


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def render_front(district: District, options: PdfOptions, counts: Sequence[int]) -> bytes:
    """The cover and contents as PDF, its page numbers right: rendered once
    with a guess of its own length (cover + one contents page) and again
    only when the contents run longer."""
    roots = documents.allowed_roots(options.data_dir)
    front_pages = 2
    for _ in range(4):
        starts = [front_pages + 1 + sum(counts[:i]) for i in range(len(counts))]
        html = front_html(district, options, starts, front_pages + sum(counts))
        data = documents.write_pdf(html, roots=roots, variant=options.pdf_variant)
        actual = page_count(data)
        if actual == front_pages:
            return data
        front_pages = actual
    raise PdfError(f"daftar isi Buku SOP Kecamatan {district.name} tidak mendapat jumlah halaman yang tetap")


def _tag(font_file: pikepdf.Object) -> str:
    digest = hashlib.sha256(font_file.read_raw_bytes()).digest()
    return "".join(string.ascii_uppercase[b % 26] for b in digest[:6])


def _retag_fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> None:
    """Give every subset font under `resources` the tag of its font file."""
    for font in (resources.get("/Font") or Dictionary()).values():
        if font.objgen in seen or "/DescendantFonts" not in font:
            continue
        seen.add(font.objgen)
        descendant = font.DescendantFonts[0]
        descriptor = descendant.FontDescriptor
        file = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        name = str(font.BaseFont)
        if file is None or not SUBSET_TAG.match(name):
            continue
        renamed = Name("/" + _tag(file) + name[7:])
        font.BaseFont = descendant.BaseFont = descriptor.FontName = renamed
    for xobject in (resources.get("/XObject") or Dictionary()).values():
        if xobject.objgen not in seen and "/Resources" in xobject:
            seen.add(xobject.objgen)
            _retag_fonts(xobject.Resources, seen)


def _top_element(pdf: pikepdf.Pdf) -> pikepdf.Object:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def assemble(front: bytes, parts: Sequence[tuple[str, bytes]]) -> bytes:
    """`front` followed by every (title, PDF) of `parts`, one tagged PDF."""
    book = pikepdf.open(io.BytesIO(front))
    if "/StructTreeRoot" not in book.Root:
        raise PdfError("sampul Buku SOP tidak bertag; Buku hanya disusun dari PDF bertag (PDF/A-3a)")
    top = _top_element(book)
    if not isinstance(top.get("/K"), Array):
        top.K = Array([top.K] if "/K" in top else [])
    nums = book.Root.StructTreeRoot.ParentTree.Nums
    starts = []
    for title, data in parts:
        part = pikepdf.open(io.BytesIO(data))
        if "/StructTreeRoot" not in part.Root:
            raise PdfError(f"PDF {title} tidak bertag; Buku hanya disusun dari PDF bertag (PDF/A-3a)")
        offset = max((int(key) for key in list(nums)[::2]), default=-1) + 1
        first = len(book.pages)
        starts.append((title, first))
        book.pages.extend(part.pages)
        for page in book.pages[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots") or Array():
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        element = _top_element(part)
        if "/P" in element:
            del element["/P"]  # copied without the part's old root
        section = book.copy_foreign(element)
        section.S = Name.Sect
        section.T = pikepdf.String(title)
        section.P = top
        top.K.append(section)
        parent_tree = part.Root.StructTreeRoot.get("/ParentTree")
        if parent_tree is None or "/Nums" not in parent_tree:
            raise PdfError(f"PDF {title}: pohon induk struktur (ParentTree) tidak berbentuk daftar datar; "
                           "Buku hanya disusun dari PDF buatan WeasyPrint")
        entries = list(parent_tree.Nums)
        for key, value in zip(entries[::2], entries[1::2]):
            nums.append(int(key) + offset)
            nums.append(book.copy_foreign(value if value.is_indirect else part.make_indirect(value)))
    seen: set[tuple[int, int]] = set()
    for page in book.pages:
        if "/Resources" in page.obj:
            _retag_fonts(page.obj.Resources, seen)
    book.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    with book.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(title, first) for title, first in starts)
    out = io.BytesIO()
    book.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def book_pdf(district: District, options: PdfOptions, parts: Sequence[bytes]) -> bytes:
    """The Buku of `district` from its SOP PDFs, given in `documents.book_order`."""
    sops = documents.book_order(district)
    if len(parts) != len(sops):
        raise PdfError(f"Buku SOP Kecamatan {district.name}: {len(parts)} PDF untuk {len(sops)} SOP")
    front = render_front(district, options, [page_count(p) for p in parts])
    return assemble(front, [(f"SOP {sop.name}", data) for sop, data in zip(sops, parts)])


def render_book_pdf(district: District, options: PdfOptions = PdfOptions()) -> bytes:
    """The Buku with its SOP documents rendered here (outside the build,
    which reuses the SOP PDFs it has made)."""
    return book_pdf(district, options, [documents.render_sop_pdf(district, sop, options)
                                        for sop in documents.book_order(district)])
