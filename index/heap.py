"""Keep a long ingest's heap from growing (glibc; elsewhere these calls do nothing).

ONNX Runtime, the tokenizer and Chroma allocate from several threads, and glibc gives threads
up to eight arenas per core whose freed memory stays with the process; batches of varying shape
leave holes in them. Two arenas, and the free pages handed back after each group of articles,
keep the ingest's resident memory near what it holds (see the README's benchmark section).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)


@lru_cache(maxsize=1)
def _glibc():
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        lib.mallopt, lib.malloc_trim  # noqa: B018  (glibc's; absent from other C libraries)
    except (OSError, AttributeError):
        return None
    return lib


def limit_arenas(arenas: int = 2) -> None:
    """For the threads that allocate from now on: the whole process, set once by an ingest."""
    lib = _glibc()
    if lib is not None:
        lib.mallopt(M_ARENA_MAX, arenas)


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (a few milliseconds)."""
    lib = _glibc()
    if lib is not None:
        lib.malloc_trim(0)
