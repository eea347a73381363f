"""A build in shards by kabupaten (`portal-sop build --kabupaten`, then
`portal-sop gabung`) gives the single build's site byte for byte: every
page, flowchart, PDF, download, the sitemap and the search index."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, SEED_DATA, build_portal, write_portal_yml

REGENCIES = ["balangan", "banjar", "banyumas"]


def portal_sop(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portal_sop", *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=env)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Three kabupaten of sop_data/; one without data kinerja, so its shard
    names a comparison page that other kabupaten make."""
    base = tmp_path_factory.mktemp("shards")
    data = base / "sop_data"
    for name in REGENCIES:
        shutil.copytree(SEED_DATA / name, data / name)
    shutil.copy(SEED_DATA / "sinonim.yaml", data / "sinonim.yaml")
    shutil.rmtree(data / "banyumas" / "kebasen" / "data-kinerja")
    # Its own render cache: the shards render their charts and PDFs afresh
    # instead of taking the single build's.
    write_portal_yml(base / "mkdocs.yml", data, cache_dir=".cache/shards")
    return base


@pytest.fixture(scope="module")
def shards(project: Path) -> dict[str, Path]:
    listed = portal_sop("kabupaten", "--json", cwd=project)
    assert listed.returncode == 0, listed.stderr
    assert [entry["kabupaten"] for entry in json.loads(listed.stdout)] == REGENCIES
    out = {}
    for name in REGENCIES:
        result = portal_sop("build", "--kabupaten", name, "-d", f"build/shard-{name}", cwd=project)
        assert result.returncode == 0, result.stderr[-4000:]
        out[name] = project / "build" / f"shard-{name}"
    return out


def test_merged_shards_are_the_single_build_byte_for_byte(project: Path, shards: dict[str, Path]):
    merged = portal_sop("gabung", *map(str, shards.values()), "-d", "build/gabungan", cwd=project)
    assert merged.returncode == 0, merged.stderr[-4000:]
    single = build_portal(project / "sop_data", project / "build" / "site")
    assert single.returncode == 0, single.stderr[-4000:]
    one, parts = _files(project / "build" / "site"), _files(project / "build" / "gabungan")
    assert sorted(one) == sorted(parts), (
        f"only in the single build: {sorted(set(one) - set(parts))}; only merged: {sorted(set(parts) - set(one))}"
    )
    differing = [path for path in one if one[path] != parts[path]]
    assert not differing, f"files that differ between the single build and the merged shards: {differing}"
    # What the comparison covered: every kind of output, from every shard.
    kinds = {Path(p).suffix for p in one}
    assert {".html", ".svg", ".pdf", ".xml", ".gz", ".json", ".csv"} <= kinds, kinds
    assert any(p.startswith("pagefind/") for p in one)
    for name in REGENCIES:
        assert any(p.startswith(f"{name}/") and p.endswith(".pdf") for p in one), name
    # A shard holds its kabupaten's folder and its manifest, nothing else.
    assert sorted(p.name for p in shards["banjar"].iterdir()) == [".portal-sop-build", "banjar", "shard.json"]


def test_merge_refuses_missing_and_stale_shards(project: Path, shards: dict[str, Path]):
    missing = portal_sop("gabung", str(shards["banjar"]), str(shards["banyumas"]), "-d", "build/kurang", cwd=project)
    assert missing.returncode == 1
    assert "shard untuk kabupaten balangan tidak ada" in missing.stderr
    assert not (project / "build" / "kurang").exists()
    twice = portal_sop("gabung", *map(str, shards.values()), str(shards["banjar"]), "-d", "build/ganda", cwd=project)
    assert twice.returncode == 1 and "dua shard untuk kabupaten banjar" in twice.stderr
    steps = next((project / "sop_data" / "banjar").rglob("langkah.csv"))
    original = steps.read_bytes()
    try:
        steps.write_bytes(original.replace(b"Menerima", b"Menerima kembali", 1) if b"Menerima" in original else original + b"\n")
        stale = portal_sop("gabung", *map(str, shards.values()), "-d", "build/basi", cwd=project)
    finally:
        steps.write_bytes(original)
    assert stale.returncode == 1
    assert "kabupaten banjar" in stale.stderr and "portal-sop build --kabupaten banjar" in stale.stderr


def test_a_shard_of_another_reference_date_is_stale(project: Path, shards: dict[str, Path]):
    # Kecamatan pages print the reference date of the 12-month monitoring
    # rule: a shard cached on an earlier day must not be merged as current.
    later = {**os.environ, "SOURCE_DATE_EPOCH": str(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()) + 86400)}
    stale = portal_sop("gabung", *map(str, shards.values()), "-d", "build/besok", cwd=project, env=later)
    assert stale.returncode == 1, stale.stderr
    assert "sudah berubah" in stale.stderr and "portal-sop build --kabupaten" in stale.stderr
    assert not (project / "build" / "besok").exists()
    listed = portal_sop("kabupaten", "--json", cwd=project, env=later)
    manifests = [json.loads((shards[n] / "shard.json").read_text("utf-8"))["masukan"] for n in REGENCIES]
    assert all(entry["kunci"] not in manifests for entry in json.loads(listed.stdout))  # the CI cache key moves too


def test_unknown_kabupaten_names_the_choices(project: Path):
    result = portal_sop("build", "--kabupaten", "tidak-ada", "-d", "build/x", cwd=project)
    assert result.returncode == 1
    assert "Galat: kabupaten 'tidak-ada' tidak ada" in result.stderr and "balangan, banjar, banyumas" in result.stderr
    assert not (project / "build" / "x").exists()


def test_workflow_builds_kabupaten_as_a_cached_matrix_then_merges():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    plan = [s.get("run", "") for s in jobs["rencana"]["steps"]]
    assert any("portal-sop kabupaten --json --kelompok 256" in run and "$GITHUB_OUTPUT" in run for run in plan)
    assert ".venv/bin/portal-sop validate --format github" in plan
    shard = jobs["shard"]
    assert shard["needs"] == "rencana"
    assert shard["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.rencana.outputs.shard) }}"
    assert shard["env"]["KABUPATEN"] == "${{ matrix.shard.kabupaten }}"
    steps = shard["steps"]
    cached = next(s for s in steps if s.get("id") == "shard")
    assert cached["uses"].startswith("actions/cache@") and cached["with"]["path"] == "build/shard/${{ matrix.shard.kabupaten }}"
    assert cached["with"]["key"] == "shard-${{ runner.os }}-${{ matrix.shard.kunci }}"  # the shard's own key
    build = next(s for s in steps if "portal-sop build --kabupaten" in s.get("run", ""))
    assert build["if"] == "steps.shard.outputs.cache-hit != 'true'"  # unchanged kabupaten: from the cache
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "build/shard/${{ matrix.shard.kabupaten }}"
    merge = jobs["gabung"]
    assert merge["needs"] == "shard"
    runs = [s.get("run", "") for s in merge["steps"]]
    assert ".venv/bin/portal-sop gabung build/shard/* -d build/site" in runs
    pages = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "build/site"
    assert jobs["terbitkan"]["needs"] == "gabung"


def test_matrix_keys_are_the_shards_own_keys_and_groups_stay_under_the_limit(project: Path, shards: dict[str, Path]):
    listed = portal_sop("kabupaten", "--json", "--kelompok", "2", cwd=project)
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [e["kabupaten"] for e in entries] == ["balangan,banjar", "banyumas"]
    single = json.loads(portal_sop("kabupaten", "--json", cwd=project).stdout)
    for entry in single:
        manifest = json.loads((shards[entry["kabupaten"]] / "shard.json").read_text("utf-8"))
        assert manifest == {"kabupaten": [entry["kabupaten"]], "masukan": entry["kunci"]}


def test_a_shard_of_several_kabupaten_merges_like_single_ones(project: Path, shards: dict[str, Path]):
    both = portal_sop("build", "--kabupaten", "banjar,balangan", "-d", "build/shard-dua", cwd=project)
    assert both.returncode == 0, both.stderr[-4000:]
    assert json.loads((project / "build" / "shard-dua" / "shard.json").read_text("utf-8"))["kabupaten"] == ["balangan", "banjar"]
    merged = portal_sop("gabung", "build/shard-dua", str(shards["banyumas"]), "-d", "build/gabungan-dua", cwd=project)
    assert merged.returncode == 0, merged.stderr[-4000:]
    one, grouped = _files(project / "build" / "gabungan"), _files(project / "build" / "gabungan-dua")
    assert [p for p in set(one) | set(grouped) if one.get(p) != grouped.get(p)] == []


def test_shard_benchmark_runs_and_merges_identically(tmp_path):
    # Two kabupaten of 20 SOPs, PDFs off to keep the suite fast; every
    # command of the harness runs for real and the bytes are compared.
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.shards", "--sops", "40", "--per-regency", "20", "--no-pdf",
         "--work", str(tmp_path / "bench")],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert '"identical": true' in result.stdout
    assert "national: 150000 SOPs" in result.stdout


def test_groups_are_runs_of_neighbours_within_the_limit():
    from portal_sop.site.shards import groups

    names = [f"k{i:03d}" for i in range(514)]
    grouped = groups(names, 256)
    assert len(grouped) == 256 and [n for g in grouped for n in g] == names
    assert {len(g) for g in grouped} == {2, 3}
    assert groups(["a", "b"], 256) == [["a"], ["b"]]
    assert groups(["a", "b", "c"], 1) == [["a", "b", "c"]]
