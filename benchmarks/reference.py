"""The cold-build reference of issue 15: the PDF and chart work that
WeasyPrint and `dot` do alone, in CPU seconds.

    python -m benchmarks.reference PROJECT [--sample 10] [--workers 2]

For a project folder written by `benchmarks.run` (mkdocs.yml + sop_data/),
every PDF job of the build's own plan has its HTML made first (not timed)
and is then rendered by WeasyPrint alone (`HTML(...).write_pdf` with the
build's options, no cache, no pypdf post-processing), and every SOP's DOT
source is laid out by `dot` alone. Only the time of those two calls
counts. To keep the benchmark affordable at 2,000 SOPs, a deterministic
sample is timed (every Nth job of each kind, at least five of each) and
each kind's mean is multiplied by its count. Prints one JSON object:
CPU seconds per kind, their sum, and the counts. With `--workers N` the
documents are timed N at a time, as the build's PDF workers run them.

This is a lower bound of the real work: the templates, the form
post-processing, the joining of each Buku's pages (qpdf) and any second
layout of an SOP document whose guessed flowchart breaks were wrong
(`documents.sop_pdf`) are left out; a Buku counts its cover and contents.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sample(items: list, every: int, minimum: int = 5) -> list:
    step = max(1, min(every, len(items) // minimum if len(items) >= minimum else 1))
    return items[::step]


def _time_pdf(html: str, forms: bool, variant: str | None, roots: tuple) -> float:
    """CPU seconds of WeasyPrint alone on one document (in whichever process runs it)."""
    from weasyprint import HTML

    from portal_sop.pdf import documents

    fetcher = documents.RestrictedFetcher(roots)
    start = time.process_time()
    HTML(string=html, base_url=str(documents.PACKAGE_ROOT / "templates" / "pdf") + "/", url_fetcher=fetcher).write_pdf(
        pdf_forms=forms or None, pdf_variant=variant, uncompressed_pdf=False)
    return time.process_time() - start


def _time_dot(source: str) -> float:
    """CPU seconds of one `dot` run (the child's own time)."""
    before = _children_cpu()
    subprocess.run(["dot", "-Kneato", "-n2", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=True)
    return _children_cpu() - before


def _timed(task: tuple) -> float:
    kind, *arguments = task
    return _time_dot(*arguments) if kind == "dot" else _time_pdf(*arguments)


def measure(project: Path, every: int, workers: int = 1) -> dict:
    """With `workers` > 1 the sampled documents are timed in that many
    processes at once, as the build renders them: each one's CPU time then
    includes what running beside another costs on this machine (shared
    caches and memory bandwidth), which one process alone does not see."""
    from portal_sop.adapters import settings as portal_settings
    from portal_sop.flowchart import svg as flowchart_svg
    from portal_sop.pdf import book, documents
    from portal_sop.pdf import build as pdf_build
    from portal_sop.validation import load_and_validate

    _, wanted = portal_settings.load(project / "mkdocs.yml")
    portal, _report = load_and_validate(project / "sop_data")
    options = wanted.site.pdf
    jobs = pdf_build.plan(portal, options, portal.kinerja) if options is not None else []  # pdf_enabled: false
    by_kind: dict[str, list] = defaultdict(list)
    for job in jobs:
        if job.html or job.make_html or job.assemble:
            by_kind[job.kind].append(job)

    roots = documents.allowed_roots(options.data_dir) if options is not None else ()
    tasks: list[tuple[str, tuple]] = []  # (kind, task) with the HTML made beforehand, untimed
    counts: dict[str, int] = {}
    for kind, kind_jobs in sorted(by_kind.items()):
        counts[kind] = len(kind_jobs)
        for job in _sample(kind_jobs, every):
            # A Buku is assembled from the SOP PDFs (pdf/book.py): WeasyPrint
            # renders only its cover and contents (page numbers as placeholders).
            html = job.document() or book.front_html(job.district, options, range(3, 3 + len(job.parts)),
                                                     2 + len(job.parts))
            tasks.append((kind, ("pdf", html, job.forms, pdf_build.variant_of(job, options), roots)))
    sops = [sop for district in portal.districts for sop in district.sops]
    counts["dot"] = len(sops)
    tasks += [("dot", ("dot", flowchart_svg.dot_source(sop))) for sop in _sample(sops, every)]

    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            seconds = pool.map(_timed, [task for _, task in tasks], chunksize=1)
    else:
        seconds = [_timed(task) for _, task in tasks]
    spent: dict[str, list[float]] = defaultdict(list)
    for (kind, _), cpu in zip(tasks, seconds):
        spent[kind].append(cpu)
    result: dict = {"workers": workers, "counts": counts, "sampled": {k: len(v) for k, v in spent.items()},
                    "cpu_seconds": {k: sum(v) / len(v) * counts[k] for k, v in spent.items()}}
    result["total_cpu_seconds"] = sum(result["cpu_seconds"].values())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU seconds of WeasyPrint and dot alone for a benchmark project.")
    parser.add_argument("project", type=Path)
    parser.add_argument("--sample", type=int, default=10, help="time every Nth job of each kind (1 = all)")
    parser.add_argument("--workers", type=int, default=1, help="time the documents in this many processes at once")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.project.resolve(), args.sample, args.workers), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
