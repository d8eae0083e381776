"""Date expressions in French and English text, relative ones resolved against the article date.

spaCy's French model has no DATE label, so spans are found with patterns; parsing is left to
dateparser, except the "juin prochain" / "last June" modifiers it does not read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = (
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janv\.?|févr\.?|sept\.?|oct\.?|nov\.?|déc\.?|jan\.?|feb\.?|apr\.?|aug\.?|dec\.?"
)
WEEKDAYS = (
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
NEXT = r"prochaine?|suivante?|next|coming"
LAST = r"dernière|dernier|derniere|passée?|précédente?|last|previous|past"
YEAR = r"(?:1\d\d\d|20\d\d)"
# Periods a history answers "when" with; they have no calendar date to resolve to.
ERA = (
    r"\b(?:[IVXL]+|\d{1,2})(?:e|è|ème|eme|er)\s+siècles?\b|\b\d{1,2}(?:st|nd|rd|th)\s+century\b"
    r"|\b\d{1,4}\s+(?:avant|après|av\.|apr\.)\s*(?:notre ère|J\.?-?C\.?|Jésus-Christ)|\b\d{1,4}\s+(?:BC|AD|BCE)\b"
)
DAY = r"(?:1er|[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_POINT = rf"(?:le\s+|the\s+)?(?:(?:{DAY}\s+)?(?:{MONTHS})(?:\s+{YEAR})?|{YEAR})"
PATTERNS = [
    # a range is one answer: "entre mai et juin 2019", "de 1914 à 1918", "from May to June"
    rf"\b(?:entre|between|from|de|du)\s+(?:{_POINT}|{DAY})\s*(?:et|and|à|au|to|-|–)\s*{_POINT}\b",
    ERA,
    rf"\b{DAY}\s+(?:{MONTHS})(?:\s+{YEAR})?\b",
    rf"\b(?:{MONTHS})\s+{DAY},?\s+{YEAR}\b",
    rf"\b(?:{MONTHS})\s+(?:de\s+l'année\s+)?{YEAR}\b",
    rf"\b(?:{MONTHS})\s+(?:{NEXT}|{LAST})\b",
    rf"\b(?:{NEXT}|{LAST})\s+(?:{MONTHS})\b",
    rf"\b(?:l'année|l’année|le mois|la semaine|l'an|l’an|this|next|last)\s+(?:{NEXT}|{LAST}|year|month|week)\b",
    r"\b(?:aujourd'hui|aujourd’hui|demain|hier|today|tomorrow|yesterday)\b",
    r"\b(?:il y a|voici)\s+(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:ans|années|mois|semaines|jours)\b",
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:years|months|weeks|days)\s+ago\b",
    rf"\b(?:{WEEKDAYS})(?:\s+(?:{NEXT}|{LAST}))?\b",
    rf"\b(?:{MONTHS})\b",
    rf"(?<!\d[.,])\b{YEAR}\b(?![.,]?\d|\s*(?:%|pour\s*cent))",
]
_RE = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)
_ERA = re.compile(ERA)
_MODIFIER = re.compile(rf"\s*\b(?:{NEXT}|{LAST})\b\s*", re.IGNORECASE)
# "in May", "en mai", "début mars": a preposition or a part of the month makes it one
_MONTH_BEFORE = re.compile(
    r"\b(?:in|en|of|de|du|début|fin|mi|early|late|since|until|depuis|avant|après)[\s-]+$", re.IGNORECASE
)
_DECADE = re.compile(r"\b(?:années|the)\s+((?:1\d|20)\d0)(?:['’]?s)?\b", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"^(?:{MONTHS})$", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    text: str


def find_dates(text: str) -> list[DateSpan]:
    """Non-overlapping date expressions, longest first. "mai" alone only counts with a day or year nearby
    or after a preposition ("en mai", "in May"), since it is also a common word in some languages;
    English "may" and French "mars" likewise."""
    spans = []
    for m in _RE.finditer(text):
        s = m.group(0)
        if (
            s.lower() in ("may", "mars", "mai")
            and not re.search(r"\d", text[max(0, m.start() - 6) : m.end() + 6])
            and not _MONTH_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
        ):
            continue
        spans.append(DateSpan(m.start(), m.end(), s))
    return spans


def date_given(expression: str, text: str, base: str | None) -> bool:
    """Whether a passage dated `base` gives the date a question names: a date it writes, or its
    own date ("le 3 avril" asked of an article of 3 April 2025), agrees on the parts the question
    writes (year, month, day; "3 avril" and "April 2025" are not 3 April 2024), or is coarser ("2025"
    does not deny "3 avril 2025"). A relative date ("demain", "last June") is resolved against the
    passage's date; without one, or where nothing resolves (an era, a range), nothing is checked.
    A range or a decade in the passage gives each year it covers."""
    asked = resolve(expression, base)
    year = re.search(YEAR, expression)
    absolute = year or (re.search(rf"\b(?:{MONTHS})\b", expression, re.IGNORECASE) and not _MODIFIER.search(expression))
    if asked is None or not (absolute or base):
        return True
    dates = find_dates(text)
    given = {base} | {resolve(d.text, base) for d in dates}
    given |= {str(y) for y0, y1 in _spans(text, dates) for y in range(y0, y1 + 1)}
    filled = absolute and not year  # "3 avril": the year was only filled in, compare "-04-03"
    written = asked[4:] if filled else asked
    for date in given - {None}:
        have = date[4:] if filled else date
        if have and (have.startswith(written) or written.startswith(have)):
            return True
    return False


def _spans(text: str, dates: list[DateSpan]) -> list[tuple[int, int]]:
    """The years a range or a decade of the text covers: "de 1967 à 1970", "les années 1960", "the 1960s"."""
    out = []
    for d in dates:
        years = [int(y) for y in re.findall(YEAR, d.text)]
        if len(years) == 2 and years[0] < years[1] <= years[0] + 100:
            out.append((years[0], years[1]))
    out += [(int(m.group(1)), int(m.group(1)) + 9) for m in _DECADE.finditer(text)]
    return out


def resolve(expression: str, base: str | None) -> str | None:
    """ISO date at the precision the text gives (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    # Against an article's date the answer never changes, and dateparser takes milliseconds a call:
    # the checks resolve the same dates of the same sentences many times over. Without one, "now"
    # moves, except for a date that writes its year ("mars 2005").
    if base or re.search(YEAR, expression):
        return _resolved_at(expression, base or "")
    return _resolve(expression, None)


@lru_cache(maxsize=8192)
def _resolved_at(expression: str, base: str) -> str | None:
    return _resolve(expression, base)


def _resolve(expression: str, base: str | None) -> str | None:
    if re.fullmatch(YEAR, expression.strip()):
        return expression.strip()
    if _ERA.search(expression):
        return None
    try:
        base_dt = dt.datetime.fromisoformat(base) if base else None
    except ValueError:
        base_dt = None
    text = expression.replace("’", "'").strip()
    modifier = _MODIFIER.search(text)
    direction = None
    if modifier and _MONTH_ONLY.match(_MODIFIER.sub(" ", text).strip()):
        direction = "future" if re.match(rf"\s*(?:{NEXT})", modifier.group(0).strip(), re.IGNORECASE) else "past"
        text = _MODIFIER.sub(" ", text).strip()
    settings = {"RELATIVE_BASE": base_dt} if base_dt else {}
    if direction:
        settings["PREFER_DATES_FROM"] = direction
    data = _dated(text, settings)
    if not data or not data.date_obj:
        return None
    d, period = data.date_obj, data.period
    if direction and base_dt:
        if direction == "future" and d <= base_dt:
            d = d.replace(year=d.year + 1)
        if direction == "past" and d >= base_dt:
            d = d.replace(year=d.year - 1)
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.date().isoformat()


def _dated(text: str, settings: dict):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["fr", "en"], settings=settings).get_date_data(text)


def human(iso: str, lang: str) -> str:
    """'2025-06' -> 'June 2025' / 'juin 2025'."""
    en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    fr = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = (fr if lang == "fr" else en)[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day} {month} {parts[0]}" if lang == "fr" else f"{month} {day}, {parts[0]}"
