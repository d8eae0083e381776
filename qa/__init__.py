"""Question answering over the indexed articles: `ask`, `search` and `Chat` (docs/interfaces.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from index.config import Config
from index.schema import Hit

from .schema import Answer, Citation, Sentence

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .retrieval import Filters, HybridRetriever

__all__ = [
    "Answer",
    "Chat",
    "Citation",
    "Config",
    "Filters",
    "Hit",
    "HybridRetriever",
    "Pipeline",
    "Sentence",
    "ask",
    "open_answerer",
    "search",
]


def __getattr__(name: str):
    """The pipeline's classes load on first use, so `import qa.reader` (say, on a training
    machine) does not import the index stack (Chroma, LlamaIndex, spaCy)."""
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name in ("Filters", "HybridRetriever"):
        from . import retrieval

        return getattr(retrieval, name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


def _pipeline(index: str | Path | None, config: Config | None) -> Pipeline:
    from .pipeline import get_pipeline

    return get_pipeline(config or Config.from_env(index_dir=index))


def open_answerer(index: str | Path | None = None, config: Config | None = None):
    """What answers with this configuration: the extractive `Pipeline`, or with `config.llm` the
    `GenerativeAnswerer` around it (same `ask` and `search`)."""
    pipeline = _pipeline(index, config)
    if not pipeline.cfg.llm:
        return pipeline
    from .generate import get_generative

    return get_generative(pipeline)


def _filters(article_ids=None, date_from=None, date_to=None, lang=None) -> Filters | None:
    if not (article_ids or date_from or date_to or lang):
        return None
    from .retrieval import Filters

    return Filters(
        article_ids=list(article_ids) if article_ids else None, date_from=date_from, date_to=date_to, lang=lang
    )


def ask(
    question: str,
    history=None,
    index: str | Path | None = None,
    config: Config | None = None,
    article_ids=None,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str | None = None,
) -> Answer:
    """Answer one question. `history`: earlier turns as (question, answer) pairs or {"question", "answer"} dicts."""
    return open_answerer(index, config).ask(
        question, history=history, filters=_filters(article_ids, date_from, date_to, lang)
    )


def search(
    query: str,
    k: int = 5,
    index: str | Path | None = None,
    config: Config | None = None,
    article_ids=None,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str | None = None,
) -> list[Hit]:
    """Ranked paragraphs, no answer."""
    return _pipeline(index, config).search(query, k=k, filters=_filters(article_ids, date_from, date_to, lang))


class Chat:
    """A conversation: keeps the turns so follow-ups ("And Niger's?") are rewritten from them."""

    def __init__(self, index: str | Path | None = None, config: Config | None = None, max_turns: int = 10):
        self.pipeline = open_answerer(index, config)
        self.history: list[tuple[str, str]] = []
        self.max_turns = max_turns

    def ask(self, question: str, **filters) -> Answer:
        answer = self.pipeline.ask(question, history=self.history[-self.max_turns :], filters=_filters(**filters))
        self.history.append((answer.query, answer.short_answer or answer.answer))
        return answer

    def clear(self) -> None:
        self.history.clear()
