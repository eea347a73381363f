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
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .. import paths
from ..model import District, Portal
from ..templating import render
from . import opendata
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

COMPARISON_PAGE = "data-kinerja.md"
PAGE_NAME = "data-kinerja.md"
DOWNLOAD_FOLDER = "unduh"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHART_YEARS = 3  # the chart shows at most the last three years
LOCALE = "id"


@dataclass
class KinerjaFiles:
    pages: dict[str, str] = field(default_factory=dict)  # docs path -> Markdown
    assets: dict[str, bytes] = field(default_factory=dict)  # docs path -> bytes
    district_pages: dict[str, str] = field(default_factory=dict)  # District.path -> its page


# Paths


def district_page(district: District) -> str:
    return f"{district.path}/{PAGE_NAME}"


def download_folder(district: District) -> str:
    return f"{district.path}/{DOWNLOAD_FOLDER}/data-kinerja"


def zip_name(district: District, package: KinerjaPackage) -> str:
    suffix = "-contoh" if package.is_sample else ""
    return f"data-kinerja-{district.regency_slug}-{district.slug}{suffix}.zip"


def zip_path(district: District, package: KinerjaPackage) -> str:
    return f"{district.path}/{DOWNLOAD_FOLDER}/{zip_name(district, package)}"


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
    quarters = tuple(
        QuarterView(q, QUARTER_NAMES[q], measure(indicator, package.result(indicator.code, year, q)))
        for q in QUARTERS
    )
    return YearView(year, quarters, measure(indicator, package.latest(indicator.code, year)))


def _anchor(code: str) -> str:
    return "indikator-" + code.lower()


def indicator_views(package: KinerjaPackage) -> list[IndicatorView]:
    views = []
    for indicator in package.indicators:
        years = tuple(_year_view(package, indicator, y) for y in package.years)
        views.append(IndicatorView(indicator, years, _anchor(indicator.code), chart_svg(indicator, years, package.is_sample)))
    return views


# Chart


@dataclass(frozen=True)
class _Bar:
    x: str
    y: str
    width: str
    height: str
    label: str
    label_x: str
    label_y: str
    fill: str


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


def chart_svg(indicator: Indicator, years: tuple[YearView, ...], sample: bool) -> Markup:
    """A grouped bar chart (quarters × years) with the target as a dashed
    line. Drawn here, inline, so the site needs no chart JavaScript."""
    years = years[-CHART_YEARS:]
    width, height = 560, 250
    left, right, top, bottom = 56, 16, 34, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [q.measure.result.value for y in years for q in y.quarters if q.measure.result]
    highest = max(values + [indicator.target])
    if indicator.unit in BOUNDED_UNITS and highest <= BOUNDED_UNITS[indicator.unit][1]:
        top_value, step = BOUNDED_UNITS[indicator.unit][1], 25.0
    else:
        top_value, step = _nice_ceiling(highest * 1.1)
    scale = plot_h / top_value

    def y_of(value: float) -> float:
        return top + plot_h - value * scale

    group_w = plot_w / len(QUARTERS)
    bar_w = min(30.0, (group_w - 20) / max(len(years), 1))
    bars: list[_Bar] = []
    missing: list[tuple[str, str]] = []
    for y_index, year in enumerate(years):
        for q in year.quarters:
            x = left + (q.quarter - 1) * group_w + (group_w - bar_w * len(years)) / 2 + y_index * bar_w
            result = q.measure.result
            if result is None:
                missing.append((_f(x + bar_w / 2), _f(top + plot_h - 4)))
                continue
            y = y_of(max(result.value, 0.0))
            bars.append(_Bar(
                _f(x + 1), _f(y), _f(bar_w - 2), _f(top + plot_h - y), number(result.value, 1),
                _f(x + bar_w / 2), _f(y - 4), CHART_FILLS[y_index + len(CHART_FILLS) - len(years)],
            ))
    ticks = []
    tick = 0.0
    while tick <= top_value + 1e-9:
        ticks.append((_f(y_of(tick)), number(tick, 2)))
        tick += step
    groups = [(_f(left + (q - 1) * group_w + group_w / 2), f"TW {QUARTER_NAMES[q]}") for q in QUARTERS]
    legend = [
        (_f(left + i * 90), CHART_FILLS[i + len(CHART_FILLS) - len(years)], str(y.year))
        for i, y in enumerate(years)
    ]
    desc = _chart_description(indicator, years)
    code = indicator.code.lower()
    return Markup(render(
        "kinerja/chart.svg.j2",
        width=width, height=height, left=left, right=width - right, top=top, bottom=top + plot_h,
        target_y=_f(y_of(indicator.target)), target_label=f"Target tahunan {with_unit(indicator.target, indicator.unit)}"
        + (" (makin rendah makin baik)" if indicator.polarity is Polarity.LOWER_IS_BETTER else ""),
        bars=bars, missing=missing, ticks=ticks, groups=groups, legend=legend,
        title=f"Grafik realisasi per triwulan: {indicator.name}", desc=desc,
        title_id=f"grafik-{code}-judul", desc_id=f"grafik-{code}-uraian", sample=sample,
    ).strip())


# Fills from oldest to latest year; the latest year is always the darkest.
CHART_FILLS = ("#cfd8dc", "#78909c", "#1565c0")


def _chart_description(indicator: Indicator, years: tuple[YearView, ...]) -> str:
    parts = [
        f"Target tahunan {with_unit(indicator.target, indicator.unit)}, {indicator.polarity.describe}."
    ]
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


def _front_matter(title: str) -> str:
    # JSON is valid YAML and quotes every value safely; MkDocs shows titles unescaped.
    return f"---\ntitle: {json.dumps(str(escape(title)), ensure_ascii=False)}\n---\n\n"


def _helpers() -> dict[str, Any]:
    return {
        "number": number, "percent": percent, "with_unit": with_unit, "tanggal": tanggal,
        "Status": Status, "Polarity": Polarity, "QUARTER_NAMES": QUARTER_NAMES,
    }


def district_markdown(
    district: District, package: KinerjaPackage, *, directory_urls: bool = True, site_url: str = ""
) -> str:
    page = district_page(district)
    link = _Linker(page, directory_urls)
    files = download_files(district, package)
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
    return _front_matter(f"Data Kinerja Kecamatan {district.name}") + body


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
    body = render(
        "kinerja/comparison.md.j2",
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
    return _front_matter("Perbandingan Data Kinerja Kecamatan") + body


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
        "indikator.csv (indikator dan target tahunan), realisasi.csv (realisasi per triwulan).",
        "Periksa ulang dengan: frictionless validate datapackage.yaml",
    ]
    return "\n".join(lines) + "\n"


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
    portal: Portal, packages: dict[str, KinerjaPackage], *, directory_urls: bool = True, site_url: str = ""
) -> KinerjaFiles:
    """Every page and download for the packages of `load_kinerja`, and the
    site-wide DCAT catalogue. Nothing is made when no kecamatan has a package."""
    out = KinerjaFiles()
    site_url = paths.public_site_url(site_url)
    files_of: dict[str, list[str]] = {}
    for district in portal.districts:
        package = packages.get(district.path)
        if package is None:
            continue
        page = district_page(district)
        out.pages[page] = district_markdown(district, package, directory_urls=directory_urls, site_url=site_url)
        out.district_pages[district.path] = page
        files = download_files(district, package)
        out.assets.update(files)
        files_of[district.path] = sorted(files)
    if out.pages:
        out.pages[COMPARISON_PAGE] = comparison_markdown(portal, packages, directory_urls=directory_urls)
        page_of = {path: paths.page_url(page, directory_urls) for path, page in out.district_pages.items()}
        out.assets[opendata.CATALOGUE] = opendata.catalogue(portal, packages, site_url, page_of, files_of)
    return out
