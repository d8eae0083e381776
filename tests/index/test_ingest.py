import json

import pytest

from index.ingest import Ingestor
from index.store import Store


def _write(path, articles):
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")


A = {
    "id": "alpha",
    "title": "Alpha",
    "date": "2024-05-01",
    "lang": "fr",
    "paragraphs": ["Le sommet de Dakar s'est ouvert lundi.", "La présidente Awa Ndiaye a parlé d'énergie solaire."],
}
B = {
    "id": "beta",
    "title": "Beta",
    "date": "2024-06-01",
    "lang": "fr",
    "paragraphs": ["Le port de Lomé a battu un record de trafic en 2023."],
}


def test_seed_ingest_is_idempotent(seed_config):
    store = Store(seed_config)
    before = store.counts()
    report = Ingestor(seed_config).run(["corpus"], progress=False)
    assert (report.new, report.updated, report.unchanged, report.chunks_added) == (0, 0, 1, 0)
    assert store.counts() == before == {"articles": 1, "paragraph_chunks": 10, "sentences": before["sentences"]}


def test_update_replaces_changed_chunks_and_prune_removes(fresh_config, tmp_path):
    src = tmp_path / "news.jsonl"
    _write(src, [A, B])
    ing = Ingestor(fresh_config)
    first = ing.run([src], progress=False)
    assert (first.new, first.chunks_added) == (2, 3)
    changed = dict(A, paragraphs=[A["paragraphs"][0], "La présidente Awa Ndiaye a parlé d'hydrogène vert."])
    _write(src, [changed, B])
    second = ing.run([src], progress=False)
    assert (second.updated, second.unchanged, second.chunks_added, second.chunks_removed) == (1, 1, 1, 1)
    store = Store(fresh_config)
    texts = [d for _, d, _ in store.iter_paragraphs()]
    assert any("hydrogène" in t for t in texts) and not any("solaire" in t for t in texts)
    assert store.counts()["paragraph_chunks"] == 3
    _write(src, [changed])
    third = ing.run([src], prune=True, progress=False)
    assert third.removed == 1 and set(store.manifest()) == {"alpha"}
    assert store.counts()["paragraph_chunks"] == 2


def test_prune_keeps_articles_of_rejected_files(fresh_config, tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.txt"
    _write(good, [A])
    bad.write_text("Un article valide pour commencer.")
    ing = Ingestor(fresh_config)
    ing.run([good, bad], progress=False)
    bad.write_bytes(b"\xff\xfe broken")
    report = ing.run([good, bad], prune=True, progress=False)
    assert report.removed == 0 and report.errors
    assert set(Store(fresh_config).manifest()) == {"alpha", "bad"}


def test_interrupted_ingest_is_completed_without_duplicates(fresh_config, tmp_path, monkeypatch):
    src = tmp_path / "news.jsonl"
    _write(src, [A, B])

    def crash(self, entry):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(Store, "put_manifest", crash)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(fresh_config).run([src], progress=False)
    monkeypatch.undo()
    report = Ingestor(fresh_config).run([src], progress=False)
    assert report.new == 2
    counts = Store(fresh_config).counts()
    assert counts["articles"] == 2 and counts["paragraph_chunks"] == 3


def test_bad_files_are_reported_and_good_ones_ingested(fresh_config, tmp_path):
    _write(tmp_path / "ok.jsonl", [B])
    (tmp_path / "empty.md").write_text("")
    report = Ingestor(fresh_config).run([tmp_path], progress=False)
    assert report.new == 1
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'empty.md'}: empty file"]


def test_a_new_chunker_version_replaces_every_node(fresh_config, tmp_path, monkeypatch):
    import index.chunking
    import index.ingest

    src = tmp_path / "news.jsonl"
    _write(src, [B])
    Ingestor(fresh_config).run([src], progress=False)
    before = set(Store(fresh_config).paragraphs.get(include=[])["ids"])
    monkeypatch.setattr(index.chunking, "CHUNKER_VERSION", "test-next")
    monkeypatch.setattr(index.ingest, "CHUNKER_VERSION", "test-next")
    report = Ingestor(fresh_config).run([src], progress=False)
    after = set(Store(fresh_config).paragraphs.get(include=[])["ids"])
    assert report.updated == 1 and report.chunks_added == 1 and report.chunks_removed == 1
    assert before.isdisjoint(after)


def test_writes_larger_than_a_chroma_batch_are_split(fresh_config, monkeypatch):
    """An article with more nodes than Chroma takes in one write (5,461) is written in parts;
    a small batch here stands in for that limit."""
    import index.ingest as ingest

    monkeypatch.setattr(ingest, "WRITE_BATCH", 3)
    report = Ingestor(fresh_config).run(["corpus"], progress=False)
    store = Store(fresh_config)
    assert report.chunks_added == 10 and store.paragraphs.count() == 10 and store.sentences.count() == report.sentences
    assert Ingestor(fresh_config).remove("2025-04-03-moscou-aes") == 10
    assert store.paragraphs.count() == 0 and store.sentences.count() == 0


def test_an_index_of_another_vector_space_is_refused_then_rebuilt(fresh_config, tmp_path):
    """An index stored before vectors were centred (no space recorded: raw) cannot be searched with
    centred questions: asking names the fix in one line, and the next ingest rebuilds it."""
    from index.store import SpaceMismatch
    from qa.pipeline import Pipeline

    src = tmp_path / "news.jsonl"
    _write(src, [A, B])
    Ingestor(fresh_config).run([src], progress=False)
    Store(fresh_config).paragraphs.modify(metadata={"space": "raw"})  # as an older version left it
    with pytest.raises(SpaceMismatch, match="run `article-qa ingest`"):
        Pipeline(fresh_config).ask("Qui a parlé d'énergie solaire ?")
    report = Ingestor(fresh_config).run([src], progress=False)
    assert report.rebuilt == "its vectors were 'raw'" and report.new == 2
    assert report.summary().startswith("index rebuilt (its vectors were 'raw'); ")
    store = Store(fresh_config)
    assert store.stored_space() == store.space.name and store.paragraphs.count() == 3
    assert "Awa Ndiaye" in Pipeline(fresh_config).ask("Who talked about solar energy?").answer


def test_an_index_with_an_older_search_graph_is_rebuilt_by_the_next_ingest(fresh_config, tmp_path, monkeypatch):
    """The graph's neighbour count is fixed when a collection is created: only a rebuild changes it."""
    from index import store as store_module

    src = tmp_path / "news.jsonl"
    _write(src, [A, B])
    with monkeypatch.context() as m:  # as Chroma's defaults left it
        m.setattr(
            store_module, "HNSW", {"space": "cosine", "max_neighbors": 16, "ef_construction": 100, "ef_search": 100}
        )
        Ingestor(fresh_config).run([src], progress=False)
    assert Store(fresh_config).outdated() == "its search graph had 16 neighbours per node"
    report = Ingestor(fresh_config).run([src], progress=False)
    assert report.rebuilt == "its search graph had 16 neighbours per node" and report.new == 2
    fresh = Store(fresh_config)
    assert fresh.outdated() is None and fresh.paragraphs.count() == 3
    assert fresh.paragraphs.configuration_json["hnsw"]["max_neighbors"] == store_module.HNSW["max_neighbors"]
