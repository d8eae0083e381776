"""The one split by article: disjoint, stable, shared by a data set and its translation."""

import json

import pytest

from evals.reader_data import PIAF, piaf_split
from evals.splits import SPLITS, assign, select
from evals.squad import squad_to_corpus
from evals.summary import table

PIAF_EN = PIAF.parent.parent / "piaf-en" / "piaf-v1.0-dev-en.json"


def _articles(path):
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def _questions(articles):
    return sum(len(p["qas"]) for a in articles for p in a["paragraphs"])


def test_splits_are_whole_articles_disjoint_and_sized():
    articles = _articles(PIAF)
    parts = {s: select(articles, s) for s in SPLITS}
    titles = [a["title"] for s in SPLITS for a in parts[s]]
    assert len(titles) == len(set(titles)) == len(articles)
    total = _questions(articles)
    held = _questions(parts["dev"]) + _questions(parts["test"])
    assert 0.2 <= held / total < 0.25
    assert 0.4 <= _questions(parts["dev"]) / held <= 0.6


def test_the_reader_trains_on_train_only_and_the_translation_keeps_the_split():
    train, val = piaf_split(PIAF)
    assert {a["title"] for a in train} == {a["title"] for a in select(_articles(PIAF), "train")}
    assert {a["title"] for a in val} == {
        a["title"] for a in select(_articles(PIAF), "dev") + select(_articles(PIAF), "test")
    }
    assert assign(_articles(PIAF_EN)) == assign(_articles(PIAF))


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="unknown split 'val'"):
        select([], "val")


def test_a_split_is_the_corpus_and_the_questions(tmp_path):
    corpus, cases = squad_to_corpus(PIAF_EN, tmp_path, split="test")
    test = select(_articles(PIAF_EN), "test")
    assert len(cases) == _questions(test)
    written = [json.loads(line)["title"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert written == [a["title"].replace("_", " ") for a in test]
    assert cases[0].question == test[0]["paragraphs"][0]["qas"][0]["question"]  # the English question


def test_summary_table_has_a_row_per_result(tmp_path):
    for name, mode in [("a", "rules"), ("b", "both")]:
        result = {
            "suite": name,
            "cases": 3,
            "config": {"answerer": mode, "in_conversation": mode == "both"},
            "metrics": {"answer_f1": 0.4512, "answer_em": None, "latency_p50_ms": 117.0},
        }
        (tmp_path / f"{name}.json").write_text(json.dumps(result))
    rows = table([tmp_path / "a.json", tmp_path / "b.json"]).splitlines()
    assert len(rows) == 4
    assert rows[2].startswith("| a | rules | no | 3 | 0.451 | n/a |") and "| 117 |" in rows[2]
    assert rows[3].startswith("| b | both | yes |")


def test_questions_written_over_piaf_keep_its_split(tmp_path):
    """The unanswerable questions name PIAF in `splits_of`: their own counts would split otherwise."""
    unanswerable = PIAF.parent.parent / "piaf-unanswerable" / "piaf-unanswerable-fr.json"
    for split in SPLITS:
        _, piaf_cases = squad_to_corpus(PIAF, tmp_path / f"p-{split}", split=split)
        _, cases = squad_to_corpus(unanswerable, tmp_path / f"u-{split}", split=split)
        piaf_titles = {a["title"] for a in select(_articles(PIAF), split)}
        assert {a["title"] for a in select(_articles(unanswerable), split, _articles(PIAF))} == piaf_titles
        assert len(cases) == sum(len(a["paragraphs"]) for a in select(_articles(PIAF), split))  # one a paragraph
        assert not any(c.answerable for c in cases) and piaf_cases
    own = {a["title"] for a in select(_articles(unanswerable), "test")}
    assert own != {a["title"] for a in select(_articles(PIAF), "test")}  # why `splits_of` is needed
