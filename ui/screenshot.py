"""Write a screenshot of a real answer (for the README): `python -m ui.screenshot docs/screenshot.png`."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(out: str = "docs/screenshot.png", question: str = "Who represented Niger?") -> int:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(360):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    return 1
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url, wait_until="load")
            box = page.locator("#question textarea")
            box.fill(question)
            box.press("Enter")
            page.locator("#sources strong.answer").wait_for(timeout=60_000)
            os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
            page.screenshot(path=out, full_page=True)
            browser.close()
        print(f"wrote {out}")
        return 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
