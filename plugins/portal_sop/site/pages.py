"""The portal as a set of generated files, independent of any site generator.

`build_site` turns the model into Markdown pages (HTML blocks rendered from
Jinja templates) plus assets and a navigation tree. The MkDocs plugin hands
them to MkDocs as generated files; `write_site` writes them into a plain
directory, so another generator can take over without a rewrite.

With a page cache, the SOP pages and the data kinerja files of a kecamatan
are kept under a key over everything their template is given (the model
objects' text, the chart, the PDF link, the findings, the options) and the
package's code: an unchanged SOP's Markdown is not rendered again.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import escape

from .. import cache, catalogue, flowchart, paths, safeyaml, spec, values
from ..findings import Finding, Report
from ..flowchart import phone as flowchart_phone
from ..errors import UserError
from ..kinerja import monev as monev_schema
from ..kinerja import monev_pages
from ..fingerprint import code_version
from ..kinerja import pages as kinerja_pages
from ..kinerja.model import KinerjaPackage
from ..model import District, Portal, Regency, Sop, StepKind
from ..pdf import build as pdf_build
from ..pdf.documents import PdfOptions
from ..templating import render
from .shards import WHOLE, Part


@dataclass(frozen=True)
class SiteOptions:
    """What the site needs besides the model; adapters make it from the one
    set of settings (see `adapters/settings.py`)."""

    directory_urls: bool = True
    site_url: str = ""  # canonical site root for absolute links (open data catalogue)
    flowchart_cache_dir: str = ""  # absolute; empty = render every chart
    # PDF documents, Buku SOP and forms; None = no PDFs. Its site URL is the
    # one the QR codes encode.
    pdf: PdfOptions | None = PdfOptions()
    pdf_cache_dir: str = ""  # absolute; empty = no render cache
    # The "today" of the 12-month evaluation rule, printed on the pages;
    # None = `monev_pages.reference_date` (SOURCE_DATE_EPOCH, else today, UTC).
    reference_date: dt.date | None = None
    page_cache_dir: str = ""  # absolute; empty = render every page's Markdown


class SiteError(UserError):
    """Generated files that would overwrite each other or leave the output."""


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)  # docs path -> Markdown
    assets: dict[str, bytes] = field(default_factory=dict)  # docs path -> bytes
    nav: list[Any] = field(default_factory=list)  # MkDocs-style nav, titles HTML-escaped
    # The render caches this build read and filled; `prune_caches` after success.
    caches: list[cache.Cache] = field(default_factory=list)
    # A shared-part build: the pages the shards make (every page under a
    # kabupaten folder), for the sitemap. Empty for other builds.
    shard_pages: list[str] = field(default_factory=list)

    def prune_caches(self) -> None:
        """Call only once the output is in place: drops cache entries that
        no output of this build uses any more."""
        for item in self.caches:
            item.prune()

    def add_page(self, path: str, text: str) -> None:
        if path in self.pages or path in self.assets:
            raise SiteError(f"dua berkas hasil memakai jalur yang sama: {path}; ganti nama salah satu folder data")
        self.pages[path] = text

    def add_asset(self, path: str, data: bytes) -> None:
        if path in self.pages or path in self.assets:
            raise SiteError(f"dua berkas hasil memakai jalur yang sama: {path}; ganti nama salah satu folder data")
        self.assets[path] = data


def _title(text: str) -> str:
    """Nav and page titles reach MkDocs' templates unescaped; escape them here."""
    return str(escape(text))


class _Linker:
    def __init__(self, page: str, options: SiteOptions):
        self.page, self.options = page, options

    def __call__(self, target: str) -> str:
        return paths.relative_url(self.page, target, self.options.directory_urls)


def build_site(portal: Portal, options: SiteOptions = SiteOptions(), report: Report | None = None,
               part: Part = WHOLE) -> GeneratedSite:
    """`report` is the validation report of `portal`: each SOP page lists the
    findings about its own files, worded as `portal-sop validate` prints them.
    `part` (see `shards.py`) makes one kabupaten's files or the portal-wide
    ones. In a shared-part build a kabupaten section holds its index page
    and one section per kecamatan with the kecamatan's page alone: what the
    pruned navigation of a portal-wide page reads of it (down to the count
    of entries); the shards publish these pages."""
    site = GeneratedSite()
    findings = _findings_by_file(report)
    reference = options.reference_date or monev_pages.reference_date(os.environ)
    site.add_asset(paths.STYLESHEET, resources.files("portal_sop").joinpath("assets", "portal-sop.css").read_bytes())
    for asset in (paths.SEARCH_STYLESHEET, paths.SEARCH_SCRIPT):
        site.add_asset(asset, resources.files("portal_sop").joinpath(asset).read_bytes())
    site.add_page(paths.HOME, _home(portal, options))
    site.nav.append({"Beranda": paths.HOME})
    svg_cache = cache.Cache(options.flowchart_cache_dir or None, ".svg")
    pdf_cache = cache.Cache(options.pdf_cache_dir or None, ".pdf")
    page_cache = cache.Cache(options.page_cache_dir or None, ".pickle")
    site.caches += [svg_cache, pdf_cache, page_cache]
    # Each SOP hashed once (its text): part of the key of its page, its chart and its kecamatan's pages.
    sop_keys = {(d.path, s.slug): cache.content_key(repr(s)) for d, s in portal.sops}
    if part.shared:
        downloads = _rendered_downloads(portal, options, part)
        charts: dict[tuple[str, str], str] = {}
    else:
        # The charts (`dot`, in threads) are drawn while the PDF workers
        # render, so a cold build does not run them one after the other. If
        # the PDF stage fails or is interrupted (Ctrl-C), the charts not yet
        # started are dropped, so the build stops without drawing them.
        stop = threading.Event()
        beside = ThreadPoolExecutor(max_workers=1)
        try:
            drawing = beside.submit(_flowcharts, portal, svg_cache, page_cache, sop_keys, stop)
            downloads = _downloads(portal, options, pdf_cache)
            charts = drawing.result()
        except BaseException:
            stop.set()
            raise
        finally:
            beside.shutdown(wait=True)
    chart_version = flowchart.dot_version()

    def district_text(district: District) -> str:
        return repr((replace(district, sops=()), [sop_keys[(district.path, s.slug)] for s in district.sops]))

    kinerja = kinerja_pages.build_kinerja(
        portal, dict(portal.kinerja), directory_urls=options.directory_urls, site_url=options.site_url,
        memo=lambda output, district, inputs, make: _memo(page_cache, output, district_text(district) + inputs, make),
    )
    for path, text in sorted(kinerja.pages.items()):
        if not (part.shared and path in kinerja.district_pages.values()):
            site.add_page(path, text)
    for path, data in sorted(kinerja.assets.items()):
        if not (part.shared and _in_regency(path, portal)):
            site.add_asset(path, data)
    for regency in portal.regencies:
        site.add_page(paths.regency_page(regency), _regency(regency, options))
        regency_nav: list[Any] = [paths.regency_page(regency)]
        site.nav.append({_title(f"Kabupaten {regency.name}"): regency_nav})
        if part.shared:
            site.shard_pages += _shard_pages(regency, kinerja.district_pages)
        for district in regency.districts:
            package = portal.kinerja.get(district.path)
            package_key = cache.content_key(repr(package)) if package is not None else ""
            data_page = kinerja.district_pages.get(district.path, "")
            listed = [(d.path, d.title, d.kind, d.size_kb) for d in downloads.for_district(district)] if downloads else None
            inputs = repr((district_text(district), options, listed, data_page, package_key, reference))
            site.add_page(paths.district_page(district), _memo(
                page_cache, paths.district_page(district), inputs,
                lambda: _district(district, options, downloads, data_page, package, reference)))
            district_nav: list[Any] = [paths.district_page(district)]
            if part.shared:
                regency_nav.append({_title(f"Kecamatan {district.name}"): district_nav})
                continue
            for sop in district.sops:
                page = paths.sop_page(district, sop)
                chart = paths.sop_flowchart(district, sop)
                site.add_asset(chart, charts[(district.path, sop.slug)].encode("utf-8"))
                # Same order as `portal-sop validate`: the report sorts by file first.
                mine = sorted(findings.get(sop.source, []) + findings.get(sop.steps_source, []), key=lambda f: f.file)
                own = [f.format() for f in mine]
                svg = charts[(district.path, sop.slug)]
                pdf = downloads.for_sop(district, sop) if downloads else None
                # What the template reads: this SOP (as a hash of its text),
                # its kecamatan's heading and SOP slugs (links to related
                # SOPs), the chart (made from the SOP alone by this code and
                # `dot`), the PDF's link and size, the findings, the options,
                # and for monitoring and evaluation the kecamatan's data
                # kinerja package, its page and the reference date.
                inputs = repr((replace(district, sops=()), [s.slug for s in district.sops], sop_keys[(district.path, sop.slug)],
                               options, chart_version, (pdf.path, pdf.title, pdf.size_kb) if pdf else None, own,
                               package_key, data_page, reference))
                site.add_page(page, _memo(page_cache, page, inputs,
                                          lambda: _sop(district, sop, options, downloads, svg, own, package, reference, data_page)))
                district_nav.append({_title(sop.name): page})
            if district.path in kinerja.district_pages:
                district_nav.append({"Data Kinerja": kinerja.district_pages[district.path]})
            regency_nav.append({_title(f"Kecamatan {district.name}"): district_nav})
    site.add_page(paths.FORMAT_REFERENCE, format_reference())
    if paths.KINERJA_COMPARISON_PAGE not in kinerja.pages and part.kinerja_elsewhere:
        # A shard without data kinerja in a portal with some: its pages
        # still name the comparison page in their navigation. The page
        # itself comes from the shared part.
        site.add_page(paths.KINERJA_COMPARISON_PAGE, _front_matter("Data Kinerja") + "# Data Kinerja\n")
    if paths.KINERJA_COMPARISON_PAGE in site.pages:
        site.nav.append({"Data Kinerja": paths.KINERJA_COMPARISON_PAGE})
    if downloads is not None:
        for item in downloads.items:
            if not part.shared:
                site.add_asset(item.path, item.data)
        site.add_page(paths.DOWNLOADS_PAGE, _downloads_page(portal, downloads, options))
        site.nav.append({"Unduhan": paths.DOWNLOADS_PAGE})
    return site


def _in_regency(path: str, portal: Portal) -> bool:
    return path.split("/", 1)[0] in {r.slug for r in portal.regencies} and "/" in path


def _shard_pages(regency: Regency, kinerja_pages_of: dict[str, str]) -> list[str]:
    """Every page a shard makes for `regency`, without making it."""
    pages = [paths.regency_page(regency)]
    for district in regency.districts:
        pages.append(paths.district_page(district))
        pages += [paths.sop_page(district, sop) for sop in district.sops]
        if district.path in kinerja_pages_of:
            pages.append(kinerja_pages_of[district.path])
    return pages


def _rendered_downloads(portal: Portal, options: SiteOptions, part: Part) -> pdf_build.Downloads | None:
    """The downloads the shards rendered, read back for the downloads page."""
    if options.pdf is None:
        return None
    assert part.read is not None, "a shared-part build reads the shards' PDFs"
    return pdf_build.rendered_downloads(portal, options.pdf, part.read)


T = TypeVar("T")


_MISSING: Any = object()


def _recall(store: cache.Cache, output: str, inputs: str) -> Any:
    """What was kept for `output` made from `inputs` by this code, or _MISSING."""
    if store.directory is None:
        return _MISSING
    stored = store.get(output, cache.content_key(code_version(), output, inputs))
    if stored is None:
        return _MISSING
    try:
        return pickle.loads(stored)
    except Exception:  # a damaged entry: make it again
        return _MISSING


def _keep(store: cache.Cache, output: str, inputs: str, value: Any) -> None:
    if store.directory is not None:
        store.put(output, cache.content_key(code_version(), output, inputs),
                  pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _memo(store: cache.Cache, output: str, inputs: str, make: Callable[[], T]) -> T:
    """`make()`, or what it returned for the same `inputs` and code before."""
    value = _recall(store, output, inputs)
    if value is _MISSING:
        value = make()
        _keep(store, output, inputs, value)
    return value


class _Stopped(Exception):
    """The charts were abandoned: the rest of the build failed."""


def _flowcharts(portal: Portal, store: cache.Cache, memo: cache.Cache,
                sop_keys: dict[tuple[str, str], str],
                stop: threading.Event | None = None) -> dict[tuple[str, str], str]:
    """Every SOP's chart; `dot` runs in parallel threads, unchanged charts
    come from the content-hash cache. A chart depends on its SOP alone, so
    an SOP whose hash (`sop_keys`) is unchanged takes its chart from the page
    cache without laying it out again to compute the chart's key. Once
    `stop` is set, no further chart is started (`_Stopped` is raised)."""
    charts: dict[tuple[str, str], str] = {}
    jobs = []
    version = flowchart.dot_version()
    for d, s in portal.sops:
        chart = paths.sop_flowchart(d, s)
        inputs = repr((version, sop_keys[(d.path, s.slug)]))
        hit = _recall(memo, chart, inputs)
        if hit is not _MISSING:
            charts[(d.path, s.slug)] = hit
        else:
            jobs.append((d.path, s.slug, s, chart, inputs))
    workers = min(len(jobs), os.cpu_count() or 1) or 1

    def draw(job: tuple[str, str, Sop, str, str]) -> str:
        if stop is not None and stop.is_set():
            raise _Stopped
        return flowchart.render_svg_cached(job[2], store, job[3])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        svgs = list(pool.map(draw, jobs))
    for (path, slug, _, chart, inputs), svg in zip(jobs, svgs):
        charts[(path, slug)] = svg
        _keep(memo, chart, inputs, svg)
    return {(d.path, s.slug): charts[(d.path, s.slug)] for d, s in portal.sops}


PX_PER_PT = 96 / 72
MIN_CHART_TEXT_PX = 11.0  # smallest chart text a reader must get, in CSS px


def _findings_by_file(report: Report | None) -> dict[str, list[Finding]]:
    by_file: dict[str, list[Finding]] = {}
    for finding in report.sorted() if report else []:
        by_file.setdefault(finding.file, []).append(finding)
    return by_file


def chart_box(svg: str) -> dict[str, int]:
    """Natural size of a chart in CSS px, and the narrowest width it may be
    scaled down to before its smallest text falls below MIN_CHART_TEXT_PX
    (narrower columns scroll the chart inside its box instead)."""
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"[^>]*\sheight="([0-9.]+)pt"', svg)
    if not match:
        return {"width": 0, "height": 0, "min_width": 0}
    width, height = float(match[1]) * PX_PER_PT, float(match[2]) * PX_PER_PT
    sizes = [float(v) for v in re.findall(r'font-size="([0-9.]+)"', svg)] or [MIN_CHART_TEXT_PX / PX_PER_PT]
    smallest_px = min(sizes) * PX_PER_PT
    return {
        "width": round(width),
        "height": round(height),
        "min_width": min(round(width), round(width * MIN_CHART_TEXT_PX / smallest_px + 0.5)),
    }


def _downloads(portal: Portal, options: SiteOptions, store: cache.Cache) -> pdf_build.Downloads | None:
    if options.pdf is None:
        return None
    return pdf_build.build_downloads(portal, options.pdf, store)


def _downloads_page(portal: Portal, downloads: pdf_build.Downloads, options: SiteOptions) -> str:
    page = paths.DOWNLOADS_PAGE
    body = render("site/unduhan.md.j2", portal=portal, downloads=downloads, link=_Linker(page, options), paths=paths)
    return _front_matter("Unduhan", description="Dokumen SOP siap cetak, Buku SOP, dan formulir monitoring, evaluasi serta data kinerja setiap kecamatan dalam PDF.") + body


def write_site(site: GeneratedSite, out_dir: Path) -> list[Path]:
    """Write pages and assets under `out_dir`; refuses any path that would
    leave it."""
    out_dir = Path(out_dir).resolve()
    written = []
    for rel, data in [(p, t.encode("utf-8")) for p, t in site.pages.items()] + list(site.assets.items()):
        target = (out_dir / rel).resolve()
        if not target.is_relative_to(out_dir):
            raise SiteError(f"jalur keluaran di luar folder tujuan: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def write_changed(site: GeneratedSite, out_dir: Path, written: dict[str, str]) -> list[str]:
    """Like `write_site`, for a folder kept between builds (`mkdocs serve
    --dirty`): only files whose bytes differ from the last call are
    written, so the others keep their modification time and are not built
    again; files no longer generated are removed. `written` (path -> hash
    of what is on disk) is updated in place. Returns the paths written."""
    out_dir = Path(out_dir).resolve()
    changed = []
    items = [(p, t.encode("utf-8")) for p, t in site.pages.items()] + list(site.assets.items())
    for rel, data in items:
        digest = cache.content_key(data)
        target = (out_dir / rel).resolve()
        if not target.is_relative_to(out_dir):
            raise SiteError(f"jalur keluaran di luar folder tujuan: {rel}")
        if written.get(rel) == digest and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[rel] = digest
        changed.append(rel)
    for rel in sorted(set(written) - {p for p, _ in items}):
        (out_dir / rel).unlink(missing_ok=True)
        del written[rel]
    return changed


def _front_matter(title: str, description: str = "", **extra: Any) -> str:
    """Page meta; MkDocs puts title and description into HTML unescaped, so they are escaped here."""
    meta: dict[str, Any] = {"title": _title(title)}
    if description:
        meta["description"] = _title(description)
    meta.update(extra)
    # JSON is valid YAML and quotes every value safely.
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


def _latest(sops: list[Sop]):
    dates = [s.last_date for s in sops if s.last_date]
    return max(dates) if dates else None


def _home(portal: Portal, options: SiteOptions) -> str:
    sops = [s for _, s in portal.sops]
    latest = _latest(sops)
    body = render(
        "site/home.md.j2",
        portal=portal,
        sop_count=len(sops),
        latest=latest.indonesian() if latest else "",
        link=_Linker(paths.HOME, options),
        paths=paths,
    )
    description = (
        f"SOP Administrasi Pemerintahan {len(portal.districts)} kecamatan di {len(portal.regencies)} kabupaten: "
        f"{len(sops)} SOP dengan langkah, pelaksana, waktu dan diagram alir, terbuka untuk publik."
    )
    return _front_matter("Beranda", description=description) + body


def _regency(regency: Regency, options: SiteOptions) -> str:
    page = paths.regency_page(regency)
    body = render("site/regency.md.j2", regency=regency, link=_Linker(page, options), paths=paths)
    names = ", ".join(d.name for d in regency.districts)
    description = f"SOP kecamatan di Kabupaten {regency.name}: Kecamatan {names}."
    return _front_matter(f"Kabupaten {regency.name}", description=description) + body


def _district(district: District, options: SiteOptions, downloads: pdf_build.Downloads | None = None, kinerja_page: str = "",
              package: KinerjaPackage | None = None, reference: dt.date | None = None) -> str:
    page = paths.district_page(district)
    latest = _latest(list(district.sops))
    link = _Linker(page, options)
    monev = monev_pages.district_section(district, package, reference, link,
                                         lambda sop: paths.sop_page(district, sop)) if reference else ""
    body = render(
        "site/district.md.j2",
        district=district,
        latest=latest.indonesian() if latest else "",
        link=_Linker(page, options),
        paths=paths,
        downloads=downloads.for_district(district) if downloads else [],
        kinerja_page=kinerja_page,
        monev=monev,
    )
    names = "; ".join(s.name for s in district.sops) or "belum ada SOP"
    description = f"SOP Kecamatan {district.name}, Kabupaten {district.regency}: {names}."
    return _front_matter(f"Kecamatan {district.name}", description=description) + body


def _sop(
    district: District, sop: Sop, options: SiteOptions, downloads: pdf_build.Downloads | None = None,
    chart_svg: str = "", findings: list[str] | None = None,
    package: KinerjaPackage | None = None, reference: dt.date | None = None, data_page: str = "",
) -> str:
    page = paths.sop_page(district, sop)
    link = _Linker(page, options)
    monev = monev_pages.sop_section(district, sop.slug, package, reference, data_page, link) if reference else ""
    monev_summary = monev_pages.sop_summary(sop.slug, package, reference) if reference else None
    reconstructed = sop.reconstructed_steps
    what = sorted({part for s in reconstructed for part in s.reconstructed}, key=["pelaksana", "keputusan"].index)
    body = render(
        "site/sop.md.j2",
        district=district,
        sop=sop,
        StepKind=StepKind,
        link=link,
        paths=paths,
        actor_names={a.code: a.name for a in sop.actors},
        chart={"path": paths.sop_flowchart(district, sop), **chart_box(chart_svg)},
        phone_chart=flowchart_phone.phone_html(sop),
        pdf=downloads.for_sop(district, sop) if downloads else None,
        reconstructed=reconstructed,
        reconstructed_what=" dan ".join({"pelaksana": "pelaksananya", "keputusan": "bentuk keputusannya"}[w] for w in what),
        findings=findings or [],
        monev=monev,
        monev_summary=monev_summary,
        tanggal=kinerja_pages.tanggal,
    )
    actors = ", ".join(a.name for a in sop.actors)
    description = (
        f"SOP {sop.name} Kecamatan {district.name}, Kabupaten {district.regency}: {len(sop.steps)} langkah "
        f"oleh {actors or 'pelaksana'}; waktu pelayanan seluruhnya {sop.total_duration.describe()}."
    )
    # The table of contents gives its column to the step table and the chart.
    return _front_matter(f"{sop.name} · Kecamatan {district.name}", description=description, hide=["toc"]) + body


def format_reference() -> str:
    """The data format page, generated from the schemas and the finding
    catalogue so it never drifts."""
    description = "Format berkas data SOP portal: kecamatan.yaml, sop.yaml dan langkah.csv, kolom demi kolom."
    return _front_matter("Format data SOP", description=description) + render(
        "site/format.md.j2",
        district=spec.descriptor(spec.DISTRICT_SPEC),
        sop=spec.descriptor(spec.SOP_SPEC),
        steps=spec.descriptor(spec.STEPS_SCHEMA),
        catalogue=catalogue.by_topic(),
        max_depth=safeyaml.MAX_DEPTH,
        max_actors=spec.MAX_ACTORS,
        max_step_days=values.MAX_STEP_DAYS,
        monev=monev_schema.MONEV_SCHEMA,
        monev_months=monev_schema.EVALUATION_VALID_MONTHS,
    )
