"""The PDF stage alone: how busy the cores are, and the two ways to make a Buku SOP.

    python -m benchmarks.pdf_stage stage --sops 200 --work /tmp/pdf-stage
    python -m benchmarks.pdf_stage stage --sops 40 --order plan longest --rounds 2
    python -m benchmarks.pdf_stage buku --work /tmp/pdf-buku
    python -m benchmarks.pdf_stage edit --sops 200 --rounds 3

`stage` renders every PDF of a generated corpus (`benchmarks.corpus`) with an
empty cache, as a cold build does, and prints the wall time against the sum
of the renders' CPU time divided by the workers (`busy`, 1.0 = both cores
busy all the time) and the share of time the workers had a PDF in hand
(`occupied`: scheduling alone, whatever else loads the machine), per order: `plan` (the plan's order: each kecamatan's SOPs, then
its Buku and forms) or `longest` (the build's longest-first schedule).

`buku` compares, for the first kecamatan (20 SOPs), three ways to make its
Buku: `rendered` (one WeasyPrint document of cover, contents and every SOP
again), `assembled` (what the build does, `portal_sop.pdf.book`: cover and
contents rendered, the SOP PDFs appended with qpdf, structure trees merged)
and `pypdf` (the same pages joined with pypdf). It prints CPU seconds, size,
page count and what each file keeps of the tagging and PDF/A parts.

`edit` fills a render cache with a cold stage, then edits one step (as
`benchmarks.run` does) and runs the stage again, printing what was redone.
"""
from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

import pypdf

from portal_sop.pdf import book, build, documents
from portal_sop.validation import load_and_validate

from . import corpus


def _portal(sops: int, work: Path):
    data = work / f"corpus-{sops}" / "sop_data"
    if not data.is_dir():
        corpus.generate(sops, data.parent)
    portal, _ = load_and_validate(data)
    return portal, data


def _options(data: Path, layout: Path | None) -> documents.PdfOptions:
    return documents.PdfOptions(site_url="https://sop.contoh.go.id/", data_dir=data, layout_cache_dir=layout)


def stage(args: argparse.Namespace) -> None:
    portal, data = _portal(args.sops, args.work)
    options = _options(data, args.work / "layout")  # measured row heights kept, as in a cold build with a warm layout cache
    jobs = build.plan(portal, options, portal.kinerja)
    real = build.schedule
    print(f"{args.sops} SOP: {len(jobs)} PDF, {args.workers or 'all'} workers")
    for _ in range(args.rounds):
        for order in args.order:
            build.schedule = real if order == "longest" else (lambda misses: list(misses))
            try:
                _, stats = build.render_jobs(jobs, options, None, args.workers)
            finally:
                build.schedule = real
            cpu = sum(stats.cpu_seconds.values())
            by_kind: dict[str, float] = {}
            for job in jobs:
                by_kind[job.kind] = by_kind.get(job.kind, 0.0) + stats.cpu_seconds.get(job.path, 0.0)
            kinds = ", ".join(f"{kind} {seconds:.0f} s" for kind, seconds in by_kind.items())
            # occupied: share of the workers' time with a PDF in hand (wall time of
            # the renders), whatever else runs on the machine; busy: CPU time.
            occupied = sum(stats.seconds.values()) / (stats.total_seconds * stats.workers)
            print(f"  {order:<8} wall {stats.total_seconds:7.1f} s  CPU {cpu:7.1f} s ({kinds})  "
                  f"CPU/workers {cpu / stats.workers:7.1f} s  busy {stats.busy:.2f}  occupied {occupied:.2f}",
                  flush=True)


def edit(args: argparse.Namespace) -> None:
    """Cold PDF stage into a cache, then one step edited (as `benchmarks.run`
    edits it) and the stage again: what is redone and what it costs."""
    from portal_sop.cache import Cache

    from .run import edit_one_step
    portal, data = _portal(args.sops, args.work)
    options = _options(data, args.work / "layout")
    store = Cache(args.work / f"cache-{args.sops}", ".pdf")
    _, stats = build.render_jobs(build.plan(portal, options, portal.kinerja), options, store, args.workers)
    print(f"{args.sops} SOP, filling the cache: {len(stats.rendered)} made, {len(stats.cached)} cached, "
          f"wall {stats.total_seconds:.1f} s")
    for _ in range(args.rounds):
        edit_one_step(data.parent)
        start = time.perf_counter()
        portal, _ = load_and_validate(data)
        jobs = build.plan(portal, options, portal.kinerja)
        _, stats = build.render_jobs(jobs, options, store, args.workers)
        wall = time.perf_counter() - start
        made = ", ".join(f"{Path(p).name} {stats.cpu_seconds[p]:.2f} s" for p in stats.rendered)
        print(f"  one step edited: {made}; PDF stage wall {stats.total_seconds:.1f} s "
              f"(with loading and planning {wall:.1f} s)", flush=True)


def _tagging(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    marked = bool(root.get("/MarkInfo", {}).get("/Marked"))
    xmp = root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""
    fonts = {ref.idnum for page in reader.pages for ref in page["/Resources"].get("/Font", {}).values()}
    return (f"structure tree {'/StructTreeRoot' in root}, marked {marked}, PDF/A XMP {b'pdfaid' in xmp}, "
            f"output intent {'/OutputIntents' in root}, language {root.get('/Lang')}, font objects {len(fonts)}")


def _pypdf_book(district, options: documents.PdfOptions, parts: list[bytes]) -> bytes:
    """The same cover, contents and SOP pages joined with pypdf instead of
    qpdf: no structure tree carried over, no object streams."""
    front = book.render_front(district, options, [book.page_count(p) for p in parts])
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(front)))
    for sop, data in zip(documents.book_order(district), parts):
        writer.append(pypdf.PdfReader(io.BytesIO(data)), outline_item=f"SOP {sop.name}")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def buku(args: argparse.Namespace) -> None:
    portal, data = _portal(40, args.work)
    district = portal.districts[0]
    options = _options(data, args.work / "layout")
    roots = documents.allowed_roots(data)
    order = documents.book_order(district)
    parts = [documents.render_sop_pdf(district, s, options) for s in order]  # also warms the layout cache
    ways = {
        "rendered": lambda: documents.write_pdf(documents.book_html(district, options), roots=roots,
                                                variant=options.pdf_variant),
        "assembled": lambda: book.book_pdf(district, options, parts),
        "pypdf": lambda: _pypdf_book(district, options, parts),
    }
    results: dict[str, list[tuple[float, bytes]]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, make in ways.items():
            start = time.process_time()
            made = make()
            results[name].append((time.process_time() - start, made))
    print(f"Buku of Kecamatan {district.name}, {len(order)} SOP (the SOP PDFs are made by the build anyway; "
          "their CPU time is not counted)")
    for name, runs in results.items():
        made = runs[-1][1]
        pages = len(pypdf.PdfReader(io.BytesIO(made)).pages)
        print(f"  {name:<9} CPU {statistics.median(c for c, _ in runs):5.2f} s  {len(made) / 1024:6.0f} KB  "
              f"{pages} pages; {_tagging(made)}")
        (args.work / f"buku-{name}.pdf").write_bytes(made)
    print(f"  SOP documents: {sum(len(d) for d in parts) / 1024:.0f} KB together; files in {args.work}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("stage", help="render every PDF cold; wall time against CPU time per worker")
    one.add_argument("--sops", type=int, default=40)
    one.add_argument("--order", nargs="+", choices=("plan", "longest"), default=["longest"])
    one.add_argument("--workers", type=int, default=None)
    two = sub.add_parser("buku", help="rendered against assembled Buku SOP")
    three = sub.add_parser("edit", help="one step edited after a cold stage: what is redone")
    three.add_argument("--sops", type=int, default=40)
    three.add_argument("--workers", type=int, default=None)
    for command in (one, two, three):
        command.add_argument("--rounds", type=int, default=1)
        command.add_argument("--work", type=Path, default=Path("/tmp/pdf-stage"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    {"stage": stage, "buku": buku, "edit": edit}[args.command](args)


if __name__ == "__main__":
    main()
