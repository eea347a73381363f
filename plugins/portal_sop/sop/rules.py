"""Cross-field rules: what a table schema cannot say about one SOP or office.

Structural problems are errors (the build stops); slips that a signed
document may really contain are warnings, so the portal can publish what
was signed and still point the slip out.
"""
from __future__ import annotations

import re

from ..findings import Report
from ..model import END, District, Portal, Sop, StepKind, successors
from .loader import normalize_sop_name

OTHER_OFFICE = re.compile(r"\b(?:Dinas|Badan)\s+[A-Z]\w*(?:\s+[A-Z]\w*){0,2}")


def check_portal(portal: Portal, report: Report) -> None:
    for district in portal.districts:
        check_district(district, report)
        for sop in district.sops:
            check_sop(sop, district, report)


def check_district(district: District, report: Report) -> None:
    if district.head.nip is None and not district.head.nip_text:
        report.warning("nip-camat-kosong", district.source, "NIP Camat belum diisi", key="camat.nip")
    numbers: dict[str, str] = {}
    for sop in district.sops:
        if sop.number and sop.number in numbers:
            report.warning(
                "nomor-sop-ganda", sop.source,
                f'nomor SOP "{sop.number}" juga dipakai SOP {numbers[sop.number]}; periksa nomornya', key="nomor",
            )
        numbers.setdefault(sop.number, sop.slug)


def check_sop(sop: Sop, district: District, report: Report) -> None:
    _check_identity(sop, district, report)
    _check_steps(sop, report)
    _check_flow(sop, report)


def _check_identity(sop: Sop, district: District, report: Report) -> None:
    src = sop.source
    if not sop.number:
        report.warning("nomor-sop-kosong", src, "nomor SOP kosong; isi bila dokumen bernomor", key="nomor")
    elif re.fullmatch(r"\d{1,2}\s+[A-Za-z]+\s+\d{4}", sop.number):
        report.warning("nomor-sop-seperti-tanggal", src, f'nomor SOP "{sop.number}" tampak seperti tanggal; periksa dokumen aslinya', key="nomor")
    if sop.created and sop.effective and sop.effective < sop.created:
        report.warning("tanggal-efektif-sebelum-pembuatan", src, "tanggal efektif lebih awal dari tanggal pembuatan", key="tanggal_efektif")
    if sop.created and sop.revised and sop.revised < sop.created:
        report.warning("tanggal-revisi-sebelum-pembuatan", src, "tanggal revisi lebih awal dari tanggal pembuatan", key="tanggal_revisi")
    head, signer = district.head, sop.approved_by
    if signer.title and "camat" in signer.title.lower():
        named = re.sub(r"(?i)^\s*camat\s*", "", signer.title).strip(" ,")
        if named and _plain(named) != _plain(district.name):
            report.warning(
                "nama-kecamatan-berbeda", src,
                f'jabatan pengesah "{signer.title}" menyebut kecamatan "{named}", sedangkan kecamatan.yaml '
                f'menulis "{district.name}"; periksa ejaannya', key="disahkan_oleh.jabatan",
            )
        if signer.name and head.name and _plain(signer.name) != _plain(head.name):
            report.warning(
                "nama-camat-berbeda", src,
                f'nama pengesah "{signer.name}" berbeda dengan Camat di kecamatan.yaml "{head.name}"',
                key="disahkan_oleh.nama",
            )
        if signer.nip and head.nip and signer.nip.digits != head.nip.digits:
            report.warning(
                "nip-camat-berbeda", src,
                f"NIP pengesah {signer.nip.formatted()} berbeda dengan NIP Camat di kecamatan.yaml "
                f"{head.nip.formatted()}; satu di antaranya salah tulis", key="disahkan_oleh.nip",
            )
    for index, related in enumerate(sop.related, start=1):
        if not normalize_sop_name(related.text):
            report.warning(
                "keterkaitan-tanpa-nama", src,
                f'keterkaitan "{related.text}" tidak menyebut nama SOP; lengkapi namanya', key=f"keterkaitan.{index}",
            )


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _check_steps(sop: Sop, report: Report) -> None:
    path = sop.steps_source
    if not sop.steps:
        report.error("langkah-kosong", path or sop.source,
                     "SOP ini tidak punya langkah: langkah.csv perlu minimal satu baris langkah di bawah baris judul kolom")
        return
    seen: dict[int, int] = {}
    previous = None
    for step in sop.steps:
        if step.number in seen:
            report.error(
                "nomor-langkah-ganda", path,
                f"nomor langkah {step.number} sudah dipakai di baris {seen[step.number]}; setiap langkah perlu nomor sendiri",
                row=step.row, column="no",
            )
        seen.setdefault(step.number, step.row)
        if previous is not None and step.number != previous + 1 and step.number > previous:
            report.warning(
                "nomor-langkah-melompat", path,
                f"nomor langkah melompat dari {previous} ke {step.number}; langkah {previous + 1} tidak ada",
                row=step.row, column="no",
            )
        elif previous is not None and step.number < previous:
            report.warning("nomor-langkah-tidak-urut", path, f"langkah {step.number} ditulis sesudah langkah {previous}", row=step.row, column="no")
        previous = step.number
        if not step.actors:
            report.error("pelaksana-kosong", path, "langkah ini belum punya pelaksana yang sah", row=step.row, column="pelaksana")
        if not step.time_text or step.time_text == "-":
            report.warning("waktu-kosong", path, "waktu langkah kosong; total waktu SOP menjadi tidak lengkap", row=step.row, column="waktu")
        if "keputusan" in step.reconstructed and step.kind is not StepKind.DECISION:
            report.error(
                "rekonstruksi-bukan-keputusan", path,
                'rekonstruksi "keputusan" hanya untuk langkah berjenis keputusan; isi jenis dengan "keputusan" '
                'atau tulis "pelaksana" saja di kolom rekonstruksi',
                row=step.row, column="rekonstruksi",
            )
        for match in OTHER_OFFICE.finditer(step.activity):
            words = match.group(0).strip()
            report.warning(
                "kegiatan-menyebut-instansi-lain", path,
                f'kegiatan menyebut "{words}", bukan kantor kecamatan ini; periksa apakah salah tulis',
                row=step.row, column="kegiatan",
            )
    used = {code for step in sop.steps for code in step.actors}
    for actor in sop.actors:
        if actor.code not in used:
            report.warning("pelaksana-tidak-dipakai", sop.source, f'pelaksana "{actor.name}" tidak melakukan langkah apa pun', key="pelaksana")


def _check_flow(sop: Sop, report: Report) -> None:
    path = sop.steps_source
    if not sop.steps:
        return
    numbers = {s.number for s in sop.steps}
    broken = False
    for step in sop.steps:
        if step.kind is StepKind.DECISION and not step.branch_step:
            report.error(
                "keputusan-tanpa-cabang", path,
                "langkah keputusan perlu tujuan bila Tidak; isi kolom jika_tidak_ke dengan nomor langkah",
                row=step.row, column="jika_tidak_ke",
            )
        if step.kind is StepKind.PROCESS and step.branch_step:
            report.error(
                "cabang-pada-proses", path,
                'jika_tidak_ke hanya untuk langkah keputusan; isi jenis dengan "keputusan" atau kosongkan jika_tidak_ke',
                row=step.row, column="jika_tidak_ke",
            )
        for column, target in (("lanjut_ke", step.next_step), ("jika_tidak_ke", step.branch_step)):
            if target and target not in numbers:
                report.error("tujuan-tidak-ada", path, f"langkah {target} tidak ada di tabel ini", row=step.row, column=column)
                broken = True
            if target == step.number:
                report.error("tujuan-diri-sendiri", path, "langkah tidak boleh menuju dirinya sendiri", row=step.row, column=column)
                broken = True
    if broken:
        return
    graph = successors(sop)
    reached = _reach(sop.steps[0].number, graph)
    for step in sop.steps:
        if step.number not in reached:
            report.error(
                "langkah-tak-tercapai", path,
                f"langkah {step.number} tidak pernah dicapai dari langkah pertama; periksa lanjut_ke dan jika_tidak_ke",
                row=step.row, column="no",
            )
    for step in sop.steps:
        if step.number in reached and END not in _reach(step.number, graph):
            report.error(
                "langkah-tak-selesai", path,
                f"dari langkah {step.number} alur tidak pernah sampai ke akhir (putaran tanpa jalan keluar)",
                row=step.row, column="no",
            )


def _reach(start: int, graph: dict[int, list[int]]) -> set[int]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(graph.get(node, []))
    return seen
