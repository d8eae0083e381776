from index.bm25 import BM25Index, terms
from index.text import fold


def test_terms_fold_accents_stem_and_drop_stop_words():
    assert fold("États-Unis") == "etats-unis"
    assert terms("Les ministres des Affaires étrangères") == terms("ministre affaires etrangere")


def test_search_ranks_and_persists(tmp_path):
    idx = BM25Index.build([("a:p1:1:x", "Le ministre du Niger a parlé."), ("a:p2:1:y", "Le Mali a signé des accords."),
                           ("a:p3:1:z", "Rien à voir.")])
    assert [i for i, _ in idx.search("accords signés par le Mali", 3)] == ["a:p2:1:y"]
    idx.save(tmp_path / "bm25")
    again = BM25Index.load(tmp_path / "bm25")
    assert again.search("ministres nigériens Niger", 2)[0][0] == "a:p1:1:x"
    assert again.search("zzz inconnu", 3) == []


def test_empty_index_searches_to_nothing():
    assert BM25Index.build([]).search("Niger", 3) == []
