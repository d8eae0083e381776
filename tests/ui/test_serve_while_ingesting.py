"""`serve` keeps answering while `article-qa ingest` runs in another process, on the embedded store
and on a `chroma run` server; the new article is answerable afterwards without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from index.config import DEFAULT_CORPUS
from ui.process import free_port, start_chroma, stop, wait_http

pytestmark = pytest.mark.slow

NEW_ARTICLE = """---
title: Accord douanier entre le Tchad et le Togo
date: 2025-05-02
---
Le 2 mai 2025, le Tchad et le Togo ont signé à Lomé un accord de coopération douanière.

Le ministre tchadien des Affaires étrangères, Abderaman Koulamallah, a représenté le Tchad lors de la cérémonie.
"""


@pytest.mark.parametrize("store", ["embedded", "chroma-server"])
def test_answers_during_and_after_an_ingest_from_the_command_line(store, tmp_path, cache_dir):
    from gradio_client import Client

    env = dict(os.environ, ARTICLE_QA_INDEX=str(tmp_path / "index"), ARTICLE_QA_CACHE=str(cache_dir))
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    chroma = None
    if store == "chroma-server":
        chroma, env["ARTICLE_QA_CHROMA_URL"] = start_chroma(tmp_path / "chroma-data")
    cli = [sys.executable, "-m", "ui.cli"]
    serve = None
    try:
        assert subprocess.run([*cli, "ingest", str(DEFAULT_CORPUS)], env=env, capture_output=True).returncode == 0
        port = free_port()
        serve = subprocess.Popen(
            [*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        wait_http(url, serve, timeout=180)
        client = Client(url, verbose=False)
        assert client.predict("Qui a représenté le Tchad ?", None, api_name="/ask")["refused"]

        seen: dict[str, list] = {"niger": [], "tchad": [], "errors": []}
        done = threading.Event()

        def keep_asking():
            asker = Client(url, verbose=False)
            while not done.is_set():
                try:
                    seen["niger"].append(asker.predict("Who represented Niger?", None, api_name="/ask")["short_answer"])
                    seen["tchad"].append(asker.predict("Qui a représenté le Tchad ?", None, api_name="/ask"))
                except Exception as e:  # counted: the figure is that there are none
                    seen["errors"].append(repr(e))

        asking = threading.Thread(target=keep_asking)
        asking.start()
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "tchad-togo.md").write_text(NEW_ARTICLE, encoding="utf-8")
        ingest = subprocess.run([*cli, "ingest", str(tmp_path / "new")], env=env, capture_output=True, text=True)
        done.set()
        asking.join()
        assert ingest.returncode == 0, ingest.stderr
        assert not seen["errors"], seen["errors"][:3]
        assert len(seen["niger"]) >= 3 and set(seen["niger"]) == {"Bakary Yaou Sangare"}  # answered all along
        for a in seen["tchad"]:  # before the ingest finished: not in the articles, or already whole
            assert a["refused"] or a["short_answer"] == "Abderaman Koulamallah", a
        after = client.predict("Qui a représenté le Tchad ?", None, api_name="/ask")
        assert after["short_answer"] == "Abderaman Koulamallah", after
        assert after["citations"][0]["title"] == "Accord douanier entre le Tchad et le Togo"
    finally:
        if serve:
            stop(serve)
        if chroma:
            stop(chroma)
