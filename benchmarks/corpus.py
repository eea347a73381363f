"""Deterministic benchmark corpus in the project's own data format.

    python -m benchmarks.corpus 2000 /tmp/corpus-2000

writes `<out>/sop_data/<kabupaten>/<kecamatan>/...` exactly like `sop_data/`:
20 SOPs per kecamatan with 5-15 steps each, one data kinerja package per
kecamatan, 20 kecamatan per kabupaten. The same size and seed always give the
same bytes, and the kecamatan of a small corpus are the first kecamatan of a
bigger one, so a benchmark run on one machine can be repeated on another.
Data files are written by the project's own writers (`authoring.datafiles`),
so the corpus follows the format the loader expects.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
from pathlib import Path

import yaml

from portal_sop.authoring.datafiles import DistrictFile, SopFiles, write_district, write_sop
from portal_sop.kinerja import monev

SIZES = (40, 200, 1000, 2000)
SOPS_PER_DISTRICT = 20
DISTRICTS_PER_REGENCY = 20
SEED = 15
# The kinerja package's descriptor (schemas, licence) is taken from the
# repository's own sample data, so the corpus follows it when it changes.
SAMPLE_PACKAGE = Path(__file__).resolve().parents[1] / "sop_data" / "banjar" / "simpang-empat" / "data-kinerja"

REGENCIES = ["Tanah Datar", "Agam", "Lima Puluh Kota", "Pasaman", "Solok", "Sijunjung", "Padang Pariaman",
             "Dharmasraya", "Pesisir Barat", "Kepulauan Mentawai", "Solok Selatan", "Pasaman Barat"]
PLACE_WORDS = ["Sungai", "Batang", "Koto", "Bukit", "Tanjung", "Lubuk", "Pulau", "Air", "Padang", "Talang",
               "Lima", "Sepuluh", "Baru", "Tinggi", "Barat", "Timur", "Utara", "Selatan", "Tengah", "Hilir",
               "Mudik", "Gadang", "Ketek", "Panjang", "Rambutan", "Kapur", "Pinang", "Durian"]
SERVICES = ["Pelayanan Surat Keterangan Domisili", "Rekomendasi Izin Keramaian", "Legalisasi Dokumen Kependudukan",
            "Pengaduan Masyarakat", "Penyusunan Renstra Kecamatan", "Monitoring Dana Desa", "Evaluasi Kinerja Desa",
            "Pengumpulan Data Kinerja", "Pengelolaan Arsip Surat Masuk", "Pengelolaan Arsip Surat Keluar",
            "Penyusunan Laporan Keuangan", "Penerbitan Izin Usaha Mikro", "Fasilitasi Musrenbang",
            "Pembinaan Administrasi Desa", "Rekomendasi Surat Pindah", "Pengajuan Cuti Pegawai",
            "Penilaian Kinerja Pegawai", "Pengadaan Barang Persediaan", "Pelayanan Dispensasi Nikah",
            "Verifikasi Proposal Bantuan", "Koordinasi Ketenteraman dan Ketertiban", "Penanganan Bencana"]
VERBS = ["Menerima", "Memeriksa", "Meneliti", "Mengagendakan", "Mendisposisikan", "Menyusun", "Memverifikasi",
         "Menandatangani", "Mengarsipkan", "Menyerahkan", "Mengoreksi", "Mencatat", "Mengirimkan", "Membahas"]
OBJECTS = ["berkas permohonan", "surat pengantar desa", "draf rekomendasi", "data kinerja seksi", "laporan bulanan",
           "kelengkapan persyaratan", "nota dinas", "formulir isian pemohon", "dokumen pendukung",
           "daftar hadir rapat", "berita acara", "register pelayanan"]
ACTORS = [("camat", "Camat"), ("sekcam", "Sekretaris Kecamatan"), ("kasi", "Kepala Seksi"),
          ("kasubbag", "Kepala Subbagian"), ("staf", "Staf Pelaksana"), ("pemohon", "Pemohon")]
TIMES = ["5 menit", "10 menit", "15 menit", "30 menit", "1 jam", "2 jam", "1 hari"]
NAMES = ["Ahmad Fauzi", "Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Rizal Effendi", "Nur Aisyah",
         "Hendra Gunawan", "Yuliani Putri", "Syafrizal", "Indah Permata"]


def regency_count(sops: int) -> int:
    districts = district_count(sops)
    return max(1, -(-districts // DISTRICTS_PER_REGENCY))


def district_count(sops: int) -> int:
    return max(1, -(-sops // SOPS_PER_DISTRICT))


def _nip(rng: random.Random) -> str:
    year = rng.randint(1968, 1990)
    return f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d} {year + 22}{rng.randint(1, 12):02d} 1 {rng.randint(1, 9):03d}"


def _official(rng: random.Random, title: str) -> dict[str, str]:
    return {"jabatan": title, "nama": rng.choice(NAMES), "pangkat": "Pembina Tingkat I", "nip": _nip(rng)}


def _steps(rng: random.Random, actors: list[tuple[str, str]]) -> list[dict[str, object]]:
    count = rng.randint(5, 15)
    rows: list[dict[str, object]] = []
    for number in range(1, count + 1):
        decision = 2 < number < count and rng.random() < 0.2
        row: dict[str, object] = {
            "no": number,
            "kegiatan": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} dan {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}",
            # The first rows go through every lane once, so no lane stays empty.
            "pelaksana": actors[number - 1][0] if number <= len(actors) else rng.choice(actors)[0],
            "jenis": "keputusan" if decision else "proses",
            "kelengkapan": rng.choice(OBJECTS).capitalize(),
            "waktu": rng.choice(TIMES),
            "output": rng.choice(OBJECTS).capitalize(),
        }
        if decision:
            row["jika_tidak_ke"] = rng.randint(1, number - 1)
        rows.append(row)
    return rows


def _sop(rng: random.Random, number: int, district: str, name: str, camat: dict[str, str]) -> SopFiles:
    lanes = rng.sample(ACTORS, rng.randint(3, 5))
    return SopFiles(
        values={
            "nomor": f"{number:03d}",
            "nama": name,
            "unit": f"Kecamatan {district}",
            "tanggal_pembuatan": f"2025-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
            "tanggal_revisi": "",
            "tanggal_efektif": f"2025-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}",
            "disahkan_oleh": {"jabatan": f"Camat {district}", **camat},
            "dasar_hukum": ["Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan",
                            "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"],
            "kualifikasi_pelaksana": ["Pelaksana minimal berpendidikan SLTA", "Mampu mengoperasikan komputer"],
            "keterkaitan": [],
            "peralatan_perlengkapan": ["Komputer", "Printer", "Alat tulis kantor"],
            "peringatan": ["Apabila persyaratan tidak lengkap, berkas dikembalikan kepada pemohon"],
            "pencatatan_pendataan": ["Buku register", "Arsip digital"],
            "pelaksana": [{"kode": code, "nama": title} for code, title in lanes],
        },
        steps=_steps(rng, lanes),
    )


def _kinerja(rng: random.Random, folder: Path, regency_slug: str, district_slug: str, district: str,
             sops: list[str]) -> None:
    target = folder / "data-kinerja"
    target.mkdir()
    descriptor = yaml.safe_load((SAMPLE_PACKAGE / "datapackage.yaml").read_text("utf-8"))
    descriptor.update(
        name=f"data-kinerja-{regency_slug}-{district_slug}",
        title=f"Data Kinerja Kecamatan {district} (data contoh)",
        description=f"DATA CONTOH untuk uji kinerja, bukan angka resmi Kecamatan {district}.",
        kecamatan=district,
    )
    header = "# Paket data Frictionless: data kinerja kecamatan. DATA CONTOH, bukan angka resmi.\n"
    (target / "datapackage.yaml").write_text(
        header + yaml.safe_dump(descriptor, sort_keys=False, allow_unicode=True, width=100), "utf-8")
    indicators = list(csv.DictReader(io.StringIO((SAMPLE_PACKAGE / "indikator.csv").read_text("utf-8"))))
    (target / "indikator.csv").write_text((SAMPLE_PACKAGE / "indikator.csv").read_text("utf-8"), "utf-8")
    (target / "target.csv").write_text((SAMPLE_PACKAGE / "target.csv").read_text("utf-8"), "utf-8")
    targets = {(row["kode_indikator"], int(row["tahun"])): float(row["target"])
               for row in csv.DictReader(io.StringIO((SAMPLE_PACKAGE / "target.csv").read_text("utf-8")))}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kode_indikator", "tahun", "triwulan", "realisasi", "tanggal_lapor", "catatan"])
    reported = {1: "04-10", 2: "07-10", 3: "10-09"}
    for indicator in indicators:
        for year in (2024, 2025):
            base = targets[(indicator["kode"], year)]
            for quarter in (1, 2, 3, 4):
                if year == 2025 and quarter == 4:
                    continue
                date = f"{year}-{reported[quarter]}" if quarter in reported else f"{year + 1}-01-13"
                value = round(base * rng.uniform(0.8, 1.1), 2)
                if indicator["satuan"] in ("%", "indeks", "nilai"):
                    value = min(value, 100)
                writer.writerow([indicator["kode"], year, quarter, value, date, ""])
    (target / "realisasi.csv").write_text(out.getvalue(), "utf-8")
    _monev(rng, target, sops)


def _monev(rng: random.Random, target: Path, sops: list[str]) -> None:
    """A monitoring of every SOP (semester II 2025) and an evaluation of every
    other one (2026), in the order the importer writes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=monev.MONEV_FIELDS, lineterminator="\n")
    writer.writeheader()
    who = {"penilai": "Penilai Uji", "jabatan_penilai": "Sekretaris Camat"}
    for index, sop in enumerate(sorted(set(sops))):
        good = rng.random() < 0.8
        writer.writerow({"jenis": monev.MONITORING, "sop": sop, "tanggal": "2025-12-15", "tahun": 2025, "semester": 2, **who,
                         "pertanyaan": monev.MONITORING_QUESTION, "jawaban": monev.GOOD if good else monev.NOT_GOOD,
                         "catatan": "" if good else "Langkah verifikasi sering dilewati",
                         "tindak_lanjut": "" if good else "Sosialisasi ulang kepada pelaksana"})
        if index % 2 == 0:
            for key in monev.QUESTIONS[monev.EVALUATION]:
                writer.writerow({"jenis": monev.EVALUATION, "sop": sop, "tanggal": "2026-01-20", "tahun": 2025, "semester": "",
                                 **who, "pertanyaan": key, "jawaban": monev.YES if rng.random() < 0.85 else monev.NO})
    (target / monev.FILE).write_text(out.getvalue(), "utf-8")


def _district_names(seed: int, count: int) -> list[str]:
    pairs = [f"{a} {b}" for a in PLACE_WORDS for b in PLACE_WORDS if a != b]
    random.Random(f"{seed}:places").shuffle(pairs)
    return [pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "") for i in range(count)]


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def reference_sop(data: Path, seed: int = SEED) -> str:
    """Path (under the data folder) of an SOP present in every size: the
    first SOP folder of the first kecamatan. Its pages differ between sizes
    only by what the rest of the site adds."""
    district = _slug(_district_names(seed, 1)[0])
    folder = sorted(p.parent for p in Path(data).glob(f"*/{district}/*/sop.yaml"))[0]
    return folder.relative_to(data).as_posix()


def generate(sops: int, out: Path, seed: int = SEED, districts_per_regency: int = DISTRICTS_PER_REGENCY) -> Path:
    """Write a corpus of `sops` SOPs into `out/sop_data` (replacing it);
    returns that folder."""
    data = Path(out) / "sop_data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    districts = district_count(sops)
    names_of_districts = _district_names(seed, districts)
    made = 0
    for d in range(districts):
        # One random stream per kecamatan: the first kecamatan of every
        # size is the same, so its pages can be compared across sizes.
        rng = random.Random(f"{seed}:{d}")
        regency = REGENCIES[(d // districts_per_regency) % len(REGENCIES)]
        if d // districts_per_regency >= len(REGENCIES):
            regency = f"{regency} {d // districts_per_regency // len(REGENCIES) + 1}"
        district = names_of_districts[d]
        folder = data / _slug(regency) / _slug(district)
        camat = {k: v for k, v in _official(rng, "Camat").items() if k != "jabatan"}
        write_district(folder, DistrictFile(
            kabupaten=regency, kecamatan=district, alamat=f"Jalan {rng.choice(PLACE_WORDS)} No. {rng.randint(1, 99)}",
            camat=camat,
        ))
        names = rng.sample(SERVICES, min(len(SERVICES), SOPS_PER_DISTRICT))
        slugs = []
        for index in range(min(SOPS_PER_DISTRICT, sops - made)):
            name = names[index % len(names)]
            write_sop(folder / _slug(name), _sop(rng, index + 1, district, name, camat))
            slugs.append(_slug(name))
            made += 1
        _kinerja(rng, folder, _slug(regency), _slug(district), district, slugs)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a deterministic benchmark corpus (sop_data format).")
    parser.add_argument("sops", type=int, help=f"number of SOPs, e.g. one of {SIZES}")
    parser.add_argument("out", type=Path, help="folder that receives sop_data/")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-regency", type=int, default=DISTRICTS_PER_REGENCY, help="kecamatan per kabupaten")
    args = parser.parse_args()
    data = generate(args.sops, args.out, args.seed, args.per_regency)
    print(f"{args.sops} SOP in {district_count(args.sops)} kecamatan: {data}")


if __name__ == "__main__":
    main()
