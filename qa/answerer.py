"""The extractive answerer: rank sentences, pick a span of the expected type, or refuse.

Sentence relevance combines e5 similarity (works across languages), key-term coverage with
cognate matching, and whether the question's names appear next to the sentence. Spans come
from `candidates`, scored on that relevance, type fit, nearness to the question's terms, and
not repeating the question. `refusal` decides when the evidence does not hold an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from index.schema import Hit, Sentence
from index.text import stopwords
from index.vocabulary import surface_words

from . import answerability
from .analysis import PERSON_NOUNS, PLACE_KINDS, REGION_NOUNS, ROLE_TRANSLATIONS, QuestionAnalysis
from .candidates import Candidate, has_shape, sentence_candidates
from .dates import date_given, find_dates, resolve
from .language import detect_language
from .params import PARAMS
from .reading import read_ranked
from .refusal import Refusal, entity_in, missing_entity
from .text import (
    apposed_lists,
    capital_forms,
    compounds,
    contains_word,
    content_tokens,
    country_codes,
    country_forms,
    counts,
    enumerations,
    fold,
    group_size,
    has_capitalised_word,
    place_kind,
    role_countries,
    same_word,
    token_spans,
    tokens,
)

FIT = {
    "person": {"PER": 1.0, "PROPN": 0.5, "ORG": 0.3, "MISC": 0.3},
    "organisation": {"ORG": 1.0, "MISC": 0.9, "PROPN": 0.7, "PER": 0.6, "LOC": 0.2},
    "place": {"LOC": 1.0, "PROPN": 0.4, "ORG": 0.2, "MISC": 0.2},
    "date": {"DATE": 1.0},
    "number": {"NUM": 1.0},
    "phrase": {"ORG": 0.5, "MISC": 0.5, "PER": 0.5, "LOC": 0.5, "PROPN": 0.4, "QUOTE": 0.6},
    "reason": {"CLAUSE": 1.0},
    "manner": {"QUOTE": 0.6},
}
MIN_FIT = {
    "person": 0.5,
    "organisation": 0.5,
    "place": 0.4,
    "date": 1.0,
    "number": 1.0,
    "phrase": 0.4,
    "reason": 1.0,
    "manner": 0.6,
}
TYPED = ("person", "organisation", "place", "date", "number")
# A sentence opening with one of these leans on the sentence before it ("Il a exprimé..."),
# so that sentence's names count as its own.
ANAPHOR = re.compile(
    r"^(?:il|elle|ils|elles|lui|cette|cet|ce|ces|celui|celle|sa|son|ses|leur|leurs|he|she|they|it|"
    r"this|these|those|his|her|their)\b"
    r"|\b(?:les|ces|leurs|the|these|both)\s+(?:deux|trois|quatre|cinq|two|three|four|five)\s+\w+"
    r"|\b(?:ce dernier|cette dernière|ces derniers|the latter|the former)\b"
    # the subject pronoun after an opening phrase: "Aventurier, il sert ...", "In 1910, she ..."
    r"|^[^.;:,]{1,60},\s*(?:il|elle|ils|elles|he|she|they)\b",
    re.IGNORECASE,
)


@dataclass
class Evidence:
    hit: Hit
    rank: int
    sentence: Sentence
    dense: float
    coverage: float  # share of the question's key terms in the sentence (and the one before)
    entity_share: float  # share of the question's located names there
    missing: list[str]
    window: list[str]
    undated: list[str] = field(default_factory=list)  # the question's dates its paragraph does not give
    matched: set[int] = field(default_factory=set)  # indices of the question's key terms found
    strict: set[int] = field(default_factory=set)  # those found by spelling or a close translation
    score: float = 0.0


@dataclass
class Draft:
    refused: bool
    evidence: list[Evidence] = field(default_factory=list)
    span: Candidate | None = None
    span_evidence: Evidence | None = None
    short: str | None = None
    resolved: str | None = None
    refusal: Refusal | None = None
    confidence: float = 0.0
    read_ms: float = 0.0
    regions: frozenset[str] = frozenset()  # names the passages call a region: no city or country asked for
    decided_by: str = ""  # which rule or model gave the answer or the refusal (Answer.decided_by)
    features: dict[str, float] | None = None  # what the answerability model weighed (refusal="learned")
    answerable: float | None = None  # its probability that the answer is right


class ExtractiveAnswerer:
    """Cheap to build: entities were parsed at ingest; `matcher` finds translated terms (optional);
    `reader` (a callable returning a SpanReader) reads short answers in `mode` "reader" or "both".
    `refusal` "rules": the word checks on roles and term coverage refuse; "learned": they are
    features of `answerability` (qa/answerability.py), which refuses below its threshold (with
    None it only records the features, to train it)."""

    def __init__(self, matcher=None, reader=None, mode: str = "rules", refusal: str = "rules", answerability=None):
        self.matcher = matcher
        self.reader = reader
        self.mode = mode if reader is not None else "rules"
        self.refusal = refusal
        self.answerability = answerability

    def answer(
        self,
        analysis: QuestionAnalysis,
        hits: list[Hit],
        sims: dict,
        aliases: dict[str, str],
        idf: Callable[[str], float | None] | None = None,
    ) -> Draft:
        analysis = self._names_only(analysis, hits)
        draft, read = self._decide(analysis, hits, sims, aliases, idf)
        # PIAF, which the model learns from, has no yes/no answers: the yes/no rule stands alone.
        if self.refusal == "learned" and not draft.refused and analysis.answer_type != "yesno":
            self._weigh(analysis, draft, read)
        draft.decided_by = _decided_by(analysis, draft, read)
        return draft

    def _names_only(self, analysis: QuestionAnalysis, hits: list[Hit]) -> QuestionAnalysis:
        """The question's capitalised words minus those the articles write as a common word: English
        capitalises adjectives of nationality ("the Russian capital") that French writes in lower
        case ("russe"), and such a word need not stand in the answer's sentence as a name must."""
        single = [e for e in analysis.entities if " " not in e]
        if not single or self.matcher is None:
            return analysis
        written = [m.group(0) for h in hits for m in re.finditer(r"[^\W\d_]+", h.text)]
        cases: dict[str, set[bool]] = {}  # each word as the passages write it: lower case or not
        for w in written:
            cases.setdefault(fold(w), set()).add(w[0].islower())
        single = [e for e in single if fold(e) not in cases]  # written as in the question: a name
        if not single:
            return analysis
        close = self.matcher.word_matches([e.lower() for e in single], list({w.lower() for w in written}))
        common = {
            single[i]
            for word, sims in close.items()
            for i, sim in sims.items()
            if sim >= PARAMS.term_strict and cases.get(word) == {True}
        }
        if not common:
            return analysis
        return replace(analysis, entities=[e for e in analysis.entities if e not in common])

    def _support(self, analysis: QuestionAnalysis, ev: Evidence, margin: float | None = None) -> Refusal | None:
        return _check_support(analysis, ev, margin, soft=self.refusal == "rules")

    def _weigh(self, analysis: QuestionAnalysis, draft: Draft, read) -> None:
        """The answerability model's say on an answer the hard checks let through."""
        draft.features = _features(analysis, draft, read)
        if self.answerability is None:
            return
        draft.answerable = round(self.answerability.probability(draft.features), 3)
        if draft.answerable < self.answerability.threshold:
            draft.refused, draft.refusal = True, Refusal("unlikely")
            draft.span = draft.span_evidence = draft.short = draft.resolved = None

    def _decide(self, analysis, hits, sims, aliases, idf):
        """(the draft, the reader's span that was considered or None). Which source gives the
        short answer, by question type (the decision table):

        | type | `reader` | `both`, same language | `both`, across languages |
        | --- | --- | --- | --- |
        | person, organisation, place, date, number | the reader's span | the typed candidate inside the best read that holds one (`_typed_in_read`), else the best read's span | the same, but a span without a candidate must hold a name; else the rules' candidate |
        | reason | the reader's span | the reader's span; the rules' cue or missing clause when it read none | the same |
        | phrase, manner, other | the reader's span | the reader's span; the best sentence when it read none | the same |
        | yes/no | the yes/no rule | the yes/no rule | the yes/no rule |

        Before any of it: a name the passages lack refuses (`missing_entity`); a reader's span must
        beat the pooled "no answer" and stand in a sentence that passes `_check_support`; the
        chosen span's sentence is checked the same way, else the answer is refused."""
        if not hits:
            return Draft(refused=True, refusal=Refusal("no_passages")), None
        tr, evidence, missing = self._evidence(analysis, hits, sims, aliases, idf)
        if not evidence:
            return Draft(refused=True, refusal=Refusal("no_passages")), None
        draft = Draft(refused=False, evidence=evidence, confidence=_confidence(evidence[0]))
        draft.regions = _region_names(analysis, hits)
        if missing:
            draft.refused, draft.refusal = True, missing
            return draft, None
        reads = self._read(analysis, tr, draft, aliases)
        read = reads[0] if reads else None
        if analysis.answer_type in FIT:
            self._choose_span(analysis, tr, evidence, draft, aliases)
        if analysis.answer_type in TYPED:
            read = self._decide_typed(analysis, tr, draft, reads, aliases)
            self._country_for_capital(analysis, draft)
            return self._check_typed(analysis, draft, read), read
        self._decide_untyped(analysis, tr, draft, read)
        return draft, read

    def _evidence(self, analysis, hits, sims, aliases, idf):
        """(term translations, ranked sentences, the refusal for a name no passage holds or None)."""
        words = [w for h in hits for w in surface_words(h.title + " " + h.text, stopwords())]
        tr = self.matcher.word_matches(analysis.key_words, words) if self.matcher else {}
        tr = _with_role_translations(analysis, tr, words)
        para_tokens = [_with_translations(analysis, tr, _words(h.title + " " + h.text)) for h in hits]
        langs = {h.lang for h in hits if h.lang}
        missing = missing_entity(analysis, para_tokens, aliases, langs) or _counted_otherwise(analysis, tr, hits)
        located = [e for e in analysis.entities if any(entity_in(e, t, aliases) for t in para_tokens)]
        evidence = self._rank_sentences(analysis, tr, hits, sims, located, aliases, _term_weights(analysis, idf))
        return tr, evidence, missing

    def _read(self, analysis, tr, draft: Draft, aliases) -> list:
        """The reader's spans that beat "no answer" in a sentence that passes the checks, best first."""
        if not self._reads(analysis):
            return []
        reads, draft.read_ms = read_ranked(
            self.reader(),
            analysis.text,
            draft.evidence,
            lambda text: not _repeats_question(analysis, tr, text, aliases) and not _name_for_how(analysis, text),
            # across languages the sentences are ranked by translated terms, less surely: more are read
            PARAMS.windows if _same_language(analysis, draft.evidence[0]) else PARAMS.windows_across,
        )
        return [
            r
            for r in reads
            if r.confident
            and not self._support(analysis, r.evidence, r.margin)
            and not _dateline(analysis, r.evidence, r.candidate.text)
            and not _a_region(draft.regions, r.candidate.text)
        ]

    def _decide_typed(self, analysis, tr, draft: Draft, reads: list, aliases):
        """The read that decides (for its margin), or None. In "both": the candidate of the type in
        the best read; where that read holds none nor any capitalised word, a candidate the tagger
        typed as asked in a lesser read ("l'Organisation des Nations Unies", not "militaires
        russes", for "which organisation"); else the best read's span where `_span_stands`; else
        the rules' candidate."""
        if not reads:
            return None
        if self.mode == "reader":
            _take(draft, reads[0].candidate, reads[0].evidence)
            return reads[0]
        named = has_capitalised_word(reads[0].candidate.text) or analysis.answer_type in ("date", "number")
        for read in reads[:1] if named else reads:
            span = self._typed_in_read(analysis, tr, read, aliases, draft.regions)
            # a lesser read gives only what the tagger typed as asked, not any capitalised word
            # ("[Quand ?]", a wiki's note, for "where")
            lesser = read is not reads[0] and span is not None and FIT[analysis.answer_type].get(span.kind, 0) < 1.0
            if span is not None and not lesser:
                _take(draft, span, read.evidence)
                return read
        read = reads[0]
        unsupported = draft.span is None or self._support(analysis, draft.span_evidence) is not None
        if _span_stands(analysis, tr, read, _same_language(analysis, read.evidence), unsupported):
            _take(draft, read.candidate, read.evidence)
        return read

    def _country_for_capital(self, analysis: QuestionAnalysis, draft: Draft) -> None:
        """A capital that answers "which country" (the news names a government by its capital)
        gives way to its country where the paragraph names it in a sentence that passes the
        checks: "la Russie", not "Moscou"."""
        span, ev = draft.span, draft.span_evidence
        if analysis.place_kind != "country" or span is None or ev is None or place_kind(span.text) != "city":
            return
        asked = {fold(f) for e in analysis.entities for f in (e, *country_forms(e))}
        forms = [f for f in capital_forms(span.text) if fold(f) not in asked]
        found = [m for f in forms for m in re.finditer(rf"\b{re.escape(f)}\b", ev.hit.text, re.IGNORECASE)]
        for m in sorted(found, key=lambda m: abs(m.start() - span.start)):
            where = next(
                (e for e in draft.evidence if e.hit is ev.hit and e.sentence.start <= m.start() < e.sentence.end),
                None,
            )
            if where is not None and self._support(analysis, where) is None:
                _take(draft, Candidate(m.start(), m.end(), m.group(0), "LOC"), where)
                return

    def _decide_untyped(self, analysis, tr, draft: Draft, read) -> None:
        if draft.span is not None and self._support(analysis, draft.span_evidence):
            draft.span = draft.span_evidence = draft.short = draft.resolved = None  # keep the sentence answer
        best = draft.evidence[0]
        refusal = self._support(analysis, best)
        if refusal and read is not None:  # the reader's span stands in a sentence that passes
            _take(draft, read.candidate, read.evidence)
        elif refusal:
            draft.refused, draft.refusal, draft.short = True, refusal, None
        elif analysis.answer_type in ("reason", "manner", "phrase"):
            if read is not None:  # in any language: the reader's span; else the rules' cue or clause
                _take(draft, _with_asked_noun(analysis, tr, read.candidate, read.evidence.hit.text), read.evidence)
            elif analysis.answer_type != "reason" and self._reads(analysis):
                # What a phrase or manner question asks has no type a rule could find where the
                # reader read nothing ("Bastia" for "the opposite of negative"): the best sentence,
                # if it speaks of the thing asked for ("which currency": a currency)
                draft.span = draft.span_evidence = draft.short = draft.resolved = None
                if _asked_absent(analysis, tr, best):
                    asked = _as_written(analysis, [analysis.asked])
                    draft.refused, draft.refusal = True, Refusal("descriptor_mismatch", asked)
            elif (clause := _novel_clause(analysis, tr, best)) and not _keeps_rule_span(analysis, draft):
                draft.span, draft.span_evidence, draft.short, draft.resolved = clause, best, clause.text, None

    # -- sentences ------------------------------------------------------------------------
    def _rank_sentences(self, analysis, tr, hits, sims, located, aliases, weights) -> list[Evidence]:
        out = _sentences(analysis, tr, hits, sims, located, aliases)
        if not out:
            return out
        # Coverage counts each located name of the question once, plus each of its other terms;
        # names the articles never use (an unmatched translation like ECOWAS) are left out.
        other_ids = set(range(len(analysis.key_terms))) - _name_term_ids(analysis) - _kind_term_ids(analysis)
        units = len(located) + len(other_ids)
        w_entity = max(weights, default=1.0)  # a name the question gives and the passages hold: the rarest
        w_units = len(located) * w_entity + sum(weights[i] for i in other_ids)
        top = max(e.dense for e in out)
        for ev in out:
            lexical = _spelled_ids(analysis, ev.window)
            ev.matched = lexical | _closest_ids(tr, ev.window)
            ev.strict = lexical | {
                i for tok in ev.window for i, sim in tr.get(tok, {}).items() if sim >= PARAMS.term_strict
            }
            found = len(located) - len(ev.missing) + len(ev.matched & other_ids)
            ev.coverage = found / units if units else 0.0
            w_found = (len(located) - len(ev.missing)) * w_entity + sum(weights[i] for i in ev.matched & other_ids)
            weighted = w_found / w_units if w_units else 0.0
            ev.score = (
                (ev.dense - top) / PARAMS.dense_scale
                + PARAMS.coverage_weight * weighted
                + ev.entity_share
                + 0.1 / (1 + ev.rank)
            )
        out.sort(key=lambda e: -e.score)
        return out

    # -- spans ----------------------------------------------------------------------------
    def _reads(self, analysis: QuestionAnalysis) -> bool:
        """Both "reader" and "both" read every question but yes/no ones."""
        return self.mode != "rules" and analysis.answer_type != "yesno"

    def _typed_in_read(
        self, analysis: QuestionAnalysis, tr: dict, read, aliases: dict[str, str], regions: frozenset[str]
    ) -> Candidate | None:
        """In "both" the reader says where the answer is, the type rules what it is: the one
        candidate of the expected type inside the reader's span (whole names, not "privée Wagner"),
        the whole candidate when the span lies inside one ("juin prochain", not "juin"), or the
        span itself when it holds several or coordinates noun phrases alike (a list, of which the
        tagger may have typed one item); a span that cuts into one candidate gives it.
        Else None: whether a span with no candidate stands is `_span_stands`'s call."""
        a, b = read.candidate.start, read.candidate.end
        inside, overlapping = [], []
        for cand, _, _ in _fitting_candidates(analysis, tr, read.evidence, aliases, tokens(analysis.text), regions):
            if cand.start < b and a < cand.end:
                overlapping.append(cand)
            if cand.start <= a and b <= cand.end:
                return cand
            if a <= cand.start and cand.end <= b:
                inside.append(cand)
        if len(inside) > 1 or (inside and _parallel(read.candidate.text)):
            return read.candidate  # a list, where the tagger may have typed one item only
        if inside:
            return inside[0]
        if len(overlapping) == 1:  # the reader's edge cut it ("en juin" of "en juin prochain"): the whole one
            return overlapping[0]
        return read.candidate if overlapping else None

    def _choose_span(
        self, analysis: QuestionAnalysis, tr: dict, evidence: list[Evidence], draft: Draft, aliases: dict[str, str]
    ) -> None:
        q_tokens = tokens(analysis.text)
        best_score, best = None, None
        pool = evidence[:1] if analysis.answer_type == "reason" else evidence[: PARAMS.sentences_for_spans]
        if _capital_of(analysis):  # only that country's capital fits: every sentence read may hold it
            pool = evidence
        for ev in pool:
            supported = self._support(analysis, ev) is None  # a candidate where the answer may stand comes first
            spans = [t for t in token_spans(ev.hit.text) if ev.sentence.start <= t[0] < ev.sentence.end]
            key_positions = [i for i, (_, _, tok) in enumerate(spans) if _term_ids(analysis, tr, tok)]
            desc_ids = {i for i, t in enumerate(analysis.key_terms) if t in analysis.head}
            desc_positions = [i for i, (_, _, tok) in enumerate(spans) if _term_ids(analysis, tr, tok) & desc_ids]
            for cand, fit, overlap in _fitting_candidates(analysis, tr, ev, aliases, q_tokens, draft.regions):
                idx = next((i for i, t in enumerate(spans) if t[0] >= cand.start), len(spans))
                near = min((abs(idx - j) for j in key_positions), default=None)
                proximity = 0.6 / (1 + near / 4) if near is not None else 0.0
                desc = 0.4 if any(abs(idx - j) <= 6 for j in desc_positions) else 0.0
                score = (supported, ev.score + 2.0 * fit + proximity + desc - 1.0 * overlap)
                if best_score is None or score > best_score:
                    best_score, best = score, (cand, ev)
        if best:
            cand, ev = best
            draft.span, draft.span_evidence, draft.short = cand, ev, cand.text
            if cand.kind == "DATE":
                draft.resolved = resolve(cand.text, ev.hit.date)

    def _check_typed(self, analysis: QuestionAnalysis, draft: Draft, read) -> Draft:
        ev = draft.span_evidence
        margin = read.margin if read is not None and ev is read.evidence else None
        if draft.span is None or ev is None or _coarser_than_asked(analysis, draft.resolved):
            refusal = Refusal("no_candidate")
        else:
            if analysis.answer_type == "number":
                _take(draft, _with_counted(draft.span, ev.hit.text), ev)
            refusal = self._support(analysis, ev, margin)
        if refusal:
            draft.refused, draft.refusal, draft.short, draft.resolved = True, refusal, None, None
        else:
            draft.confidence = _confidence(ev)
        return draft


def _sentences(analysis: QuestionAnalysis, tr: dict, hits: list[Hit], sims: dict, located, aliases) -> list[Evidence]:
    """Every sentence of the hits as unscored Evidence: its words (with the sentence before when
    it opens with an anaphor), its e5 similarity, which of the question's located names it lacks, and
    which of the question's dates its paragraph does not give."""
    out: list[Evidence] = []
    floor = min(sims.values()) - 0.02 if sims else 0.0
    nationality = _role_nationality(analysis)
    asked_dates = [d.text for d in find_dates(analysis.text)]
    capital = sorted({"capital", "capitale"} & set(analysis.key_terms))
    for rank, hit in enumerate(hits):
        undated = [d for d in asked_dates if not date_given(d, hit.text, hit.date)]
        prev_text = ""
        title = tokens(hit.title)  # the article's subject is the context of all its sentences
        for s in hit.sentences:
            text = (prev_text + " " + s.text) if ANAPHOR.search(s.text) else s.text
            prev_text = s.text
            window = _words(text)
            if capital:  # "la capitale russe" is Moscou (GeoNames), as the news names it
                window += [
                    w for t in window if place_kind(t) == "city" for w in (*map(fold, capital_forms(t)), *capital)
                ]
            context = _with_translations(analysis, tr, window + title)
            missing = [e for e in located if not entity_in(e, context, aliases)]
            if missing and _group_covers(analysis, tr, (hit, s), located, missing, hits, aliases):
                missing = []
            if nationality and _role_of_another_country(nationality, s.text):
                missing.append(nationality[0])
            share = 1.0 - len(missing) / len(located) if located else 1.0
            dense = sims.get((hit.article_id, hit.paragraph, s.index), floor)
            out.append(Evidence(hit, rank, s, dense, 0.0, share, missing, window, undated=undated))
    return out


def _role_nationality(analysis: QuestionAnalysis) -> tuple[str, str, frozenset[str]] | None:
    """(the word as the question writes it, the role, its countries) where the question names a
    country next to the role it asks for ("the Malian foreign minister", "Mali's foreign minister",
    "le ministre des Affaires étrangères du Niger")."""
    words = content_tokens(analysis.text)
    for role in analysis.descriptor:
        if role in PERSON_NOUNS:
            codes = frozenset().union(*role_countries(words, role, before=3))
            if codes:
                named = [w for w in words if country_codes(w) & codes]
                return _as_written(analysis, named[:1]), role, codes
    return None


def _role_of_another_country(nationality: tuple[str, str, frozenset[str]], text: str) -> bool:
    """The sentence gives the role asked for only to another country ("le ministre russe des
    Affaires étrangères" for the Malian minister): a near miss, as a wrong name is."""
    _, role, codes = nationality
    words = content_tokens(text)
    named = [c for form in {role, _ROLE_PAIRS.get(role, role)} for c in role_countries(words, form) if c]
    return bool(named) and not any(c & codes for c in named)


def _counted_otherwise(analysis: QuestionAnalysis, tr: dict, hits: list[Hit]) -> Refusal | None:
    """The passages count a group the question presumes, by its definite article, only otherwise ("les
    trois pays membres" for "les quatre pays membres de l'AES", "the four member countries"): the
    question's premise is wrong, as with a date the passages do not give."""
    for asked, word, noun in counts(analysis.text, definite=True):
        ids = _term_ids_of(analysis, [noun])
        found = {
            n
            for h in hits
            for n, _, other in counts(h.text)
            if same_word(other, noun) or ids & _term_ids(analysis, tr, other)
        }
        if found and asked not in found:
            return Refusal("count_mismatch", f"{word} {_as_written(analysis, [noun])}")
    return None


def _group_covers(analysis: QuestionAnalysis, tr: dict, where, located, missing, hits, aliases) -> bool:
    """A group in the sentence stands for the question's missing names where the article says who
    is in it: a counted group ("les trois pays") when an earlier sentence listed that many names,
    these among them ("the three countries left" says that Mali, Burkina Faso and Niger left); a
    group the question names too ("l'AES") when a sentence lists them in apposition to it ("l'AES,
    le Mali, le Burkina Faso et le Niger"). The group is its sentence's subject, so the names must
    be the question's: its first name among them ("Quand la France a-t-elle retiré ses troupes du
    Mali ?" asks of France). The sentence must itself say what the question asks happened and name
    the question's other names itself, not through the sentence before."""
    hit, s = where
    n = group_size(s.text)
    named = [e for e in located if e not in missing]
    if not (n or named) or located[0] not in missing or not _says_the_event(analysis, tr, s.text):
        return False
    own = _with_translations(analysis, tr, _words(s.text) + tokens(hit.title))
    if not all(entity_in(e, own, aliases) for e in named):
        return False

    def lists(names) -> bool:
        return all(any(entity_in(e, tokens(x), aliases) for x in names) for e in missing)

    article = [(h, x) for h in hits if h.article_id == hit.article_id for x in h.sentences]
    if n and any(
        len(names) == n and lists(names)
        for h, x in article
        if (h.paragraph, x.index) < (hit.paragraph, s.index)
        for names in enumerations(x.text)
    ):
        return True
    # the group itself must be named in the sentence, not only in the article's title
    sentence = _with_translations(analysis, tr, _words(s.text))
    groups = [g for g in named if entity_in(g, sentence, aliases)]
    if not groups:  # then no list need be looked for
        return False
    return any(
        lists(names) and any(entity_in(g, tokens(before)[-6:], aliases) for g in groups)
        for _, x in article
        for before, names in apposed_lists(x.text)
    )


def _fitting_candidates(
    analysis: QuestionAnalysis,
    tr: dict,
    ev: Evidence,
    aliases: dict[str, str],
    q_tokens: list[str],
    regions: frozenset[str] = frozenset(),
):
    """(candidate, type fit, share of its words in the question) for the candidates of the
    sentence that the expected answer type (FIT) accepts; none that only repeats the question or names one of
    its names another way."""
    fit_table = FIT[analysis.answer_type]
    for cand in sentence_candidates(ev.hit.text, ev.sentence):
        fit = fit_table.get(cand.kind, 0.0)
        if fit < MIN_FIT.get(analysis.answer_type, 0.5):
            continue
        if cand.kind == "NUM" and not _counts_what_is_asked(analysis, tr, cand):
            continue
        if cand.kind == "DATE" and _dateline(analysis, ev, cand.text):
            continue
        if not _place_fits(analysis, cand.text) or _a_region(regions, cand.text):
            continue
        c_tokens = content_tokens(cand.text) or tokens(cand.text)
        if not c_tokens:
            continue
        overlap = sum(1 for t in c_tokens if contains_word(t, q_tokens)) / len(c_tokens)
        if overlap >= 1.0 or _names_a_question_name(analysis, cand.text, aliases):
            continue
        yield cand, fit, overlap


def _span_stands(analysis: QuestionAnalysis, tr: dict, read, same_language: bool, rules_unsupported: bool) -> bool:
    """A reader's span with no candidate of the type: a sure date or number ("800"), or a name the
    tagger missed ("Lille OSC"; across languages it must hold a capitalised word or the noun naming
    what is asked)."""
    text = read.candidate.text
    # A "when" answered by an event ("lors de la fondation des villes") where no date the rules
    # found stands in a sentence that passes the checks
    event = analysis.answer_type == "date" and rules_unsupported
    if read.margin >= PARAMS.sure_span and has_shape(analysis.answer_type, text):
        return True
    if analysis.answer_type in ("date", "number"):
        return event and read.margin >= PARAMS.sure_event
    # "les autorités russes" for "Who represented Burkina Faso?" is no name the tagger missed;
    # "forces armées maliennes" for "Which army...?" describes what is asked
    named = same_language or has_capitalised_word(text) or _describes_head(analysis, tr, text)
    # a country answers no "who" (GeoNames; a city may be a surname: Wellington)
    person_fits = analysis.answer_type != "person" or place_kind(text) != "country"
    return named and person_fits and _place_fits(analysis, text)


_COORDINATED = re.compile(r"\s+(?:et|and|ou|or)\s+")
_LIST_SEP = re.compile(r",\s*|" + _COORDINATED.pattern)
_OPENS_PHRASE = re.compile(
    r"(?:(?:sur|dans|à|au|aux|en|de|du|des|in|on|at)\s+)?(?:la|le|les|l['’]|un|une|the|a|an)\b", re.IGNORECASE
)


def _parallel(text: str) -> bool:
    """Noun phrases coordinated alike: "la 71e rue et la 5e Avenue", "sur la rive gauche et sur l'île"."""
    parts = _COORDINATED.split(text)
    return len(parts) > 1 and all(_OPENS_PHRASE.match(p) for p in parts)


def _capital_of(analysis: QuestionAnalysis) -> list[str]:
    """The countries whose capital a "capital of X" question asks for (none for another question)."""
    if analysis.place_kind != "city" or not {"capital", "capitale"} & set(analysis.key_terms):
        return []
    return [e for e in analysis.entities if place_kind(e) == "country"]


def _place_fits(analysis: QuestionAnalysis, text: str) -> bool:
    """What GeoNames knows of a place: "which city" is not answered by a country ("Mali"), "the
    capital of Mali" only by Mali's capital ("Bamako", not "Moscou" nor "Sahel"). A capital may
    answer "which country": the news names a government by its capital."""
    if analysis.place_kind != "city":
        return True
    parts = [p for p in _LIST_SEP.split(text) if p.strip()]
    if any(place_kind(p) == "country" for p in parts):  # "le Mali, le Burkina Faso et le Niger"
        return False
    asked = _capital_of(analysis)
    if not asked:
        return True
    return any(fold(e) in {fold(f) for f in capital_forms(text)} for e in asked)


_REGION = "|".join(sorted(REGION_NOUNS))
_NAME_WORDS = r"[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)*"
_CALLED_A_REGION = re.compile(
    rf"\b(?:[Rr]égion|{_REGION})s?\s+(?:du|des|de la|de l['’]|d['’]|de|of the|of)\s*({_NAME_WORDS})"
    rf"|\bthe\s+({_NAME_WORDS})\s+(?:{_REGION})s?\b"
)


def _region_names(analysis: QuestionAnalysis, hits: list[Hit]) -> frozenset[str]:
    """The names (folded) the passages call a region, a province or a continent ("la région du Sahel",
    "the Sahel region"): none of them is the city or country a question asks for, wherever it stands."""
    if analysis.place_kind is None:
        return frozenset()
    return frozenset(fold(a or b) for h in hits for a, b in _CALLED_A_REGION.findall(h.text))


def _a_region(regions: frozenset[str], text: str) -> bool:
    return (
        bool(regions) and fold(re.sub(r"^(?:la|le|les|l['’]|the)\s*", "", text.strip(), flags=re.IGNORECASE)) in regions
    )


def _names_a_question_name(analysis: QuestionAnalysis, text: str, aliases: dict[str, str]) -> bool:
    """The text names one of the question's names, another way too ("Norvège", "AES"); a city asked
    for (a capital among them) is no repeat of the country it stands for in the news."""
    metonymy = analysis.place_kind != "city"
    return any(entity_in(e, tokens(text), aliases, metonymy) for e in analysis.entities)


def _repeats_question(analysis: QuestionAnalysis, tr: dict, text: str, aliases: dict[str, str]) -> bool:
    """A span made mostly of the question's own terms (in either language) or naming one of its
    names is not an answer to it. Half is not most: "la Frick Collection" answers "quelle
    collection", "la musique tzigane" "quelle tradition musicale"."""
    toks = content_tokens(text) or tokens(text)
    if not toks or _names_a_question_name(analysis, text, aliases):
        return True
    return sum(1 for t in toks if _term_ids(analysis, tr, t)) > 0.5 * len(toks)


_NAME = re.compile(r"(?:[A-ZÀ-Þ][\w'’-]*)(?:\s+(?:(?:de|du|des|la|le|van|von|al|bin)\s+)?[A-ZÀ-Þ][\w'’-]*)*")


def _name_for_how(analysis: QuestionAnalysis, text: str) -> bool:
    """A proper name ("Abdoulaye Diop") is no manner nor reason: "comment qualifie-t-il" is not
    answered by who qualifies."""
    return analysis.answer_type in ("manner", "reason") and _NAME.fullmatch(text.strip()) is not None


def _same_language(analysis: QuestionAnalysis, ev: Evidence) -> bool:
    return analysis.language == (ev.hit.lang or detect_language(ev.sentence.text))


def _take(draft: Draft, span: Candidate, ev: Evidence) -> None:
    draft.span, draft.span_evidence, draft.short = span, ev, span.text
    draft.resolved = _resolved_date(span.text, ev)


# What may stand between the noun a question asks for and the reader's span: "la société de |
# mercenaires privée", "certains cercles | internationaux"; an article before the noun comes along.
_BEFORE_SPAN = re.compile(
    r"(?:\b(?:le|la|les|un|une|the|a|an)\s+|\bl['’])?([^\W\d_][\w-]*)\s*(?:\s(?:de|of)\s+|\sd['’])?$"
)


def _with_asked_noun(analysis: QuestionAnalysis, tr: dict, span: Candidate, text: str) -> Candidate:
    """ "la menace jihadiste" answers "face à quelle menace", not "jihadiste": a span that the noun
    the question asks for opens in the passage takes it in (the reader leaves out what the
    question already says)."""
    asked = _term_ids_of(analysis, [analysis.asked] if analysis.asked else [])
    m = _BEFORE_SPAN.search(text[max(0, span.start - 40) : span.start]) if asked else None
    if m is None or not asked & _term_ids(analysis, tr, fold(m.group(1))):
        return span
    start = span.start - len(m.group(0))
    return replace(span, start=start, text=text[start : span.end])


# A quantity said by a noun with no numeral ("milliers", "des centaines", "thousands") counts
# nothing by itself: the answer takes what it counts ("milliers de morts").
_BARE_QUANTITY = re.compile(
    r"(?:(?:des|plusieurs|quelques)\s+)?(?:dizaines|centaines|milliers|millions|milliards)|dozens|hundreds|thousands|millions",
    re.IGNORECASE,
)
_WHAT_IT_COUNTS = re.compile(r"\s+(?:de\s+|d['’]|of\s+)[^\W\d_][\w-]*")


def _with_counted(span: Candidate, text: str) -> Candidate:
    m = _WHAT_IT_COUNTS.match(text, span.end) if _BARE_QUANTITY.fullmatch(span.text) else None
    return replace(span, end=m.end(), text=text[span.start : m.end()]) if m else span


def _keeps_rule_span(analysis: QuestionAnalysis, draft: Draft) -> bool:
    """A quotation, or the name a "which X" question asks for, in the best sentence is the crisper answer."""
    return (
        draft.span is not None
        and bool(draft.evidence)
        and draft.span_evidence is draft.evidence[0]
        and (analysis.names_thing or draft.span.kind == "QUOTE")
    )


def _dateline(analysis: QuestionAnalysis, ev: Evidence, text: str) -> bool:
    """The article's own date ("Le 3 avril 2025, Moscou a accueilli ...") in a sentence that carries
    too few of the question's terms besides its names and the unit asked ("year"), by the support
    bar: it dates the article's event, not the one asked about ("When was the AES formed?")."""
    if analysis.answer_type != "date" or not ev.hit.date:
        return False
    own = [d.text for d in find_dates(ev.sentence.text) if resolve(d.text, ev.hit.date) == ev.hit.date]
    if not any(text in d or d in text for d in own):
        return False
    event = _event_ids(analysis)
    return bool(event) and len(event & (ev.matched | ev.strict)) / len(event) < PARAMS.min_support


def _event_ids(analysis: QuestionAnalysis) -> set[int]:
    """Indices of the question's key terms besides its names and the noun asked for ("year"):
    what it says happened."""
    names = _name_term_ids(analysis)
    return {i for i, t in enumerate(analysis.key_terms) if i not in names and t not in analysis.head}


def _says_the_event(analysis: QuestionAnalysis, tr: dict, text: str) -> bool:
    """The text itself, not the sentence it leans on, carries the support bar's share of the
    question's event terms ("quitté" for "quit"): "les trois pays ont quitté" says nothing of "form"."""
    event, words = _event_ids(analysis), _words(text)
    said = _spelled_ids(analysis, words) | _closest_ids(tr, words)
    return not event or len(event & said) / len(event) >= PARAMS.min_support


def _spelled_ids(analysis: QuestionAnalysis, words: list[str]) -> set[int]:
    """Indices of the question's key terms the words spell."""
    return {i for i, t in enumerate(analysis.key_terms) if contains_word(t, words)}


def _closest_ids(tr: dict, words: list[str]) -> set[int]:
    """Indices of the key terms the words translate: each word stands for the one term it is
    closest to ("militaire" for "minister", not also for "defence"), competitive linking as word
    aligners do."""
    return {max(tr[tok], key=tr[tok].get) for tok in words if tr.get(tok)}


def _resolved_date(text: str, ev: Evidence) -> str | None:
    """A span that is a date ("juin prochain") is resolved against its article's date."""
    found = find_dates(text)
    return resolve(found[0].text, ev.hit.date) if found and len(found[0].text) >= 0.7 * len(text) else None


def _term_weights(analysis: QuestionAnalysis, idf: Callable[[str], float | None] | None) -> list[float]:
    """Each key term's weight when sentences are ranked: its rarity in the corpus (BM25's idf), so
    "2019" counts for more than "montant"; a term no paragraph spells (a translation) gets the
    median weight. The support check still counts every term the same (`ev.coverage`)."""
    known = [idf(w) if idf else None for w in analysis.key_words]
    values = sorted(v for v in known if v is not None)
    mid = values[len(values) // 2] if values else 1.0
    return [mid if v is None else v for v in known]


def _words(text: str) -> list[str]:
    """A passage's tokens for matching question terms: its words split at hyphens and apostrophes,
    plus its hyphenated words whole, as the question's terms and the vocabulary keep them."""
    return tokens(text) + compounds(text)


_ROLE_PAIRS = {**ROLE_TRANSLATIONS, **{fr: en for en, fr in ROLE_TRANSLATIONS.items()}}


def _with_role_translations(analysis: QuestionAnalysis, tr: dict, words: list[str]) -> dict:
    """The term translations plus the lexicon's for the question's roles, at full closeness: a
    passage's "maire" is the question's "mayor" as surely as "mayor" would be."""
    wanted = {_ROLE_PAIRS[t]: i for i, t in enumerate(analysis.key_terms) if t in _ROLE_PAIRS}
    if not wanted:
        return tr
    out = dict(tr)
    for w in {fold(w) for w in words}:
        i = wanted.get(w, wanted.get(w[:-1])) if w.endswith("s") else wanted.get(w)  # "maires" too
        if i is not None:
            out[w] = {**out.get(w, {}), i: 1.0}
    return out


def _with_translations(analysis: QuestionAnalysis, tr: dict, text_tokens: list[str]) -> list[str]:
    """The text's tokens plus the question words they translate closely (janvier -> january),
    so a one-word name the question gives in another language is found."""
    extra = [
        fold(analysis.key_words[i])
        for tok in text_tokens
        for i, sim in tr.get(tok, {}).items()
        if sim >= PARAMS.term_strict
    ]
    return text_tokens + extra if extra else text_tokens


def _term_ids(analysis: QuestionAnalysis, tr: dict, tok: str) -> set[int]:
    """Which key terms a text token stands for, by spelling or close translation."""
    ids = {i for i, t in enumerate(analysis.key_terms) if same_word(tok, t)}
    return ids | {i for i, sim in tr.get(tok, {}).items() if sim >= PARAMS.term_strict}


def _describes_head(analysis: QuestionAnalysis, tr: dict, text: str) -> bool:
    """A span that holds the noun naming what is asked ("army", or its translation "armées")
    describes the person, organisation or place asked for, name or not (a date or number must
    still be one: "une somme globale" is no sum)."""
    heads = {i for i, t in enumerate(analysis.key_terms) if t in analysis.head}
    return bool(heads) and any(heads & _term_ids(analysis, tr, fold(t)) for t in tokens(text))


def _counts_what_is_asked(analysis: QuestionAnalysis, tr: dict, cand: Candidate) -> bool:
    """ "trois pays" answers "how many countries", not "what amount": a number that counts a noun
    must count the question's noun; a measure question wants a bare number, a unit, or a count of
    something it names."""
    if cand.is_duration:  # "plusieurs années" answers "how long", not "how many soldiers"
        return analysis.asks_time
    if analysis.asks_time and cand.is_money_or_share:
        return False  # "31,5 millions de dollars" is no length of time ("how long" may ask a distance)
    if analysis.asks_money:
        return cand.is_money_or_share  # a price is no bare "7" nor "71 rue"
    if cand.counted is None or cand.counted in stopwords():
        return True
    counted = fold(cand.counted)
    if analysis.counted is None:  # "800 passagers" measures "the passenger capacity"
        return bool(_term_ids(analysis, tr, counted))
    if same_word(counted, fold(analysis.counted)):
        return True
    return bool(_term_ids_of(analysis, [fold(analysis.counted)]) & set(tr.get(counted, {})))


_CLAUSE_CUT = re.compile(r"[,;:()«»\"“”]|\s(?:qui|que|qu'|qu’|car|parce que|afin de|because|which|who|so that)\s")
MAX_CLAUSE_WORDS = 12


def _novel_clause(analysis: QuestionAnalysis, tr: dict, ev: Evidence) -> Candidate | None:
    """The clause of the best sentence that brings what the question lacks: the first one after
    (else before) the clause that echoes the question most, sharing none of its terms."""
    s = ev.sentence
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(s.text)] + [len(s.text)]
    clauses = []
    for a, b in pairwise(cuts):
        text = s.text[a:b].strip(' ,;:()«»"“”')
        if not text:
            continue
        start = s.start + s.text.index(text, a)
        toks = tokens(text)
        echo = sum(1 for t in toks if _term_ids(analysis, tr, t))
        clauses.append((start, text, echo, len(text.split())))
    if len(clauses) < 2:
        return None
    anchor = max(range(len(clauses)), key=lambda i: clauses[i][2])
    for i in [*range(anchor + 1, len(clauses)), *range(anchor - 1, -1, -1)]:
        start, text, echo, words = clauses[i]
        if echo == 0 and 2 <= words <= MAX_CLAUSE_WORDS:
            return Candidate(start, start + len(text), text, "CLAUSE")
    return None


def _check_support(
    analysis: QuestionAnalysis, ev: Evidence, margin: float | None = None, soft: bool = True
) -> Refusal | None:
    """The answer's sentence must name what the question names (its paragraph any date the
    question names: "in 2024" is no question about 2025), speak of what it asks about,
    and carry enough of its terms, unless it is a reader's span with `margin` at least
    `PARAMS.trusted_read` over the pooled "no answer": the reader weighs paraphrases that word overlap
    misses. Names, dates and roles are checked either way (a trusted reader still answered "Who is the
    president of Niger?" with Niger's minister). Without `soft` only names and dates are checked: the
    role and coverage checks are then features of the answerability model."""
    if ev.missing:
        return Refusal("near_miss", ev.missing[0])
    if ev.undated:
        return Refusal("date_mismatch", ev.undated[0])
    if not soft:
        return None
    if _role_absent(analysis, ev):
        return Refusal("descriptor_mismatch", _as_written(analysis, analysis.descriptor))
    if ev.coverage < PARAMS.min_support and (margin is None or margin < PARAMS.trusted_read):
        return Refusal("weak_support")
    return None


def _role_absent(analysis: QuestionAnalysis, ev: Evidence) -> bool:
    """The role the question names is not in the sentence: a role of the lexicon ("president",
    "minister": what near misses swap) by spelling or close translation, the other words
    ("foreign", "man in charge") at least loosely, as a paraphrase may say them."""
    if not analysis.descriptor:
        return False
    wanted = _term_ids_of(analysis, analysis.descriptor)
    if not wanted <= ev.matched | ev.strict:
        return True
    roles = {i for i in wanted if analysis.key_terms[i] in PERSON_NOUNS}
    return bool(roles) and not roles & ev.strict


def _as_written(analysis: QuestionAnalysis, folded: list) -> str:
    """Folded question words as the question writes them ("événement", not "evenement"); several
    as the stretch of the question they span ("head of Russian diplomacy", not "head diplomacy")."""
    written = dict(zip(analysis.key_terms, analysis.key_words))
    words = [written.get(w, w) for w in folded if w]
    if len(words) > 1:
        gap = r"(?:\W+\w+){0,3}?\W+"
        stretch = re.search(r"\b" + gap.join(re.escape(w) for w in words) + r"\b", analysis.text, re.IGNORECASE)
        if stretch:
            return stretch.group(0)
    return " ".join(words)


def _asked_absent(analysis: QuestionAnalysis, tr: dict, ev: Evidence) -> bool:
    """The noun a which-question asks for ("which currency") is nowhere in the sentence given as
    the answer, not even loosely translated; the sentence before, which an anaphor brings into its
    window ("Cette aide ..."), is not what is given."""
    wanted = _term_ids_of(analysis, [analysis.asked] if analysis.asked else [])
    words = _words(ev.sentence.text)
    return bool(wanted) and not wanted & (_spelled_ids(analysis, words) | _closest_ids(tr, words))


def _kind_term_ids(analysis: QuestionAnalysis) -> set[int]:
    """Indices of the words naming the city asked for ("which city", "la capitale"): GeoNames
    checks that the answer is one (`_place_fits`), so the sentence need not write them."""
    if analysis.place_kind != "city":
        return set()
    return {i for i, t in enumerate(analysis.key_terms) if PLACE_KINDS.get(t) == "city"}


def _name_term_ids(analysis: QuestionAnalysis) -> set[int]:
    """Indices of the question's key terms that are words of its names."""
    names = {t for e in analysis.entities for t in tokens(e)}
    return {i for i, t in enumerate(analysis.key_terms) if t in names}


def _term_ids_of(analysis: QuestionAnalysis, words: list[str]) -> set[int]:
    """Indices of the question's key terms that are these (folded) words."""
    return {i for i, t in enumerate(analysis.key_terms) if any(same_word(t, w) for w in words)}


# A date asked for by the day or the month ("what day", "quel mois") is not answered by a coarser
# one: "juin prochain" gives no day.
_PRECISION_ASKED = {"day": 3, "jour": 3, "month": 2, "mois": 2}


def _coarser_than_asked(analysis: QuestionAnalysis, resolved: str | None) -> bool:
    if analysis.answer_type != "date" or not resolved:
        return False
    asked = max((_PRECISION_ASKED.get(w, 0) for w in analysis.head), default=0)
    return len(resolved.split("-")) < asked


def _features(analysis: QuestionAnalysis, draft: Draft, read) -> dict[str, float]:
    ev = draft.span_evidence or draft.evidence[0]
    if draft.span is None:
        source = "sentence"
    elif (
        read is not None
        and ev is read.evidence
        and draft.span.start < read.candidate.end
        and read.candidate.start < draft.span.end
    ):
        source = "reader"
    else:
        source = "type rule"
    top = draft.evidence[0]
    return answerability.vector(
        margin=read.margin if read is not None else None,
        source=source,
        coverage=ev.coverage,
        weak=ev.coverage < PARAMS.min_support,
        role_asked=bool(analysis.descriptor),
        role_absent=_role_absent(analysis, ev),
        names=len(analysis.entities),
        dense=ev.dense,
        dense_gap=max(e.dense for e in draft.evidence) - ev.dense,
        score_gap=top.score - ev.score,
        rank=next(i for i, e in enumerate(draft.evidence) if e is ev),
        same_language=_same_language(analysis, ev),
        answer=draft.short,
        answer_type=analysis.answer_type,
    )


def _decided_by(analysis: QuestionAnalysis, draft: Draft, read) -> str:
    """Which rule or model the answer comes from, for the Answer and the chat's Details, with the
    answerability model's probability when it weighed the answer."""
    if draft.answerable is not None:
        return f"{_source(analysis, draft, read)}, answerable {draft.answerable:.2f}"
    return _source(analysis, draft, read)


def _source(analysis: QuestionAnalysis, draft: Draft, read) -> str:
    if draft.refused:
        return f"refusal: {draft.refusal.code}" if draft.refusal else "refusal"
    span = draft.span
    if span is None:
        return "yes/no rule" if analysis.answer_type == "yesno" else "best sentence"
    if read is not None and span is read.candidate:
        return "reader"
    if read is not None and span.kind == read.candidate.kind and span.end == read.candidate.end:
        return "reader, with the noun asked"
    inside = read is not None and span.start < read.candidate.end and read.candidate.start < span.end
    if inside and draft.span_evidence is read.evidence:
        return f"reader, trimmed by the type rule ({span.kind})"
    return f"type rule ({span.kind})"


def _confidence(ev: Evidence) -> float:
    return round(min(1.0, max(0.0, 0.4 * ev.coverage + 0.3 * ev.entity_share + 0.3 * (ev.dense - 0.7) / 0.2)), 3)
