"""Measure a build in shards by kabupaten against the single build.

    python -m benchmarks.shards --sops 600 --per-regency 200 --work /tmp/shards-bench

Generates the corpus (`benchmarks.corpus`, kabupaten of `--per-regency`
SOPs), then, as separate runners would: each shard cold (no render cache),
one shard again after one edited step (its render cache kept, as the CI
restores it), `portal-sop gabung`, and the single cold `mkdocs build` of the
same data. Prints seconds, seconds per SOP and peak memory (all processes),
whether the merged site equals the single build byte for byte, and the
estimate for a national build (README, "Skala"). JSON in the work folder.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from . import corpus
from . import run as harness
from .run import BIN, REPO, edit_one_step

NATIONAL_SOPS = 150_000
NATIONAL_KECAMATAN = 7_300
NATIONAL_REGENCIES = 514  # kabupaten and kota
MATRIX_LIMIT = 256  # jobs one GitHub Actions matrix may have
RUNNERS = (20, 60, 256)


def timed(command: list[str], cwd: Path, log: Path) -> harness.Run:
    return harness.timed(command[-1], command, cwd, log)


def prepare(sops: int, per_regency: int, work: Path, pdf: bool) -> Path:
    project = work / f"portal-{sops}"
    harness.write_project(project, sops, pdf, districts_per_regency=max(1, per_regency // corpus.SOPS_PER_DISTRICT))
    return project


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _cold(project: Path) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)


def bench(sops: int, per_regency: int, work: Path, pdf: bool, single: bool) -> dict:
    project = prepare(sops, per_regency, work, pdf)
    log = work / f"shards-{sops}.log"
    log.unlink(missing_ok=True)
    regencies = sorted(p.name for p in (project / "sop_data").iterdir() if p.is_dir())
    counts = {r: len(list((project / "sop_data" / r).glob("*/*/sop.yaml"))) for r in regencies}
    runs: dict[str, harness.Run] = {}
    for regency in reversed(regencies):  # the first kabupaten last: its render cache stays for the edit
        _cold(project)  # a runner of its own: nothing rendered yet
        runs[f"shard:{regency}"] = timed([str(BIN / "portal-sop"), "build", "--kabupaten", regency,
                                          "-d", f"build/shard/{regency}"], project, log)
    first = regencies[0]
    edit_one_step(project)  # the first SOP of the first kabupaten
    runs["edit"] = timed([str(BIN / "portal-sop"), "build", "--kabupaten", first, "-d", f"build/shard/{first}"], project, log)
    edit_one_step(project)  # back to the data the other shards were made from
    timed([str(BIN / "portal-sop"), "build", "--kabupaten", first, "-d", f"build/shard/{first}"], project, log)
    runs["gabung"] = timed([str(BIN / "portal-sop"), "gabung", *(f"build/shard/{r}" for r in regencies),
                                      "-d", "build/gabungan"], project, log)
    identical = None
    differing: list[str] = []
    if single:
        _cold(project)
        runs["single"] = timed([str(BIN / "mkdocs"), "build", "-d", "build/site"], project, log)
        one, merged = _tree(project / "build" / "site"), _tree(project / "build" / "gabungan")
        differing = sorted(p for p in set(one) | set(merged) if one.get(p) != merged.get(p))
        identical = not differing
    failed = [name for name, run in runs.items() if run.returncode != 0]
    if failed:
        raise SystemExit(f"failed: {failed}; see {log}")
    shard_runs = {r: runs[f"shard:{r}"] for r in regencies}
    per_sop = sorted(run.seconds / counts[r] for r, run in shard_runs.items())
    cpu_per_sop = sorted(run.cpu_seconds / counts[r] for r, run in shard_runs.items())
    result = {
        "sops": sops, "per_regency": counts, "pdf": pdf,
        "shard_seconds": {r: round(run.seconds, 1) for r, run in shard_runs.items()},
        "shard_seconds_per_sop": round(per_sop[len(per_sop) // 2], 3),
        "shard_cpu_seconds": {r: round(run.cpu_seconds, 1) for r, run in shard_runs.items()},
        "shard_cpu_seconds_per_sop": round(cpu_per_sop[len(cpu_per_sop) // 2], 3),
        "shard_peak_mb": max(run.peak_bytes for run in shard_runs.values()) // 2**20,
        "edit_shard_seconds": round(runs["edit"].seconds, 1),
        "edit_shard_cpu_seconds": round(runs["edit"].cpu_seconds, 1),
        "gabung_seconds": round(runs["gabung"].seconds, 1),
        "gabung_seconds_per_sop": round(runs["gabung"].seconds / sops, 4),
        "gabung_cpu_seconds": round(runs["gabung"].cpu_seconds, 1),
        "gabung_peak_mb": runs["gabung"].peak_bytes // 2**20,
        "single_seconds": round(runs["single"].seconds, 1) if single else None,
        "single_cpu_seconds": round(runs["single"].cpu_seconds, 1) if single else None,
        "single_peak_mb": runs["single"].peak_bytes // 2**20 if single else None,
        "identical": identical, "differing": differing[:20],
    }
    (work / f"shards-{sops}.json").write_text(json.dumps(result, indent=1), "utf-8")
    return result


def national(result: dict) -> str:
    """Estimate for the whole country from the measured CPU seconds per SOP:
    a shard on a 2-core runner takes between CPU/2 (both cores busy all the
    time) and CPU/1 (one core); `gabung` grows with the number of SOPs."""
    per_regency = NATIONAL_SOPS / NATIONAL_REGENCIES
    cpu = per_regency * result["shard_cpu_seconds_per_sop"]
    fast, slow = cpu / 2, cpu
    merge = NATIONAL_SOPS * result["gabung_seconds_per_sop"]
    lines = [f"national: {NATIONAL_SOPS} SOPs in {NATIONAL_REGENCIES} kabupaten/kota (~{per_regency:.0f} SOPs each): "
             f"one shard {cpu / 60:.1f} CPU-min = {fast / 60:.1f}-{slow / 60:.1f} min on a 2-core runner; "
             f"gabung ~{merge / 60:.0f} min (measured {result['gabung_seconds_per_sop']} s per SOP, linear); "
             f"{NATIONAL_REGENCIES * cpu / 3600:.0f} CPU-hours of shards in all"]
    for runners in RUNNERS:
        waves = -(-NATIONAL_REGENCIES // runners)
        lines.append(f"  {runners} runners at once: {waves} waves -> {(waves * fast + merge) / 60:.0f}-"
                     f"{(waves * slow + merge) / 60:.0f} min from cold; a matrix holds at most {MATRIX_LIMIT} jobs")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sops", type=int, default=600)
    parser.add_argument("--per-regency", type=int, default=200, help="SOPs per kabupaten (multiple of 20)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench-shards")
    parser.add_argument("--no-pdf", action="store_true", help="without PDFs (quick check of the harness)")
    parser.add_argument("--no-single", action="store_true", help="skip the single build and the byte comparison")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = bench(args.sops, args.per_regency, args.work, not args.no_pdf, not args.no_single)
    print(json.dumps(result, indent=1))
    print(national(result))
    return 0 if result["identical"] is not False else 1


if __name__ == "__main__":
    sys.exit(main())
