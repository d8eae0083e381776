"""Run a suite against a system (anything with `ask` and `search`) and compute the metrics."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from . import metrics as m
from .suite import Case

RETRIEVAL_K = 10
METRIC_NAMES = [
    "answer_correct",
    "answer_f1",
    "answer_em",
    "citation_correct",
    "refusal_correct",
    "false_refusal",
    "retrieval_hit@1",
    "retrieval_hit@5",
    "mrr",
    "latency_p50_ms",
    "latency_p95_ms",
]


@dataclass
class CaseResult:
    case: Case
    answer: dict | None
    latency_ms: float
    correct: bool = False
    f1: float = 0.0
    em: bool = False
    citation_correct: bool = False
    refused: bool = False
    retrieval_rank: int | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.case.id,
            "question": self.case.question,
            "tags": self.case.tags,
            "expected": self.case.answers,
            "answerable": self.case.answerable,
            "answer": self.answer,
            "correct": self.correct,
            "f1": round(self.f1, 4),
            "em": self.em,
            "citation_correct": self.citation_correct,
            "refused": self.refused,
            "retrieval_rank": self.retrieval_rank,
            "latency_ms": round(self.latency_ms, 1),
            "error": self.error,
        }


@dataclass
class EvalResult:
    suite: str
    config: dict
    results: list[CaseResult] = field(default_factory=list)

    def metrics(self, results: list[CaseResult] | None = None) -> dict[str, float | None]:
        rs = self.results if results is None else results
        answerable = [r for r in rs if r.case.answerable]
        unanswerable = [r for r in rs if not r.case.answerable]
        cited = [r for r in answerable if r.case.evidence]
        with_evidence = [r for r in rs if r.case.evidence]
        latencies = [r.latency_ms for r in rs if r.error is None]

        answered = any(r.answer is not None for r in rs)  # a retrieval-only system has no answer metrics

        def share(items, pred):
            return round(m.mean(float(pred(r)) for r in items), 4) if items else None

        def answer_share(items, pred):
            return share(items, pred) if answered else None

        return {
            "answer_correct": answer_share(answerable, lambda r: r.correct),
            "answer_f1": answer_share(answerable, lambda r: r.f1),
            "answer_em": answer_share(answerable, lambda r: r.em),
            "citation_correct": answer_share(cited, lambda r: r.citation_correct),
            "refusal_correct": answer_share(unanswerable, lambda r: r.refused),
            "false_refusal": answer_share(answerable, lambda r: r.refused),
            "retrieval_hit@1": share(with_evidence, lambda r: m.hit_at(r.retrieval_rank, 1)),
            "retrieval_hit@5": share(with_evidence, lambda r: m.hit_at(r.retrieval_rank, 5)),
            "mrr": share(with_evidence, lambda r: m.reciprocal_rank(r.retrieval_rank, RETRIEVAL_K)),
            "latency_p50_ms": round(m.percentile(latencies, 50), 1),
            "latency_p95_ms": round(m.percentile(latencies, 95), 1),
        } | generation_metrics([r.answer for r in rs if r.answer is not None])

    def by_tag(self) -> dict[str, dict]:
        tags = sorted({t for r in self.results for t in r.case.tags})
        return {
            t: {
                "cases": sum(1 for r in self.results if t in r.case.tags),
                **self.metrics([r for r in self.results if t in r.case.tags]),
            }
            for t in tags
        }

    def to_dict(self) -> dict:
        return {
            "suite": self.suite,
            "cases": len(self.results),
            "config": self.config,
            "metrics": self.metrics(),
            "by_tag": self.by_tag(),
            "results": [r.to_dict() for r in self.results],
        }


def score_case(
    case: Case, answer: dict | None, paragraphs: list[str] | None, latency_ms: float, error: str | None = None
) -> CaseResult:
    r = CaseResult(case, answer, latency_ms, error=error)
    if paragraphs is not None and case.evidence:
        r.retrieval_rank = m.first_hit_rank(paragraphs, case.evidence)
    if answer is None:
        return r
    r.refused = bool(answer.get("refused"))
    if case.answerable and not r.refused:
        short = answer.get("short_answer")
        r.correct = m.short_correct(short, case.answers)
        predicted = short if short else answer.get("answer")
        r.f1 = max(m.f1(predicted, a) for a in case.answers)
        r.em = any(m.exact(short, a) for a in case.answers) if short else False
        texts = [c.get("text", "") for c in answer.get("citations", [])]
        r.citation_correct = any(m.contains(t, e) for t in texts for e in case.evidence)
    return r


def run_suite(
    system,
    cases: list[Case],
    suite_name: str,
    config: dict,
    progress: bool | None = None,
    answers: bool = True,
    in_conversation: bool = False,
) -> EvalResult:
    """`system.ask(question, history=...)` -> Answer and `system.search(query, k)` -> hits; the baseline
    only searches (`answers=False`). `in_conversation` asks each case after the one before it, as the
    chat would (that turn's rewritten question and its answer come first in the history), so a standalone
    question must get the same answer alone and mid-conversation."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    result = EvalResult(suite_name, config)
    earlier: list[dict] = []
    for case in tqdm(cases, desc="eval", unit="case", disable=not show, leave=False):
        answer, error = None, None
        t = time.perf_counter()
        query = case.question
        try:
            if answers:
                a = system.ask(case.question, history=earlier + case.history)
                answer, query = a.to_dict(), a.query
                if in_conversation:
                    earlier = [{"question": a.query, "answer": a.short_answer or a.answer}]
        except ValueError as e:
            error = str(e)
        latency = (time.perf_counter() - t) * 1000
        paragraphs = [h.text for h in system.search(query, k=RETRIEVAL_K)] if case.evidence else None
        if not answers:
            latency = (time.perf_counter() - t) * 1000
        result.results.append(score_case(case, answer, paragraphs, latency, error))
    return result


def generation_metrics(answers: list[dict]) -> dict:
    """With --llm: how the model's answers fared under the check (qa/verify.py). ALCE-style citation
    recall (sentences their citations back) and precision (citations that back their sentence), as
    the check judges them; the share of the model's answers with every sentence backed; how often
    the model's answer was used, and how often the extractive
    answer stood instead (`fallback`); the model's first-token and whole-answer latency."""
    tried = [a for a in answers if a.get("sentences") or a.get("generator") == "llm" or _fell_back(a)]
    if not tried:
        return {}
    sentences = [s for a in tried for s in a.get("sentences", [])]
    written = sum(s.get("written", 0) for s in sentences)
    first = [a["timings_ms"]["first_token"] for a in tried if "first_token" in a.get("timings_ms", {})]
    whole = [a["timings_ms"]["generate"] for a in tried if "generate" in a.get("timings_ms", {})]
    return {
        "llm_answers": round(sum(a.get("generator") == "llm" for a in tried) / len(answers), 4),
        "llm_fallback": round(sum(_fell_back(a) for a in tried) / len(answers), 4),
        "answers_supported": round(m.mean(float(_all_supported(a)) for a in tried), 4),
        "citation_recall": round(m.mean(float(s["supported"]) for s in sentences), 4) if sentences else None,
        "citation_precision": round(sum(s.get("backing", 0) for s in sentences) / written, 4) if written else None,
        "first_token_p50_ms": round(m.percentile(first, 50), 1) if first else None,
        "generate_p50_ms": round(m.percentile(whole, 50), 1) if whole else None,
        "generate_p95_ms": round(m.percentile(whole, 95), 1) if whole else None,
    }


def _all_supported(answer: dict) -> bool:
    return bool(answer.get("sentences")) and all(s["supported"] for s in answer["sentences"])


def _fell_back(answer: dict) -> bool:
    return any(
        n.startswith(("generative answer not used", "generative answer unavailable")) for n in answer.get("notes", [])
    )
