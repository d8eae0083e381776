"""Chroma storage: an embedded `PersistentClient` under the index folder, or a `chroma run` server.

Four collections: paragraph chunks and sentences (each behind a LlamaIndex `ChromaVectorStore`),
word vectors for cross-lingual term matching, and a manifest with one record per article
(its content hash and metadata). The manifest is
written last for each article, so an interrupted ingest is finished by the next run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from .config import Config
from .space import RAW, Space, space_for
from .storage import check_writable

GET_PAGE = 5000
VECTOR_COLLECTIONS = ("paragraphs", "sentences", "articles")  # what a change of vector space rebuilds
# The search graph of paragraphs and sentences: Chroma's default (16 neighbours, ef 100) lost answers among
# near-identical vectors at 100k paragraphs (docs/experiments.md). Words keep the default: they are distinct.
HNSW = {"space": "cosine", "max_neighbors": 32, "ef_construction": 400, "ef_search": 1000}


class SpaceMismatch(ValueError):
    """The index holds vectors of another space than this version searches: it must be re-ingested."""


@dataclass
class ManifestEntry:
    article_id: str
    hash: str
    path: str
    title: str
    date: str
    lang: str
    source: str
    url: str
    paragraphs: int
    aliases: str = "{}"  # JSON: acronym <-> long form, both folded keys


def connect(cfg: Config):
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if cfg.chroma_url:
        url = urlparse(cfg.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https", settings=settings
        )
    check_writable(cfg.index_dir)
    return chromadb.PersistentClient(path=str(cfg.index_dir / "chroma"), settings=settings)


GENERATION = "generation"  # rewritten by every ingest that changed the index: readers reopen it


def mark_changed(index_dir: Path) -> None:
    """Tell processes that serve this index that it changed (atomically: a reader sees old or new)."""
    import uuid

    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / f".{GENERATION}.tmp"
    tmp.write_text(uuid.uuid4().hex)
    tmp.replace(index_dir / GENERATION)


def generation(index_dir: Path) -> str:
    try:
        return (index_dir / GENERATION).read_text()
    except OSError:
        return ""


def reopen(cfg: Config) -> None:
    """Make the next embedded client of this index read it from disk: chromadb keeps one system per
    folder per process, and that system does not see what other processes wrote (docs/stack-notes.md).
    The old system is only dropped from the cache: requests still using it finish on the old view."""
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(cfg.index_dir / "chroma")
    for identifier in [i for i in SharedSystemClient._identifier_to_system if i == path]:
        SharedSystemClient._identifier_to_system.pop(identifier, None)


class Store:
    def __init__(self, cfg: Config, client=None):
        self.cfg = cfg
        self._client = client

    @cached_property
    def client(self):
        return self._client or connect(self.cfg)

    @cached_property
    def space(self) -> Space:
        return space_for(self.cfg)

    def _collection(self, suffix: str):
        graph = HNSW if suffix in ("paragraphs", "sentences") else {"space": "cosine"}
        return self.client.get_or_create_collection(
            f"{self.cfg.collection_prefix}_{suffix}",
            embedding_function=None,
            configuration={"hnsw": graph},
            metadata={"space": self.space.name},
        )

    def stored_space(self) -> str:
        """The space the stored vectors are in (indexes from before spaces were recorded: raw)."""
        return (self.paragraphs.metadata or {}).get("space", RAW)

    def outdated(self) -> str | None:
        """Why the stored vectors must be rebuilt (another space, or an older search graph), or None."""
        stored = self.stored_space()
        if stored != self.space.name:
            return f"its vectors were {stored!r}"
        graph = (self.paragraphs.configuration_json or {}).get("hnsw") or {}
        if any(graph.get(k) != v for k, v in HNSW.items()):
            return f"its search graph had {graph.get('max_neighbors')} neighbours per node"
        return None

    def check_space(self) -> None:
        """Searching vectors of another space with this version's queries would rank at random."""
        stored = self.stored_space()
        if stored != self.space.name and self.paragraphs.count():
            where = self.cfg.chroma_url or self.cfg.index_dir
            raise SpaceMismatch(
                f"the index at {where} holds {stored!r} vectors and this version searches "
                f"{self.space.name!r} ones: run `article-qa ingest` on your articles to rebuild it"
            )

    def reset_vectors(self) -> None:
        """Drop the paragraphs, sentences and manifest (word vectors do not depend on the space)."""
        existing = {c.name for c in self.client.list_collections()}
        for suffix in VECTOR_COLLECTIONS:
            if f"{self.cfg.collection_prefix}_{suffix}" in existing:
                self.client.delete_collection(f"{self.cfg.collection_prefix}_{suffix}")
        for attr in ("paragraphs", "sentences", "manifest_collection", "paragraph_store", "sentence_store"):
            self.__dict__.pop(attr, None)

    @cached_property
    def paragraphs(self):
        return self._collection("paragraphs")

    @cached_property
    def sentences(self):
        return self._collection("sentences")

    @cached_property
    def words(self):
        return self._collection("words")

    @cached_property
    def manifest_collection(self):
        return self._collection("articles")

    @cached_property
    def paragraph_store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.paragraphs)

    @cached_property
    def sentence_store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.sentences)

    # -- manifest -------------------------------------------------------------------------
    def manifest(self) -> dict[str, ManifestEntry]:
        got = self.manifest_collection.get(include=["metadatas"])
        return {m["article_id"]: ManifestEntry(**m) for m in got["metadatas"]}

    def put_manifest(self, entry: ManifestEntry) -> None:
        self.manifest_collection.upsert(ids=[entry.article_id], embeddings=[[0.0]], metadatas=[entry.__dict__])

    def delete_manifest(self, article_id: str) -> None:
        self.manifest_collection.delete(ids=[article_id])

    def fingerprint(self) -> str:
        """Changes whenever any article is added, changed or removed (keys the BM25 cache)."""
        import hashlib

        items = sorted((a, e.hash) for a, e in self.manifest().items())
        return hashlib.sha1(json.dumps(items).encode()).hexdigest()

    # -- nodes ----------------------------------------------------------------------------
    @staticmethod
    def ids_of(collection, article_id: str) -> set[str]:
        return set(collection.get(where={"article_id": article_id}, include=[])["ids"])

    def counts(self) -> dict[str, int]:
        return {
            "articles": self.manifest_collection.count(),
            "paragraph_chunks": self.paragraphs.count(),
            "sentences": self.sentences.count(),
        }

    def iter_paragraphs(self, where: dict | None = None):
        """All paragraph chunks as (id, text, metadata), paged so large corpora fit in memory."""
        offset = 0
        while True:
            got = self.paragraphs.get(where=where, include=["documents", "metadatas"], limit=GET_PAGE, offset=offset)
            if not got["ids"]:
                return
            yield from zip(got["ids"], got["documents"], got["metadatas"])
            offset += len(got["ids"])
