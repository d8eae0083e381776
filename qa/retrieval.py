"""Hybrid retrieval: e5 over paragraphs and sentences, BM25 over paragraphs, fused by weighted RRF.

BM25 helps a question in the articles' language (names, rare words) and hurts one in another
language (they share only names), so its weight follows the question's language. The result
is a list of paragraph `Hit`s; `HybridRetriever` is also a LlamaIndex `BaseRetriever`.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import (FilterCondition, FilterOperator, MetadataFilter, MetadataFilters,
                                            VectorStoreQuery)

from index.bm25 import BM25Index, load_or_build
from index.chunking import date_int
from index.config import Config
from index.embedding import embed_texts, load_embedder, query_encoder
from index.schema import Entity, Hit, Sentence
from index.store import Store

RRF_K = 60
WEIGHTS = {"dense_paragraph": 1.0, "dense_sentence": 1.0, "bm25": 1.0}
BM25_OTHER_LANGUAGE = 0.25  # weight of BM25 when the question and the paragraph differ in language
BM25_UNKNOWN_LANGUAGE = 0.5


@dataclass
class Filters:
    article_ids: list[str] | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    lang: str | None = None

    def metadata_filters(self) -> MetadataFilters | None:
        f = []
        if self.article_ids:
            f.append(MetadataFilter(key="article_id", value=list(self.article_ids), operator=FilterOperator.IN))
        if self.date_from:
            f.append(MetadataFilter(key="date_int", value=date_int(self.date_from), operator=FilterOperator.GTE))
        if self.date_to:
            f.append(MetadataFilter(key="date_int", value=date_int(self.date_to), operator=FilterOperator.LTE))
        if self.lang:
            f.append(MetadataFilter(key="lang", value=self.lang, operator=FilterOperator.EQ))
        return MetadataFilters(filters=f, condition=FilterCondition.AND) if f else None

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
        sentences.append(Sentence(meta["article_id"], int(meta["paragraph"]), i, start, end, paragraph[start:end],
                                  tuple(Entity(a, b, label, paragraph[a:b]) for a, b, label in ents)))
    return Hit(article_id=meta["article_id"], title=meta.get("title") or meta["article_id"],
               paragraph=int(meta["paragraph"]), text=paragraph, score=score, date=meta.get("date") or None,
               source=meta.get("source") or None, url=meta.get("url") or None, lang=meta.get("lang") or None,
               sentences=sentences, sentence_ids=json.loads(meta.get("sids") or "[]"))


class HybridRetriever(BaseRetriever):
    def __init__(self, cfg: Config, store: Store | None = None):
        super().__init__()
        self.cfg = cfg
        self.store = store or Store(cfg)
        self._bm25: BM25Index | None = None
        self._bm25_count = -1

    # -- parts ----------------------------------------------------------------------------
    @property
    def embedder(self):
        return load_embedder(self.cfg)

    def bm25(self) -> BM25Index:
        """Reloaded when the paragraph count changes (another process ingested)."""
        count = self.store.paragraphs.count()
        if self._bm25 is None or count != self._bm25_count:
            self._bm25 = load_or_build(self.store, self.cfg.index_dir)
            self._bm25_count = count
        return self._bm25

    def embed_query(self, text: str) -> list[float]:
        return embed_texts(self.embedder, [text], "query", encoder=query_encoder(self.cfg))[0]

    def _dense(self, vector_store, embedding, k: int, filters: Filters | None):
        q = VectorStoreQuery(query_embedding=embedding, similarity_top_k=k,
                             filters=filters.metadata_filters() if filters else None)
        res = vector_store.query(q)
        return list(zip(res.nodes or [], res.similarities or []))

    # -- the main entry -------------------------------------------------------------------
    def retrieve_hits(self, query: str, k: int = 5, language: str | None = None, filters: Filters | None = None,
                      embedding: list[float] | None = None, timings: dict | None = None) -> list[Hit]:
        timings = {} if timings is None else timings
        t = time.perf_counter()
        if embedding is None:
            embedding = self.embed_query(query)
            timings["embed"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
        rankings: dict[str, list[str]] = {}  # retriever -> paragraph chunk ids, best first
        dense_p = self._dense(self.store.paragraph_store, embedding, self.cfg.dense_k, filters)
        rankings["dense_paragraph"] = [n.node_id for n, _ in dense_p]
        dense_s = self._dense(self.store.sentence_store, embedding, self.cfg.dense_k * 2, filters)
        rankings["dense_sentence"] = [n.metadata["pid"] for n, _ in dense_s]
        rankings["bm25"] = [i for i, _ in self.bm25().search(query, self.cfg.bm25_k)]
        timings["search"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        records = {n.node_id: (n.get_content(), n.metadata) for n, _ in dense_p}  # already fetched
        records.update(self._paragraph_records([i for i in dict.fromkeys(i for r in rankings.values() for i in r)
                                                if i not in records]))
        by_key = {_key(m): (d, m) for d, m in records.values()}
        fused: dict[tuple[str, int], float] = {}
        signals: dict[tuple[str, int], dict] = {}
        for name, chunk_ids in rankings.items():
            keys = _dedupe([_key(records[i][1]) for i in chunk_ids if i in records])
            for rank, key in enumerate(keys):
                meta = by_key[key][1]
                if filters and not filters.accepts(meta):
                    continue
                w = WEIGHTS[name]
                if name == "bm25":
                    plang = meta.get("lang")
                    w *= 1.0 if (not language or plang == language) else (BM25_UNKNOWN_LANGUAGE if not plang else BM25_OTHER_LANGUAGE)
                fused[key] = fused.get(key, 0.0) + w / (RRF_K + rank + 1)
                signals.setdefault(key, {})[name] = rank + 1
        ranked_keys = sorted(fused, key=lambda k_: (-fused[k_], k_))[:k]
        hits = []
        for key in ranked_keys:
            text, meta = by_key[key]
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
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        sims = vectors @ np.asarray(embedding, dtype=np.float32)
        out = {}
        for node_id, meta, sim in zip(got["ids"], got["metadatas"], sims):
            index = int(node_id.rsplit(":", 2)[1][1:])
            out[(meta["article_id"], int(meta["paragraph"]), index)] = float(sim)
        return out

    # -- LlamaIndex -----------------------------------------------------------------------
    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from .language import detect_language

        hits = self.retrieve_hits(query_bundle.query_str, k=self.cfg.answer_paragraphs,
                                  language=detect_language(query_bundle.query_str),
                                  embedding=query_bundle.embedding)
        return [NodeWithScore(node=hit_to_node(h), score=h.score) for h in hits]


def hit_to_node(hit: Hit) -> TextNode:
    return TextNode(id_=f"{hit.article_id}:p{hit.paragraph}", text=hit.text,
                    metadata={"article_id": hit.article_id, "title": hit.title, "paragraph": hit.paragraph,
                              "date": hit.date, "source": hit.source, "url": hit.url, "lang": hit.lang})


def _key(meta: dict) -> tuple[str, int]:
    return meta["article_id"], int(meta["paragraph"])


def _dedupe(keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return list(dict.fromkeys(keys))
