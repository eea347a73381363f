"""Every finding code, declared once: severity, title and how to fix it.

As frictionless declares its errors (a stable `type`, a `title`, a
`description`), each code a check may report is declared here, and only
here. `Report` refuses a code that is not declared, the "Format data SOP"
page lists the catalogue, and tests assert on the codes. Titles and
descriptions are Indonesian because maintainers read them.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "galat"
    WARNING = "peringatan"


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    title: str
    description: str  # how to fix it
    topic: str


class UndeclaredCode(LookupError):
    """A check reported a code that is not in the catalogue: a bug of the portal."""


_ERROR, _WARNING = Severity.ERROR, Severity.WARNING

# Topics, in the order the format page lists them.
FILES = "Berkas dan folder"
YAML = "Identitas (kecamatan.yaml, sop.yaml)"
STEPS = "Tabel langkah (langkah.csv)"
TABLE = "Tabel menurut skema (langkah.csv dan data kinerja)"
KINERJA = "Data kinerja (data-kinerja/)"
MONEV = "Monitoring dan evaluasi SOP (data-kinerja/monev.csv)"
IMPORT = "Impor dokumen (portal-sop import)"
SYNONYMS = "Sinonim pencarian (sinonim.yaml)"

_DECLARED = [
    # -- files and folders
    FindingType("folder-tidak-ada", _ERROR, "Folder data tidak ada", "Periksa opsi data_dir di mkdocs.yml atau folder yang diberikan ke perintah.", FILES),
    FindingType("data-kosong", _ERROR, "Belum ada kecamatan", "Buat folder <kabupaten>/<kecamatan>/ berisi kecamatan.yaml, misalnya dengan portal-sop new kecamatan.", FILES),
    FindingType("nama-folder-tidak-sah", _ERROR, "Nama folder tidak sah", "Nama folder menjadi alamat halaman: pakai huruf kecil, angka dan tanda hubung saja, paling panjang 80 karakter.", FILES),
    FindingType("nama-folder-dicadangkan", _ERROR, "Nama folder dipakai portal", "Nama seperti index, unduh, panduan atau data-kinerja dipakai halaman portal sendiri; ganti nama folder.", FILES),
    FindingType("berkas-terlalu-besar", _ERROR, "Berkas terlalu besar", "Berkas data paling besar 2 MB; pecah SOP-nya atau periksa apakah berkas yang benar yang disimpan.", FILES),
    FindingType("berkas-kosong", _ERROR, "Berkas kosong", "Isi berkas dengan semua kolom formatnya; portal-sop new membuat berkas berisi semua kolom.", FILES),
    FindingType("bukan-utf8", _ERROR, "Berkas bukan UTF-8", "Simpan ulang berkas dengan pengodean UTF-8 (Excel: \"CSV UTF-8 (Comma delimited)\").", FILES),
    FindingType("sop-tanpa-identitas", _ERROR, "SOP tanpa sop.yaml", "Setiap folder SOP perlu sop.yaml di samping langkah.csv; buat dengan portal-sop new sop.", FILES),
    FindingType("langkah-tidak-ada", _ERROR, "SOP tanpa langkah.csv", "Buat langkah.csv di folder SOP, satu baris per langkah.", FILES),
    FindingType("tautan-ke-luar", _ERROR, "Tautan ke luar folder data", "Portal hanya membaca berkas dan folder di dalam folder data; ganti tautan simbolik (symlink) dengan berkas atau folder biasa.", FILES),
    FindingType("tautan-rusak", _ERROR, "Tautan rusak", "Tautan simbolik (symlink) ini mengarah ke berkas yang tidak ada atau berputar; ganti dengan berkas biasa.", FILES),
    FindingType("berkas-tidak-ada", _ERROR, "Berkas tidak ditemukan", "Simpan berkas yang disebut di tempatnya.", FILES),
    FindingType("bukan-berkas", _ERROR, "Bukan berkas biasa", "Nama berkas data dipakai folder, pipa (FIFO) atau perangkat; ganti dengan berkas biasa.", FILES),
    FindingType("folder-salah-tempat", _ERROR, "Berkas data di folder yang salah", "Susunan folder: <kabupaten>/<kecamatan>/kecamatan.yaml dan <kabupaten>/<kecamatan>/<sop>/sop.yaml; pindahkan folder ini ke tempatnya.", FILES),
    FindingType("folder-tidak-dipakai", _WARNING, "Folder tidak dipakai", "Folder ini tidak dibaca portal; pindahkan ke tempatnya atau hapus.", FILES),
    FindingType("isian-belum-diisi", _ERROR, "Isian contoh belum diganti", "Ganti setiap nilai yang diawali \"ISI:\" dengan isi dokumen SOP.", FILES),
    # -- YAML identity files
    FindingType("yaml-tidak-sah", _ERROR, "YAML tidak terbaca", "Periksa titik dua, tanda kutip dan indentasi pada baris yang disebut.", YAML),
    FindingType("yaml-alias", _ERROR, "Alias YAML tidak diizinkan", "Tulis nilainya langsung; anchor (&nama) dan alias (*nama) tidak dipakai di berkas data.", YAML),
    FindingType("yaml-terlalu-dalam", _ERROR, "YAML terlalu bertingkat", "Berkas data portal paling banyak beberapa tingkat; periksa kurung [ { dan indentasi.", YAML),
    FindingType("yaml-tag-tidak-sah", _ERROR, "Tag YAML tidak diizinkan", "Hapus tag yang diawali \"!\" (misalnya !!binary); tulis nilai biasa.", YAML),
    FindingType("yaml-kunci-ganda", _ERROR, "Kunci ditulis dua kali", "Hapus salah satu dari dua baris yang disebut; YAML hanya memakai yang terakhir.", YAML),
    FindingType("yaml-kunci-tidak-sah", _ERROR, "Kunci YAML bukan teks", "Tulis kunci sebagai teks biasa sebelum titik dua.", YAML),
    FindingType("yaml-angka-tidak-sah", _ERROR, "Angka tidak terbaca", "Periksa angkanya; bila maksudnya teks, apit dengan tanda kutip.", YAML),
    FindingType("yaml-karakter-tidak-sah", _ERROR, "Karakter kendali di YAML", "Hapus karakter kendali yang terbawa dari salinan dokumen.", YAML),
    FindingType("sop-nama-ganda", _ERROR, "Nama SOP ganda", "Dua SOP di satu kecamatan bernama sama; beri nama yang membedakan keduanya atau gabungkan.", YAML),
    FindingType("karakter-tidak-sah", _ERROR, "Karakter tersembunyi", "Hapus karakter kendali, pengatur arah teks (RLO/LRO) atau karakter tak terlihat (zero-width) yang disebut, lalu ketik ulang bagian itu.", FILES),
    FindingType("huruf-pdf-tidak-ada", _WARNING, "Karakter tidak tercetak di PDF", "Huruf PDF (DejaVu Sans) tidak punya karakter ini, misalnya huruf Tionghoa atau sebagian emoji; di PDF tercetak kotak kosong. Ganti dengan kata biasa.", FILES),
    FindingType("yaml-bukan-peta", _ERROR, "YAML bukan pasangan kunci: nilai", "Tulis isi berkas sebagai baris kunci: nilai.", YAML),
    FindingType("kunci-tidak-dikenal", _ERROR, "Kunci tidak dikenal", "Periksa ejaan kunci; daftar kunci yang sah ada di tabel format di atas.", YAML),
    FindingType("wajib-diisi", _ERROR, "Kolom wajib kosong", "Isi kolom yang disebut; kolom wajib ditandai pada tabel format di atas.", YAML),
    FindingType("harus-teks", _ERROR, "Harus teks", "Tulis nilainya sebagai teks satu baris, bukan daftar atau blok.", YAML),
    FindingType("harus-daftar", _ERROR, "Harus daftar", "Tulis setiap butir pada baris sendiri yang diawali \"- \".", YAML),
    FindingType("harus-pejabat", _ERROR, "Harus data pejabat", "Tulis jabatan, nama, pangkat dan nip di bawah kunci ini.", YAML),
    FindingType("nilai-tidak-sah", _ERROR, "Nilai tidak diizinkan", "Pilih salah satu nilai yang disebut dalam pesan.", YAML),
    FindingType("tanggal-tidak-sah", _ERROR, "Tanggal tidak sah", "Tulis tanggal sebagai TTTT-BB-HH, misalnya 2024-01-15.", YAML),
    FindingType("nip-tidak-sah", _ERROR, "NIP tidak sah", "NIP terdiri dari 18 angka; spasi boleh, huruf tidak.", YAML),
    FindingType("logo-tidak-sah", _ERROR, "Logo tidak sah", "Isi logo dengan nama berkas gambar (.png, .jpg atau .svg) yang ada di folder kecamatan, misalnya logo.png.", YAML),
    FindingType("kabupaten-berbeda", _ERROR, "Nama kabupaten berbeda", "Samakan penulisan kabupaten di semua kecamatan.yaml dalam folder kabupaten yang sama.", YAML),
    FindingType("pelaksana-tidak-lengkap", _ERROR, "Pelaksana tidak lengkap", "Setiap butir pelaksana perlu kode dan nama.", YAML),
    FindingType("kode-pelaksana-tidak-sah", _ERROR, "Kode pelaksana tidak sah", "Pakai huruf kecil dan angka tanpa spasi, misalnya sekcam.", YAML),
    FindingType("pelaksana-terlalu-banyak", _ERROR, "Terlalu banyak pelaksana", "Tabel alur cetak memuat paling banyak 10 lajur pelaksana; gabungkan pelaksana sejenis atau pecah SOP.", YAML),
    FindingType("kode-pelaksana-ganda", _ERROR, "Kode pelaksana ganda", "Beri setiap pelaksana kode sendiri.", YAML),
    FindingType("revisi-tidak-lengkap", _ERROR, "Revisi tidak lengkap", "Setiap butir revisi perlu tanggal, perubahan dan disetujui_oleh.", YAML),
    FindingType("nip-camat-kosong", _WARNING, "NIP Camat kosong", "Isi nip Camat di kecamatan.yaml agar dokumen yang dicetak lengkap.", YAML),
    FindingType("nomor-sop-ganda", _WARNING, "Nomor SOP ganda", "Dua SOP di satu kecamatan memakai nomor yang sama; periksa nomornya di dokumen asli.", YAML),
    FindingType("nomor-sop-kosong", _WARNING, "Nomor SOP kosong", "Isi nomor bila dokumen SOP bernomor.", YAML),
    FindingType("nomor-sop-seperti-tanggal", _WARNING, "Nomor SOP seperti tanggal", "Periksa apakah tanggal tertulis di kolom nomor.", YAML),
    FindingType("tanggal-efektif-sebelum-pembuatan", _WARNING, "Tanggal efektif terlalu awal", "Periksa tanggal efektif dan tanggal pembuatan di dokumen asli.", YAML),
    FindingType("tanggal-revisi-sebelum-pembuatan", _WARNING, "Tanggal revisi terlalu awal", "Periksa tanggal revisi dan tanggal pembuatan di dokumen asli.", YAML),
    FindingType("nama-kecamatan-berbeda", _WARNING, "Pengesah dari kecamatan lain", "Jabatan pengesah menyebut kecamatan lain; periksa apakah salah salin.", YAML),
    FindingType("nama-camat-berbeda", _WARNING, "Nama pengesah berbeda", "Nama pengesah SOP berbeda dengan Camat di kecamatan.yaml; periksa mana yang benar.", YAML),
    FindingType("nip-camat-berbeda", _WARNING, "NIP pengesah berbeda", "NIP pengesah SOP berbeda dengan NIP Camat di kecamatan.yaml; periksa mana yang benar.", YAML),
    FindingType("keterkaitan-tanpa-nama", _WARNING, "Keterkaitan tanpa nama SOP", "Tulis nama lengkap SOP yang terkait.", YAML),
    FindingType("pelaksana-tidak-dipakai", _WARNING, "Pelaksana tanpa langkah", "Hapus pelaksana dari sop.yaml atau tambahkan kodenya ke langkah yang dilakukannya.", YAML),
    # -- langkah.csv
    FindingType("pemisah-bukan-koma", _ERROR, "Pemisah kolom bukan koma", "Simpan ulang sebagai CSV dengan pemisah koma (Excel: \"CSV UTF-8 (Comma delimited)\").", STEPS),
    FindingType("kolom-tidak-dikenal", _ERROR, "Judul kolom tidak dikenal", "Periksa ejaan judul kolom di baris pertama; kolom yang sah ada di tabel format di atas.", STEPS),
    FindingType("kolom-ganda", _ERROR, "Judul kolom ganda", "Hapus salah satu kolom yang judulnya sama.", STEPS),
    FindingType("kolom-hilang", _ERROR, "Kolom wajib tidak ada", "Tambahkan kolom wajib ke baris judul.", STEPS),
    FindingType("tabel-tidak-terbaca", _ERROR, "Tabel tidak terbaca", "Periksa tanda kutip dan jumlah kolom setiap baris.", STEPS),
    FindingType("langkah-terlalu-banyak", _ERROR, "Terlalu banyak langkah", "Satu SOP paling banyak 500 langkah; pecah menjadi beberapa SOP.", STEPS),
    FindingType("pelaksana-tidak-dikenal", _ERROR, "Pelaksana tidak dikenal", "Pakai kode dari daftar pelaksana di sop.yaml, dipisah titik koma.", STEPS),
    FindingType("waktu-tidak-sah", _ERROR, "Waktu tidak terbaca", "Tulis angka dan satuan, misalnya 15 menit, 1 jam atau 2 hari.", STEPS),
    FindingType("langkah-kosong", _ERROR, "SOP tanpa langkah", "Tulis minimal satu baris langkah di bawah baris judul kolom langkah.csv.", STEPS),
    FindingType("nomor-langkah-ganda", _ERROR, "Nomor langkah ganda", "Beri setiap langkah nomor sendiri.", STEPS),
    FindingType("pelaksana-kosong", _ERROR, "Langkah tanpa pelaksana", "Isi kolom pelaksana dengan kode dari daftar pelaksana.", STEPS),
    FindingType("keputusan-tanpa-cabang", _ERROR, "Keputusan tanpa cabang Tidak", "Isi jika_tidak_ke dengan nomor langkah tujuan bila jawabannya Tidak.", STEPS),
    FindingType("cabang-pada-proses", _ERROR, "Cabang pada langkah proses", "Isi jenis dengan \"keputusan\" atau kosongkan jika_tidak_ke.", STEPS),
    FindingType("tujuan-tidak-ada", _ERROR, "Tujuan langkah tidak ada", "Isi lanjut_ke atau jika_tidak_ke dengan nomor langkah yang ada di tabel.", STEPS),
    FindingType("tujuan-diri-sendiri", _ERROR, "Langkah menuju dirinya sendiri", "Arahkan ke langkah lain.", STEPS),
    FindingType("langkah-tak-tercapai", _ERROR, "Langkah tidak tercapai", "Periksa lanjut_ke dan jika_tidak_ke langkah sebelumnya agar ada jalan ke langkah ini.", STEPS),
    FindingType("langkah-tak-selesai", _ERROR, "Alur tidak selesai", "Pastikan dari setiap langkah ada jalan ke langkah terakhir (tanpa putaran tertutup).", STEPS),
    FindingType("nomor-langkah-melompat", _WARNING, "Nomor langkah melompat", "Periksa apakah ada langkah yang terlewat.", STEPS),
    FindingType("nomor-langkah-tidak-urut", _WARNING, "Nomor langkah tidak urut", "Urutkan baris menurut nomor langkah.", STEPS),
    FindingType("waktu-kosong", _WARNING, "Waktu kosong", "Isi waktu setiap langkah agar total waktu SOP lengkap.", STEPS),
    FindingType("kegiatan-menyebut-instansi-lain", _WARNING, "Kegiatan menyebut instansi lain", "Periksa apakah nama kantor lain tersalin dari dokumen lain.", STEPS),
    FindingType("rekonstruksi-bukan-keputusan", _ERROR, "Rekonstruksi keputusan pada langkah proses", 'Isi jenis dengan "keputusan", atau tulis "pelaksana" saja di kolom rekonstruksi.', STEPS),
    # -- frictionless, per error type (see schema_findings)
    FindingType("skema-type-error", _ERROR, "Isi sel tidak sesuai tipe", "Tulis nilai sesuai tipe kolom: bilangan bulat, angka dengan titik desimal, atau tanggal TTTT-BB-HH.", TABLE),
    FindingType("skema-constraint-error", _ERROR, "Isi sel melanggar aturan kolom", "Isi sel wajib, pilih nilai yang diizinkan, atau tulis nilai dalam batas yang disebut pesan.", TABLE),
    FindingType("skema-missing-cell", _ERROR, "Baris kekurangan sel", "Tambahkan koma yang hilang agar setiap baris punya sel sebanyak judul kolom.", TABLE),
    FindingType("skema-extra-cell", _ERROR, "Baris kelebihan sel", "Hapus koma berlebih, atau beri tanda kutip pada teks yang berisi koma.", TABLE),
    FindingType("skema-blank-row", _ERROR, "Baris kosong", "Hapus baris kosong.", TABLE),
    FindingType("skema-primary-key", _ERROR, "Baris ganda", "Nilai kunci setiap baris harus unik; hapus atau perbaiki baris ganda.", TABLE),
    FindingType("skema-foreign-key", _ERROR, "Rujukan tidak ada", "Rujuk kode yang ada di tabel yang dirujuk.", TABLE),
    FindingType("skema-missing-label", _ERROR, "Judul kolom hilang", "Tambahkan judul kolom yang disebut ke baris pertama.", TABLE),
    FindingType("skema-extra-label", _ERROR, "Judul kolom berlebih", "Hapus kolom yang tidak ada di skema, atau tambahkan ke skema.", TABLE),
    FindingType("skema-incorrect-label", _ERROR, "Judul kolom berbeda", "Samakan urutan dan ejaan judul kolom dengan skema.", TABLE),
    FindingType("skema-duplicate-label", _ERROR, "Judul kolom ganda", "Hapus salah satu kolom yang judulnya sama.", TABLE),
    FindingType("skema-blank-label", _ERROR, "Judul kolom kosong", "Beri judul setiap kolom, atau hapus kolom kosong.", TABLE),
    FindingType("skema-encoding-error", _ERROR, "Berkas bukan UTF-8", "Simpan ulang sebagai \"CSV UTF-8\".", TABLE),
    FindingType("skema-lainnya", _ERROR, "Tabel tidak dapat dibaca", "Buka berkas di pengolah lembar kerja, periksa barisnya, lalu simpan ulang sebagai \"CSV UTF-8\".", TABLE),
    # -- data kinerja
    FindingType("kinerja-deskriptor-tidak-ada", _ERROR, "Deskriptor paket tidak ada", "Buat data-kinerja/datapackage.yaml.", KINERJA),
    FindingType("kinerja-deskriptor-tidak-sah", _ERROR, "Deskriptor paket tidak sah", "Perbaiki datapackage.yaml sesuai Frictionless Data Package.", KINERJA),
    FindingType("kinerja-sumber-daya-tidak-sah", _ERROR, "Daftar sumber daya tidak sah", "Tulis \"resources\" sebagai daftar berisi indikator, target dan realisasi (dan monev bila ada).", KINERJA),
    FindingType("kinerja-sumber-daya-hilang", _ERROR, "Sumber daya hilang", "Paket perlu sumber daya indikator, target dan realisasi.", KINERJA),
    FindingType("kinerja-sumber-daya-tidak-dikenal", _ERROR, "Sumber daya tidak dikenal", "Paket data kinerja hanya berisi indikator, target, realisasi dan (boleh tidak ada) monev; hapus sumber daya lain.", KINERJA),
    FindingType("kinerja-sumber-daya-ganda", _ERROR, "Sumber daya ganda", "Tulis setiap sumber daya satu kali.", KINERJA),
    FindingType("kinerja-jalur-tidak-sah", _ERROR, "Jalur berkas tidak sah", "\"path\" harus nama berkas CSV di folder data-kinerja, huruf kecil, misalnya indikator.csv.", KINERJA),
    FindingType("kinerja-berkas-tidak-ada", _ERROR, "Berkas CSV tidak ada", "Simpan berkas CSV yang disebut di folder data-kinerja.", KINERJA),
    FindingType("kinerja-skema-tidak-ada", _ERROR, "Skema sumber daya tidak ada", "Tulis Table Schema (schema: fields: …) di dalam deskriptor.", KINERJA),
    FindingType("kinerja-skema-berbeda", _ERROR, "Skema berbeda dengan skema portal", "Samakan nama, tipe dan kolom wajib dengan skema portal.", KINERJA),
    FindingType("kinerja-resmi-tidak-sah", _ERROR, "Nilai resmi tidak sah", "Isi resmi dengan true atau false.", KINERJA),
    FindingType("kinerja-lisensi-kosong", _ERROR, "Lisensi kosong", "Isi \"licenses\", misalnya name: CC-BY-4.0.", KINERJA),
    FindingType("kinerja-realisasi-ganda", _ERROR, "Realisasi ganda", "Satu indikator hanya punya satu realisasi per tahun dan triwulan; hapus salah satu.", KINERJA),
    FindingType("kinerja-triwulan-tidak-sah", _ERROR, "Triwulan tidak sah", "Triwulan harus 1, 2, 3 atau 4.", KINERJA),
    FindingType("kinerja-target-nol", _ERROR, "Target nol", "Capaian dihitung dari target, maka target harus lebih dari 0.", KINERJA),
    FindingType("kinerja-indikator-tidak-dikenal", _ERROR, "Indikator tidak dikenal", "Realisasi dan target harus merujuk kode indikator yang ada di indikator.csv.", KINERJA),
    FindingType("kinerja-di-luar-rentang", _ERROR, "Nilai di luar rentang satuan", "Persen, indeks dan nilai 0–100; jumlah dan waktu tidak negatif.", KINERJA),
    FindingType("kinerja-jumlah-pecahan", _ERROR, "Jumlah pecahan", "Satuan jumlah (dokumen, desa, kasus, …) harus bilangan bulat.", KINERJA),
    FindingType("kinerja-rujukan-luar", _ERROR, "Rujukan ke luar paket", "Portal tidak mengambil apa pun dari jaringan atau dari luar folder data-kinerja: hapus profile, $schema atau dialect berupa alamat, dan tulis schema serta dialect di dalam deskriptor.", KINERJA),
    FindingType("kinerja-skema-tidak-sah", _ERROR, "Skema kolom tidak sah", "Setiap kolom di fields perlu name dan type berupa teks, dan constraints berupa pasangan kunci (misalnya required: true).", KINERJA),
    FindingType("kinerja-angka-tak-hingga", _ERROR, "Bukan angka biasa", "NaN, inf dan -inf bukan nilai kinerja; tulis angkanya atau hapus barisnya.", KINERJA),
    FindingType("kinerja-resmi-kosong", _WARNING, "Status resmi tidak diisi", "Isi resmi: true bila angkanya sudah disahkan, resmi: false untuk data contoh.", KINERJA),
    FindingType("kinerja-contoh-tanpa-keterangan", _WARNING, "Data contoh tanpa keterangan", "Sebut \"data contoh\" di judul atau deskripsi paket yang bukan data resmi.", KINERJA),
    FindingType("kinerja-indikator-tanpa-realisasi", _WARNING, "Indikator tanpa realisasi", "Tambahkan realisasi indikator ini ke realisasi.csv bila sudah ada.", KINERJA),
    FindingType("kinerja-target-tahun-kosong", _WARNING, "Target tahun itu belum ada", "Tambahkan baris kode_indikator,tahun,target ke target.csv untuk setiap tahun yang punya realisasi; tanpa itu capaian tahun tersebut tidak dapat dihitung.", KINERJA),
    FindingType("kinerja-target-ganda", _ERROR, "Target ganda", "Satu indikator hanya punya satu target per tahun; hapus salah satu baris di target.csv.", KINERJA),
    FindingType("kinerja-tanggal-lapor-terlalu-awal", _WARNING, "Tanggal lapor terlalu awal", "Periksa tanggal lapor atau triwulannya: laporan dibuat sesudah triwulan berakhir.", KINERJA),
    # -- monitoring and evaluation of SOPs
    FindingType("monev-ganda", _ERROR, "Jawaban monev ganda", "Satu penilaian (jenis, sop, tanggal) menjawab setiap pertanyaan sekali; hapus salah satu baris.", MONEV),
    FindingType("monev-pertanyaan-tidak-sah", _ERROR, "Pertanyaan bukan milik formulirnya", "Monitoring hanya punya pertanyaan penerapan; evaluasi punya mendorong_kinerja, mudah_dipahami, mudah_dilaksanakan, peran_jelas, mengatasi_masalah dan kebutuhan_organisasi.", MONEV),
    FindingType("monev-jawaban-tidak-sah", _ERROR, "Jawaban bukan milik formulirnya", "Monitoring dijawab baik atau tidak_baik; evaluasi dijawab ya atau tidak.", MONEV),
    FindingType("monev-semester-tidak-sah", _ERROR, "Semester tidak sesuai jenis", "Monitoring perlu semester 1 atau 2; evaluasi dinilai per tahun, kosongkan semesternya.", MONEV),
    FindingType("monev-teks-tidak-aman", _ERROR, "Teks monev tidak aman", "Tulis teks dalam satu baris dan jangan awali dengan =, +, - atau @ (lembar kerja membacanya sebagai rumus).", MONEV),
    FindingType("monev-penilaian-tidak-seragam", _ERROR, "Isi satu penilaian berbeda-beda", "Baris-baris satu penilaian (jenis, sop, tanggal yang sama) harus sama tahun, semester, penilai dan jabatannya.", MONEV),
    FindingType("monev-sop-tidak-dikenal", _ERROR, "SOP monev tidak ada", "Kolom sop berisi nama folder SOP kecamatan ini; perbaiki ejaannya atau hapus baris SOP yang sudah tidak ada.", MONEV),
    FindingType("monev-evaluasi-tidak-lengkap", _WARNING, "Evaluasi tidak lengkap", "Evaluasi menjawab keenam pertanyaan formulir; tambahkan baris pertanyaan yang belum dijawab.", MONEV),
    FindingType("monev-tanggal-sebelum-periode", _WARNING, "Tanggal sebelum periode yang dinilai", "Monitoring dan evaluasi dilakukan sesudah periode yang dinilai dimulai; periksa tanggal, tahun atau semesternya.", MONEV),
    FindingType("revisi-belum-dicatat", _WARNING, "Perubahan tanpa catatan revisi", "Tambahkan butir di daftar revisi sop.yaml (tanggal, perubahan, disetujui_oleh) dan perbarui tanggal_revisi.", YAML),
    # -- portal-sop import
    FindingType("berkas-tidak-terbaca", _ERROR, "Berkas tidak terbaca", "Periksa bahwa berkas ada dan boleh dibaca.", IMPORT),
    FindingType("kop-tidak-terbaca", _ERROR, "Kop tidak terbaca", "Tambahkan baris kop \"KABUPATEN …\" dan \"KECAMATAN …\" di awal berkas.", IMPORT),
    FindingType("tabel-langkah-tidak-ada", _ERROR, "Tabel langkah tidak ditemukan", "Berkas perlu baris judul dengan kolom No, Kegiatan dan Pelaksana.", IMPORT),
    FindingType("sop-sudah-ada", _ERROR, "SOP sudah ada", "Ubah berkas yang ada, atau hapus foldernya lebih dahulu.", IMPORT),
    FindingType("bukan-berkas-teks", _ERROR, "Bukan berkas teks", "Simpan dokumen sebagai teks UTF-8, atau impor berkas .docx atau .pdf-nya.", IMPORT),
    FindingType("enkode-tidak-dikenal", _ERROR, "Pengodean tidak dikenal", "Simpan berkas sebagai teks UTF-8, lalu impor ulang.", IMPORT),
    FindingType("langkah-tidak-terbaca", _ERROR, "Baris langkah tidak terbaca", "Perbaiki baris langkah di dokumen sumber (kolom kurang atau tabel terputus), lalu impor ulang.", IMPORT),
    FindingType("sop-ganda", _ERROR, "SOP diimpor dua kali", "Impor setiap SOP sekali, atau beri nama SOP yang berbeda di dokumen sumber.", IMPORT),
    FindingType("dokumen-terlalu-besar", _ERROR, "Dokumen terlalu besar", "Dokumen SOP paling besar 10 MB; periksa apakah berkasnya benar, atau kecilkan gambar di dalamnya.", IMPORT),
    FindingType("dokumen-terkunci", _ERROR, "Dokumen dilindungi kata sandi", "Simpan ulang dokumen tanpa kata sandi (Word: File › Info › Protect Document), lalu impor ulang.", IMPORT),
    FindingType("dokumen-rusak", _ERROR, "Dokumen rusak", "Buka dokumen di Word dan simpan ulang sebagai .docx, atau ekspor ulang sebagai PDF, lalu impor ulang.", IMPORT),
    FindingType("pdf-tanpa-teks", _ERROR, "PDF tanpa teks (hasil pindai)", "OCR tidak didukung: impor dokumen Word aslinya atau PDF yang diekspor langsung dari Word.", IMPORT),
    FindingType("dibaca-sebagai-ansi", _WARNING, "Dibaca sebagai Windows-1252", "Periksa huruf beraksen di hasil impor; lain kali simpan dokumen sebagai teks UTF-8.", IMPORT),
    FindingType("baris-disambung", _WARNING, "Baris disambung", "Periksa bahwa teks yang terpotong ke baris baru tersambung ke langkah yang benar.", IMPORT),
    FindingType("keputusan-disimpulkan", _WARNING, "Keputusan disimpulkan", "Periksa jenis, lanjut_ke dan jika_tidak_ke langkah ini terhadap diagram alir dokumen asli.", IMPORT),
    FindingType("kecamatan-ditulis-berbeda", _WARNING, "Kecamatan ditulis berbeda", "Periksa kop setiap SOP; semua SOP satu berkas masuk ke kecamatan yang sama.", IMPORT),
    FindingType("label-identitas-hilang", _WARNING, "Label identitas hilang", "Periksa nilai yang dipindah ke pasangan kolomnya.", IMPORT),
    FindingType("baris-tidak-dikenal", _WARNING, "Baris tidak dikenal", "Baris ini tidak diimpor; salin isinya sendiri bila perlu.", IMPORT),
    FindingType("nama-sop-tidak-ada", _WARNING, "Nama SOP tidak ditemukan", "Isi nama di sop.yaml.", IMPORT),
    FindingType("tanggal-tidak-terbaca", _WARNING, "Tanggal tidak terbaca", "Isi tanggal sebagai TTTT-BB-HH di sop.yaml.", IMPORT),
    FindingType("identitas-tidak-ada", _WARNING, "Identitas tidak ditemukan", "Isi kolom yang disebut di sop.yaml dari dokumen asli.", IMPORT),
    FindingType("butir-mungkin-tergabung", _WARNING, "Butir mungkin tergabung", "Pisahkan satu butir per baris sesuai dokumen asli.", IMPORT),
    FindingType("identitas-bergeser", _WARNING, "Identitas bergeser", "Periksa setiap nilai identitas terhadap dokumen asli.", IMPORT),
    FindingType("peringatan-dipindah", _WARNING, "Peringatan dipindah", "Periksa isi Peringatan dan Pencatatan dan Pendataan.", IMPORT),
    FindingType("kolom-tidak-ada", _WARNING, "Kolom tabel tidak ditemukan", "Isi kolom yang disebut di langkah.csv dari dokumen asli.", IMPORT),
    FindingType("pelaksana-tidak-ada", _WARNING, "Daftar pelaksana tidak ditemukan", "Isi daftar pelaksana di sop.yaml.", IMPORT),
    FindingType("pelaksana-hilang", _WARNING, "Pelaksana langkah hilang", "Ganti isian pelaksana dengan kode dari daftar pelaksana.", IMPORT),
    FindingType("waktu-tidak-terbaca", _WARNING, "Waktu tidak terbaca", "Tulis waktu sebagai angka dan satuan, misalnya 15 menit.", IMPORT),
    # -- search synonyms
    FindingType("sinonim-bukan-utf8", _ERROR, "sinonim.yaml bukan UTF-8", "Simpan ulang sinonim.yaml dengan pengodean UTF-8.", SYNONYMS),
    FindingType("sinonim-yaml-rusak", _ERROR, "sinonim.yaml tidak terbaca", "Periksa tanda kurung siku, koma dan indentasi pada baris yang disebut.", SYNONYMS),
    FindingType("sinonim-bukan-daftar", _ERROR, "sinonim.yaml bukan daftar", "Tulis setiap kelompok sebagai baris \"- [kata, kata lain]\".", SYNONYMS),
    FindingType("sinonim-bukan-kelompok", _ERROR, "Baris bukan kelompok", "Tulis kelompok dalam kurung siku, misalnya - [IKM, Indeks Kepuasan Masyarakat].", SYNONYMS),
    FindingType("sinonim-isian-kosong", _ERROR, "Isian kelompok kosong", "Hapus koma berlebih atau isi kata yang kosong; setiap isian berupa teks biasa.", SYNONYMS),
    FindingType("sinonim-tanpa-huruf", _ERROR, "Isian tanpa huruf", "Setiap isian harus berisi huruf atau angka.", SYNONYMS),
    FindingType("sinonim-terlalu-panjang", _ERROR, "Isian terlalu panjang", "Pakai kata atau frasa pendek, paling panjang 80 huruf.", SYNONYMS),
    FindingType("sinonim-kurang", _ERROR, "Kelompok kurang dari dua isian", "Sebuah kelompok perlu sedikitnya dua kata atau frasa yang semakna.", SYNONYMS),
    FindingType("sinonim-terlalu-banyak", _ERROR, "Kelompok terlalu besar", "Pecah kelompok menjadi beberapa kelompok kecil, paling banyak 12 isian.", SYNONYMS),
    FindingType("sinonim-ganda", _WARNING, "Kata ada di dua kelompok", "Gabungkan kedua kelompok menjadi satu.", SYNONYMS),
]

CATALOGUE: dict[str, FindingType] = {}
for _type in _DECLARED:
    if _type.code in CATALOGUE:
        raise ValueError(f"finding code declared twice: {_type.code}")
    CATALOGUE[_type.code] = _type

TOPICS = [FILES, YAML, STEPS, TABLE, KINERJA, MONEV, IMPORT, SYNONYMS]


def finding_type(code: str) -> FindingType:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise UndeclaredCode(f"finding code {code!r} is not declared in catalogue.py") from None


def by_topic() -> list[tuple[str, list[FindingType]]]:
    """The catalogue grouped for the format page: errors first, then warnings, by code."""
    return [
        (topic, sorted((t for t in CATALOGUE.values() if t.topic == topic), key=lambda t: (t.severity is Severity.WARNING, t.code)))
        for topic in TOPICS
    ]
