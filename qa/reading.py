"""Running the span reader over the answerer's best evidence.

The reader reads short windows (the best sentences with their neighbours) rather than whole
paragraphs: a ~100-token window costs a fraction of one long paragraph, and the ranked sentences
already say where the answer should be. It reads the next windows only when unsure of the first:
most questions cost one window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from .candidates import Candidate

WINDOWS = 3  # how many of the best sentences may be read, each with one sentence either side
N_BEST = 5  # spans considered per window, best first, until one is acceptable
MIN_MARGIN = 0.0  # the span must beat the reader's own "no answer here" score
# Below this margin over "no answer" the first window's span is unsure and the next windows are read too:
# 15 trades F1 against read time (docs/experiments.md). Margins do not compare across windows and the
# best sentence's window is right more often, so a later window's span must beat it by LATER_WINDOW.
SURE_MARGIN = 15.0
LATER_WINDOW = 3.0
# ... plus this much per point of sentence score below the best sentence: a distractor in a lower ranked
# window must beat the first by more than a near tie ("Burkina Faso" for "Qui représentait le Niger ?").
RANK_WEIGHT = 1.0


@dataclass
class Read:
    candidate: Candidate  # offsets in the cited paragraph
    evidence: object  # the answerer's Evidence for the sentence where the span starts
    margin: float

    @property
    def confident(self) -> bool:
        return self.margin >= MIN_MARGIN


def window_bounds(sentences: list[tuple[int, int]], i: int, radius: int = 1) -> tuple[int, int]:
    """Character range of sentence i with `radius` sentences either side (the reader is trained on these too)."""
    return sentences[max(0, i - radius)][0], sentences[min(len(sentences) - 1, i + radius)][1]


def windows(evidence: list, n: int = WINDOWS) -> list[tuple[object, int, int]]:
    """(evidence, start, end) of up to n windows around the best sentences, none inside another."""
    out: list[tuple[object, int, int]] = []
    for ev in evidence:
        sents = ev.hit.sentences
        i = next((j for j, s in enumerate(sents) if s.index == ev.sentence.index), None)
        if i is None:
            continue
        a, b = window_bounds([(s.start, s.end) for s in sents], i)
        if any(w[0].hit.key == ev.hit.key and w[1] <= a and b <= w[2] for w in out):
            continue
        out.append((ev, a, b))
        if len(out) == n:
            break
    return out


def read_ranked(reader, question: str, evidence: list, acceptable=lambda text: True) -> tuple[list[Read], float]:
    """The reader's best acceptable span (one that does not just repeat the question, say) per
    window read, best first, mapped back to its paragraph and sentence, and the reading time in ms.
    It reads the first window, and the others when unsure there; the caller takes the first span
    whose sentence passes its checks, so a later window's span that fails them does not cost the
    first window's."""
    t = time.perf_counter()
    wins = windows(evidence)
    texts = [ev.hit.text[a:b] for ev, a, b in wins]
    found = [(s, 0.0) for per in reader.read(question, texts[:1], N_BEST) for s in per if acceptable(s.text)]
    if len(texts) > 1 and (not found or found[0][0].margin < SURE_MARGIN):
        more = reader.read(question, texts[1:], N_BEST)
        top = wins[0][0].score
        found += [
            (replace(s, context=i + 1), LATER_WINDOW + RANK_WEIGHT * (top - wins[i + 1][0].score))
            for i, per in enumerate(more)
            for s in per
            if acceptable(s.text)
        ]
    ms = (time.perf_counter() - t) * 1000
    reads, seen = [], set()
    for span, _ in sorted(found, key=lambda sp: sp[1] - sp[0].margin):
        if span.context in seen:
            continue
        seen.add(span.context)
        ev, a, _ = wins[span.context]
        start, end = a + span.start, a + span.end
        home = next((e for e in evidence if e.hit.key == ev.hit.key and e.sentence.start <= start < e.sentence.end), ev)
        reads.append(Read(Candidate(start, end, ev.hit.text[start:end], "READ"), home, span.margin))
    return reads, ms
