"""Which language a question is in (py3langid, restricted to common languages)."""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = [
    "en",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "ar",
    "zh",
    "ja",
    "tr",
    "pl",
    "sv",
    "ro",
    "el",
    "hi",
    "th",
    "vi",
]
_EN = {"who", "what", "when", "where", "which", "why", "how", "the", "is", "are", "did", "does", "and", "of", "to"}
_FR = {
    "qui",
    "que",
    "quoi",
    "quand",
    "où",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "pourquoi",
    "comment",
    "combien",
    "le",
    "la",
    "les",
    "est",
    "et",
    "de",
    "du",
    "des",
    "il",
    "elle",
}


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    ident = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def detect_language(text: str) -> str:
    """ISO 639-1 code; short English/French questions are settled by their function words."""
    words = {w.strip("?!.,;:'\"«»").lower() for w in text.replace("’", "'").replace("'", " ").split()}
    en, fr = len(words & _EN), len(words & _FR)
    lang, prob = _identifier().classify(text)
    if prob < 0.9 and (en or fr) and en != fr:
        return "en" if en > fr else "fr"
    return lang
