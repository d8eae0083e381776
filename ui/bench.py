"""UI benchmark: process start to server ready, page usable, answer visible after Enter (warm).

`make bench-ui` (or `python -m ui.bench [--runs N]`); uses the index at $ARTICLE_QA_INDEX, which
it fills with corpus/ first if it is empty, so "ready" is measured with an existing index.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .screenshot import FLAGS

QUESTIONS = ["Who represented Niger?", "Qui est le président malien ?", "When did the three countries leave ECOWAS?",
             "Combien de pays compte l'AES ?", "Who represented Burkina Faso?"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/bench/ui.json"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from index.config import DEFAULT_CORPUS, Config
    from index.ingest import Ingestor

    Ingestor(Config.from_env()).run([DEFAULT_CORPUS], progress=False)
    port = _port()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 300:
                    print("server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        ready_s = time.perf_counter() - t0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
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
                page.wait_for_function("() => !document.querySelector('#sources .progress-text, #chat .pending')",
                                       timeout=30_000)
                if i >= 1:  # the first answer warms caches
                    visible_ms.append((time.perf_counter() - t) * 1000)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    figures = {"server_ready_s": round(ready_s, 1), "page_usable_s": round(usable_s, 2),
               "answer_visible_p50_ms": round(statistics.median(visible_ms)),
               "answer_visible_max_ms": round(max(visible_ms))}
    for k, v in figures.items():
        print(f"{k:<24} {v}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
