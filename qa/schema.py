"""The answer nouns: Citation, Sentence and Answer, serialised exactly as docs/interfaces.md says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.schema import Hit


@dataclass
class Citation:
    n: int
    article_id: str
    title: str
    date: str | None
    source: str | None
    paragraph: int
    text: str  # the whole cited paragraph
    quote: str  # the supporting sentence(s), verbatim
    start: int  # offsets of quote inside text
    end: int
    url: str | None = None
    answer_start: int | None = None  # offsets of the short answer inside text, when there is one
    answer_end: int | None = None

    @classmethod
    def of(cls, n: int, hit: Hit, start: int, end: int, span=None) -> Citation:
        """Paragraph `hit` cited as [n], its text[start:end] the quote, `span` the short answer in it."""
        return cls(
            n=n,
            article_id=hit.article_id,
            title=hit.title,
            date=hit.date,
            source=hit.source,
            paragraph=hit.paragraph,
            text=hit.text,
            quote=hit.text[start:end],
            start=start,
            end=end,
            url=hit.url,
            answer_start=span.start if span else None,
            answer_end=span.end if span else None,
        )

    def to_dict(self) -> dict:
        d = {
            "n": self.n,
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "paragraph": self.paragraph,
            "text": self.text,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }
        if self.url:
            d["url"] = self.url
        if self.answer_start is not None:
            d["answer_start"], d["answer_end"] = self.answer_start, self.answer_end
        return d


@dataclass
class Sentence:
    """One sentence of a generated answer and the check's verdict on it (qa/verify.py)."""

    text: str
    citations: list[int]  # Answer.citations numbers
    supported: bool
    reason: str = ""  # the rule that failed and what it did not find ("number: 2024")
    written: int = 0  # citation markers the model wrote, unknown numbers included
    backing: int = 0  # of those, how many back the sentence (ALCE's citation precision, as the check judges)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "citations": self.citations,
            "supported": self.supported,
            "reason": self.reason,
            "written": self.written,
            "backing": self.backing,
        }


@dataclass
class Answer:
    question: str
    query: str
    answer: str
    short_answer: str | None
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    language: str = "en"
    answer_type: str | None = None
    resolved: str | None = None  # a relative date resolved against the article date (YYYY-MM[-DD])
    confidence: float = 0.0
    notes: list[str] = field(default_factory=list)
    decided_by: str = ""  # the rule or model the answer or refusal comes from ("reader", "refusal: near_miss"...)
    generator: str = "extractive"  # or "llm": the answer text was written by the model and checked
    sentences: list[Sentence] = field(default_factory=list)  # a generated answer's sentences, removed ones included

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "query": self.query,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "language": self.language,
            "answer_type": self.answer_type,
            "resolved": self.resolved,
            "confidence": round(self.confidence, 3),
            "notes": self.notes,
            "decided_by": self.decided_by,
            "generator": self.generator,
            "sentences": [s.to_dict() for s in self.sentences],
        }
