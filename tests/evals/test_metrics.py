import json

import pytest

from evals import metrics as m


def test_normalize():
    assert m.normalize("  L’Élysée, «Paris» !  ") == "l'elysee paris".replace("'", " ")
    assert m.normalize("Goïta") == "goita"


def test_f1_and_exact_drop_articles():
    assert m.f1("le Mali", "Mali") == 1.0 and m.exact("The Mali", "mali")
    assert m.f1("Bakary Yaou", "Bakary Yaou Sangare") == pytest.approx(0.8)
    assert m.f1("Diop", "Sangare") == 0.0 and m.f1(None, "x") == 0.0


def test_short_correct_contains_and_length_cap():
    assert m.short_correct("juin prochain", ["juin"])
    assert not m.short_correct("injuin", ["juin"])  # whole words only
    assert not m.short_correct(None, ["juin"])
    assert not m.short_correct(" ".join(["juin"] * 13), ["juin"])


def test_ranks():
    paras = ["rien", "encore rien", "Bakary Yaou Sangare a dit"]
    rank = m.first_hit_rank(paras, ["bakary yaou sangare"])
    assert rank == 3 and m.hit_at(rank, 1) == 0.0 and m.hit_at(rank, 5) == 1.0
    assert m.reciprocal_rank(rank) == pytest.approx(1 / 3) and m.reciprocal_rank(None) == 0.0
    assert m.reciprocal_rank(11, cutoff=10) == 0.0


def test_aggregate_is_deterministic_and_by_tag():
    from evals.runner import EvalResult, score_case
    from evals.suite import Case

    ok = Case("1", "q", ["Diop"], ["Abdoulaye Diop"], [], ["who"])
    no = Case("2", "q", [], [], [], ["unanswerable"])
    answer = {
        "refused": False,
        "short_answer": "Abdoulaye Diop",
        "answer": "Abdoulaye Diop [1]",
        "citations": [{"text": "Le ministre Abdoulaye Diop."}],
    }
    refused = {"refused": True, "short_answer": None, "answer": "No", "citations": []}
    res = EvalResult(
        "t", {}, [score_case(ok, answer, ["x", "Abdoulaye Diop"], 10.0), score_case(no, refused, None, 30.0)]
    )
    metrics = res.metrics()
    assert metrics["answer_correct"] == 1.0 and metrics["citation_correct"] == 1.0
    assert metrics["refusal_correct"] == 1.0 and metrics["false_refusal"] == 0.0
    assert metrics["retrieval_hit@1"] == 0.0 and metrics["mrr"] == 0.5
    assert metrics["latency_p50_ms"] == 20.0
    assert res.by_tag()["who"]["answer_correct"] == 1.0 and res.by_tag()["unanswerable"]["answer_correct"] is None
    data = json.loads(json.dumps(res.to_dict()))  # the eval --json file, as written and read back
    assert data["cases"] == 2 and [r["id"] for r in data["results"]] == ["1", "2"]
    assert data["metrics"] == metrics and data["by_tag"]["who"]["answer_correct"] == 1.0
    assert data["results"][0]["correct"] is True and data["results"][1]["refused"] is True
