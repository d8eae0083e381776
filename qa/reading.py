"""Running the span reader over the answerer's best evidence.

The reader reads short windows (the best sentences with their neighbours) rather than whole
paragraphs: a batch of two ~100-token windows costs a fraction of one long paragraph, and the
ranked sentences already say where the answer should be.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from .candidates import Candidate

WINDOWS = 1  # how many of the best sentences are read, each with one sentence either side
N_BEST = 5  # spans considered per window, best first, until one is acceptable
MIN_MARGIN = 0.0  # the span must beat the reader's own "no answer here" score


@dataclass
class Read:
    candidate: Candidate  # offsets in the cited paragraph
    evidence: object  # the answerer's Evidence for the sentence where the span starts
    margin: float
    ms: float

    @property
    def confident(self) -> bool:
        return self.margin >= MIN_MARGIN


def windows(evidence: list, n: int = WINDOWS) -> list[tuple[object, int, int]]:
    """(evidence, start, end) of up to n windows around the best sentences, none inside another."""
    out: list[tuple[object, int, int]] = []
    for ev in evidence:
        sents = ev.hit.sentences
        i = next((j for j, s in enumerate(sents) if s.index == ev.sentence.index), None)
        if i is None:
            continue
        a, b = sents[max(0, i - 1)].start, sents[min(len(sents) - 1, i + 1)].end
        if any(w[0].hit.key == ev.hit.key and w[1] <= a and b <= w[2] for w in out):
            continue
        out.append((ev, a, b))
        if len(out) == n:
            break
    return out


def read_best(reader, question: str, evidence: list, acceptable=lambda text: True) -> Read | None:
    """The reader's best acceptable span over the windows (one that does not just repeat the
    question, say), mapped back to its paragraph and sentence."""
    t = time.perf_counter()
    wins = windows(evidence)
    spans = reader.read(question, [ev.hit.text[a:b] for ev, a, b in wins], N_BEST)
    ms = (time.perf_counter() - t) * 1000
    ranked = sorted((s for per in spans for s in per), key=lambda s: -s.margin)
    best = next((s for s in ranked if acceptable(s.text)), None)
    if best is None:
        return None
    ev, a, _ = wins[best.context]
    start, end = a + best.start, a + best.end
    home = next((e for e in evidence if e.hit.key == ev.hit.key and e.sentence.start <= start < e.sentence.end), ev)
    return Read(Candidate(start, end, ev.hit.text[start:end], "READ"), home, best.margin, ms)
