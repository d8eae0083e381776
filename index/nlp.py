"""Sentence splitting and named entities with spaCy, loaded once per process.

Parsing happens at ingest time and the results are stored with the paragraphs, so answering a
question never re-parses text.
"""

from __future__ import annotations

from functools import lru_cache

from .schema import Entity, Sentence

SPACY_MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def load_nlp():
    """Only the components needed for entities and sentences: ~3 s to load, ~13 ms a paragraph."""
    import spacy

    nlp = spacy.load(SPACY_MODEL, exclude=["parser", "morphologizer", "attribute_ruler", "lemmatizer"])
    nlp.add_pipe("sentencizer")
    return nlp


def for_spacy(text: str) -> str:
    """Curly apostrophes make spaCy's French model produce junk entities; the swap keeps offsets."""
    return text.replace("\u2019", "'")


def parse_paragraphs(article_id: str, paragraphs: list[str], batch_size: int = 64) -> list[list[Sentence]]:
    """Sentences (with their entities) of each paragraph, offsets into the original text."""
    nlp = load_nlp()
    out = []
    for number, doc in enumerate(nlp.pipe((for_spacy(p) for p in paragraphs), batch_size=batch_size), start=1):
        text = paragraphs[number - 1]
        sentences = []
        for i, sent in enumerate(doc.sents):
            start, end = sent.start_char, sent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1
            ents = tuple(
                Entity(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char])
                for e in doc.ents
                if start <= e.start_char and e.end_char <= end
            )
            sentences.append(Sentence(article_id, number, i, start, end, text[start:end], ents))
        out.append(sentences)
    return out
