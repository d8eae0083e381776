"""The index folder's file system: writable at start, room before an ingest writes, a full disk in one line.

Chroma's embedded store writes to its SQLite file even to open it, so a read-only index folder is
reported when a command starts rather than as a database error at the first query. An ingest that
would not fit is refused before it writes; one that fills the disk anyway stops at the article it
was writing, and what it wrote before is complete (the recovery rule of index/ingest.py). Each group
of articles is written only while the disk keeps that reserve free, so an ingest stops cleanly
before Chroma meets a full disk: its graph files do not survive one.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path

# Index bytes per new paragraph (Chroma's SQLite, both graphs, the word vectors), measured on PIAF:
# 17 MB for 169 paragraphs. Kept free besides: a margin for SQLite's journal and the graph files.
BYTES_PER_PARAGRAPH = 110_000
HEADROOM = 8 * 1024 * 1024


class StorageError(RuntimeError):
    """The index folder cannot take the write: read-only, or its disk full (one line)."""


def check_writable(index_dir: Path) -> None:
    try:
        Path(index_dir).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=index_dir):
            pass
    except OSError as e:
        raise StorageError(
            f"{index_dir}: the index folder is not writable ({e.strerror or e}); article-qa writes there "
            "even to answer (Chroma's database): use a writable folder (ARTICLE_QA_INDEX)"
        ) from None


def _graph_bytes(index_dir: Path) -> int:
    """Chroma rewrites a graph's files when it syncs them: a disk full then corrupts the graph (seen)."""
    chroma = Path(index_dir) / "chroma"
    return sum(f.stat().st_size for f in chroma.glob("*/*") if f.is_file()) if chroma.is_dir() else 0


def shortfall(index_dir: Path, new_paragraphs: int) -> str | None:
    """Why `new_paragraphs` would not fit with the reserve kept free, or None when they would."""
    if not new_paragraphs:
        return None
    need = new_paragraphs * BYTES_PER_PARAGRAPH + HEADROOM + _graph_bytes(index_dir)
    free = shutil.disk_usage(index_dir).free
    if need <= free:
        return None
    return f"not enough free space for {new_paragraphs} new paragraphs ({need / 2**20:.0f} MB needed, {free / 2**20:.0f} MB free)"


def check_room(index_dir: Path, new_paragraphs: int) -> None:
    problem = shortfall(index_dir, new_paragraphs)
    if problem:
        raise StorageError(f"{index_dir}: {problem}; nothing was written")


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from Python, or SQLite's "database or disk is full" as Chroma reports it."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text
