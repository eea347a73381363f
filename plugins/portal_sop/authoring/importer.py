"""`portal-sop import`: text exports of signed SOP documents to `sop_data/`.

The input is what a PDF/Word-to-text export leaves of an SOP AP document:
letterhead lines, the identity block (label/value lines or a two-column tab
table), the tab-separated step table with one column per actor, actor marks
(`<input type="checkbox"/>`, "Mulai") and the signature block. One file may
hold several SOPs; each step table starts one.

What cannot be mapped is reported as a warning at the line of the source file
(`Finding.row`). A step whose actor mark was lost gets the placeholder
`ISI: kode pelaksana` in the pelaksana column (the format requires an actor
and the importer never guesses one), so validation fails until a person has
filled it in from the signed document (see content/panduan/rekonstruksi.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Report
from ..spec import DISTRICT_FILE, PLACEHOLDER, SOP_FILE
from ..values import parse_duration
from .datafiles import DataFileError, DistrictFile, SopFiles, write_district, write_sop
from .scaffold import make_slug

ACTOR_PLACEHOLDER = f"{PLACEHOLDER} kode pelaksana"
CHECK = "\u2611"  # what a checkbox mark becomes after HTML is stripped
LIST_FIELDS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan", "pencatatan_pendataan")
REQUIRED_LISTS = ("dasar_hukum", "kualifikasi_pelaksana", "peralatan_perlengkapan", "peringatan", "pencatatan_pendataan")
FIELD_TITLES = {
    "nomor": "Nomor SOP", "tanggal_pembuatan": "Tanggal Pembuatan", "tanggal_revisi": "Tanggal Revisi",
    "tanggal_efektif": "Tanggal Efektif", "disahkan_oleh": "Disahkan oleh", "nama": "Nama SOP",
    "dasar_hukum": "Dasar Hukum", "kualifikasi_pelaksana": "Kualifikasi Pelaksana", "keterkaitan": "Keterkaitan",
    "peralatan_perlengkapan": "Peralatan/Perlengkapan", "peringatan": "Peringatan",
    "pencatatan_pendataan": "Pencatatan dan Pendataan",
}
_LABELS = [
    ("nomor", r"nomor\s+sop|no\.?\s+sop"),
    ("tanggal_pembuatan", r"(?:tanggal|tgl\.?)\s*pembuatan"),
    ("tanggal_revisi", r"(?:tanggal|tgl\.?)\s*revisi"),
    ("tanggal_efektif", r"(?:tanggal|tgl\.?)\s*(?:efektif|pengesahan)(?:\s*/\s*pengesahan)?"),
    ("disahkan_oleh", r"disahkan\s+oleh|pengesahan"),
    ("nama", r"nama\s+sop|judul\s+sop"),
    ("dasar_hukum", r"dasar\s+hukum"),
    ("kualifikasi_pelaksana", r"kualifikasi\s+pelaksana(?:an)?"),
    ("keterkaitan", r"keterkaitan"),
    ("peralatan_perlengkapan", r"peralatan(?:\s*/\s*\w+)?"),
    ("peringatan", r"peringatan"),
    ("pencatatan_pendataan", r"pencatatan\s+dan\s+pendataan"),
]
LABEL = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS) + r")\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# The fixed side-by-side pairs of the SOP AP identity block (left, right).
PAIRS = {"kualifikasi_pelaksana": "dasar_hukum", "peralatan_perlengkapan": "keterkaitan", "pencatatan_pendataan": "peringatan"}
LETTERHEAD = re.compile(r"^\s*(?:PEMERINTAH|KABUPATEN|KAB\.|KECAMATAN|TAHUN\s+\d{4}|STANDAR\s+OPERASIONAL)\b")
KABUPATEN = re.compile(r"(?:KABUPATEN|KAB\.)\s+([A-Z][A-Z .'-]*?)(?=\s+KECAMATAN\b|\s+TAHUN\b|\s*$)")
KECAMATAN = re.compile(r"KECAMATAN\s+([A-Z][A-Z .'-]*?)(?=\s+KABUPATEN\b|\s+KAB\.|\s*$)")
UNIT = re.compile(r"^\s*(?:SUB\s*BAG(?:IAN)?|BAGIAN|SEKSI)\b")
TITLE = re.compile(r"^\s*SOP\s+[A-Z]")
RANK = re.compile(
    r"\b(?:Pembina|Penata|Pengatur|Juru)(?:\s+(?:Utama(?:\s+(?:Muda|Madya))?|Muda|Tingkat\s+I|Tk\.?\s*I))*\b(?:\s*\(?[IV]+/[a-e]\)?)?",
    re.IGNORECASE,
)
NIP = re.compile(r"NIP\.?\s*:?\s*((?:\d\s*){18})")
STEP_NUMBER = re.compile(r"^\s*(\d+)\s*\.?\s*$")
MONTHS = {m: i for i, m in enumerate(
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember"], 1)}
MONTHS.update({"pebruari": 2, "nopember": 11, "agustus": 8})
SMALL_WORDS = {"dan", "di", "ke", "dari", "atau", "untuk", "yang", "pada", "dengan", "atas", "tentang", "per", "oleh"}
ACRONYMS = {"SOP", "SKP", "SKPD", "SAKIP", "IKU", "IKI", "RKT", "LKJIP", "PK", "ATK", "JF", "ASN", "DPA", "DPPA"}
ROMAN = re.compile(r"^(?=[IVX]+$)X{0,3}(IX|IV|V?I{0,3})$")
KEGIATAN_HEADERS = ("kegiatan", "uraian prosedur", "aktivitas", "uraian kegiatan")


@dataclass
class ImportedStep:
    number: int
    activity: str
    actors: list[str]  # actor codes
    requirements: str
    time_text: str
    output: str
    notes: str
    line: int


@dataclass
class ImportedSop:
    """One SOP found in a source file, ready to be written as data files."""

    source: str
    line: int  # line of the step table header
    regency: str
    district: str
    values: dict[str, Any] = field(default_factory=dict)
    actors: list[dict[str, str]] = field(default_factory=list)  # {"kode", "nama"}
    steps: list[ImportedStep] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    signature: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.values.get("nama") or "")

    def actor_names(self, step: ImportedStep) -> list[str]:
        names = {a["kode"]: a["nama"] for a in self.actors}
        return [names[c] for c in step.actors]

    def files(self) -> SopFiles:
        rows = [
            {"no": s.number, "kegiatan": s.activity, "pelaksana": ";".join(s.actors) or ACTOR_PLACEHOLDER,
             "jenis": "proses", "kelengkapan": s.requirements, "waktu": s.time_text, "output": s.output,
             "keterangan": s.notes}
            for s in self.steps
        ]
        values = {**self.values, "pelaksana": self.actors, "revisi": []}
        header = [
            f"Diimpor dari {Path(self.source).name} (tabel langkah di baris {self.line}) dengan portal-sop import.",
            "Bandingkan dengan dokumen SOP yang ditandatangani, perbaiki bagian bertanda PERIKSA,",
            f'ganti setiap isian "{PLACEHOLDER} …" (juga di langkah.csv), lalu jalankan portal-sop validate.',
        ]
        return SopFiles(values=values, steps=rows, header=header, notes=self.notes)


def title_case(text: str) -> str:
    """Title-case text written in capitals ("CAMAT IV JURAI" → "Camat IV
    Jurai"); text with lower-case letters is kept as written."""
    if text != text.upper():
        return text
    parts = re.split(r"(\s+|/|-|\()", text)
    out = []
    for index, part in enumerate(parts):
        word = part.lower()
        if not part.strip() or part in "/-(":
            out.append(part)
        elif part.strip(".,") in ACRONYMS or ROMAN.match(part.strip(".,")):
            out.append(part)
        elif index > 0 and word in SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return "".join(out)


def parse_date(text: str) -> str | None:
    """"Kamis,02 Januari 2025" → "2025-01-02", "Desember 2021" → "2021-12";
    "" and "-" → ""; None when unreadable."""
    text = text.strip().strip(":").strip()
    if text in ("", "-"):
        return ""
    match = re.search(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})\s*$", text)
    if not match or match[2].lower() not in MONTHS:
        return None
    month, year = MONTHS[match[2].lower()], int(match[3])
    return f"{year:04d}-{month:02d}-{int(match[1]):02d}" if match[1] else f"{year:04d}-{month:02d}"


def split_items(text: str, field_name: str = "") -> list[str]:
    """List items run together by the export: "1. A 2. B", "•A•B", "- A"."""
    text = " ".join(text.replace("\u2022", "\n\u2022").split(" ")).strip()
    chunks = [c.strip() for c in re.split(r"\n\u2022|^\u2022", text) if c.strip()] if "\u2022" in text else [text]
    items: list[str] = []
    for chunk in chunks:
        pieces, number, start = [], 2, 0
        if re.match(r"^\s*1\s*\.\s*", chunk):
            while True:
                found = re.search(rf"(?<!\d){number}\s*\.\s+(?=[A-Z])", chunk[start + 1:])
                if not found:
                    break
                cut = start + 1 + found.start()
                pieces.append(chunk[start:cut])
                start, number = cut, number + 1
        pieces.append(chunk[start:])
        for piece in pieces:
            piece = re.sub(r"^\s*(?:\d+\s*\.|-)\s*", "", piece).strip()
            if piece:
                items.append(piece)
    if field_name == "keterkaitan":
        items = [part.strip() for item in items for part in re.split(r"\s+(?=SOP\s)", item) if part.strip()]
    return items


def _clean(line: str) -> str:
    line = re.sub(r"<input[^>]*type=\"checkbox\"[^>]*>", CHECK, line, flags=re.IGNORECASE)
    line = re.sub(r"</?(?:p|br)\b[^>]*>", "  ", line, flags=re.IGNORECASE)
    line = re.sub(r"<[^>]+>", "", line)
    return line.replace("**", "").replace("\xa0", " ").rstrip("\r\n")


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
    lower = [c.lower() for c in cells]
    return any(c in KEGIATAN_HEADERS for c in lower) and any(c.startswith("pelaksana") for c in lower)


def _is_step_row(cells: list[str]) -> bool:
    return len(cells) > 2 and bool(STEP_NUMBER.match(cells[0])) and bool(cells[1]) and not cells[1].isdigit()


def _is_blank(cells: list[str]) -> bool:
    return not any(cells)


class _FileImporter:
    def __init__(self, path: Path, report: Report, display: str):
        self.path, self.report, self.display = path, report, display
        self.lines = [_clean(l) for l in path.read_text("utf-8-sig", errors="replace").splitlines()]

    def warn(self, code: str, line: int | None, message: str, column: str | None = None) -> None:
        self.report.warning(code, self.display, message, row=line, column=column)

    # -- structure ---------------------------------------------------------
    def tables(self) -> list[tuple[int, int]]:
        """(header index, last step row index) of every step table."""
        found, index = [], 0
        while index < len(self.lines) - 1:
            if _is_table_header(_cells(self.lines[index])):
                end, probe = index + 1, index + 2
                while probe < len(self.lines):
                    cells = _cells(self.lines[probe])
                    if _is_step_row(cells):
                        end = probe
                    elif not (_is_blank(cells) or all(c.isdigit() for c in cells if c)):
                        break
                    probe += 1
                found.append((index, end))
                index = end + 1
            else:
                index += 1
        return found

    def run(self) -> list[ImportedSop]:
        tables = self.tables()
        if not tables:
            self.report.error("tabel-langkah-tidak-ada", self.display,
                              'tabel langkah tidak ditemukan: perlu baris judul dengan kolom "No", "Kegiatan"/"Uraian Prosedur" dan "Pelaksana" dipisah tab')
            return []
        sops = []
        start = 0
        for number, (header, end) in enumerate(tables):
            next_header = tables[number + 1][0] if number + 1 < len(tables) else len(self.lines)
            # The signature block ends where the next SOP's letterhead begins.
            split = next((i for i in range(end + 1, next_header) if LETTERHEAD.match(self.lines[i])), next_header)
            if number + 1 == len(tables):
                split = len(self.lines)
            sops.append(self.sop(start, header, end, split))
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
            self.report.error("kop-tidak-terbaca", self.display,
                              'kop tidak menyebut "KABUPATEN …" dan "KECAMATAN …"; tambahkan baris kop di awal berkas', row=1)
        return sops

    # -- one SOP -----------------------------------------------------------
    def sop(self, start: int, header: int, end: int, stop: int) -> ImportedSop:
        sop = ImportedSop(source=self.display, line=header + 1, regency="", district="")
        self.identity(sop, start, header)
        self.signature(sop, end + 1, stop)
        self.steps(sop, header, end)
        self.finish(sop)
        return sop

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
            cells = _cells(line)
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

    def steps(self, sop: ImportedSop, header: int, end: int) -> None:
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
        for index in range(header + 2, end + 1):
            cells = _cells(self.lines[index])
            if not _is_step_row(cells):
                continue
            cells += [""] * (width - len(cells))
            line = index + 1
            actors = [code for column, code in actor_columns.items() if cells[column]]
            step = ImportedStep(
                number=int(STEP_NUMBER.match(cells[0])[1]),
                activity=" ".join(cells[1].split()),
                actors=actors,
                requirements=cells[by_role["kelengkapan"]] if "kelengkapan" in by_role else "",
                time_text=cells[by_role["waktu"]] if "waktu" in by_role else "",
                output=cells[by_role["output"]] if "output" in by_role else "",
                notes=cells[by_role["keterangan"]] if "keterangan" in by_role else "",
                line=line,
            )
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

    def finish(self, sop: ImportedSop) -> None:
        signer, sig = sop.values["disahkan_oleh"], sop.signature
        for key in ("jabatan", "nama", "pangkat", "nip"):
            if not signer.get(key) and sig.get(key):
                signer[key] = sig[key]
        if not signer.get("jabatan") and not signer.get("nama"):
            sop.notes.setdefault("disahkan_oleh", []).append("pengesah tidak ditemukan saat impor; wajib diisi")


def _looks_merged(items: list[str]) -> bool:
    """Items whose separators the export lost: sentences run together, or a
    single long item without commas ("Lembaran Kerja Ruangan Rapat …")."""
    if any(re.search(r"[a-z]\. [A-Z]", item) for item in items):
        return True
    return len(items) == 1 and len(items[0].split()) >= 8 and "," not in items[0] and not items[0].lower().startswith(("jika", "apabila"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def parse_file(path: Path, report: Report, display: str | None = None) -> list[ImportedSop]:
    """Every SOP in one text export; problems go into `report` at their line."""
    path = Path(path)
    display = display or path.as_posix()
    try:
        return _FileImporter(path, report, display).run()
    except OSError as exc:
        report.error("berkas-tidak-terbaca", display, f"berkas tidak dapat dibaca ({exc.strerror})")
        return []


def _find_folder(parent: Path, slug: str) -> str:
    """An existing folder whose name differs only in hyphens ("kutaikartanegara"
    in a letterhead, kutai-kartanegara/ on disk) is reused."""
    if parent.is_dir():
        for child in sorted(parent.iterdir()):
            if child.is_dir() and child.name.replace("-", "") == slug.replace("-", ""):
                return child.name
    return slug


def write_sops(sops: list[ImportedSop], data_dir: Path, report: Report, dry_run: bool = False) -> list[Path]:
    """Write (or with `dry_run` only list) the files for imported SOPs.
    Existing SOP folders are never overwritten; an existing kecamatan.yaml is kept."""
    data_dir = Path(data_dir)
    written: list[Path] = []
    taken: set[Path] = set()
    for sop in sops:
        if not sop.regency or not sop.district:
            continue
        regency_slug = _find_folder(data_dir, make_slug(title_case(sop.regency)))
        district_slug = _find_folder(data_dir / regency_slug, make_slug(title_case(sop.district)))
        folder = data_dir / regency_slug / district_slug
        if not (folder / DISTRICT_FILE).exists() and folder / DISTRICT_FILE not in taken:
            signer = sop.values.get("disahkan_oleh") or {}
            head = {k: signer.get(k, "") for k in ("nama", "pangkat", "nip")} if "camat" in signer.get("jabatan", "").lower() else {}
            district = DistrictFile(
                kabupaten=title_case(sop.regency), kecamatan=title_case(sop.district),
                camat=head or {"nama": f"{PLACEHOLDER} nama Camat"},
                header=[f"Diimpor dari {Path(sop.source).name} dengan portal-sop import; periksa ejaan nama kabupaten dan kecamatan."],
            )
            taken.add(folder / DISTRICT_FILE)
            written.append(folder / DISTRICT_FILE)
            if not dry_run:
                write_district(folder, district)
        slug = make_slug(sop.name) or "sop-tanpa-nama"
        base, n = slug, 2
        while folder / slug in taken:
            slug, n = f"{base}-{n}", n + 1
        target = folder / slug
        taken.add(target)
        if (target / SOP_FILE).exists():
            report.error("sop-sudah-ada", sop.source,
                         f"{target / SOP_FILE} sudah ada; SOP \"{sop.name}\" tidak ditimpa. Ubah berkas yang ada "
                         "atau hapus foldernya dulu bila ingin mengimpor ulang", row=sop.line)
            continue
        paths = [target / SOP_FILE, target / "langkah.csv"]
        written.extend(paths)
        if not dry_run:
            try:
                write_sop(target, sop.files())
            except DataFileError as exc:
                report.error("sop-sudah-ada", sop.source, str(exc), row=sop.line)
    return written


def import_files(files: list[Path], data_dir: Path, report: Report, dry_run: bool = False) -> tuple[list[ImportedSop], list[Path]]:
    """The one entry point the CLI calls."""
    sops = [sop for f in files for sop in parse_file(Path(f), report)]
    return sops, write_sops(sops, data_dir, report, dry_run)
