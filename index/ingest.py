"""Ingest articles: load, clean, parse, chunk, embed, upsert into Chroma, refresh BM25.

Per article the order is: embed everything (nothing written yet), upsert the new nodes,
delete the article's nodes that are no longer current, then write its manifest record. A run
killed at any point leaves old or new nodes reachable, never duplicates, and the next run,
seeing the stale manifest hash, finishes the job.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import acronym_aliases
from .bm25 import load_or_build
from .chunking import CHUNKER_VERSION, build_nodes
from .config import Config
from .embedding import load_embedder
from .loaders import load_paths
from .nlp import parse_paragraphs
from .schema import Article, LoadError
from .store import ManifestEntry, Store
from .text import stopwords
from .vocabulary import add_words, surface_words


@dataclass
class IngestReport:
    articles: int = 0
    paragraphs: int = 0
    sentences: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    words_added: int = 0
    errors: list[LoadError] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.articles} articles ({self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed), {self.paragraphs} paragraphs, chunks {self.chunks_added} added / "
                f"{self.chunks_unchanged} unchanged / {self.chunks_removed} removed, "
                f"{len(self.errors)} rejected, {self.seconds:.1f} s")

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["errors"] = [str(e) for e in self.errors]
        return d


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="article", desc="ingest", disable=not show, leave=False)


class Ingestor:
    """Cheap to construct; the embedder and spaCy load on the first article that needs them."""

    def __init__(self, cfg: Config, store: Store | None = None):
        self.cfg = cfg
        self.store = store or Store(cfg)

    def article_hash(self, article: Article) -> str:
        return article.content_hash(salt=f"{CHUNKER_VERSION}|{self.cfg.max_chunk_tokens}|{self.cfg.embed_model}")

    def run(self, paths: list[Path], prune: bool = False, progress: bool | None = None) -> IngestReport:
        t0 = time.perf_counter()
        loaded = load_paths([Path(p) for p in paths])
        report = IngestReport(errors=list(loaded.errors), articles=len(loaded.articles))
        manifest = self.store.manifest()
        with _progress(len(loaded.articles), progress) as bar:
            for article in loaded.articles:
                self._ingest_one(article, manifest.get(article.id), report)
                bar.update(1)
        if prune:
            keep = {a.id for a in loaded.articles}
            for article_id, entry in manifest.items():
                if article_id not in keep and entry.path not in loaded.rejected_paths:
                    report.chunks_removed += self.remove(article_id)
                    report.removed += 1
        if (report.new or report.updated or report.removed or not self._bm25_ready()) and self.store.paragraphs.count():
            load_or_build(self.store, self.cfg.index_dir)
        report.seconds = time.perf_counter() - t0
        return report

    def _bm25_ready(self) -> bool:
        from .bm25 import bm25_folder

        return (bm25_folder(self.cfg.index_dir, self.store.fingerprint()) / "ids.json").exists()

    def _ingest_one(self, article: Article, entry: ManifestEntry | None, report: IngestReport) -> None:
        report.paragraphs += len(article.paragraphs)
        digest = self.article_hash(article)
        if entry and entry.hash == digest:
            report.unchanged += 1
            report.chunks_unchanged += len(article.paragraphs)
            return
        parsed = parse_paragraphs(article.id, list(article.paragraphs))
        report.sentences += sum(len(s) for s in parsed)
        para_nodes, sent_nodes = build_nodes(article, parsed, self.cfg.max_chunk_tokens)
        old_para = self.store.ids_of(self.store.paragraphs, article.id)
        old_sent = self.store.ids_of(self.store.sentences, article.id)
        fresh_para = [n for n in para_nodes if n.node_id not in old_para]
        fresh_sent = [n for n in sent_nodes if n.node_id not in old_sent]
        t = time.perf_counter()
        embedder = load_embedder(self.cfg) if fresh_para or fresh_sent else None
        for nodes in (fresh_para, fresh_sent):
            if nodes:
                vectors = embedder.get_text_embedding_batch([n.get_content() for n in nodes])
                for node, vec in zip(nodes, vectors):
                    node.embedding = vec
        report.embed_seconds += time.perf_counter() - t
        t = time.perf_counter()
        if fresh_para:
            words = {w for p in article.paragraphs for w in surface_words(p, stopwords())}
            report.words_added += add_words(self.store, embedder, words)
        report.embed_seconds += time.perf_counter() - t
        if fresh_para:
            self.store.paragraph_store.add(fresh_para)
        if fresh_sent:
            self.store.sentence_store.add(fresh_sent)
        stale_para = old_para - {n.node_id for n in para_nodes}
        stale_sent = old_sent - {n.node_id for n in sent_nodes}
        if stale_para:
            self.store.paragraphs.delete(ids=sorted(stale_para))
        if stale_sent:
            self.store.sentences.delete(ids=sorted(stale_sent))
        report.chunks_added += len(fresh_para)
        report.chunks_unchanged += len(para_nodes) - len(fresh_para)
        report.chunks_removed += len(stale_para)
        if entry:
            report.updated += 1
        else:
            report.new += 1
        self.store.put_manifest(ManifestEntry(
            article_id=article.id, hash=digest, path=article.path or "", title=article.title,
            date=article.date or "", lang=article.lang or "", source=article.source or "",
            url=article.url or "", paragraphs=len(article.paragraphs),
            aliases=json.dumps(acronym_aliases(list(article.paragraphs)), ensure_ascii=False)))

    def remove(self, article_id: str) -> int:
        ids = self.store.ids_of(self.store.paragraphs, article_id)
        if ids:
            self.store.paragraphs.delete(ids=sorted(ids))
        sent = self.store.ids_of(self.store.sentences, article_id)
        if sent:
            self.store.sentences.delete(ids=sorted(sent))
        self.store.delete_manifest(article_id)
        return len(ids)
