"""Print documents: the SOP AP document and the Buku SOP as PDF (WeasyPrint).

HTML comes from Jinja templates under `templates/pdf/`; the stylesheet is
inlined, so the HTML string alone (plus the data files it names) decides the
PDF, which is what the render cache in `pdf_build` hashes. WeasyPrint only
reads files through `RestrictedFetcher`: the package's templates and assets
and the data folder, nothing else.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import logging
import re
import subprocess
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import segno
import weasyprint
from markupsafe import Markup
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject, StreamObject, TextStringObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import cache, inputs, paths
from ..errors import PortalError, UserError
from ..flowchart import table as flowchart_print
from ..model import District, Official, Sop
from ..templating import render
from . import formfonts

PACKAGE_ROOT = Path(str(resources.files("portal_sop")))
ALLOWED_PACKAGE_DIRS = (PACKAGE_ROOT / "templates", PACKAGE_ROOT / "assets")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class PdfError(PortalError):
    """A PDF could not be made; the message is for the maintainer (Indonesian)."""


class SourceRefused(UserError):
    """WeasyPrint asked for a resource outside the allowed folders."""


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: int  # landscape: the long side
    height_mm: int

    @property
    def css_size(self) -> str:
        return f"{self.width_mm}mm {self.height_mm}mm"


PAPERS = {"A4": Paper("A4", 297, 210), "F4": Paper("F4", 330, 215)}


@dataclass(frozen=True)
class PdfOptions:
    paper: str = "A4"
    site_url: str = ""  # canonical site root for the QR codes; empty = no QR code
    directory_urls: bool = True
    data_dir: Path | None = None  # the sop_data folder: logos are read from here only
    # SOP documents and the Buku: PDF/A-3a, archival and tagged (structure
    # tree, reading order, language), so screen readers and text extraction
    # follow the steps. WeasyPrint 70 writes the tags, XMP and output intent.
    pdf_variant: str | None = "pdf/a-3a"
    # Forms: PDF/A-3b, which allows AcroForm fields; `add_field_appearances` adds
    # the appearance streams it requires and drops NeedAppearances.
    form_variant: str | None = "pdf/a-3b"
    triwulan: int = 1  # preselected quarter on the data kinerja form
    # Where measured flowchart row heights are kept between builds (outside
    # the build output); None = measure in every run.
    layout_cache_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise PdfError(f'ukuran kertas "{self.paper}" tidak dikenal; pilih salah satu: {", ".join(PAPERS)}')
        if not 1 <= self.triwulan <= 4:
            raise PdfError(f"triwulan harus 1 sampai 4, bukan {self.triwulan}")

    @property
    def page(self) -> Paper:
        return PAPERS[self.paper]


class RestrictedFetcher(URLFetcher):
    """Serves `file:` URLs inside `roots` and `data:` URLs; refuses everything
    else (other files, path tricks, network) with an Indonesian message.

    Refusals are also collected, because WeasyPrint turns fetch errors into
    log warnings; the renderer fails the document when the list is not empty.
    """

    def __init__(self, roots: tuple[Path, ...], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def _refuse(self, url: str, reason: str) -> SourceRefused:
        message = f'sumber "{url}" ditolak: {reason}'
        self.refused.append(message)
        return SourceRefused(message)

    def allowed_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise self._refuse(url, "hanya berkas lokal di folder templat paket dan folder data SOP yang boleh dibaca, bukan alamat jaringan atau skema lain")
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "berkas di komputer lain tidak boleh dibaca")
        raw = unquote(parts.path)
        if ".." in raw.split("/"):
            raise self._refuse(url, 'jalur yang memakai ".." tidak diizinkan')
        target = Path(raw).resolve()
        if not any(target.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "berkas berada di luar folder templat paket dan folder data SOP")
        if not target.is_file():
            raise self._refuse(url, "berkas tidak ada")
        return target

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        target = self.allowed_path(url)
        return URLFetcherResponse(target.as_uri(), target.read_bytes())


def allowed_roots(data_dir: Path | None) -> tuple[Path, ...]:
    return ALLOWED_PACKAGE_DIRS + ((Path(data_dir),) if data_dir else ())


def _pdf_options(forms: bool, variant: str | None) -> dict[str, object]:
    return {"pdf_forms": forms or None, "pdf_variant": variant, "uncompressed_pdf": False}


def lay_out(html: str, *, roots: tuple[Path, ...], forms: bool = False,
            variant: str | None = None) -> weasyprint.document.Document:
    """Lay one HTML document out in pages (not yet a PDF); fails when any
    resource was refused."""
    fetcher = RestrictedFetcher(roots)
    document = HTML(string=html, base_url=str(PACKAGE_ROOT / "templates" / "pdf") + "/",
                    url_fetcher=fetcher).render(**_pdf_options(forms, variant))
    if fetcher.refused:
        raise PdfError("; ".join(fetcher.refused))
    return document


def pdf_bytes(document: weasyprint.document.Document, *, forms: bool = False, variant: str | None = None) -> bytes:
    """The PDF of a laid-out document, with the same options it was laid out with."""
    pdf = document.write_pdf(
        # Field fonts carry the glyphs for typed Indonesian, not the whole font.
        finisher=formfonts.subset_form_fonts if forms else None,
        **_pdf_options(forms, variant),
    )
    return add_field_appearances(pdf) if forms else pdf


def write_pdf(html: str, *, roots: tuple[Path, ...], forms: bool = False, variant: str | None = None) -> bytes:
    """Render one HTML document; fails when any resource was refused."""
    return pdf_bytes(lay_out(html, roots=roots, forms=forms, variant=variant), forms=forms, variant=variant)


MULTILINE = 1 << 12  # field flag of a multi-line text field


def _blank_appearance(writer: pypdf.PdfWriter, width: float, height: float, content: bytes = b"") -> IndirectObject:
    stream = StreamObject()
    stream.set_data(content)
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
    })
    return writer._add_object(stream)


def add_field_appearances(data: bytes) -> bytes:
    """Give every form widget its own appearance stream and drop
    NeedAppearances, which WeasyPrint sets instead of drawing text fields:
    prefilled values then show in any viewer and in print, as PDF/A asks.
    Text and choice fields get their value drawn (multi-line fields wrapped);
    check boxes and radio buttons get the "Off" drawing they lack."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf warns about the line breaks we add for wrapping
    kids: set[int] = set()
    try:
        for page in writer.pages:
            for ref in page.get("/Annots", []):
                widget = ref.get_object()
                if widget.get("/Subtype") != "/Widget":
                    continue
                parent = widget.get("/Parent")
                kind = widget.get("/FT") or (parent.get_object().get("/FT") if parent else None)
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                width, height = abs(x1 - x0), abs(y1 - y0)
                if parent is not None:
                    # WeasyPrint gives a radio button the field entries of its
                    # group and lists it as a field of its own; make it a plain
                    # widget of the group, its label kept as the widget's text.
                    if "/TU" in widget:
                        widget[NameObject("/Contents")] = TextStringObject(str(widget["/TU"]))
                    for key in ("/T", "/TU", "/FT", "/V"):
                        if key in widget:
                            del widget[key]
                    kids.add(ref.idnum)
                    group = parent.get_object()
                    label = str(group.get("/TU", ""))
                    if ": " in label and label == str(widget.get("/Contents", "")):
                        group[NameObject("/TU")] = TextStringObject(label.rsplit(": ", 1)[0])  # the question
                if kind == "/Btn":
                    normal = widget["/AP"]["/N"]
                    if "/Off" not in normal:
                        normal[NameObject("/Off")] = _blank_appearance(writer, width, height)
                elif kind in ("/Tx", "/Ch"):
                    value = widget.get("/V", "")
                    shown = str(value)
                    if not shown:
                        # An empty field draws nothing: a blank variable-text
                        # appearance, made here, because pypdf would parse the
                        # field's font again for every one of the hundreds of
                        # empty fields of a form (most of the form's time).
                        widget[NameObject("/AP")] = DictionaryObject(
                            {NameObject("/N"): _blank_appearance(writer, width, height, b"/Tx BMC EMC")})
                        widget[NameObject("/V")] = TextStringObject("")
                        continue
                    if kind == "/Ch":  # show the option's text, not its export value
                        for option in widget.get("/Opt", []):
                            if isinstance(option, list) and len(option) == 2 and str(option[0]) == shown:
                                shown = str(option[1])
                    if kind == "/Tx" and int(widget.get("/Ff", 0)) & MULTILINE and shown:
                        size = float(re.search(r"([\d.]+) Tf", str(widget.get("/DA", "8 Tf"))).group(1))
                        shown = "\n".join(textwrap.wrap(shown, max(4, int((width - 4) / (size * 0.6))))) or shown
                    writer.update_page_form_field_values(page, {widget["/T"]: shown}, auto_regenerate=False)
                    widget[NameObject("/V")] = TextStringObject(str(value))
    finally:
        quiet.setLevel(level)
    acro = writer._root_object["/AcroForm"]
    acro[NameObject("/Fields")] = ArrayObject(f for f in acro["/Fields"] if f.idnum not in kids)
    if "/NeedAppearances" in acro:
        del acro["/NeedAppearances"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- context helpers -------------------------------------------------------


def site_url_warning(site_url: str) -> str:
    """The one build warning when the PDFs get no QR code; "" when all is well."""
    if paths.is_public_site_url(site_url):
        return ""
    shown = f'"{site_url}"' if site_url.strip() else "kosong"
    return (f"site_url {shown} bukan alamat situs yang sebenarnya, jadi PDF SOP dibuat tanpa kode QR "
            "dan tautan; isi `site_url` di mkdocs.yml dengan alamat portal yang terbit.")


def canonical_url(district: District, sop: Sop, site_url: str, directory_urls: bool = True) -> str:
    """The SOP page on the published site: what the QR code encodes; "" when
    `site_url` is empty or a placeholder (no QR code to a site that is not there)."""
    if not paths.is_public_site_url(site_url):
        return ""
    return paths.absolute_url(site_url, paths.sop_page(district, sop), directory_urls)


def qr_svg(payload: str) -> Markup:
    """Inline SVG of a QR code; our own markup, so it is marked safe."""
    qr = segno.make(payload, error="m")
    return Markup(qr.svg_inline(scale=1, border=2, omitsize=True, dark="#000"))


def logo_path(district: District, data_dir: Path | None) -> Path | None:
    """The kecamatan's logo file, or None when there is none. The path is
    taken relative to the kecamatan folder and must pass the input rule
    (a regular file in the data folder, links resolved)."""
    if not district.logo or data_dir is None:
        return None
    data_dir = Path(data_dir).resolve()
    folder = data_dir / district.regency_slug / district.slug
    if district.source:
        folder = (data_dir.parent / district.source).parent
    try:
        return inputs.check_file(folder / district.logo, data_dir)
    except inputs.InputError:
        raise PdfError(
            f"logo Kecamatan {district.name} ({district.logo}) tidak ditemukan di folder data kecamatan; "
            "simpan berkas logo di folder kecamatan itu dan tulis nama berkasnya saja"
        ) from None


def logo_url(district: District, data_dir: Path | None) -> str:
    """file: URL of the kecamatan's logo, or "" when there is none."""
    path = logo_path(district, data_dir)
    return path.as_uri() if path else ""


@dataclass(frozen=True)
class SopView:
    """Everything the SOP template needs besides the model."""

    sop: Sop
    anchor: str
    qr_payload: str
    qr: Markup | None
    flowchart: list[Markup]


MARGIN_MM = 12  # left/right and top page margin (see dokumen.css)
BOTTOM_MARGIN_MM = 14  # holds the footer line
BORDER_MM = 0.2  # the table's outer border lies half outside its columns
SAFETY_MM = 2.0  # slack under the measured rows, so rounding never pushes a row over
CONNECTOR_ROW_MM = flowchart_print.STRIP_H + 0.6  # empty text cells are lower than the drawing band
PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels


MEASURE_VERSION = "2"  # bump when the measuring below changes its results


def _row_height_mm(row) -> float:
    # A row's own box height, rounded to a micrometre: the same value from the
    # measuring page and from an SOP document, wherever the row sits.
    return round(row.margin_height() * PX_MM, 6)


def _layout_key(document: str) -> str:
    return cache.content_key(MEASURE_VERSION, cache.renderer_version("weasyprint " + weasyprint.__version__),
                             font_fingerprint(), document)


def _measure_document(table_html: str, width_mm: float) -> str:
    rows = table_html.count("<tr")
    return render(
        "pdf/measure.html.j2", width=f"{width_mm + 2:.2f}mm", height=f"{max(1000, 60 * rows)}mm",
        css=Markup(flowchart_print.print_css()), table=Markup(table_html),
    )


def _stored_rows(cache_dir: Path | None, key: str) -> tuple[float, tuple[float, ...]] | None:
    stored = cache.Cache(cache_dir, ".json").get("layout", key)
    if stored is None:
        return None
    try:
        entry = json.loads(stored)
        return float(entry["header"]), tuple(float(h) for h in entry["rows"])
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry is measured again and rewritten


def _store_rows(cache_dir: Path | None, key: str, header: float, heights: tuple[float, ...]) -> None:
    cache.Cache(cache_dir, ".json").put("layout", key, json.dumps({"header": header, "rows": heights}).encode("utf-8"))


def _flowchart_rows(box):
    """(header rows, body rows) of every print flowchart table of a laid-out
    page, in document order; a header repeated on a page counts once per table."""
    if type(box).__name__ == "TableBox" and "sop-flowchart-print" in (box.element.get("class") or ""):
        header: list = []
        body: list = []
        for group in box.children:
            rows = [r for r in group.children if type(r).__name__ == "TableRowBox"]
            (header if group.is_header else body).extend(rows)
        yield header, body
        return
    for child in getattr(box, "children", ()):
        yield from _flowchart_rows(child)


def _rows_of(document, expected: int) -> tuple[float, tuple[float, ...]] | None:
    """Header height and the height of every step row and of the total row
    (last), in millimetres, as laid out in `document`; None unless each of
    the `expected` step rows was laid out once and whole, then the total."""
    header: float | None = None
    heights: list[float] = []
    totals: list[float] = []
    for page in document.pages:
        for head, body in _flowchart_rows(page._page_box):
            if header is None and head:
                header = round(sum(_row_height_mm(r) for r in head), 6)
            for row in body:
                kind = row.element.get("class") or ""
                if "step" in kind:
                    heights.append(_row_height_mm(row))
                elif "total" in kind:
                    totals.append(_row_height_mm(row))
    if header is None or len(heights) != expected or len(totals) != 1:
        return None
    return header, tuple(heights) + tuple(totals)


@functools.lru_cache(maxsize=256)
def _measure_rows(table_html: str, width_mm: float, cache_dir: Path | None = None) -> tuple[float, tuple[float, ...]]:
    """Lay out one unbroken flowchart table on a very long page and return its
    header height and the height of every body row, in millimetres. With a
    `cache_dir` the result is kept by the hash of everything it depends on
    (the measuring document with its CSS, WeasyPrint, the fonts), so an
    unchanged SOP is not laid out again on the next build."""
    document = _measure_document(table_html, width_mm)
    key = _layout_key(document)
    stored = _stored_rows(cache_dir, key)
    if stored is not None:
        return stored
    fetcher = RestrictedFetcher(ALLOWED_PACKAGE_DIRS)
    laid_out = HTML(string=document, base_url=str(PACKAGE_ROOT / "templates" / "pdf") + "/",
                    url_fetcher=fetcher).render()
    measured = _rows_of(laid_out, table_html.count('class="step"'))
    if len(laid_out.pages) != 1 or measured is None:
        raise PdfError("bagan alir tidak dapat diukur untuk pembagian halaman")
    _store_rows(cache_dir, key, *measured)
    return measured


@functools.lru_cache(maxsize=1)
def font_fingerprint() -> str:
    """Names, sizes and times of the fonts the PDFs use: a change re-renders."""
    entries = sorted(
        f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in FONT_DIR.glob("*.ttf")
    ) if FONT_DIR.is_dir() else []
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def _print_width(paper: Paper) -> float:
    return paper.width_mm - 2 * MARGIN_MM - BORDER_MM


def _available_height(paper: Paper) -> float:
    """Room for the flowchart table on one page, in millimetres."""
    return paper.height_mm - MARGIN_MM - BOTTOM_MARGIN_MM - SAFETY_MM


def _page_layout(paper: Paper, header: float, heights: tuple[float, ...]) -> flowchart_print.PageLayout:
    return flowchart_print.PageLayout(
        available=_available_height(paper),
        header=header, rows=heights[:-1], connector=CONNECTOR_ROW_MM, total=heights[-1],
    )


def _whole_table(sop: Sop, paper: Paper) -> str:
    return flowchart_print.print_table_html(sop, 10**6, _print_width(paper), total=sop.total_duration.describe())[0]


def flowchart_layout(sop: Sop, paper: Paper, cache_dir: Path | None = None) -> flowchart_print.PageLayout:
    """Measured page layout of the SOP's flowchart on `paper`: one WeasyPrint
    layout pass of the whole table, so breaks follow the rows' real heights."""
    header, heights = _measure_rows(_whole_table(sop, paper), _print_width(paper), cache_dir)
    return _page_layout(paper, header, heights)


@dataclass(frozen=True)
class FontMetrics:
    """Glyph advances of one font file, to measure text without laying it out."""

    cmap: dict[int, str]
    advances: dict[str, tuple[int, int]]
    units_per_em: int

    @classmethod
    def read(cls, path: Path | str) -> FontMetrics:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), lazy=True)
        return cls(font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm)

    def width(self, text: str, size: float) -> float:
        """Width of `text` at font size `size`, in the unit of `size`
        (a character the font lacks counts half an em)."""
        units = self.units_per_em
        return sum(self.advances.get(self.cmap.get(ord(c), ".notdef"), (units // 2, 0))[0] for c in text) * size / units


@functools.lru_cache(maxsize=2)
def _flowchart_font(bold: bool) -> FontMetrics | None:
    """The font the print flowchart's text gets (what fontconfig gives for
    Helvetica), or None when it cannot be read."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "Helvetica:bold" if bold else "Helvetica"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        return FontMetrics.read(found)
    except Exception:  # noqa: BLE001 - only a guess depends on it; see estimated_flowchart_layout
        return None


def _text_width_mm(text: str, bold: bool) -> float:
    size_mm = 8 * 25.4 / 72
    font = _flowchart_font(bold)
    return font.width(text, size_mm) if font is not None else len(text) * flowchart_print.CHAR_W * size_mm


def estimated_flowchart_layout(sop: Sop, paper: Paper) -> flowchart_print.PageLayout:
    """The page layout from the text's width in the font, without laying
    anything out: a guess that `sop_pdf` checks against the real document."""
    return flowchart_print.estimated_layout(
        sop, _print_width(paper), _available_height(paper),
        CONNECTOR_ROW_MM, _text_width_mm)


def flowchart_pages(sop: Sop, paper: Paper, cache_dir: Path | None = None,
                    layout: flowchart_print.PageLayout | None = None) -> list[Markup]:
    """The print flowchart table from `flowchart_print`, one table per page,
    broken where the measured rows fill the page (or as `layout` says), with
    off-page connectors, the header repeated on every page and the total
    service time at the end."""
    layout = layout or flowchart_layout(sop, paper, cache_dir)
    return [Markup(t) for t in flowchart_print.print_table_html(
        sop, page_width_mm=_print_width(paper), layout=layout, total=sop.total_duration.describe())]


def flowchart_css() -> Markup:
    return Markup(flowchart_print.print_css())


def sop_view(district: District, sop: Sop, options: PdfOptions,
             layout: flowchart_print.PageLayout | None = None) -> SopView:
    url = canonical_url(district, sop, options.site_url, options.directory_urls)
    return SopView(
        sop=sop,
        anchor=f"sop-{sop.slug}",
        qr_payload=url,
        qr=qr_svg(url) if url else None,
        flowchart=flowchart_pages(sop, options.page, options.layout_cache_dir, layout),
    )


def base_context(district: District, options: PdfOptions) -> dict[str, object]:
    return {
        "district": district,
        "paper": options.page,
        "flowchart_css": flowchart_css(),
        "logo": logo_url(district, options.data_dir),
        # The data's own date, not today's: the same data gives the same PDF.
        "created": document_date(district),
    }


def sop_html(district: District, sop: Sop, options: PdfOptions,
             layout: flowchart_print.PageLayout | None = None) -> str:
    """The SOP document's HTML; its flowchart broken into pages by the
    measured row heights, or by `layout` when given."""
    return render(
        "pdf/sop.html.j2",
        title=f"SOP {sop.name} – Kecamatan {district.name}",
        view=sop_view(district, sop, options, layout),
        **base_context(district, options),
    )


def sop_pdf(district: District, sop: Sop, options: PdfOptions, roots: tuple[Path, ...],
            variant: str | None) -> bytes:
    """The SOP document as PDF, the same bytes as rendering `sop_html`, mostly
    in one layout pass instead of two.

    Where the flowchart breaks depends on its rows' heights, which only a
    layout tells. Instead of laying out the whole table once just to
    measure it, the document is laid out with the heights known from an
    earlier build (the layout cache) or, failing that, estimated from the
    text's width in the font; the rows' real heights are then read from
    that very layout. When they break the pages as the guess did, that
    layout is the document; otherwise it is laid out once more with the
    real heights. A row split over two pages (a guess far too low) is
    measured on its own page, as `flowchart_layout` does."""
    paper = options.page
    whole = _whole_table(sop, paper)
    key = _layout_key(_measure_document(whole, _print_width(paper)))
    known = _stored_rows(options.layout_cache_dir, key)
    guess = _page_layout(paper, *known) if known else estimated_flowchart_layout(sop, paper)
    html = sop_html(district, sop, options, guess)
    document = lay_out(html, roots=roots, variant=variant)
    if known is None:
        measured = _rows_of(document, whole.count('class="step"'))
        if measured is None:
            measured = _measure_rows(whole, _print_width(paper), options.layout_cache_dir)  # stores them
        else:
            _store_rows(options.layout_cache_dir, key, *measured)
        exact = _page_layout(paper, *measured)
        if flowchart_print.page_ranges(sop, exact) != flowchart_print.page_ranges(sop, guess):
            document = lay_out(sop_html(district, sop, options, exact), roots=roots, variant=variant)
    return pdf_bytes(document, variant=variant)


def document_date(district: District) -> str:
    dates = [s.last_date for s in district.sops if s.last_date]
    if not dates:
        return ""
    latest = max(dates)
    return f"{latest.year:04d}-{latest.month:02d}-{latest.day or 1:02d}"


def book_year(district: District) -> int:
    dates = [s.last_date for s in district.sops if s.last_date]
    return max(dates).year if dates else dt.date.today().year


def natural_key(text: str) -> tuple:
    """Sort key reading digit runs as numbers and ignoring spacing and case:
    "PK . KEC . KBS / 011" after "PK. KEC. KBS / 010", "SOP 9" before "SOP 10"."""
    squeezed = re.sub(r"\s+", "", text).casefold()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", squeezed) if part)


def book_order(district: District) -> list[Sop]:
    """The Buku's SOPs: by nomor SOP in natural order, then by name; SOPs
    without a number come last."""
    return sorted(district.sops, key=lambda s: (not s.number, natural_key(s.number), natural_key(s.name)))


def book_html(district: District, options: PdfOptions) -> str:
    """The Buku as one HTML document that lays out every SOP again. The
    build assembles the Buku from the SOP PDFs instead (`book.py`); this is
    kept to measure one against the other (`benchmarks/pdf_stage.py buku`)."""
    return render(
        "pdf/buku.html.j2",
        title=f"Buku SOP Kecamatan {district.name}",
        views=[sop_view(district, s, options) for s in book_order(district)],
        year=book_year(district),
        **base_context(district, options),
    )


def render_sop_pdf(district: District, sop: Sop, options: PdfOptions = PdfOptions()) -> bytes:
    return sop_pdf(district, sop, options, allowed_roots(options.data_dir), options.pdf_variant)


def official_lines(official: Official) -> list[str]:
    lines = [official.name or "………………………………"]
    if official.rank:
        lines.append(official.rank)
    nip = official.nip.formatted() if official.nip else official.nip_text
    lines.append(f"NIP. {nip}" if nip else "NIP. ………………………………")
    return lines
