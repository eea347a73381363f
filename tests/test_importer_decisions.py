"""Decisions inferred by the importer: each pattern, each reported at its
source line, and the seeds' decisions equal to the curated data."""
from __future__ import annotations

import pytest
from conftest import SEED_DATA
from portal_sop.authoring.importer import import_files, parse_file
from portal_sop.authoring.importer.decisions import lane_mark
from portal_sop.findings import Report
from portal_sop.sop.loader import load_portal
from portal_sop.validation import load_and_validate
from test_importer import needs_seeds, seed
from test_importer_text import STEPS, line_of, source

DIAMOND = "\u25c7"


def decisions(path) -> tuple[list[tuple], list]:
    report = Report()
    (sop,) = parse_file(path, report)
    found = [(s.number, s.kind, s.branch, s.label_yes, s.label_no) for s in sop.steps]
    return found, [f for f in report.findings if f.code == "keputusan-disimpulkan"]


def with_step2(tmp_path, row: str):
    return source(tmp_path, [STEPS[0], row, STEPS[2]])


def test_issue_example_back_to_step_in_keterangan(tmp_path):
    path = with_step2(tmp_path, "2.\tMemeriksa berkas, jika tidak lengkap dikembalikan ke seksi\t\t\u2611\t\tBerkas\t1 hari\tBerkas diperiksa\t"
                                "Jika tidak lengkap kembali ke langkah 1")
    found, warnings = decisions(path)
    assert found[1] == (2, "keputusan", 1, "Lengkap", "Tidak lengkap")
    assert found[0][1] == found[2][1] == "proses"
    (warning,) = warnings
    assert (warning.row, warning.column) == (line_of(path, "Memeriksa berkas"), "jenis")
    assert "kembali ke langkah 1 (seperti tertulis)" in warning.message


def test_back_to_an_actor_finds_that_actors_last_step(tmp_path):
    path = source(tmp_path, [STEPS[0], STEPS[1], "3.\tMemeriksa draf; apabila belum sesuai dikembalikan ke Sekretaris untuk diperbaiki\t\t\t\u2611\tDraf\t1 hari\tDraf diperiksa\t"])
    found, (warning,) = decisions(path)
    assert found[2][:3] == (3, "keputusan", 2)
    assert '"Sekretaris"' in warning.message


def test_back_to_an_unknown_actor_leaves_the_target_empty(tmp_path):
    path = with_step2(tmp_path, "2.\tMemeriksa, jika tidak lengkap dikembalikan ke pemohon\t\t\u2611\t\tBerkas\t1 hari\tBerkas\t")
    found, (warning,) = decisions(path)
    assert found[1][:3] == (2, "keputusan", None)
    assert "jika_tidak_ke belum diisi" in warning.message


def test_panah_balik_goes_back_one_step(tmp_path):
    path = with_step2(tmp_path, "2.\tMenerima konsep\t\t\u2611\t\tDraf\t1 hari\tKonsep\tPanah balik menandakan konsep perlu perbaikan")
    found, (warning,) = decisions(path)
    assert found[1][:3] == (2, "keputusan", 1)
    assert '"panah balik"' in warning.message


def test_diamond_in_a_lane_cell(tmp_path):
    path = with_step2(tmp_path, f"2.\tMemeriksa kelengkapan\t\t{DIAMOND}\t\tBerkas\t1 hari\tBerkas\t")
    report = Report()
    (sop,) = parse_file(path, report)
    step = sop.steps[1]
    assert (step.kind, step.branch, sop.actor_names(step)) == ("keputusan", 1, ["Sekretaris"])
    assert "belah ketupat di lajur sekretaris" in next(f.message for f in report.findings if f.code == "keputusan-disimpulkan")


def test_yes_no_labels_in_lanes_are_not_actors(tmp_path):
    path = with_step2(tmp_path, "2.\tMemeriksa kelengkapan\tTidak\t\u2611\tYa\tBerkas\t1 hari\tBerkas\t")
    report = Report()
    (sop,) = parse_file(path, report)
    step = sop.steps[1]
    assert (step.kind, step.branch, sop.actor_names(step)) == ("keputusan", 1, ["Sekretaris"])
    assert "label panah 'Tidak', 'Ya'" in next(f.message for f in report.findings if f.code == "keputusan-disimpulkan")


@pytest.mark.parametrize("text, mark", [("Ya", False), ("Tidak", False), ("Ya / Tidak", False), ("Tidak Lengkap", False),
                                        ("\u2611", True), ("Mulai", True), (DIAMOND, True), ("", False)])
def test_lane_mark(text, mark):
    assert lane_mark(text) is mark


def test_plain_steps_stay_processes(tmp_path):
    found, warnings = decisions(source(tmp_path))
    assert [f[1] for f in found] == ["proses"] * 3 and warnings == []


def test_imported_decision_validates(tmp_path):
    path = with_step2(tmp_path, "2.\tMenerima konsep\t\t\u2611\t\tDraf\t1 hari\tKonsep\tPanah balik: konsep perlu perbaikan")
    import_files([path], tmp_path / "data", Report())
    portal, report = load_and_validate(tmp_path / "data")
    step = portal.sops[0][1].steps[1]
    assert (step.kind.value, step.branch_step) == ("keputusan", 1)
    assert not {"keputusan-tanpa-cabang", "tujuan-langkah-tidak-ada"} & set(report.codes())


@needs_seeds
@pytest.mark.parametrize("prefix, district", [("000", "simpang-empat"), ("002", "kebasen")])
def test_seed_decisions_equal_curated_data(tmp_path, prefix, district):
    report = Report()
    import_files([seed(prefix)], tmp_path, report)
    imported, _ = load_portal(tmp_path)
    curated, _ = load_portal(SEED_DATA)
    reference = next(d for d in curated.districts if d.slug == district)
    for sop in imported.districts[0].sops:
        expected = reference.sop(sop.slug)
        assert [(s.number, s.kind, s.branch_step) for s in sop.steps] == [(s.number, s.kind, s.branch_step) for s in expected.steps]
    assert all(f.row for f in report.findings if f.code == "keputusan-disimpulkan")
