"""Data kinerja as generated files: one page per kecamatan, a comparison
page, SVG charts drawn at build time, and the open-data downloads.

Everything returned is plain text or bytes keyed by docs-relative path, so an
adapter can hand it to MkDocs (`File.generated`) or write it to a directory.
Same input, same bytes: every collection is sorted and the zip is stamped
with a fixed time.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .. import paths
from ..model import District, Portal
from ..templating import render
from . import monev, opendata
from .model import (
    BOUNDED_UNITS,
    QUARTER_NAMES,
    QUARTERS,
    Indicator,
    KinerjaPackage,
    Measure,
    Polarity,
    Status,
    measure,
)

COMPARISON_PAGE = paths.KINERJA_COMPARISON_PAGE
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHART_YEARS = 3  # the chart shows at most the last three years
LOCALE = "id"


@dataclass
class KinerjaFiles:
    pages: dict[str, str] = field(default_factory=dict)  # docs path -> Markdown
    assets: dict[str, bytes] = field(default_factory=dict)  # docs path -> bytes
    district_pages: dict[str, str] = field(default_factory=dict)  # District.path -> its page


# Paths (the rules live in `paths`)

district_page = paths.kinerja_page
download_folder = paths.kinerja_download_folder


def zip_name(district: District, package: KinerjaPackage) -> str:
    suffix = "-contoh" if package.is_sample else ""
    return f"data-kinerja-{district.regency_slug}-{district.slug}{suffix}.zip"


def zip_path(district: District, package: KinerjaPackage) -> str:
    return paths.district_download(district, zip_name(district, package))


# Formatting


def number(value: float | None, decimals: int = 2) -> str:
    """Indonesian number: decimal comma, dot for thousands, no trailing zeros."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.0", locale=LOCALE) + "%"


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return number(value) + "%"
    if unit in BOUNDED_UNITS:  # an index or a score reads as a bare number
        return number(value)
    return f"{number(value)} {unit}"


def tanggal(value: dt.date | None) -> str:
    return format_date(value, "d MMMM y", locale=LOCALE) if value else "–"


# Views


@dataclass(frozen=True)
class QuarterView:
    quarter: int
    name: str
    measure: Measure


@dataclass(frozen=True)
class YearView:
    year: int
    quarters: tuple[QuarterView, ...]
    latest: Measure  # the last quarter reported in this year
    target: float | None  # the indicator's target for this year

    @property
    def latest_label(self) -> str:
        result = self.latest.result
        return f"s.d. TW {QUARTER_NAMES[result.quarter]}" if result else ""


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    years: tuple[YearView, ...]
    anchor: str
    chart: Markup


def _year_view(package: KinerjaPackage, indicator: Indicator, year: int) -> YearView:
    target = package.target(indicator.code, year)
    quarters = tuple(
        QuarterView(q, QUARTER_NAMES[q], measure(indicator, package.result(indicator.code, year, q), target))
        for q in QUARTERS
    )
    return YearView(year, quarters, measure(indicator, package.latest(indicator.code, year), target), target)


def _anchor(code: str) -> str:
    return "indikator-" + code.lower()


def indicator_views(package: KinerjaPackage) -> list[IndicatorView]:
    views = []
    for indicator in package.indicators:
        years = tuple(_year_view(package, indicator, y) for y in package.years)
        views.append(IndicatorView(indicator, years, _anchor(indicator.code), chart_svg(indicator, years, package.is_sample)))
    return views


# Chart


# Horizontal bars, drawn for a phone first: the chart is about as wide as a
# 360 px screen's column in user units, so its 13-unit text shows at 12 CSS px
# or more there; the page caps its width on a desktop. Values sit in a column
# of their own right of the plot and the reference line (target, or 100 %)
# runs only beside the bars, so no label can touch the line or another label.
CHART_W = 340.0
CHART_FONT = 13.0
CHART_PAD = 6.0
VALUE_COL = 62.0  # right-hand column for value labels
BAR_H, BAR_PITCH, HEADING_H, GROUP_GAP = 14.0, 18.0, 18.0, 8.0
LINE_H = 18.0


@dataclass(frozen=True)
class _BarRow:
    label: str  # value label, shown in the value column
    value: float | None  # None: not reported
    fill: str


@dataclass(frozen=True)
class _BarGroup:
    heading: str
    rows: tuple[_BarRow, ...]


@dataclass(frozen=True)
class _LegendItem:
    kind: str  # "swatch" | "line" | "text"
    x: str
    y: str
    text: str
    fill: str = ""


def _nice_ceiling(value: float) -> tuple[float, float]:
    """A round axis maximum and its tick step, about four ticks."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(value / step), step


def _f(value: float) -> str:
    return f"{value:.1f}"


def _bar_chart(
    groups: list[_BarGroup], *, reference: float | None, reference_label: list[str], legend: list[tuple[str, str]],
    top_value: float, step: float, tick_format: Any, title: str, desc: str, ids: tuple[str, str], sample: bool,
) -> Markup:
    left, plot_right = CHART_PAD, CHART_W - VALUE_COL
    plot_w = plot_right - left
    y = CHART_PAD
    notes = []
    if sample:
        notes.append((_f(left), _f(y + CHART_FONT), "DATA CONTOH, bukan data resmi"))
        y += LINE_H + 4

    def x_of(value: float) -> float:
        return left + max(0.0, min(value, top_value)) / top_value * plot_w

    headings, bars, values, segments = [], [], [], []
    plot_top = y
    for group in groups:
        headings.append((_f(left), _f(y + CHART_FONT), group.heading))
        y += HEADING_H
        first = y
        for row in group.rows:
            if row.value is not None:
                bars.append((_f(left), _f(y + (BAR_PITCH - BAR_H) / 2), _f(max(x_of(row.value) - left, 0.5)), _f(BAR_H), row.fill))
            values.append((_f(plot_right + 6), _f(y + BAR_PITCH / 2), row.label))
            y += BAR_PITCH
        segments.append((_f(first), _f(y)))
        y += GROUP_GAP
    plot_bottom = y - GROUP_GAP + 2
    ticks = []
    tick = 0.0
    while tick <= top_value + 1e-9:
        ticks.append((_f(x_of(tick)), tick_format(tick)))
        tick += step
    axis_label_y = plot_bottom + 4 + CHART_FONT
    y = axis_label_y + LINE_H + 6
    items: list[_LegendItem] = []
    x = left
    for fill, text in legend:
        width = 18 + len(text) * CHART_FONT * 0.6 + 14
        if x + width > CHART_W and x > left:
            x, y = left, y + LINE_H
        items.append(_LegendItem("swatch", _f(x), _f(y), text, fill))
        x += width
    y += LINE_H
    items.append(_LegendItem("line" if reference is not None else "text", _f(left), _f(y), reference_label[0]))
    for extra in reference_label[1:]:
        y += LINE_H
        items.append(_LegendItem("text", _f(left), _f(y), extra))
    height = y + LINE_H - 4
    return Markup(render(
        "kinerja/chart.svg.j2",
        width=_f(CHART_W), height=_f(height), font=_num_attr(CHART_FONT), left=_f(left), plot_right=_f(plot_right),
        plot_bottom=_f(plot_bottom), axis_label_y=_f(axis_label_y), reference_x=_f(x_of(reference)) if reference is not None else None, segments=segments,
        headings=headings, bars=bars, values=values, ticks=ticks, legend=items, notes=notes,
        title=title, desc=desc, title_id=ids[0], desc_id=ids[1], sample=sample,
    ).strip())


def _num_attr(value: float) -> str:
    return f"{value:g}"


def chart_svg(indicator: Indicator, years: tuple[YearView, ...], sample: bool) -> Markup:
    """Realisasi per quarter (one bar per year) against the annual target.
    Drawn here, inline, so the site needs no chart JavaScript."""
    years = years[-CHART_YEARS:]
    fills = CHART_FILLS[len(CHART_FILLS) - len(years):]
    values = [q.measure.result.value for y in years for q in y.quarters if q.measure.result]
    # The dashed line is the target of the latest year shown; the table and
    # the description give every year's target.
    target = years[-1].target if years else None
    highest = max(values + ([target] if target is not None else []) + [0.0])
    if indicator.unit in BOUNDED_UNITS and highest <= BOUNDED_UNITS[indicator.unit][1]:
        top_value, step = BOUNDED_UNITS[indicator.unit][1], 25.0
    else:
        top_value, step = _nice_ceiling(highest * 1.1)
    groups = []
    for q in QUARTERS:
        rows = []
        for index, year in enumerate(years):
            result = year.quarters[q - 1].measure.result
            rows.append(_BarRow(
                f"{number(result.value, 1)}" if result else "–", result.value if result else None, fills[index],
            ))
        groups.append(_BarGroup(f"Triwulan {QUARTER_NAMES[q]}", tuple(rows)))
    # The reference line is the target of the latest year shown; the table
    # and the description give every year's target.
    reference_label = [f"Target {years[-1].year} {with_unit(target, indicator.unit)}" if target is not None
                       else f"Target {years[-1].year} belum ditetapkan" if years else "Target belum ditetapkan"]
    if indicator.polarity is Polarity.LOWER_IS_BETTER:
        reference_label.append("(makin rendah makin baik)")
    code = indicator.code.lower()
    return _bar_chart(
        groups, reference=target, reference_label=reference_label,
        legend=[(fill, str(y.year)) for fill, y in zip(fills, years)],
        top_value=top_value, step=step, tick_format=lambda v: number(v, 2),
        title=f"Grafik realisasi per triwulan: {indicator.name}", desc=_chart_description(indicator, years),
        ids=(f"grafik-{code}-judul", f"grafik-{code}-uraian"), sample=sample,
    )


def comparison_chart_svg(shared: "SharedIndicator", years: tuple[int, ...], sample: bool) -> Markup:
    """Capaian of each kecamatan per year (targets differ, capaian compares):
    one group per kecamatan, the 100 % line as reference."""
    years = years[-CHART_YEARS:]
    fills = CHART_FILLS[len(CHART_FILLS) - len(years):]
    groups, values, parts = [], [], []
    for row in shared.rows:
        bars = []
        views = row.years[-len(years):] if years else ()
        for index, view in enumerate(views):
            achievement = view.latest.achievement if view.latest.result else None
            if achievement is not None:
                values.append(achievement)
            bars.append(_BarRow(percent(achievement) if achievement is not None else "–", achievement, fills[index]))
            parts.append(f"{row.district.name} {view.year}: capaian {percent(achievement) if achievement is not None else 'belum dilaporkan'}")
        groups.append(_BarGroup(f"Kecamatan {row.district.name}", tuple(bars)))
    top_value, step = _nice_ceiling(max(values + [100.0]) * 1.1)
    code = shared.code.lower()
    return _bar_chart(
        groups, reference=100.0, reference_label=["Capaian 100% (target tercapai)"],
        legend=[(fill, str(y)) for fill, y in zip(fills, years)],
        top_value=top_value, step=step, tick_format=lambda v: number(v, 0) + "%",
        title=f"Grafik capaian per kecamatan: {shared.name}",
        desc=f"Capaian dari realisasi triwulan terakhir yang dilaporkan setiap tahun. " + "; ".join(parts) + ".",
        ids=(f"banding-{code}-judul", f"banding-{code}-uraian"), sample=sample,
    )


# Fills from oldest to latest year; the latest year is always the darkest.
CHART_FILLS = ("#cfd8dc", "#78909c", "#1565c0")


def _chart_description(indicator: Indicator, years: tuple[YearView, ...]) -> str:
    targets = "; ".join(
        f"{y.year} {with_unit(y.target, indicator.unit)}" if y.target is not None else f"{y.year} belum ditetapkan"
        for y in years
    )
    parts = [f"Target: {targets}; {indicator.polarity.describe}."]
    for year in years:
        cells = [
            f"TW {q.name} {with_unit(q.measure.result.value, indicator.unit)}" if q.measure.result
            else f"TW {q.name} belum dilaporkan"
            for q in year.quarters
        ]
        parts.append(f"{year.year}: " + "; ".join(cells) + ".")
    return " ".join(parts)


# Pages


class _Linker:
    def __init__(self, page: str, directory_urls: bool):
        self.page, self.directory_urls = page, directory_urls

    def __call__(self, target: str) -> str:
        return paths.relative_url(self.page, target, self.directory_urls)


def _front_matter(title: str, description: str = "") -> str:
    # JSON is valid YAML and quotes every value safely; MkDocs shows titles unescaped.
    lines = [f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(str(escape(description)), ensure_ascii=False)}")
    # Wide year-by-year tables get the table of contents' column.
    lines.append('hide: ["toc"]')
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _helpers() -> dict[str, Any]:
    return {
        "number": number, "percent": percent, "with_unit": with_unit, "tanggal": tanggal,
        "Status": Status, "Polarity": Polarity, "QUARTER_NAMES": QUARTER_NAMES,
    }


def district_markdown(
    district: District, package: KinerjaPackage, files: dict[str, bytes], *, directory_urls: bool = True,
    site_url: str = "",
) -> str:
    """The data page; `files` are the package's downloads (`download_files`)."""
    page = district_page(district)
    link = _Linker(page, directory_urls)
    downloads = [(posixpath.basename(path), link(path), len(data)) for path, data in files.items()
                 if path != zip_path(district, package)]
    def url(path: str) -> str:  # absolute with a real site URL, else relative to this page
        if not site_url:
            return link(path)
        return opendata.absolute(site_url, paths.page_url(path, directory_urls) if path.endswith(".md") else path)

    jsonld = opendata.dataset_jsonld(
        district, package, url(page), [(posixpath.basename(path), url(path)) for path in files],
    )
    body = render(
        "kinerja/district.md.j2",
        district=district,
        package=package,
        views=indicator_views(package),
        years=package.years,
        downloads=downloads,
        zip_link=link(zip_path(district, package)),
        zip_name=zip_name(district, package),
        district_link=link(paths.district_page(district)),
        comparison_link=link(COMPARISON_PAGE),
        catalogue_link=link(opendata.CATALOGUE),
        jsonld=Markup(opendata.script_tag_json(jsonld)),
        **_helpers(),
    )
    names = "; ".join(i.name for i in package.indicators)
    description = (
        f"Target dan realisasi per triwulan indikator kinerja Kecamatan {district.name}, Kabupaten "
        f"{district.regency}{' (data contoh)' if package.is_sample else ''}: {names}."
    )
    return _front_matter(f"Data Kinerja Kecamatan {district.name}", description) + body


@dataclass(frozen=True)
class ComparisonRow:
    district: District
    package: KinerjaPackage
    indicator: Indicator
    years: tuple[YearView, ...]  # one per year of the comparison, in order
    link: str


@dataclass(frozen=True)
class SharedIndicator:
    code: str
    name: str
    unit: str
    polarity: Polarity
    other_names: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


def shared_indicators(
    portal: Portal, packages: dict[str, KinerjaPackage], years: tuple[int, ...], link: Any = None
) -> list[SharedIndicator]:
    """Indicators reported by at least two kecamatan under the same code,
    unit and polarity; the rest cannot be compared."""
    by_key: dict[tuple[str, str, Polarity], list[tuple[District, KinerjaPackage, Indicator]]] = {}
    for district in portal.districts:
        package = packages.get(district.path)
        if package is None:
            continue
        for indicator in package.indicators:
            by_key.setdefault((indicator.code, indicator.unit, indicator.polarity), []).append((district, package, indicator))
    shared = []
    for (code, unit, polarity), entries in sorted(by_key.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2].value)):
        if len({d.path for d, _, _ in entries}) < 2:
            continue
        names = Counter(i.name for _, _, i in entries)
        name = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rows = tuple(
            ComparisonRow(
                d, p, i, tuple(_year_view(p, i, y) for y in years),
                link(district_page(d)) + "#" + _anchor(i.code) if link else "",
            )
            for d, p, i in sorted(entries, key=lambda e: (e[0].regency.lower(), e[0].name.lower()))
        )
        shared.append(SharedIndicator(code, name, unit, polarity, tuple(sorted(set(names) - {name})), rows))
    return shared


def comparison_markdown(
    portal: Portal, packages: dict[str, KinerjaPackage], *, directory_urls: bool = True
) -> str:
    link = _Linker(COMPARISON_PAGE, directory_urls)
    years = tuple(sorted({y for p in packages.values() for y in p.years}))
    shared = shared_indicators(portal, packages, years, link)
    shared_codes = {(s.code, s.unit, s.polarity) for s in shared}
    own = [
        (d, packages[d.path], i)
        for d in portal.districts if d.path in packages
        for i in packages[d.path].indicators
        if (i.code, i.unit, i.polarity) not in shared_codes
    ]
    published = [d for d in portal.districts if d.path in packages]
    sample = any(packages[d.path].is_sample for d in portal.districts if d.path in packages)
    body = render(
        "kinerja/comparison.md.j2",
        charts={s.code + s.unit + s.polarity.value: comparison_chart_svg(s, years, sample) for s in shared},
        shared=shared,
        own=own,
        years=years,
        published=published,
        missing=[d for d in portal.districts if d.path not in packages],
        any_sample=any(packages[d.path].is_sample for d in published),
        all_sample=bool(published) and all(packages[d.path].is_sample for d in published),
        packages=packages,
        link=link,
        district_page=district_page,
        **_helpers(),
    )
    description = (
        f"Perbandingan capaian indikator kinerja {len(published)} kecamatan"
        f"{' (data contoh)' if any(packages[d.path].is_sample for d in published) else ''}, dengan grafik dan tabel per indikator."
    )
    return _front_matter("Perbandingan Data Kinerja Kecamatan", description) + body


# Downloads


def readme_text(district: District, package: KinerjaPackage) -> str:
    """The plain-text note inside the zip; plain text, so not a Jinja (HTML) template."""
    lines = []
    if package.is_sample:
        lines += ["DATA CONTOH - BUKAN DATA RESMI", "Angka dalam paket ini dibuat untuk peragaan portal.", ""]
    lines += [
        package.title,
        f"Kecamatan {district.name}, Kabupaten {district.regency}",
        f"Data per: {tanggal(package.data_date)}",
        "Lisensi: " + "; ".join(f"{lic.title or lic.name} ({lic.name}) {lic.path}".strip() for lic in package.licenses),
        "",
        "Isi: datapackage.yaml (deskriptor Frictionless Data Package dengan Table Schema;",
        "datapackage.json berisi deskriptor yang sama dalam JSON),",
        "indikator.csv (indikator), target.csv (target per tahun), realisasi.csv (realisasi per triwulan)"
        + (",\nmonev.csv (hasil monitoring dan evaluasi SOP, satu baris per pertanyaan)." if _has_monev(package) else "."),
        "Periksa ulang dengan: frictionless validate datapackage.yaml",
    ]
    return "\n".join(lines) + "\n"


def _has_monev(package: KinerjaPackage) -> bool:
    return any(f.name == monev.FILE for f in package.files)


def deterministic_zip(entries: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on `entries`: sorted names, fixed time
    and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def download_files(district: District, package: KinerjaPackage) -> dict[str, bytes]:
    """The package as validated (descriptor and CSVs, byte for byte), its
    descriptor as JSON, and a zip of it all with a short note."""
    folder = download_folder(district)
    files = {f"{folder}/{f.name}": f.data for f in package.files}
    files[f"{folder}/{opendata.DESCRIPTOR_JSON}"] = opendata.descriptor_json(package)
    inner = posixpath.splitext(zip_name(district, package))[0]
    entries = {f"{inner}/{posixpath.basename(path)}": data for path, data in files.items()}
    entries[f"{inner}/BACA-SAYA.txt"] = readme_text(district, package).encode("utf-8")
    files[zip_path(district, package)] = deterministic_zip(entries)
    return files


def build_kinerja(
    portal: Portal, packages: dict[str, KinerjaPackage], *, directory_urls: bool = True, site_url: str = "",
    memo: Callable[[str, District, str, Callable[[], Any]], Any] | None = None,
) -> KinerjaFiles:
    """Every page and download for the packages of `load_kinerja`, and the
    site-wide DCAT catalogue. Nothing is made when no kecamatan has a package.
    `memo(output, district, inputs, make)` may return what `make()` returned
    before for the same district and inputs (the site's page cache)."""
    out = KinerjaFiles()
    site_url = paths.public_site_url(site_url)
    files_of: dict[str, list[str]] = {}
    for district in portal.districts:
        package = packages.get(district.path)
        if package is None:
            continue
        page = district_page(district)

        def make(district: District = district, package: KinerjaPackage = package) -> tuple[dict[str, bytes], str]:
            files = download_files(district, package)
            return files, district_markdown(district, package, files, directory_urls=directory_urls, site_url=site_url)

        inputs = repr((package, directory_urls, site_url))
        files, out.pages[page] = memo(page, district, inputs, make) if memo else make()
        out.district_pages[district.path] = page
        out.assets.update(files)
        files_of[district.path] = sorted(files)
    if out.pages:
        out.pages[COMPARISON_PAGE] = comparison_markdown(portal, packages, directory_urls=directory_urls)
        page_of = {path: paths.page_url(page, directory_urls) for path, page in out.district_pages.items()}
        out.assets[opendata.CATALOGUE] = opendata.catalogue(portal, packages, site_url, page_of, files_of)
    return out
