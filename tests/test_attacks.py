"""Issue 10, the silent cases and the tracebacks: each attack on a temporary
copy ends in an Indonesian finding with file and location and exit 1 (or,
where the input is legitimate, loads correctly)."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
import yaml
from conftest import HEADER, STEPS, DataDir, run_cli
from portal_sop.validation import load_and_validate
from test_kinerja import IND_HEADER, INDICATORS, RESULTS, TARGETS, TGT_HEADER, descriptor


def validate(root):
    result = run_cli("validate", str(root))
    assert "Traceback" not in result.output
    return result


def fails_with(data: DataDir, *phrases: str):
    result = validate(data.root)
    assert result.exit_code == 1, result.output
    for phrase in phrases:
        assert phrase in result.output, result.output
    return result


# --- CSV ------------------------------------------------------------------


def test_bom_only_csv(data):
    data.steps_file.write_bytes(b"\xef\xbb\xbf")
    fails_with(data, "pelayanan-contoh/langkah.csv: galat: berkas kosong", "[berkas-kosong]")


def test_quoted_header_is_valid_csv_and_loads(data):
    quoted = ",".join(f'"{label}"' for label in HEADER.split(","))
    data.write_steps(STEPS, header=quoted)
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, [f.format() for f in report.findings]
    assert [s.activity for s in portal.sops[0][1].steps] == ["Menerima permohonan", "Memeriksa berkas", "Menandatangani surat"]


def test_header_only_steps_table_is_an_error(data):
    data.write_steps([])
    fails_with(data, "pelayanan-contoh/langkah.csv: galat: SOP ini tidak punya langkah", "[langkah-kosong]")


def test_four_hundred_digit_time(data):
    data.write_steps([f"1,A,staf,proses,,,,,,{'9' * 400} menit,,", *STEPS[1:]])
    fails_with(data, "langkah.csv:2:waktu: galat:", "terlalu lama; satu langkah paling lama 366 hari")


def test_absurd_duration_is_refused(data):
    data.write_steps([f"1,A,staf,proses,,,,,,999999999999 x 999999999999 minggu,,", *STEPS[1:]])
    fails_with(data, "langkah.csv:2:waktu: galat:", "paling lama 366 hari")


def test_huge_cell_below_the_file_limit(data):
    data.write_steps([f"1,{'x' * 1_500_000},staf,proses,,,,,,5 menit,,", *STEPS[1:]])
    result = validate(data.root)
    assert "Traceback" not in result.output


# --- folders ----------------------------------------------------------------


def test_sop_folder_at_the_wrong_depth_is_reported(data):
    nested = data.sop_dir / "salah-tempat"
    data.write_sop({"nama": "Tersesat"}, sop_dir=nested)
    (data.district_dir.parent / "sop-nyasar").mkdir()
    data.write_sop({"nama": "Nyasar"}, sop_dir=data.district_dir.parent / "sop-nyasar")
    result = fails_with(data, "pelayanan-contoh/salah-tempat: galat: folder ini berisi sop.yaml tetapi letaknya salah",
                        "contoh/sop-nyasar: galat: folder ini berisi sop.yaml", "[folder-salah-tempat]")
    assert "1 SOP diperiksa" in result.output


def test_empty_stray_folder_is_a_warning(data):
    (data.district_dir / "lampiran").mkdir()
    (data.district_dir / ".vscode").mkdir()
    portal, report = load_and_validate(data.root)
    stray = [f for f in report.findings if f.code in ("folder-salah-tempat", "folder-tidak-dipakai")]
    assert [(f.file, f.severity.name) for f in stray] == [("sop_data/contoh/uji-coba/lampiran", "WARNING")]


def test_two_sops_with_the_same_name_in_one_kecamatan(data):
    other = data.district_dir / "pelayanan-contoh-lagi"
    other.mkdir()
    (other / "sop.yaml").write_bytes(data.sop_file.read_bytes())
    (other / "langkah.csv").write_bytes(data.steps_file.read_bytes())
    fails_with(data, "pelayanan-contoh-lagi/sop.yaml:nama: galat: nama SOP \"Pelayanan Contoh\" sudah dipakai", "[sop-nama-ganda]")


# --- data kinerja -----------------------------------------------------------


def kinerja(data: DataDir, package: dict | None = None, results: list[str] = RESULTS):
    folder = data.district_dir / "data-kinerja"
    folder.mkdir(exist_ok=True)
    (folder / "indikator.csv").write_text("\n".join([IND_HEADER, *INDICATORS]) + "\n", "utf-8")
    (folder / "target.csv").write_text("\n".join([TGT_HEADER, *TARGETS]) + "\n", "utf-8")
    (folder / "realisasi.csv").write_text("\n".join(["kode_indikator,tahun,triwulan,realisasi,tanggal_lapor,catatan", *results]) + "\n", "utf-8")
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(package or descriptor(), allow_unicode=True, sort_keys=False), "utf-8")
    return folder


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-inf", "Infinity"])
def test_non_finite_realisasi_is_refused_and_not_published(data, value):
    kinerja(data, results=[RESULTS[0].replace("78.5", value), *RESULTS[1:]])
    portal, report = load_and_validate(data.root)
    hits = [f for f in report.findings if f.row == 2 and f.column == "realisasi"]
    assert hits and hits[0].file.endswith("data-kinerja/realisasi.csv"), [f.format() for f in report.findings]
    assert report.has_errors
    package = portal.kinerja.get("contoh/uji-coba")
    assert package is None or all(r.value == r.value and abs(r.value) != float("inf") for r in package.results)


def test_non_finite_target_is_refused(data):
    package_folder = kinerja(data)
    text = (package_folder / "target.csv").read_text("utf-8").replace("IKM,2024,80,", "IKM,2024,NaN,")
    (package_folder / "target.csv").write_text(text, "utf-8")
    result = fails_with(data, "data-kinerja/target.csv:2:target: galat:")
    assert "bukan angka biasa" in result.output


def test_resource_and_field_names_as_lists(data):
    package = descriptor()
    package["resources"][0]["name"] = ["indikator"]
    package["resources"][1]["schema"]["fields"][0]["name"] = ["kode_indikator"]
    kinerja(data, package)
    fails_with(data, "datapackage.yaml:resources.1.name: galat:", "[kinerja-sumber-daya-tidak-dikenal]")
    package = descriptor()
    package["resources"][1]["schema"]["fields"][0]["name"] = ["kode_indikator"]
    kinerja(data, package)
    fails_with(data, "datapackage.yaml:resources.2.schema.fields.1: galat:", "[kinerja-skema-tidak-sah]")


def test_constraints_as_a_list(data):
    package = descriptor()
    package["resources"][0]["schema"]["fields"][0]["constraints"] = ["required"]
    kinerja(data, package)
    fails_with(data, "datapackage.yaml:resources.1.schema.fields.1.constraints: galat:", "bukan daftar")


# --- no network, ever -------------------------------------------------------

REMOTE = "http://127.0.0.1:{port}/x.json"
REFERENCES = {
    "package-profile": (lambda p, url: p.__setitem__("profile", url), "profile"),
    "package-$schema": (lambda p, url: p.__setitem__("$schema", url), "$schema"),
    "resource-profile": (lambda p, url: p["resources"][0].__setitem__("profile", url), "resources.1.profile"),
    "resource-dialect": (lambda p, url: p["resources"][1].__setitem__("dialect", url), "resources.2.dialect"),
    "resource-schema": (lambda p, url: p["resources"][0].__setitem__("schema", url), "resources.1.schema"),
    "absolute-dialect": (lambda p, url: p["resources"][1].__setitem__("dialect", "/etc/dialect.json"), "resources.2.dialect"),
    "dotdot-schema": (lambda p, url: p["resources"][1].__setitem__("schema", "../../skema.json"), "resources.2.schema"),
    "nested-url": (lambda p, url: p["resources"][0]["schema"].__setitem__("$schema", url), "resources.1.schema.$schema"),
}


@pytest.fixture
def no_network(monkeypatch):
    """Fails the test on any outgoing connection made in this process."""
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("jaringan dilarang dalam uji ini")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


@pytest.mark.parametrize("case", sorted(REFERENCES))
def test_descriptor_reference_outside_the_package_is_an_error_without_network(data, no_network, case):
    change, key = REFERENCES[case]
    package = descriptor()
    change(package, REMOTE.format(port=9))
    kinerja(data, package)
    portal, report = load_and_validate(data.root)
    assert no_network == []
    hits = [f for f in report.findings if f.key == key and f.code == "kinerja-rujukan-luar"]
    assert hits and hits[0].file.endswith("data-kinerja/datapackage.yaml"), [f.format() for f in report.findings]
    assert "contoh/uji-coba" not in portal.kinerja


def test_inline_dialect_cannot_hide_rows(data):
    package = descriptor()
    package["resources"][1]["dialect"] = {"commentChar": "IKM"}
    kinerja(data, package)
    fails_with(data, "datapackage.yaml:resources.2.dialect.commentChar: galat:", "[kinerja-rujukan-luar]")


def test_seed_data_validates_without_any_socket(no_network):
    from conftest import SEED_DATA

    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors and len(portal.kinerja) == 5
    assert no_network == []


def test_subprocess_validate_makes_no_request(data):
    """The same through `portal-sop validate` in its own process: a local
    server counts connections while every remote reference points at it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"commentChar": "IKM"}')
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        package = descriptor()
        url = REMOTE.format(port=port)
        package["profile"] = url
        package["resources"][0]["profile"] = url
        package["resources"][1]["dialect"] = url
        kinerja(data, package)
        result = subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(data.root)],
                                capture_output=True, text=True, timeout=120)
    finally:
        stop.set()
        thread.join(5)
        server.close()
    assert hits == []
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "datapackage.yaml:resources.2.dialect: galat:" in result.stderr


# --- text that renderers could misread --------------------------------------

ENTITIES = ["&#x1;", "&#0;", "&lt;script&gt;", "&amp;", "&copy;", "A & B", "&#65;&#x42;", "&bogus;"]


def test_graphviz_never_turns_entities_into_characters(data):
    from xml.etree import ElementTree

    from portal_sop.flowchart import render_svg

    rows = [f'{n},"Kegiatan {text}",{actor},proses,,,,,,5 menit,,' for n, (text, actor) in
            enumerate(zip(ENTITIES, ["staf", "sekcam", "camat"] * 3), start=1)]
    data.write_steps(rows)
    data.sop_with(pelaksana=[{"kode": "staf", "nama": "Staf &#x1; &lt;b&gt;"}, {"kode": "sekcam", "nama": "Sekcam"}, {"kode": "camat", "nama": "Camat"}])
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, [f.format() for f in report.findings]
    svg = render_svg(portal.sops[0][1])
    root = ElementTree.fromstring(svg)  # well-formed XML: no raw control character, no stray markup
    text = " ".join(t for t in root.itertext())
    for entity in ENTITIES:
        assert entity in " ".join(text.split()), entity
    assert "\x01" not in svg and "<script" not in svg


@pytest.mark.parametrize("char, kind", [("\x01", "kendali"), ("\x00", "kendali"), ("\u202e", "pengatur arah"),
                                        ("\u200b", "tak terlihat"), ("\ufeff", "tak terlihat"), ("\x85", "kendali")])
def test_hidden_characters_in_a_cell_are_errors_with_location(data, char, kind):
    data.write_steps([f"1,Menerima{char} permohonan,staf,proses,,,,,,5 menit,,", *STEPS[1:]])
    result = validate(data.root)
    if "tabel-tidak-terbaca" in result.output:  # NUL: the CSV reader may refuse the file as a whole
        assert result.exit_code == 1
        return
    assert result.exit_code == 1, result.output
    assert f"langkah.csv:2:kegiatan: galat: \"kegiatan\" berisi karakter {kind}" in result.output
    assert "[karakter-tidak-sah]" in result.output


def test_zero_width_space_in_actor_code_is_named(data):
    data.write_steps([f"1,A,sta\u200bf,proses,,,,,,5 menit,,", *STEPS[1:]])
    result = fails_with(data, "langkah.csv:2:pelaksana: galat: \"pelaksana\" berisi karakter tak terlihat U+200B ZERO WIDTH SPACE")


@pytest.mark.parametrize("yaml_value", ['"Pelayanan \\x01 Contoh"', '"Pelayanan \\u202e Contoh"', "\"Pelayanan \u200d Contoh\""])
def test_hidden_characters_in_yaml_are_errors_with_key(data, yaml_value):
    text = data.sop_file.read_text("utf-8").replace("nama: Pelayanan Contoh", f"nama: {yaml_value}")
    data.sop_file.write_text(text, "utf-8")
    fails_with(data, "pelayanan-contoh/sop.yaml:nama: galat: \"nama\" berisi karakter", "[karakter-tidak-sah]")


def test_text_the_pdf_font_cannot_show_is_a_warning(data):
    data.write_steps([f"1,Menerima permohonan 中文,staf,proses,,,,,,5 menit,,", *STEPS[1:]])
    data.sop_with(nama="Pelayanan Contoh 中")
    portal, report = load_and_validate(data.root)
    warnings = {f.location: f.message for f in report.warnings if f.code == "huruf-pdf-tidak-ada"}
    assert not report.has_errors
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in warnings["sop_data/contoh/uji-coba/pelayanan-contoh/langkah.csv:2:kegiatan"]
    assert "DejaVu Sans" in warnings["sop_data/contoh/uji-coba/pelayanan-contoh/sop.yaml:nama"]


def test_control_character_in_kinerja_cell(data):
    folder = kinerja(data)
    text = (folder / "indikator.csv").read_text("utf-8").replace("Indeks Kepuasan Masyarakat", "Indeks\u202eKepuasan")
    (folder / "indikator.csv").write_text(text, "utf-8")
    fails_with(data, "data-kinerja/indikator.csv:2:nama_indikator: galat:", "pengatur arah teks U+202E")


# --- more actors than the printed page holds --------------------------------

LONG_NAMES = ["Sekretaris Camat", "Kepala Seksi Pemerintahan", "Staf Pelaksana", "Camat"]


def actors(n: int) -> list[dict]:
    return [{"kode": f"a{i}", "nama": f"{LONG_NAMES[i % 4]} {i}"} for i in range(n)]


def test_more_actors_than_the_print_table_holds(data):
    from portal_sop.spec import MAX_ACTORS

    data.sop_with(pelaksana=actors(MAX_ACTORS + 1))
    data.write_steps([f"{i + 1},Langkah,a{i},proses,,,,,,5 menit,," for i in range(MAX_ACTORS + 1)])
    fails_with(data, "pelayanan-contoh/sop.yaml:pelaksana: galat: SOP ini punya 11 pelaksana",
               "paling banyak 10 lajur", "[pelaksana-terlalu-banyak]")


def test_sixty_actors_fail_fast_before_any_rendering(data):
    import time

    data.sop_with(pelaksana=actors(60))
    data.write_steps([f"{i + 1},Langkah,a{i},proses,,,,,,5 menit,," for i in range(60)])
    started = time.monotonic()
    fails_with(data, "[pelaksana-terlalu-banyak]")
    assert time.monotonic() - started < 30


def test_the_limit_fits_on_a4_with_every_column(data, tmp_path):
    """At the limit, with long actor names, the print table keeps all its
    columns inside the page: Keterangan's text is on the page and the
    right table border is left of the page edge."""
    import pdfplumber
    from portal_sop.pdf.documents import PdfOptions, render_sop_pdf
    from portal_sop.spec import MAX_ACTORS

    data.sop_with(pelaksana=actors(MAX_ACTORS))
    data.write_steps([f"{i + 1},Kegiatan {i + 1},a{i},proses,,,,,Berkas,5 menit,Surat,KETERANGAN{i + 1}" for i in range(MAX_ACTORS)])
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, [f.format() for f in report.errors]
    district, sop = portal.sops[0]
    pdf_path = tmp_path / "sop.pdf"
    pdf_path.write_bytes(render_sop_pdf(district, sop, PdfOptions(data_dir=data.root)))
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        for page in pdf.pages:
            right = max((r["x1"] for r in page.rects + page.lines), default=0)
            assert right <= page.width, (right, page.width)
            assert all(w["x1"] <= page.width for w in page.extract_words())
    for i in range(MAX_ACTORS):
        assert f"KETERANGAN{i + 1}" in text


@pytest.mark.parametrize("change", ["foreign-keys-number", "reference-number"])
def test_descriptor_shapes_frictionless_cannot_use(data, change):
    """Frictionless raises TypeError/AttributeError on these instead of its own errors."""
    package = descriptor()
    schema = package["resources"][1]["schema"]
    if change == "foreign-keys-number":
        schema["foreignKeys"] = 1.5
    else:
        schema["foreignKeys"][0]["reference"] = 1.5
    kinerja(data, package)
    fails_with(data, "data-kinerja/datapackage.yaml: galat:", "[kinerja-deskriptor-tidak-sah]")
