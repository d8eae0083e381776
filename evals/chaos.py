"""`make chaos`: kill `ingest` with SIGKILL at random moments and check that nothing is lost.

The corpus is PIAF dev's articles as JSONL in two versions: A, and B with some articles changed
and some removed. Each round ingests the other version with `--prune` in a real process, kills it
with SIGKILL after a random delay, then runs `ingest` again to the end and `check`. The index
must then hold exactly that version: `check` finds nothing, the manifest lists its articles with
their hashes, and sample questions get the same answers as from a clean index of that version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.config import Config

from .reader_data import PIAF
from .squad import squad_to_corpus

QUESTIONS = 8  # asked of each version's index after recovery


def _versions(out: Path, changed: int, removed: int, seed: int) -> dict[str, Path]:
    corpus, _ = squad_to_corpus(PIAF, out / "a")
    articles = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    drop = set(rng.sample(range(len(articles)), removed))
    edit = set(rng.sample(sorted(set(range(len(articles))) - drop), changed))
    b = []
    for i, a in enumerate(articles):
        if i in drop:
            continue
        if i in edit:
            a = a | {"paragraphs": [*a["paragraphs"][:-1], a["paragraphs"][-1] + " (Version révisée.)"]}
        b.append(a)
    (out / "b").mkdir(parents=True, exist_ok=True)
    (out / "b" / "corpus.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in b), "utf-8")
    return {"a": out / "a" / "corpus.jsonl", "b": out / "b" / "corpus.jsonl"}


def _cli(index: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, ARTICLE_QA_INDEX=str(index))
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def _state(index: Path, questions: list[str]) -> dict:
    """What a user of this index sees (its manifest, the answers to the sample questions), read in
    a new process: an embedded Chroma client kept open here would not see other processes' writes."""
    r = subprocess.run(
        [sys.executable, "-m", "evals.chaos", "--state-of", str(index), "--questions", json.dumps(questions)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if r.returncode != 0:
        raise RuntimeError(f"reading {index} failed: {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout)


def _read_state(index: Path, questions: list[str]) -> dict:
    from qa.pipeline import Pipeline

    cfg = Config.from_env(index_dir=index, reader="rules")
    pipeline = Pipeline(cfg)
    manifest = sorted((k, e.hash) for k, e in pipeline.store.manifest().items())
    answers = [(a.short_answer, [c.paragraph for c in a.citations]) for a in map(pipeline.ask, questions)]
    return {"manifest": manifest, "answers": answers}


def run(args) -> int:
    out = Path(args.out)
    versions = _versions(out / "corpus", args.changed, args.removed, args.seed)
    questions = [json.loads(line)["paragraphs"][0][:60] + " ?" for line in versions["b"].read_text().splitlines()]
    questions = random.Random(args.seed).sample(questions, QUESTIONS)
    expected = {}
    for name, path in versions.items():  # a clean index of each version: what recovery must give
        clean = out / f"clean-{name}"
        if not clean.exists():
            assert _cli(clean, "ingest", str(path)).returncode == 0
        expected[name] = _state(clean, questions)
    index = out / "index"
    assert _cli(index, "ingest", str(versions["a"])).returncode == 0
    rng = random.Random(args.seed)
    rows, failures = [], 0
    for round_ in range(1, args.kills + 1):
        name = "b" if round_ % 2 else "a"
        env = dict(os.environ, ARTICLE_QA_INDEX=str(index))
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ingest", "--prune", str(versions[name])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        delay = rng.uniform(args.min_delay, args.max_delay)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        after_kill = _cli(index, "check")
        recovered = _cli(index, "ingest", "--prune", str(versions[name]))
        checked = _cli(index, "check")
        state = _state(index, questions)
        same = state == expected[name]
        ok = recovered.returncode == 0 and checked.returncode == 0 and same
        failures += not ok
        row = {
            "round": round_,
            "version": name,
            "killed_after_s": round(delay, 1),
            "finished_before_kill": finished,
            "check_after_kill": after_kill.stdout.strip().split(": ")[-1] if after_kill.stdout else "empty index",
            "recovered": ok,
        }
        if not ok:
            row["why"] = (checked.stderr or recovered.stderr).strip().splitlines()[-3:]
            if state["manifest"] != expected[name]["manifest"]:
                row["why"].append("the manifest differs from a clean index's")
            row["why"] += [
                f"{q!r}: {got} where a clean index gives {want}"
                for q, got, want in zip(questions, state["answers"], expected[name]["answers"])
                if got != want
            ]
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    summary = {"kills": args.kills, "recovered": args.kills - failures, "rounds": rows}
    (out / "chaos.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"{args.kills - failures}/{args.kills} kills recovered: nothing lost, nothing duplicated, answers unchanged")
    return 0 if failures == 0 else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.chaos", description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--changed", type=int, default=10, help="articles changed in version B")
    ap.add_argument("--removed", type=int, default=5, help="articles removed in version B")
    ap.add_argument("--min-delay", type=float, default=3.0, help="seconds before the kill, at least")
    ap.add_argument("--max-delay", type=float, default=25.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default="out/chaos")
    ap.add_argument("--state-of", help=argparse.SUPPRESS)  # internal: print one index's state as JSON
    ap.add_argument("--questions", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.state_of:
        print(json.dumps(_read_state(Path(args.state_of), json.loads(args.questions)), ensure_ascii=False))
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
