"""Index-only words for a piece of page text.

Pagefind stems Indonesian with Snowball, which drops "peng-" but cannot
restore the root's first letter ("pengumpulan" -> "umpul", never "kumpul"),
and knows nothing of acronyms or of NIPs typed without spaces. `Expander`
adds, right after the words they belong to, the forms people type:

- the root word from Sastrawi's dictionary stemmer ("pengumpulan" -> kumpul);
- the other members of a synonym group ("SAKIP" -> Sistem Akuntabilitas ...);
- a NIP or an SOP number with and without spaces.

The additions are wrapped in INDEX_ONLY marks (see the package docstring).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from . import INDEX_ONLY
from .synonyms import Groups

WORD = re.compile(r"[^\W_]+")
# 18-digit NIP written in its groups (YYYYMMDD YYYYMM G NNN) or in one run.
NIP = re.compile(r"(?<!\d)(\d{8})[ \u00a0]?(\d{6})[ \u00a0]?(\d)[ \u00a0]?(\d{3})(?!\d)")
# An SOP number: parts joined by "/" (spaces allowed around it), possibly
# after dotted prefixes ("PK. KEC. KBS / 010 / I / 2024", "800/12/SOP-2024").
_PART = r"[A-Za-z0-9][A-Za-z0-9.\-]*"
NUMBER = re.compile(rf"(?:\b[A-Za-z]{{1,6}}\.\s+)*{_PART}(?:\s*/\s*{_PART})+")
MIN_ROOT_WORD = 4
# Words whose dictionary root names something else: the office is not its
# head (kecamatan/camat), government is not an order (pemerintah/perintah),
# performance is not work (kinerja/kerja).
OWN_ROOTS = frozenset({"kecamatan", "pemerintah", "pemerintahan", "kinerja", "kabupaten"})
TOKEN_END = re.compile(r"\S*")


@lru_cache(maxsize=1)
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def root(word: str) -> str:
    """Sastrawi's root of one word, lower case (the word itself if none)."""
    lower = word.lower()
    if len(lower) < MIN_ROOT_WORD or not lower.isalpha() or lower in OWN_ROOTS:
        return lower
    return _stemmer().stem(lower) or lower


class Expander:
    """Adds index-only words to text; one per build, shared by all pages."""

    def __init__(self, synonyms: Groups = ()):
        # First root of a member -> [(roots of the member, other members)].
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
        for group in synonyms:
            for member in group:
                roots = tuple(root(w) for w in WORD.findall(member))
                if roots:
                    others = tuple(m for m in group if m != member)
                    self._phrases[roots[0]].append((roots, others))

    def expand(self, text: str) -> str:
        """`text` with index-only words after the words they come from; marks
        already in the text are removed first, so data cannot forge them."""
        text = text.replace(INDEX_ONLY, "")
        words = list(WORD.finditer(text))
        if not words:
            return text
        extra: dict[int, list[str]] = defaultdict(list)  # end offset -> words
        roots = [root(m.group()) for m in words]
        for match, word_root in zip(words, roots):
            if word_root != match.group().lower():
                extra[match.end()].append(word_root)
        for i in range(len(words)):
            for phrase, others in self._phrases.get(roots[i], ()):
                if tuple(roots[i:i + len(phrase)]) == phrase:
                    extra[words[i + len(phrase) - 1].end()].extend(others)
        for match in NIP.finditer(text):
            joined = "".join(match.groups())
            extra[match.end()].append(joined if joined != match.group() else " ".join(match.groups()))
        for match in NUMBER.finditer(text):
            if any(ch.isdigit() for ch in match.group()):
                compact = re.sub(r"\s+", "", match.group())
                parts = [p for p in re.split(r"[\s/]+", match.group()) if p]
                extra[match.end()].extend([compact, *parts])
        if not extra:
            return text
        # Additions go after the whole whitespace-delimited token, so
        # "Pengumpulan," keeps its comma when the marks are taken out.
        at: dict[int, list[str]] = defaultdict(list)
        for end, added in extra.items():
            at[TOKEN_END.match(text, end).end()].extend(added)
        out, last = [], 0
        for end in sorted(at):
            added = " ".join(dict.fromkeys(w for w in at[end] if w))
            out.append(text[last:end])
            out.append(f" {INDEX_ONLY}{added}{INDEX_ONLY}")
            last = end
        out.append(text[last:])
        return "".join(out)
