from index.bm25 import BM25Index, terms, text_hash
from index.text import fold


def test_terms_fold_accents_stem_and_drop_stop_words():
    assert fold("États-Unis") == "etats-unis"
    assert terms("Les ministres des Affaires étrangères") == terms("ministre affaires etrangere")


def test_search_ranks_and_persists(tmp_path):
    idx = BM25Index.build(
        [
            ("a:p1:1:x", "Le ministre du Niger a parlé.", {"lang": "fr", "date_int": 20250403}),
            ("a:p2:1:y", "Le Mali a signé des accords.", {"lang": "fr"}),
            ("a:p3:1:z", "Rien à voir.", {}),
        ]
    )
    assert [i for i, _, _ in idx.search("accords signés par le Mali", 3)] == ["a:p2:1:y"]
    idx.save(tmp_path / "bm25")
    again = BM25Index.load(tmp_path / "bm25")
    best, score, fields = again.search("ministres nigériens Niger", 2)[0]
    assert best == "a:p1:1:x" and score > 0
    assert fields == {"lang": "fr", "date_int": 20250403, "text": text_hash("Le ministre du Niger a parlé.")}
    assert again.text_key("a:p2:1:y") == text_hash("Le  Mali a signé des accords.") and again.text_key("nope") is None
    assert again.search("zzz inconnu", 3) == []


def test_copies_of_one_text_count_once():
    """Boilerplate repeated on every page ("Note", a navigation bar) must not fill the results."""
    copies = [(f"doc{i}:p1:1:h{i}", "Note : représentation de la musique", {}) for i in range(30)]
    idx = BM25Index.build(copies + [("seed:p8:1:x", "Le ministre du Niger a représenté son pays.", {"lang": "fr"})])
    found = [i for i, _, _ in idx.search("représentation du Niger", 5)]
    assert found[0] in ("doc0:p1:1:h0", "seed:p8:1:x") and set(found) == {"doc0:p1:1:h0", "seed:p8:1:x"}


def test_sentence_ids_map_to_their_paragraphs_first_chunk():
    """Dense sentence search returns ids only; the paragraph's chunk id comes from here."""
    idx = BM25Index.build(
        [
            ("a:p2:2:b", "suite du long paragraphe", {}),
            ("a:p2:1:a", "début du long paragraphe", {}),
            ("b:p1:1:c", "autre texte", {}),
        ]
    )
    assert idx.paragraph_chunk("a:p2:s3:f00d") == "a:p2:1:a"
    assert idx.paragraph_chunk("b:p1:s0:beef") == "b:p1:1:c"
    assert idx.paragraph_chunk("a:p9:s0:dead") is None


def test_empty_index_searches_to_nothing():
    assert BM25Index.build([]).search("Niger", 3) == []


def test_idf_weighs_a_word_by_its_rarity(tmp_path):
    idx = BM25Index.build(
        [
            ("a:p1:1:x", "Le montant atteint 14 milliards en 2003.", {}),
            ("a:p2:1:y", "Le montant est de 12 milliards en 2019.", {}),
            ("a:p3:1:z", "Un autre montant.", {}),
        ]
    )
    idx.save(tmp_path / "bm25")
    again = BM25Index.load(tmp_path / "bm25")
    assert again.idf("2019") > again.idf("milliards") > again.idf("montants") > 0  # stemmed: montants = montant
    assert again.idf("inconnu") is None and BM25Index.build([]).idf("Niger") is None


def test_search_ranks_as_bm25s_itself():
    """The top k is taken from bm25s's scores directly (its `retrieve` starts a thread pool per call)."""
    texts = [
        "Le Niger et le Mali.",
        "Le Mali, le Mali et encore le Mali.",
        "Le Burkina Faso et le Niger à Moscou.",
        "Moscou accueille le Mali.",
        "Rien à voir ici.",
        "Le Niger, le Mali et le Burkina Faso.",
    ]
    idx = BM25Index.build([(f"a:p{i}:1:h", t, {}) for i, t in enumerate(texts)])
    for query in ["Mali", "Niger Moscou", "Burkina Faso Mali", "Mali Niger Burkina Moscou"]:
        q = [t for t in terms(query) if t in idx.retriever.vocab_dict]
        docs, scores = idx.retriever.retrieve([q], k=4, show_progress=False, n_threads=1)
        expected = [(f"a:p{int(d)}:1:h", round(float(s), 5)) for d, s in zip(docs[0], scores[0]) if s > 0]
        assert [(i, round(s, 5)) for i, s, _ in idx.search(query, 4)] == expected
