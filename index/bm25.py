"""Lexical index over paragraph chunks: bm25s with accent folding, stop words and Snowball stems.

Persisted beside the Chroma index and keyed by the store's fingerprint, so a process loads it
in milliseconds and rebuilds it only after the corpus changed.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import fold, stopwords

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("french")


def terms(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text.replace("\u2019", "'"))) if w not in stopwords() and len(w) > 1]
    return _stemmer().stemWords(words)


class BM25Index:
    def __init__(self, retriever, ids: list[str]):
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, items: list[tuple[str, str]]) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25()
        ids = [i for i, _ in items]
        if items:
            retriever.index([terms(t) or ["\u2205"] for _, t in items], show_progress=False)
        return cls(retriever, ids)

    def save(self, folder: Path) -> None:
        if not self.ids:
            return  # nothing to keep; an empty store rebuilds in no time
        # Several processes (serve workers on one Chroma server) may build the same content at once:
        # each writes its own temporary folder, and the first rename wins (the others are equal).
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.retriever.save(str(tmp), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(self.ids))
        try:
            tmp.rename(folder)
        except OSError:  # another process got there first
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, json.loads((folder / "ids.json").read_text()))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        q = [t for t in terms(query) if t in self.retriever.vocab_dict]
        if not q:
            return []
        docs, scores = self.retriever.retrieve([q], k=min(k, len(self.ids)), show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(np.ravel(docs), np.ravel(scores)) if s > 0]


def bm25_folder(index_dir: Path, fingerprint: str) -> Path:
    return Path(index_dir) / "bm25" / fingerprint[:16]


def _build(store, folder: Path) -> BM25Index:
    index = BM25Index.build([(i, d) for i, d, _ in store.iter_paragraphs()])
    for old in folder.parent.glob("*") if folder.parent.exists() else []:
        if old.name != folder.name and not old.name.endswith(".tmp"):  # others' builds in progress stay
            shutil.rmtree(old, ignore_errors=True)
    index.save(folder)
    return index


def ensure_built(store, index_dir: Path) -> None:
    """Build and persist the index for the store's current content unless it is already there."""
    folder = bm25_folder(index_dir, store.fingerprint())
    if not (folder / "ids.json").exists():
        _build(store, folder)


def load_or_build(store, index_dir: Path) -> BM25Index:
    """The persisted index for the store's current content, built (and older ones removed) if missing."""
    folder = bm25_folder(index_dir, store.fingerprint())
    if (folder / "ids.json").exists():
        return BM25Index.load(folder)
    return _build(store, folder)
