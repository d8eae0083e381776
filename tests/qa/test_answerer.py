"""How `both` combines the span reader with the type rules, on the seed article and the shipped reader."""
import pytest


@pytest.fixture(scope="module")
def pipelines(seed_config):
    from qa.pipeline import Pipeline

    return {mode: Pipeline(seed_config.with_(reader=mode)) for mode in ("reader", "both")}


def test_a_name_inside_the_readers_span_is_trimmed_to_the_name(pipelines):
    question = "Quelle société de mercenaires est évoquée dans l'article ?"
    read = pipelines["reader"].ask(question).short_answer
    both = pipelines["both"].ask(question)
    assert read != "Wagner" and "Wagner" in read  # the reader alone keeps a word around the name
    assert both.short_answer == "Wagner"


def test_across_languages_the_rules_span_stands(pipelines):
    a = pipelines["both"].ask("Which private military company is mentioned in the article?")
    assert a.short_answer == "Wagner"


def test_a_date_keeps_its_whole_expression_and_is_resolved(pipelines):
    a = pipelines["both"].ask("Quand les trois pays ont-ils quitté la CEDEAO ?")
    assert a.short_answer == "janvier 2025" and a.resolved == "2025-01"


def test_a_span_of_the_wrong_type_is_no_answer(pipelines):
    """The reader's span for "what amount" holds no number: `both` refuses where the reader answers."""
    question = "Quel est le montant des accords de défense signés par Moscou ?"
    assert not pipelines["reader"].ask(question).refused
    assert pipelines["both"].ask(question).refused
