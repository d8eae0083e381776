"""Is a question's capitalised first word a name, or a common word capitalised by grammar?

"Contre quelle équipe...", "Origine de la prospérité de Lyon": the first word is capitalised
because it starts the question, and taken for a name it would have to be found in the articles
(else a refusal: "no article mentions Contre"). The multilingual tokenizer's unigram model
(XLM-R's, fitted on CC-100 in a hundred languages) knows how often a word is written in lower
case: a word it knows far more often lower-cased is a common word; a name ("Mali", "Tchad",
"Lavrov") is not. Its scores are read once from the model folder's `tokenizer.json`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PREFIX = "▁"  # sentencepiece's word-start mark
MARGIN = 1.0  # log-probability: lower case at least e (2.7) times as frequent ("Date", "Face"; not "Mali": 0.84)


@lru_cache(maxsize=2)
def word_scores(model_dir: str) -> dict[str, float]:
    """Unigram log-probabilities of whole-word pieces (letters only), by word; empty when the
    folder's tokenizer is not a unigram model."""
    path = Path(model_dir) / "tokenizer.json"
    if not path.is_file():
        return {}
    model = json.loads(path.read_text(encoding="utf-8")).get("model", {})
    if model.get("type") != "Unigram":
        return {}
    return {piece[1:]: score for piece, score in model["vocab"] if piece.startswith(PREFIX) and piece[1:].isalpha()}


def common_word(model_dir: str, word: str) -> bool:
    scores = word_scores(model_dir)
    lower = scores.get(word.lower())
    if lower is None or word.islower():
        return False
    as_written = scores.get(word)
    return as_written is None or lower - as_written > MARGIN
