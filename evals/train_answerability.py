"""Train the answerability model (qa/answerability.py) and calibrate its threshold.

Rows: every PIAF question of the dev and test splits, asked in French and in English, and the
unanswerable questions written over the same articles (`evals/data/piaf-unanswerable`), each
answered by the product with `refusal="learned"` and no model, so the word checks are features and
nothing is refused but by the hard name checks. Label (`--label`): the answer's first citation is
the question's paragraph (`cited`), or its short answer is right (`correct`); an unanswerable
question's answer is neither. The model is fitted on `dev`, the reader's held-out articles (on
its own training articles the reader's margin is overconfident); its strength and threshold are
chosen by cross-validation over dev's articles: the threshold is the highest at which the model
itself refuses at most `--false-refusal` of the answerable questions. `test` is scored and
reported, never chosen on.

    python -m evals.train_answerability [--false-refusal 0.05] [--out qa/models/answerability.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path

from index.config import Config
from qa.answerability import Answerability

from .metrics import contains
from .runner import score_case
from .squad import file_digest, squad_to_corpus

DATA = Path(__file__).parent / "data"
PIAF = DATA / "piaf" / "piaf-v1.0-dev.json"
QUESTION_SETS = {  # (file, language of the questions)
    "fr": (PIAF, "fr"),
    "en": (DATA / "piaf-en" / "piaf-v1.0-dev-en.json", "en"),
    "unanswerable-fr": (DATA / "piaf-unanswerable" / "piaf-unanswerable-fr.json", "fr"),
    "unanswerable-en": (DATA / "piaf-unanswerable" / "piaf-unanswerable-en.json", "en"),
}


def collect(split: str, cache: Path, cfg: Config) -> list[dict]:
    """One row per question of the split: its set, features (None when a hard check refused) and
    label. Each question set's rows are kept in `cache` and read from there on the next run."""
    rows, todo = [], []
    for name in QUESTION_SETS:
        path = cache / f"rows-{split}-{name}.jsonl"
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        else:
            todo.append(name)
    if not todo:
        return rows
    from qa.pipeline import Pipeline

    from .cli import _ingest

    cfg = cfg.with_(
        index_dir=cfg.cache_dir / "squad" / f"{file_digest(PIAF)}-{split}",
        refusal="learned",
        answerability=Path("none"),
    )
    corpus, _ = squad_to_corpus(PIAF, cfg.index_dir / "corpus", split=split)
    _ingest(cfg, [corpus])
    pipeline = Pipeline(cfg).warm_up()
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in todo:
            file, lang = QUESTION_SETS[name]
            _, cases = squad_to_corpus(file, Path(tmp) / name, split=split)
            done = []
            for i, case in enumerate(cases):
                answer, _, draft = pipeline.ask_drafted(case.question)
                scored = score_case(case, answer.to_dict(), None, 0.0)
                done.append(
                    {
                        "set": name,
                        "lang": lang,
                        "id": case.id,
                        "answerable": case.answerable,
                        "features": draft.features,
                        "correct": scored.correct,
                        "cited": bool(answer.citations)
                        and any(contains(answer.citations[0].text, e) for e in case.evidence),
                        "f1": round(scored.f1, 4),
                    }
                )
                if (i + 1) % 200 == 0:
                    print(f"  {split} {name}: {i + 1}/{len(cases)}", flush=True)
            path = cache / f"rows-{split}-{name}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in done), encoding="utf-8")
            rows += done
    return rows


def _matrix(rows: list[dict], label: str):
    import numpy as np

    from qa.answerability import FEATURES

    kept = [r for r in rows if r["features"] is not None]
    x = np.array([[r["features"][n] for n in FEATURES] for r in kept])
    return kept, x, np.array([bool(r[label]) for r in kept])


def fit(rows: list[dict], c: float, label: str):
    """(names, mean, scale, coef, intercept) of a logistic model on the rows the hard checks let through."""
    from sklearn.linear_model import LogisticRegression

    from qa.answerability import FEATURES

    _, x, y = _matrix(rows, label)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return (
        FEATURES,
        tuple(mean.tolist()),
        tuple(scale.tolist()),
        tuple(model.coef_[0].tolist()),
        float(model.intercept_[0]),
    )


def cross_validate(rows: list[dict], c: float, label: str, folds: int = 5) -> tuple[list[float], float]:
    """Out-of-fold probabilities of the kept rows (folds by whole article) and their log loss."""
    import numpy as np
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    kept, x, y = _matrix(rows, label)
    groups = [r["article"] for r in kept]
    probs = np.zeros(len(kept))
    for fit_i, held_i in GroupKFold(n_splits=folds).split(x, y, groups):
        model = Answerability(*fit([kept[i] for i in fit_i], c, label), 0.0, {})
        probs[held_i] = [model.probability(kept[i]["features"]) for i in held_i]
    return probs.tolist(), float(log_loss(y, probs))


def outcomes(rows: list[dict], probs: list[float | None], threshold: float) -> dict:
    """What the product would do on these rows (None: a hard check refused): per question set,
    answer_correct, F1 and false refusals over answerable questions, refusal_correct over
    unanswerable ones."""
    out = {}
    for name in QUESTION_SETS:
        pairs = [(r, p is None or p < threshold) for r, p in zip(rows, probs, strict=True) if r["set"] == name]
        if not pairs:
            continue
        n = len(pairs)
        if pairs[0][0]["answerable"]:
            out[name] = {
                "questions": n,
                "answer_correct": round(sum(r["correct"] and not x for r, x in pairs) / n, 4),
                "f1": round(sum(0.0 if x else r["f1"] for r, x in pairs) / n, 4),
                "false_refusal": round(sum(x for _, x in pairs) / n, 4),
            }
        else:
            out[name] = {"questions": n, "refusal_correct": round(sum(x for _, x in pairs) / n, 4)}
    return out


def calibrate(rows: list[dict], probs: list[float | None], rate: float) -> float:
    """The highest threshold at which the model itself refuses at most `rate` of the answerable rows."""
    answerable = [p for r, p in zip(rows, probs, strict=True) if r["answerable"]]
    ranked = sorted(p for p in answerable if p is not None)
    allowed = int(rate * len(answerable))
    return ranked[allowed] if allowed < len(ranked) else 1.0


def _articles() -> dict[str, str]:
    """Question id -> article title, over every question set, to fold by article."""
    from .squad import read_squad

    return {
        str(qa.get("id")): a.get("title", "")
        for file, _ in QUESTION_SETS.values()
        for a in read_squad(file)["data"]
        for p in a["paragraphs"]
        for qa in p.get("qas", [])
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.train_answerability", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--false-refusal", type=float, default=0.05, help="the model's own refusals of answerable questions"
    )
    ap.add_argument(
        "--c", default="0.03,0.1,0.3,1", help="inverse L2 strengths to choose from by cross-validated log loss"
    )
    ap.add_argument(
        "--label",
        choices=("cited", "correct"),
        default="correct",
        help="what the model predicts: the first citation is the answer's paragraph, or the short answer is right",
    )
    ap.add_argument("--cache", type=Path, default=Path("out/answerability"), help="rows already collected")
    ap.add_argument("--out", type=Path, default=Path("qa/models/answerability.json"))
    args = ap.parse_args(argv)
    cfg = Config.from_env()
    rows = {split: collect(split, args.cache, cfg) for split in ("dev", "test")}
    titles = _articles()
    for r in rows["dev"]:
        r["article"] = titles[r["id"]]
    kept = [r for r in rows["dev"] if r["features"] is not None]
    losses = {float(c): cross_validate(rows["dev"], float(c), args.label) for c in args.c.split(",")}
    c = min(losses, key=lambda k: losses[k][1])
    oof = iter(losses[c][0])
    dev_probs = [next(oof) if r["features"] is not None else None for r in rows["dev"]]
    threshold = round(calibrate(rows["dev"], dev_probs, args.false_refusal), 4)
    model = Answerability(*fit(kept, c, args.label), threshold, {})
    test_probs = [None if r["features"] is None else model.probability(r["features"]) for r in rows["test"]]
    report = {
        "dev (cross-validated)": outcomes(rows["dev"], dev_probs, threshold),
        "test": outcomes(rows["test"], test_probs, threshold),
    }
    card = {
        "trained": date.today().isoformat(),
        "fitted_on": "PIAF dev split (the reader's held-out articles), French and English questions and written unanswerable ones",
        "rows": {"dev": len(rows["dev"]), "fitted": len(kept)},
        "false_refusal_target": args.false_refusal,
        "c": c,
        "label": args.label,
        "cross_validated_log_loss": {str(k): round(v[1], 4) for k, v in losses.items()},
        "reader": str(cfg.reader_weights or "qa/models/reader.safetensors"),
        "outcomes": report,
    }
    model = Answerability(model.names, model.mean, model.scale, model.coef, model.intercept, threshold, card)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(json.dumps({"c": c, "threshold": threshold, "outcomes": report}, indent=1))
    weights = sorted(zip(model.names, model.coef, strict=True), key=lambda t: -abs(t[1]))
    print("weights:", ", ".join(f"{n} {w:+.2f}" for n, w in weights))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
