"""All PDFs of the portal: plan, cache, render in parallel.

Each PDF is a job whose HTML string already holds its data, templates,
stylesheet and options; the cache key hashes that HTML together with
everything else the PDF depends on (logo bytes, fonts, the package and
WeasyPrint versions, PDF variant, form mode). A job whose key is in the
cache (`cache.Cache`) is not rendered again. The cache lives outside the
build output, so a clean build (`rm -rf build/`) still reuses it.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import weasyprint

from .. import cache, inputs, paths
from ..fingerprint import code_version
from ..kinerja.model import KinerjaPackage
from ..model import District, Portal, Sop
from . import book, documents, forms

log = logging.getLogger("mkdocs.plugins.portal_sop.pdf")


SOP_DOCUMENT = "sop"
BOOK = "buku"
FORM = "formulir"

FORM_FILES = {
    forms.MONITORING: ("formulir-monitoring-sop.pdf", "Formulir Monitoring Pelaksanaan SOP"),
    forms.EVALUATION: ("formulir-evaluasi-sop.pdf", "Formulir Evaluasi Penerapan SOP"),
    forms.KINERJA: ("formulir-data-kinerja-triwulan-{q}.pdf", "Formulir Pengumpulan Data Kinerja Triwulan {Q}"),
}


@dataclass(frozen=True)
class PdfJob:
    path: str  # docs path of the PDF
    title: str  # link text on the site
    kind: str  # SOP_DOCUMENT, BOOK or FORM
    district: District
    html: str  # "" when `make_html` makes it on demand
    forms: bool = False
    sop: Sop | None = None
    form_kind: str = ""  # forms.MONITORING, EVALUATION or KINERJA for a FORM
    # A Buku: the paths of the PDFs it is made of (its SOP documents, in
    # book order) and the function that makes it from their bytes.
    parts: tuple[str, ...] = ()
    assemble: Callable[[Sequence[bytes]], bytes] | None = field(default=None, compare=False, repr=False)
    extra_inputs: bytes = b""  # bytes the HTML only names (the logo)
    # Without the HTML: everything the HTML is made from (the template's
    # arguments, as text) and the function that makes it, called only
    # when the PDF is not in the cache.
    inputs: str = ""
    make_html: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    # Makes the PDF itself from (allowed roots, PDF variant), the same bytes as
    # rendering `make_html`'s HTML but in fewer layout passes (an SOP document:
    # `documents.sop_pdf`).
    make_pdf: Callable[[tuple[Path, ...], str | None], bytes] | None = field(default=None, compare=False, repr=False)

    def document(self) -> str:
        return self.html or (self.make_html() if self.make_html else "")


@dataclass(frozen=True)
class Download:
    path: str
    title: str
    kind: str
    district: District
    data: bytes
    sop: Sop | None = None

    @property
    def size_kb(self) -> int:
        return max(1, round(len(self.data) / 1024))


@dataclass
class BuildStats:
    seconds: dict[str, float] = field(default_factory=dict)  # path -> render time (misses only)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # path -> CPU time of its render
    cached: list[str] = field(default_factory=list)
    total_seconds: float = 0.0
    workers: int = 1

    @property
    def rendered(self) -> list[str]:
        return list(self.seconds)

    @property
    def busy(self) -> float:
        """Share of the workers' time spent rendering: the renders' CPU time
        over wall time × workers (1.0 = every worker busy all the time)."""
        return sum(self.cpu_seconds.values()) / (self.total_seconds * self.workers) if self.total_seconds else 0.0


@dataclass
class Downloads:
    items: list[Download] = field(default_factory=list)
    stats: BuildStats = field(default_factory=BuildStats)

    def for_sop(self, district: District, sop: Sop) -> Download | None:
        return next((d for d in self.items if d.kind == SOP_DOCUMENT and d.district.path == district.path and d.sop and d.sop.slug == sop.slug), None)

    def for_district(self, district: District) -> list[Download]:
        return [d for d in self.items if d.district.path == district.path and d.kind != SOP_DOCUMENT]


def _logo_bytes(district: District, options: documents.PdfOptions) -> bytes:
    path = documents.logo_path(district, options.data_dir)
    if path is None:
        return b""
    try:
        return inputs.read_bytes(path, Path(options.data_dir).resolve())
    except inputs.InputError as exc:
        raise documents.PdfError(f"logo Kecamatan {district.name}: {exc.reason}") from None


def plan(portal: Portal, options: documents.PdfOptions, packages: Mapping[str, KinerjaPackage] | None = None,
         year: int = 0) -> list[PdfJob]:
    """Every PDF of the portal as a job. No HTML is rendered here: a job
    carries the text of its template's arguments (the model objects, the
    options) for the cache key and makes its HTML only when rendered."""
    jobs: list[PdfJob] = []
    year = year or time.localtime().tm_year
    # A PDF shows `site_url` only when it is the public address (QR code,
    # links); any other (a placeholder, the address `mkdocs serve` puts in its
    # place) makes the same PDF, so it must not change the cache keys.
    options = replace(options, site_url=paths.public_site_url(options.site_url))
    for district in portal.districts:
        logo = _logo_bytes(district, options)
        # An SOP's document shows its kecamatan's heading and date, not the
        # other SOPs: editing one SOP leaves the others' keys alone.
        heading = repr((replace(district, sops=()), documents.document_date(district), options))
        for sop in district.sops:
            jobs.append(PdfJob(paths.sop_pdf(district, sop), f"SOP {sop.name} (PDF)", SOP_DOCUMENT, district,
                               "", sop=sop, extra_inputs=logo, inputs=repr((SOP_DOCUMENT, heading, sop)),
                               make_html=partial(documents.sop_html, district, sop, options),
                               make_pdf=partial(documents.sop_pdf, district, sop, options)))
        if district.sops:
            # The Buku is its cover and contents (the heading, the SOPs' names,
            # numbers and order, the year) followed by the SOP PDFs: its key
            # covers their keys (`job_key`), not the SOPs' data again.
            order = documents.book_order(district)
            contents = [(s.slug, s.name, s.number) for s in order]
            jobs.append(PdfJob(paths.district_download(district, f"buku-sop-{district.slug}.pdf"),
                               f"Buku SOP Kecamatan {district.name}", BOOK, district, "", extra_inputs=logo,
                               inputs=repr((BOOK, heading, documents.book_year(district), contents)),
                               parts=tuple(paths.sop_pdf(district, s) for s in order),
                               assemble=partial(book.book_pdf, district, options)))
        # A form lists the SOPs by name and number and follows the actors of
        # the kecamatan's data kinerja SOP (forms.py); an edited step of
        # another SOP does not change it.
        listed = repr((heading, [(s.slug, s.name, s.number) for s in district.sops], forms.kinerja_sop(district),
                       (packages or {}).get(district.path)))
        for kind, (name, title) in FORM_FILES.items():
            q = options.triwulan
            jobs.append(PdfJob(
                paths.district_download(district, name.format(q=q)),
                title.format(Q=forms.QUARTER_NAMES[q]), FORM, district, "",
                forms=True, form_kind=kind, extra_inputs=logo, inputs=repr((FORM, kind, listed, year)),
                make_html=partial(forms.form_html, kind, district, options, packages, year),
            ))
    return jobs


def job_key(job: PdfJob, options: documents.PdfOptions, fonts: str | None = None,
            part_keys: Sequence[str] = ()) -> str:
    # With `inputs` (the plan's usual case) the key covers what the HTML is
    # made from plus the code and templates that make it; no HTML needed.
    # An assembled PDF adds the keys of its parts, in order.
    made_from = ("inputs", code_version(), job.inputs) if job.inputs else ("html", job.html)
    if len(part_keys) != len(job.parts):
        raise ValueError(f"{job.path}: the key of an assembled PDF needs its parts' keys (use job_keys)")
    if job.parts:
        made_from += ("parts", *part_keys)
    return cache.content_key(
        cache.renderer_version("weasyprint " + weasyprint.__version__),
        str(variant_of(job, options)), str(job.forms), fonts if fonts is not None else documents.font_fingerprint(),
        job.extra_inputs, *made_from,
    )


def job_keys(jobs: Sequence[PdfJob], options: documents.PdfOptions, fonts: str | None = None) -> dict[str, str]:
    """The cache key of every job by path; a Buku's key covers its SOP PDFs' keys."""
    fonts = fonts if fonts is not None else documents.font_fingerprint()
    keys: dict[str, str] = {}
    for job in sorted(jobs, key=lambda j: bool(j.parts)):  # parts before what is made of them
        missing = [p for p in job.parts if p not in keys]
        if missing:
            raise documents.PdfError(f"{job.path} disusun dari {missing[0]}, yang tidak ada dalam rencana PDF")
        keys[job.path] = job_key(job, options, fonts, [keys[p] for p in job.parts])
    return keys


def variant_of(job: PdfJob, options: documents.PdfOptions) -> str | None:
    """Forms are PDF/A-3b with fields; SOP documents and the Buku tagged PDF/A-3a."""
    return options.form_variant if job.forms else options.pdf_variant


def _render(html: str | Callable[[], str], forms_mode: bool, variant: str | None,
            roots: tuple[Path, ...]) -> tuple[bytes, float, float]:
    """One PDF, its wall and CPU seconds; the HTML is made here (in the
    worker process) when given as a function, so the main process never
    renders templates of cached PDFs."""
    start, cpu = time.perf_counter(), time.process_time()
    data = documents.write_pdf(html if isinstance(html, str) else html(), roots=roots, forms=forms_mode, variant=variant)
    return data, time.perf_counter() - start, time.process_time() - cpu


def _make(make_pdf: Callable[[tuple[Path, ...], str | None], bytes], roots: tuple[Path, ...],
          variant: str | None) -> tuple[bytes, float, float]:
    """One PDF made by its job's own function, its wall and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    data = make_pdf(roots, variant)
    return data, time.perf_counter() - start, time.process_time() - cpu


def _assemble(assemble: Callable[[Sequence[bytes]], bytes], parts: list[bytes]) -> tuple[bytes, float, float]:
    """One assembled PDF (a Buku) from the bytes of its parts."""
    start, cpu = time.perf_counter(), time.process_time()
    data = assemble(parts)
    return data, time.perf_counter() - start, time.process_time() - cpu


# Expected render cost of a job in "rows" (a step row, an identity block, a
# form row), for longest-first scheduling. Measured on the benchmark corpus:
# an SOP of n steps ~ (8 + n) × 0.03 s, its Buku the sum over its SOPs, an
# evaluation form ~ 0.12 s per SOP, the monitoring form ~ 0.045 s per SOP.
_FORM_ROWS_PER_SOP = {forms.MONITORING: 1.5, forms.EVALUATION: 4.0, forms.KINERJA: 0.7}


def expected_cost(job: PdfJob) -> float:
    def rows(sop: Sop) -> int:
        return 8 + len(sop.steps)
    if job.kind == BOOK:  # cover and contents rendered, the SOPs appended
        return 6.0 + len(job.district.sops)
    if job.kind == SOP_DOCUMENT and job.sop is not None:
        return float(rows(job.sop))
    if job.kind == FORM:
        return _FORM_ROWS_PER_SOP.get(job.form_kind, 1.0) * max(1, len(job.district.sops))
    return 1.0


def schedule(misses: list[tuple[PdfJob, str]]) -> list[tuple[PdfJob, str]]:
    """Longest first (the LPT rule): the big forms start while the small SOP
    documents fill the gaps, so no long PDF is left running alone on one
    core at the end. Ties keep plan order. (A Buku waits for its SOP PDFs;
    `render_jobs` starts it as soon as they are there.)"""
    return sorted(misses, key=lambda miss: -expected_cost(miss[0]))


def render_jobs(jobs: list[PdfJob], options: documents.PdfOptions, store: cache.Cache | None = None,
                workers: int | None = None) -> tuple[dict[str, bytes], BuildStats]:
    """Render every job not in `store`, in parallel over the machine's
    cores; returns PDF bytes by path and the timing of this run."""
    start = time.perf_counter()
    stats = BuildStats()
    fonts = documents.font_fingerprint()
    roots = documents.allowed_roots(options.data_dir)
    results: dict[str, bytes] = {}
    keys = job_keys(jobs, options, fonts)
    misses: list[tuple[PdfJob, str]] = []
    for job in jobs:
        key = keys[job.path]
        hit = store.get(job.path, key) if store is not None else None
        if hit is not None:
            results[job.path] = hit
            stats.cached.append(job.path)
        else:
            misses.append((job, key))
    stats.workers = max(1, min(workers or os.cpu_count() or 1, len(misses)))
    queue = deque(schedule([m for m in misses if not m[0].parts]))
    waiting = [m for m in misses if m[0].parts]

    def done(job: PdfJob, key: str, data: bytes, seconds: float, cpu: float) -> None:
        # Stored as each PDF finishes, so an interrupted build keeps its work.
        results[job.path] = data
        stats.seconds[job.path] = seconds
        stats.cpu_seconds[job.path] = cpu
        if store is not None:
            store.put(job.path, key, data)
        # A Buku whose SOP PDFs are all there goes to the front of the queue.
        for miss in [m for m in waiting if all(p in results for p in m[0].parts)]:
            waiting.remove(miss)
            queue.appendleft(miss)

    def task(job: PdfJob) -> tuple[Callable[..., tuple[bytes, float, float]], tuple]:
        if job.assemble is not None:
            return _assemble, (job.assemble, [results[p] for p in job.parts])
        if job.make_pdf is not None and not job.html:
            return _make, (job.make_pdf, roots, variant_of(job, options))
        return _render, (job.html or job.make_html, job.forms, variant_of(job, options), roots)

    for miss in [m for m in waiting if all(p in results for p in m[0].parts)]:
        waiting.remove(miss)  # a Buku whose SOP PDFs all came from the cache
        queue.append(miss)
    if stats.workers == 1:
        while queue:
            job, key = queue.popleft()
            function, arguments = task(job)
            done(job, key, *function(*arguments))
    else:
        pool = ProcessPoolExecutor(max_workers=stats.workers)
        try:
            running: dict[Future, tuple[PdfJob, str]] = {}
            while queue or running:
                # Only a few PDFs at a time in the pool, so a Buku that
                # becomes ready is not queued behind every SOP document.
                while queue and len(running) <= stats.workers:
                    job, key = queue.popleft()
                    function, arguments = task(job)
                    running[pool.submit(function, *arguments)] = (job, key)
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    done(*running.pop(future), *future.result())
        except BaseException:
            # Ctrl-C or a failed PDF: stop at once instead of waiting for
            # every queued PDF, and leave no worker behind.
            workers_alive = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers_alive:
                process.terminate()
            for process in workers_alive:
                process.join(timeout=10)
            # Let the pool's manager thread see the dead workers and end now,
            # not in an exit handler that may print a traceback.
            pool.shutdown(wait=True)
            raise
        pool.shutdown()
    if waiting:
        raise documents.PdfError(f"{waiting[0][0].path} tidak dapat disusun: PDF bagiannya tidak terbuat")
    results = {job.path: results[job.path] for job in jobs}  # plan order, not completion order
    stats.total_seconds = time.perf_counter() - start
    log.info("PDF: %d dibuat, %d dari cache, %.1f detik (%d proses, sibuk %.0f %%)",
             len(stats.seconds), len(stats.cached), stats.total_seconds, stats.workers, 100 * stats.busy)
    return results, stats


def build_downloads(portal: Portal, options: documents.PdfOptions, store: cache.Cache | None = None,
                    packages: Mapping[str, KinerjaPackage] | None = None,
                    workers: int | None = None) -> Downloads:
    """Every PDF of the portal. `packages` (data kinerja by district path)
    default to the ones the portal was loaded with."""
    if portal.districts and (warning := documents.site_url_warning(options.site_url)):
        # INFO, like the data warnings: the default mkdocs.yml carries a
        # placeholder site_url and `mkdocs build --strict` must still pass.
        log.info("PERINGATAN: %s", warning)
    if store is not None and store.directory is not None and options.layout_cache_dir is None:
        # Measured row heights beside the PDFs: a cached PDF's SOP is not laid out again.
        options = dataclasses.replace(options, layout_cache_dir=store.directory / "layout")
    jobs = plan(portal, options, portal.kinerja if packages is None else packages)
    data, stats = render_jobs(jobs, options, store, workers)
    items = [Download(j.path, j.title, j.kind, j.district, data[j.path], j.sop) for j in jobs]
    return Downloads(items, stats)


def rendered_downloads(portal: Portal, options: documents.PdfOptions, read: Callable[[str], bytes],
                       packages: Mapping[str, KinerjaPackage] | None = None) -> Downloads:
    """Every PDF of the portal as rendered elsewhere (by the shards of a
    build): the same items as `build_downloads`, their bytes from `read`
    (docs path -> bytes); nothing is rendered."""
    jobs = plan(portal, options, portal.kinerja if packages is None else packages)
    return Downloads([Download(j.path, j.title, j.kind, j.district, read(j.path), j.sop) for j in jobs])
