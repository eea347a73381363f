"""The maintainers' synonym and acronym list for search (`sinonim.yaml`).

A list of groups; each group is a list of words or phrases that mean the
same to someone searching (SAKIP and its spelled-out name, "tanda tangan"
and "menandatangani"). A page that contains one member is also found by the
others. Problems are findings with file and line, like every other data file.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from ..findings import Report

SYNONYMS_FILE = "sinonim.yaml"
MAX_TERM = 80
MAX_GROUP = 12

Groups = tuple[tuple[str, ...], ...]


def load_synonyms(data_dir: Path, report: Report) -> Groups:
    """Groups from DATA_DIR/sinonim.yaml (none when the file is absent);
    every problem becomes a finding and the faulty group is left out."""
    path = Path(data_dir) / SYNONYMS_FILE
    if not path.is_file():
        return ()
    try:
        root = yaml.compose(path.read_text("utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        report.error("sinonim-bukan-utf8", path, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8")
        return ()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report.error(
            "sinonim-yaml-rusak", path,
            f"berkas tidak dapat dibaca sebagai YAML ({getattr(error, 'problem', None) or error}); "
            "periksa tanda kurung, titik dua dan indentasi",
            row=mark.line + 1 if mark else None,
        )
        return ()
    if root is None:
        return ()
    if not isinstance(root, SequenceNode):
        report.error(
            "sinonim-bukan-daftar", path,
            "isi berkas harus berupa daftar kelompok, setiap baris seperti: - [SAKIP, Sistem Akuntabilitas Kinerja Instansi Pemerintah]",
            row=root.start_mark.line + 1,
        )
        return ()
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for number, node in enumerate(root.value, start=1):
        line = node.start_mark.line + 1
        group = _group(node, number, line, path, report)
        if group is None:
            continue
        for term in group:
            key = " ".join(term.casefold().split())
            if key in seen:
                report.warning(
                    "sinonim-ganda", path,
                    f'"{term}" di kelompok ke-{number} sudah ada di kelompok ke-{seen[key]}; '
                    "gabungkan kedua kelompok itu menjadi satu",
                    row=line,
                )
            seen.setdefault(key, number)
        groups.append(group)
    return tuple(groups)


def _group(node, number: int, line: int, path: Path, report: Report) -> tuple[str, ...] | None:
    if not isinstance(node, SequenceNode):
        report.error(
            "sinonim-bukan-kelompok", path,
            f"kelompok ke-{number} harus berupa daftar dalam kurung siku, misalnya: - [IKM, Indeks Kepuasan Masyarakat]",
            row=line,
        )
        return None
    terms: list[str] = []
    for item in node.value:
        if not isinstance(item, ScalarNode) or not str(item.value).strip():
            report.error(
                "sinonim-isian-kosong", path,
                f"kelompok ke-{number} berisi isian kosong atau bertingkat; tulis setiap kata atau frasa sebagai teks biasa",
                row=item.start_mark.line + 1,
            )
            return None
        term = " ".join(str(item.value).split())
        if len(term) > MAX_TERM:
            report.error(
                "sinonim-terlalu-panjang", path,
                f'"{term[:30]}…" di kelompok ke-{number} lebih dari {MAX_TERM} huruf; pakai kata atau frasa pendek',
                row=item.start_mark.line + 1,
            )
            return None
        if not any(ch.isalnum() for ch in term):
            report.error(
                "sinonim-tanpa-huruf", path,
                f'"{term}" di kelompok ke-{number} tidak berisi huruf atau angka',
                row=item.start_mark.line + 1,
            )
            return None
        terms.append(term)
    if len(terms) < 2:
        report.error(
            "sinonim-kurang", path,
            f"kelompok ke-{number} harus berisi sedikitnya dua kata atau frasa yang semakna",
            row=line,
        )
        return None
    if len(terms) > MAX_GROUP:
        report.error(
            "sinonim-terlalu-banyak", path,
            f"kelompok ke-{number} berisi {len(terms)} isian; paling banyak {MAX_GROUP}, pecah menjadi kelompok yang lebih kecil",
            row=line,
        )
        return None
    return tuple(dict.fromkeys(terms))
