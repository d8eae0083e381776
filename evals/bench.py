"""Performance and scale benchmark: `make bench` (`python -m evals.bench --help`).

For each corpus size, in fresh indexes: the seed article; PIAF dev; and about 10k and 100k
paragraphs (seed + PIAF + French HTML documentation from Debian packages, fetched with
`apt-get download` once into the cache). Each measurement runs in its own process, so peak
memory is that step's own:
- ingest: paragraphs/s, the embedding share, peak memory;
- cold start: `article-qa ask` from process start to the printed answer;
- warm `ask` (per stage) and `search` p50/p95 over seed and PIAF questions, peak memory;
- the vanilla LlamaIndex baseline on the same corpus: ingest time and bare retrieve p50/p95,
  printed as project/baseline ratios;
- once, at the largest size: `article-qa serve` cold start (process start to first answer), and
  several `serve` processes sharing one `chroma run` server, checked for correct answers.
Writes out/bench/bench.json and out/bench/latency.png (latency against corpus size).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
PIAF = ROOT / "evals" / "data" / "piaf" / "piaf-v1.0-dev.json"
SEED_SUITE = ROOT / "evals" / "suites" / "seed.jsonl"
DEBIAN_PACKAGES = ("debian-reference-fr", "gimp-help-fr", "lilypond-doc-html-fr")
CHECK = ("Who represented Niger?", "Bakary Yaou Sangare")


# -- corpora --------------------------------------------------------------------------------
def debian_html(cache: Path) -> list[Path]:
    """French HTML pages from Debian documentation packages, downloaded and unpacked once."""
    root = cache / "debdocs"
    unpacked = root / "root"
    if not unpacked.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", *DEBIAN_PACKAGES], cwd=root, check=True, capture_output=True)
        tmp = root / "root.tmp"
        for deb in sorted(root.glob("*.deb")):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp)], check=True)
        tmp.replace(unpacked)
    return sorted(p for p in unpacked.rglob("*.html") if "/fr/" in str(p) or ".fr." in p.name)


def corpus_for(size: str, work: Path, cache: Path) -> tuple[list[Path], int]:
    """The paths to ingest for a size ("seed", "piaf" or a paragraph count) and their paragraph count."""
    from index.config import DEFAULT_CORPUS
    from index.loaders import load_file, load_paths

    from .squad import squad_to_corpus

    paths = [DEFAULT_CORPUS]
    if size != "seed":
        piaf, _ = squad_to_corpus(PIAF, work / "piaf", lang="fr")
        paths.append(piaf)
    count = sum(len(a.paragraphs) for a in load_paths(paths).articles)
    if size in ("seed", "piaf"):
        return paths, count
    target = int(size)
    for page in debian_html(cache):
        if count >= target:
            break
        articles, _ = load_file(page)
        if articles:
            paths.append(page)
            count += sum(len(a.paragraphs) for a in articles)
    if count < target:
        raise SystemExit(f"bench: the Debian pages hold only {count} paragraphs, fewer than {target}")
    return paths, count


def questions(size: str, n: int) -> list[str]:
    seed = [json.loads(line)["question"] for line in SEED_SUITE.read_text().splitlines() if line.strip()]
    if size == "seed":
        return seed[:n]
    piaf = [qa["question"] for a in json.loads(PIAF.read_text())["data"] for p in a["paragraphs"] for qa in p["qas"]]
    half = n // 2
    return seed[:half] + piaf[: n - half]


# -- workers (each in its own process) ------------------------------------------------------
def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _stats(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1)}


def work_ingest(spec: dict) -> dict:
    from index.config import Config
    from index.ingest import Ingestor

    cfg = Config.from_env(index_dir=spec["index"])
    t = time.perf_counter()
    report = Ingestor(cfg).run([Path(p) for p in spec["paths"]], progress=False)
    seconds = time.perf_counter() - t
    return {
        "paragraphs": report.paragraphs,
        "sentences": report.sentences,
        "seconds": round(seconds, 1),
        "paragraphs_per_s": round(report.paragraphs / seconds, 1),
        "embedding_share": round(report.embed_seconds / seconds, 2),
        "words_embedded": report.words_added,
        "errors": len(report.errors),
        "chunks_added": report.chunks_added,
        "peak_mb": _peak_mb(),
    }


def work_query(spec: dict) -> dict:
    from index.config import Config
    from qa.pipeline import Pipeline

    pipeline = Pipeline(Config.from_env(index_dir=spec["index"])).warm_up()
    qs = spec["questions"]
    for q in qs[:3]:  # first calls fill caches
        pipeline.ask(q)
        pipeline.search(q)
    stages: dict[str, list[float]] = {}
    search = []
    for q in qs:
        for stage, ms in pipeline.ask(q).timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    for q in qs:  # in a loop of their own, as the baseline's retrieves are timed
        t = time.perf_counter()
        pipeline.search(q, k=5)
        search.append((time.perf_counter() - t) * 1000)
    return {
        "ask": _stats(stages.pop("total")),
        "search": _stats(search),
        "ask_stages": {k: _stats(v) for k, v in stages.items()},
        "questions": len(qs),
        "peak_mb": _peak_mb(),
    }


def work_baseline(spec: dict) -> dict:
    from index.config import Config

    from .baseline import VanillaBaseline

    base = VanillaBaseline(Config.from_env(index_dir=spec["index"]))
    chunks, ingest_s = spec.get("built") or (None, None)
    if chunks is None:
        t = time.perf_counter()
        chunks = base.build([Path(p) for p in spec["paths"]])
        ingest_s = time.perf_counter() - t
    for q in spec["questions"][:3]:
        base.search(q)
    times = []
    for q in spec["questions"]:
        t = time.perf_counter()
        base.search(q, k=5)
        times.append((time.perf_counter() - t) * 1000)
    return {"chunks": chunks, "ingest_s": round(ingest_s, 1), "retrieve": _stats(times), "peak_mb": _peak_mb()}


def work_recall(spec: dict) -> dict:
    """How much of an exact search's top 10 paragraphs Chroma's graph returns (equal scores are
    interchangeable), and how often it returns the exact best one: an approximate index can lose
    answers among repeated boilerplate without any error."""
    import numpy as np

    from index.config import Config
    from index.store import GET_PAGE
    from qa.pipeline import Pipeline

    pipeline = Pipeline(Config.from_env(index_dir=spec["index"]))
    store, retriever = pipeline.store, pipeline.retriever
    ids, vectors = [], []
    while True:
        got = store.paragraphs.get(include=["embeddings"], limit=GET_PAGE, offset=len(ids))
        if not len(got["ids"]):
            break
        ids += got["ids"]
        vectors.append(np.asarray(got["embeddings"], dtype=np.float32))
    matrix = np.vstack(vectors)
    row = {i: n for n, i in enumerate(ids)}
    recalls, best = [], []
    eps = 1e-5
    for q in spec["questions"]:
        v = store.space.centre([retriever.embed_query(q)])[0][0].astype(np.float32)
        sims = matrix @ v
        n = min(10, len(sims))
        tenth = np.sort(sims)[-n]
        got = sims[
            [row[i] for i in store.paragraphs.query(query_embeddings=[v.tolist()], n_results=n, include=[])["ids"][0]]
        ]
        above = int(np.sum(sims > tenth + eps))  # these must all be returned; ties fill the rest
        recalls.append((np.sum(got > tenth + eps) + min(np.sum(np.abs(got - tenth) <= eps), n - above)) / n)
        best.append(bool(got.max() >= sims.max() - eps))
    return {
        "recall_at_10": round(float(np.mean(recalls)), 3),
        "worst": round(float(min(recalls)), 2),
        "best_found": round(float(np.mean(best)), 3),
    }


WORKERS = {"ingest": work_ingest, "query": work_query, "baseline": work_baseline, "recall": work_recall}


def _run_worker(kind: str, spec: dict, env: dict) -> dict:
    r = subprocess.run(
        [sys.executable, "-m", "evals.bench", "--worker", kind, json.dumps(spec)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if r.returncode != 0:
        raise SystemExit(f"bench: the {kind} step failed: {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def cold_ask(index: Path, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", CHECK[0], "--index", str(index)],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return round(time.perf_counter() - t, 1)


# -- serving --------------------------------------------------------------------------------
def _serve(port: int, env: dict, index: Path | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)] + (["--index", str(index)] if index else [])
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def _ask_server(url: str, question: str) -> tuple[dict, float]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    t = time.perf_counter()
    answer = client.predict(question, None, api_name="/ask")
    return answer, (time.perf_counter() - t) * 1000


def serve_cold_start(index: Path, env: dict) -> dict:
    from ui.process import free_port, stop, wait_http

    port = free_port()
    t0 = time.perf_counter()
    proc = _serve(port, env, index)
    try:
        ready = wait_http(f"http://127.0.0.1:{port}", proc, timeout=300)
        answer, _ = _ask_server(f"http://127.0.0.1:{port}", CHECK[0])
        return {
            "ready_s": round(ready, 1),
            "first_answer_s": round(time.perf_counter() - t0, 1),
            "correct": answer.get("short_answer") == CHECK[1],
        }
    finally:
        stop(proc)


def scale_out(env: dict, processes: int, work: Path) -> dict:
    """Several `serve` processes on one `chroma run` server: every answer must be right."""
    from ui.process import free_port, start_chroma, stop, wait_http

    server, url = start_chroma(work / "chroma")
    env = dict(env, ARTICLE_QA_CHROMA_URL=url, ARTICLE_QA_INDEX=str(work / "local"))
    procs = []
    try:
        subprocess.run([sys.executable, "-m", "ui.cli", "ingest"], env=env, check=True, capture_output=True, cwd=ROOT)
        ports = [free_port() for _ in range(processes)]
        procs = [_serve(p, env) for p in ports]
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url, proc in zip(urls, procs):
            wait_http(url, proc, timeout=300)
        qs = [(url, q) for q in (CHECK[0], "Qui représentait le Niger ?") * 3 for url in urls]
        with ThreadPoolExecutor(len(urls)) as pool:
            results = list(pool.map(lambda uq: _ask_server(*uq), qs))
        return {
            "processes": processes,
            "answers": len(results),
            "correct": sum(a.get("short_answer") == CHECK[1] for a, _ in results),
            "ask_ms": _stats([ms for _, ms in results[len(urls) :]]),
        }
    finally:
        for p in procs:
            stop(p)
        stop(server)


# -- report ---------------------------------------------------------------------------------
def plot(rows: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [r["paragraphs"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for key, label, style in (("ask", "ask", "o-"), ("search", "search", "s-")):
        ax.plot(xs, [r["query"][key]["p50"] for r in rows], style, label=f"{label} p50")
        ax.plot(xs, [r["query"][key]["p95"] for r in rows], style, alpha=0.4, label=f"{label} p95")
    ax.plot(xs, [r["baseline"]["retrieve"]["p50"] for r in rows], "^--", label="vanilla retrieve p50")
    ax.set_xscale("log")
    ax.set_xlabel("paragraphs in the index")
    ax.set_ylabel("latency (ms, warm)")
    ax.set_title("article-qa latency against corpus size (2 CPU cores)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def ratios(row: dict) -> dict:
    b, q = row["baseline"], row["query"]
    return {
        "ingest_time": round(row["ingest"]["seconds"] / max(b["ingest_s"], 0.1), 2),
        "search_p50_vs_retrieve_p50": round(q["search"]["p50"] / b["retrieve"]["p50"], 2),
        "ask_p50_vs_retrieve_p50": round(q["ask"]["p50"] / b["retrieve"]["p50"], 2),
    }


def print_row(r: dict) -> None:
    i, q, b, d = r["ingest"], r["query"], r["baseline"], r["dense_recall"]
    print(
        f"{r['size']:>7} {r['paragraphs']:>7} para | ingest {i['paragraphs_per_s']:>5} para/s "
        f"(embed {i['embedding_share']:.0%}, {i['peak_mb']} MB) | cold ask {r['cold_ask_s']} s | "
        f"ask p50/p95 {q['ask']['p50']}/{q['ask']['p95']} ms | search {q['search']['p50']}/{q['search']['p95']} ms "
        f"({q['peak_mb']} MB) | dense recall@10 {d['recall_at_10']}, best found {d['best_found']} | "
        f"vanilla ingest {b['ingest_s']} s, retrieve {b['retrieve']['p50']}/{b['retrieve']['p95']} ms | "
        f"ratios {r['ratios']}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="seed,piaf,10000,100000", help="seed, piaf and paragraph counts")
    ap.add_argument("--questions", type=int, default=40)
    ap.add_argument("--serve-processes", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("out/bench"))
    ap.add_argument("--work", type=Path, help="keep corpora and indexes here (default: a temporary folder)")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="with --work: keep indexes built by an earlier run (its ingest figures are reused)",
    )
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "SPEC"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker[0]](json.loads(args.worker[1]))))
        return 0

    from index.config import Config

    cache = Config.from_env().cache_dir
    env = dict(os.environ)
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="aqa-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in args.sizes.split(","):
            paths, count = corpus_for(size, work / f"corpus-{size}", cache)
            spec = {
                "index": str(work / f"index-{size}"),
                "paths": [str(p) for p in paths],
                "questions": questions(size, args.questions),
            }
            row = {"size": size, "paragraphs": count, "files": len(paths)}
            saved = work / f"ingest-{size}.json"
            if args.reuse and saved.is_file():
                row["ingest"], built = json.loads(saved.read_text())
                refreshed = _run_worker("ingest", spec, env)  # a check, unless the index is out of date
                if refreshed["chunks_added"]:
                    row["ingest"] = refreshed
            else:
                shutil.rmtree(spec["index"], ignore_errors=True)
                shutil.rmtree(work / f"vanilla-{size}", ignore_errors=True)
                row["ingest"], built = _run_worker("ingest", spec, env), None
            row["cold_ask_s"] = cold_ask(Path(spec["index"]), env)
            row["query"] = _run_worker("query", spec, env)
            row["dense_recall"] = _run_worker("recall", spec, env)
            row["baseline"] = _run_worker("baseline", dict(spec, index=str(work / f"vanilla-{size}"), built=built), env)
            saved.write_text(json.dumps([row["ingest"], [row["baseline"]["chunks"], row["baseline"]["ingest_s"]]]))
            row["ratios"] = ratios(row)
            rows.append(row)
            print_row(row)
            (args.out / "bench.json").write_text(json.dumps({"rows": rows}, indent=1))
        result = {
            "rows": rows,
            "serve": serve_cold_start(Path(spec["index"]), env),  # the largest index
            "scale_out": scale_out(env, args.serve_processes, work / "scale-out"),
        }
    print(f"serve cold start (largest index): {result['serve']}")
    print(f"scale-out: {result['scale_out']}")
    (args.out / "bench.json").write_text(json.dumps(result, indent=1))
    plot(rows, args.out / "latency.png")
    print(f"wrote {args.out / 'bench.json'} and {args.out / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
