import subprocess
import sys

from index.text import fold, stopwords


def test_stop_words_are_spacys_lists_folded():
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    assert stopwords() == frozenset(fold(w) for w in EN | FR) | {"s", "t", "d", "l"}
    assert {"les", "etaient", "the", "which"} <= stopwords() and "niger" not in stopwords()


def test_stop_words_load_without_spacys_language_classes():
    """Importing spacy.lang.fr compiles its tokenizer exceptions: 5 s before a server's first answer."""
    code = (
        "import sys; from index.text import stopwords; stopwords(); "
        "print(sorted(m for m in sys.modules if m.startswith('spacy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
