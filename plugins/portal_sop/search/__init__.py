"""Site search: what Pagefind indexes, and how.

Pages are never changed for search. Each built page is copied, for the
indexer only, into a small HTML document (`prepare`) whose text carries
index-only words: Indonesian root forms, synonyms and acronyms from the
maintainers' `sinonim.yaml`, and NIPs and SOP numbers with and without
spaces (`words`). Index-only words are wrapped in INDEX_ONLY marks, which
Pagefind drops from the indexed word but keeps in the stored text, so the
search box can leave them out of result excerpts. `indexer` runs Pagefind
(the binary shipped in the `pagefind[extended]` wheel) over those documents.
"""
from __future__ import annotations

# U+2063 INVISIBLE SEPARATOR: not a letter or digit, so Pagefind strips it
# from indexed words; it survives in the stored text and is removed from any
# text the data brings in, so it can only mark our own index-only words.
INDEX_ONLY = "\u2063"
