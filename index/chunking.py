"""Turn an article into LlamaIndex nodes: paragraph chunks (the citation unit) and sentences.

Ids are deterministic (article id, paragraph, content hash), so re-ingesting unchanged text
produces the same ids and adds nothing. Sizes are counted with tiktoken; a paragraph longer
than the budget is split at sentence boundaries into parts that all cite the same paragraph.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from llama_index.core.schema import TextNode

from .schema import Article, Sentence

CHUNKER_VERSION = "3"  # part of each article's hash: changing chunking re-ingests everything


@lru_cache(maxsize=1)
def _encoding():
    """cl100k_base from the copy llama-index-core ships, so tiktoken never downloads."""
    if not os.environ.get("TIKTOKEN_CACHE_DIR"):
        import llama_index.core

        os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache")
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def truncate_tokens(text: str, limit: int) -> str:
    enc = _encoding()
    ids = enc.encode(text, disallowed_special=())
    return text if len(ids) <= limit else enc.decode(ids[:limit])


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def date_int(date: str | None) -> int:
    """YYYY-MM-DD as an integer, because Chroma compares numbers only."""
    return int(date.replace("-", "")) if date else 0


def _split_long(text: str, sentences: list[Sentence], max_tokens: int) -> list[tuple[int, int]]:
    """Character ranges of the paragraph, each within `max_tokens`, cut between sentences
    (or between words for a sentence that is itself too long)."""
    pieces: list[tuple[int, int]] = []
    for s in sentences or [Sentence("", 0, 0, 0, len(text), text)]:
        if count_tokens(s.text) <= max_tokens:
            pieces.append((s.start, s.end))
            continue
        start, pos = s.start, s.start
        for word_end in [i for i, ch in enumerate(text[s.start : s.end], s.start) if ch == " "] + [s.end]:
            if count_tokens(text[start:word_end]) > max_tokens and pos > start:
                pieces.append((start, pos))
                start = pos + 1
            pos = word_end
        pieces.append((start, s.end))
    ranges: list[tuple[int, int]] = []
    for start, end in pieces:
        if ranges and count_tokens(text[ranges[-1][0] : end]) <= max_tokens:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def article_meta(article: Article) -> dict:
    return {
        "article_id": article.id,
        "title": article.title,
        "date": article.date or "",
        "date_int": date_int(article.date),
        "source": article.source or "",
        "url": article.url or "",
        "lang": article.lang or "",
    }


def sentences_json(sentences: list[Sentence]) -> str:
    return json.dumps(
        [[s.start, s.end, [[e.start, e.end, e.label] for e in s.entities]] for s in sentences], separators=(",", ":")
    )


def paragraph_key(node_id: str) -> tuple[str, int]:
    """(article id, paragraph number) of a paragraph chunk or sentence id, as `build_nodes` writes them."""
    article_id, number, _, _ = node_id.rsplit(":", 3)
    return article_id, int(number[1:])


def node_part(node_id: str) -> int:
    """A chunk id's part number (1 for a paragraph's first chunk), or a sentence id's sentence index."""
    return int(node_id.rsplit(":", 2)[1].lstrip("s"))


def build_nodes(
    article: Article, parsed: list[list[Sentence]], max_tokens: int
) -> tuple[list[TextNode], list[TextNode]]:
    """(paragraph chunk nodes, sentence nodes) for one article."""
    meta = article_meta(article)
    # A change of metadata or of the chunker must replace the nodes that carry it.
    salt = CHUNKER_VERSION + json.dumps(meta, sort_keys=True)
    para_nodes, sent_nodes = [], []
    for number, (text, sentences) in enumerate(zip(article.paragraphs, parsed), start=1):
        ranges = [(0, len(text))] if count_tokens(text) <= max_tokens else _split_long(text, sentences, max_tokens)
        sids = [f"{article.id}:p{number}:s{s.index}:{_short_hash(salt + s.text)}" for s in sentences]
        chunk_ids = []
        for part, (start, end) in enumerate(ranges, start=1):
            chunk = text[start:end]
            node_meta = {
                **meta,
                "kind": "paragraph",
                "paragraph": number,
                "part": part,
                "parts": len(ranges),
                "pstart": start,
                "sents": sentences_json(sentences),
                "sids": json.dumps(sids),
            }
            if len(ranges) > 1:
                node_meta["ptext"] = text
            chunk_ids.append(f"{article.id}:p{number}:{part}:{_short_hash(salt + chunk)}")
            para_nodes.append(TextNode(id_=chunk_ids[-1], text=chunk, metadata=node_meta))
        for s, sid in zip(sentences, sids):
            sent_nodes.append(
                TextNode(
                    id_=sid,
                    text=truncate_tokens(s.text, max_tokens),
                    metadata={
                        **{k: meta[k] for k in ("article_id", "date_int", "lang")},
                        "kind": "sentence",
                        "paragraph": number,
                        "start": s.start,
                        "end": s.end,
                        "pid": chunk_ids[0],
                    },
                )
            )
    return para_nodes, sent_nodes
