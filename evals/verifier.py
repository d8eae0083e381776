"""The check on generated sentences (qa/verify.py) against hand-judged cases: precision and recall
of "supported", by split, language and kind (`make eval-verifier`).

The cases (evals/data/verifier/verifier.jsonl) are split by source article into dev, where the
check's rules and `claim_support` are chosen, and test, reported and never chosen on. Two sets were
written later by hands that never saw the check, over other articles: `dev-more.jsonl` (more dev)
and `fresh.jsonl` (the unseen test, never chosen on).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from functools import partial
from pathlib import Path

from index.config import Config

DATA = Path(__file__).resolve().parent / "data" / "verifier" / "verifier.jsonl"
FRESH = DATA.parent / "fresh.jsonl"
DEV_MORE = DATA.parent / "dev-more.jsonl"
SPLITS = ("dev", "dev-more", "test", "fresh", "all")  # all: dev and test, as before the later sets


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assign(cases: list[dict]) -> dict[str, str]:
    """Source -> "dev" or "test": sources in hash order, the first half of the cases dev."""
    counts: dict[str, int] = defaultdict(int)
    for c in cases:
        counts[c["source"]] += 1
    out, seen = {}, 0
    for source in sorted(counts, key=lambda s: hashlib.sha1(s.encode()).hexdigest()):
        out[source] = "dev" if seen < len(cases) / 2 else "test"
        seen += counts[source]
    return out


def scores(rows: list[dict]) -> dict:
    """Precision, recall and F1 of predicting "supported"; accuracy over all."""
    tp = sum(r["gold"] and r["predicted"] for r in rows)
    fp = sum(not r["gold"] and r["predicted"] for r in rows)
    fn = sum(r["gold"] and not r["predicted"] for r in rows)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "cases": len(rows),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "accuracy": round(sum(r["gold"] == r["predicted"] for r in rows) / len(rows), 3) if rows else 0.0,
    }


def verifier(cfg: Config):
    from index.embedding import model_path
    from qa.analysis import analyze
    from qa.casing import common_word
    from qa.lexicon import TermMatcher
    from qa.reader import SpanReader
    from qa.verify import Verifier

    word = partial(common_word, model_path(cfg))
    return Verifier(TermMatcher(None, cfg), word, SpanReader(cfg)), partial(analyze, common_word=word)


def judge(cases: list[dict], cfg: Config) -> list[dict]:
    check, analyze = verifier(cfg)
    split = assign([c for c in cases if "split" not in c])
    rows = []
    for c in cases:
        verdict = check.sentence(c["sentence"], c["paragraphs"])
        missed = ""
        if verdict.supported:
            missed = check.answer_in_citation(
                c["question"], analyze(c["question"]).answer_type, [c["sentence"]], c["paragraphs"]
            )
        rows.append(
            {
                "id": c["id"],
                "split": c.get("split") or split[c["source"]],
                "lang": c["lang"],
                "kind": c["kind"],
                "gold": bool(c["supported"]),
                "predicted": verdict.supported and not missed,
                "reason": verdict.reason or (f"answer_in_citation: {missed}" if missed else ""),
            }
        )
    return rows


def report(rows: list[dict]) -> dict:
    out: dict = {}
    for split in SPLITS:
        part = [r for r in rows if r["split"] == split or (split == "all" and r["split"] in ("dev", "test"))]
        entry = scores(part)
        entry["by_lang"] = {lang: scores([r for r in part if r["lang"] == lang]) for lang in ("en", "fr")}
        entry["by_kind"] = {
            kind: round(sum(r["gold"] == r["predicted"] for r in part if r["kind"] == kind) / n, 3)
            for kind in sorted({r["kind"] for r in part})
            if (n := sum(r["kind"] == kind for r in part))
        }
        out[split] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.verifier", description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=DATA)
    ap.add_argument("--fresh", type=Path, default=FRESH, help="the unseen cases, reported on their own")
    ap.add_argument("--dev-more", type=Path, default=DEV_MORE, help="more development cases, reported on their own")
    ap.add_argument("--json", type=Path, help="write the figures and every case's verdict here")
    ap.add_argument("--show", choices=SPLITS, help="print the misjudged cases of this split")
    args = ap.parse_args(argv)
    from qa.params import PARAMS

    later = [
        dict(c, split=split)
        for split, path in (("dev-more", args.dev_more), ("fresh", args.fresh))
        if path.is_file()
        for c in load(path)
    ]
    rows = judge(load(args.cases) + later, Config.from_env())
    figures = report(rows)
    for split in SPLITS:
        f = figures[split]
        langs = "  ".join(
            f"{lang} P {v['precision']:.3f} R {v['recall']:.3f} (n={v['cases']})" for lang, v in f["by_lang"].items()
        )
        print(f"{split:8} n={f['cases']:3}  precision {f['precision']:.3f}  recall {f['recall']:.3f}  |  {langs}")
    for split in ("all", "fresh"):
        kinds = figures[split]["by_kind"]
        print(f"accuracy by kind ({split}):", ", ".join(f"{k} {v:.2f}" for k, v in kinds.items()))
    if args.show:
        for r in rows:
            if r["gold"] != r["predicted"] and (
                r["split"] == args.show or (args.show == "all" and r["split"] in ("dev", "test"))
            ):
                print(f"  {r['id']} {r['kind']:15} gold={r['gold']!s:5} {r['reason']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"figures": figures, "params": PARAMS.to_dict(), "cases": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
