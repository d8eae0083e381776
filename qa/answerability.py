"""Learned answerability: how likely the answerer's own answer is right, and a refusal below a
calibrated threshold (selective question answering, Kamath et al. 2020).

The word-overlap checks (is the role the question names in the sentence, does the sentence carry
a third of its terms) refused paraphrases they could not match. With `refusal="learned"` they
become features here, beside the reader's margin over "no answer", the sentence's rank and e5
similarity and the answer's type, and a logistic model fitted on PIAF's dev split (the span
reader's held-out articles), with unanswerable questions written for it
(`evals/data/piaf-unanswerable`), weighs them. The hard
checks stay rules (a name the passages or the answer's sentence lack, `qa/refusal.py`).
Trained by `evals/train_answerability.py`; its card is `qa/models/ANSWERABILITY.md`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).parent / "models" / "answerability.json"
TYPES = ("person", "organisation", "place", "date", "number", "reason", "manner", "phrase", "yesno")
FEATURES = (
    "margin",  # the reader's margin over the pooled "no answer" (clipped, /10); 0 without a read
    "no_read",
    "from_reader",  # the short answer is the reader's span, or the type rule's inside it
    "type_rule",  # the short answer is a typed candidate the reader did not point at
    "sentence_only",  # no short answer: the best sentence
    "coverage",  # share of the question's key terms around the answer's sentence
    "weak_support",  # that share under PARAMS.min_support (the rule this model replaces)
    "role_asked",  # the question names a role or thing ("president", "capitale")
    "role_absent",  # ... and the answer's sentence does not name it (the rule this model replaces)
    "names",  # how many names the question gives (up to 3, /3)
    "dense",  # e5 similarity of the answer's sentence to the question
    "dense_gap",  # below the best sentence's
    "score_gap",  # the answer's sentence below the best ranked one
    "sentence_rank",  # 0 for the best ranked sentence, up to 5, /5
    "same_language",  # question and passage
    "cross_margin",  # margin when the languages differ
    "answer_words",  # length of the short answer (up to 12, /12)
    *(f"type_{t}" for t in TYPES),
)


@dataclass(frozen=True)
class Answerability:
    """A logistic model over FEATURES, standardised, and the threshold chosen on the dev split."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    card: dict

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            c * (features[n] - m) / s for n, m, s, c in zip(self.names, self.mean, self.scale, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        body = {k: getattr(self, k) for k in ("names", "mean", "scale", "coef", "intercept", "threshold", "card")}
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, path: Path = MODEL) -> Answerability:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        names = tuple(body["names"])
        if names != FEATURES:
            raise ValueError(f"{path}: trained on other features than qa/answerability.py computes; retrain it")
        return cls(
            names,
            tuple(body["mean"]),
            tuple(body["scale"]),
            tuple(body["coef"]),
            float(body["intercept"]),
            float(body["threshold"]),
            body.get("card", {}),
        )


@lru_cache(maxsize=4)
def load(path: Path = MODEL) -> Answerability:
    return Answerability.read(path)


def vector(
    *,
    margin: float | None,
    source: str,
    coverage: float,
    weak: bool,
    role_asked: bool,
    role_absent: bool,
    names: int,
    dense: float,
    dense_gap: float,
    score_gap: float,
    rank: int,
    same_language: bool,
    answer: str | None,
    answer_type: str,
) -> dict[str, float]:
    """The features of one drafted answer, by name. `source` is "reader", "type rule" or "sentence"."""
    m = 0.0 if margin is None else max(-10.0, min(20.0, margin)) / 10
    kind = answer_type if answer_type in TYPES else "phrase"
    out = {
        "margin": m,
        "no_read": float(margin is None),
        "from_reader": float(source == "reader"),
        "type_rule": float(source == "type rule"),
        "sentence_only": float(source == "sentence"),
        "coverage": coverage,
        "weak_support": float(weak),
        "role_asked": float(role_asked),
        "role_absent": float(role_absent),
        "names": min(names, 3) / 3,
        "dense": dense,
        "dense_gap": dense_gap,
        "score_gap": min(score_gap, 10.0),
        "sentence_rank": min(rank, 5) / 5,
        "same_language": float(same_language),
        "cross_margin": 0.0 if same_language else m,
        "answer_words": min(len((answer or "").split()), 12) / 12,
    }
    out.update({f"type_{t}": float(kind == t) for t in TYPES})
    return out
