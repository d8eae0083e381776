"""Word vectors for cross-lingual term matching, stored in Chroma at ingest time.

e5 embeds single words well enough to act as a bilingual lexicon: with the "query: " prompt on
both sides, translations (meeting/rencontre, company/société) score 0.91-0.97 and unrelated
words lower. Each distinct corpus word is embedded once; questions then look words up.
"""

from __future__ import annotations

import re

from .embedding import embed_queries
from .text import fold

_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# A French inverted subject ("arrive-t-il", "a-t-elle") is not part of the verb: "a-t-elle" would
# be a key term no sentence holds, and "arrive" must match "arrivé".
_INVERSION = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous|ce)$", re.IGNORECASE)
MAX_WORD = 40


def surface_words(text: str, stopwords: frozenset[str]) -> list[str]:
    """Lower-case words as written (accents kept), elisions and inverted subjects removed, stop words
    and short words dropped."""
    out = []
    for m in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        w = _INVERSION.sub("", re.sub(r"['’]s$", "", _ELISION.sub("", m.group(0)))).lower()
        if 3 <= len(w) <= MAX_WORD and fold(w) not in stopwords:
            out.append(w)
    return out


def add_words(store, cfg, words: set[str]) -> int:
    """Embed and store the words the index does not have yet; returns how many were added."""
    if not words:
        return 0
    wanted = sorted(words)
    have: set[str] = set()
    for i in range(0, len(wanted), 5000):
        have.update(store.words.get(ids=wanted[i : i + 5000], include=[])["ids"])
    new = [w for w in wanted if w not in have]
    for i in range(0, len(new), 2000):
        batch = new[i : i + 2000]
        store.words.upsert(ids=batch, embeddings=embed_queries(cfg, batch, batch_size=64))
    return len(new)
