"""Running the span reader over the answerer's best evidence.

The reader reads short windows (the best sentences with their neighbours) rather than whole
paragraphs: a ~100-token window costs a fraction of one long paragraph, and the ranked sentences
already say where the answer should be. It was trained with shared normalisation over such
windows (`evals/train_shared.py`), so its scores compare across them: the top windows are read in
one batch and the best span overall wins, against the windows' pooled "no answer" score.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .candidates import Candidate
from .params import PARAMS
from .reader import pooled_null


@dataclass
class Read:
    candidate: Candidate  # offsets in the cited paragraph
    evidence: object  # the answerer's Evidence for the sentence where the span starts
    margin: float

    @property
    def confident(self) -> bool:
        return self.margin >= PARAMS.min_margin


def window_bounds(sentences: list[tuple[int, int]], i: int, radius: int = 1) -> tuple[int, int]:
    """Character range of sentence i with `radius` sentences either side (the reader is trained on these too)."""
    return sentences[max(0, i - radius)][0], sentences[min(len(sentences) - 1, i + radius)][1]


def windows(evidence: list, n: int = PARAMS.windows) -> list[tuple[object, int, int]]:
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


def balanced_end(text: str, start: int, end: int) -> int:
    """The span's end cut before a bracket it opens or closes without its pair ("l'Organisation des
    Nations Unies (ONU" -> "l'Organisation des Nations Unies"): a reader's edge, not the answer's."""
    depth, opened = 0, start
    for i in range(start, end):
        if text[i] in "([":
            depth += 1
            opened = i if depth == 1 else opened
        elif text[i] in ")]":
            if depth == 0:
                return _trimmed(text, start, i, end)
            depth -= 1
    return _trimmed(text, start, opened, end) if depth else end


def _trimmed(text: str, start: int, cut: int, end: int) -> int:
    while cut > start and text[cut - 1] in " ,;:.!?":
        cut -= 1
    return cut if cut > start else end


def read_ranked(
    reader, question: str, evidence: list, acceptable=lambda text: True, n: int = PARAMS.windows
) -> tuple[list[Read], float]:
    """The reader's best acceptable span (one that does not just repeat the question, say) per
    window, best score first, mapped back to its paragraph and sentence, and the reading time in
    ms. The caller takes the first span whose sentence passes its checks, so a window whose span
    fails them does not cost the others'."""
    t = time.perf_counter()
    wins = windows(evidence, n)
    per_window = reader.read(question, [ev.hit.text[a:b] for ev, a, b in wins], PARAMS.n_best)
    nulls = [spans[0].null for spans in per_window if spans]
    null = pooled_null(nulls) if nulls else 0.0
    found = [next((s for s in spans if acceptable(s.text)), None) for spans in per_window]
    ms = (time.perf_counter() - t) * 1000
    reads = []
    for span in sorted((s for s in found if s is not None), key=lambda s: -s.score):
        ev, a, _ = wins[span.context]
        start = a + span.start
        home = next((e for e in evidence if e.hit.key == ev.hit.key and e.sentence.start <= start < e.sentence.end), ev)
        # an answer stands inside one sentence: a span that runs on into the next ends with its own
        end = a + span.end
        if end > home.sentence.end:
            end = _trimmed(ev.hit.text, start, home.sentence.end, end)
        end = balanced_end(ev.hit.text, start, end)
        reads.append(Read(Candidate(start, end, ev.hit.text[start:end], "READ"), home, span.score - null))
    return reads, ms
