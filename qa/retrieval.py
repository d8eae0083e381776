"""Hybrid retrieval: e5 over paragraphs and sentences, BM25 over paragraphs, fused by weighted RRF.

BM25 helps a question in the articles' language (names, rare words) and hurts one in another
language (they share only names), so its weight follows the question's language. The result
is a list of paragraph `Hit`s; `HybridRetriever` is also a LlamaIndex `BaseRetriever`.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.bm25 import BM25Index, load_or_build
from index.chunking import date_int, node_part, paragraph_key
from index.config import Config
from index.embedding import embed_queries
from index.schema import Entity, Hit, Sentence
from index.store import Store

from .params import PARAMS

WEIGHTS = {"dense_paragraph": 1.0, "dense_sentence": 1.0, "bm25": 1.0}
BM25_OTHER_LANGUAGE = 0.25  # weight of BM25 when the question and the paragraph differ in language
BM25_UNKNOWN_LANGUAGE = 0.5


@dataclass
class Filters:
    article_ids: list[str] | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    lang: str | None = None

    def where(self) -> dict | None:
        """The same conditions as a Chroma `where` clause."""
        f = []
        if self.article_ids:
            f.append({"article_id": {"$in": list(self.article_ids)}})
        if self.date_from:
            f.append({"date_int": {"$gte": date_int(self.date_from)}})
        if self.date_to:
            f.append({"date_int": {"$lte": date_int(self.date_to)}})
        if self.lang:
            f.append({"lang": {"$eq": self.lang}})
        return None if not f else f[0] if len(f) == 1 else {"$and": f}

    def accepts(self, meta: dict) -> bool:
        if self.article_ids and meta["article_id"] not in self.article_ids:
            return False
        d = int(meta.get("date_int") or 0)
        if self.date_from and d < date_int(self.date_from):
            return False
        if self.date_to and d > date_int(self.date_to):
            return False
        return not (self.lang and meta.get("lang") != self.lang)


def hit_from_record(text: str, meta: dict, score: float = 0.0) -> Hit:
    paragraph = meta.get("ptext") or text
    sentences = []
    for i, (start, end, ents) in enumerate(json.loads(meta.get("sents") or "[]")):
        sentences.append(
            Sentence(
                meta["article_id"],
                int(meta["paragraph"]),
                i,
                start,
                end,
                paragraph[start:end],
                tuple(Entity(a, b, label, paragraph[a:b]) for a, b, label in ents),
            )
        )
    return Hit(
        article_id=meta["article_id"],
        title=meta.get("title") or meta["article_id"],
        paragraph=int(meta["paragraph"]),
        text=paragraph,
        score=score,
        date=meta.get("date") or None,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        lang=meta.get("lang") or None,
        sentences=sentences,
        sentence_ids=json.loads(meta.get("sids") or "[]"),
    )


class HybridRetriever(BaseRetriever):
    def __init__(self, cfg: Config, store: Store | None = None):
        super().__init__()
        self.cfg = cfg
        self.store = store or Store(cfg)
        self._bm25: BM25Index | None = None
        self._bm25_count = -1
        self._space_checked = False
        self._executor: ThreadPoolExecutor | None = None

    # -- parts ----------------------------------------------------------------------------
    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aqa-search")
        return self._executor

    def bm25(self) -> BM25Index:
        """Reloaded after another ingest: its folder was replaced (an ingest into the same index
        folder) or the article count changed (another client of a shared Chroma server). Articles are
        counted, not paragraphs: far cheaper at scale (docs/experiments.md)."""
        count = self.store.manifest_collection.count()
        replaced = self._bm25 is not None and self._bm25.folder is not None and not self._bm25.folder.exists()
        if self._bm25 is None or count != self._bm25_count or replaced:
            self._bm25 = load_or_build(self.store, self.cfg.index_dir)
            self._bm25_count = count
        return self._bm25

    def idf(self, word: str) -> float | None:
        """A word's BM25 idf in the lexical index the last search used (no recount of the store:
        the answerer asks it for every question term)."""
        return self._bm25.idf(word) if self._bm25 is not None else None

    def embed_query(self, text: str) -> list[float]:
        return embed_queries(self.cfg, [text])[0]

    # -- the main entry -------------------------------------------------------------------
    def retrieve_hits(
        self,
        query: str,
        k: int = 5,
        language: str | None = None,
        filters: Filters | None = None,
        embedding: list[float] | None = None,
        timings: dict | None = None,
    ) -> list[Hit]:
        """Rank paragraphs from ids alone (each id names its paragraph; BM25 keeps language and date),
        then fetch only the k it returns: at 100k paragraphs each Chroma round trip with text and
        metadata costs milliseconds."""
        timings = {} if timings is None else timings
        t = time.perf_counter()
        if embedding is None:
            embedding = self.embed_query(query)
            timings["embed"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
        if not self._space_checked:
            self.store.check_space()
            self._space_checked = True
        vector = self.store.space.centre([embedding])[0][0].tolist()
        where = filters.where() if filters else None
        # Chroma releases the GIL while it searches: the two graphs are searched at once.
        sentences = self._pool().submit(
            self.store.sentences.query,
            query_embeddings=[vector],
            n_results=self.cfg.dense_k * 2,
            where=where,
            include=[],
        )
        dense_p = self.store.paragraphs.query(
            query_embeddings=[vector], n_results=self.cfg.dense_k, where=where, include=[]
        )["ids"][0]
        bm25 = self.bm25()
        lexical = bm25.search(query, self.cfg.bm25_k)
        dense_s = sentences.result()["ids"][0]
        timings["search"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        rankings = {
            # Only what the lexical index holds: it is rebuilt when an ingest finishes, so an article
            # being written (its paragraphs already in Chroma) is not answered from half-way.
            "dense_paragraph": [i for i in dense_p if bm25.text_key(i) is not None],
            "dense_sentence": [c for c in map(bm25.paragraph_chunk, dense_s) if c],
            "bm25": [
                i for i, _, f in lexical if not filters or filters.accepts({"article_id": paragraph_key(i)[0], **f})
            ],
        }
        langs = {i: f.get("lang") for i, _, f in lexical}
        copy_of: dict[str, tuple[str, int]] = {}  # text hash -> the paragraph that stands for its copies
        chunk_of: dict[tuple[str, int], str] = {}
        fused: dict[tuple[str, int], float] = {}
        signals: dict[tuple[str, int], dict] = {}
        for name, chunk_ids in rankings.items():
            keys = {}
            for i in chunk_ids:
                # Copies of one text (a "Note" label, a navigation bar repeated on every page) count as
                # one paragraph: else they fill every ranking and crowd out the answer.
                text = bm25.text_key(i)
                key = copy_of.setdefault(text, paragraph_key(i)) if text else paragraph_key(i)
                keys.setdefault(key, i)  # a paragraph counts once, at its best rank
            for rank, (key, chunk_id) in enumerate(keys.items()):
                chunk_of.setdefault(key, chunk_id)
                w = WEIGHTS[name]
                if name == "bm25":
                    plang = langs[chunk_id]
                    w *= (
                        1.0
                        if (not language or plang == language)
                        else (BM25_UNKNOWN_LANGUAGE if not plang else BM25_OTHER_LANGUAGE)
                    )
                fused[key] = fused.get(key, 0.0) + w / (PARAMS.rrf_k + rank + 1)
                signals.setdefault(key, {})[name] = rank + 1
        ranked_keys = sorted(fused, key=lambda k_: (-fused[k_], k_))[:k]
        records = self._paragraph_records([chunk_of[key] for key in ranked_keys])
        hits = []
        for key in ranked_keys:
            if chunk_of[key] not in records:  # removed by an ingest since the search
                continue
            text, meta = records[chunk_of[key]]
            hit = hit_from_record(text, meta, fused[key])
            hit.signals = signals[key]
            hits.append(hit)
        timings["fuse"] = (time.perf_counter() - t) * 1000
        return hits

    def _paragraph_records(self, chunk_ids: list[str]) -> dict[str, tuple[str, dict]]:
        """Text and metadata of paragraph chunks, fetched by id (far cheaper than a metadata filter)."""
        if not chunk_ids:
            return {}
        got = self.store.paragraphs.get(ids=chunk_ids, include=["documents", "metadatas"])
        return {i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}

    def sentence_similarities(self, hits: list[Hit], embedding: list[float]) -> dict[tuple[str, int, int], float]:
        """Cosine of the question with every sentence of the given paragraphs (vectors stored at ingest)."""
        ids = [i for h in hits for i in h.sentence_ids]
        if not ids:
            return {}
        got = self.store.sentences.get(ids=ids, include=["embeddings", "metadatas"])
        if not len(got["ids"]):
            return {}
        sims = self.store.space.raw_cosines(
            embedding, got["embeddings"], [m.get("cnorm", 1.0) for m in got["metadatas"]]
        )
        out = {}
        for node_id, meta, sim in zip(got["ids"], got["metadatas"], sims):
            index = node_part(node_id)
            out[(meta["article_id"], int(meta["paragraph"]), index)] = float(sim)
        return out

    # -- LlamaIndex -----------------------------------------------------------------------
    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from .language import detect_language

        hits = self.retrieve_hits(
            query_bundle.query_str,
            k=self.cfg.answer_paragraphs,
            language=detect_language(query_bundle.query_str),
            embedding=query_bundle.embedding,
        )
        return [NodeWithScore(node=hit_to_node(h), score=h.score) for h in hits]


def hit_to_node(hit: Hit) -> TextNode:
    return TextNode(
        id_=f"{hit.article_id}:p{hit.paragraph}",
        text=hit.text,
        metadata={
            "article_id": hit.article_id,
            "title": hit.title,
            "paragraph": hit.paragraph,
            "date": hit.date,
            "source": hit.source,
            "url": hit.url,
            "lang": hit.lang,
        },
    )
