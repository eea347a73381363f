"""Shared parts of `portal-sop import`: what one imported SOP is, the text
helpers every reader uses (dates, lists, title case) and the labels of the
SOP AP identity block."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...spec import PLACEHOLDER
from ..datafiles import SopFiles

ACTOR_PLACEHOLDER = f"{PLACEHOLDER} kode pelaksana"
CHECK = "\u2611"  # what a checkbox mark or a drawn symbol becomes in a lane cell
DIAMOND = "\u25c7"  # a decision symbol (belah ketupat) drawn in a lane cell
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
NUMBERED_TEXT = re.compile(r"^(\d{1,3})\s*[.)]?\s+(\D.*)$")
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
    kind: str = "proses"  # or "keputusan"
    branch: int | None = None  # jika_tidak_ke
    label_yes: str = ""
    label_no: str = ""
    lanes: dict[str, str] = field(default_factory=dict)  # actor code → text of its lane cell


@dataclass
class ImportedSop:
    """One SOP found in a source file, ready to be written as data files."""

    source: str
    line: int  # line of the step table header
    regency: str
    district: str
    values: dict[str, Any] = field(default_factory=dict)
    place: dict[str, Any] = field(default_factory=dict)  # finding position of the step table: {"row": n} or {"key": "tabel 2 baris 1"}
    actors: list[dict[str, str]] = field(default_factory=list)  # {"kode", "nama"}
    steps: list[ImportedStep] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    signature: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """The step table's location for people: "baris 12", "tabel 3 baris 1"."""
        return self.place.get("key") or f"baris {self.place.get('row', self.line)}"

    @property
    def name(self) -> str:
        return str(self.values.get("nama") or "")

    def actor_names(self, step: ImportedStep) -> list[str]:
        names = {a["kode"]: a["nama"] for a in self.actors}
        return [names[c] for c in step.actors]

    def files(self) -> SopFiles:
        rows = [
            {"no": s.number, "kegiatan": s.activity, "pelaksana": ";".join(s.actors) or ACTOR_PLACEHOLDER,
             "jenis": s.kind, "jika_tidak_ke": s.branch or "", "label_ya": s.label_yes, "label_tidak": s.label_no,
             "kelengkapan": s.requirements, "waktu": s.time_text, "output": s.output,
             "keterangan": s.notes}
            for s in self.steps
        ]
        values = {**self.values, "pelaksana": self.actors, "revisi": []}
        header = [
            f"Diimpor dari {Path(self.source).name} (tabel langkah di {self.where}) dengan portal-sop import.",
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
    if "\n" in text:
        # One item per paragraph (a Word list, whose numbers are not text).
        return [item for part in text.split("\n") for item in split_items(part, field_name)]
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



def _looks_merged(items: list[str]) -> bool:
    """Items whose separators the export lost: sentences run together, or a
    single long item without commas ("Lembaran Kerja Ruangan Rapat …")."""
    if any(re.search(r"[a-z]\. [A-Z]", item) for item in items):
        return True
    return len(items) == 1 and len(items[0].split()) >= 8 and "," not in items[0] and not items[0].lower().startswith(("jika", "apabila"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"



@dataclass
class Source:
    """A source document reduced to lines of tab-separated cells, the form
    every reader works on. `places[i]` names where line i+1 came from for a
    finding: {"row": n} for a text file, {"key": "tabel 2 baris 5"} for DOCX
    and PDF; None means "line number i+1"."""

    display: str
    lines: list[str]
    places: list[dict[str, Any]] | None = None

    def place(self, line: int, column: str | None = None) -> dict[str, Any]:
        if self.places is None or not 0 < line <= len(self.places):
            return {"row": line, "column": column}
        place = dict(self.places[line - 1])
        if "key" in place and column:
            place["key"] = f"{place['key']}, kolom {column}"
        elif "row" in place:
            place["column"] = column
        return place


def cell_text(text: str) -> str:
    """A cell's text as one line: tabs and line breaks become spaces."""
    return " ".join(text.replace("\t", " ").split())
