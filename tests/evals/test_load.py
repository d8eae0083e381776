"""`make load` at a small scale: real `serve`, real `gradio_client` sessions at once, every answer
compared with the same session asked alone (a follow-up resolved from another session's history
would differ)."""

import json

import pytest


@pytest.mark.slow
def test_concurrent_sessions_keep_their_own_history(monkeypatch, tmp_path, cache_dir):
    from evals.load import main

    monkeypatch.setenv("ARTICLE_QA_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("ARTICLE_QA_CACHE", str(cache_dir))
    monkeypatch.delenv("ARTICLE_QA_CHROMA_URL", raising=False)
    out = tmp_path / "load.json"
    assert main(["--sessions", "5", "--concurrency", "2", "--soak", "0", "--out", str(out)]) == 0
    burst = json.loads(out.read_text())["bursts"]["2"]
    assert burst["answers"] == 50 and burst["errors"] == 0, burst["error_examples"]
    assert burst["answers_differing_from_alone"] == 0
    assert 0 < burst["p50_ms"] <= burst["p95_ms"]
