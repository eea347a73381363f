"""Flowchart renderer: web SVG structure, escaping, determinism, cache, print pages.

Golden files in tests/golden/ are whole SVGs compared byte for byte. After a
deliberate change to the drawing, refresh them with

    UPDATE_GOLDEN=1 pytest tests/test_flowchart.py

and review the diff (and the picture) before committing.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from conftest import SEED_DATA
from portal_sop.flowchart import layout as flowchart_layout
from portal_sop.cache import Cache
from portal_sop.flowchart import print_pages, render_svg, render_svg_cached
from portal_sop.flowchart import svg as flowchart
from portal_sop.model import Actor, Official, Sop, Step, StepKind
from portal_sop.validation import load_and_validate

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"


@cache
def seeds() -> dict[str, Sop]:
    portal, _ = load_and_validate(SEED_DATA)
    return {f"{d.slug}/{s.slug}": s for d, s in portal.sops}


@cache
def seed_svg(key: str) -> str:
    return render_svg(seeds()[key])


def make_sop(actors: list[tuple[str, str]], steps: list[dict], name: str = "Contoh Layanan") -> Sop:
    """An SOP built in memory, so a test states only the steps it is about."""
    built = []
    for number, spec in enumerate(steps, start=1):
        spec = dict(spec)
        kind = StepKind.DECISION if spec.pop("decision", False) else StepKind.PROCESS
        actors_of = tuple(spec.pop("actors"))
        built.append(Step(number=number, activity=spec.pop("activity", f"Langkah {number}"), actors=actors_of, kind=kind, **spec))
    return Sop(
        slug="contoh-layanan", name=name, number="001/SOP/2025", unit="Kecamatan Contoh",
        created=None, revised=None, effective=None, approved_by=Official(title="Camat Contoh"),
        legal_basis=(), qualifications=(), related=(), equipment=(), warnings=(), records=(),
        actors=tuple(Actor(code, label) for code, label in actors), steps=tuple(built),
    )


def groups(svg: str, kind: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()]


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


# key: (lane names, terminators, processes, decisions, flow edges, back edges, joins)
SEED_SHAPES = {
    "kebasen/pengukuran-data-kinerja": (["Camat", "Sekcam", "Kasi/Kasubag", "Pengelola"], 2, 5, 2, 8, 2, 0),
    "kebasen/pengumpulan-data-kinerja": (["Camat", "Sekcam", "Kasubag Perencanaan", "Seluruh Kepala Seksi"], 2, 4, 2, 7, 2, 0),
    "samboja/pengumpulan-data-kinerja": (["Camat", "Sekretaris", "Tim Penyusun", "Staf"], 2, 7, 0, 6, 0, 2),
    "simpang-empat/pengumpulan-data-kinerja": (["Camat", "Sekretaris", "Kasubbag", "Kasi", "Staff/Pelaksana"], 2, 2, 2, 4, 2, 1),
    "paringin-selatan/pengukuran-kinerja-penilaian-skp": (["Staf/Jf", "ASN", "Kasubbag", "Atasan Langsung"], 2, 5, 0, 6, 0, 0),
    "paringin-selatan/pengumpulan-data-kinerja": (["Staf/JF", "Kasi", "Kasubag", "Sekcam", "Camat"], 2, 6, 0, 7, 0, 0),
    "iv-jurai/pengumpulan-dan-pengukuran-data-kinerja": (["Camat", "Sekretaris", "Sek. Tim", "Anggota Tim SAKIP"], 2, 12, 0, 13, 0, 0),
}


def test_every_seed_is_covered():
    assert set(seeds()) == set(SEED_SHAPES)


@pytest.mark.parametrize("key", sorted(SEED_SHAPES))
def test_seed_structure(key):
    names, terminators, processes, decisions, flows, backs, joins = SEED_SHAPES[key]
    svg = seed_svg(key)
    headers = groups(svg, "lane-header")
    assert [" ".join(texts(h)) for h in headers] == names
    assert len(groups(svg, "terminator")) == terminators
    assert len(groups(svg, "process")) == processes
    assert len(groups(svg, "decision")) == decisions
    assert len(groups(svg, "flow")) == flows
    assert len(groups(svg, "back")) == backs
    assert len(groups(svg, "join")) == joins
    assert len(groups(svg, "jump")) == 0
    # one row-number cell per row, one cell per lane and row: lanes run the full height
    rows = len(groups(svg, "row-number"))
    assert len(groups(svg, "cell")) == rows * len(names)


def test_svg_is_accessible_and_scalable():
    svg = seed_svg("kebasen/pengukuran-data-kinerja")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width", "").endswith("pt") and root.get("viewBox")
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text == "Diagram alir SOP Pengukuran Data Kinerja"
    assert desc.tag == f"{SVG}desc" and desc.text.startswith("Diagram alir lintas fungsi SOP")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "<!--" not in svg and "graphviz version" not in svg


def positions(svg: str, kind: str) -> list[tuple[float, float]]:
    """Centres of the symbols of one kind, from their drawn outline."""
    out = []
    for g in groups(svg, kind):
        shape = next(e for e in g if e.tag in (f"{SVG}polygon", f"{SVG}path"))
        capsule = re.match(r"M([-\d.]+),([-\d.]+) H([-\d.]+) A[-\d.]+,[-\d.]+ 0 0 1 [-\d.]+,([-\d.]+)", shape.get("d") or "")
        if capsule:
            x0, y0, x1, y1 = (float(v) for v in capsule.groups())
            out.append((round((x0 + x1) / 2, 1), round((y0 + y1) / 2, 1)))
            continue
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        out.append((round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1)))
    return out


def test_kebasen_decisions_have_labels_and_back_arrows():
    svg = seed_svg("kebasen/pengukuran-data-kinerja")
    backs = groups(svg, "back")
    assert [texts(b) for b in backs] == [["Tidak"], ["Tidak"]]
    assert sorted(t for f in groups(svg, "flow") for t in texts(f)) == ["Ya", "Ya"]
    # a back arrow points upwards: its arrowhead tip lies above where it starts
    for back in backs:
        path = next(back.iter(f"{SVG}path")).get("d")
        ys = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path)][1::2]
        assert ys[-1] < ys[0]
    # both diamonds sit in the rows of steps 6 and 7, in the lanes of Sekcam and Camat
    (x6, y6), (x7, y7) = positions(svg, "decision")
    assert y6 < y7 and x7 < x6


def test_samboja_step_4_has_a_symbol_in_both_lanes_joined():
    svg = seed_svg("samboja/pengumpulan-data-kinerja")
    centres = positions(svg, "process")
    rows: dict[float, list[float]] = {}
    for x, y in centres:
        rows.setdefault(y, []).append(x)
    two = [sorted(xs) for y, xs in sorted(rows.items()) if len(xs) == 2]
    assert len(two) == 2  # steps 4 and 6
    headers = {" ".join(texts(h)): positions_of_header(h) for h in groups(svg, "lane-header")}
    assert two[0] == [headers["Sekretaris"], headers["Tim Penyusun"]]
    joins = groups(svg, "join")
    assert len(joins) == 2 and all(not list(j.iter(f"{SVG}polygon")) for j in joins)  # a line, no arrowhead


def positions_of_header(g: ET.Element) -> float:
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", next(g.iter(f"{SVG}polygon")).get("points"))]
    xs = numbers[0::2]
    return round((min(xs) + max(xs)) / 2, 1)


def test_rows_align_across_lanes():
    svg = seed_svg("simpang-empat/pengumpulan-data-kinerja")
    cells = positions(svg, "cell")
    by_row: dict[float, int] = {}
    for _, y in cells:
        by_row[y] = by_row.get(y, 0) + 1
    assert set(by_row.values()) == {5}  # every row centre is shared by all five lanes
    symbol_rows = {y for kind in ("terminator", "process", "decision") for _, y in positions(svg, kind)}
    assert symbol_rows <= set(by_row)


HOSTILE = 'Kata "kutip" <script>alert(1)</script> \\N \\\\ "]; a -> b [ {kurawal} & — Ñandú'


def test_hostile_labels_render_as_text():
    sop = make_sop(
        [("a", 'Pelaksana "A" <b>'), ("b", "Seksi \\ {B}")],
        [
            {"actors": ["a"], "activity": HOSTILE},
            {"actors": ["b"], "decision": True, "branch_step": 1, "label_yes": '"]; x -> y [', "label_no": "<Tidak>"},
            {"actors": ["a"], "activity": "Selesai\nbaris baru"},
        ],
    )
    svg = render_svg(sop)
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    symbol = groups(svg, "terminator")[0]
    # lines break at spaces and after "/", so compare without the spaces
    assert "".join(texts(symbol)).replace(" ", "") == HOSTILE.replace(" ", "")
    assert texts(symbol)[0] == 'Kata "kutip"' and texts(symbol)[1].startswith("<script>")
    assert [" ".join(texts(h)) for h in groups(svg, "lane-header")] == ['Pelaksana "A" <b>', "Seksi \\ {B}"]
    labels = sorted(t for kind in ("flow", "back") for g in groups(svg, kind) for t in texts(g))
    assert labels == ['"]; x -> y [', "<Tidak>"]
    assert " ".join(texts(groups(svg, "terminator")[1])) == "Selesai baris baru"
    assert "Contoh Layanan" in root.find(f"{SVG}desc").text
    # the print table escapes too
    html = print_pages(sop)[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_wrap_never_splits_a_word():
    lines = flowchart_layout.wrap("Menganalisa dan mengumpulkan/klarifikasi serta mendokumentasikan hasilnya", 13)
    assert lines == ["Menganalisa", "dan", "mengumpulkan/", "klarifikasi", "serta", "mendokumentasikan", "hasilnya"]
    for sop in seeds().values():
        words = {w for s in sop.steps for w in flowchart_layout.clean_text(s.activity).split()}
        svg_words = {w for kind in ("terminator", "process", "decision") for g in groups(render_svg(sop), kind)
                     for line in texts(g) for w in line.removesuffix("…").split()}
        # every word on a chart line is a whole word of the activity or a piece ending in "-" or "/"
        assert all(w in words or w.endswith(("/", "-")) or any(x.endswith(w) and ("/" in x or "-" in x) for x in words) for w in svg_words), sop.slug


def test_dot_quoting():
    assert flowchart._q('a"b\\c') == '"a\\"b\\\\c"'
    assert flowchart._label(["x\\n", '"]; a -> b ['])  == '"x\\\\n\\n\\"]; a -> b ["'


def test_render_is_deterministic():
    sop = seeds()["kebasen/pengukuran-data-kinerja"]
    assert render_svg(sop).encode() == render_svg(sop).encode()


def test_cache_skips_graphviz_for_unchanged_sop(tmp_path, monkeypatch):
    sop = seeds()["samboja/pengumpulan-data-kinerja"]
    first = render_svg_cached(sop, Cache(tmp_path, ".svg"), "a.svg")
    assert first == seed_svg("samboja/pengumpulan-data-kinerja")
    assert len(list(tmp_path.glob("*.svg"))) == 1

    def no_dot(source):
        raise AssertionError("dot was called for an unchanged SOP")

    monkeypatch.setattr(flowchart, "_run_dot", no_dot)
    assert render_svg_cached(sop, Cache(tmp_path, ".svg"), "a.svg") == first
    changed = make_sop([("a", "Camat")], [{"actors": ["a"]}, {"actors": ["a"]}])
    with pytest.raises(AssertionError):
        render_svg_cached(changed, Cache(tmp_path, ".svg"), "a.svg")


def forty_steps() -> Sop:
    actors = [("camat", "Camat"), ("sekcam", "Sekcam"), ("kasi", "Kasi"), ("staf", "Staf")]
    steps = []
    for n in range(1, 41):
        spec = {"actors": [actors[n % 4][0]], "activity": f"Melaksanakan kegiatan nomor {n} sesuai ketentuan yang berlaku"}
        if n in (12, 27):
            spec.update(decision=True, branch_step=n - 2, label_yes="Setuju", label_no="Tidak")
        steps.append(spec)
    return make_sop(actors, steps, name="Uji Empat Puluh Langkah")


def test_forty_steps_split_into_pages_with_matching_connectors():
    pages = print_pages(forty_steps(), steps_per_page=10)
    assert len(pages) >= 4
    for page, following in zip(pages, pages[1:]):
        assert page.connectors_out and page.connectors_out == following.connectors_in
    assert pages[0].connectors_in == [] and pages[-1].connectors_out == []
    letters = [c for p in pages for c in p.connectors_out]
    assert len(set(letters)) == len(letters)
    for page in pages:
        assert page.html.count("<thead>") == 1 and ">Kegiatan</th>" in page.html  # header on every page
        drawn = re.findall(r'class="connector-label"[^>]*>([^<]*)<', page.html)
        assert sorted(drawn) == sorted(page.connectors_in + page.connectors_out)
        assert sum(1 for r in page.rows if not r.connector) <= 10
    numbers = [r.number for p in pages for r in p.rows if not r.connector]
    assert numbers == [str(n) for n in range(1, 41)]
    # the loops 12 -> 10 and 27 -> 25 are never cut by a page break
    for page in pages:
        on_page = {r.number for r in page.rows}
        assert ("12" in on_page) == ("10" in on_page) and ("27" in on_page) == ("25" in on_page)


def test_print_row_keeps_text_and_symbol_together():
    sop = seeds()["kebasen/pengukuran-data-kinerja"]
    [page] = print_pages(sop)
    step6 = next(r for r in page.rows if r.number == "6")
    assert step6.requirements == "Draft Pengukuran Data Kinerja" and step6.time == "1 hari"
    assert [c.symbol for c in step6.cells] == ["", "decision", "", ""]
    header = re.findall(r'<th class="lane-name">([^<]*)</th>', page.html)
    assert header == ["Camat", "Sekcam", "Kasi/Kasubag", "Pengelola"]


@pytest.mark.parametrize("key", ["kebasen/pengukuran-data-kinerja", "samboja/pengumpulan-data-kinerja"])
def test_golden(key):
    svg = seed_svg(key)
    path = GOLDEN / (key.replace("/", "--") + ".svg")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(svg.encode("utf-8"))
    assert path.read_bytes() == svg.encode("utf-8"), f"{path.name} changed; see the module docstring"


def test_decision_diamonds_hold_a_short_form_and_stay_low():
    """A long decision text does not blow the diamond up (Simpang Empat's step 3
    has ~190 characters): at most two lines, cut at a word and marked with "…"."""
    for sop in seeds().values():
        for g in groups(render_svg(sop), "decision"):
            lines = texts(g)
            assert 1 <= len(lines) <= 2
            polygon = g.find("{http://www.w3.org/2000/svg}polygon")
            ys = [float(p.split(",")[1]) for p in polygon.get("points").split()]
            assert max(ys) - min(ys) <= 70, (sop.slug, lines)
