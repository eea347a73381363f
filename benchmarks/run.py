"""Benchmark the portal build against the plain Material build of the same pages.

    python -m benchmarks.run --sizes 40 200 --rounds 3

For each size it generates the corpus (`benchmarks.corpus`), writes a
project folder (mkdocs.yml + the hand-written pages of `content/`) and a
plain MkDocs Material project of the very same pages: the portal's generated
Markdown and assets written out once, the same navigation, theme features and
Markdown extensions, no portal plugin. Then, in rounds, each measured command
runs next to a plain build (plain, portal, plain, portal ...; the first
cold build comes before its plain pair, because the plain project is written
from the render cache it fills), so each ratio is taken pair by pair while
the machine's speed drifts:

- cold: `mkdocs build` with the render cache and the output removed (its
  plain pair without output too);
- warm: `mkdocs build` again, nothing changed;
- edit: one step of one SOP changed, then `mkdocs build` (warm and edit
  pairs build over the previous output, as a rebuild does: MkDocs clears
  the old site itself, inside the timed run);
- validate: `portal-sop validate`.

Each run is timed from outside (wall clock) and its memory is sampled as the
sum of the resident memory of the command and all its child processes
(`peak` = the largest such sum seen). Medians and pairwise ratio medians are
printed, plus a JSON file of every run in the work folder.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import corpus

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
EDIT_MARK = " (diubah)"


# --- memory of a process tree -------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return total


@dataclass
class Run:
    kind: str
    seconds: float  # wall clock
    peak_bytes: int  # largest resident memory of the process tree
    returncode: int
    cpu_seconds: float = 0.0  # user + system of the command and every process it waited for


def timed(kind: str, command: list[str], cwd: Path, log: Path) -> Run:
    """Run `command`; its wall clock, CPU time (on a shared machine the wall
    clock varies with the load, CPU seconds much less) and peak memory."""
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, tree_rss(process.pid))
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        stop.set()
        sampler.join()
    return Run(kind, seconds, peak, process.returncode, usage.ru_utime + usage.ru_stime)


# --- the two projects ---------------------------------------------------------

def _repo_config() -> dict:
    # mkdocs.yml may carry !!python tags (Material's emoji); none today.
    return yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))


def write_project(project: Path, sops: int, pdf: bool, **corpus_options: int) -> Path:
    """A portal project in `project` (replaced): the corpus of `sops` SOPs
    (`corpus.generate` with `corpus_options`), the hand-written pages and the
    repository's mkdocs.yml pointed at the corpus; returns the data folder."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    data = corpus.generate(sops, project, **corpus_options)
    shutil.copytree(REPO / "content", project / "content")
    config = _repo_config()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "portal-sop" in plugin:
            plugin["portal-sop"] = {**(plugin["portal-sop"] or {}), "data_dir": "sop_data", "pdf_enabled": pdf}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return data


def prepare_portal(size: int, work: Path, pdf: bool) -> Path:
    """The portal project for `size` SOPs (`write_project`), its corpus checked."""
    from portal_sop.validation import load_and_validate

    project = work / f"portal-{size}"
    data = write_project(project, size, pdf)
    _, report = load_and_validate(data)
    if report.has_errors:
        raise SystemExit(f"generated corpus does not validate: {report.summary()}")
    return project


def prepare_plain(size: int, work: Path, project: Path) -> Path:
    """The plain Material project of the very pages the portal generates,
    written with the plugin's own settings read from the project's
    mkdocs.yml. Run it after a portal build: charts and PDFs then come from
    the project's render cache instead of being rendered once more."""
    from portal_sop.adapters import settings as portal_settings
    from portal_sop.site.pages import build_site, write_site
    from portal_sop.validation import load_and_validate

    portal, _ = load_and_validate(project / "sop_data")
    _, wanted = portal_settings.load(project / "mkdocs.yml")
    site = build_site(portal, wanted.site)
    plain = work / f"plain-{size}"
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(REPO / "content", plain / "content")
    write_site(site, plain / "content")
    plain_config = {k: v for k, v in _repo_config().items()}
    plain_config["plugins"] = [p for p in plain_config["plugins"] if not (isinstance(p, dict) and "portal-sop" in p)]
    plain_config["nav"] = site.nav + list(plain_config.get("nav") or [])
    plain_config["extra_css"] = list(plain_config.get("extra_css") or []) + ["assets/portal-sop.css"]
    plain_config.pop("edit_uri", None)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(plain_config, sort_keys=False, allow_unicode=True), "utf-8")
    return plain


def edit_one_step(project: Path) -> Path:
    """Change the first step of the first SOP (toggling a marker, so every
    call is a real change against the previous build)."""
    steps = sorted((project / "sop_data").glob("*/*/*/langkah.csv"))[0]
    lines = steps.read_text("utf-8").split("\n")
    cells = lines[1].split(",")
    cells[1] = cells[1][: -len(EDIT_MARK)] if cells[1].endswith(EDIT_MARK) else cells[1] + EDIT_MARK
    lines[1] = ",".join(cells)
    steps.write_text("\n".join(lines), "utf-8")
    return steps


@dataclass
class Results:
    size: int
    runs: list[Run] = field(default_factory=list)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    # CPU seconds of WeasyPrint and dot alone (benchmarks.reference), if
    # measured: one document at a time, and as many at once as there are cores
    reference: dict | None = None
    reference_parallel: dict | None = None

    def cold_goal(self, parallel: bool = False) -> float | None:
        """cold / (plain + reference CPU / cores), the issue's cold-build goal
        (≤ 1.2); `parallel`: with the reference timed on every core at once."""
        cold, plain = self.median("cold"), self.median("plain")
        reference = self.reference_parallel if parallel else self.reference
        if cold is None or plain is None or not reference:
            return None
        return cold / (plain + reference["total_cpu_seconds"] / (os.cpu_count() or 1))

    def median(self, kind: str) -> float | None:
        values = [r.seconds for r in self.runs if r.kind == kind]
        return statistics.median(values) if values else None

    def peak(self, kind: str) -> int:
        return max((r.peak_bytes for r in self.runs if r.kind == kind), default=0)


def reference(project: Path, sample: int, log: Path, workers: int = 1) -> dict:
    """benchmarks.reference in its own process (its imports and memory stay out of the builds)."""
    done = subprocess.run([str(BIN / "python"), "-m", "benchmarks.reference", str(project), "--sample", str(sample),
                           "--workers", str(workers)], cwd=REPO, capture_output=True, text=True, check=False)
    with open(log, "a", encoding="utf-8") as out:
        out.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"reference measurement failed (exit {done.returncode}); see {log}")
    return json.loads(done.stdout)


def bench(size: int, work: Path, rounds: int, cold_rounds: int, pdf: bool, reference_sample: int = 0,
          reuse: bool = False) -> Results:
    project, plain = work / f"portal-{size}", work / f"plain-{size}"
    reused = reuse and (project / "mkdocs.yml").is_file() and (plain / "mkdocs.yml").is_file()
    if not reused:
        project = prepare_portal(size, work, pdf)
    log = work / f"log-{size}.txt"
    log.write_text("")
    mkdocs = str(BIN / "mkdocs")
    results = Results(size)

    def plain_build(cold: bool = False) -> Run:
        # Like the portal's builds: from nothing for the cold pair, else over
        # the previous output, which MkDocs clears itself (timed).
        if cold:
            shutil.rmtree(plain / "build", ignore_errors=True)
        return timed("plain", [mkdocs, "build", "-q"], plain, log)

    def portal(kind: str) -> Run:
        if kind == "cold":
            shutil.rmtree(project / "build", ignore_errors=True)
            shutil.rmtree(project / ".cache", ignore_errors=True)
        if kind == "edit":
            edit_one_step(project)
        if kind == "validate":
            return timed(kind, [str(BIN / "portal-sop"), "validate", "sop_data", "--cache", ".cache/portal-sop"], project, log)
        return timed(kind, [mkdocs, "build", "-q"], project, log)

    def record(kind: str, plain_run: Run, portal_run: Run) -> None:
        for run in (plain_run, portal_run):
            if run.returncode != 0:
                raise SystemExit(f"{run.kind} build failed (exit {run.returncode}); see {log}")
            results.runs.append(run)
            print(f"  {size:>5} {run.kind:<8} {run.seconds:8.1f} s  CPU {run.cpu_seconds:8.1f} s  "
                  f"peak {run.peak_bytes / 2**20:7.0f} MiB", flush=True)
        results.ratios.setdefault(kind, []).append(portal_run.seconds / plain_run.seconds)

    # The first cold build comes first: it fills the render cache, from
    # which the plain project is then written without rendering anything
    # again (one full render less per size). Its plain pair follows it.
    if cold_rounds:
        first_cold = portal("cold")
    elif rounds:
        portal("warm")  # output and caches in place once, unmeasured
    if not reused:
        plain = prepare_plain(size, work, project)
    if cold_rounds:
        record("cold", plain_build(cold=True), first_cold)
        if reference_sample:
            results.reference = reference(project, reference_sample, log)
            print(f"  {size:>5} reference {results.reference['total_cpu_seconds']:8.1f} CPU s (WeasyPrint and dot alone)",
                  flush=True)
            cores = os.cpu_count() or 1
            results.reference_parallel = reference(project, reference_sample, log, cores) if cores > 1 else results.reference
            print(f"  {size:>5} reference {results.reference_parallel['total_cpu_seconds']:8.1f} CPU s "
                  f"(the same, {cores} at once)", flush=True)
    for kind in ["warm", "edit", "validate"] * rounds + ["cold"] * (cold_rounds - 1):
        plain_run = plain_build(cold=kind == "cold")
        record(kind, plain_run, portal(kind))
    return results


def page_size(work: Path, size: int) -> int | None:
    """Bytes of the HTML page of the SOP every size shares."""
    project = work / f"portal-{size}"
    page = project / "build" / "site" / corpus.reference_sop(project / "sop_data") / "index.html"
    return page.stat().st_size if page.is_file() else None


def report(all_results: list[Results], work: Path) -> str:
    lines = ["| SOPs | cold | warm | one step edited | validate | plain Material | warm/plain | edit/plain | cold/plain "
             "| cold/(plain + reference/cores) | the same, reference on all cores at once | peak RSS (all processes) "
             "| SOP page HTML |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in all_results:
        def cell(kind: str) -> str:
            value = r.median(kind)
            return f"{value:.1f} s" if value is not None else "–"

        def ratio(kind: str) -> str:
            values = r.ratios.get(kind)
            return f"{statistics.median(values):.2f}" if values else "–"

        peak = max((run.peak_bytes for run in r.runs if run.kind != "plain"), default=0)
        html = page_size(work, r.size)
        lines.append(f"| {r.size} | {cell('cold')} | {cell('warm')} | {cell('edit')} | {cell('validate')} | {cell('plain')} | "
                     f"{ratio('warm')} | {ratio('edit')} | {ratio('cold')} | "
                     f"{f'{r.cold_goal():.2f}' if r.cold_goal() is not None else '–'} | "
                     f"{f'{r.cold_goal(True):.2f}' if r.cold_goal(True) is not None else '–'} | {peak / 2**20:.0f} MiB | "
                     f"{html if html is not None else '–'} B |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the portal build against plain MkDocs Material.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[40], help=f"corpus sizes (SOPs), from {corpus.SIZES}")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds of warm, edit and validate")
    parser.add_argument("--cold-rounds", type=int, default=1, help="paired cold builds (slow: PDFs from scratch)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench", help="work folder (replaced per size)")
    parser.add_argument("--no-pdf", action="store_true", help="pdf_enabled: false (quick check of the harness)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the projects of an earlier run in --work (same sizes) instead of preparing them again")
    parser.add_argument("--reference-sample", type=int, default=20,
                        help="time every Nth PDF and chart alone for the cold-build reference (0 = skip)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    all_results = []
    for size in args.sizes:
        print(f"size {size}: preparing corpus and plain project", flush=True)
        all_results.append(bench(size, args.work.resolve(), args.rounds, args.cold_rounds, not args.no_pdf,
                                 args.reference_sample, args.reuse))
    table = report(all_results, args.work)
    print(table)
    (args.work / "results.json").write_text(json.dumps(
        [{"size": r.size, "runs": [vars(run) for run in r.runs], "ratios": r.ratios, "reference": r.reference,
          "reference_parallel": r.reference_parallel}
         for r in all_results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
