"""A question's capitalised first word: a name, or a common word capitalised by grammar."""

from functools import partial

import pytest

from qa.analysis import analyze
from qa.casing import common_word


@pytest.fixture(scope="module")
def is_common(seed_config):
    from index.embedding import model_path

    return partial(common_word, model_path(seed_config))


@pytest.mark.parametrize("word", ["Contre", "Origine", "Date", "Face", "Résultat", "Selon"])
def test_common_words(is_common, word):
    assert is_common(word)


@pytest.mark.parametrize("word", ["Mali", "Niger", "Tchad", "Lavrov", "Moscou", "Wagner", "Burkina", "Xyzzyq"])
def test_names(is_common, word):
    assert not is_common(word)


def test_only_the_first_word_of_a_question_is_in_doubt(is_common):
    assert analyze("Contre qui a eu lieu la finale de NHL ?", is_common).entities == ["NHL"]
    assert analyze("Date de naissance d'Anselm Franz", is_common).entities == ["Anselm Franz"]
    assert analyze("Tchad a-t-il signé les accords ?", is_common).entities == ["Tchad"]
    # Mid-sentence, capitals mark a name even for a common word.
    assert analyze("Qui a joué contre Face ?", is_common).entities == ["Face"]
    assert analyze("Contre qui a eu lieu la finale de NHL ?").entities == ["Contre", "NHL"]  # no model: as before


def test_an_instruction_opens_with_no_name(is_common):
    """A French imperative in "-ez" that opens what it asks for, or a common verb joined to a name
    by a function word: the verb is no name; a surname in "-ez" still is."""
    assert analyze("Citez une forme de coopération.").entities == []  # morphology: no model needed
    assert analyze("Nommez les trois pays de l'AES.").entities == ["AES"]
    assert analyze("Expliquez pourquoi le Mali a quitté la CEDEAO.").entities == ["Mali", "CEDEAO"]
    assert analyze("Lopez a-t-il gagné ?").entities == ["Lopez"]
    assert analyze("List the AES members.", is_common).entities == ["AES"]
    assert analyze("New York est-elle citée ?", is_common).entities == ["New York"]
