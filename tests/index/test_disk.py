"""Issue 20 item 5: a full disk and a read-only index folder, on real small file systems.

Each case mounts a tmpfs in a mount namespace of its own (`unshare -m`; `-r` when not root), copies
the seed index there and runs the real CLI: one line, exit 2, no traceback, the index as before.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from evals.squad import squad_to_corpus
from index.config import DEFAULT_CORPUS

PIAF = DEFAULT_CORPUS.parent / "evals" / "data" / "piaf" / "piaf-v1.0-dev.json"


def _in_namespace(script: str, env: dict) -> subprocess.CompletedProcess:
    unshare = shutil.which("unshare")
    if not unshare:
        pytest.skip("needs util-linux unshare to mount a small file system")
    cmd = [unshare, "-m"] if os.geteuid() == 0 else [unshare, "-rm"]
    proc = subprocess.run([*cmd, "bash", "-c", script], capture_output=True, text=True, env=env, timeout=600)
    if "mount: " in proc.stderr and "permission denied" in proc.stderr.lower():
        pytest.skip("this machine does not allow a tmpfs mount in a namespace")
    return proc


def _script(mount: str, index_src, size: str, body: str, read_only: bool = False) -> str:
    cli = f"{sys.executable} -m ui.cli"
    ro = f"mount -o remount,ro {mount}\n" if read_only else ""
    return (
        f"set -u\nmkdir -p {mount}\nmount -t tmpfs -o size={size} tmpfs {mount}\n"
        f"cp -a {index_src} {mount}/index\n{ro}export ARTICLE_QA_INDEX={mount}/index\n" + body.replace("CLI", cli)
    )


def _sections(stdout: str) -> dict[str, str]:
    out, key = {}, None
    for line in stdout.splitlines():
        if line.startswith("== "):
            key = line[3:]
            out[key] = ""
        elif key:
            out[key] += line + "\n"
    return out


def test_an_ingest_that_would_not_fit_is_refused_and_the_index_answers_as_before(seed_config, cli_env, tmp_path):
    corpus, _ = squad_to_corpus(PIAF, tmp_path / "piaf", limit=None)
    lines = corpus.read_text(encoding="utf-8").splitlines()[:40]
    (tmp_path / "piaf40.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    body = (
        f"echo '== ingest'; CLI ingest {tmp_path}/piaf40.jsonl 2>&1; echo \"status $?\"\n"
        "echo '== check'; CLI check 2>&1; echo \"status $?\"\n"
        "echo '== ask'; CLI ask 'Who represented Niger?' --json 2>&1\n"
    )
    proc = _in_namespace(_script(str(tmp_path / "mnt"), seed_config.index_dir, "4m", body), cli_env)
    got = _sections(proc.stdout)
    assert "not enough free space" in got["ingest"] and "nothing was written" in got["ingest"], proc.stdout
    assert got["ingest"].strip().endswith("status 2") and len(got["ingest"].strip().splitlines()) == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert got["check"].startswith("1 articles") and got["check"].strip().endswith("status 0")
    assert json.loads(got["ask"])["short_answer"] == "Bakary Yaou Sangare"


def test_a_read_only_index_is_reported_at_start_in_one_line(seed_config, cli_env, tmp_path):
    body = "".join(
        f"echo '== {name}'; timeout 120 CLI {args} 2>&1; echo \"status $?\"\n"
        for name, args in [
            ("ask", "ask 'Who represented Niger?'"),
            ("ingest", f"ingest {DEFAULT_CORPUS}"),
            ("check", "check"),
            ("serve", "serve --port 0"),
        ]
    )
    proc = _in_namespace(_script(str(tmp_path / "mnt"), seed_config.index_dir, "8m", body, read_only=True), cli_env)
    got = _sections(proc.stdout)
    assert set(got) == {"ask", "ingest", "check", "serve"}, proc.stdout + proc.stderr
    for name, out in got.items():
        lines = out.strip().splitlines()
        assert len(lines) == 2 and "the index folder is not writable" in lines[0], (name, out)
        assert lines[1] == "status 2", (name, out)
