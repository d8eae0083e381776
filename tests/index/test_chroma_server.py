"""The same ingest and search against a real `chroma run` server on loopback."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from index.config import Config
from ui.process import start_chroma, stop


@pytest.fixture
def chroma_server(tmp_path):
    try:
        proc, url = start_chroma(tmp_path / "server-data")
    except RuntimeError as e:
        pytest.fail(f"chroma run: {e}")
    yield url
    stop(proc)


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(chroma_server, tmp_path, cache_dir):
    from index.ingest import Ingestor
    from qa.pipeline import Pipeline

    cfg = Config.from_env(
        env={"ARTICLE_QA_CHROMA_URL": chroma_server}, index_dir=tmp_path / "local", cache_dir=cache_dir
    )
    assert cfg.chroma_url == chroma_server
    first = Ingestor(cfg).run(["corpus"], progress=False)
    second = Ingestor(cfg).run(["corpus"], progress=False)
    assert first.new == 1 and second.unchanged == 1 and second.chunks_added == 0
    pipeline = Pipeline(cfg)
    hits = pipeline.search("Who represented Niger?", k=3)
    assert any("Bakary Yaou Sangare" in h.text for h in hits)
    assert pipeline.ask("Who represented Niger?").short_answer == "Bakary Yaou Sangare"
    assert not (tmp_path / "local" / "chroma").exists()  # nothing went to the embedded store


@pytest.mark.slow
def test_several_processes_share_one_chroma_server(chroma_server, tmp_path, cache_dir):
    """Two `article-qa ask` processes at once on one server and one (empty) local folder: both
    build the same BM25 index concurrently and both answer correctly."""
    env = dict(
        os.environ,
        ARTICLE_QA_CHROMA_URL=chroma_server,
        ARTICLE_QA_INDEX=str(tmp_path / "shared"),
        ARTICLE_QA_CACHE=str(cache_dir),
    )
    subprocess.run([sys.executable, "-m", "ui.cli", "ingest", "corpus"], env=env, check=True, capture_output=True)
    shutil.rmtree(tmp_path / "shared" / "bm25")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ask", q, "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for q in ("Who represented Niger?", "Qui représentait le Niger ?")
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert json.loads(out)["short_answer"] == "Bakary Yaou Sangare"
    assert [f.name for f in (tmp_path / "shared" / "bm25").iterdir()] and not list(
        (tmp_path / "shared" / "bm25").glob("*.tmp")
    )
