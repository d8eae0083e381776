"""Cross-lingual term matching: does a sentence carry a question term, in any language?

Exact or cognate spelling first (`text.same_word`); otherwise the term's e5 vector against the
stored vectors of the sentence's words (`index.vocabulary`), which finds translations.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from index.embedding import embed_queries
from index.text import fold

from .params import PARAMS

CACHE_SIZE = 50_000


class TermMatcher:
    def __init__(self, store, cfg):
        self.store = store
        self.cfg = cfg
        self._words: OrderedDict[str, np.ndarray | None] = OrderedDict()
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the web server answers from several threads

    def _remember(self, cache: OrderedDict, key: str, value) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            known = {w: self._words[w] for w in dict.fromkeys(words) if w in self._words}
        missing = [w for w in dict.fromkeys(words) if w not in known]
        if missing:
            got = self.store.words.get(ids=missing, include=["embeddings"])
            found = dict(zip(got["ids"], got["embeddings"]))
            with self._lock:
                for w in missing:
                    v = found.get(w)
                    known[w] = None if v is None else np.asarray(v, dtype=np.float32)
                    self._remember(self._words, w, known[w])
        return {w: v for w, v in known.items() if v is not None}

    def unknown_terms(self, terms: list[str]) -> list[str]:
        with self._lock:
            return [t for t in dict.fromkeys(terms) if t not in self._terms]

    def remember_terms(self, terms: list[str], vectors) -> None:
        """Vectors computed elsewhere (by the pipeline, as it embeds the question)."""
        with self._lock:
            for t, v in zip(terms, vectors):
                self._remember(self._terms, t, np.asarray(v, dtype=np.float32))

    def term_vectors(self, terms: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            known = {t: self._terms[t] for t in dict.fromkeys(terms) if t in self._terms}
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            vectors = embed_queries(self.cfg, missing, batch_size=64)
            with self._lock:
                for t, v in zip(missing, vectors):
                    known[t] = np.asarray(v, dtype=np.float32)
                    self._remember(self._terms, t, known[t])
        return known

    def word_matches(self, terms: list[str], words: list[str]) -> dict[str, dict[int, float]]:
        """For each word (folded) close to some of `terms`: {term index: similarity}.

        Closeness needs `term_match` and `term_margin` (qa/params.py) above the term's median similarity to these words,
        since some terms sit close to everything."""
        if not terms or not words:
            return {}
        wv = self.word_vectors(sorted(set(words)))
        if not wv:
            return {}
        tv = self.term_vectors(terms)
        names = list(wv)
        sims = np.stack([tv[t] for t in terms]) @ np.stack([wv[w] for w in names]).T
        bar = np.maximum(PARAMS.term_match, np.median(sims, axis=1) + PARAMS.term_margin)
        out: dict[str, dict[int, float]] = {}
        for j, w in enumerate(names):
            for i in np.nonzero(sims[:, j] >= bar)[0].tolist():
                slot = out.setdefault(fold(w), {})
                slot[i] = max(slot.get(i, 0.0), float(sims[i, j]))
        return out
