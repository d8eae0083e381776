"""Candidate answer spans inside a sentence, each with a kind the answer type can be matched against.

Kinds: PER, ORG, LOC, MISC (spaCy's labels, stored at ingest), PROPN (a capitalised name spaCy
missed), DATE, NUM, QUOTE, CLAUSE (a reason or purpose clause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.schema import Sentence
from index.text import stopwords

from .dates import find_dates

NUMBER_WORDS = (
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|"
    r"trente|quarante|cinquante|soixante|vingts|cent|cents|mille|"
    r"(?:plusieurs\s+|quelques\s+|des\s+)?(?:dizaines|centaines|milliers|millions)|"
    r"(?:une\s+)?(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine|millier)|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|thousand|dozens|hundreds|thousands"
)
# "vingt et un", "quatre-vingt-dix", "deux cents", "twenty-one": one number.
COMPOUND = rf"(?:(?:-|\s+)(?:{NUMBER_WORDS}|one)|(?:-et-|\s+et\s+)(?:un|une|onze))"
SCALE = r"(?:\s+(?:millions?|milliards?|billions?|thousands?|mille|hundreds?|centaines?))?"
MONEY = r"euros?|dollars?|francs?\s+cfa"
MEASURES = rf"km|kilomètres|kilometres|miles|{MONEY}|tonnes?"
# "14,2 milliards d'euros": after a scale, French joins a measure's unit with "de"
UNIT = (
    rf"(?:\s*(?:(?:d['’]|de\s+|of\s+)?(?:{MEASURES})|%|pour\s*cent|percent|per\s*cent|\$|€|"
    r"années?|ans?|years?|mois|months?|semaines?|weeks?|jours?|days?|heures?|hours?|minutes?|"
    r"siècles?|centur(?:y|ies)|soldats|soldiers|hommes|men|morts|dead|personnes|people)(?!\w))?"
)
# "un an", "a year", "plusieurs années": one or a vague number of units of time is a duration,
# though "un" or "plusieurs" alone is only an article or a determiner.
TIME_UNITS = r"ans?|ann[ée]es?|mois|semaines?|jours?|heures?|minutes?|si[èe]cles?|years?|months?|weeks?|days?|hours?|centur(?:y|ies)"
TIME_UNIT = re.compile(rf"(?:{TIME_UNITS})", re.IGNORECASE)
MONEY_OR_SHARE = re.compile(rf"%|pour\s*cent|percent|per\s*cent|\$|€|{MONEY}", re.IGNORECASE)
ONE_UNIT = rf"\b(?:un|une|a|an|one|plusieurs|quelques|several|a few|many)(?=\s+(?:{TIME_UNITS})\b)"
_NUMBER = re.compile(
    rf"(?:{ONE_UNIT}|\b\d{{1,3}}(?:[  .,]\d{{3}})+(?:,\d+)?|\b\d+(?:[.,]\d+)?|\b(?:{NUMBER_WORDS}){COMPOUND}*\b)"
    rf"{SCALE}(?P<unit>{UNIT})",
    re.IGNORECASE,
)
_JOINED = re.compile(r"^(?:d['’]|de\s+|of\s+)")
_COUNTED = re.compile(r"\s+(?:d[e'’]\s*)?([^\W\d_]{3,})")
_QUOTE = re.compile(r"«\s*([^»]{2,120}?)\s*»|\"([^\"]{2,120}?)\"|“([^”]{2,120}?)”")
_PROPN = re.compile(
    r"(?<![\w'’])(?:[A-ZÀ-Ý][\w-]+|[A-Z]{2,})(?:\s+(?:de\s+la\s+|de\s+l'|des\s+|du\s+|de\s+|d'|of\s+the\s+|of\s+)?"
    r"(?:[A-ZÀ-Ý][\w-]+|[A-Z]{2,}))*"
)
_CLAUSE = re.compile(
    r"\b(?:parce qu[e'’]|car|afin de|afin qu[e'’]|pour(?=\s+\w+(?:er|ir|re)\b)|en raison d[eu'’]|"
    r"à cause d[eu'’]|grâce à|because(?: of)?|in order to|so that|due to|owing to)\s*"
    r"([^,.;:]{3,140})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    start: int  # offsets in the paragraph text
    end: int
    text: str
    kind: str
    counted: str | None = None  # for a number: the noun it counts ("trois pays" -> "pays")
    unit: str | None = None  # for a number: its unit ("3 km" -> "km", "plusieurs années" -> "années")

    @property
    def is_duration(self) -> bool:
        return self.unit is not None and TIME_UNIT.fullmatch(self.unit) is not None

    @property
    def is_money_or_share(self) -> bool:
        return self.unit is not None and MONEY_OR_SHARE.fullmatch(self.unit) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:«»\"“”'’(":
        start += 1
    while end > start and text[end - 1] in " ,;:.«»\"“”'’)":
        end -= 1
    return start, end


_ORG_CUE = re.compile(
    r"(?:société|entreprise|groupe|compagnie|organisation|parti|company|group|firm|organi[sz]ation|"
    r"party|agency|agence)(?:\s+[\w'’-]+){0,3}\s*$",
    re.IGNORECASE,
)


def _repaired_label(paragraph: str, entity) -> str:
    """spaCy's small French model tags some organisations as people ("la société ... Wagner"):
    a name that an organisation noun introduces anywhere in the paragraph is an organisation."""
    if entity.label == "PER" and any(
        _ORG_CUE.search(paragraph[max(0, m.start() - 60) : m.start()])
        for m in re.finditer(re.escape(entity.text), paragraph)
    ):
        return "ORG"
    return entity.label


def sentence_candidates(paragraph: str, sentence: Sentence) -> list[Candidate]:
    s0, text = sentence.start, sentence.text
    out: dict[tuple[int, int, bool], Candidate] = {}  # a number may also be a date (a year)

    def add(a: int, b: int, kind: str, counted: str | None = None, unit: str | None = None) -> None:
        a, b = _trim(paragraph, s0 + a, s0 + b)
        if b > a and (a, b, kind == "NUM") not in out:
            out[(a, b, kind == "NUM")] = Candidate(a, b, paragraph[a:b], kind, counted, unit)

    for e in sentence.entities:
        add(e.start - s0, e.end - s0, _repaired_label(paragraph, e))
    taken = [(e.start - s0, e.end - s0) for e in sentence.entities]
    dates = find_dates(text)
    for d in dates:
        add(d.start, d.end, "DATE")
    for m in _NUMBER.finditer(text):
        after = _COUNTED.match(text, m.end())
        counted = after.group(1).lower() if after and not m.group(0)[-1:].isspace() and not m.group("unit") else None
        date = next((d for d in dates if d.start <= m.start() < d.end), None)
        if date and not (date.text.isdigit() and (m.end() > date.end or (counted and counted not in stopwords()))):
            continue  # a bare year with a unit or a counted noun ("1200 soldats") is a number too
        add(m.start(), m.end(), "NUM", counted, _JOINED.sub("", m.group("unit").strip()) or None)
    for m in _QUOTE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        add(m.start(g), m.end(g), "QUOTE")
    for m in _PROPN.finditer(text):
        if m.start() == 0 and " " not in m.group(0):
            continue  # a capitalised first word is usually just the start of the sentence
        if not any(a <= m.start() < b for a, b in taken):
            add(m.start(), m.end(), "PROPN")
    for m in _CLAUSE.finditer(text):
        add(m.start(1), m.end(1), "CLAUSE")
    return list(out.values())


def has_shape(answer_type: str, text: str, max_words: int = 4) -> bool:
    """A short span that reads as the date or number asked for, whatever noun it counts."""
    if answer_type == "date":
        return bool(find_dates(text))
    return answer_type == "number" and len(text.split()) <= max_words and bool(_NUMBER.search(text))
