"""Helpers to run local servers and a headless browser: free ports, readiness, `chroma run`, chromium flags."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Flags that keep Debian's chromium offline and quiet (docs/stack-notes.md).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """`ARTICLE_QA_CHROMIUM`, else Debian's `chromium` (`make test` installs it)."""
    return os.environ.get("ARTICLE_QA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float) -> float:
    """Seconds until `url` answers; raises RuntimeError if the process dies or time runs out."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            urllib.request.urlopen(url, timeout=2)
            return time.perf_counter() - t0
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with status {proc.returncode}") from None
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_chroma(data: Path, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """A real `chroma run` server over the folder `data` on a free loopback port: (process, URL)
    once its heartbeat answers."""
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma") or "chroma"
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/api/v2/heartbeat", proc, timeout=timeout)
    except RuntimeError:
        stop(proc)
        raise
    return proc, url
