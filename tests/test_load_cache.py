"""The content-hash cache of loaded and validated data folders."""
from __future__ import annotations

import shutil

from portal_sop.validation import load_and_validate

from conftest import SEED_DATA


def _seed(tmp_path):
    data = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, data)
    return data


def test_cached_load_equals_a_fresh_load(tmp_path):
    data = _seed(tmp_path)
    fresh = load_and_validate(data)
    cache = tmp_path / "cache"
    first = load_and_validate(data, cache)
    assert any((cache / "data").glob("*.pickle"))
    second = load_and_validate(data, cache)  # every folder from the cache
    assert first == fresh and second == fresh


def test_changed_file_is_loaded_and_checked_again(tmp_path, monkeypatch):
    data = _seed(tmp_path)
    cache = tmp_path / "cache"
    load_and_validate(data, cache)
    steps = data / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace(",sekcam,", ",orang-asing,", 1), "utf-8")
    # Unchanged kecamatan come from the cache: their loader is not called.
    from portal_sop.sop import loader
    calls = []
    original = loader.load_district_file
    monkeypatch.setattr("portal_sop.validation.load_district_file", lambda p, r: calls.append(p) or original(p, r))
    portal, report = load_and_validate(data, cache)
    assert [p.parent.name for p in calls] == ["kebasen"]
    assert report.has_errors
    assert any(f.file.endswith("kebasen/pengukuran-data-kinerja/langkah.csv") for f in report.errors)
    assert (portal, report) == load_and_validate(data)  # the same as without a cache
    # Putting the file back gives the old, valid result again.
    steps.write_text(steps.read_text("utf-8").replace(",orang-asing,", ",sekcam,", 1), "utf-8")
    assert not load_and_validate(data, cache)[1].has_errors


def test_cached_findings_are_replayed(tmp_path):
    data = _seed(tmp_path)
    sop = data / "banjar" / "simpang-empat" / "pengumpulan-data-kinerja" / "sop.yaml"
    sop.write_text(sop.read_text("utf-8").replace('nomor: "002"', "nomor:"), "utf-8")
    cache = tmp_path / "cache"
    cold = load_and_validate(data, cache)[1]
    warm = load_and_validate(data, cache)[1]
    assert "nomor-sop-kosong" in cold.codes()
    assert warm.sorted() == cold.sorted()


def test_kinerja_package_edit_is_seen(tmp_path):
    data = _seed(tmp_path)
    cache = tmp_path / "cache"
    load_and_validate(data, cache)
    results = data / "banjar" / "simpang-empat" / "data-kinerja" / "realisasi.csv"
    results.write_text(results.read_text("utf-8").replace("IKM,2024,1,79.96", "IKM,2024,1,bukan-angka"), "utf-8")
    report = load_and_validate(data, cache)[1]
    assert any(f.file.endswith("data-kinerja/realisasi.csv") for f in report.errors)


def test_folder_with_a_link_is_never_cached(tmp_path):
    from portal_sop.validation import folder_digest
    data = _seed(tmp_path)
    folder = data / "banjar" / "simpang-empat"
    assert folder_digest(folder) is not None
    (folder / "tautan.csv").symlink_to(folder / "pengumpulan-data-kinerja" / "langkah.csv")
    assert folder_digest(folder) is None


def test_placeholder_findings_from_the_cache_and_only_changed_folders_read_again(tmp_path, monkeypatch):
    data = _seed(tmp_path)
    steps = data / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "langkah.csv"
    lines = steps.read_text("utf-8").split("\n")
    cells = lines[1].split(",")
    cells[1] = "ISI: uraian kegiatan"
    lines[1] = ",".join(cells)
    steps.write_text("\n".join(lines), "utf-8")
    sop = data / "banjar" / "simpang-empat" / "pengumpulan-data-kinerja" / "sop.yaml"
    sop.write_text(sop.read_text("utf-8").replace('nomor: "002"', 'nomor: "ISI: nomor SOP"'), "utf-8")
    cache = tmp_path / "cache"
    cold = load_and_validate(data, cache)[1]
    assert [f.file.split("/")[-2] for f in cold.findings if f.code == "isian-belum-diisi"] == [
        "pengumpulan-data-kinerja", "pengukuran-data-kinerja"]
    from portal_sop.sop import placeholders
    scanned = []
    original = placeholders.scan_folder
    monkeypatch.setattr("portal_sop.validation.scan_folder", lambda f, r: scanned.append(f.name) or original(f, r))
    warm = load_and_validate(data, cache)[1]
    assert scanned == [] and warm.sorted() == cold.sorted() == load_and_validate(data)[1].sorted()
    steps.write_text(steps.read_text("utf-8").replace("ISI: uraian kegiatan", "Menyusun laporan"), "utf-8")
    fixed = load_and_validate(data, cache)[1]
    assert scanned == ["kebasen"]
    assert [f.file.split("/")[-2] for f in fixed.findings if f.code == "isian-belum-diisi"] == ["pengumpulan-data-kinerja"]


def _break_two_kecamatan(data):
    sop = data / "banjar" / "simpang-empat" / "pengumpulan-data-kinerja" / "sop.yaml"
    sop.write_text(sop.read_text("utf-8").replace('nomor: "002"', "nomor:"), "utf-8")
    steps = data / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace(",sekcam,", ",orang-asing,", 1), "utf-8")
    results = data / "banjar" / "simpang-empat" / "data-kinerja" / "realisasi.csv"
    results.write_text(results.read_text("utf-8").replace("IKM,2024,1,79.96", "IKM,2024,1,bukan-angka"), "utf-8")


def test_folders_read_in_parallel_give_the_serial_result(tmp_path):
    """Kecamatan folders and data kinerja packages missing from the cache are
    read in worker processes; the model and the findings, in their order,
    are those of reading them one by one."""
    data = _seed(tmp_path)
    _break_two_kecamatan(data)
    serial = load_and_validate(data, workers=1)
    assert {"nomor-sop-kosong", "pelaksana-tidak-dikenal"} <= set(serial[1].codes())
    assert any(f.file.endswith("data-kinerja/realisasi.csv") for f in serial[1].errors)
    assert load_and_validate(data, workers=2) == serial
    cache = tmp_path / "cache"
    assert load_and_validate(data, cache, workers=2) == serial  # read in workers, stored
    assert load_and_validate(data, cache, workers=2) == serial  # replayed from the cache
