"""The vanilla LlamaIndex pipeline the project is measured against.

Default `SentenceSplitter` chunks, a `VectorStoreIndex` over Chroma, the same e5 embedder,
plain top-k retrieval: what a LlamaIndex user gets out of the box. It retrieves only (there is
no offline answerer in vanilla LlamaIndex), so it is compared on retrieval and speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.config import Config
from index.embedding import load_embedder
from index.loaders import load_paths


@dataclass
class BaselineHit:
    text: str
    score: float


class VanillaBaseline:
    def __init__(self, cfg: Config):
        self.cfg = cfg.with_(collection_prefix="vanilla")
        self._index = None

    def _store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from index.store import Store

        return ChromaVectorStore(chroma_collection=Store(self.cfg).paragraphs)

    def build(self, paths: list[Path]) -> int:
        """(Re)index the corpus the vanilla way; returns the number of chunks."""
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        store = self._store()
        if store._collection.count():
            store.clear()
        docs = [
            Document(text="\n\n".join(a.paragraphs), metadata={"title": a.title}, id_=a.id)
            for a in load_paths(paths).articles
        ]
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        self._index = VectorStoreIndex(
            nodes,
            storage_context=StorageContext.from_defaults(vector_store=store),
            embed_model=load_embedder(self.cfg),
            show_progress=False,
        )
        return len(nodes)

    def index(self):
        if self._index is None:
            from llama_index.core import VectorStoreIndex

            self._index = VectorStoreIndex.from_vector_store(self._store(), embed_model=load_embedder(self.cfg))
        return self._index

    def search(self, query: str, k: int = 5) -> list[BaselineHit]:
        nodes = self.index().as_retriever(similarity_top_k=k).retrieve(query)
        return [BaselineHit(n.node.get_content(), float(n.score or 0.0)) for n in nodes]
