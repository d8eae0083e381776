"""When to say "not in the articles", and how to say it in the asker's language.

A score alone cannot tell answerable from unanswerable (e5 similarities sit in a narrow band),
so refusal rests on evidence: every name the question mentions must be found, the answer must
sit next to those names, its paragraph must give any date the question names (`dates.date_given`),
a typed question needs a candidate of its type, and the passage must match the question well enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import QuestionAnalysis
from .text import capital_forms, country_forms, initials_in, names_form, phrase_in, sequence_in, tokens

TYPE_WORDS = {
    "en": {
        "person": "person",
        "organisation": "organisation",
        "place": "place",
        "date": "date",
        "number": "number",
        "phrase": "answer",
        "yesno": "answer",
        "reason": "reason",
        "manner": "explanation",
    },
    "fr": {
        "person": "personne",
        "organisation": "organisation",
        "place": "lieu",
        "date": "date",
        "number": "nombre",
        "phrase": "réponse",
        "yesno": "réponse",
        "reason": "raison",
        "manner": "explication",
    },
}

MASCULINE = {"lieu", "nombre"}  # "aucun lieu", "le nombre demandé"


@dataclass
class Refusal:
    code: str  # missing_entity | near_miss | date_mismatch | count_mismatch | no_candidate | weak_support | descriptor_mismatch | unlikely | no_passages
    detail: str = ""

    def reason(self, lang: str, answer_type: str) -> str:
        lang = "fr" if lang == "fr" else "en"
        kind = TYPE_WORDS[lang].get(answer_type, TYPE_WORDS[lang]["phrase"])
        en = {
            "missing_entity": f"no article mentions {self.detail}",
            "near_miss": f"the passages that mention {self.detail} do not give the {kind} asked for",
            "date_mismatch": f"the closest passages do not speak of {self.detail}",
            "count_mismatch": f"the passages do not speak of {self.detail}",
            "no_candidate": f"no {kind} of the kind asked for appears in the relevant passages",
            "descriptor_mismatch": f"the passages do not speak of {_indefinite(self.detail)}",
            "weak_support": "the closest passages do not match the question closely enough",
            "unlikely": "the closest passages do not seem to answer this question",
            "no_passages": "the index holds no matching passage",
        }
        the, asked, none = ("le", "demandé", "aucun") if kind in MASCULINE else ("la", "demandée", "aucune")
        fr = {
            "missing_entity": f"aucun article ne mentionne {self.detail}",
            "near_miss": f"les passages qui mentionnent {self.detail} ne donnent pas {the} {kind} {asked}",
            "date_mismatch": f"les passages les plus proches ne parlent pas {_de_date(self.detail)}",
            "count_mismatch": f"les passages ne parlent pas de {self.detail}",
            "no_candidate": f"{none} {kind} du type demandé n'apparaît dans les passages pertinents",
            "descriptor_mismatch": f"les passages ne parlent pas {_de(self.detail)}",
            "weak_support": "les passages les plus proches ne correspondent pas assez à la question",
            "unlikely": "les passages les plus proches ne semblent pas répondre à cette question",
            "no_passages": "l'index ne contient aucun passage correspondant",
        }
        return (fr if lang == "fr" else en)[self.code]


def _indefinite(noun: str) -> str:
    """ "a mayor", "an animal" (by the first letter: "an hour" and "a union" stay rare exceptions)."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _de(noun: str) -> str:
    """ "de guerre", "d'événement"."""
    return f"d'{noun}" if noun[:1].lower() in "aeiouhéèêàâîôû" else f"de {noun}"


def _de_date(date: str) -> str:
    """ "du 3 avril", "de 2024", "d'avril 2024", "de demain"."""
    return f"du {date}" if re.match(r"\d{1,2}(?:er)?\s+[^\W\d]", date) else _de(date)


def refusal_text(refusal: Refusal, analysis: QuestionAnalysis, query: str) -> str:
    reason = refusal.reason(analysis.language, analysis.answer_type)
    if analysis.language == "fr":
        return (
            f"Les articles ne contiennent pas cette information : {reason}. "
            f"Recherche effectuée : « {query} ». Les paragraphes les plus proches sont indiqués ci-dessous."
        )
    return f'The articles do not say: {reason}. Searched for: "{query}". The nearest paragraphs are listed below.'


def is_cross_lingual_name(name: str) -> bool:
    """An acronym or multi-word name may be a translation of one the articles use (ECOWAS/CEDEAO)."""
    return bool(re.fullmatch(r"[A-Z]{2,8}", name)) or len(name.split()) >= 3


def missing_entity(
    analysis: QuestionAnalysis, corpus_tokens: list[list[str]], aliases: dict[str, str], article_langs: set[str]
) -> Refusal | None:
    """A name from the question that no retrieved passage mentions, in any form we can match."""
    for name in analysis.entities:
        if any(entity_in(name, toks, aliases) for toks in corpus_tokens):
            continue
        cross = bool(article_langs) and analysis.language not in article_langs
        if cross and is_cross_lingual_name(name):
            continue
        return Refusal("missing_entity", name)
    return None


def entity_in(name: str, text_tokens: list[str], aliases: dict[str, str], metonymy: bool = True) -> bool:
    """In the text as written, spelled out by initials, as the same country in another language
    (Norway <-> Norvège), through an acronym the articles define (AES <-> Alliance des États du
    Sahel), or with `metonymy` as a country's capital or a capital's country (Russie <-> Moscou),
    the capital's names written exactly (GeoNames lists short forms such as "Cham" for Damascus)."""
    if phrase_in(name, text_tokens) or initials_in(name, text_tokens):
        return True
    if any(phrase_in(form, text_tokens, share=1.0) for form in country_forms(name)):
        return True
    if metonymy and any(sequence_in(tokens(form), text_tokens) for form in capital_forms(name)):
        return True
    return any(names_form(name, form) and phrase_in(other, text_tokens) for form, other in aliases.items())
