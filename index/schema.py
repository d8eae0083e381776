"""The nouns every layer shares: Article, Paragraph, Sentence, Hit, LoadError."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    path: str | None = None  # where it was read from (for messages and pruning)

    def content_hash(self, salt: str = "") -> str:
        """Hash of everything that reaches the index, so a change anywhere re-ingests."""
        meta = {k: v for k, v in asdict(self).items() if k != "path"}
        blob = json.dumps(meta, ensure_ascii=False, sort_keys=True) + salt
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()

    def paragraph(self, number: int) -> Paragraph:
        return Paragraph(self.id, number, self.paragraphs[number - 1])


@dataclass(frozen=True)
class Paragraph:
    article_id: str
    number: int  # 1-based over the cleaned body: what users see as "§n"
    text: str


@dataclass(frozen=True)
class Entity:
    start: int  # character offsets inside the paragraph
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Sentence:
    article_id: str
    paragraph: int
    index: int
    start: int  # character offsets inside the paragraph text
    end: int
    text: str
    entities: tuple[Entity, ...] = ()


@dataclass
class Hit:
    """One retrieved paragraph, with the article metadata a citation needs."""

    article_id: str
    title: str
    paragraph: int
    text: str
    score: float
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    sentence_ids: list[str] = field(default_factory=list)  # their ids in the store (for their vectors)
    signals: dict = field(default_factory=dict)  # per-retriever ranks, for debugging and evals

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.paragraph)

    def to_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "paragraph": self.paragraph,
            "text": self.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class LoadError:
    """A user mistake in an input file, reported as one line that names where it is."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {self.message}"


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters escaped, so that a file name cannot rewrite the terminal or the page."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
