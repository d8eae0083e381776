import json
from pathlib import Path

import pytest

from evals.suite import SuiteError, load_suite


def test_seed_suite_shape():
    cases = load_suite("evals/suites/seed.jsonl")
    assert len(cases) >= 40
    assert sum(not c.answerable for c in cases) >= 8
    assert sum(bool(c.history) for c in cases) >= 5
    tags = {t for c in cases for t in c.tags}
    assert {"en", "fr", "who", "when", "where", "which", "how-many", "why", "yes-no", "near-miss"} <= tags


@pytest.mark.parametrize(
    "line,message",
    [
        ("{oops", "malformed JSON"),
        ('{"id": "a", "answers": []}', "missing field 'question'"),
        ('{"id": "a", "question": "q"}', "missing field 'answers'"),
        ('{"id": "a", "question": "q", "answers": [], "tags": ["fr", ""]}', "empty tag"),
        ('{"id": "a", "question": "q", "answers": "x"}', "'answers' must be a list of strings"),
        ('{"id": "a", "question": "q", "answers": [], "history": [{"q": 1}]}', "field 'history'"),
    ],
)
def test_bad_lines_name_the_line(tmp_path, line, message):
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"id": "ok", "question": "q", "answers": []}) + "\n" + line + "\n")
    with pytest.raises(SuiteError, match=rf"s.jsonl:2: .*{message}"):
        load_suite(f)


def test_tags_are_the_evaluators_own_labels(tmp_path):
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"id": "a", "question": "q", "answers": [], "tags": ["cross", "Paraphrase 2"]}) + "\n")
    assert load_suite(f)[0].tags == ["cross", "Paraphrase 2"]


def test_missing_and_empty(tmp_path):
    with pytest.raises(SuiteError, match="no such suite"):
        load_suite(tmp_path / "none.jsonl")
    (tmp_path / "e.jsonl").write_text("\n")
    with pytest.raises(SuiteError, match="no cases"):
        load_suite(tmp_path / "e.jsonl")


@pytest.mark.parametrize(
    "name", ["seed.jsonl", "seed-paraphrases-dev.jsonl", "seed-dev2.jsonl", "seed-heldout-test.jsonl"]
)
def test_every_suites_evidence_is_written_in_the_seed_article(name):
    """A suite's evidence is quoted from the article it asks about, so a citation can be judged."""
    article = next(Path("corpus").glob("*.txt")).read_text(encoding="utf-8")
    for case in load_suite(Path("evals/suites") / name):
        assert all(e in article for e in case.evidence), case.id
        assert case.answerable == bool(case.evidence), case.id
