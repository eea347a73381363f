"""Monitoring and evaluation of SOPs (monev.csv): schema, model, checks
(one fixture per rule) and the seed packages."""
from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from frictionless import Package, Schema
from portal_sop.kinerja import monev
from portal_sop.model import District, Official
from test_kinerja import SEED_DATA, KinerjaDir, descriptor

SOP_SLUG = "pengumpulan-data-kinerja"
EVAL_KEYS = [key for key, _ in monev.EVALUATION_QUESTIONS]


def row(**cells) -> dict:
    base = dict(jenis="monitoring", sop=SOP_SLUG, tanggal="2026-06-20", tahun="2026", semester="1",
                penilai="Rina Kusumawati", jabatan_penilai="Sekretaris Camat", pertanyaan="penerapan",
                jawaban="baik", catatan="", tindak_lanjut="")
    base.update(cells)
    return base


def evaluation(tanggal="2026-07-01", no=(), **cells) -> list[dict]:
    return [row(jenis="evaluasi", tanggal=tanggal, semester="", pertanyaan=key, jawaban="tidak" if key in no else "ya",
                **cells) for key in EVAL_KEYS]


class MonevDir(KinerjaDir):
    def __init__(self, root):
        super().__init__(root)
        self.district = District("uji-coba", "contoh", "Uji Coba", "Contoh", "", Official("Camat"),
                                 sops=(SimpleNamespace(slug=SOP_SLUG, name="Pengumpulan Data Kinerja"),))
        resources = descriptor()["resources"] + [monev.MONEV_RESOURCE]
        self.write(package=descriptor(resources=resources))
        self.rows([row(), *evaluation()])

    def rows(self, rows: list[dict]) -> None:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=monev.MONEV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (self.folder / monev.FILE).write_text(out.getvalue(), "utf-8")

    def package(self):
        return self.load()[0]["contoh/uji-coba"]


@pytest.fixture
def mon(tmp_path) -> MonevDir:
    return MonevDir(tmp_path / "sop_data")


# Schema


def test_schema_is_a_valid_table_schema_with_the_contract_columns():
    schema = Schema.from_descriptor(monev.MONEV_SCHEMA)
    assert schema.field_names == list(monev.MONEV_FIELDS) == [
        "jenis", "sop", "tanggal", "tahun", "semester", "penilai", "jabatan_penilai", "pertanyaan", "jawaban",
        "catatan", "tindak_lanjut"]
    assert schema.primary_key == ["jenis", "sop", "tanggal", "pertanyaan"]
    assert monev.MONEV_RESOURCE["schema"] is monev.MONEV_SCHEMA


def test_form_questions_are_the_schema_enum():
    from portal_sop.pdf import forms
    assert forms.EVALUATION_QUESTIONS is monev.EVALUATION_QUESTIONS
    enum = next(f for f in monev.MONEV_SCHEMA["fields"] if f["name"] == "pertanyaan")["constraints"]["enum"]
    assert enum == ["penerapan", *EVAL_KEYS]


# Loading


def test_good_monev_loads_without_findings(mon):
    packages, report = mon.load()
    assert report.findings == []
    records = packages["contoh/uji-coba"].monev
    assert [(r.kind, r.date.isoformat()) for r in records] == [("monitoring", "2026-06-20"), ("evaluasi", "2026-07-01")]
    monitoring, evaluation_ = records
    assert monitoring.summary == "Berjalan dengan baik" and monitoring.period == "Semester I 2026"
    assert evaluation_.summary == "6 dari 6 aspek: Ya" and evaluation_.semester is None and evaluation_.period == "Tahun 2026"
    assert [a.question for a in evaluation_.answers] == EVAL_KEYS
    assert any(f.name == monev.FILE for f in packages["contoh/uji-coba"].files)


def test_package_without_monev_resource_is_fine(tmp_path):
    kin = KinerjaDir(tmp_path / "sop_data")
    packages, report = kin.load()
    assert report.findings == [] and packages["contoh/uji-coba"].monev == ()


def test_evaluation_summary_counts_yes(mon):
    mon.rows(evaluation(no=("peran_jelas",), catatan="Peran belum jelas"))
    record = mon.package().monev[0]
    assert record.summary == "5 dari 6 aspek: Ya"
    assert record.notes == ("Peran belum jelas",) * 6


def test_answers_are_sorted_in_form_order_whatever_the_file_order(mon):
    mon.rows(list(reversed(evaluation())))
    assert [a.question for a in mon.package().monev[0].answers] == EVAL_KEYS


# Checks, one per rule


def _one(mon, rows):
    mon.rows(rows)
    _, report = mon.load()
    return report


def test_unknown_sop(mon):
    report = _one(mon, [row(sop="pengumpulan-data-kinerj")])
    assert report.codes() == ["monev-sop-tidak-dikenal"]
    finding = report.findings[0]
    assert finding.file.endswith("data-kinerja/monev.csv") and finding.row == 2 and finding.column == "sop"
    assert "pengumpulan-data-kinerja" in finding.message  # names the SOPs that exist


def test_bad_slug_is_a_schema_error(mon):
    assert _one(mon, [row(sop="Pengumpulan Data")]).codes() == ["skema-constraint-error"]


def test_answer_of_the_other_form(mon):
    report = _one(mon, [row(jawaban="ya")])
    assert report.codes() == ["monev-jawaban-tidak-sah"]
    assert report.findings[0].column == "jawaban" and "baik atau tidak_baik" in report.findings[0].message


def test_question_of_the_other_form(mon):
    report = _one(mon, [row(pertanyaan="mudah_dipahami")])
    assert report.codes() == ["monev-pertanyaan-tidak-sah"]
    assert "penerapan" in report.findings[0].message


def test_unknown_answer_is_a_schema_error(mon):
    assert _one(mon, [row(jawaban="cukup")]).codes() == ["skema-constraint-error"]


def test_monitoring_needs_a_semester(mon):
    report = _one(mon, [row(semester="")])
    assert report.codes() == ["monev-semester-tidak-sah"] and report.findings[0].column == "semester"


def test_evaluation_has_no_semester(mon):
    rows = evaluation()
    rows[0]["semester"] = "2"
    for r in rows:
        r["semester"] = "2"
    report = _one(mon, rows)
    assert set(report.codes()) == {"monev-semester-tidak-sah"} and len(report.findings) == 6


def test_semester_three_is_a_schema_error(mon):
    assert _one(mon, [row(semester="3")]).codes() == ["skema-constraint-error"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+62 811", "-1", "@SUM(A1)"])
def test_formula_cells_are_refused(mon, text):
    report = _one(mon, [row(catatan=text)])
    assert report.codes() == ["monev-teks-tidak-aman"]
    assert report.findings[0].column == "catatan" and "rumus" in report.findings[0].message


def test_newline_in_a_cell_is_refused(mon):
    report = _one(mon, [row(tindak_lanjut="Sosialisasi ulang\nkepada staf")])
    assert report.codes() == ["monev-teks-tidak-aman"] and report.findings[0].column == "tindak_lanjut"


def test_long_text_is_refused(mon):
    report = _one(mon, [row(catatan="a" * 501)])
    assert report.codes() == ["skema-constraint-error"] and "500" in report.findings[0].message
    assert _one(mon, [row(catatan="a" * 500)]).codes() == []


def test_duplicate_answer(mon):
    report = _one(mon, [row(), row(jawaban="tidak_baik")])
    assert report.codes() == ["monev-ganda"]  # the primary-key error is not repeated
    assert report.findings[0].row == 3 and "baris 2" in report.findings[0].message


def test_rows_of_one_assessment_agree(mon):
    rows = evaluation()
    rows[3]["penilai"] = "Orang Lain"
    report = _one(mon, rows)
    assert report.codes() == ["monev-penilaian-tidak-seragam"]
    assert report.findings[0].row == 5 and report.findings[0].column == "penilai"


def test_incomplete_evaluation_is_a_warning(mon):
    report = _one(mon, evaluation()[:4])
    assert report.codes() == ["monev-evaluasi-tidak-lengkap"] and not report.has_errors
    assert "mengatasi_masalah" in report.findings[0].message


def test_date_before_the_period_is_a_warning(mon):
    report = _one(mon, [row(semester="2", tanggal="2026-06-20")])
    assert report.codes() == ["monev-tanggal-sebelum-periode"] and report.findings[0].column == "tanggal"


def test_hostile_text_is_kept_as_text(mon):
    mon.rows([row(catatan="<script>alert(1)</script> & \"kutip\"")])
    _, report = mon.load()
    assert report.codes() == []
    assert mon.package().monev[0].notes == ("<script>alert(1)</script> & \"kutip\"",)


def test_resource_with_other_columns_is_refused(mon):
    schema = {**monev.MONEV_SCHEMA, "fields": [f for f in monev.MONEV_SCHEMA["fields"] if f["name"] != "penilai"]}
    resources = descriptor()["resources"] + [{**monev.MONEV_RESOURCE, "schema": schema}]
    mon.write(package=descriptor(resources=resources))
    assert "kinerja-skema-berbeda" in mon.codes()


# Model


def test_history_is_newest_first_and_latest_per_kind(mon):
    mon.rows([row(tanggal="2025-12-20", tahun="2025", semester="2"), row(), *evaluation(tanggal="2026-06-20")])
    records = mon.package().monev
    assert [(r.date.isoformat(), r.kind) for r in monev.history(records, SOP_SLUG)] == [
        ("2026-06-20", "evaluasi"), ("2026-06-20", "monitoring"), ("2025-12-20", "monitoring")]
    assert monev.latest(records, SOP_SLUG, monev.MONITORING).date == dt.date(2026, 6, 20)
    assert monev.latest(records, "lain", monev.EVALUATION) is None


def test_twelve_month_rule():
    record = monev.MonevRecord("evaluasi", "x", dt.date(2025, 12, 4), 2025, None, "A", "", ())
    assert monev.evaluation_state(None, dt.date(2026, 12, 4)) == monev.EvaluationState.NEVER
    assert monev.evaluation_state(record, dt.date(2026, 12, 4)) == monev.EvaluationState.CURRENT
    assert monev.evaluation_state(record, dt.date(2026, 12, 5)) == monev.EvaluationState.OVERDUE
    assert monev.due_date(record) == dt.date(2026, 12, 4)


def test_add_months_keeps_the_end_of_month():
    assert monev.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert monev.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert monev.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


def test_text_problem():
    assert monev.text_problem("Sosialisasi ulang") is None
    assert monev.text_problem("a-b") is None
    assert "rumus" in monev.text_problem("=1+1")


# Seed packages


def test_seed_packages_have_valid_monev_for_their_own_sops():
    from portal_sop.validation import load_and_validate
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    assert not [c for c in report.codes() if c.startswith("monev-")]
    kinds = set()
    for district in portal.districts:
        package = portal.kinerja[district.path]
        assert package.is_sample
        for record in package.monev:
            assert district.sop(record.sop) is not None
            kinds.add(record.kind)
    assert kinds == {"monitoring", "evaluasi"}


def test_seed_monev_validates_with_frictionless_alone():
    for path in sorted(SEED_DATA.glob("*/*/data-kinerja/datapackage.yaml")):
        package = Package(str(path))
        assert "monev" in package.resource_names, path
        report = package.get_resource("monev").validate()
        assert report.valid, (path, report.flatten(["rowNumber", "fieldName", "type", "note"]))


def test_seed_rows_are_in_importer_order():
    for path in sorted(SEED_DATA.glob("*/*/data-kinerja/monev.csv")):
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        keys = [(r["sop"], r["tanggal"], monev.KINDS.index(r["jenis"]), monev.QUESTION_ORDER[r["pertanyaan"]]) for r in rows]
        assert keys == sorted(keys), path
