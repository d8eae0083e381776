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
