"""The reader's data: PIAF's validation fifth is held out by article; XQuAD pairs languages by question id."""

import json

from evals.reader_data import (
    PIAF,
    PIAF_VAL,
    VALIDATION_SHARE,
    piaf_split,
    squad_examples,
    with_negatives,
    with_windows,
    write_validation,
    xquad_examples,
)


def test_validation_is_a_fifth_of_the_questions_and_shares_no_article():
    train, val = piaf_split(PIAF)
    assert {a["title"] for a in train}.isdisjoint({a["title"] for a in val})
    contexts = {p["context"] for a in train for p in a["paragraphs"]}
    assert not contexts & {p["context"] for a in val for p in a["paragraphs"]}
    n_train, n_val = len(squad_examples(train, "piaf")), len(squad_examples(val, "piaf"))
    assert VALIDATION_SHARE <= n_val / (n_train + n_val) < VALIDATION_SHARE + 0.05


def test_shipped_validation_file_is_the_split(tmp_path):
    assert (
        json.loads(write_validation(tmp_path / "val.json").read_text())["data"]
        == json.loads(PIAF_VAL.read_text())["data"]
    )


def test_examples_point_at_their_answers():
    for ex in squad_examples(piaf_split(PIAF)[0], "piaf")[:200] + xquad_examples(["es"])[:50]:
        assert ex.context[ex.answer_start :].startswith(ex.answers[0])


def test_cross_lingual_pairs_ask_in_english_over_another_language():
    es = [ex for ex in xquad_examples(["es"]) if ex.source == "xquad-en>es"]
    own = {ex.qid: ex for ex in xquad_examples(["es"]) if ex.source == "xquad-es"}
    ex = es[0]
    assert ex.context == own[ex.qid].context and ex.question != own[ex.qid].question
    assert ex.question.isascii()


def test_negatives_pair_a_question_with_a_paragraph_without_its_answer():
    base = squad_examples(piaf_split(PIAF)[0], "piaf")[:300]
    out = with_negatives(base, 0.5, seed=1)
    negs = [ex for ex in out if ex.answer_start is None]
    assert 0.3 * len(base) < len(negs) < 0.7 * len(base)
    for ex in negs:
        original = next(b for b in base if b.qid + "-neg" == ex.qid)
        assert ex.context != original.context and not any(a in ex.context for a in original.answers)
    assert with_negatives(base, 0.5, seed=1) == out  # seeded


def test_windows_hold_the_answer_or_a_neighbouring_sentence_without_it():
    from index.nlp import parse_paragraphs

    base = squad_examples(piaf_split(PIAF)[0], "piaf")[:100]
    contexts = sorted({ex.context for ex in base})
    sentences = {c: [(s.start, s.end) for s in sents] for c, sents in zip(contexts, parse_paragraphs("t", contexts))}
    out = with_windows(base, sentences, 1.0, seed=1)
    wins = [ex for ex in out if ex.qid.endswith("-win")]
    negs = [ex for ex in out if ex.qid.endswith("-winneg")]
    assert len(wins) > 50 and len(negs) > 50
    for ex in wins:
        original = next(b for b in base if b.qid + "-win" == ex.qid)
        assert ex.context in original.context and ex.context[ex.answer_start :].startswith(ex.answers[0])
    for ex in negs:
        original = next(b for b in base if b.qid + "-winneg" == ex.qid)
        assert ex.context in original.context and ex.answer_start is None
        assert not any(a in ex.context for a in original.answers)
    assert with_windows(base, sentences, 1.0, seed=1) == out  # seeded
    alone = with_windows(base, sentences, 1.0, seed=1, keep_paragraphs=False)
    assert alone == [ex for ex in out if ex.qid.endswith(("-win", "-winneg"))]


def test_english_questions_pair_with_the_french_ones_over_the_same_paragraphs():
    from evals.reader_data import english_questions

    english = english_questions()
    train, _ = piaf_split(PIAF)
    fr = squad_examples(train, "piaf")
    en = squad_examples(train, "piaf-en", english)
    assert len(en) == len(fr) > 1000
    assert [(e.qid, e.context, e.answer_start, e.answers) for e in en] == [
        (e.qid, e.context, e.answer_start, e.answers) for e in fr
    ]
    assert en[0].question == english[fr[0].qid] != fr[0].question
