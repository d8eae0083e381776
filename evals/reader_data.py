"""Training and validation data for the span reader: PIAF dev (French, MIT) and XQuAD (CC BY-SA 4.0).

PIAF's validation fifth is the dev and test splits of `evals/splits.py` (whole articles), so no
paragraph of a validation article is ever trained on. `piaf-val.json` is that fifth in SQuAD
format; `eval --squad ... --split dev|test` reads one half of it.
XQuAD is parallel across its 12 languages, so a question in one language can be paired with the
same paragraph in another: cross-lingual examples like an English question over a French article.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from qa.reading import window_bounds

from .splits import HELD_OUT, assign

DATA = Path(__file__).resolve().parent / "data"
PIAF = DATA / "piaf" / "piaf-v1.0-dev.json"
PIAF_VAL = DATA / "piaf" / "piaf-val.json"
PIAF_EN = DATA / "piaf-en" / "piaf-v1.0-dev-en.json"
XQUAD = DATA / "xquad"
VALIDATION_SHARE = HELD_OUT


@dataclass(frozen=True)
class Example:
    qid: str
    question: str
    context: str
    answer_start: int | None  # None: the context does not hold the answer (a negative)
    answers: tuple[str, ...]
    group: str  # the article, for drawing negatives from its other paragraphs
    source: str


def _load(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["data"]


def piaf_split(path: Path = PIAF) -> tuple[list[dict], list[dict]]:
    """(train articles, validation articles: dev and test), split by article (evals/splits.py)."""
    articles = _load(path)
    which = assign(articles)
    return [a for a in articles if which[a["title"]] == "train"], [a for a in articles if which[a["title"]] != "train"]


def write_validation(out: Path = PIAF_VAL, source: Path = PIAF) -> Path:
    _, val = piaf_split(source)
    out.write_text(
        json.dumps(
            {"version": "piaf-val (held out by article from piaf-v1.0-dev)", "data": val},
            ensure_ascii=False,
            indent=None,
        ),
        encoding="utf-8",
    )
    return out


def english_questions(path: Path = PIAF_EN) -> dict[str, str]:
    """PIAF question id -> the same question in English (same paragraphs, same answers)."""
    return {str(qa["id"]): qa["question"] for a in _load(path) for p in a["paragraphs"] for qa in p["qas"]}


def squad_examples(articles: list[dict], source: str, questions: dict[str, str] | None = None) -> list[Example]:
    """One example per question; `questions` replaces each question by id (another language's)."""
    out = []
    for a in articles:
        for p in a["paragraphs"]:
            for qa in p["qas"]:
                answers = [x for x in qa.get("answers", []) if x.get("text")]
                if not answers:
                    continue
                question = questions.get(qa["id"]) if questions is not None else qa["question"]
                if not question:
                    continue
                out.append(
                    Example(
                        str(qa["id"]),
                        question,
                        p["context"],
                        int(answers[0]["answer_start"]),
                        tuple(dict.fromkeys(x["text"] for x in answers)),
                        a["title"],
                        source,
                    )
                )
    return out


def xquad_examples(langs: list[str], question_lang: str = "en") -> list[Example]:
    """For each language: its own questions, and (cross-lingual) `question_lang`'s questions over its paragraphs."""
    if not langs:
        return []
    asked = {
        qa["id"]: qa["question"]
        for a in _load(XQUAD / f"xquad.{question_lang}.json")
        for p in a["paragraphs"]
        for qa in p["qas"]
    }
    out = []
    for lang in langs:
        articles = _load(XQUAD / f"xquad.{lang}.json")
        out += squad_examples(articles, f"xquad-{lang}")
        if lang != question_lang:
            out += squad_examples(articles, f"xquad-{question_lang}>{lang}", asked)
    return out


def sentence_ranges(contexts: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Each context's sentences as character ranges, split as at ingest (`index.nlp`)."""
    from index.nlp import parse_paragraphs

    return {c: [(s.start, s.end) for s in sents] for c, sents in zip(contexts, parse_paragraphs("train", contexts))}


def with_negatives(examples: list[Example], rate: float, seed: int) -> list[Example]:
    """Add, for a share of the examples, the same question over another paragraph of its article:
    the reader learns to score 'no answer here' (its first token)."""
    rng = random.Random(seed)
    by_group: dict[tuple[str, str], list[str]] = {}
    for ex in examples:
        contexts = by_group.setdefault((ex.source, ex.group), [])
        if ex.context not in contexts:
            contexts.append(ex.context)
    out = list(examples)
    for ex in examples:
        others = [c for c in by_group[(ex.source, ex.group)] if c != ex.context and not any(a in c for a in ex.answers)]
        if others and rng.random() < rate:
            out.append(Example(ex.qid + "-neg", ex.question, rng.choice(others), None, (), ex.group, ex.source))
    return out


def with_windows(
    examples: list[Example],
    sentences: dict[str, list[tuple[int, int]]],
    rate: float,
    seed: int,
    keep_paragraphs: bool = True,
) -> list[Example]:
    """Add, for a share of the examples, the sentence window that holds the answer and a window of
    the same paragraph that does not: the reader reads such windows at answer time, and learns
    there that a neighbouring window's "no answer" must beat its spans, so margins compare
    across windows. Without `keep_paragraphs` only the windows are returned."""
    rng = random.Random(seed)
    out = list(examples) if keep_paragraphs else []
    for ex in examples:
        sents = sentences.get(ex.context) or []
        if ex.answer_start is None or len(sents) < 2 or rng.random() >= rate:
            continue
        a, b = ex.answer_start, ex.answer_start + len(ex.answers[0])
        home = next((i for i, (s, e) in enumerate(sents) if s <= a < e), None)
        if home is None:
            continue
        start, end = window_bounds(sents, home)
        if start <= a and b <= end:
            out.append(
                Example(
                    ex.qid + "-win", ex.question, ex.context[start:end], a - start, ex.answers[:1], ex.group, ex.source
                )
            )
        others = [window_bounds(sents, i) for i in range(len(sents))]
        others = [(s, e) for s, e in others if e <= a or s >= b]
        others = [(s, e) for s, e in others if not any(x in ex.context[s:e] for x in ex.answers)]
        if others:
            s, e = rng.choice(others)
            out.append(Example(ex.qid + "-winneg", ex.question, ex.context[s:e], None, (), ex.group, ex.source))
    return out
