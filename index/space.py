"""The retrieval space: e5 vectors centred on a fixed mean and renormalised.

e5's vectors lie in a narrow cone (any two texts score 0.7-0.9), and short generic passages (a
heading, a file path) sit near its axis, where they outscore answers to short questions in a large
mixed corpus (hubness). Taking away the mean of a broad sample, XQuAD's contexts in 12 languages
(`python -m evals.space_mean`), before the cosine spreads the cone (docs/experiments.md). A fixed
mean, not the corpus's own, so that stored vectors never need recomputing as the corpus grows,
and a small corpus about one subject is not centred on its own subject.

Only e5 (the default model) is centred; another model's vectors are stored as they come. The raw
cosine, on which the answerer's sentence scores were tuned, stays exact: a stored unit vector c,
with n the norm of (d - mean), gives back d = n c + mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import Config

MEAN_FILE = Path(__file__).with_name("e5_mean.npy")
CENTRED = "e5-centred-1"  # recorded on the collections; a change means the stored vectors must be rebuilt
RAW = "raw"


@lru_cache(maxsize=1)
def _mean() -> np.ndarray:
    return np.load(MEAN_FILE).astype(np.float32)


@dataclass(frozen=True)
class Space:
    name: str
    mean: np.ndarray | None

    def centre(self, vectors) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of the retrieval space, with the norms that recover the raw ones."""
        v = np.asarray(vectors, dtype=np.float32)
        if self.mean is not None:
            v = v - self.mean
        norms = np.linalg.norm(v, axis=-1)
        return v / np.maximum(norms, 1e-12)[..., None], norms

    def raw_cosines(self, query, centred, norms) -> np.ndarray:
        """Cosines of a raw (unit) query vector with the raw vectors behind stored centred ones."""
        q = np.asarray(query, dtype=np.float32)
        c = np.asarray(centred, dtype=np.float32)
        if self.mean is None:
            return c @ q
        return np.asarray(norms, dtype=np.float32) * (c @ q) + float(self.mean @ q)


def space_for(cfg: Config) -> Space:
    return Space(CENTRED, _mean()) if cfg.embed_model is None else Space(RAW, None)
