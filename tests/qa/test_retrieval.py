"""Seed questions in English and French find the right paragraph in the top 3."""
import pytest

from qa.retrieval import Filters

CASES = [
    ("Who represented Niger?", "Bakary Yaou Sangare"), ("Qui a représenté le Niger ?", "Bakary Yaou Sangare"),
    ("When will the Malian president visit Moscow?", "juin prochain"),
    ("Quand les trois pays ont-ils quitté la CEDEAO ?", "En janvier 2025"),
    ("Which private military company is regrouping into Africa Corps?", "Wagner"),
    ("Who is Mali's foreign minister?", "Abdoulaye Diop"),
]


@pytest.mark.parametrize("question,needle", CASES)
def test_top3(seed_pipeline, question, needle):
    hits = seed_pipeline.search(question, k=3)
    assert any(needle in h.text for h in hits), [h.paragraph for h in hits]


def test_hits_carry_citation_fields_and_signals(seed_pipeline):
    (hit,) = seed_pipeline.search("Bakary Yaou Sangare", k=1)
    d = hit.to_dict()
    assert set(d) == {"article_id", "title", "paragraph", "text", "score"}
    assert d["paragraph"] == 8 and hit.sentences and hit.signals


def test_filters(seed_pipeline):
    assert seed_pipeline.search("Niger", k=3, filters=Filters(article_ids=["nope"])) == []
    assert seed_pipeline.search("Niger", k=3, filters=Filters(date_from="2025-05-01")) == []
    assert seed_pipeline.search("Niger", k=3, filters=Filters(date_to="2025-04-03", lang="fr"))


def test_is_a_llamaindex_retriever(seed_pipeline):
    from llama_index.core.retrievers import BaseRetriever

    retriever = seed_pipeline.retriever
    assert isinstance(retriever, BaseRetriever)
    nodes = retriever.retrieve("Who represented Niger?")
    assert "Bakary Yaou Sangare" in nodes[0].node.get_content()
