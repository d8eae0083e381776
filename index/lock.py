"""One writer per index. Every ingest and removal (CLI, uploads, eval) holds a file lock in the
index folder: Chroma's embedded store is not safe for concurrent writers on one path (its docs),
and two writers on one `chroma run` server would interleave their manifest entries. Readers
(`ask`, `serve`) take no lock. The OS drops the lock with the process, so a killed ingest never
leaves the index locked."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .storage import check_writable

LOCK_NAME = ".writer.lock"


class IndexBusy(RuntimeError):
    """Another process is writing this index and we were told not to wait (one line)."""


def writer_lock(index_dir: Path) -> FileLock:
    """The index's writer lock (reentrant within one instance)."""
    check_writable(index_dir)
    return FileLock(str(Path(index_dir) / LOCK_NAME))


@contextmanager
def holding(lock: FileLock, index_dir: Path, wait: bool) -> Iterator[None]:
    """Hold the lock; if another process holds it, say so in one line and wait, or raise IndexBusy."""
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise IndexBusy(
                f"{index_dir}: another ingest is writing this index; try again when it has finished"
            ) from None
        print(
            f"{index_dir}: another ingest is writing this index; waiting for it to finish", file=sys.stderr, flush=True
        )
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
