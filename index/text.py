"""Text primitives shared by indexing and answering: accent folding and stop words."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower case without accents: "États" and "etats" are one term."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English and French stop words (spaCy's lists, no model needed), folded."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(fold(w) for w in EN | FR) | {"s", "t", "d", "l"}
