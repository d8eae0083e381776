"""UI benchmark: process start to server ready, page usable, answer visible after Enter (warm).

`make bench-ui` (or `python -m ui.bench [--out FILE]`); ingests corpus/ into the index at
$ARTICLE_QA_INDEX first (unchanged articles add nothing), so "ready" is measured with an existing index.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from evals.bench_ingest import write_figures

from .process import CHROMIUM_FLAGS, chromium_path, free_port, stop, wait_http

QUESTIONS = [
    "Who represented Niger?",
    "Qui est le président malien ?",
    "When did the three countries leave ECOWAS?",
    "Combien de pays compte l'AES ?",
    "Who represented Burkina Faso?",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/bench/ui.json"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from index.config import DEFAULT_CORPUS, Config
    from index.ingest import Ingestor

    Ingestor(Config.from_env()).run([DEFAULT_CORPUS], progress=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready_s = wait_http(url, proc, timeout=300)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(url, wait_until="load")
            page.locator("#question textarea").wait_for()
            usable_s = time.perf_counter() - t
            visible_ms = []
            for i, q in enumerate(QUESTIONS * 2):
                box = page.locator("#question textarea")
                box.fill(q)
                t = time.perf_counter()
                box.press("Enter")
                page.locator("#chat .message-row, #chat [data-testid=bot]").nth(2 * i + 1).wait_for(timeout=30_000)
                page.wait_for_function(
                    "() => !document.querySelector('#sources .progress-text, #chat .pending')", timeout=30_000
                )
                if i >= 1:  # the first answer warms caches
                    visible_ms.append((time.perf_counter() - t) * 1000)
            browser.close()
    finally:
        stop(proc)
    figures = {
        "server_ready_s": round(ready_s, 1),
        "page_usable_s": round(usable_s, 2),
        "answer_visible_p50_ms": round(statistics.median(visible_ms)),
        "answer_visible_max_ms": round(max(visible_ms)),
    }
    write_figures(figures, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
