"""The answerability model's features, probability and file: no models needed."""

import pytest

from index.config import Config, ConfigError
from qa.answerability import FEATURES, MODEL, Answerability, vector


def _vector(**overrides):
    base = {
        "margin": 4.0,
        "source": "reader",
        "coverage": 0.5,
        "weak": False,
        "role_asked": True,
        "role_absent": False,
        "names": 1,
        "dense": 0.8,
        "dense_gap": 0.0,
        "score_gap": 0.0,
        "rank": 0,
        "same_language": False,
        "answer": "Bakary Yaou Sangare",
        "answer_type": "person",
    }
    return vector(**{**base, **overrides})


def _model(coef: dict[str, float], threshold=0.5) -> Answerability:
    n = len(FEATURES)
    return Answerability(
        FEATURES, (0.0,) * n, (1.0,) * n, tuple(coef.get(f, 0.0) for f in FEATURES), 0.0, threshold, {}
    )


def test_vector_has_every_feature_in_range():
    v = _vector()
    assert tuple(v) == FEATURES
    assert v["margin"] == 0.4 and v["cross_margin"] == 0.4 and v["from_reader"] == 1.0 and v["no_read"] == 0.0
    assert v["type_person"] == 1.0 and sum(v[f"type_{t}"] for t in ("date", "place", "phrase")) == 0.0
    assert v["answer_words"] == 3 / 12 and v["names"] == 1 / 3
    clipped = _vector(
        margin=None, source="sentence", names=9, rank=12, answer=None, answer_type="odd", same_language=True
    )
    assert clipped["no_read"] == 1.0 and clipped["margin"] == 0.0 and clipped["sentence_only"] == 1.0
    assert clipped["names"] == 1.0 and clipped["sentence_rank"] == 1.0 and clipped["answer_words"] == 0.0
    assert clipped["type_phrase"] == 1.0 and clipped["cross_margin"] == 0.0


def test_probability_follows_the_weights():
    model = _model({"margin": 2.0, "role_absent": -3.0})
    sure = model.probability(_vector(margin=20.0))
    unsure = model.probability(_vector(margin=-10.0))
    absent = model.probability(_vector(margin=20.0, role_absent=True))
    assert sure > 0.5 > unsure and absent < sure
    assert 0.0 < model.probability(dict.fromkeys(FEATURES, 1000000000.0)) <= 1.0  # no overflow


def test_the_model_file_round_trips_and_rejects_other_features(tmp_path):
    model = _model({"dense": 1.5}, threshold=0.31)
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert Answerability.read(path) == model
    path.write_text(model.to_json().replace('"dense"', '"density"'), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain it"):
        Answerability.read(path)


def test_the_shipped_model_reads_and_was_calibrated():
    model = Answerability.read(MODEL)
    assert 0.0 < model.threshold < 1.0
    assert model.card["false_refusal_target"] <= 0.1 and model.card["rows"]["fitted"] > 400


def test_refusal_mode_is_validated():
    assert Config.from_env({"ARTICLE_QA_REFUSAL": "Learned"}).refusal == "learned"
    with pytest.raises(ConfigError, match="ARTICLE_QA_REFUSAL='never'"):
        Config.from_env({"ARTICLE_QA_REFUSAL": "never"})


def test_calibration_and_outcomes_count_refusals_as_the_product_would():
    from evals.train_answerability import calibrate, outcomes

    rows = [
        {"set": "fr", "answerable": True, "correct": i % 2 == 0, "f1": 1.0 if i % 2 == 0 else 0.2} for i in range(20)
    ]
    rows += [{"set": "unanswerable-fr", "answerable": False, "correct": False, "f1": 0.0} for _ in range(4)]
    probs = [None] + [i / 20 for i in range(1, 20)] + [0.01, 0.02, 0.5, None]  # None: a hard check refused
    threshold = calibrate(rows, probs, 0.10)  # 2 of 20 answerable may be refused by the model
    assert threshold == 0.15
    out = outcomes(rows, probs, threshold)
    assert out["fr"]["false_refusal"] == 3 / 20  # the hard check's refusal counts too
    assert out["fr"]["answer_correct"] == 8 / 20  # the right ones 0 and 2 refused, 4, 6 ... 18 answered
    assert out["unanswerable-fr"]["refusal_correct"] == 3 / 4
