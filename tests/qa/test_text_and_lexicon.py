from qa.text import contains_word, phrase_in, same_word, tokens


def test_cognates_and_names_across_languages():
    assert same_word("moscow", "moscou") and same_word("president", "president")
    assert same_word("malian", "malien") and same_word("minister", "ministre")
    assert not same_word("mali", "niger") and not same_word("force", "former")
    assert tokens("l'Alliance d’un État") == ["alliance", "un", "etat"]
    assert phrase_in("Alliance of Sahel States", tokens("l'Alliance des États du Sahel"))
    assert not phrase_in("Burkina Faso", tokens("le Mali et le Niger"))
    assert contains_word("russia", tokens("la Russie"))


def test_word_vectors_find_translations(seed_pipeline):
    """The stored e5 word vectors act as a bilingual lexicon: close for translations only."""
    matcher = seed_pipeline.answerer.matcher
    found = matcher.word_matches(["meeting", "weather", "company"], ["rencontre", "société", "militaires", "pays"])
    assert 0 in found.get("rencontre", {}) and 2 in found.get("societe", {})
    assert not any(1 in v for v in found.values())  # nothing in the article means "weather"
