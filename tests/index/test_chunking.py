from index.chunking import build_nodes, count_tokens, node_part, paragraph_key
from index.nlp import parse_paragraphs
from index.schema import Article


def _article(paragraphs, title="T"):
    return Article(id="a", title=title, paragraphs=tuple(paragraphs), date="2025-04-03", lang="fr")


def test_ids_are_deterministic_and_change_with_content():
    a = _article(["Une phrase. Une autre phrase."])
    p1, s1 = build_nodes(a, parse_paragraphs(a.id, list(a.paragraphs)), 480)
    p2, s2 = build_nodes(a, parse_paragraphs(a.id, list(a.paragraphs)), 480)
    assert [n.node_id for n in p1 + s1] == [n.node_id for n in p2 + s2]
    b = _article(["Une phrase. Une autre phrase."], title="Autre titre")
    p3, _ = build_nodes(b, parse_paragraphs(b.id, list(b.paragraphs)), 480)
    assert p3[0].node_id != p1[0].node_id
    assert len(s1) == 2 and s1[1].metadata["start"] > 0


def test_ids_name_their_paragraph_part_and_sentence():
    """Retrieval reads paragraph, chunk part and sentence index back from ids, without metadata."""
    text = "Une phrase. Une autre phrase."
    paras, sents = build_nodes(_article(["Intro.", text]), parse_paragraphs("a", ["Intro.", text]), 480)
    assert [(paragraph_key(n.node_id), node_part(n.node_id)) for n in paras] == [(("a", 1), 1), (("a", 2), 1)]
    assert [(paragraph_key(n.node_id), node_part(n.node_id)) for n in sents] == [
        (("a", 1), 0),
        (("a", 2), 0),
        (("a", 2), 1),
    ]


def test_long_paragraph_is_split_at_sentences_within_budget():
    text = " ".join(f"Phrase numéro {i} sur la coopération militaire au Sahel." for i in range(120))
    a = _article([text])
    paras, _ = build_nodes(a, parse_paragraphs(a.id, [text]), 100)
    assert len(paras) > 1
    assert all(count_tokens(n.text) <= 100 for n in paras)
    assert {n.metadata["paragraph"] for n in paras} == {1}
    assert all(n.metadata["ptext"] == text for n in paras)
    assert all(text[n.metadata["pstart"] :].startswith(n.text) for n in paras)


def test_chunks_fit_the_embedder_window(seed_config):
    """tiktoken budgets must stay inside e5's 512 XLM-R tokens."""
    from index.embedding import load_embedder
    from index.loaders import load_paths

    tok = load_embedder(seed_config)._model.tokenizer
    (a,) = load_paths(["corpus"]).articles
    text = " ".join(a.paragraphs * 3)
    paras, _ = build_nodes(_article([text]), parse_paragraphs("a", [text]), seed_config.max_chunk_tokens)
    assert max(len(tok("passage: " + n.text)["input_ids"]) for n in paras) <= 512
