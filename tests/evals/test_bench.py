"""The benchmark's steps on the seed corpus: real ingest and queries, figures of the right shape, a plot."""

import pytest

from evals import bench


@pytest.mark.slow
def test_bench_steps_on_the_seed_corpus(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("ARTICLE_QA_CACHE", str(cache_dir))
    paths, count = bench.corpus_for("seed", tmp_path / "corpus", cache_dir)
    assert count == 10
    spec = {"index": str(tmp_path / "index"), "paths": [str(p) for p in paths], "questions": bench.questions("seed", 4)}
    ingest = bench.work_ingest(spec)
    assert ingest["paragraphs"] == 10 and ingest["errors"] == 0 and 0 < ingest["embedding_share"] <= 1
    query = bench.work_query(spec)
    assert query["questions"] == 4 and query["ask"]["p50"] <= query["ask"]["p95"]
    assert {"embed", "retrieve", "answer"} <= set(query["ask_stages"])
    recall = bench.work_recall(spec)  # ten paragraphs: the graph holds them all, exactly ranked
    assert recall == {"recall_at_10": 1.0, "worst": 1.0, "best_found": 1.0}
    row = {
        "size": "seed",
        "paragraphs": count,
        "ingest": ingest,
        "query": query,
        "cold_ask_s": 1.0,
        "dense_recall": recall,
        "baseline": {"ingest_s": 2.0, "retrieve": {"p50": 10.0, "p95": 12.0}, "chunks": 1, "peak_mb": 1},
    }
    row["ratios"] = bench.ratios(row)
    assert row["ratios"]["search_p50_vs_retrieve_p50"] == round(query["search"]["p50"] / 10.0, 2)
    bench.plot([row, dict(row, paragraphs=400)], tmp_path / "latency.png")
    assert (tmp_path / "latency.png").read_bytes()[:4] == b"\x89PNG"


def test_sizes_mix_seed_and_piaf_questions():
    qs = bench.questions("piaf", 10)
    assert len(qs) == 10 and qs[0] == bench.questions("seed", 1)[0] and qs[5] != qs[0]
