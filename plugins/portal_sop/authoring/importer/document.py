"""Reading SOPs out of a source document once it is lines of cells.

Every reader (text export, DOCX, PDF) turns its file into a `Source`: one
line per paragraph or table row, cells separated by tabs, a drawn symbol in a
lane cell written as a mark character. This module finds the identity block,
the step tables (one per SOP) and the signature in those lines.

What cannot be mapped is reported as a warning at its source location. A step
whose actor mark was lost gets the placeholder `ISI: kode pelaksana` in the
pelaksana column (the format requires an actor and the importer never guesses
one), so validation fails until a person has filled it in from the signed
document (see content/panduan/rekonstruksi.md). A numbered row that did not
become a step is an error: an import never holds less than the source says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...findings import Report
from ...values import parse_duration
from ..scaffold import make_slug
from .common import (
    ACTOR_PLACEHOLDER, FIELD_TITLES, KABUPATEN, KECAMATAN, KEGIATAN_HEADERS, LABEL, LETTERHEAD, LIST_FIELDS, NIP,
    NUMBERED_TEXT, PAIRS, RANK, REQUIRED_LISTS, STEP_NUMBER, TITLE, UNIT, ImportedSop, ImportedStep, Source,
    _looks_merged, _short, cell_text, parse_date, split_items, title_case,
)
from .decisions import infer_decision, lane_mark


@dataclass
class Table:
    """One step table: header line index, last line index, steps as groups of
    line indexes (the step row, then the lines its text wrapped onto)."""

    header: int
    end: int
    groups: list[list[int]] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _label(cell: str) -> tuple[str, str | None] | None:
    match = LABEL.match(cell)
    if not match:
        return None
    name = next(k for k, v in match.groupdict().items() if v is not None and k != "rest")
    rest = match["rest"]
    return name, (rest.strip() if rest is not None else None)


def _is_table_header(cells: list[str]) -> bool:
    lower = [" ".join(c.split()).lower() for c in cells]
    return any(c in KEGIATAN_HEADERS for c in lower) and any(c.startswith("pelaksana") for c in lower)


def _split_number(cells: list[str]) -> list[str]:
    """"1.<no-break space>Menugaskan…" in one cell: the number and the text
    become the two cells they are everywhere else."""
    if cells and not STEP_NUMBER.match(cells[0]) and (match := NUMBERED_TEXT.match(cells[0])):
        return [match[1], match[2], *cells[1:]]
    return cells


def _step_cells(line: str) -> list[str] | None:
    cells = _split_number(_cells(line))
    return cells if _is_step_row(cells) else None


def _is_step_row(cells: list[str]) -> bool:
    """A step number, then the activity; or (a row broken across pages, the
    activity carried to the next page) a number and other cells but no activity."""
    if len(cells) < 2 or not STEP_NUMBER.match(cells[0]):
        return False
    if cells[1]:
        return not cells[1].isdigit()
    rest = [c for c in cells[2:] if c]
    return bool(rest) and not all(c.isdigit() for c in rest)


def _is_blank(cells: list[str]) -> bool:
    return not any(cells)


class SourceReader:
    """Reads the SOPs of one source document, whatever format it came in."""

    def __init__(self, source: Source, report: Report):
        self.source, self.report, self.display = source, report, source.display
        self.lines = source.lines

    def where(self, line: int | None, column: str | None = None) -> dict[str, Any]:
        """Finding position of the 1-based source line `line`."""
        if line is None:
            return {}
        return self.source.place(line, column)

    def warn(self, code: str, line: int | None, message: str, column: str | None = None) -> None:
        self.report.warning(code, self.display, message, **self.where(line, column))

    def error(self, code: str, line: int | None, message: str, column: str | None = None) -> None:
        self.report.error(code, self.display, message, **self.where(line, column))

    # -- structure ---------------------------------------------------------
    def tables(self) -> list[Table]:
        """Every step table: its header line, its last line and its steps, each
        a step row followed by the lines its text wrapped onto."""
        found, index = [], 0
        while index < len(self.lines) - 1:
            if not _is_table_header(_cells(self.lines[index])):
                index += 1
                continue
            table = Table(header=index, end=index + 1)
            probe = index + 2
            while probe < len(self.lines):
                raw = _cells(self.lines[probe])
                if _step_cells(self.lines[probe]):
                    table.groups.append([probe])
                    table.end = probe
                elif _is_blank(raw) or all(c.isdigit() for c in raw if c):
                    pass
                elif table.groups and raw == _cells(self.lines[index]):
                    # The header repeated on a new page: skip it and its second line.
                    if probe + 1 < len(self.lines) and _cells(self.lines[probe + 1]) == _cells(self.lines[index + 1]):
                        probe += 1
                elif table.groups and self.continues(probe):
                    table.groups[-1].append(probe)
                    table.end = probe
                else:
                    break
                probe += 1
            found.append(table)
            index = table.end + 1
        return found

    def continues(self, index: int) -> bool:
        """Whether line `index` (not a step row) is text of the step above
        that wrapped onto a new line: it starts in a later column, or a step
        row follows before anything that ends a table."""
        line = self.lines[index]
        if line.startswith("\t") and line.strip():
            return True
        first = _cells(line)[0]
        if LETTERHEAD.match(line) or _label(first) or NIP.search(line) or STEP_NUMBER.match(first) or NUMBERED_TEXT.match(first):
            return False
        for probe in range(index + 1, min(index + 6, len(self.lines))):
            text = self.lines[probe]
            cells = _cells(text)
            if _step_cells(text):
                return True
            if _is_blank(cells):
                continue
            if _is_table_header(cells) or LETTERHEAD.match(text) or _label(cells[0]):
                return False
        return False

    def run(self) -> list[ImportedSop]:
        tables = self.tables()
        if not tables:
            self.error("tabel-langkah-tidak-ada", None,
                       'tabel langkah tidak ditemukan: perlu tabel dengan kolom "No", "Kegiatan"/"Uraian Prosedur" dan "Pelaksana"')
            return []
        sops = []
        start = 0
        for number, table in enumerate(tables):
            next_header = tables[number + 1].header if number + 1 < len(tables) else len(self.lines)
            # The signature block ends where the next SOP's letterhead begins.
            split = next((i for i in range(table.end + 1, next_header) if LETTERHEAD.match(self.lines[i])), next_header)
            if number + 1 == len(tables):
                split = len(self.lines)
            sops.append(self.sop(start, table, split))
            start = split
        regency = next((s.regency for s in sops if s.regency), "")
        district = next((s.district for s in sops if s.district), "")
        for sop in sops:
            if sop.district and sop.district != district:
                self.warn("kecamatan-ditulis-berbeda", sop.line,
                          f'kop SOP "{sop.name}" menulis Kecamatan "{sop.district}", sedangkan SOP pertama di berkas ini '
                          f'"{district}"; semua SOP berkas ini dimasukkan ke kecamatan yang sama')
            sop.regency, sop.district = regency, district
        if not district or not regency:
            self.error("kop-tidak-terbaca", 1,
                       'kop tidak menyebut "KABUPATEN …" dan "KECAMATAN …"; tambahkan baris kop di awal dokumen')
        return sops

    # -- one SOP -----------------------------------------------------------
    def sop(self, start: int, table: Table, stop: int) -> ImportedSop:
        sop = ImportedSop(source=self.display, line=table.header + 1, regency="", district="",
                          place={k: v for k, v in self.where(table.header + 1).items() if v is not None})
        self.identity(sop, start, table.header)
        self.signature(sop, table.end + 1, stop)
        self.steps(sop, table)
        self.count_steps(sop, table, stop)
        self.finish(sop)
        return sop

    def count_steps(self, sop: ImportedSop, table: Table, stop: int) -> None:
        """An import never holds fewer steps than the source has numbered rows:
        a numbered row that did not become a step is an error at its line."""
        used = {index for group in table.groups for index in group}
        numbered = []
        for index in range(table.header + 2, stop):
            cells = _split_number(_cells(self.lines[index]))
            if _is_table_header(cells) or (cells and _label(cells[0])):
                break
            if index not in used and len(cells) >= 2 and STEP_NUMBER.match(cells[0]) and cells[1] and not cells[1].isdigit():
                numbered.append(index)
        if not table.groups:
            self.error("langkah-kosong", table.header + 1,
                       f'tabel langkah SOP "{sop.name or "(tanpa nama)"}" tidak berisi satu pun baris langkah yang terbaca '
                       '(baris diawali nomor langkah lalu uraian kegiatan di kolom berikutnya); SOP ini tidak diimpor')
        for index in numbered:
            number = STEP_NUMBER.match(_split_number(_cells(self.lines[index]))[0])[1]
            self.error("langkah-tidak-terbaca", index + 1,
                       f'baris ini tampak seperti langkah {number} SOP "{sop.name or "(tanpa nama)"}", tetapi tidak terbaca '
                       f"sebagai baris tabel langkah (kolom kurang, atau tabel terputus di atasnya); hanya {len(sop.steps)} "
                       "langkah yang terbaca. Perbaiki baris ini di dokumen sumber lalu impor ulang", column="no")

    def identity(self, sop: ImportedSop, start: int, stop: int) -> None:
        chunks: dict[str, list[tuple[str, int]]] = {}
        order: list[tuple[str, int]] = []
        titles: list[str] = []
        mode: tuple[str, ...] = ()

        def add(name: str, text: str, line: int) -> None:
            text = text.strip()
            if not text:
                return
            if name not in chunks:
                order.append((name, line))
            chunks.setdefault(name, []).append((text, line))

        for index in range(start, stop):
            line_no, line = index + 1, self.lines[index]
            # A Word export may put the ":" between label and value in a column of its own.
            cells = [c for c in _cells(line) if c not in (":", "\uff1a")]
            if _is_blank(cells):
                continue
            if "\t" not in line and LETTERHEAD.match(line):
                self.letterhead(sop, line)
                continue
            if "\t" not in line and TITLE.match(line) and line.strip() == line.strip().upper():
                titles.append(line.strip())
                mode = ()
                continue
            labels = [(i, *found) for i, c in enumerate(cells) if (found := _label(c))]
            if labels:
                for i, cell in enumerate(cells[: labels[0][0]]):
                    if cell and LETTERHEAD.match(cell):
                        self.letterhead(sop, cell)
                if len(labels) >= 2:
                    mode = ("pair", labels[0][1], labels[1][1])
                    for _, name, rest in labels[:2]:
                        add(name, rest or "", line_no)
                    continue
                position, name, rest = labels[0]
                before = " ".join(c for c in cells[:position] if c and not LETTERHEAD.match(c))
                if before and name in PAIRS:
                    partner = PAIRS[name]
                    self.warn("label-identitas-hilang", line_no,
                              f'teks di kiri "{FIELD_TITLES[name]}" tidak berlabel; dimasukkan ke {FIELD_TITLES[partner]} '
                              "(pasangan kolomnya di format SOP AP); periksa", column=partner)
                    add(partner, before, line_no)
                    mode = ("pair", partner, name)
                else:
                    mode = ("single", name)
                value = rest if rest else next((c for c in cells[position + 1:] if c), "")
                add(name, value, line_no)
                continue
            if mode and mode[0] == "pair":
                if "\t" in line:
                    add(mode[1], cells[0], line_no)
                    add(mode[2], " ".join(c for c in cells[1:] if c), line_no)
                else:
                    add(mode[1], line, line_no)
            elif mode:
                add(mode[1], " ".join(c for c in cells if c), line_no)
            elif UNIT.match(line) and "\t" not in line:
                sop.values["unit"] = title_case(line.strip())
            elif "\t" not in line and line.strip() == line.strip().upper():
                titles.append(line.strip())
            else:
                self.warn("baris-tidak-dikenal", line_no, f'baris "{_short(line)}" tidak dikenali sebagai label identitas SOP; tidak diimpor')

        single = {name: " ".join(t for t, _ in chunks.get(name, [])) for name in
                  ("nomor", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "disahkan_oleh", "nama")}
        single = {k: re.sub(r"^\s*:\s*", "", v).strip() for k, v in single.items()}
        self.unshift(single, order, chunks)
        lines = {name: chunks[name][0][1] for name in chunks}

        nomor = single["nomor"]
        sop.values["nomor"] = "" if nomor == "-" else nomor
        if nomor == "-":
            sop.notes.setdefault("nomor", []).append('dokumen menulis nomor SOP "-"')
        name = single["nama"].strip()
        if name in ("", "-") and titles:
            name = re.sub(r"^SOP\s+", "", titles[-1 if len(titles) == 1 else 0]).strip()
        if name in ("", "-"):
            self.warn("nama-sop-tidak-ada", lines.get("nama", stop + 1), "nama SOP tidak ditemukan; isi `nama` di sop.yaml")
            name = ""
        sop.values["nama"] = title_case(name)
        for key in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
            text = single[key]
            parsed = parse_date(text)
            if parsed is None:
                self.warn("tanggal-tidak-terbaca", lines.get(key), f'{FIELD_TITLES[key]} "{text}" tidak dapat dibaca sebagai tanggal; dikosongkan', column=key)
                sop.notes.setdefault(key, []).append(f'dokumen menulis "{text}"')
                parsed = ""
            sop.values[key] = parsed
        sop.values["disahkan_oleh"] = self.official(single["disahkan_oleh"], sop.district)
        if not single["disahkan_oleh"]:
            self.warn("identitas-tidak-ada", sop.line, "Disahkan oleh tidak ditemukan; diambil dari blok tanda tangan bila ada")
        for key in LIST_FIELDS:
            items = [item for text, _ in chunks.get(key, []) for item in split_items(text, key)]
            sop.values[key] = items
            if key != "peringatan" and _looks_merged(items):
                self.warn("butir-mungkin-tergabung", lines.get(key),
                          f"{FIELD_TITLES[key]}: butir tampaknya gabungan beberapa butir (pemisah hilang saat ekspor); "
                          "pisahkan satu butir per baris sesuai dokumen asli", column=key)
                sop.notes.setdefault(key, []).append("butir mungkin tergabung; pisahkan sesuai dokumen asli")
        self.move_warning_sentence(sop, lines)
        for key in REQUIRED_LISTS:
            if not sop.values[key]:
                self.warn("identitas-tidak-ada", lines.get(key, sop.line),
                          f"{FIELD_TITLES[key]} tidak ditemukan di dokumen; isi `{key}` di sop.yaml", column=key)
                sop.notes.setdefault(key, []).append("tidak ditemukan saat impor; wajib diisi")

    def unshift(self, single: dict[str, str], order: list[tuple[str, int]], chunks: dict[str, list[tuple[str, int]]]) -> None:
        """Repair identity values shifted one row up against their labels (the
        value of "Nama SOP" under "Pengesahan", the signer under "Tanggal
        Pengesahan"): each value moves to the following label."""
        signer, effective = single["disahkan_oleh"], single["tanggal_efektif"]
        looks_official = re.search(r"camat|nip|\d{8}", signer, re.IGNORECASE)
        if single["nama"] in ("", "-") and signer and not looks_official and effective.lower().startswith("camat"):
            keys = [k for k, _ in order if k in single]
            values = [single[k] for k in keys]
            for key, value in zip(keys, values[-1:] + values[:-1]):
                single[key] = value
            self.warn("identitas-bergeser", chunks["nama"][0][1] if "nama" in chunks else None,
                      "nilai identitas bergeser satu baris terhadap labelnya (nama SOP tertulis di baris "
                      '"Pengesahan"); setiap nilai dikembalikan ke label berikutnya; periksa hasilnya')

    def move_warning_sentence(self, sop: ImportedSop, lines: dict[str, int]) -> None:
        records = sop.values["pencatatan_pendataan"]
        if sop.values["peringatan"] or not records:
            return
        moved = [r for r in records if re.match(r"(?i)^(jika|apabila)\b.*\btidak\b", r)]
        if moved:
            sop.values["peringatan"] = moved
            sop.values["pencatatan_pendataan"] = [r for r in records if r not in moved]
            self.warn("peringatan-dipindah", lines.get("pencatatan_pendataan"),
                      'kalimat "Jika/Apabila … tidak …" berada di bawah Pencatatan dan Pendataan tanpa label Peringatan; '
                      "dipindah ke Peringatan; periksa", column="peringatan")
            sop.notes.setdefault("peringatan", []).append("dipindah dari Pencatatan dan Pendataan saat impor")

    def letterhead(self, sop: ImportedSop, text: str) -> None:
        if not sop.regency and (m := KABUPATEN.search(text)):
            sop.regency = m[1].strip()
        if not sop.district and (m := KECAMATAN.search(text)):
            sop.district = m[1].strip()

    def official(self, text: str, district: str) -> dict[str, str]:
        text = text.strip()
        result = {"jabatan": "", "nama": "", "pangkat": "", "nip": ""}
        if not text:
            return result
        if m := NIP.search(text):
            digits = re.sub(r"\D", "", m[1])
            result["nip"] = f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
            text = text[: m.start()] + text[m.end():]
        if m := RANK.search(text):
            result["pangkat"] = m[0].strip()
            text = text[: m.start()] + text[m.end():]
        title = ""
        if district and (m := re.match(rf"\s*((?:plt\.?\s+)?camat\s+{re.escape(district)})\b[\s,]*", text, re.IGNORECASE)):
            title, text = m[1], text[m.end():]
        elif m := re.match(r"\s*((?:plt\.?\s+)?camat\b[^,]*?)(?:,|\s{2,})", text, re.IGNORECASE):
            title, text = m[1], text[m.end():]
        elif re.match(r"\s*(?:plt\.?\s+)?camat\b", text, re.IGNORECASE):
            title, text = text, ""
        result["jabatan"] = title_case(" ".join(title.split()).strip(" ,"))
        result["nama"] = re.sub(r",(?=\S)", ", ", " ".join(text.split()).strip(" ,"))
        return result

    def signature(self, sop: ImportedSop, start: int, stop: int) -> None:
        lines = [(i + 1, " ".join(self.lines[i].replace("\t", " ").split())) for i in range(start, stop)]
        lines = [(n, l) for n, l in lines if l]
        if not lines:
            return
        sig: dict[str, str] = {}
        for number, line in lines:
            if NIP.search(line):
                sig["nip"] = self.official(line, "")["nip"]
            elif RANK.fullmatch(line):
                sig["pangkat"] = title_case(line)
            elif re.match(r"(?i)^(?:plt\.?\s+)?camat\b", line) and "jabatan" not in sig:
                sig["jabatan"] = title_case(line.strip(" ,"))
            elif "nama" not in sig and "jabatan" in sig:
                sig["nama"] = re.sub(r",(?=\S)", ", ", line)
            else:
                self.warn("baris-tidak-dikenal", number, f'baris "{_short(line)}" sesudah tabel langkah tidak dikenali; tidak diimpor')
        sop.signature = sig

    def steps(self, sop: ImportedSop, table: Table) -> None:
        header = table.header
        top, sub = _cells(self.lines[header]), _cells(self.lines[header + 1]) if header + 1 < len(self.lines) else []
        width = max(len(top), len(sub))
        top += [""] * (width - len(top))
        sub += [""] * (width - len(sub))
        roles: dict[int, str] = {}
        actor_columns: dict[int, str] = {}
        time_unit = None
        for i in range(2, width):
            label = sub[i] or top[i]
            low = label.lower()
            if re.match(r"^(kelengkapan|syarat|persyaratan)", low):
                roles[i] = "kelengkapan"
            elif low.startswith("waktu"):
                roles[i] = "waktu"
                if m := re.search(r"\((menit|jam|hari)\)", low):
                    time_unit = m[1]
            elif low.startswith(("output", "ouput", "keluaran")):
                roles[i] = "output"
            elif low.startswith(("keterangan", "ket")):
                roles[i] = "keterangan"
            elif sub[i] and not roles and not re.match(r"^(mutu|baku)", low):
                actor_columns[i] = sub[i]
        if "keterangan" not in roles.values():
            for i in range(width):
                if top[i].lower().startswith(("keterangan", "ket")):
                    roles[i] = "keterangan"
        for role in ("kelengkapan", "waktu", "output"):
            if role not in roles.values():
                self.warn("kolom-tidak-ada", header + 2, f'kolom "{role}" tidak ditemukan di judul tabel langkah; dikosongkan', column=role)
        used_codes: set[str] = set()
        for i, name in actor_columns.items():
            nice = title_case(name)
            code = make_slug(nice) or f"pelaksana-{i}"
            while code in used_codes:
                code += "-2"
            used_codes.add(code)
            sop.actors.append({"kode": code, "nama": nice})
            actor_columns[i] = code
        if time_unit:
            sop.values["satuan_waktu"] = time_unit
        if not actor_columns:
            self.warn("pelaksana-tidak-ada", header + 2, "judul lajur pelaksana tidak ditemukan di baris kedua judul tabel; isi daftar pelaksana di sop.yaml")
        by_role = {r: c for c, r in roles.items()}
        full = max((c for c, r in roles.items() if r != "keterangan"), default=width - 1)
        for group in table.groups:
            cells = self.merge(group, width, full)
            line = group[0] + 1
            lanes = {code: cells[column] for column, code in actor_columns.items()}
            actors = [code for code, text in lanes.items() if lane_mark(text)]
            step = ImportedStep(
                number=int(STEP_NUMBER.match(cells[0])[1]),
                activity=cell_text(cells[1]),
                actors=actors,
                requirements=cell_text(cells[by_role["kelengkapan"]]) if "kelengkapan" in by_role else "",
                time_text=cell_text(cells[by_role["waktu"]]) if "waktu" in by_role else "",
                output=cell_text(cells[by_role["output"]]) if "output" in by_role else "",
                notes=cell_text(cells[by_role["keterangan"]]) if "keterangan" in by_role else "",
                line=line,
            )
            step.lanes = lanes
            if step.notes == "-":
                step.notes = ""
            if not actors:
                self.warn("pelaksana-hilang", line,
                          f'langkah {step.number}: pelaksana tidak terbaca (simbol diagram alir hilang saat ekspor); kolom pelaksana '
                          f'diisi "{ACTOR_PLACEHOLDER}" — ganti dengan kode dari daftar pelaksana '
                          f'({", ".join(a["kode"] for a in sop.actors) or "belum ada"}) sesuai dokumen asli', column="pelaksana")
            if step.time_text in ("", "-"):
                self.warn("waktu-kosong", line, f"langkah {step.number}: waktu kosong", column="waktu")
                step.time_text = ""
            else:
                try:
                    parse_duration(step.time_text, time_unit)
                except ValueError as exc:
                    self.warn("waktu-tidak-terbaca", line, f"langkah {step.number}: {exc}; ditulis seperti aslinya", column="waktu")
            if sop.steps and step.number != sop.steps[-1].number + 1:
                self.warn("nomor-langkah-melompat", line,
                          f"langkah {step.number} sesudah langkah {sop.steps[-1].number}; ditulis seperti di dokumen", column="no")
            sop.steps.append(step)
        for step in sop.steps:
            for finding in infer_decision(step, sop):
                self.warn("keputusan-disimpulkan", step.line, finding, column="jenis")

    def merge(self, group: list[int], width: int, full: int) -> list[str]:
        """The cells of one step: its row, plus the lines its text wrapped
        onto, each reported so a maintainer checks the joint."""
        cells = _split_number(_cells(self.lines[group[0]]))
        number = STEP_NUMBER.match(cells[0])[1]
        filled = len(cells)
        cells += [""] * (width - len(cells))
        for index in group[1:]:
            more = _cells(self.lines[index])
            # A row cut inside cell k continues that cell, then the cells after
            # it; a row that reached the output column goes on column by column.
            offset = filled - 1 if filled <= full else 0
            if offset == 0 and len(more) == 1:
                offset = 1
            for i, text in enumerate(more):
                column = offset + i
                if text and column < width:
                    cells[column] = f"{cells[column]} {text}".strip()
            filled = max(filled, offset + len(more))
            self.warn("baris-disambung", index + 1,
                      f"baris ini dibaca sebagai lanjutan langkah {number} (teks terpotong ke baris baru); "
                      "periksa hasilnya")
        return cells

    def finish(self, sop: ImportedSop) -> None:
        signer, sig = sop.values["disahkan_oleh"], sop.signature
        for key in ("jabatan", "nama", "pangkat", "nip"):
            if not signer.get(key) and sig.get(key):
                signer[key] = sig[key]
        if not signer.get("jabatan") and not signer.get("nama"):
            sop.notes.setdefault("disahkan_oleh", []).append("pengesah tidak ditemukan saat impor; wajib diisi")



def read_source(source: Source, report: Report) -> list[ImportedSop]:
    """Every SOP in one source; problems go into `report` at their location."""
    return SourceReader(source, report).run()
