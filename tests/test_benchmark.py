"""The benchmark corpus and harness (the benchmark itself is not a timed test)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks import corpus
from portal_sop.validation import load_and_validate

REPO = Path(__file__).resolve().parents[1]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_corpus_validates_and_is_deterministic(tmp_path):
    data = corpus.generate(40, tmp_path / "a")
    portal, report = load_and_validate(data)
    assert not report.findings, [f.format() for f in report.findings]
    assert len(portal.sops) == 40
    assert len(portal.districts) == 2
    assert all(5 <= len(sop.steps) <= 15 for _, sop in portal.sops)
    assert set(portal.kinerja) == {d.path for d in portal.districts}  # one data kinerja package each
    assert _tree(data) == _tree(corpus.generate(40, tmp_path / "b"))


def test_corpus_sizes_split_into_kecamatan_and_kabupaten():
    assert [corpus.district_count(n) for n in corpus.SIZES] == [2, 10, 50, 100]
    assert [corpus.regency_count(n) for n in corpus.SIZES] == [1, 1, 3, 5]


def test_benchmark_runs_on_the_smallest_size(tmp_path):
    # PDFs off keeps the suite fast; the harness, the plain Material project
    # and every measured command still run for real.
    work = tmp_path / "bench"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "40", "--rounds", "1", "--cold-rounds", "1",
         "--no-pdf", "--work", str(work)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout.splitlines()[-1]
    assert table.startswith("| 40 |")
    assert "–" not in table  # every column measured
    assert (work / "results.json").is_file()
    plain_pages = {p.relative_to(work / "plain-40" / "build" / "site")
                   for p in (work / "plain-40" / "build" / "site").rglob("*.html")}
    portal_pages = {p.relative_to(work / "portal-40" / "build" / "site")
                    for p in (work / "portal-40" / "build" / "site").rglob("*.html")}
    assert plain_pages == portal_pages  # the yardstick builds the same pages
