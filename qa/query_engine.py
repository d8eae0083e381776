"""The answerer as a LlamaIndex query engine: `engine.query(q)` -> `Response` with `source_nodes`."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.schema import NodeWithScore, TextNode


class ArticleQueryEngine(CustomQueryEngine):
    """Wraps a `qa.Pipeline`; the full Answer object is in `response.metadata["answer"]`."""

    pipeline: Any

    def custom_query(self, query_str: str) -> Response:
        answer = self.pipeline.ask(query_str)
        nodes = [
            NodeWithScore(
                node=TextNode(
                    id_=f"{c.article_id}:p{c.paragraph}",
                    text=c.text,
                    metadata={
                        "article_id": c.article_id,
                        "title": c.title,
                        "paragraph": c.paragraph,
                        "quote": c.quote,
                        "start": c.start,
                        "end": c.end,
                    },
                ),
                score=1.0 / c.n,
            )
            for c in answer.citations
        ]
        return Response(response=answer.answer, source_nodes=nodes, metadata={"answer": answer.to_dict()})
