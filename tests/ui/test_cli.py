"""The command line as users run it: real processes, real index, exit codes and one-line errors."""

import json
import subprocess
import sys

from qa.params import PARAMS
from tests.conftest import ROOT


def run(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_ingest_twice_ask_search(cli_env):
    first = run(cli_env, "ingest", "corpus")
    assert first.returncode == 0, first.stderr
    assert "1 new" in first.stdout
    second = run(cli_env, "ingest", "corpus", "--json")
    report = json.loads(second.stdout)
    assert report["chunks_added"] == 0 and report["unchanged"] == 1
    ask = run(cli_env, "ask", "Who represented Niger?", "--json")
    answer = json.loads(ask.stdout)
    assert answer["short_answer"] == "Bakary Yaou Sangare" and answer["citations"][0]["paragraph"] == 8
    search = run(cli_env, "search", "Bakary Yaou Sangare", "--k", "2", "--json")
    hits = json.loads(search.stdout)
    assert len(hits) == 2 and hits[0]["paragraph"] == 8
    human = run(cli_env, "ask", "Qui a représenté le Niger ?")
    assert human.returncode == 0 and "Bakary Yaou Sangare" in human.stdout and "§8" in human.stdout


def test_bad_input_exits_2_with_one_line(cli_env, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run(cli_env, "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nope.md"))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert sorted(lines) == [
        f"error: {tmp_path / 'empty.txt'}: empty file",
        f"error: {tmp_path / 'nope.md'}: no such file or folder",
    ]
    empty_index = run(cli_env, "ask", "Who?")
    assert empty_index.returncode == 2 and "is empty" in empty_index.stderr
    assert "Traceback" not in empty_index.stderr
    bad_suite = tmp_path / "s.jsonl"
    bad_suite.write_text("{nope\n")
    r = run(cli_env, "eval", str(bad_suite))
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "s.jsonl:1: malformed JSON" in r.stderr


def test_empty_question_exits_2(cli_env):
    assert run(cli_env, "ingest", "corpus").returncode == 0
    r = run(cli_env, "ask", "   ")
    assert r.returncode == 2 and "question is empty" in r.stderr


def test_version():
    r = subprocess.run([sys.executable, "-m", "ui.cli", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip().startswith("article-qa ")
    assert r.stdout.split()[1][0].isdigit()


def test_eval_records_the_answerer_that_ran_and_takes_any_tag(cli_env, tmp_path):
    suite = tmp_path / "mine.jsonl"
    case = {"id": "x1", "question": "Who represented Niger?", "answers": ["Bakary Yaou Sangare"]}
    suite.write_text(json.dumps(case | {"tags": ["cross", "my label"]}) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    r = run(cli_env, "eval", str(suite), "--corpus", "corpus", "--reader", "reader", "--json", str(out))
    assert r.returncode == 0, r.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    shipped = (ROOT / "qa" / "models" / "reader.sha256").read_text().split()[0]
    assert result["config"]["answerer"] == "reader" and result["config"]["reader_sha256"] == shipped
    assert result["config"]["params"] == PARAMS.to_dict()  # every threshold that decided the answers
    assert set(result["by_tag"]) == {"cross", "my label"}


def test_remove_articles_by_id(cli_env, tmp_path):
    (tmp_path / "note.txt").write_text(
        "Accord Tchad-Togo\n\nLe Tchad a signé un accord avec le Togo le 2 mai 2025 à Lomé.\n"
    )
    assert run(cli_env, "ingest", "corpus", str(tmp_path / "note.txt")).returncode == 0
    before = json.loads(run(cli_env, "search", "accord Tchad Togo Lomé", "--json").stdout)
    article_id = "note"  # a text file's id is its name
    assert any(h["article_id"] == article_id and "Lomé" in h["text"] for h in before)
    r = run(cli_env, "remove", article_id, "no-such-article")
    assert r.returncode == 2 and r.stdout.strip() == f"removed {article_id}"
    assert r.stderr.strip() == (
        "error: no article with id 'no-such-article' in the index (ids are in the chat's Corpus tab)"
    )
    after = json.loads(run(cli_env, "search", "accord Tchad Togo Lomé", "--json").stdout)
    assert after and all(h["article_id"] != article_id for h in after)
    assert run(cli_env, "check").returncode == 0
    assert (
        json.loads(run(cli_env, "ask", "Who represented Niger?", "--json").stdout)["short_answer"]
        == "Bakary Yaou Sangare"
    )
