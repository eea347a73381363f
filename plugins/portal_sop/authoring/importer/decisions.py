"""Decision steps (belah ketupat) inferred from what the source says.

A decision is never guessed silently: every inference returns a sentence that
the reader reports as a warning at the step's source location, naming the
evidence and the "Tidak" target it chose, so a maintainer confirms it against
the signed document. The evidence, strongest first:

- a diamond shape in the step's lane cell (DOCX/PDF drawings);
- "jika/apabila … kembali ke langkah N" or "… dikembalikan ke langkah N";
- "jika/apabila … dikembalikan ke <pelaksana>": the last earlier step of that
  actor;
- "panah balik" in the text or the keterangan: the step before;
- arrow labels Ya/Tidak (Lengkap/Tidak lengkap, Setuju/Tidak setuju) in a lane
  cell, or "jika ya"/"jika tidak" in the text: the step before.
"""
from __future__ import annotations

import re

from .common import DIAMOND, ImportedSop, ImportedStep

CONDITION = r"\b(?:jika|apabila|bila|kalau)\b"
BACK_TO_STEP = re.compile(
    CONDITION + r"[^.;]*?\b(?:kembali|dikembalikan|kembalikan)\s+(?:lagi\s+)?(?:ke|kepada)\s+(?:langkah|kegiatan|tahap)\s*(?:no\.?\s*|nomor\s*)?(\d+)",
    re.IGNORECASE,
)
BACK_TO_ACTOR = re.compile(
    CONDITION + r"[^.;]*?\bdikembalikan\s+(?:lagi\s+)?(?:ke|kepada)\s+([A-Za-z][\w/ .-]*?)(?=\s+(?:untuk|agar|guna)\b|[,.;]|$)",
    re.IGNORECASE,
)
RETURN_ARROW = re.compile(r"\bpanah\s+balik", re.IGNORECASE)
YES_NO_TEXT = re.compile(CONDITION + r"\s+(?:ya|tidak)\b", re.IGNORECASE)
NEGATED = re.compile(CONDITION + r"\s+tidak\s+(lengkap|sesuai|setuju|benar|valid|disetujui|memenuhi\s+syarat)\b", re.IGNORECASE)
# Texts of a lane cell that are arrow labels, not a symbol of the lane's actor.
LABEL_WORDS = r"(?:ya|tidak|lengkap|tidak\s+lengkap|setuju|tidak\s+setuju|sesuai|tidak\s+sesuai)"
ARROW_LABEL = re.compile(rf"^\s*{LABEL_WORDS}(?:\s*[/,]\s*{LABEL_WORDS})*\s*$", re.IGNORECASE)


def lane_mark(text: str) -> bool:
    """Whether a lane cell's text marks its actor as doing the step: a
    symbol, a tick, "Mulai"; an arrow label alone ("Ya", "Tidak") does not."""
    text = text.strip()
    return bool(text) and not ARROW_LABEL.match(text)


def _labels(step: ImportedStep) -> list[str]:
    return [t.strip() for t in step.lanes.values() if t.strip() and ARROW_LABEL.match(t.strip())]


def _actor_step(sop: ImportedSop, step: ImportedStep, name: str) -> ImportedStep | None:
    """The last step before `step` done by the actor `name` names
    ("seksi" → "Seluruh Kepala Seksi"), when exactly one actor matches."""
    words = [w for w in re.split(r"\W+", name.lower()) if len(w) > 2]
    if not words:
        return None
    codes = [a["kode"] for a in sop.actors if any(w in a["nama"].lower() or w in a["kode"] for w in words[:2])]
    if len(codes) != 1:
        return None
    earlier = [s for s in sop.steps if s.number < step.number and codes[0] in s.actors]
    return earlier[-1] if earlier else None


def infer_decision(step: ImportedStep, sop: ImportedSop) -> list[str]:
    """Mark `step` as a decision when the source says so; the sentences to
    report (empty when it stays a process)."""
    text = f"{step.activity} {step.notes}"
    previous = max((s.number for s in sop.steps if s.number < step.number), default=None)
    reasons: list[str] = []
    target: int | None = None
    how = ""
    diamonds = [code for code, cell in step.lanes.items() if DIAMOND in cell]
    if diamonds:
        reasons.append(f"simbol belah ketupat di lajur {', '.join(diamonds)}")
    if match := BACK_TO_STEP.search(text):
        reasons.append(f'teks "{_quote(match[0])}"')
        target, how = int(match[1]), "seperti tertulis"
    elif match := BACK_TO_ACTOR.search(text):
        reasons.append(f'teks "{_quote(match[0])}"')
        found = _actor_step(sop, step, match[1])
        # A target the text names but no lane matches is left for a person.
        target, how = (found.number, f'langkah terakhir pelaksana yang disebut ("{match[1].strip()}")') if found else (None, "-")
    if RETURN_ARROW.search(text):
        reasons.append('"panah balik"')
    labels = _labels(step)
    if labels:
        reasons.append(f"label panah {', '.join(repr(l) for l in labels)} di lajur pelaksana")
    if not reasons and YES_NO_TEXT.search(text):
        reasons.append(f'teks "{_quote(YES_NO_TEXT.search(text)[0])}"')
    if not reasons:
        return []
    if target is None and previous is not None and not how:
        target, how = previous, "langkah sebelumnya, tempat panah balik kembali untuk perbaikan"
    step.kind, step.branch = "keputusan", target
    if negated := NEGATED.search(text):
        word = " ".join(negated[1].split()).lower()
        step.label_yes, step.label_no = word.capitalize(), f"Tidak {word}"
    if target is None:
        where = "kolom jika_tidak_ke belum diisi: isi nomor langkah tujuan bila Tidak"
    else:
        where = f"bila Tidak kembali ke langkah {target} ({how})"
    return [f"langkah {step.number} dibaca sebagai keputusan karena {'; '.join(reasons)}; {where}. "
            "Periksa dengan dokumen yang ditandatangani"]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "…"
