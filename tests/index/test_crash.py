"""Crash consistency: one writer per index, `check` and `--repair`, and an ingest killed with
SIGKILL finished by the next one (real processes, real Chroma)."""

import random
import signal
import subprocess
import sys
import time

from index.lock import writer_lock
from tests.conftest import CORPUS


def cli(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_a_second_writer_exits_2_with_one_line_or_waits(cli_env, tmp_path):
    index = tmp_path / "cli-index"
    lock = writer_lock(index)
    lock.acquire()
    try:
        r = cli(cli_env, "ingest", "--no-wait", str(CORPUS))
        assert r.returncode == 2
        [line] = r.stderr.strip().splitlines()
        assert "another ingest is writing this index" in line and str(index) in line
        waiting = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ingest", str(CORPUS)],
            env=cli_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert waiting.poll() is None  # it waits for the lock
    finally:
        lock.release()
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0 and "waiting for it to finish" in err
    assert cli(cli_env, "check").returncode == 0


def test_check_names_what_an_interrupted_ingest_left_and_repair_clears_it(cli_env):
    from index.config import Config
    from index.store import Store

    assert cli(cli_env, "ingest", str(CORPUS)).returncode == 0
    ok = cli(cli_env, "check")
    assert ok.returncode == 0 and ok.stdout.strip().endswith("ok") and "1 articles, 10 paragraph chunks" in ok.stdout
    store = Store(Config.from_env(index_dir=cli_env["ARTICLE_QA_INDEX"]))
    article = next(iter(store.manifest()))
    store.delete_manifest(article)  # as if killed between the chunks and the manifest entry
    bad = cli(cli_env, "check")
    assert bad.returncode == 1 and f"{article}: 10 chunks of an article the manifest does not list" in bad.stderr
    assert all(len(line) < 200 for line in bad.stderr.splitlines())
    fixed = cli(cli_env, "check", "--repair")
    assert fixed.returncode == 0 and "repair:" in fixed.stderr
    assert cli(cli_env, "ingest", str(CORPUS)).returncode == 0
    assert cli(cli_env, "check").returncode == 0


def test_an_ingest_killed_at_a_random_moment_is_finished_by_the_next(cli_env):
    """SIGKILL during start-up, embedding or writing: the next ingest completes the index and
    `check` finds nothing lost or duplicated; one article survives the process's exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(CORPUS)],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(random.uniform(2.0, 12.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    again = cli(cli_env, "ingest", str(CORPUS))
    assert again.returncode == 0, again.stderr
    checked = cli(cli_env, "check")  # a new process: what the killed one and this one wrote is on disk
    assert checked.returncode == 0, checked.stderr
    assert "1 articles, 10 paragraph chunks" in checked.stdout
    answer = cli(cli_env, "ask", "Who represented Niger?")
    assert "Bakary Yaou Sangare" in answer.stdout
