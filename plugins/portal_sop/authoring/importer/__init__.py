"""`portal-sop import`: signed SOP documents (text exports, Word, PDF) to
`sop_data/` files.

Each reader turns its format into a `Source` (lines of cells, see
`document`); one parser reads the SOPs out of it; `writing` writes all of
them or, when anything was an error, nothing.
"""
from __future__ import annotations

from pathlib import Path

from ... import inputs
from ...findings import Report
from .common import ACTOR_PLACEHOLDER, ImportedSop, ImportedStep, Source, parse_date, split_items, title_case
from .document import read_source
from .writing import write_sops

__all__ = [
    "ACTOR_PLACEHOLDER", "ImportedSop", "ImportedStep", "Source", "import_files", "parse_date", "parse_file",
    "split_items", "title_case", "write_sops",
]

# Far above any SOP document (the seeds are a few kB of text; a Word file
# with a scanned letterhead a few hundred kB): a bigger file is refused
# before it is parsed.
MAX_BYTES = 10 * 1024 * 1024
FORMATS = {".docx": "docx", ".pdf": "pdf"}


def _source(path: Path, report: Report, display: str) -> Source | None:
    kind = FORMATS.get(path.suffix.lower(), "text")
    if kind == "docx":
        from .docx import read_docx
        return read_docx(path, report, display)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(path, report, display)
    from .text import read_text
    return read_text(path, report, display)


def parse_file(path: Path, report: Report, display: str | None = None) -> list[ImportedSop]:
    """Every SOP in one source file (text export, .docx or .pdf); problems go
    into `report` at their source location."""
    path = Path(path)
    display = display or path.as_posix()
    try:
        # A regular file (links resolved), never a device or FIFO: /dev/zero
        # has size 0 and would be read forever.
        inputs.check_file(path, None, limit=1 << 62)
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error("dokumen-terlalu-besar", display,
                         f"berkas {size / 1024 / 1024:.1f} MB, lebih dari batas {MAX_BYTES // 1024 // 1024} MB untuk satu dokumen SOP; "
                         "periksa apakah ini berkas yang benar (gambar besar di dalam dokumen bisa dikecilkan atau dihapus dulu)")
            return []
        source = _source(path, report, display)
    except inputs.InputError as exc:
        report.error("berkas-tidak-terbaca", display, exc.reason)
        return []
    except OSError as exc:
        report.error("berkas-tidak-terbaca", display, f"berkas tidak dapat dibaca ({exc.strerror or exc})")
        return []
    return read_source(source, report) if source is not None else []


def import_files(files: list[Path], data_dir: Path, report: Report, dry_run: bool = False) -> tuple[list[ImportedSop], list[Path]]:
    """The one entry point the CLI calls: read every file, then write all
    SOPs or, when the report holds an error, none."""
    sops = [sop for f in files for sop in parse_file(Path(f), report)]
    return sops, write_sops(sops, data_dir, report, dry_run)
