"""The same ingest and search against a real `chroma run` server on loopback."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.config import Config
from ui.process import free_port, stop, wait_http


@pytest.fixture
def chroma_server(tmp_path):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/api/v2/heartbeat", proc, timeout=60)
    except RuntimeError as e:
        stop(proc)
        pytest.fail(f"chroma run: {e}")
    yield url
    stop(proc)


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(chroma_server, tmp_path, cache_dir):
    from index.ingest import Ingestor
    from qa.pipeline import Pipeline

    cfg = Config.from_env(env={"ARTICLE_QA_CHROMA_URL": chroma_server}, index_dir=tmp_path / "local",
                          cache_dir=cache_dir)
    assert cfg.chroma_url == chroma_server
    first = Ingestor(cfg).run(["corpus"], progress=False)
    second = Ingestor(cfg).run(["corpus"], progress=False)
    assert first.new == 1 and second.unchanged == 1 and second.chunks_added == 0
    pipeline = Pipeline(cfg)
    hits = pipeline.search("Who represented Niger?", k=3)
    assert any("Bakary Yaou Sangare" in h.text for h in hits)
    assert pipeline.ask("Who represented Niger?").short_answer == "Bakary Yaou Sangare"
    assert not (tmp_path / "local" / "chroma").exists()  # nothing went to the embedded store
