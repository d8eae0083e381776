"""One split of each SQuAD-style data set by article, fixed in code: train / dev / test.

Articles are ordered by a hash of their title. The first fifth of the questions in that order is
held out from training (the span reader never reads it); the held-out articles are cut in two by
the same order: `dev`, where changes are chosen, and `test`, reported with each change set and
never chosen on. A translation of a data set (PIAF's English questions) keeps the titles, so it
keeps the split. A data set written over another's articles (the unanswerable questions over
PIAF) names that set in `splits_of`, and takes its split from it.
"""

from __future__ import annotations

import hashlib

SPLITS = ("train", "dev", "test")
HELD_OUT = 0.2  # of the questions, by whole articles


def _questions(article: dict) -> int:
    return sum(len(p.get("qas", [])) for p in article.get("paragraphs", []))


def _key(article: dict) -> str:
    return hashlib.sha1(str(article.get("title", "")).encode()).hexdigest()


def assign(articles: list[dict]) -> dict[str, str]:
    """Title -> split."""
    total = sum(_questions(a) for a in articles)
    held: list[dict] = []
    count = 0
    for a in sorted(articles, key=_key):
        if count >= HELD_OUT * total:
            break
        held.append(a)
        count += _questions(a)
    out = {str(a.get("title", "")): "train" for a in articles}
    dev_count = 0
    for a in held:
        split = "dev" if dev_count < count / 2 else "test"
        out[str(a.get("title", ""))] = split
        if split == "dev":
            dev_count += _questions(a)
    return out


def select(articles: list[dict], split: str, reference: list[dict] | None = None) -> list[dict]:
    """The articles of one split, in their original order; split as `reference` is when given."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: expected one of {', '.join(SPLITS)}")
    which = assign(reference if reference is not None else articles)
    return [a for a in articles if which.get(str(a.get("title", ""))) == split]
