"""Text primitives shared by indexing and answering: accent folding and stop words."""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path


def fold(text: str) -> str:
    """Lower case without accents: "États" and "etats" are one term."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _spacy_stop_words(lang: str) -> set[str]:
    """spaCy's stop-word list, read from its own file: importing `spacy.lang.fr` first compiles the
    language's tokenizer exceptions, the first question's whole delay in a server (docs/experiments.md)."""
    folder = Path(importlib.util.find_spec("spacy").origin).parent / "lang" / lang
    spec = importlib.util.spec_from_file_location(f"_spacy_stop_words_{lang}", folder / "stop_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STOP_WORDS


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English and French stop words (spaCy's lists, no model needed), folded."""
    return frozenset(fold(w) for w in _spacy_stop_words("en") | _spacy_stop_words("fr")) | {"s", "t", "d", "l"}
