"""Every threshold and weight that decides an answer, in one frozen object: read by the modules
that use them, written into every eval result (`evals/cli.py`), so a figure always says what
produced it. How each was chosen: docs/experiments.md. The type-fit tables stay in
`qa/answerer.py` (FIT, MIN_FIT): they are the type rules themselves."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class AnswerParams:
    # retrieval
    rrf_k: int = 60  # reciprocal rank fusion of e5 and BM25
    # sentence ranking
    dense_scale: float = 0.03  # an e5 similarity gap this large counts as much as full key-term coverage
    coverage_weight: float = 2.0  # the question's own terms in a sentence outweigh small e5 differences
    sentences_for_spans: int = 6  # sentences the type rules look for candidates in
    # matching the question's terms across languages (word vectors)
    term_match: float = 0.88
    term_margin: float = 0.03  # above the term's median similarity to the passage words
    term_strict: float = 0.92  # for the noun that names what is asked ("president" is not "ministre" at 0.89)
    # support and refusal
    min_support: float = 0.34  # share of the question's key terms (or its meaning) a sentence must carry
    # the check on generated sentences (qa/verify.py)
    claim_support: float = 0.5  # share of a sentence's content words its cited paragraphs must carry
    # the span reader
    windows: int = 3  # sentence windows read per question, in one batch
    windows_across: int = 4  # the same for a question in another language than the passages
    n_best: int = 5  # spans considered per window until one is acceptable
    min_margin: float = 0.0  # a span must beat the windows' pooled "no answer"
    trusted_read: float = 2.0  # this far over it, no word-overlap support is needed (names still are)
    sure_span: float = 5.0  # this far over it, the reader's date or number overrides the rules' reading
    sure_event: float = 10.0  # and its span without a date ("lors de la fondation") answers a "when"

    def to_dict(self) -> dict:
        return asdict(self)


PARAMS = AnswerParams()
