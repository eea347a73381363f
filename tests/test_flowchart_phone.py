"""The phone form of the flowchart: one column of SOP AP symbols built from
the same rows and edges as the swimlane chart."""
from __future__ import annotations

import html
import re

from portal_sop.flowchart.layout import SymbolKind
from portal_sop.flowchart.phone import phone_html, phone_symbols

from test_flowchart import make_sop, seeds

ACTORS = [("camat", "Camat"), ("sekcam", "Sekcam"), ("staf", "Staf")]


def test_one_symbol_per_step_in_step_order_with_its_actor():
    sop = seeds()["kebasen/pengukuran-data-kinerja"]
    symbols = phone_symbols(sop)
    assert [s.step for s in symbols] == [s.number for s in sop.steps]
    names = {a.code: a.name for a in sop.actors}
    assert [s.actors for s in symbols] == [tuple(names[c] for c in st.actors) for st in sop.steps]
    assert symbols[0].kind is SymbolKind.TERMINATOR and symbols[-1].kind is SymbolKind.TERMINATOR
    assert [s.kind for s in symbols[1:-1]] == [
        SymbolKind.DECISION if st.kind.value == "keputusan" else SymbolKind.PROCESS for st in sop.steps[1:-1]
    ]
    assert all(s.continues for s in symbols[:-1]) and not symbols[-1].continues


def test_decision_writes_out_both_outcomes_and_back_arrows():
    sop = make_sop(ACTORS, [
        {"actors": ["staf"], "activity": "Menerima berkas"},
        {"actors": ["sekcam", "staf"], "activity": "Memeriksa berkas"},
        {"actors": ["camat"], "decision": True, "branch_step": 2, "label_yes": "Setuju", "label_no": "Tidak setuju",
         "activity": "Menyetujui"},
        {"actors": ["staf"], "activity": "Mengarsipkan"},
    ])
    symbols = phone_symbols(sop)
    decision = symbols[2]
    assert decision.kind is SymbolKind.DECISION
    assert [(o.label, o.step, o.back, o.text) for o in decision.outcomes] == [
        ("Setuju", 4, False, "lanjut ke langkah 4"),
        ("Tidak setuju", 2, True, "kembali ke langkah 2"),
    ]
    assert decision.arrow_label == "Setuju"
    assert symbols[1].actors == ("Sekcam", "Staf")  # a step of two actors names both
    page = phone_html(sop)
    item = re.search(r'<li class="sop-alir-butir sop-alir-decision" data-langkah="3">.*?</li>\n</ul>', page, re.S)[0]
    assert "<strong>Tidak setuju</strong>: kembali ke langkah <a href=\"#langkah-2\">2</a>" in item
    assert "Keputusan: " in item  # the symbol's kind is read out to screen readers


def test_decision_opening_the_sop_gets_a_start_capsule_and_a_jump_is_written_out():
    sop = make_sop(ACTORS, [
        {"actors": ["camat"], "decision": True, "branch_step": 3, "activity": "Memeriksa"},
        {"actors": ["staf"], "activity": "Memperbaiki", "next_step": 4},
        {"actors": ["sekcam"], "activity": "Menolak"},
        {"actors": ["staf"], "activity": "Selesai"},
    ])
    symbols = phone_symbols(sop)
    assert symbols[0].kind is SymbolKind.TERMINATOR and symbols[0].label == "Mulai" and symbols[0].step is None
    jump = symbols[2]  # step 2 goes on to step 4, skipping step 3
    assert [(o.step, o.text) for o in jump.outcomes] == [(4, "lanjut ke langkah 4")]
    assert not jump.continues


def test_hostile_text_is_escaped():
    evil = '<script>alert(1)</script> "kutip" & <img src=x onerror=alert(2)>'
    sop = make_sop([("a", f"Camat {evil}"), ("b", "Staf")], [
        {"actors": ["a"], "activity": evil},
        {"actors": ["b"], "decision": True, "branch_step": 1, "label_yes": evil, "label_no": "<b>Tidak</b>"},
        {"actors": ["a"], "activity": "Selesai"},
    ], name=evil)
    page = phone_html(sop)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert html.escape(evil, quote=False).replace('"', "&#34;") in page or "&lt;script&gt;" in page
    assert page.count("&lt;script&gt;") >= 4  # list label, activity, actor, arrow and outcome labels


def test_reconstructed_steps_are_marked():
    sop = seeds()["kebasen/pengukuran-data-kinerja"]
    assert all(s.reconstructed for s in phone_symbols(sop))
    assert phone_html(sop).count("sop-rekonstruksi-tanda") == len(sop.steps)
    signed = seeds()["samboja/pengumpulan-data-kinerja"]
    assert "sop-rekonstruksi-tanda" not in phone_html(signed)
