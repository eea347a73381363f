"""`portal-sop new`: empty but complete kecamatan and SOP files.

Every field of the format is written. Required values the maintainer must
supply are placeholders starting with `ISI:`; validation reports each one as
an error (code `isian-belum-diisi`) with its line, so an unfinished scaffold
can never be published, and it validates as soon as they are replaced.
"""
from __future__ import annotations

from pathlib import Path

from slugify import slugify

from .. import inputs
from .. import safeyaml as yamlsource
from ..spec import DISTRICT_FILE, PLACEHOLDER, SLUG
from .datafiles import DataFileError, DistrictFile, SopFiles, write_district, write_sop

P = PLACEHOLDER


def make_slug(text: str) -> str:
    return slugify(text, max_length=80, word_boundary=True)


def new_district(data_dir: Path, kabupaten: str, kecamatan: str) -> list[Path]:
    """Write `<data>/<kab>/<kec>/kecamatan.yaml`; returns the written paths."""
    kabupaten, kecamatan = _strip_prefix(kabupaten, "kabupaten"), _strip_prefix(kecamatan, "kecamatan")
    kab_slug, kec_slug = make_slug(kabupaten), make_slug(kecamatan)
    if not kab_slug or not kec_slug:
        raise DataFileError("nama kabupaten dan kecamatan harus berisi huruf atau angka")
    district = DistrictFile(
        kabupaten=kabupaten,
        kecamatan=kecamatan,
        camat={"nama": f"{P} nama Camat beserta gelar, seperti pada tanda tangan SOP", "pangkat": "", "nip": ""},
        header=[
            f"Identitas Kecamatan {kecamatan}, Kabupaten {kabupaten}.",
            f'Ganti setiap isian yang diawali "{P}"; portal-sop validate menunjukkan yang belum diganti.',
            "Pangkat dan NIP Camat boleh dikosongkan bila tidak tertulis di dokumen.",
        ],
    )
    return [write_district(Path(data_dir) / kab_slug / kec_slug, district, root=Path(data_dir))]


def new_sop(data_dir: Path, district_ref: str, name: str) -> list[Path]:
    """Write `<data>/<kab>/<kec>/<slug>/sop.yaml` and `langkah.csv`."""
    folder = Path(data_dir) / district_ref.strip("/")
    parts = district_ref.strip("/").split("/")
    if len(parts) != 2 or not all(SLUG.fullmatch(p) for p in parts):
        raise DataFileError(
            f'"{district_ref}" harus berbentuk kabupaten/kecamatan dengan nama folder, misalnya banyumas/kebasen'
        )
    district_file = folder / DISTRICT_FILE
    if not district_file.exists():
        raise DataFileError(
            f"{district_file} tidak ada; buat kecamatannya dulu dengan "
            '`portal-sop new kecamatan "Nama Kabupaten" "Nama Kecamatan"`'
        )
    slug = make_slug(_strip_prefix(name, "sop"))
    if not slug:
        raise DataFileError("nama SOP harus berisi huruf atau angka")
    district = _read_district(district_file, Path(data_dir))
    head = district.get("camat") if isinstance(district.get("camat"), dict) else {}
    kec = str(district.get("kecamatan") or "").strip()
    signer = {
        "jabatan": f"Camat {kec}" if kec else f"{P} jabatan pengesah, misalnya Camat Kebasen",
        "nama": str(head.get("nama") or f"{P} nama pengesah"),
        "pangkat": str(head.get("pangkat") or ""),
        "nip": str(head.get("nip") or ""),
    }
    sop = SopFiles(
        values={
            "nomor": "",
            "nama": name.strip(),
            "unit": "",
            "tanggal_pembuatan": "",
            "tanggal_revisi": "",
            "tanggal_efektif": "",
            "disahkan_oleh": signer,
            "dasar_hukum": [f"{P} Undang-Undang/Peraturan Nomor … Tahun … tentang …"],
            "kualifikasi_pelaksana": [f"{P} kualifikasi pelaksana, misalnya Mampu mengoperasikan komputer"],
            "keterkaitan": [],
            "peralatan_perlengkapan": [f"{P} peralatan, misalnya Komputer"],
            "peringatan": [f"{P} akibat bila SOP tidak dilaksanakan"],
            "pencatatan_pendataan": [f"{P} catatan yang disimpan, misalnya Disimpan sebagai arsip"],
            "satuan_waktu": "",
            "pelaksana": [
                {"kode": "pelaksana-1", "nama": f"{P} judul lajur pertama, misalnya Camat"},
                {"kode": "pelaksana-2", "nama": f"{P} judul lajur kedua, misalnya Sekcam"},
            ],
            "revisi": [],
        },
        steps=[
            {"no": 1, "kegiatan": f"{P} uraian kegiatan langkah 1", "pelaksana": "pelaksana-1", "jenis": "proses",
             "kelengkapan": f"{P} kelengkapan", "waktu": "5 menit", "output": f"{P} output"},
            {"no": 2, "kegiatan": f"{P} uraian kegiatan langkah 2", "pelaksana": "pelaksana-2", "jenis": "proses",
             "kelengkapan": f"{P} kelengkapan", "waktu": "1 hari", "output": f"{P} output"},
        ],
        header=[
            f"SOP {name.strip()} — Kecamatan {kec or district_ref}.",
            f'Ganti setiap isian yang diawali "{P}" dengan isi dokumen SOP yang ditandatangani;',
            "portal-sop validate menunjukkan baris yang belum diganti. Langkah ada di langkah.csv",
            "(buka dengan spreadsheet, simpan sebagai CSV UTF-8); kode pelaksana di sana harus",
            "sama dengan kode di daftar pelaksana di bawah. Kode pelaksana boleh diganti (misalnya camat).",
        ],
    )
    return write_sop(folder / slug, sop, root=Path(data_dir))


def _strip_prefix(text: str, word: str) -> str:
    text = " ".join(text.split())
    if text.lower().startswith(word + " "):
        text = text[len(word) + 1:]
    return text.strip()


def _read_district(path: Path, root: Path) -> dict:
    try:
        data = yamlsource.load(inputs.read_bytes(path, root).decode("utf-8-sig"))
    except inputs.InputError as exc:
        raise DataFileError(str(exc)) from None
    except (yamlsource.YamlError, UnicodeDecodeError):
        raise DataFileError(f"{path} tidak dapat dibaca; periksa dengan `portal-sop validate`") from None
    return data if isinstance(data, dict) else {}
