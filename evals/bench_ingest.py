"""Ingest benchmark: model build time, paragraphs/s and sentences/s, embedding share, peak memory.

`make bench-ingest` (or `python -m evals.bench_ingest [--out FILE]`). It builds the e5 folder into a
fresh cache and ingests PIAF dev's 399 paragraphs into a fresh index, so nothing is reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

PIAF = Path(__file__).parent / "data" / "piaf" / "piaf-v1.0-dev.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/bench/ingest.json"))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    from index.config import Config
    from index.e5_build import ensure_model
    from index.ingest import Ingestor

    from .squad import squad_to_corpus

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        ensure_model(tmp / "cache")
        build_s = time.perf_counter() - t
        corpus, _ = squad_to_corpus(PIAF, tmp / "corpus", lang="fr")
        cfg = Config(index_dir=tmp / "index", cache_dir=tmp / "cache", threads=args.threads)
        t = time.perf_counter()
        report = Ingestor(cfg).run([corpus], progress=False)
        ingest_s = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "model_build_s": round(build_s, 1),
        "paragraphs": report.paragraphs,
        "sentences": report.sentences,
        "ingest_s": round(ingest_s, 1),
        "paragraphs_per_s": round(report.paragraphs / ingest_s, 1),
        "sentences_per_s": round(report.sentences / ingest_s, 1),
        "embedding_share": round(report.embed_seconds / ingest_s, 2),
        "words_embedded": report.words_added,
        "peak_memory_mb": round(peak_mb),
        "threads": args.threads,
    }
    write_figures(figures, args.out)
    return 0


def write_figures(figures: dict, out: Path) -> None:
    """Print a benchmark's figures one a line and keep them as JSON."""
    width = max(len(k) for k in figures) + 2
    for k, v in figures.items():
        print(f"{k:<{width}}{v}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    sys.exit(main())
