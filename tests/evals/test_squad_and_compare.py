import json

import pytest

from evals.compare import compare, gate
from evals.squad import squad_to_corpus
from evals.suite import SuiteError
from index.loaders import load_paths


def test_squad_becomes_corpus_and_cases(tmp_path):
    data = {
        "data": [
            {
                "title": "Mali_histoire",
                "paragraphs": [
                    {
                        "context": "Bamako est la capitale du Mali.",
                        "qas": [
                            {
                                "id": "q1",
                                "question": "Quelle est la capitale du Mali ?",
                                "answers": [{"text": "Bamako", "answer_start": 0}],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    f = tmp_path / "s.json"
    f.write_text(json.dumps(data))
    corpus, cases = squad_to_corpus(f, tmp_path / "out", lang="fr")
    (article,) = load_paths([corpus]).articles
    assert article.title == "Mali histoire" and article.paragraphs == ("Bamako est la capitale du Mali.",)
    assert cases[0].answers == ["Bamako"] and cases[0].evidence == ["Bamako est la capitale du Mali."]


@pytest.mark.parametrize("content", ["not json", json.dumps({"version": 1}), json.dumps({"data": [{"x": 1}]})])
def test_not_squad_is_one_clear_error(tmp_path, content):
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(SuiteError, match=r"bad\.json: not a SQuAD file"):
        squad_to_corpus(f, tmp_path / "out")
    assert not (tmp_path / "out" / "corpus.jsonl").exists()


def test_compare_flags_drops_beyond_tolerance():
    old = {"metrics": {"answer_correct": 0.9, "false_refusal": 0.0, "latency_p50_ms": 50.0}}
    new = {"metrics": {"answer_correct": 0.85, "false_refusal": 0.01, "latency_p50_ms": 60.0}}
    rows = {r["metric"]: r for r in compare(new, old, {"default": 0.02, "latency_ratio": 0.5})}
    assert rows["answer_correct"]["regressed"] and not rows["false_refusal"]["regressed"]
    assert not rows["latency_p50_ms"]["regressed"]


def test_gate():
    assert gate({"answer_correct": 0.95, "false_refusal": 0.0}, {"answer_correct": 0.9, "false_refusal": 0.05}) == []
    assert gate({"answer_correct": 0.8}, {"answer_correct": 0.9}) == ["answer_correct = 0.8 (below 0.9)"]
