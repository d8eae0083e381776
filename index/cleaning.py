"""Clean article bodies: drop page boilerplate, normalise white space, keep the words as written.

Users see paragraphs quoted back, so the cleaner never rewrites text (apostrophes, quotes and
accents stay as received); it only removes whole boilerplate paragraphs and invisible noise.
"""

from __future__ import annotations

import re
import unicodedata

# Whole-paragraph matches only: page furniture from comment widgets, share bars, newsletters.
BOILERPLATE = re.compile(
    r"""^(?:
        commentaires?\s*\(\d+\)
      | \d+\s+commentaires?
      | participer\s+à\s+la\s+discussion
      | (?:laisser|ajouter|écrire)\s+un\s+commentaire
      | réagir(?:\s+à\s+cet\s+article)?
      | partager(?:\s+(?:cet\s+article|sur\s+\w+))?
      | lire\s+aussi\b.{0,120}
      | abonnez-vous.{0,80}
      | inscrivez-vous\s+à\s+(?:la|notre)\s+newsletter.{0,80}
      | comments?\s*\(\d+\)
      | \d+\s+comments?
      | (?:leave|add|post)\s+a\s+comment
      | join\s+the\s+discussion
      | share\s+(?:this(?:\s+article)?|on\s+\w+)
      | read\s+more\b.{0,80}
      | subscribe\s+to\s+(?:our|the)\s+newsletter.{0,80}
      | advertisement | publicité
    )[\s.:!]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def is_boilerplate(paragraph: str) -> bool:
    return bool(BOILERPLATE.match(paragraph.strip()))


def normalise_space(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces collapsed, ends trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = re.sub(r"\s*\n\s*", " ", text)
    return _SPACES.sub(" ", text).strip()


def clean_paragraphs(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        p = normalise_space(p)
        if p and not is_boilerplate(p):
            out.append(p)
    return out
