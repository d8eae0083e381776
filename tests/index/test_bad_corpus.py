"""Issue 20 item 4: a folder of bad files beside good ones, through the real CLI in a new process."""

import shutil
import tempfile
from pathlib import Path

from evals import bad_corpus


def test_every_bad_file_gets_one_line_and_every_good_article_is_ingested():
    root = Path(tempfile.mkdtemp(prefix="bad-corpus-"))
    root.chmod(0o755)  # run as root, the ingest runs as `nobody`: it must reach the folder
    try:
        r = bad_corpus.run(root / "corpus", root / "state" / "index")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert r["bad"] >= 30
    assert r["missed"] == {}, r["stderr_tail"]
    assert r["rejected_in_one_line"] == r["bad"]
    assert r["good_ingested"] == r["good"] and r["unexpected_ids"] == []
    assert r["status"] == 2 and not r["traceback"]
    assert r["error_lines"] == r["bad"]  # nothing else complained
