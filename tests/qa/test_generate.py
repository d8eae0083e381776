"""The generative answerer against a real OpenAI-compatible server (llama-cpp-python with
SmolLM2-135M on loopback, evals/llm_server.py): the check, streaming, timeouts, a dead server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from evals.llm_server import running
from qa.generate import GenerativeAnswerer
from qa.llm import LLMClient
from qa.pipeline import Pipeline

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Who represented Niger?",
    "Quand l'AES a-t-elle été formée ?",
    "Which minister did Russia send to the meeting?",
    "Qui est le président de la France ?",  # unanswerable from the seed article
]


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory):
    with running(log=tmp_path_factory.mktemp("llm") / "server.log") as (url, _):
        yield url


def _answerer(seed_config, url, **settings):
    cfg = seed_config.with_(llm=True, llm_url=url, **settings)
    return GenerativeAnswerer(Pipeline(cfg).warm_up())


def _assert_only_backed_sentences_shown(g: GenerativeAnswerer, answer, extractive):
    if answer.generator == "extractive":  # the fallback: exactly the extractive answer, with a note if the model tried
        assert (answer.short_answer, answer.refused) == (extractive.short_answer, extractive.refused)
        return
    texts = {c.n: c.text for c in answer.citations}
    for s in answer.sentences:
        if s.supported:
            assert s.text in answer.answer and s.citations
            assert g.verifier.sentence(s.text, [texts[n] for n in s.citations]).supported
        else:
            assert s.text not in answer.answer and not s.citations


def test_answers_from_a_real_server_show_only_backed_sentences(seed_config, seed_pipeline, llm_url):
    g = _answerer(seed_config, llm_url)
    for q in QUESTIONS:
        answer = g.ask(q)
        _assert_only_backed_sentences_shown(g, answer, seed_pipeline.ask(q))
        assert "generate" in answer.timings_ms
        assert answer.generator == "llm" or any("generative answer" in n for n in answer.notes) or answer.refused


def test_streamed_answer_arrives_in_pieces_then_checked(seed_config, seed_pipeline, llm_url):
    g = _answerer(seed_config, llm_url)
    items = list(g.stream("Who represented Niger?"))
    *pieces, final = items
    assert all(isinstance(p, str) for p in pieces) and len(pieces) >= 2  # text as it is written
    assert pieces[-1].startswith(pieces[0])
    assert final.timings_ms["first_token"] < final.timings_ms["generate"]
    _assert_only_backed_sentences_shown(g, final, seed_pipeline.ask("Who represented Niger?"))


def test_unreachable_server_leaves_the_extractive_answer(seed_config, seed_pipeline):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    g = _answerer(seed_config, f"http://127.0.0.1:{port}/v1", llm_retries=0)
    answer = g.ask("Who represented Niger?")
    assert answer.short_answer == seed_pipeline.ask("Who represented Niger?").short_answer == "Bakary Yaou Sangare"
    assert any("cannot be reached" in n for n in answer.notes), answer.notes


def test_a_server_that_never_answers_times_out(seed_config):
    with socket.socket() as listener:  # accepts connections, never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        g = _answerer(seed_config, f"http://127.0.0.1:{port}/v1", llm_timeout=1.0, llm_retries=0)
        answer = g.ask("Who represented Niger?")
    assert answer.short_answer == "Bakary Yaou Sangare"
    assert any("did not answer within 1 s" in n for n in answer.notes), answer.notes


def test_server_killed_mid_answer_leaves_the_extractive_answer(seed_config, tmp_path):
    with running(log=tmp_path / "server.log") as (url, proc):
        g = _answerer(seed_config, url, llm_retries=0)
        items = []
        for item in g.stream("Describe the meeting in Moscow and everyone who took part."):
            items.append(item)
            if len(items) == 1:
                os.kill(proc.pid, signal.SIGKILL)
    final = items[-1]
    assert final.generator == "extractive"
    assert any("generative answer unavailable" in n for n in final.notes), final.notes


def test_structured_output_negotiated_with_the_server(seed_config, llm_url):
    client = LLMClient(seed_config.with_(llm=True, llm_url=llm_url))
    _, fmt = client.complete(
        [{"role": "user", "content": "Who represented Niger? Answer in JSON."}], {"type": "object"}, 40
    )
    assert fmt in ("json_object", "text") and client.format == "json_object"  # llama.cpp has no json_schema


def test_cli_ask_with_llm_and_the_key_never_shown(seed_config, llm_url, cli_env, tmp_path):
    env = dict(cli_env, ARTICLE_QA_INDEX=str(seed_config.index_dir), ARTICLE_QA_LLM_URL=llm_url)
    env["ARTICLE_QA_LLM_KEY"] = "sk-secret-do-not-print"
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "--llm", "--json", "Who represented Niger?"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["generator"] in ("llm", "extractive") and isinstance(answer["sentences"], list)
    assert "sk-secret" not in run.stdout + run.stderr
    assert "sk-secret" not in repr(seed_config.with_(llm_key="sk-secret-do-not-print"))


def test_llm_without_a_url_is_one_line(cli_env, seed_config):
    env = dict(cli_env, ARTICLE_QA_INDEX=str(seed_config.index_dir))
    env.pop("ARTICLE_QA_LLM_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "--llm", "Who?"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "ARTICLE_QA_LLM_URL" in run.stderr
