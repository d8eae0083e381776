"""Acronyms an article defines ("Alliance des États du Sahel (AES)"), found at ingest time.

A question may use either form, or a translation of the long one; answering matches both.
"""

from __future__ import annotations

import re

from .text import fold

_DEFINED = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_WORD = re.compile(r"[^\W\d_]+")


def _is_subsequence(short: str, letters: str) -> bool:
    it = iter(letters)
    return all(ch in it for ch in short)


def acronym_aliases(texts: list[str]) -> dict[str, str]:
    """'Alliance des États du Sahel (AES)' -> {'aes': 'Alliance des États du Sahel', and back}.

    The long form is the shortest run of words before the parenthesis whose first word starts
    with the acronym's first letter and whose initials contain all its letters in order.
    """
    aliases: dict[str, str] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            short = m.group(1)
            if sum(ch.isupper() for ch in short) < 2:
                continue
            before = text[: m.start()]
            offset = max(before.rfind(")"), before.rfind("("), before.rfind(". "), len(before) - 200, -1) + 1
            words = list(_WORD.finditer(text[offset : m.start()]))[-12:]
            acr = fold(short)
            for n in range(2, len(words) + 1):
                run = words[-n:]
                initials = "".join(fold(w.group(0))[0] for w in run)
                if initials[0] == acr[0] and run[0].group(0)[0].isupper() and _is_subsequence(acr, initials):
                    long = text[offset + run[0].start() : offset + run[-1].end()]
                    aliases[acr] = long
                    aliases[fold(long)] = short
                    break
    return aliases
