"""Rewrite an elliptical or pronoun follow-up into a standalone question, from the earlier turns.

"And Niger's?" after "Who is Mali's foreign minister?" becomes "Who is Niger's foreign minister?";
"Quand doit-il aller à Moscou ?" after an answer naming Assimi Goïta becomes
"Quand Assimi Goïta doit-il aller à Moscou ?".
"""

from __future__ import annotations

import re

from .analysis import analyze, question_entities
from .text import content_tokens, names_a_country, place_kind

_ELLIPSIS = re.compile(
    r"^\s*(?:and|et|what about|how about|what of|et pour|et concernant|et quant à|and for|same for|"
    r"idem pour|même question pour)\b",
    re.IGNORECASE,
)
_EN_SUBJECT = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_EN_POSSESSIVE = re.compile(r"\b(his|her|their)\b", re.IGNORECASE)
_EN_OBJECT = re.compile(r"\b(him|them)\b", re.IGNORECASE)
# The verb of an inverted subject with the clitic pronouns bound before it ("s'est-elle", "ne
# l'a-t-il"): a name put before the question's subject goes before them all. An elided "que"
# ("Qu'a-t-il dit ?", "Qu'en pense-t-elle ?") stays before the name.
_FR_INVERSION = re.compile(
    r"(?:(?<![\w'’-])|(?<=qu['’]))(?:(?:ne|se|me|te|le|la|les|lui|leur|y|en|nous|vous)\s+|[nsmtl]['’])*"
    r"[\wéèêàâîôûç]+-(?:t-)?(il|elle|ils|elles)\b",
    re.IGNORECASE,
)
# Impersonal "il" ("y a-t-il", "faut-il", "s'agit-il", "pleut-il") stands for no one.
_FR_IMPERSONAL = re.compile(
    r"\by\s+(?:a|avait|aura|aurait)-(?:t-)?il\b|\b(?:faut|fallait|faudra|faudrait)-il\b"
    r"|\bs['’]agi(?:t|ssait|ra|rait)-(?:t-)?il\b|\b(?:pleut|neige)-t-il\b",
    re.IGNORECASE,
)
_FR_SUBJECT = re.compile(r"(?<![-\w])(il|elle|ils|elles)\b(?!-)", re.IGNORECASE)
_FR_OBJECT = re.compile(r"\b(lui|leur)\b(?!s)", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-ZÀ-Ý][\w’'-]+)(?:\s+(?:[A-ZÀ-Ý][\w’'-]+))*")
# A noun phrase opens with a determiner (closed classes of both languages); one that is not a
# "de"-complement inside a wh-phrase ("combien de pays de la région") can be a pronoun's antecedent.
_DETERMINER = re.compile(
    r"(?<![\w’'-])(?<!\bde )(?<!\bd['’])(?:(?:le|la|les|un|une|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos|"
    r"votre|vos|the|a|an|this|these|those|its)\s|l['’]\w)",
    re.IGNORECASE,
)


def _turns(history) -> list[tuple[str, str]]:
    out = []
    for turn in history or []:
        if isinstance(turn, dict):
            out.append((str(turn.get("question") or ""), str(turn.get("answer") or "")))
        else:
            q, a = turn
            out.append((str(q or ""), str(a or "")))
    return out


def _referent(question: str, answer: str) -> str | None:
    """Whom a pronoun most likely means: the last answer when it is a name ("Assimi Goïta"), else the
    name the last question asked about ("Qui est Sergueï Lavrov ?" -> a description), else a name
    inside the last answer. The answer to where, when or how many is a circumstance, not the one
    spoken of: "his" after "When will Goïta visit Moscow?" -> "in June" is Goïta's."""
    head = re.split(r"\[\d+\]|[—:]", answer, maxsplit=1)[0].strip()
    names = [n for n in _NAME.findall(head) if content_tokens(n)]
    words = re.findall(r"[\w’'-]+", head)
    entities = question_entities(question)
    answer_is_name = names and all(w[0].isupper() for w in words if content_tokens(w))
    if answer_is_name and not (entities and _asks_circumstance(question)):
        return max(names, key=len)
    if entities:
        return entities[0]
    return max(names, key=len) if names else None


def _asks_circumstance(question: str) -> bool:
    """A "when", "how many" or "where" question (a place asked for with no noun naming its kind:
    "which country" asks for a country, which a pronoun can stand for)."""
    asked = analyze(question)
    return asked.answer_type in ("date", "number") or (asked.answer_type == "place" and not asked.head)


def _swapped(question: str, new: str) -> str | None:
    """The earlier question's word that the new name replaces: for a country, a country or a word
    formed on one ("malien" in "le ministre malien des Affaires étrangères", not "Affaires"); else
    its last name."""
    old = question_entities(question)
    if place_kind(new) == "country":
        words = [w for w in (*old, *re.findall(r"[\w’'-]+", question)) if names_a_country(w)]
        if words:
            return words[0]
    return old[-1] if old else None


def _has_antecedent(before: str) -> bool:
    """Whether the words before a pronoun hold a noun phrase it can stand for: a name or a determiner's
    phrase. "Quand les trois pays ont-ils quitté la CEDEAO ?" and "Wagner est-il présent ?" double an
    explicit subject (French complex inversion); "Quand doit-il aller à Moscou ?" has none."""
    return bool(question_entities(before) or _DETERMINER.search(before))


def _lower_first(m: re.Match, question: str) -> str:
    """The matched verb group, lower-cased where it opened the question ("Y va-t-il" -> "Goïta y va-t-il")."""
    text = m.group(0)
    return text[:1].lower() + text[1:] if not question[: m.start()].strip() else text


def _names_later(question: str, at: int) -> bool:
    """A pronoun in a leading clause set off by a comma may stand for a name the main clause gives
    after it: "When he received the ministers, what did Sergei Lavrov welcome?"."""
    comma = question.find(",", at)
    return comma >= 0 and "," not in question[:at] and bool(question_entities(question[comma + 1 :]))


def _replace_first(pattern: re.Pattern, question: str, make) -> str:
    """The first match of a pronoun `pattern` replaced by `make(match)`, unless the question itself
    holds its antecedent, before it or (from a leading clause) after it."""
    m = pattern.search(question)
    if not m or _has_antecedent(question[: m.start()]) or _names_later(question, m.end()):
        return question
    return question[: m.start()] + make(m) + question[m.end() :]


def rewrite(question: str, history) -> str:
    """The question as typed unless it needs the conversation: an ellipsis ("And Niger's?"), or a
    pronoun with no antecedent in the question itself."""
    turns = _turns(history)
    if not turns:
        return question
    prev_q, prev_a = turns[-1]
    new_entities = question_entities(question)
    # Ellipsis: keep the earlier question, swap in the new subject.
    if _ELLIPSIS.match(question) and new_entities and len(content_tokens(question)) <= 6:
        new = new_entities[-1]
        target = _swapped(prev_q, new)
        if target:
            return re.sub(re.escape(target), new, prev_q, count=1)
        return f"{prev_q.rstrip(' ?')} ({new}) ?"
    referent = _referent(prev_q, prev_a)
    if not referent or referent in question:
        return question
    if _FR_INVERSION.search(question):  # an inverted subject: the only pronoun that can need resolving
        if _FR_IMPERSONAL.search(question):
            return question
        return _replace_first(_FR_INVERSION, question, lambda m: f"{referent} {_lower_first(m, question)}")
    rewritten = question
    for pattern, make in (
        (_FR_SUBJECT, lambda m: referent),
        (_EN_SUBJECT, lambda m: referent),
        (_EN_POSSESSIVE, lambda m: f"{referent}'s"),
    ):
        rewritten = _replace_first(pattern, rewritten, make)
    if rewritten != question:  # an object pronoun never stands for its own clause's subject
        return rewritten
    # Nor for the subject named before it ("What did Lavrov tell them?"): the referent is earlier.
    for pattern in (_FR_OBJECT, _EN_OBJECT):
        rewritten = pattern.sub(referent, rewritten, count=1)
    return rewritten
