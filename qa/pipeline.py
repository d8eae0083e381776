"""The question-answering pipeline, short enough to read in one screen:

clean question -> rewrite follow-up -> analyse -> hybrid retrieval -> sentence similarities
-> extractive answer or refusal -> Answer with citations and per-stage timings.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from functools import lru_cache, partial

from index.chunking import count_tokens, truncate_tokens
from index.config import Config
from index.embedding import embed_queries, model_path, query_encoder
from index.schema import Hit
from index.store import Store, generation, reopen

from .analysis import analyze
from .answerer import Draft, Evidence, ExtractiveAnswerer
from .casing import common_word, word_scores
from .dates import human, resolve
from .followup import rewrite
from .language import detect_language
from .lexicon import TermMatcher
from .refusal import refusal_text
from .retrieval import Filters, HybridRetriever
from .schema import Answer, Citation
from .text import names_form
from .verify import polarities

MAX_QUESTION_CHARS = 2000
MAX_QUESTION_TOKENS = 400  # tiktoken count, well inside e5's 512-token window
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]")


def clean_question(question) -> tuple[str, list[str]]:
    """Strip control characters and cut overlong questions (with a note); empty -> ValueError."""
    if not isinstance(question, str):
        raise ValueError("question must be text")
    notes = []
    q = unicodedata.normalize("NFC", _CONTROL.sub(" ", question))
    q = re.sub(r"\s+", " ", q).strip()
    if not q:
        raise ValueError("question is empty")
    if len(q) > MAX_QUESTION_CHARS:
        q = q[:MAX_QUESTION_CHARS]
        notes.append(f"question cut to {MAX_QUESTION_CHARS} characters")
    if count_tokens(q) > MAX_QUESTION_TOKENS:
        q = truncate_tokens(q, MAX_QUESTION_TOKENS)
        notes.append(f"question cut to {MAX_QUESTION_TOKENS} tokens")
    return q, notes


def expand_aliases(query: str, entities: list[str], aliases: dict[str, str]) -> str:
    """Add the other form of any name the articles define as an acronym, so both are searched."""
    extra = [
        other for name in entities for form, other in aliases.items() if names_form(name, form) and other not in query
    ]
    return f"{query} ({', '.join(dict.fromkeys(extra))})" if extra else query


class Pipeline:
    """Construction is cheap; `warm_up()` loads the embedder and BM25 once per process."""

    def __init__(self, cfg: Config, store: Store | None = None):
        self.cfg = cfg
        self.store = store or Store(cfg)
        self.retriever = HybridRetriever(cfg, self.store)
        self.answerer = ExtractiveAnswerer(
            TermMatcher(self.store, cfg),
            reader=self.reader if cfg.reader != "rules" else None,
            mode=cfg.reader,
            refusal=cfg.refusal,
            answerability=_answerability(cfg),
        )
        self._aliases: dict[str, str] | None = None
        self._aliases_count = -1
        self._generation = generation(cfg.index_dir)
        self._reopening = threading.Lock()
        self._reader = None
        if cfg.reader != "rules":
            from .reader import WEIGHTS, verify_file

            self._weights = cfg.reader_weights or WEIGHTS
            verify_file(self._weights)  # a bad file fails now, not on the first phrase question

    def warm_up(self) -> Pipeline:
        self.store.check_space()  # a server on an index of older vectors stops here, not at the first question
        if self.cfg.reader != "rules":
            self.reader()  # exported on first use
        query_encoder(self.cfg)
        word_scores(model_path(self.cfg))
        self.retriever.bm25()
        self.aliases()
        resolve("1er juin 2025", None)  # dateparser builds its time-zone patterns on its first date (half a second)
        return self

    def reader(self):
        """The span reader (loaded on first use)."""
        if self._reader is None:
            from .reader import SpanReader

            self._reader = SpanReader(self.cfg, self._weights)
        return self._reader

    def aliases(self) -> dict[str, str]:
        count = self.store.manifest_collection.count()
        if self._aliases is None or count != self._aliases_count:
            merged: dict[str, str] = {}
            for entry in self.store.manifest().values():
                merged.update(json.loads(entry.aliases or "{}"))
            self._aliases, self._aliases_count = merged, count
        return self._aliases

    def follow_ingests(self) -> None:
        """On an embedded store, reopen the index after another process ingested into it, so new
        articles are answerable without a restart (a Chroma server is shared and needs none)."""
        if self.cfg.chroma_url or generation(self.cfg.index_dir) == self._generation:
            return
        with self._reopening:
            mark = generation(self.cfg.index_dir)
            if mark == self._generation:
                return
            reopen(self.cfg)
            store = Store(self.cfg)
            self.retriever, self.store = HybridRetriever(self.cfg, store), store
            self.answerer.matcher = TermMatcher(store, self.cfg)
            self._aliases, self._generation = None, mark

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        self.follow_ingests()
        query, _ = clean_question(query)
        return self.retriever.retrieve_hits(query, k=k, language=detect_language(query), filters=filters)

    def ask(self, question: str, history=None, filters: Filters | None = None) -> Answer:
        return self.ask_drafted(question, history, filters)[0]

    def ask_drafted(self, question: str, history=None, filters: Filters | None = None):
        """(the extractive Answer, the question's analysis, the draft it was composed from): the
        generative answerer (qa/generate.py) starts from these."""
        t0 = time.perf_counter()
        question, notes = clean_question(question)
        query, analysis, draft, timings = self.draft(question, history, filters)
        t = time.perf_counter()
        answer = compose(question, query, analysis, draft)
        answer.notes.extend(notes)
        timings["answer"] += (time.perf_counter() - t) * 1000
        if draft.read_ms:
            timings["read"] = draft.read_ms
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms = timings
        return answer, analysis, draft

    def draft(self, question: str, history=None, filters: Filters | None = None):
        """(the query asked, its analysis, the answerer's draft with its ranked evidence, timings in
        ms) for a cleaned question: `ask` composes the Answer from it, reader training mines its
        evidence windows."""
        self.follow_ingests()
        query = rewrite(question, history)
        analysis = analyze(query, partial(common_word, model_path(self.cfg)))
        timings: dict[str, float] = {}
        t = time.perf_counter()
        aliases = self.aliases()
        search_text = expand_aliases(query, analysis.entities, aliases)
        matcher = self.answerer.matcher
        terms = matcher.unknown_terms(analysis.key_words)
        embedding = embed_queries(self.cfg, [search_text])[0]
        if terms:  # in a call of their own: padded to the question's length, short words cost several times more
            matcher.remember_terms(terms, embed_queries(self.cfg, terms))
        timings["embed"] = (time.perf_counter() - t) * 1000
        hits = self.retriever.retrieve_hits(
            search_text,
            k=self.cfg.answer_paragraphs,
            language=analysis.language,
            filters=filters,
            embedding=embedding,
            timings=timings,
        )
        sims = self.retriever.sentence_similarities(hits, embedding)
        timings["retrieve"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        draft = self.answerer.answer(analysis, hits, sims, aliases, idf=self.retriever.idf)
        if _over_a_name_or_date(draft) and len(hits) == self.cfg.answer_paragraphs:
            draft = self._further(search_text, analysis, filters, embedding, aliases) or draft
        timings["answer"] = (time.perf_counter() - t) * 1000
        return query, analysis, draft, timings

    def _further(self, search_text, analysis, filters, embedding, aliases):
        """A refusal over a name or a date ("no article mentions X", "the passages that mention X do
        not give ...", "... do not speak of 2024") is said only after twice as many paragraphs were
        looked at: the draft from those, or None where it refuses over a name or a date too."""
        k = 2 * self.cfg.answer_paragraphs
        hits = self.retriever.retrieve_hits(
            search_text, k=k, language=analysis.language, filters=filters, embedding=embedding
        )
        sims = self.retriever.sentence_similarities(hits, embedding)
        draft = self.answerer.answer(analysis, hits, sims, aliases, idf=self.retriever.idf)
        return None if _over_a_name_or_date(draft) else draft


def _over_a_name_or_date(draft) -> bool:
    """The draft refuses because of a name or a date: no passage holds it, or those that do lack the answer."""
    return draft.refusal is not None and draft.refusal.code in (
        "missing_entity",
        "near_miss",
        "date_mismatch",
        "count_mismatch",
    )


def _answerability(cfg: Config):
    """The answerability model when refusal is learned; cfg.answerability "none" only records its features."""
    if cfg.refusal != "learned" or str(cfg.answerability) == "none":
        return None
    from .answerability import MODEL, load

    return load(cfg.answerability or MODEL)


def _citation(n: int, ev: Evidence, span=None) -> Citation:
    return Citation.of(n, ev.hit, ev.sentence.start, ev.sentence.end, span)


def _nearest(draft: Draft, limit: int = 3) -> list[Citation]:
    """For a refusal: the best sentence of each of the nearest paragraphs."""
    seen, out = set(), []
    for ev in draft.evidence:
        if ev.hit.key in seen:
            continue
        seen.add(ev.hit.key)
        out.append(_citation(len(out) + 1, ev))
        if len(out) == limit:
            break
    return out


def compose(question: str, query: str, analysis, draft: Draft) -> Answer:
    lang = "fr" if analysis.language == "fr" else "en"
    answer = Answer(
        question=question,
        query=query,
        answer="",
        short_answer=None,
        refused=draft.refused,
        language=analysis.language,
        answer_type=analysis.answer_type,
        confidence=draft.confidence,
        decided_by=draft.decided_by,
    )
    if draft.refused:
        answer.answer = refusal_text(draft.refusal, analysis, query)
        answer.citations = _nearest(draft)
        return answer
    if draft.span is not None and draft.span_evidence is not None:
        answer.short_answer = draft.short
        answer.resolved = draft.resolved
        answer.citations = [_citation(1, draft.span_evidence, draft.span)]
        when = f" ({human(draft.resolved, lang)})" if draft.resolved and not draft.resolved.isdigit() else ""
        open_q, close_q = ("« ", " »") if lang == "fr" else ("“", "”")
        answer.answer = f"{draft.short}{when} [1] — {open_q}{draft.span_evidence.sentence.text}{close_q}"
        return answer
    best = draft.evidence[0]
    cited = [best]
    second = next((e for e in draft.evidence[1:3] if e.score > best.score - 0.5 and e.hit.key != best.hit.key), None)
    if second:
        cited.append(second)
    answer.citations = [_citation(i + 1, ev) for i, ev in enumerate(cited)]
    if analysis.answer_type == "yesno":
        answer.short_answer = _yes_no(best, lang)
        prefix = f"{answer.short_answer}. "
    else:
        prefix = ""
    answer.answer = prefix + " ".join(f"{ev.sentence.text} [{i + 1}]" for i, ev in enumerate(cited))
    return answer


def _yes_no(ev: Evidence, lang: str) -> str:
    """ "No" where a word of the sentence that answers stands in a negation's scope, as the check on
    generated sentences reads it (`verify.polarities`: "et non pas dans une simple réponse", not
    "ne ... que")."""
    negated = any(True in seen for seen in polarities(ev.sentence.text).values())
    if lang == "fr":
        return "Non" if negated else "Oui"
    return "No" if negated else "Yes"


@lru_cache(maxsize=8)
def get_pipeline(cfg: Config) -> Pipeline:
    """One warm pipeline per configuration and process."""
    return Pipeline(cfg)
