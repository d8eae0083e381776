"""The check on a generated sentence: is it backed by the paragraphs it cites?

A generative model writes fluent sentences with [n] markers; nothing makes the cited paragraph
say what the sentence says. Each sentence goes through named rules, in order; the first that
fails gives the typed reason it is not supported:

- `citation`: it cites at least one paragraph that exists;
- `fragment`: it has words to check ("3." alone is a list number, not a claim);
- `number`: every number in it (digits or a spelled-out one) is in a cited paragraph;
- `month`: every month it names is named there, in either language (June = juin);
- `date`: where the cited sentence that backs it best gives a date it does not have, each of its
  dates must stand in a cited sentence that backs it as well: an event's date is the one its own
  sentence gives, not a neighbour's;
- `name`: every name (a capitalised word that is not a common word) is there, no further on than
  the sentence after the one that backs it best: same spelling,
  a cognate (Moscow/Moscou), initials, an acronym the articles define, or a close word vector;
- `claim`: enough of its content words are there, by spelling or word vector (`claim_support`);
- `negation`: a word of it is negated where its counterpart in the cited sentence that carries it
  is not, or the reverse (`polarities`: negation scopes word by word).

`answer_in_citation` is checked on the whole answer: for a question asking for a name, place,
date or number, the span reader's answer in the cited paragraphs must be in a supported sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.text import fold, stopwords
from index.vocabulary import surface_words

from .dates import find_dates
from .params import PARAMS
from .refusal import entity_in
from .text import phrase_in, same_word, tokens

NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)*")
SPELLED = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100, "thousand": 1000,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "vingt": 20, "trente": 30, "cent": 100, "mille": 1000,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "quarante": 40, "cinquante": 50, "soixante": 60, "million": 10**6, "millions": 10**6, "billion": 10**9,
    "milliard": 10**9, "milliards": 10**9, "billions": 10**9,
    # orders of magnitude ("hundreds" is not "milliers"; "une vingtaine" is about 20)
    "dozen": 12, "dozens": 12, "douzaine": 12, "douzaines": 12, "dizaine": 10, "dizaines": 10, "tens": 10,
    "vingtaine": 20, "trentaine": 30, "cinquantaine": 50, "centaine": 100, "centaines": 100, "hundreds": 100,
    "millier": 1000, "milliers": 1000, "thousands": 1000,
}  # fmt: skip
FRACTIONS = {
    "half": "1/2",
    "moitie": "1/2",
    "third": "1/3",
    "thirds": "1/3",
    "tiers": "1/3",
    "quarter": "1/4",
    "quart": "1/4",
}
_EN = "january february march april may june july august september october november december"
_FR = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
MONTHS = {m: i + 1 for names in (_EN, _FR) for i, m in enumerate(names.split())}
NEGATION = re.compile(
    r"\b(?:ne|n['’])\s*(?:\w+\s+){0,2}?(?:pas|jamais|plus|aucun|aucune|guère|nullement)\b|\b(?:not|never|no longer|cannot|\w+n['’]t|neither|nor|sans|without)\b",
    re.IGNORECASE,
)
# Negation scopes, word by word: "ne" waits for its particle ("ne ... que" restricts, it does not
# negate) and covers the words between them and the next one (the participle of "n'a pas signé");
# "not", "sans", "no" cover the next two content words ("sans remappage incohérent", not the
# "moniteurs" after); "not only"/"non seulement" asserts. A scope ends with its clause.
_PARTICLES = frozenset(
    ["pas", "jamais", "plus", "guere", "nullement", "point", "rien", "personne", "aucun", "aucune", "ni"]
)
_CUES = frozenset(["not", "never", "cannot", "no", "non", "sans", "without", "aucun", "aucune", "nor", "neither", "ni"])
_ASSERTING = frozenset(["seulement", "only", "just", "simplement", "uniquement", "merely"])
_AUXILIARY = frozenset(["ete", "aient", "soient"])  # forms of avoir/être the stop words lack
_CLAUSE = re.compile(r"[,;:.!?()«»\"“”]|\b(?:mais|but|whereas|tandis)\b", re.IGNORECASE)
_RAW_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITAL = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")
# "Il s'agit du Black Pearl", "Elle s'appelle...", "It is called...": they say what the answer is
# named, no claim of their own to find in the paragraph.
_NAMING_VERBS = frozenset(["agit", "appelle", "appellent", "nomme", "nomment", "called", "named"])
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "M": 1000}
# "XVIIIe siècle", "Ier", "Ve"; a lone L, C or M before "e" is a word ("Le", "Ce", "Me")
_ROMAN_ORDINAL = re.compile(r"\b(?![LCM]e\b)([IVXLCM]+)(?:e|er|ème|ᵉ)(?!\w)")
_NUMBERING = frozenset(["no", "n", "numero", "number", "nr"])  # "la Toyota no 7": a label, not a count
_ERA = frozenset(["bc", "bce", "ad", "av", "apr"])  # 221 BC, 206 av. J.-C.: a year, not a count
FACTOID = ("person", "organisation", "place", "date", "number")


@dataclass
class Verdict:
    supported: bool
    rule: str  # the rule that failed, or "supported"
    detail: str = ""  # the word, number or name that was not found
    quote: str = ""  # the cited sentence that backs it best (for highlighting)
    paragraph: int = 0  # index into the cited paragraphs of that sentence

    @property
    def reason(self) -> str:
        return "" if self.supported else f"{self.rule}: {self.detail}" if self.detail else self.rule


def negated(text: str) -> bool:
    return bool(NEGATION.search(text))


def polarities(text: str) -> dict[str, set[bool]]:
    """Each content word (lower case, as `surface_words` gives it) -> whether it stands inside a
    negation's scope, for each time it occurs."""
    out: dict[str, set[bool]] = {}
    text = re.sub(r"\b(?:no|n°)\.?\s*(?=\d)", " ", text, flags=re.IGNORECASE)  # "la no 7": a label
    for clause in _CLAUSE.split(text):
        waiting: list[str] = []  # words after "ne", negated once its particle comes
        left, ne = 0, False
        raw = _RAW_WORD.findall(clause)
        for i, word in enumerate(raw):
            f = fold(word)
            following = fold(raw[i + 1]) if i + 1 < len(raw) else ""
            if re.match(r"n['’]", f) or f == "ne":
                ne, waiting = True, []
                word = word[2:] if f != "ne" else ""
                f = fold(word)
            elif ne and f in _PARTICLES:
                for w in waiting:
                    out.setdefault(w, set()).add(True)
                ne, waiting, left = False, [], 0 if following in _ASSERTING else 1
                continue
            elif f in _CUES or re.fullmatch(r"\w+n['’]t", f):
                left = 0 if following in _ASSERTING else 2
                continue
            for w in surface_words(word, stopwords()):
                if fold(w) in _AUXILIARY:
                    continue
                if ne:
                    waiting.append(w)
                else:
                    out.setdefault(w, set()).add(left > 0)
                    left = max(0, left - 1)
        nor = any(fold(w) == "ni" for w in raw)  # "Ni A ni B n'ont donné": "ni" is the particle
        for w in waiting:  # "ne ... que", or no particle: not a negation
            out.setdefault(w, set()).add(nor)
    return out


def numbers(text: str) -> set[str]:
    """Numbers as values: "4 500" and "4,500" are 4500, "12,5" is 12.5, "trois" is 3, "XVIIIe" 18."""
    out = {_value(m.group(0)) for m in NUMBER.finditer(text)}
    out.update(str(_roman(m.group(1))) for m in _ROMAN_ORDINAL.finditer(text))
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", fold(text)):
        parts = [SPELLED.get(w) for w in m.group(0).split("-")]
        if parts and all(parts):  # quarante-quatre, fifty-four
            out.add(str(sum(parts)))
        out.update(str(SPELLED[w]) for w in m.group(0).split("-") if w in SPELLED and not all(parts))
        out.update(FRACTIONS[w] for w in m.group(0).split("-") if w in FRACTIONS)
    return out


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if v < w else v for v, w in zip(values, values[1:] + [0]))


def _value(raw: str) -> str:
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3}){2,}|\d{1,3},\d{3}", raw):  # 1,000,000 and English 4,500
        raw = re.sub(r"[.,]", "", raw)
    return raw.replace(",", ".").rstrip(".")


def measures(text: str) -> list[tuple[str, str, str]]:
    """(number, the words after it, the four words either side) for digit numbers followed by a word
    ("188 mètres", "43 % des électeurs"); not years or days of a month, which a date rule checks,
    nor a code's or an ordinal's digits ("T53", "18th", "XIXe"), nor a label ("no 7")."""
    out = []
    for m in NUMBER.finditer(text):
        value = _value(m.group(0))
        after = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*|%", text[m.end() : m.end() + 60])
        before = re.findall(r"[^\W\d_]+", text[max(0, m.start() - 60) : m.start()])[-4:]
        if (
            not after
            or fold(after[0]) in MONTHS
            or re.fullmatch(r"1\d{3}|20\d{2}", value)
            or re.search(r"[^\W\d_]", text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1])
            or fold(" ".join(before[-1:])) in _NUMBERING
            or any(fold(w) in _ERA for w in after[:3])
        ):
            continue
        units = [w for w in after[:3] if w != "%" and fold(w) not in stopwords()]
        if units:
            out.append((value, " ".join(units), " ".join(before + after[:4])))
    return out


def months(text: str) -> set[int]:
    return {MONTHS[w] for d in find_dates(text) for w in tokens(d.text) if w in MONTHS}


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


class Verifier:
    """Needs the project's word vectors (`TermMatcher`) and, for the answer check, the span reader."""

    def __init__(self, matcher, common_word=lambda word: False, reader=None, aliases: dict[str, str] | None = None):
        self.matcher = matcher
        self.common_word = common_word
        self.reader = reader
        self.aliases = aliases or {}

    def sentence(self, sentence: str, cited: list[str]) -> Verdict:
        """One sentence against the texts of the paragraphs it cites (unknown numbers already dropped).

        Its numbers and content words must be found close together, in the cited sentence that backs
        it best and its neighbours, not anywhere in the paragraph (a date from another event); a
        number that counts or measures something must count the same thing in a cited paragraph
        ("188 mètres", not "4 m" for "4 tonnes"); its names in the cited paragraphs up to the sentence
        after that best one (named once, then "he"; `_up_to`)."""
        if not cited:
            return Verdict(False, "citation", "no paragraph cited")
        names = self._names(sentence)
        words = [
            w
            for w in surface_words(sentence, stopwords())
            if not _is_name_word(w, names) and fold(w) not in _NAMING_VERBS
        ]
        if not words and not names:
            return Verdict(False, "fragment", "no words to check")
        where, best, window = self._window(sentence, names + words, cited)
        measured = {n: unit for n, unit, _ in measures(sentence)}
        missing = sorted(n for n in numbers(sentence) - numbers(window) if n not in measured)
        missing += [f"{n} {unit}" for n, unit in measured.items() if not self._measured(n, unit, cited)]
        if missing:
            return Verdict(False, "number", missing[0], best, where)
        absent = months(sentence) - months(window)
        if absent:
            month = next(d.text for d in find_dates(sentence) if months(d.text) & absent)
            return Verdict(False, "month", month, best, where)
        clash = self._other_date(sentence, names + words, best, cited)
        if clash:
            return Verdict(False, "date", clash, best, where)
        paragraph = _up_to(cited, where, best)
        paragraph_tokens = tokens(paragraph)
        for name in names:
            if not self._name_found(name, paragraph_tokens, paragraph):
                return Verdict(False, "name", name, best, where)
        found = self._found_words(words, window, tokens(window))
        if words and len(found) / len(words) < PARAMS.claim_support:
            return Verdict(False, "claim", ", ".join(w for w in words if w not in found)[:80], best, where)
        clash = self._polarity_clash(sentence, best)
        if clash:
            return Verdict(False, "negation", clash, best, where)
        return Verdict(True, "supported", quote=best, paragraph=where)

    def _polarity_clash(self, sentence: str, best: str) -> str:
        """A word of the sentence negated where its counterpart in the cited sentence is not, or the
        reverse ("" when none). A negation whose words have no counterpart must be matched by one
        in the cited sentence: "no other candidate" needs the paragraph to deny something too."""
        mine, theirs = polarities(sentence), polarities(best)
        pairs = self._counterparts(list(mine), list(theirs))
        for word, other in pairs.items():
            if len(mine[word]) == len(theirs[other]) == 1 and mine[word] != theirs[other]:
                return word
        denied = [w for w, p in mine.items() if True in p]
        if denied and not any(w in pairs for w in denied) and not negated(best):
            return denied[0]
        return ""

    def _counterparts(self, words: list[str], others: list[str]) -> dict[str, str]:
        """Each word's counterpart among `others`: the same word or a cognate, else the closest by
        word vector when close enough."""
        out = {}
        for w in words:
            same = w if w in others else next((o for o in others if same_word(fold(w), fold(o))), None)
            if same is not None:
                out[w] = same
        out.update(self._closest([w for w in words if w not in out], others, PARAMS.term_match))
        return out

    def _other_date(self, sentence: str, words: list[str], best: str, cited: list[str]) -> str:
        """The sentence's first date that no cited sentence backing it as well as `best` holds, when
        `best` gives a date the sentence lacks ("" otherwise): a neighbour's date moved onto this
        sentence's event."""
        mine, theirs = _date_marks(sentence), _date_marks(best)
        my_numbers, my_months = _joined(mine)
        if not mine or not theirs or any(n <= my_numbers and m <= my_months for _, n, m in theirs):
            return ""
        top = self._backing(sentence, words, best)
        strong = [s for text in cited for s in split_sentences(text) if self._backing(sentence, words, s) >= top]
        return next((text for text, n, m in mine if not any(n <= numbers(s) and m <= months(s) for s in strong)), "")

    def _backing(self, sentence: str, words: list[str], cited_sentence: str) -> int:
        """How much of the sentence a cited sentence carries: its words and numbers found there."""
        return len(self._found_words(words, cited_sentence, tokens(cited_sentence))) + len(
            numbers(sentence) & numbers(cited_sentence)
        )

    def _measured(self, number: str, unit: str, cited: list[str]) -> bool:
        """The number counts the same thing somewhere in the cited paragraphs: one of the words after
        it within four words of it there (by spelling or word vector)."""
        near = " ".join(around for text in cited for n, _, around in measures(text) if n == number)
        words = unit.split()
        words += [part for w in words if "-" in w for part in w.split("-") if len(part) > 2]
        return any(w in near.split() for w in words) or bool(self._found_words(words, near, tokens(near)))

    def _window(self, sentence: str, words: list[str], cited: list[str]) -> tuple[int, str, str]:
        """(index of the cited paragraph, the cited sentence that carries most of the sentence's
        words and numbers, and in each cited paragraph its best sentence with its neighbours)."""
        best, top, windows = (0, ""), -1, []
        for i, text in enumerate(cited):
            parts = split_sentences(text) or [text]
            got = [self._backing(sentence, words, s) for s in parts]
            j = int(np.argmax(got))
            windows.append(" ".join(parts[max(0, j - 1) : j + 2]))
            if got[j] > top:
                best, top = (i, parts[j]), got[j]
        return best[0], best[1], "\n".join(windows)

    def answer_in_citation(self, question: str, answer_type: str, sentences: list[str], cited: list[str]) -> str:
        """The reader's answer in the cited paragraphs, when one of `sentences` does not hold it (else "")."""
        if self.reader is None or answer_type not in FACTOID or not cited:
            return ""
        reads = self.reader.read(question, cited, n=1)
        spans = [s[0] for s in reads if s and s[0].margin > PARAMS.min_margin]
        if not spans:
            return ""
        span = max(spans, key=lambda s: s.margin)
        span_words = list(surface_words(span.text, stopwords())) or tokens(span.text)
        for text in sentences:
            have = set(self._found_words(span_words, text, tokens(text))) | set(numbers(span.text) & numbers(text))
            if len(have) >= len(span_words) or phrase_in(span.text, tokens(text), share=1.0):
                return ""
        return span.text

    def holds(self, answer: str, text: str) -> bool:
        """Whether the text says this short answer: its numbers, and at least half of its words
        (all of them for a name), by spelling, cognate or word vector, in any language."""
        if not numbers(answer) <= numbers(text):
            return False
        words = list(surface_words(answer, stopwords())) or tokens(answer)
        if not words:
            return True
        found = self._found_words(words, text, tokens(text))
        need = len(words) if self._names(answer) and len(self._names(answer)) == len(words) else (len(words) + 1) // 2
        return len(found) >= need

    def _names(self, sentence: str) -> list[str]:
        out = []
        for m in _CAPITAL.finditer(sentence):
            word = m.group(0).rstrip("'’-")
            word = re.sub(r"['’]s$", "", word)
            f = fold(word)
            first = not re.search(r"\w", sentence[: m.start()])
            if f in stopwords() or f in MONTHS or len(f) < 2 or (first and self.common_word(word)):
                continue
            if re.fullmatch(r"[A-ZÀ-Þ]['’]", m.group(0)[:2]):  # L'Alliance, D'Abidjan: the name follows the elision
                word = word[2:]
            out.append(word)
        return list(dict.fromkeys(out))

    def _name_found(self, name: str, passage_tokens: list[str], joined: str) -> bool:
        # a capital is no evidence for its country here: "in Bamako" is not "au Mali"
        if entity_in(name, passage_tokens, self.aliases, metonymy=False):
            return True
        # against every word: English capitalises what French does not (German/allemand, Countess/comtesse)
        if self._similar([name.lower()], surface_words(joined, frozenset()), PARAMS.term_strict):
            return True
        # a word the paragraph writes in lower case is a common word there (Black/noire, French/française)
        common = [m.group(0) for m in re.finditer(r"\b[^\W\d_A-ZÀ-Þ][^\W\d_]+", joined)]
        return bool(self._similar([name.lower()], common, PARAMS.term_match))

    def _found_words(self, words: list[str], text: str, text_tokens: list[str]) -> list[str]:
        """The words (as given) the text holds by spelling, cognate, or word vector."""
        found = [w for w in words if any(same_word(t, x) for t in tokens(w) for x in text_tokens)]
        rest = [w for w in words if w not in found]
        if rest:
            close = self._similar(rest, surface_words(text, stopwords()), PARAMS.term_match)
            found += [w for w in rest if w in close]
        return found

    def _similar(self, terms: list[str], words: list[str], bar: float) -> set[str]:
        """The terms with a word vector this close to one of `words`, and above their median closeness."""
        return set(self._closest(terms, words, bar))

    def _closest(self, terms: list[str], words: list[str], bar: float) -> dict[str, str]:
        """Each term's closest of `words` by word vector, where that is at least `bar` and above the
        term's median closeness to them (some terms sit close to everything)."""
        terms, words = list(dict.fromkeys(terms)), list(dict.fromkeys(words))
        if not terms or not words:
            return {}
        tv = self.matcher.term_vectors(terms + words)
        sims = np.stack([tv[t] for t in terms]) @ np.stack([tv[w] for w in words]).T
        need = np.maximum(bar, np.median(sims, axis=1) + PARAMS.term_margin)
        return {t: words[int(row.argmax())] for t, row, b in zip(terms, sims, need) if row.max() >= b}

    def _best_sentence(self, found: list[str], cited: list[str]) -> tuple[str, int]:
        """The cited sentence holding most of the found words."""
        best, where, score = "", 0, -1
        for i, text in enumerate(cited):
            for s in split_sentences(text):
                st = tokens(s)
                n = sum(1 for w in found if any(same_word(t, x) for t in tokens(w) for x in st))
                if n > score:
                    best, where, score = s, i, n
        return best, where


def _date_marks(text: str) -> list[tuple[str, set[str], set[int]]]:
    """(text, numbers, months) of each date that gives a year or a month."""
    out = []
    for d in find_dates(text):
        marks = (d.text, numbers(d.text), months(d.text))
        if marks[1] or marks[2]:
            out.append(marks)
    return out


def _joined(marks: list[tuple[str, set[str], set[int]]]) -> tuple[set[str], set[int]]:
    return set().union(*(n for _, n, _ in marks)), set().union(*(m for _, _, m in marks))


def _up_to(cited: list[str], where: int, best: str) -> str:
    """The cited paragraphs, the one that backs the sentence cut after its best sentence and the
    next: a name is introduced before a pronoun stands for it, so one named only further on
    belongs to another event ("Marseille-Porto Torres from 13 July" is no service from 20 June)."""
    text = cited[where] if cited else ""
    k = text.find(best) if best else -1
    if k < 0:
        return "\n".join(cited)
    after = split_sentences(text[k + len(best) :])
    return "\n".join([*cited[:where], text[: k + len(best)] + " " + " ".join(after[:1]), *cited[where + 1 :]])


def _is_name_word(word: str, names: list[str]) -> bool:
    parts = set(tokens(word))
    return bool(parts) and any(parts <= set(tokens(n)) for n in names)
