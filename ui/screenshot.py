"""Write a screenshot of a real answer (for the README): `python -m ui.screenshot docs/screenshot.png`."""

from __future__ import annotations

import os
import subprocess
import sys

from .process import CHROMIUM_FLAGS, chromium_path, free_port, stop, wait_http


def main(out: str = "docs/screenshot.png", question: str = "Who represented Niger?") -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url, proc, timeout=300)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
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
        stop(proc)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
