"""`article-qa eval`: run a suite or a SQuAD file, print a metrics table, write JSON and a report."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from index.config import Config, version

from .compare import compare, gate, load_thresholds
from .runner import METRIC_NAMES, EvalResult, run_suite
from .suite import SuiteError, load_suite


def _ingest(cfg: Config, paths: list[Path]) -> None:
    from index.ingest import Ingestor

    report = Ingestor(cfg).run(paths)
    print(f"corpus: {report.summary()}", file=sys.stderr)
    for err in report.errors:
        print(f"error: {err}", file=sys.stderr)


def _table(result: dict, baseline: dict | None) -> str:
    lines = [f"{'metric':<18} {'article-qa':>11}" + (f" {'vanilla':>9}" if baseline else "")]
    extra = [k for k in result["metrics"] if k not in METRIC_NAMES]  # the generator's, with --llm
    for name in [*METRIC_NAMES, *extra]:
        v = result["metrics"].get(name)
        row = f"{name:<18} {('n/a' if v is None else v):>11}"
        if baseline:
            b = baseline["metrics"].get(name)
            row += f" {('n/a' if b is None else b):>9}"
        lines.append(row)
    return "\n".join(lines)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def answerer_settings(cfg: Config) -> dict:
    """What decided the answers, recorded with every result: the reader mode, the exact weights
    and every threshold (qa/params.py)."""
    from qa.params import PARAMS

    settings = {"article_qa": version(), "answerer": cfg.reader, "reader_weights": None, "reader_sha256": None}
    settings["params"] = PARAMS.to_dict()
    if cfg.reader != "rules":
        from qa.reader import WEIGHTS, file_sha256

        weights = cfg.reader_weights or WEIGHTS
        settings |= {"reader_weights": str(weights), "reader_sha256": file_sha256(weights)}
    settings["refusal"] = cfg.refusal
    if cfg.refusal == "learned":
        from qa.answerability import MODEL, load
        from qa.reader import file_sha256

        model = cfg.answerability or MODEL
        if str(model) != "none":
            settings |= {"answerability_sha256": file_sha256(model), "answerability_threshold": load(model).threshold}
    return settings


def run_eval(args, cfg: Config) -> int:
    from qa.pipeline import Pipeline

    if bool(args.suite) == bool(args.squad):
        raise SuiteError("give either a suite file or --squad FILE")
    if args.split and not args.squad:
        raise SuiteError("--split takes the articles of a SQuAD file: give --squad FILE")
    if args.squad:
        from .squad import file_digest, squad_to_corpus

        part = f"-{args.split}" if args.split else ""
        if not args.index:
            cfg = cfg.with_(index_dir=cfg.cache_dir / "squad" / (file_digest(args.squad) + part))
        corpus, cases = squad_to_corpus(args.squad, cfg.index_dir / "corpus", limit=args.limit, split=args.split)
        corpus_paths = [corpus]
        name = args.squad.stem + part
    else:
        cases = load_suite(args.suite)[: args.limit] if args.limit else load_suite(args.suite)
        corpus_paths = list(args.corpus or [])
        name = args.suite.stem
    if corpus_paths:
        _ingest(cfg, corpus_paths)
    pipeline = Pipeline(cfg).warm_up()
    system = pipeline
    if cfg.llm:
        from qa.generate import GenerativeAnswerer

        system = GenerativeAnswerer(pipeline, structured=False)  # streamed, as in the chat: first-token latency
    settings = {k: v for k, v in asdict(cfg).items() if k != "llm_key"} | cfg.llm_settings()
    config = {k: str(v) if isinstance(v, Path) else v for k, v in settings.items()} | answerer_settings(cfg)
    config["in_conversation"] = bool(args.in_conversation)
    result = run_suite(system, cases, name, config, in_conversation=args.in_conversation).to_dict()
    if args.json_out:
        _write_json(args.json_out, result)  # kept even if the baseline below fails
    baseline = None
    if args.baseline:
        from .baseline import VanillaBaseline

        vanilla = VanillaBaseline(cfg)
        vanilla.build(corpus_paths or [Path(p) for p in _indexed_paths(cfg)])
        baseline = run_suite(
            vanilla, cases, name + " (vanilla LlamaIndex)", {"pipeline": "vanilla"}, answers=False
        ).to_dict()
        result["baseline"] = {"metrics": baseline["metrics"]}
    print(_table(result, baseline))
    if args.json_out:
        _write_json(args.json_out, result)
    if args.report:
        from .report import write_report

        print(f"report: {write_report(result, args.report, baseline)}", file=sys.stderr)
    status = 0
    if args.compare:
        try:
            old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise SuiteError(f"{args.compare}: cannot read the earlier run ({e})") from None
        rows = compare(result, old, load_thresholds()["tolerance"])
        for r in rows:
            flag = "  REGRESSION" if r["regressed"] else ""
            print(f"{r['metric']:<18} {r['old']:>10} -> {r['new']:<10} ({r['delta']:+}){flag}")
        if any(r["regressed"] for r in rows):
            status = 1
    if args.gate:
        floors = load_thresholds()["gates"].get(name)
        if floors is None:
            raise SuiteError(f"evals/thresholds.json has no gate for suite '{name}'")
        failures = gate(result["metrics"], floors)
        for f in failures:
            print(f"gate failed: {f}", file=sys.stderr)
        status = status or (1 if failures else 0)
    return status


def _indexed_paths(cfg: Config) -> list[str]:
    from index.store import Store

    return sorted({e.path for e in Store(cfg).manifest().values() if e.path})


__all__ = ["EvalResult", "run_eval"]
