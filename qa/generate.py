"""Generative answers, checked: a model writes the answer with [n] citations, every sentence is
tested against the paragraphs it cites (qa/verify.py), and the extractive answer stands whenever
the model's cannot be backed.

question -> extractive pipeline (retrieval, draft, refusal) -> prompt with the retrieved paragraphs
-> model (streamed, or structured JSON) -> sentences and their citations -> the check -> decision:
the checked generated answer, or the extractive one with a note saying why.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial

from index.schema import Hit

from .llm import LLMClient, LLMError
from .schema import Answer, Citation, Sentence
from .verify import Verifier, split_sentences

SCHEMA = {
    "type": "object",
    "properties": {
        "answerable": {"type": "boolean"},
        "sentences": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "citations": {"type": "array", "items": {"type": "integer"}},
                },
                "required": ["text", "citations"],
            },
        },
    },
    "required": ["answerable", "sentences"],
}
LANGUAGE = {"fr": "French", "en": "English"}
MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
MAX_TOKENS = 300


def messages(query: str, language: str, hits: list[Hit], structured: bool) -> list[dict]:
    """The system rules and the numbered paragraphs with their title and date, then the question."""
    form = (
        'Reply in JSON: {"answerable": true or false, "sentences": [{"text": ..., "citations": [n, ...]}]}.'
        if structured
        else "End every sentence with the number of the paragraph that supports it, like [2]."
    )
    system = (
        "You answer questions about news articles using only the numbered paragraphs given. "
        f"Answer in {LANGUAGE.get(language, 'the language of the question')}, in at most three short sentences. "
        f"Every sentence must cite the paragraph that states it. {form} "
        "If the paragraphs do not hold the answer, say so and cite nothing."
    )
    numbered = "\n\n".join(
        f"[{i}] {h.title}" + (f" ({h.date})" if h.date else "") + f", paragraph {h.paragraph}:\n{h.text}"
        for i, h in enumerate(hits, start=1)
    )
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": f"Paragraphs:\n\n{numbered}\n\nQuestion: {query}"},
    ]


def parse(text: str, fmt: str) -> tuple[list[tuple[str, list[int]]], bool]:
    """(sentences with their citation numbers, whether the model says it can answer)."""
    if fmt != "text":
        data = json.loads(text)
        if isinstance(data, dict) and isinstance(data.get("sentences"), list):
            out = []
            for s in data["sentences"]:
                if isinstance(s, dict) and isinstance(s.get("text"), str):
                    body, marked = _markers(s["text"])
                    cited = [n for n in s.get("citations") or [] if isinstance(n, int)] + marked
                    out.extend([(body, list(dict.fromkeys(cited)))] if body else [])
            return out, data.get("answerable") is not False and bool(out)
    out: list[tuple[str, list[int]]] = []
    for part in split_sentences(text):
        lead = re.match(r"(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+", part)
        if lead and out:  # "... Niger. [2] The next..." : the marker belongs to the sentence before
            out[-1][1].extend(_markers(lead.group(0))[1])
            part = part[lead.end() :]
        body, cited = _markers(part)
        if body:
            out.append((body, cited))
    return out, bool(out)


def _markers(text: str) -> tuple[str, list[int]]:
    cited = [int(n) for m in MARKER.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]
    return MARKER.sub("", text).strip(), list(dict.fromkeys(cited))


@dataclass
class Judged:
    """One sentence of the model's reply and the check's verdict, citations in the prompt's numbering."""

    text: str
    cited: list[int]
    supported: bool
    reason: str
    quote: str  # the cited sentence the check matched
    written: int  # citation markers the model wrote
    backing: int  # of those, the ones that back it


@dataclass
class Checked:
    sentences: list[Judged] = field(default_factory=list)
    answerable: bool = True
    raw: str = ""


class GenerativeAnswerer:
    """Wraps a `qa.Pipeline`: `ask` and `stream` return Answers as `Pipeline.ask` does (`search` too)."""

    def __init__(self, pipeline, client: LLMClient | None = None, structured: bool = True):
        """`structured`: `ask` requests the server's JSON output; else it streams, as the chat does."""
        from index.embedding import model_path

        from .casing import common_word
        from .lexicon import TermMatcher

        self.pipeline = pipeline
        self.structured = structured
        self.client = client or LLMClient(pipeline.cfg)
        reader = pipeline.reader() if pipeline.cfg.reader != "rules" else None
        word = partial(common_word, model_path(pipeline.cfg))
        self.verifier = Verifier(TermMatcher(None, pipeline.cfg), word, reader)

    def search(self, query: str, k: int = 5, filters=None):
        return self.pipeline.search(query, k=k, filters=filters)

    def ask(self, question: str, history=None, filters=None, show_unsupported: bool = False) -> Answer:
        """The whole answer at once (in the server's structured output when it has one and `structured`)."""
        *_, answer = self.stream(question, history, filters, show_unsupported, structured=self.structured)
        return answer

    def stream(
        self, question: str, history=None, filters=None, show_unsupported: bool = False, structured: bool = False
    ) -> Iterator[str | Answer]:
        """The model's text as it is written (str), then the checked Answer, last."""
        extractive, analysis, draft = self.pipeline.ask_drafted(question, history, filters)
        hits = list({ev.hit.key: ev.hit for ev in draft.evidence}.values())
        if not hits:
            yield extractive
            return
        self.verifier.aliases = self.pipeline.aliases()
        prompt = messages(extractive.query, analysis.language, hits, structured)
        t = time.perf_counter()
        try:
            if structured:
                text, fmt = self.client.complete(prompt, SCHEMA, MAX_TOKENS)
                first = (time.perf_counter() - t) * 1000
            else:
                text, fmt, first = "", "text", None
                for piece in self.client.stream(prompt, MAX_TOKENS):
                    first = first if first is not None else (time.perf_counter() - t) * 1000
                    text += piece
                    yield text
        except LLMError as e:
            extractive.notes.append(f"generative answer unavailable: {e}; the extractive answer is shown")
            yield extractive
            return
        timings = {"first_token": first or 0.0, "generate": (time.perf_counter() - t) * 1000}
        t = time.perf_counter()
        checked = self.check(text, fmt, hits)
        timings["check"] = (time.perf_counter() - t) * 1000
        yield self.decide(extractive, analysis, hits, checked, timings, show_unsupported)

    def check(self, text: str, fmt: str, hits: list[Hit]) -> Checked:
        try:
            parsed, answerable = parse(text, fmt)
        except json.JSONDecodeError:
            parsed, answerable = parse(text, "text")
        out = Checked(answerable=answerable, raw=text)
        for body, cited in parsed:
            known = [n for n in cited if 1 <= n <= len(hits)] or self._attribute(body, hits, cited)
            verdict = self.verifier.sentence(body, [hits[n - 1].text for n in known])
            why = verdict.reason
            if verdict.supported and len(known) < len(cited):
                why = f"unknown citation dropped: {', '.join(str(n) for n in cited if n not in known)}"
            backing = self._backing(body, known, hits) if verdict.supported and cited else 0
            out.sentences.append(Judged(body, known, verdict.supported, why, verdict.quote, len(cited), backing))
        return out

    def _attribute(self, body: str, hits: list[Hit], cited: list[int]) -> list[int]:
        """A sentence written with no citation (small models forget them) gets the first retrieved
        paragraph that backs it, if any: the check is the same, and `written` stays 0."""
        if cited:
            return []  # it cited only paragraphs that do not exist: not repaired
        return next(([n] for n, h in enumerate(hits, start=1) if self.verifier.sentence(body, [h.text]).supported), [])

    def _backing(self, body: str, known: list[int], hits: list[Hit]) -> int:
        """Citations that back a supported sentence: alone, or as one it cannot do without."""
        if len(known) == 1:
            return 1
        alone = [self.verifier.sentence(body, [hits[n - 1].text]).supported for n in known]
        needed = [
            not self.verifier.sentence(body, [hits[m - 1].text for m in known if m != n]).supported for n in known
        ]
        return sum(a or b for a, b in zip(alone, needed))

    def decide(self, extractive: Answer, analysis, hits, checked: Checked, timings, show_unsupported) -> Answer:
        """The checked generated answer, or the extractive one with a note saying why not."""
        extractive.timings_ms.update(timings)
        backed = [s for s in checked.sentences if s.supported]
        if extractive.refused and not backed:
            return extractive  # both decline
        why = self._why_not(extractive, analysis, hits, checked, backed)
        if why:
            extractive.notes.append(f"generative answer not used: {why}; the extractive answer is shown")
            extractive.sentences = [_sentence(s, {}) for s in checked.sentences]
            return extractive
        return _generated(extractive, hits, checked, show_unsupported)

    def _why_not(self, extractive: Answer, analysis, hits, checked: Checked, backed: list[Judged]) -> str | None:
        """The decision table: the first row that holds says why the model's answer is not shown."""
        if extractive.refused:
            return "the model answered, but the paragraphs do not back an answer to this question"
        if not (checked.answerable and checked.sentences):
            return "the model found no answer in the paragraphs"
        if not backed:
            return "no sentence of the model's answer is backed by the paragraph it cites"
        if len(backed) * 2 < len(checked.sentences):
            return f"most of the model's sentences are not backed ({len(checked.sentences) - len(backed)} of {len(checked.sentences)})"
        texts, cited = [s.text for s in backed], [hits[n - 1].text for s in backed for n in s.cited]
        missed = self.verifier.answer_in_citation(extractive.query, analysis.answer_type, texts, cited)
        if missed:
            return f"the paragraphs the model cites give another answer ({missed})"
        short = extractive.short_answer
        if short and analysis.answer_type != "yesno" and not self.verifier.holds(short, " ".join(texts)):
            return f"the model's answer does not say what the paragraphs answer ({short})"
        return None


def _generated(extractive: Answer, hits: list[Hit], checked: Checked, show_unsupported: bool) -> Answer:
    numbers: dict[int, int] = {}  # prompt number -> citation number, in order of first use by a backed sentence
    citations: list[Citation] = []
    for s in checked.sentences:
        for n in s.cited if s.supported else []:
            if n not in numbers:
                numbers[n] = len(citations) + 1
                citations.append(_citation(numbers[n], hits[n - 1], s.quote))
    parts, removed = [], 0
    for s in checked.sentences:
        if s.supported:
            parts.append(f"{s.text} " + "".join(f"[{numbers[n]}]" for n in s.cited))
        else:
            removed += 1
            parts.append(f"[removed: {s.text} — {s.reason}]" if show_unsupported else "[…]")
    a = extractive
    body = " ".join(parts)
    short = a.short_answer  # the decision checked that the model's text says it (a yes/no: its polarity is the rule's)
    answer = Answer(
        question=a.question,
        query=a.query,
        answer=body,
        short_answer=short,
        refused=False,
        citations=citations,
        timings_ms=a.timings_ms,
        language=a.language,
        answer_type=a.answer_type,
        resolved=a.resolved if short else None,
        confidence=a.confidence,
        notes=a.notes + ([f"{removed} sentence(s) removed: not backed by the paragraphs they cite"] if removed else []),
        decided_by="llm, every sentence checked against its citations",
        generator="llm",
        sentences=[_sentence(s, numbers) for s in checked.sentences],
    )
    return answer


def _sentence(s: Judged, numbers: dict[int, int]) -> Sentence:
    return Sentence(s.text, [numbers[n] for n in s.cited if n in numbers], s.supported, s.reason, s.written, s.backing)


def _citation(n: int, hit: Hit, quote: str) -> Citation:
    """The paragraph, its sentence that the check matched highlighted (else its first)."""
    sentence = next((s for s in hit.sentences if quote and (quote in s.text or s.text in quote)), None)
    start, end = (sentence.start, sentence.end) if sentence else (0, len(split_sentences(hit.text)[0]))
    return Citation.of(n, hit, start, end)


@lru_cache(maxsize=4)
def get_generative(pipeline) -> GenerativeAnswerer:
    """One per pipeline and process (the check's word vectors are cached in it)."""
    return GenerativeAnswerer(pipeline)
