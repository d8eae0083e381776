"""The chat with the generative answerer, in a real browser, against a real LLM server: the model's
text streams in, then the checked answer replaces it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from evals.llm_server import running
from ui.process import CHROMIUM_FLAGS, chromium_path, free_port, stop, wait_http

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def llm_chat(tmp_path_factory, seed_config):
    home = tmp_path_factory.mktemp("serve-llm")
    with running(log=home / "llm.log") as (url, _):
        env = dict(os.environ, ARTICLE_QA_INDEX=str(seed_config.index_dir), ARTICLE_QA_CACHE=str(seed_config.cache_dir))
        env.update(ARTICLE_QA_LLM_URL=url, ARTICLE_QA_LLM_KEY="sk-never-shown")
        env.pop("ARTICLE_QA_CHROMA_URL", None)
        port = free_port()
        with (home / "serve.log").open("w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "ui.cli", "serve", "--llm", "--port", str(port)], env=env, stdout=log, stderr=log
            )
            try:
                wait_http(f"http://127.0.0.1:{port}", proc, timeout=180)
            except RuntimeError as e:
                stop(proc)
                pytest.fail(f"{e}: " + (home / "serve.log").read_text()[-2000:])
            yield f"http://127.0.0.1:{port}"
            stop(proc)
        assert "sk-never-shown" not in (home / "serve.log").read_text()


def test_answer_streams_then_is_checked(llm_chat):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(llm_chat, wait_until="load")
        box = page.locator("#question textarea")
        box.fill("Who represented Niger?")
        box.press("Enter")
        expect(page.locator("#chat")).to_contain_text("writing, then checking", timeout=60_000)  # the stream
        expect(page.locator("#chat")).not_to_contain_text("writing, then checking", timeout=60_000)
        expect(page.locator("#sources .card").first).to_be_visible()
        page.get_by_text("Details (rewritten query, timings)").click()
        expect(page.locator("#details")).to_contain_text("written by:")
        details = page.locator("#details").inner_text()
        # the extractive answer stood, or only sentences the check backed are in the bubble
        assert "written by: extractive" in details or "written by: llm" in details
        if "written by: extractive" in details:
            expect(page.locator("#chat")).to_contain_text("Bakary Yaou Sangare")
        browser.close()
