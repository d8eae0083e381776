"""`article-qa check [--repair]`: is the index whole? Compares the manifest (one entry per
article, written last by an ingest), the paragraph and sentence chunks in Chroma, and the BM25
index beside it, and says what is wrong in one line each.

An ingest writes an article's new chunks, then deletes its stale ones, then its manifest entry, so
a kill leaves at worst chunks of an article the manifest does not list yet (a new one), or an
article's old and new chunks side by side (a changed one). Both are finished by the next ingest
of the same files; `--repair` removes them (the article stays as the manifest last recorded it
only where its chunks are whole) and rebuilds BM25.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .bm25 import bm25_folder, ensure_built
from .config import Config
from .store import Store


@dataclass
class Finding:
    article_id: str
    problem: str  # orphan_chunks | missing_paragraphs | duplicate_chunks | bm25_stale
    message: str


@dataclass
class CheckReport:
    articles: int = 0
    chunks: int = 0
    sentences: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _chunk_meta(collection) -> list[tuple[str, dict]]:
    got = collection.get(include=["metadatas"])
    return list(zip(got["ids"], got["metadatas"]))


def check(cfg: Config, store: Store | None = None) -> CheckReport:
    store = store or Store(cfg)
    manifest = store.manifest()
    chunks = _chunk_meta(store.paragraphs)
    sentences = _chunk_meta(store.sentences)
    report = CheckReport(len(manifest), len(chunks), len(sentences))
    by_article: dict[str, list[dict]] = defaultdict(list)
    for _, meta in chunks:
        by_article[meta["article_id"]].append(meta)
    orphans = sorted({m["article_id"] for _, m in chunks + sentences} - set(manifest))
    for article_id in orphans:
        n = len(by_article.get(article_id, []))
        report.findings.append(
            Finding(
                article_id,
                "orphan_chunks",
                f"{article_id}: {n} chunks of an article the manifest does not list (an interrupted ingest)",
            )
        )
    for article_id, entry in sorted(manifest.items()):
        metas = by_article.get(article_id, [])
        have = {m["paragraph"] for m in metas}
        missing = sorted(set(range(1, entry.paragraphs + 1)) - have)
        if missing:
            report.findings.append(
                Finding(
                    article_id,
                    "missing_paragraphs",
                    f"{article_id}: paragraphs {_ranges(missing)} of {entry.paragraphs} are not stored",
                )
            )
        twice = sorted(p for p, n in Counter((m["paragraph"], m.get("part", 0)) for m in metas).items() if n > 1)
        if twice:
            report.findings.append(
                Finding(
                    article_id,
                    "duplicate_chunks",
                    f"{article_id}: paragraphs {_ranges(sorted({p for p, _ in twice}))} are stored twice (old and new text of an interrupted update)",
                )
            )
    ids = bm25_folder(cfg.index_dir, store.fingerprint()) / "ids.json"
    if chunks and (not ids.exists() or len(json.loads(ids.read_text())) != len(chunks)):
        report.findings.append(
            Finding("", "bm25_stale", f"{cfg.index_dir}: the BM25 index does not match the stored articles")
        )
    return report


def repair(cfg: Config, report: CheckReport, store: Store | None = None) -> list[str]:
    """Remove what a killed ingest left (orphan chunks; an article whose chunks are not whole, with
    its manifest entry, so the next ingest adds it again) and rebuild BM25. Returns what was done."""
    from .ingest import Ingestor

    store = store or Store(cfg)
    ingestor = Ingestor(cfg, store)
    done = []
    for article_id in dict.fromkeys(f.article_id for f in report.findings if f.problem != "bm25_stale"):
        ingestor.remove(article_id)
        done.append(f"{article_id}: removed; ingest its file again to add it back")
    if store.paragraphs.count():
        ensure_built(store, cfg.index_dir)
        done.append(f"{cfg.index_dir}: BM25 index rebuilt")
    return done


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)
