"""Lexical index over paragraph chunks: bm25s with accent folding, stop words and Snowball stems.

Persisted beside the Chroma index and keyed by the store's fingerprint, so a process loads it
in milliseconds and rebuilds it only after the corpus changed. Each chunk's language, date and a
hash of its text are kept with it, so that fusion can weigh, filter and collapse copies of a
hit without asking Chroma.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .chunking import node_part, paragraph_key
from .store import GET_PAGE
from .text import fold, stopwords

_WORD = re.compile(r"\w+", re.UNICODE)
FORMAT = "4"  # of the persisted folder: 2 keeps each chunk's language and date, 3 its text's hash, 4 id order
FIELDS = ("lang", "date_int", "text")
_TEXT = FIELDS.index("text")
COPIES_POOL = 4  # search looks at k x this many chunks to return k distinct texts


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("french")


def terms(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text.replace("\u2019", "'"))) if w not in stopwords() and len(w) > 1]
    return _stemmer().stemWords(words)


def text_hash(text: str) -> str:
    """Equal for copies of one text, whatever their spacing."""
    return hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).hexdigest()


class BM25Index:
    def __init__(self, retriever, ids: list[str], fields: list[list], folder: Path | None = None):
        self.retriever = retriever
        self.ids = ids
        self.fields = fields  # per chunk: the values of FIELDS
        self.folder = folder  # where it was loaded from or saved to; gone once another ingest replaced it
        self.row = {chunk_id: i for i, chunk_id in enumerate(ids)}
        # A sentence id names its paragraph, not the paragraph's chunk id (that holds a hash of
        # the chunk's text): this map lets dense sentence search skip fetching metadata.
        self.first_chunk: dict[tuple[str, int], str] = {}
        for chunk_id in ids:
            key = paragraph_key(chunk_id)
            if key not in self.first_chunk or node_part(chunk_id) == 1:
                self.first_chunk[key] = chunk_id

    def text_key(self, chunk_id: str) -> str | None:
        """The hash of a chunk's text: equal for copies of one text in any article."""
        i = self.row.get(chunk_id)
        return None if i is None else self.fields[i][_TEXT]

    def paragraph_chunk(self, node_id: str) -> str | None:
        """The first chunk of the paragraph a sentence (or chunk) id belongs to; None if not indexed."""
        return self.first_chunk.get(paragraph_key(node_id))

    @classmethod
    def build(cls, items: Iterable[tuple[str, str, dict]]) -> BM25Index:
        """From (chunk id, text, metadata) triples, streamed: only ids, FIELDS and token ids are kept
        (texts, full metadata and token strings of 100k paragraphs would cost hundreds of MB)."""
        import bm25s

        ids, fields, token_ids, vocab = [], [], [], {}
        for chunk_id, text, meta in items:
            ids.append(chunk_id)
            meta = dict(meta, text=text_hash(text))
            fields.append([meta.get(f) for f in FIELDS])
            token_ids.append([vocab.setdefault(t, len(vocab)) for t in terms(text) or ["\u2205"]])
        retriever = bm25s.BM25()
        if ids:
            retriever.index(bm25s.tokenization.Tokenized(ids=token_ids, vocab=vocab), show_progress=False)
        return cls(retriever, ids, fields)

    def save(self, folder: Path) -> None:
        if not self.ids:
            return  # nothing to keep; an empty store rebuilds in no time
        # Several processes (serve workers on one Chroma server) may build the same content at once:
        # each writes its own temporary folder, and the first rename wins (the others are equal).
        self.folder = folder
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.retriever.save(str(tmp), show_progress=False)
        (tmp / "fields.json").write_text(json.dumps(self.fields))
        (tmp / "ids.json").write_text(json.dumps(self.ids))  # last: its presence marks a complete folder
        try:
            tmp.rename(folder)
        except OSError:  # another process got there first
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(
            retriever,
            json.loads((folder / "ids.json").read_text()),
            json.loads((folder / "fields.json").read_text()),
            folder,
        )

    def idf(self, word: str) -> float | None:
        """BM25's inverse document frequency of a word over the indexed chunks; None if no chunk has it."""
        stems = terms(word)
        t = self.retriever.vocab_dict.get(stems[0]) if len(stems) == 1 and self.ids else None
        if t is None:
            return None
        indptr, n = self.retriever.scores["indptr"], self.retriever.scores["num_docs"]
        df = int(indptr[t + 1] - indptr[t])
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def search(self, query: str, k: int) -> list[tuple[str, float, dict]]:
        """(chunk id, score, its FIELDS) best first, one chunk per distinct text. Scores of every chunk,
        then the top: bm25s's `retrieve` starts a thread pool per call, which cost more than the search
        itself (docs/experiments.md)."""
        if not self.ids:
            return []
        q = [t for t in terms(query) if t in self.retriever.vocab_dict]
        if not q:
            return []
        scores = self.retriever.get_scores(q)
        pool = min(k * COPIES_POOL, len(scores))
        top = np.argpartition(-scores, pool - 1)[:pool]
        top = top[np.lexsort((top, -scores[top]))]  # best first; ties by position, as bm25s does
        out, seen = [], set()
        for i in top.tolist():
            text = self.fields[i][_TEXT]
            if scores[i] <= 0 or len(out) == k:
                break
            if text not in seen:  # copies of one text (boilerplate) would fill the list: the first stands for all
                seen.add(text)
                out.append((self.ids[i], float(scores[i]), dict(zip(FIELDS, self.fields[i]))))
        return out


def bm25_folder(index_dir: Path, fingerprint: str) -> Path:
    return Path(index_dir) / "bm25" / f"{fingerprint[:16]}-v{FORMAT}"


def _in_id_order(store):
    """The paragraph chunks in id order (content hashes), not the store's insertion order: ties then
    break the same way whatever history built the index, so an index finished after a killed
    ingest answers as a clean one. Streamed a page at a time."""
    ids = sorted(store.paragraphs.get(include=[])["ids"])
    for i in range(0, len(ids), GET_PAGE):
        got = store.paragraphs.get(ids=ids[i : i + GET_PAGE], include=["documents", "metadatas"])
        yield from sorted(zip(got["ids"], got["documents"], got["metadatas"]), key=lambda row: row[0])


def _build(store, folder: Path) -> BM25Index:
    index = BM25Index.build(_in_id_order(store))
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
