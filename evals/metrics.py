"""Answer-quality metrics, treating the system as a black box (docs/interfaces.md).

Matching is on normalised text: NFKC, curly quotes straightened, lower case, accents removed,
punctuation dropped, white space collapsed; F1 and EM also drop English and French articles.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

import numpy as np

MAX_SHORT_WORDS = 12
ARTICLES = {"a", "an", "the", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d"}
_PUNCT = re.compile(f"[{re.escape(string.punctuation)}«»“”‘’…–—]")


def normalize(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").lower()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def answer_tokens(text: str | None) -> list[str]:
    return [t for t in normalize(text).split() if t not in ARTICLES]


def contains(haystack: str | None, needle: str) -> bool:
    n = normalize(needle)
    return bool(n) and f" {n} " in f" {normalize(haystack)} "


def f1(prediction: str | None, gold: str) -> float:
    p, g = answer_tokens(prediction), answer_tokens(gold)
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def exact(prediction: str | None, gold: str) -> bool:
    return answer_tokens(prediction) == answer_tokens(gold)


def short_correct(short: str | None, answers: list[str]) -> bool:
    return bool(short) and len(normalize(short).split()) <= MAX_SHORT_WORDS and any(contains(short, a) for a in answers)


def first_hit_rank(paragraphs: list[str], evidence: list[str]) -> int | None:
    """1-based rank of the first paragraph containing any evidence snippet."""
    for rank, text in enumerate(paragraphs, start=1):
        if any(contains(text, e) for e in evidence):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    return float(rank is not None and rank <= k)


def reciprocal_rank(rank: int | None, cutoff: int = 10) -> float:
    return 1.0 / rank if rank is not None and rank <= cutoff else 0.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def mean(values) -> float:
    values = list(values)
    return float(sum(values) / len(values)) if values else 0.0
