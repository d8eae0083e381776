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
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import acronym_aliases
from .bm25 import ensure_built
from .chunking import CHUNKER_VERSION, build_nodes
from .config import Config
from .embedding import batch_size, bulk_encoder, embed_texts, prompt, release_file_encoders
from .heap import limit_arenas, release_free_memory
from .loaders import load_paths
from .lock import holding, writer_lock
from .nlp import parse_paragraphs
from .schema import Article, LoadError
from .storage import StorageError, check_room, is_disk_full, shortfall
from .store import ManifestEntry, Store, mark_changed
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
    rebuilt: str | None = None  # why this run rebuilt the stored vectors
    stopped: str | None = None  # why it stopped before the end (the disk reserve)
    errors: list[LoadError] = field(default_factory=list)

    def summary(self) -> str:
        rebuilt = f"index rebuilt ({self.rebuilt}); " if self.rebuilt else ""
        return (
            f"{rebuilt}{self.articles} articles ({self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed), {self.paragraphs} paragraphs, chunks {self.chunks_added} added / "
            f"{self.chunks_unchanged} unchanged / {self.chunks_removed} removed, "
            f"{len(self.errors)} rejected, {self.seconds:.1f} s"
        )

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["errors"] = [str(e) for e in self.errors]
        return d


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="article", desc="ingest", disable=not show, leave=False)


GROUP_PARAGRAPHS = 256  # articles are embedded together up to this many paragraphs
WRITE_BATCH = 2000  # nodes per Chroma write, below its maximum batch size


@dataclass
class _Work:
    article: Article
    entry: ManifestEntry | None
    digest: str
    fresh_para: list
    fresh_sent: list
    stale_para: set[str]
    stale_sent: set[str]
    kept: int


def _groups(items: deque, max_paragraphs: int):
    """Taken off the queue as they go, so nothing keeps a written article."""
    group, size = [], 0
    while items:
        item = items.popleft()
        group.append(item)
        size += len(item[0].paragraphs)
        if size >= max_paragraphs:
            yield group
            group, size = [], 0
    if group:
        yield group


class Ingestor:
    """Cheap to construct; the embedder and spaCy load on the first article that needs them."""

    def __init__(self, cfg: Config, store: Store | None = None, wait: bool = True):
        self.cfg = cfg
        self.store = store or Store(cfg)
        self.wait = wait  # for the writer lock: wait for another ingest, or raise IndexBusy
        self._lock = writer_lock(cfg.index_dir)

    def article_hash(self, article: Article) -> str:
        return article.content_hash(salt=f"{CHUNKER_VERSION}|{self.cfg.max_chunk_tokens}|{self.cfg.embed_model}")

    def run(self, paths: list[Path], prune: bool = False, progress: bool | None = None) -> IngestReport:
        with holding(self._lock, self.cfg.index_dir, self.wait):
            return self._run(paths, prune, progress)

    def _run(self, paths: list[Path], prune: bool, progress: bool | None) -> IngestReport:
        t0 = time.perf_counter()
        limit_arenas()
        loaded = load_paths([Path(p) for p in paths])
        report = IngestReport(errors=list(loaded.errors), articles=len(loaded.articles))
        outdated = self.store.outdated()
        if outdated:  # vectors of another space, or an older graph, cannot take new ones
            report.rebuilt = outdated if self.store.paragraphs.count() else None
            self.store.reset_vectors()
        manifest = self.store.manifest()
        keep = {a.id for a in loaded.articles}
        pending: deque[tuple[Article, ManifestEntry | None, str]] = deque()
        for article in loaded.articles:
            report.paragraphs += len(article.paragraphs)
            entry, digest = manifest.get(article.id), self.article_hash(article)
            if entry and entry.hash == digest:
                report.unchanged += 1
                report.chunks_unchanged += len(article.paragraphs)
            else:
                pending.append((article, entry, digest))
        loaded.articles.clear()  # each article's text is let go once written (100 MB at 100k paragraphs)
        if not self.cfg.chroma_url:
            check_room(self.cfg.index_dir, sum(len(a.paragraphs) for a, _, _ in pending))
        total = len(pending)
        try:
            self._write_all(pending, report, progress)
        except Exception as e:
            if not is_disk_full(e):
                raise
            raise StorageError(
                f"{self.cfg.index_dir}: the disk filled up after {report.new + report.updated} of {total} articles; "
                "run `article-qa check` once space is free"
            ) from None
        if pending:  # stopped at the reserve
            report.stopped = (
                f"{self.cfg.index_dir}: disk nearly full, stopped after {report.new + report.updated} of {total} "
                "articles (each written one is whole): free space and run ingest again to finish"
            )
        release_file_encoders()  # before BM25 is built: its peak adds to theirs otherwise
        if prune:
            for article_id, entry in manifest.items():
                if article_id not in keep and entry.path not in loaded.rejected_paths:
                    report.chunks_removed += self.remove(article_id)
                    report.removed += 1
        if self.store.paragraphs.count():
            ensure_built(self.store, self.cfg.index_dir)  # keyed by content: rebuilt only after a change
        if report.new or report.updated or report.removed or report.rebuilt:
            mark_changed(self.cfg.index_dir)
        report.seconds = time.perf_counter() - t0
        return report

    def _write_all(self, pending: deque, report: IngestReport, progress: bool | None) -> None:
        with _progress(report.articles, progress) as bar:
            bar.update(report.unchanged)
            for group in _groups(pending, GROUP_PARAGRAPHS):
                if not self.cfg.chroma_url and shortfall(
                    self.cfg.index_dir, sum(len(a.paragraphs) for a, _, _ in group)
                ):
                    pending.extendleft(reversed(group))  # not written: the caller says how far it got
                    return
                work = [self._prepare(article, entry, digest, report) for article, entry, digest in group]
                self._embed(work, report)
                for item in work:
                    self._write(item, report)
                release_free_memory()
                bar.update(len(group))

    def _prepare(self, article: Article, entry: ManifestEntry | None, digest: str, report: IngestReport) -> _Work:
        """Parse and chunk; find which nodes are new and which of the stored ones are stale."""
        parsed = parse_paragraphs(article.id, list(article.paragraphs))
        report.sentences += sum(len(s) for s in parsed)
        para_nodes, sent_nodes = build_nodes(article, parsed, self.cfg.max_chunk_tokens)
        old_para = self.store.ids_of(self.store.paragraphs, article.id)
        old_sent = self.store.ids_of(self.store.sentences, article.id)
        return _Work(
            article,
            entry,
            digest,
            fresh_para=[n for n in para_nodes if n.node_id not in old_para],
            fresh_sent=[n for n in sent_nodes if n.node_id not in old_sent],
            stale_para=old_para - {n.node_id for n in para_nodes},
            stale_sent=old_sent - {n.node_id for n in sent_nodes},
            kept=len(para_nodes),
        )

    def _embed(self, work: list[_Work], report: IngestReport) -> None:
        """One call for the whole group, so texts of similar length share batches (less padding)."""
        nodes = [n for w in work for n in w.fresh_para + w.fresh_sent]
        if not nodes:
            return
        t = time.perf_counter()
        texts = [n.get_content() for n in nodes]
        unique = list(dict.fromkeys(texts))  # a one-sentence paragraph is its own sentence: embed it once
        vectors, norms = self.store.space.centre(
            embed_texts(bulk_encoder(self.cfg), unique, prompt(self.cfg, "document"), batch_size(self.cfg))
        )
        row = {text: i for i, text in enumerate(unique)}
        for node, text in zip(nodes, texts):
            node.embedding = vectors[row[text]].tolist()
            node.metadata["cnorm"] = float(norms[row[text]])  # recovers the raw vector (index/space.py)
        words = {
            w
            for item in work
            if item.fresh_para
            for p in item.article.paragraphs
            for w in surface_words(p, stopwords())
        }
        # Words are embedded like question terms (float32, not int8): the lexicon compares the two
        # against thresholds an int8 vector would blur.
        report.words_added += add_words(self.store, self.cfg, words)
        report.embed_seconds += time.perf_counter() - t

    def _write(self, w: _Work, report: IngestReport) -> None:
        """New nodes first, then stale ones out, then the manifest: a kill anywhere is finished next run."""
        for i in range(0, len(w.fresh_para), WRITE_BATCH):  # Chroma caps one write (5,461 here)
            self.store.paragraph_store.add(w.fresh_para[i : i + WRITE_BATCH])
        for i in range(0, len(w.fresh_sent), WRITE_BATCH):
            self.store.sentence_store.add(w.fresh_sent[i : i + WRITE_BATCH])
        _delete(self.store.paragraphs, w.stale_para)
        _delete(self.store.sentences, w.stale_sent)
        report.chunks_added += len(w.fresh_para)
        report.chunks_unchanged += w.kept - len(w.fresh_para)
        report.chunks_removed += len(w.stale_para)
        if w.entry:
            report.updated += 1
        else:
            report.new += 1
        a = w.article
        self.store.put_manifest(
            ManifestEntry(
                article_id=a.id,
                hash=w.digest,
                path=a.path or "",
                title=a.title,
                date=a.date or "",
                lang=a.lang or "",
                source=a.source or "",
                url=a.url or "",
                paragraphs=len(a.paragraphs),
                aliases=json.dumps(acronym_aliases(list(a.paragraphs)), ensure_ascii=False),
            )
        )

    def remove_articles(self, article_ids: list[str]) -> tuple[list[str], list[str]]:
        """Remove whole articles by id: (removed, unknown ids). BM25 follows, and a running `serve`
        sees the change before its next answer."""
        with holding(self._lock, self.cfg.index_dir, self.wait):
            manifest, wanted = self.store.manifest(), list(dict.fromkeys(article_ids))
            removed = [a for a in wanted if a in manifest]
            for article_id in removed:
                self.remove(article_id)
            if removed and self.store.paragraphs.count():
                ensure_built(self.store, self.cfg.index_dir)
            return removed, [a for a in wanted if a not in manifest]

    def remove(self, article_id: str) -> int:
        with holding(self._lock, self.cfg.index_dir, self.wait):
            ids = self.store.ids_of(self.store.paragraphs, article_id)
            _delete(self.store.paragraphs, ids)
            _delete(self.store.sentences, self.store.ids_of(self.store.sentences, article_id))
            self.store.delete_manifest(article_id)
            mark_changed(self.cfg.index_dir)
            return len(ids)


def _delete(collection, ids: set[str]) -> None:
    ordered = sorted(ids)
    for i in range(0, len(ordered), WRITE_BATCH):
        collection.delete(ids=ordered[i : i + WRITE_BATCH])
