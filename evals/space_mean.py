"""Recompute index/e5_mean.npy, the centre of the retrieval space (see index/space.py).

The mean of e5's document vectors over XQuAD's contexts in all 12 languages: a broad, multilingual
sample that none of the evaluation corpora is drawn from. Embedded as ingest embeds documents (the
configured CPU backend), so the centre sits where stored vectors do. About 4 minutes on 2 cores.
Changing the file changes the stored vectors' space: bump `index.space.CENTRED` with it, so that
existing indexes are rebuilt rather than searched with mismatched queries.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from index.config import Config
from index.embedding import bulk_encoder, embed_texts, prompt
from index.space import MEAN_FILE

from .reader_data import XQUAD


def contexts() -> list[str]:
    return [
        p["context"]
        for f in sorted(XQUAD.glob("xquad.*.json"))
        for a in json.loads(f.read_text(encoding="utf-8"))["data"]
        for p in a["paragraphs"]
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.space_mean", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(MEAN_FILE))
    args = ap.parse_args(argv)
    cfg = Config.from_env()
    texts = contexts()
    vectors = np.asarray(embed_texts(bulk_encoder(cfg), texts, prompt(cfg, "document")), np.float32)
    np.save(args.out, vectors.mean(axis=0))
    print(f"mean of {len(texts)} XQuAD contexts written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
