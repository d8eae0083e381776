"""Rewrite an elliptical or pronoun follow-up into a standalone question, from the earlier turns.

"And Niger's?" after "Who is Mali's foreign minister?" becomes "Who is Niger's foreign minister?";
"Quand doit-il aller à Moscou ?" after an answer naming Assimi Goïta becomes
"Quand Assimi Goïta doit-il aller à Moscou ?".
"""

from __future__ import annotations

import re

from .analysis import question_entities
from .text import content_tokens

_ELLIPSIS = re.compile(
    r"^\s*(?:and|et|what about|how about|what of|et pour|et concernant|et quant à|and for|same for|"
    r"idem pour|même question pour)\b",
    re.IGNORECASE,
)
_EN_SUBJECT = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_EN_POSSESSIVE = re.compile(r"\b(his|her|their)\b", re.IGNORECASE)
_EN_OBJECT = re.compile(r"\b(him|them)\b", re.IGNORECASE)
_FR_INVERSION = re.compile(r"(\b[\wéèêàâîôûç]+)-(?:t-)?(il|elle|ils|elles)\b", re.IGNORECASE)
_FR_SUBJECT = re.compile(r"(?<![-\w])(il|elle|ils|elles)\b(?!-)", re.IGNORECASE)
_FR_OBJECT = re.compile(r"\b(lui|leur)\b(?!s)", re.IGNORECASE)
_NAME = re.compile(r"(?:[A-ZÀ-Ý][\w’'-]+)(?:\s+(?:[A-ZÀ-Ý][\w’'-]+))*")


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
    """Whom a pronoun most likely means: a name the last answer gave, else the last question's subject."""
    head = re.split(r"\[\d+\]|[—:]", answer, maxsplit=1)[0]
    names = [n for n in _NAME.findall(head) if content_tokens(n)]
    if names:
        return max(names, key=len)
    entities = question_entities(question)
    return entities[0] if entities else None


def rewrite(question: str, history) -> str:
    turns = _turns(history)
    if not turns:
        return question
    prev_q, prev_a = turns[-1]
    new_entities = question_entities(question)
    # Ellipsis: keep the earlier question, swap in the new subject.
    if _ELLIPSIS.match(question) and new_entities and len(content_tokens(question)) <= 6:
        old = question_entities(prev_q)
        new = new_entities[-1]
        if old:
            target = old[-1]
            return re.sub(re.escape(target), new, prev_q, count=1)
        return f"{prev_q.rstrip(' ?')} ({new}) ?"
    referent = _referent(prev_q, prev_a)
    if not referent or referent in question:
        return question
    rewritten = question
    rewritten = _FR_INVERSION.sub(lambda m: f"{referent} {m.group(0)}", rewritten, count=1)
    if rewritten == question:
        rewritten = _FR_SUBJECT.sub(referent, rewritten, count=1)
        rewritten = _FR_OBJECT.sub(referent, rewritten, count=1)
        rewritten = _EN_SUBJECT.sub(referent, rewritten, count=1)
        rewritten = _EN_POSSESSIVE.sub(f"{referent}'s", rewritten, count=1)
        rewritten = _EN_OBJECT.sub(referent, rewritten, count=1)
    return rewritten
