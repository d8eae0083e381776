"""Load: concurrent chat sessions through `gradio_client` against a real `serve`, then a soak.

`make load` (or `python -m evals.load [--sessions 50] [--soak 600] [--concurrency 1 2]`): for each
queue concurrency, N sessions of ten questions each (follow-ups included, each session its own
conversation) at once; every answer must equal the one the same session gets alone (same rewritten
query, same short answer): a difference is a history leak or a race. Then a soak at the chosen
setting, the server's resident memory sampled. Figures: out/load/load.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evals.bench_ingest import write_figures
from ui.process import free_port, stop, wait_http

# Five conversations of ten turns; the follow-ups ("And Niger's?", "Quand doit-il...") can only be
# rewritten from their own session's earlier turns, and each conversation names different people.
CONVERSATIONS = [
    ["Who is Mali's foreign minister?", "And Niger's?", "Who represented Niger?", "What did he say about the meeting?",
     "Combien de pays compte l'AES ?", "Quand l'AES a-t-elle été formée ?", "Who is the president of France?",
     "Where did the meeting take place?", "Qui est Sergueï Lavrov ?", "What did he praise?"],
    ["Qui est le président malien ?", "Quand doit-il aller à Moscou ?", "Who represented Burkina Faso?",
     "Which countries make up the AES?", "When did they leave ECOWAS?", "Pourquoi ont-ils quitté la CEDEAO ?",
     "Qui est le ministre des Affaires étrangères du Mali ?", "Et celui du Niger ?", "Is Wagner present in Africa?",
     "Quel groupe a remplacé Wagner ?"],
    ["Who represented Niger?", "Qui est le ministre des Affaires étrangères du Burkina Faso ?",
     "What does Russia supply to the Sahel countries?", "Quand la rencontre a-t-elle eu lieu ?",
     "Who is Russia's foreign minister?", "What did he welcome?", "When will the Malian president visit Moscow?",
     "Who is he?", "Qui a représenté le Niger ?", "Qu'a-t-il dit ?"],
    ["When was the AES formed?", "Which former colonial power did it distance itself from?",
     "Who is the president of Mali?", "When will he go to Moscow?", "Qui est Abdoulaye Diop ?",
     "De quel pays est-il ministre ?", "Who represented Burkina Faso?", "Where did the ministers meet?",
     "Combien de pays compte l'AES ?", "Which ones?"],
    ["Qui est Bakary Yaou Sangare ?", "Qu'a-t-il souligné ?", "Who is Mali's foreign minister?", "And Niger's?",
     "Where is the Africa Corps active?", "Who did it replace?", "Quand la réunion s'est-elle tenue ?",
     "Who hosted it?", "Who is the president of France?", "Qui est le président malien ?"],
]  # fmt: skip


def converse(client, questions: list[str]) -> list[tuple[str, str | None, float]]:
    """(rewritten query, short answer, seconds) per turn; the history is this session's own turns."""
    history, out = [], []
    for q in questions:
        t = time.perf_counter()
        a = client.predict(q, history, api_name="/ask")
        out.append((a["query"], a["short_answer"], time.perf_counter() - t))
        history.append({"question": a["query"], "answer": a["short_answer"] or a["answer"]})
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start(concurrency: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, ARTICLE_QA_CONCURRENCY=str(concurrency))
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    wait_http(url, proc, timeout=300)
    return proc, url


def burst(url: str, sessions: int, expected: list) -> dict:
    from gradio_client import Client

    errors, leaks, latencies = [], 0, []

    def one(i: int):
        try:
            got = converse(Client(url, verbose=False), CONVERSATIONS[i % len(CONVERSATIONS)])
        except Exception as e:  # counted, not raised: the figure is how many failed
            errors.append(f"session {i}: {e.__class__.__name__}: {e}")
            return
        nonlocal leaks
        leaks += sum((q, s) != want for (q, s, _), want in zip(got, expected[i % len(CONVERSATIONS)]))
        latencies.extend(seconds * 1000 for *_, seconds in got)

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        list(pool.map(one, range(sessions)))
    wall = time.perf_counter() - t
    return {
        "sessions": sessions,
        "answers": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "answers_differing_from_alone": leaks,
        "p50_ms": round(statistics.median(latencies)) if latencies else None,
        "p95_ms": round(statistics.quantiles(latencies, n=20)[-1]) if len(latencies) > 1 else None,
        "answers_per_s": round(len(latencies) / wall, 2),
    }


def soak(url: str, pid: int, seconds: float, sessions: int, expected: list) -> dict:
    from gradio_client import Client

    stop_at = time.monotonic() + seconds
    counts = {"answers": 0, "errors": 0, "differing": 0}
    lock = threading.Lock()

    def loop(i: int):
        client = Client(url, verbose=False)
        while time.monotonic() < stop_at:
            try:
                got = converse(client, CONVERSATIONS[i % len(CONVERSATIONS)])
                wrong = sum((q, s) != want for (q, s, _), want in zip(got, expected[i % len(CONVERSATIONS)]))
                with lock:
                    counts["answers"] += len(got)
                    counts["differing"] += wrong
            except Exception:  # counted
                with lock:
                    counts["errors"] += 1

    samples = []
    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(sessions)]
    for t in threads:
        t.start()
    while time.monotonic() < stop_at:
        samples.append(round(rss_mb(pid), 1))
        time.sleep(10)
    for t in threads:
        t.join()
    third = max(1, len(samples) // 3)
    return counts | {
        "seconds": seconds,
        "rss_mb_first_third_mean": round(statistics.mean(samples[:third]), 1),
        "rss_mb_last_third_mean": round(statistics.mean(samples[-third:]), 1),
        "rss_mb_max": max(samples),
        "rss_samples_mb": samples,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.load", description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4], help="queue settings to compare")
    ap.add_argument("--soak", type=float, default=600, help="seconds of soak at the best setting (0: none)")
    ap.add_argument("--out", type=Path, default=Path("out/load/load.json"))
    args = ap.parse_args(argv)
    from gradio_client import Client

    from index.config import DEFAULT_CORPUS, Config
    from index.ingest import Ingestor

    Ingestor(Config.from_env()).run([DEFAULT_CORPUS], progress=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figures: dict = {"bursts": {}}
    for n in args.concurrency:
        proc, url = start(n, args.out.parent / f"serve-{n}.log")
        try:
            alone = [[(q, s) for q, s, _ in converse(Client(url, verbose=False), c)] for c in CONVERSATIONS]
            figures["bursts"][n] = burst(url, args.sessions, alone)
            print(f"concurrency {n}: {figures['bursts'][n]}", file=sys.stderr)
            clean = [
                k for k, b in figures["bursts"].items() if not b["errors"] and not b["answers_differing_from_alone"]
            ]
            best = min(clean or figures["bursts"], key=lambda k: figures["bursts"][k]["p95_ms"] or 1e9)
            if args.soak and n == args.concurrency[-1]:
                if best != n:
                    stop(proc)
                    proc, url = start(best, args.out.parent / f"serve-{best}.log")
                    alone = [[(q, s) for q, s, _ in converse(Client(url, verbose=False), c)] for c in CONVERSATIONS]
                figures["soak"] = {"concurrency": best} | soak(url, proc.pid, args.soak, 10, alone)
        finally:
            stop(proc)
    write_figures(figures, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
